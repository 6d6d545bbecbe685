# Compile options shared by every Tide target.
#
# tide_warnings      warnings as errors; linked PRIVATE (through BUILD_INTERFACE) so that
#                    users of an installed Tide never inherit them.
# tide_freestanding  the rules for alloc/, kernel/memory/, runtime/ and boards/: no
#                    exceptions, no RTTI, no thread-safe statics (no libc guard calls);
#                    -ffreestanding as well when building for a board.

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
