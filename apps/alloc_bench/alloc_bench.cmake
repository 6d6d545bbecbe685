# alloc_bench (included by apps/CMakeLists.txt): the allocator workload over Tide (app
# slot 10, the board.alloc_bench test) and, for scripts/bench.sh only, over each peer C
# library's malloc that is installed (`scripts/setup.sh bench-boards`): newlib and
# newlib-nano (Cortex-M), picolibc's release library (both boards). The peer variants
# are separate images (slots 20..22), built by the alloc_bench_peers target, never by
# ALL, and run by no test: the test suite needs none of the peer packages.
set(alloc_bench_dir "${CMAKE_CURRENT_SOURCE_DIR}/alloc_bench")
add_custom_target(alloc_bench_peers)
tide_add_app(alloc_bench SLOT 10 HEAP 98304 LIBRARIES tide_app_check
             SOURCES "${alloc_bench_dir}/main.cpp" "${alloc_bench_dir}/tide_heap.cpp")
# The same over each named allocator profile (alloc_bench_<profile>, in slot 10 too): the
# minimal one is also a test (board.alloc_bench_minimal), the full one a benchmark image.
foreach(profile IN ITEMS minimal full)
  tide_add_app(alloc_bench SLOT 10 HEAP 98304 LIBRARIES tide_app_check PROFILE ${profile}
               SOURCES "${alloc_bench_dir}/main.cpp" "${alloc_bench_dir}/tide_heap.cpp")
endforeach()
set_target_properties(app_alloc_bench_full PROPERTIES EXCLUDE_FROM_ALL ON)
tide_add_board_test(alloc_bench_full APPS alloc_bench_full IMAGE_ONLY)
add_dependencies(alloc_bench_peers image_alloc_bench_full)

# The peers' static libraries for this target's multilib.
separate_arguments(alloc_bench_flags UNIX_COMMAND "${CMAKE_CXX_FLAGS}")
execute_process(COMMAND ${CMAKE_CXX_COMPILER} ${alloc_bench_flags} -print-multi-directory
                OUTPUT_VARIABLE alloc_bench_multilib OUTPUT_STRIP_TRAILING_WHITESPACE)
set(alloc_bench_peers "")
set(picolibc "/usr/lib/picolibc/${TIDE_TOOLCHAIN_PREFIX}/lib/release/${alloc_bench_multilib}")
if(TIDE_ARCH STREQUAL "cortex-m")
  set(newlib "/usr/lib/${TIDE_TOOLCHAIN_PREFIX}/newlib/${alloc_bench_multilib}")
  list(APPEND alloc_bench_peers "newlib|ab_newlib|${newlib}/libc.a|libnewlib-arm-none-eabi"
       "newlib-nano|ab_newlib_nano|${newlib}/libc_nano.a|libnewlib-arm-none-eabi")
endif()
list(APPEND alloc_bench_peers
     "picolibc|ab_picolibc|${picolibc}/libc.a|picolibc-${TIDE_TOOLCHAIN_PREFIX}")

set(alloc_bench_manifest "")
set(alloc_bench_slot 20)
foreach(peer IN LISTS alloc_bench_peers)
  string(REPLACE "|" ";" fields "${peer}")
  list(GET fields 0 peer_name)
  list(GET fields 1 app)
  list(GET fields 2 library)
  list(GET fields 3 package)
  if(NOT EXISTS "${library}")
    message(STATUS "alloc_bench: no ${peer_name} (${library} missing; install ${package}"
                   " with scripts/setup.sh bench-boards): its benchmark variant is skipped")
    math(EXPR alloc_bench_slot "${alloc_bench_slot} + 1")
    continue()
  endif()
  # The runtime (printf and the rest) before the peer's C library, the C library before
  # Tide's standard names: the peer's malloc and free are the ones linked.
  tide_add_app(${app} SLOT ${alloc_bench_slot} HEAP 98304 LIBRARIES tide_runtime_base "${library}" tide_app_check
               SOURCES "${alloc_bench_dir}/main.cpp" "${alloc_bench_dir}/peer_heap.cpp")
  target_compile_definitions(app_${app} PRIVATE TIDE_BENCH_PEER
                             TIDE_BENCH_PEER_NAME="${peer_name}")
  set_target_properties(app_${app} PROPERTIES EXCLUDE_FROM_ALL ON)
  tide_add_board_test(${app} APPS ${app} IMAGE_ONLY)
  add_dependencies(alloc_bench_peers image_${app})
  math(EXPR alloc_bench_slot "${alloc_bench_slot} + 1")
  string(APPEND alloc_bench_manifest "${peer_name} ${app}\n")
endforeach()
# What bench/board/board_bench.py runs: allocator name and app name, one a line (Tide's
# profiles first; tide-board is the boards' default, the app alloc_bench).
file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/alloc_bench_variants.txt"
     "tide-minimal alloc_bench_minimal\ntide-board alloc_bench\ntide-full alloc_bench_full\n"
     "${alloc_bench_manifest}")
