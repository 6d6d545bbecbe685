# Compile-time defaults of the heap policy flags (see README "Heap policy flags").
# Each can be overridden on the CMake command line; every one can also be changed at
# run time (tide_mallopt / Heap::set_policy) and, in the Linux drop-in, by environment.
# Boards get small-device defaults, the host gets defaults sized like glibc's.

if(TIDE_BOARD)
  set(_gran 0)          # 0: the memory source's own break granularity (memop 12)
  set(_min_grow 256)
  set(_trim_threshold 2048)
  set(_top_pad 256)
  set(_check 1)
  set(_adaptive_trim OFF)  # small heaps: give memory back exactly as configured
  set(_max_block_log2 24)
else()
  set(_gran 4096)
  set(_min_grow 65536)
  set(_trim_threshold 131072)
  set(_top_pad 65536)
  set(_check 1)
  set(_adaptive_trim ON)   # avoid moving the break on every call of a big-block loop
  set(_max_block_log2 40)
endif()

set(TIDE_GRANULARITY ${_gran} CACHE STRING "Default growth granularity in bytes (0: the source's)")
set(TIDE_MIN_GROW ${_min_grow} CACHE STRING "Default minimum growth step in bytes")
option(TIDE_TRIM "Give memory back to the source by default" ON)
set(TIDE_TRIM_THRESHOLD ${_trim_threshold} CACHE STRING "Default trim threshold in bytes")
set(TIDE_TOP_PAD ${_top_pad} CACHE STRING "Default bytes kept above the top after a trim")
set(TIDE_MAX_HEAP 0 CACHE STRING "Default maximum heap footprint in bytes (0: no limit)")
option(TIDE_POISON "Fill freed memory with a pattern by default" OFF)
set(TIDE_CHECK ${_check} CACHE STRING "Default check level: 0 off, 1 cheap, 2 full")
option(TIDE_ADAPTIVE_TRIM "Raise the trim threshold when the heap regrows after a trim"
       ${_adaptive_trim})
set(TIDE_MAX_BLOCK_LOG2 ${_max_block_log2} CACHE STRING
    "Largest block is 2^N - 1 bytes; sets the size of the free-list table")
set(TIDE_SECOND_LEVEL_LOG2 2 CACHE STRING "log2 of free lists per power of two (1..5)")

if(TIDE_TRIM)
  set(TIDE_TRIM_VALUE 1)
else()
  set(TIDE_TRIM_VALUE 0)
endif()
if(TIDE_POISON)
  set(TIDE_POISON_VALUE 1)
else()
  set(TIDE_POISON_VALUE 0)
endif()
if(TIDE_ADAPTIVE_TRIM)
  set(TIDE_ADAPTIVE_TRIM_VALUE 1)
else()
  set(TIDE_ADAPTIVE_TRIM_VALUE 0)
endif()

set(TIDE_GENERATED_INCLUDE_DIR "${CMAKE_BINARY_DIR}/generated/include")
configure_file("${CMAKE_CURRENT_LIST_DIR}/heap_config.h.in"
               "${TIDE_GENERATED_INCLUDE_DIR}/tide/heap_config.h" @ONLY)
