# The heap's compile-time choices: the profile and its features, the policy defaults and
# the free-list table (README "Allocator profiles" and "Heap policy flags").
#
#   TIDE_PROFILE            minimal | board | full (boards default to board, the host to full)
#   TIDE_FEATURE_<NAME>     overrides one feature of the profile: ON/OFF (CHECKS: NONE,
#                           CHEAP or FULL); empty keeps the profile's. The names are the
#                           rows of TIDE_HEAP_FEATURE_TABLE in alloc/include/tide/heap_features.h,
#                           read from there: that table is the only list of features.
#   TIDE_GRANULARITY, ...   the policy's compile-time defaults (every profile; settable at run
#                           time only with the runtime_policy feature): one per row of
#                           TIDE_HEAP_OPTION_TABLE in alloc/include/tide/heap_types.h, whose
#                           two default columns (board, host) are the defaults here
#   TIDE_MAX_BLOCK_LOG2     blocks stay below 2^N bytes: the size of the free-list table. On a
#                           board, derived from its largest process block (TIDE_APP_SLOT_SIZE).
#
# tide_write_heap_config(<include dir> PROFILE <p> [OVERRIDES] [FEATURES_OUT <var>])
#   writes <include dir>/tide/heap_config.h for one alloc library variant: the policy
#   defaults, the table size and TIDE_HAS_<NAME> for each feature (the profile's column,
#   with the TIDE_FEATURE_* overrides when OVERRIDES is given). FEATURES_OUT receives the
#   variant's features as a list of NAME=value, for the alloc library's source list.

# ---- the feature table -------------------------------------------------------------------
file(READ "${CMAKE_CURRENT_LIST_DIR}/../alloc/include/tide/heap_features.h" _tide_header)
string(REGEX MATCHALL "\n  X\\([a-z_]+, [A-Z_]+, [0-9], [0-9], [0-9]," _tide_rows "${_tide_header}")
set(TIDE_HEAP_FEATURE_NAMES "")
foreach(_row IN LISTS _tide_rows)
  string(REGEX MATCH "X\\(([a-z_]+), ([A-Z_]+), ([0-9]), ([0-9]), ([0-9])," _ "${_row}")
  list(APPEND TIDE_HEAP_FEATURE_NAMES ${CMAKE_MATCH_2})
  set(_tide_feature_minimal_${CMAKE_MATCH_2} ${CMAKE_MATCH_3})
  set(_tide_feature_board_${CMAKE_MATCH_2} ${CMAKE_MATCH_4})
  set(_tide_feature_full_${CMAKE_MATCH_2} ${CMAKE_MATCH_5})
endforeach()
if(NOT TIDE_HEAP_FEATURE_NAMES)
  message(FATAL_ERROR "TideHeapOptions: no rows in the feature table of heap_features.h")
endif()

# ---- profile and feature overrides -------------------------------------------------------
if(TIDE_BOARD)
  set(_profile board)
else()
  set(_profile full)
endif()
set(TIDE_PROFILE ${_profile} CACHE STRING "Allocator profile: minimal, board or full")
set_property(CACHE TIDE_PROFILE PROPERTY STRINGS minimal board full)
if(NOT TIDE_PROFILE MATCHES "^(minimal|board|full)$")
  message(FATAL_ERROR "TIDE_PROFILE must be minimal, board or full (not '${TIDE_PROFILE}')")
endif()
foreach(_name IN LISTS TIDE_HEAP_FEATURE_NAMES)
  set(TIDE_FEATURE_${_name} "" CACHE STRING
      "Override the profile's ${_name} feature (ON/OFF; CHECKS: NONE/CHEAP/FULL; empty: the profile's)")
endforeach()

# ---- policy defaults: the rows of TIDE_HEAP_OPTION_TABLE (alloc/include/tide/heap_types.h)
# Each row names an option and its defaults on a board and on the host; each becomes the
# cache variable TIDE_<NAME> (an option() for a FLAG) and the line TIDE_DEFAULT_<NAME> of
# every variant's heap_config.h.
file(READ "${CMAKE_CURRENT_LIST_DIR}/../alloc/include/tide/heap_types.h" _tide_types)
set(_tide_option_row_regex
    "X\\(([a-z_]+), +([A-Z_]+), +([0-9]+), +([A-Z0-9_]+), +([a-z0-9_]+), +([0-9]+), +([0-9]+)\\)")
string(REGEX MATCHALL "${_tide_option_row_regex}" _tide_option_rows "${_tide_types}")
set(TIDE_HEAP_OPTION_NAMES "")
foreach(_row IN LISTS _tide_option_rows)
  string(REGEX MATCH "${_tide_option_row_regex}" _ "${_row}")
  set(_name ${CMAKE_MATCH_2})
  set(_kind ${CMAKE_MATCH_4})
  if(TIDE_BOARD)
    set(_default ${CMAKE_MATCH_6})
  else()
    set(_default ${CMAKE_MATCH_7})
  endif()
  list(APPEND TIDE_HEAP_OPTION_NAMES ${_name})
  set(_tide_option_kind_${_name} ${_kind})
  if(_kind STREQUAL "FLAG")
    if(_default)
      option(TIDE_${_name} "Heap policy default: ${CMAKE_MATCH_1} (tide/heap_types.h)" ON)
    else()
      option(TIDE_${_name} "Heap policy default: ${CMAKE_MATCH_1} (tide/heap_types.h)" OFF)
    endif()
  else()
    set(TIDE_${_name} ${_default} CACHE STRING
        "Heap policy default: ${CMAKE_MATCH_1} (${_kind}; tide/heap_types.h)")
  endif()
