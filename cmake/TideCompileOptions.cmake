# Compile options shared by every Tide target.
#
# tide_warnings      warnings as errors; linked PRIVATE (through BUILD_INTERFACE) so that
#                    users of an installed Tide never inherit them.
# tide_freestanding  the rules for alloc/, kernel/memory/, runtime/ and boards/: no
#                    exceptions, no RTTI, no thread-safe statics (no libc guard calls);
#                    -ffreestanding as well when building for a board.
# tide_header_library()  a header-only folder (abi/, common/) as a target, installed with
#                    its headers.

add_library(tide_warnings INTERFACE)
target_compile_options(tide_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wcast-align -Wundef -Wformat=2 -Wimplicit-fallthrough -Wdouble-promotion
  -Wnull-dereference -Wmissing-declarations
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual>)

add_library(tide_freestanding INTERFACE)
target_compile_options(tide_freestanding INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti -fno-threadsafe-statics>
  $<$<BOOL:${TIDE_BOARD}>:-ffreestanding>)

# Sanitizer and fuzzer instrumentation is chosen by preset through TIDE_SANITIZE:
#   address,undefined   ASan + UBSan on everything built
#   fuzzer              clang's libFuzzer (harnesses link -fsanitize=fuzzer themselves)
set(TIDE_SANITIZE "" CACHE STRING "Sanitizers for every target (e.g. address,undefined)")
if(TIDE_SANITIZE)
  add_compile_options(-fsanitize=${TIDE_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TIDE_SANITIZE})
endif()

# tide_header_library(<name> <export name>): the header-only library tide_<name> (alias
# tide::<export name>) over the calling folder's include/, installed with its headers into
# the export set on host builds that install.
function(tide_header_library name export_name)
  add_library(tide_${name} INTERFACE)
  add_library(tide::${export_name} ALIAS tide_${name})
  target_include_directories(tide_${name} INTERFACE
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>)
  set_target_properties(tide_${name} PROPERTIES EXPORT_NAME ${export_name})
  if(TIDE_INSTALL AND NOT TIDE_BOARD)
    install(TARGETS tide_${name} EXPORT tideTargets)
    install(DIRECTORY include/tide DESTINATION include)
  endif()
endfunction()
