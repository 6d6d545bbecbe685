# tide_add_fuzzer(<name> SOURCES <files...> [LIBRARIES <targets...>] [SECONDS <n>]
#                 [SEEDS <dir>])
#
# Builds a libFuzzer harness (only when TIDE_FUZZ is ON; clang) and registers a short
# bounded run of it as a CTest test named fuzz.<name>. Crashes, leaks and sanitizer
# reports fail the test. The run's corpus goes to the build tree, never the source tree;
# SEEDS names a committed folder of seed inputs (read only).
function(tide_add_fuzzer name)
  cmake_parse_arguments(FUZZ "" "SECONDS;SEEDS" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT TIDE_FUZZ)
    return()
  endif()
  if(NOT FUZZ_SECONDS)
    set(FUZZ_SECONDS 30)
  endif()
  add_executable(${name} ${FUZZ_SOURCES})
  target_link_libraries(${name} PRIVATE ${FUZZ_LIBRARIES} $<BUILD_INTERFACE:tide_warnings>)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set(corpus "${CMAKE_CURRENT_BINARY_DIR}/${name}-corpus")
  file(MAKE_DIRECTORY "${corpus}")
  set(dirs "${corpus}")
  if(FUZZ_SEEDS)
    list(APPEND dirs "${FUZZ_SEEDS}")
  endif()
  add_test(NAME fuzz.${name}
           COMMAND ${name} -max_total_time=${FUZZ_SECONDS} -timeout=10 -rss_limit_mb=2048
                   -print_final_stats=1 ${dirs})
  set_tests_properties(fuzz.${name} PROPERTIES TIMEOUT ${FUZZ_SECONDS}0 LABELS fuzz)
endfunction()
