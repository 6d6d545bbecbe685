# Builds and runs tests/install/consumer against Tide, one of two ways (CTest runs this
# with cmake -P):
#   MODE=package       installs TIDE_BUILD_DIR to WORK_DIR/prefix, then find_package
#   MODE=subdirectory  add_subdirectory of TIDE_SOURCE_DIR
# Other inputs: CONSUMER_DIR, WORK_DIR, C_COMPILER, CXX_COMPILER, GENERATOR.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${result}): ${command}\n${out}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(consumer_args -S "${CONSUMER_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=${C_COMPILER}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
if(MODE STREQUAL "package")
  run(${CMAKE_COMMAND} --install "${TIDE_BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
  foreach(file lib/cmake/tide/tideConfig.cmake lib/libtide_malloc.so include/tide/heap_config.h
               include/tide/host/sbrk_source.h)
    if(NOT EXISTS "${WORK_DIR}/prefix/${file}")
      message(FATAL_ERROR "not installed: ${file}")
    endif()
  endforeach()
  list(APPEND consumer_args "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
elseif(MODE STREQUAL "subdirectory")
  list(APPEND consumer_args "-DTIDE_SOURCE_DIR=${TIDE_SOURCE_DIR}")
else()
  message(FATAL_ERROR "MODE must be package or subdirectory")
endif()
run(${CMAKE_COMMAND} ${consumer_args})
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
message(STATUS "${last_output}")
if(NOT last_output MATCHES "consumer ok")
  message(FATAL_ERROR "the consumer did not report success")
endif()
