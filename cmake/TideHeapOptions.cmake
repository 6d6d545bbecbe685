# The heap's compile-time choices: the profile and its features, the policy defaults and
# the free-list table (README "Allocator profiles" and "Heap policy flags").
#
#   TIDE_PROFILE            minimal | board | full (boards default to board, the host to full)
#   TIDE_FEATURE_<NAME>     overrides one feature of the profile: ON/OFF (CHECKS: NONE,
#                           CHEAP or FULL); empty keeps the profile's. The names are the
#                           rows of TIDE_HEAP_FEATURE_TABLE in alloc/include/tide/heap_features.h,
#                           read from there: that table is the only list of features.
#   TIDE_GRANULARITY, ...   the policy's compile-time defaults (every profile; settable at run
#                           time only with the runtime_policy feature)
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

# ---- policy defaults and the free-list table ---------------------------------------------
if(TIDE_BOARD)
  set(_gran 0)          # 0: the memory source's own break granularity (memop 12)
  set(_min_grow 256)
  set(_trim_threshold 2048)
  set(_top_pad 256)
  set(_adaptive_trim OFF)  # small heaps: give memory back exactly as configured
  # The largest process block of the board is an app slot: blocks stay below it.
  math(EXPR _slot "${TIDE_APP_SLOT_SIZE}")
  set(_max_block_log2 0)
  while(_slot GREATER 1)
    math(EXPR _slot "${_slot} >> 1")
    math(EXPR _max_block_log2 "${_max_block_log2} + 1")
  endwhile()
  set(_second_level_log2 1)
else()
  set(_gran 4096)
  set(_min_grow 65536)
  set(_trim_threshold 131072)
  set(_top_pad 65536)
  set(_adaptive_trim ON)   # avoid moving the break on every call of a big-block loop
  set(_max_block_log2 40)
  set(_second_level_log2 2)
endif()

set(TIDE_GRANULARITY ${_gran} CACHE STRING "Default growth granularity in bytes (0: the source's)")
set(TIDE_MIN_GROW ${_min_grow} CACHE STRING "Default minimum growth step in bytes")
option(TIDE_TRIM "Give memory back to the source by default" ON)
set(TIDE_TRIM_THRESHOLD ${_trim_threshold} CACHE STRING "Default trim threshold in bytes")
set(TIDE_TOP_PAD ${_top_pad} CACHE STRING "Default bytes kept above the top after a trim")
set(TIDE_MAX_HEAP 0 CACHE STRING "Default maximum heap footprint in bytes (0: no limit)")
option(TIDE_POISON "Fill freed memory with a pattern by default (needs poisoning)" OFF)
set(TIDE_CHECK 1 CACHE STRING
    "Default check level: 0 off, 1 cheap, 2 full (at most what the profile's checks build in)")
option(TIDE_ADAPTIVE_TRIM "Raise the trim threshold when the heap regrows after a trim"
       ${_adaptive_trim})
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
  # The policy asks for no more than the variant has.
  set(check ${TIDE_CHECK})
  if(check GREATER has_CHECKS)
    set(check ${has_CHECKS})
  endif()
  _tide_bool_value(trim ${TIDE_TRIM})
  _tide_bool_value(poison ${TIDE_POISON})
  if(NOT has_POISONING)
    set(poison 0)
  endif()
  _tide_bool_value(adaptive_trim ${TIDE_ADAPTIVE_TRIM})
  file(CONFIGURE OUTPUT "${dir}/tide/heap_config.h" CONTENT [=[
// Generated by CMake (cmake/TideHeapOptions.cmake): one alloc library variant's
// compile-time choices. Profile @CFG_PROFILE@; features as in tide/heap_features.h.
#ifndef TIDE_HEAP_CONFIG_H_
#define TIDE_HEAP_CONFIG_H_

#define TIDE_HEAP_PROFILE_NAME "@CFG_PROFILE@"
@has_lines@
#define TIDE_DEFAULT_GRANULARITY @TIDE_GRANULARITY@u
#define TIDE_DEFAULT_MIN_GROW @TIDE_MIN_GROW@u
#define TIDE_DEFAULT_TRIM @trim@
#define TIDE_DEFAULT_TRIM_THRESHOLD @TIDE_TRIM_THRESHOLD@u
#define TIDE_DEFAULT_TOP_PAD @TIDE_TOP_PAD@u
#define TIDE_DEFAULT_MAX_HEAP @TIDE_MAX_HEAP@u
#define TIDE_DEFAULT_POISON @poison@
#define TIDE_DEFAULT_CHECK @check@
#define TIDE_DEFAULT_ADAPTIVE_TRIM @adaptive_trim@
#define TIDE_MAX_BLOCK_LOG2 @TIDE_MAX_BLOCK_LOG2@
#define TIDE_SECOND_LEVEL_LOG2 @TIDE_SECOND_LEVEL_LOG2@

#endif  // TIDE_HEAP_CONFIG_H_
]=] @ONLY)
  if(CFG_FEATURES_OUT)
    set(${CFG_FEATURES_OUT} "${features}" PARENT_SCOPE)
  endif()
endfunction()