endforeach()
if(NOT TIDE_HEAP_OPTION_NAMES)
  message(FATAL_ERROR "TideHeapOptions: no rows in the option table of heap_types.h")
endif()

# ---- the free-list table -----------------------------------------------------------------
if(TIDE_BOARD)
  # The largest process block of the board is an app slot: blocks stay below it.
  math(EXPR _slot "${TIDE_APP_SLOT_SIZE}")
  set(_max_block_log2 0)
  while(_slot GREATER 1)
    math(EXPR _slot "${_slot} >> 1")
    math(EXPR _max_block_log2 "${_max_block_log2} + 1")
  endwhile()
  set(_second_level_log2 1)
else()
  set(_max_block_log2 40)
  set(_second_level_log2 2)
endif()
set(TIDE_MAX_BLOCK_LOG2 ${_max_block_log2} CACHE STRING
    "Largest block is below 2^N bytes; sets the size of the free-list table")
set(TIDE_SECOND_LEVEL_LOG2 ${_second_level_log2} CACHE STRING
    "log2 of free lists per power of two (1..5)")

function(_tide_bool_value out value)
  if(value)
    set(${out} 1 PARENT_SCOPE)
  else()
    set(${out} 0 PARENT_SCOPE)
  endif()
endfunction()

function(tide_write_heap_config dir)
  cmake_parse_arguments(CFG "OVERRIDES" "PROFILE;FEATURES_OUT" "" ${ARGN})
  set(features "")
  set(has_lines "")
  foreach(name IN LISTS TIDE_HEAP_FEATURE_NAMES)
    set(value ${_tide_feature_${CFG_PROFILE}_${name}})
    if(CFG_OVERRIDES AND NOT "${TIDE_FEATURE_${name}}" STREQUAL "")
      set(override "${TIDE_FEATURE_${name}}")
      string(TOUPPER "${override}" override)
      if(name STREQUAL "CHECKS" AND override MATCHES "^(NONE|CHEAP|FULL|0|1|2)$")
        string(REGEX REPLACE "^NONE$" "0" override "${override}")
        string(REGEX REPLACE "^CHEAP$" "1" override "${override}")
        string(REGEX REPLACE "^FULL$" "2" override "${override}")
        set(value ${override})
      elseif(NOT name STREQUAL "CHECKS" AND override MATCHES "^(ON|OFF|YES|NO|TRUE|FALSE|1|0)$")
        _tide_bool_value(value ${override})
      else()
        message(FATAL_ERROR "TIDE_FEATURE_${name}='${TIDE_FEATURE_${name}}' is not a value it takes")
      endif()
    endif()
    set(has_${name} ${value})
    list(APPEND features "${name}=${value}")
    string(APPEND has_lines "#define TIDE_HAS_${name} ${value}\n")
  endforeach()
  if(has_CHECKS EQUAL 2 AND NOT has_INSPECTION)
    message(FATAL_ERROR "TIDE_FEATURE_CHECKS=FULL walks the heap: it needs INSPECTION")
  endif()
  # The policy defaults, each as its kind says; a policy asks for no more than the
  # variant has (the check level at most its checks, no poisoning without poisoning).
  set(default_lines "")
  foreach(name IN LISTS TIDE_HEAP_OPTION_NAMES)
    if(_tide_option_kind_${name} STREQUAL "FLAG")
      _tide_bool_value(value ${TIDE_${name}})
    elseif(_tide_option_kind_${name} STREQUAL "LEVEL")
      set(value ${TIDE_${name}})
    else()
      set(value "${TIDE_${name}}u")
    endif()
    if(name STREQUAL "CHECK" AND value GREATER has_CHECKS)
      set(value ${has_CHECKS})
    elseif(name STREQUAL "POISON" AND NOT has_POISONING)
      set(value 0)
    endif()
    string(APPEND default_lines "#define TIDE_DEFAULT_${name} ${value}\n")
  endforeach()
  file(CONFIGURE OUTPUT "${dir}/tide/heap_config.h" CONTENT [=[
// Generated by CMake (cmake/TideHeapOptions.cmake): one alloc library variant's
// compile-time choices. Profile @CFG_PROFILE@; features as in tide/heap_features.h.
#ifndef TIDE_HEAP_CONFIG_H_
#define TIDE_HEAP_CONFIG_H_

#define TIDE_HEAP_PROFILE_NAME "@CFG_PROFILE@"
@has_lines@
@default_lines@#define TIDE_MAX_BLOCK_LOG2 @TIDE_MAX_BLOCK_LOG2@
#define TIDE_SECOND_LEVEL_LOG2 @TIDE_SECOND_LEVEL_LOG2@

#endif  // TIDE_HEAP_CONFIG_H_
]=] @ONLY)
  if(CFG_FEATURES_OUT)
    set(${CFG_FEATURES_OUT} "${features}" PARENT_SCOPE)
  endif()
endfunction()
