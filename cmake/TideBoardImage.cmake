# Board builds: app images, flash images and QEMU tests. Used when TIDE_BOARD is set,
# after boards/${TIDE_BOARD}/board.cmake has set TIDE_ARCH, TIDE_APP_* and
# TIDE_BOARD_EMULATOR.
#
# tide_add_binary(<target> <file.bin>)
#     objcopy the target's ELF to a raw binary after every link.
# tide_add_app(<name> SLOT <n> SOURCES <files...> [STACK <bytes>] [HEAP <bytes>]
#              [LIBRARIES <targets...>] [PROFILE minimal|board|full])
#     one app image, linked on its own at its slot's flash and RAM addresses, with the
#     runtime (crt0, system calls, allocator). HEAP: RAM the app asks for beyond stack,
#     .data and .bss (its heap may grow further while the block has room). PROFILE links
#     that allocator profile (tide::runtime_<profile>) instead of the build's: the app is
#     then known to tests as <name>_<profile> (its image still says <name>) and may share
#     its slot with <name>, as the two are never in one flash image.
# tide_add_board_test(<test> APPS <names...> [STATUS <n>] [EXPECT <regex>...]
#                     [REJECT <regex>...] [DAMAGE <app>:<how>...] [TIMEOUT <s>]
#                     [BENCH] [IDENTICAL_IN <n> <regex>])
#     a flash image holding the kernel and the named apps, run under QEMU with standard
#     input closed: passes when QEMU exits with STATUS (default 0), every EXPECT regex
#     matches the console output and no REJECT regex does ("kernel panic" always
#     rejected unless expected). DAMAGE corrupts an app's image on purpose (header,
#     checksum, magic, truncate, ram) to test the loader's errors. BENCH runs the image
#     with the board's benchmark command (TIDE_BOARD_BENCH_EMULATOR, e.g. QEMU -icount)
#     where it has one. IDENTICAL_IN runs it n times and requires the lines matching the
#     regex to be the same in every run.
#     IMAGE_ONLY builds the flash image only on request (its image_<test> target, not
#     part of ALL) and adds no test: for benchmark variants run by scripts/bench.sh.

find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(TIDE_TOOLS_DIR "${CMAKE_CURRENT_LIST_DIR}/../tools")

function(tide_add_binary target output)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${target}> ${output}
    BYPRODUCTS ${output}
    COMMENT "Raw image ${output}")
endfunction()

function(tide_add_app name)
  cmake_parse_arguments(APP "" "SLOT;STACK;HEAP;PROFILE" "SOURCES;LIBRARIES" ${ARGN})
  set(runtime tide::runtime)
  set(key ${name})
  if(APP_PROFILE)
    set(runtime tide::runtime_${APP_PROFILE})
    set(key ${name}_${APP_PROFILE})
  endif()
  string(LENGTH "${name}" name_length)
  if(name_length GREATER 15)
    message(FATAL_ERROR "tide_add_app(${name}): app names have at most 15 characters")
  endif()
  if(NOT DEFINED APP_STACK)
    set(APP_STACK 2048)
  endif()
  if(NOT DEFINED APP_HEAP)
    set(APP_HEAP 4096)
  endif()
  math(EXPR APP_FLASH "${TIDE_APP_FLASH_BASE} + ${APP_SLOT} * ${TIDE_APP_SLOT_SIZE}"
       OUTPUT_FORMAT HEXADECIMAL)
  math(EXPR APP_RAM "${TIDE_APP_RAM_BASE} + ${APP_SLOT} * ${TIDE_APP_SLOT_SIZE}"
       OUTPUT_FORMAT HEXADECIMAL)
  set(APP_SLOT_SIZE ${TIDE_APP_SLOT_SIZE})
  set(script "${CMAKE_CURRENT_BINARY_DIR}/${key}.ld")
  configure_file("${TIDE_APP_LINKER_SCRIPT}" "${script}" @ONLY)
  # The app's name, as the header's 16-byte name field.
  set(APP_NAME "${name}")
  set(name_source "${CMAKE_CURRENT_BINARY_DIR}/${key}_name.cpp")
  file(CONFIGURE OUTPUT "${name_source}" CONTENT
       "__attribute__((section(\".tide_app_name\"), used))\nextern const char tide_app_name[16] = \"@APP_NAME@\";\n"
       @ONLY)
  add_executable(app_${key} ${APP_SOURCES} "${name_source}")
  target_link_libraries(app_${key} PRIVATE ${APP_LIBRARIES} ${runtime} tide_warnings
                                           tide_freestanding)
  target_link_options(app_${key} PRIVATE "-T${script}"
                      "-Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/${key}.map")
  set_target_properties(app_${key} PROPERTIES OUTPUT_NAME ${key}.elf LINK_DEPENDS "${script}")
  tide_add_binary(app_${key} "${CMAKE_CURRENT_BINARY_DIR}/${key}.bin")
  set_property(GLOBAL PROPERTY TIDE_APP_${key}_BIN "${CMAKE_CURRENT_BINARY_DIR}/${key}.bin")
  set_property(GLOBAL PROPERTY TIDE_APP_${key}_FLASH "${APP_FLASH}")
endfunction()

function(tide_add_board_test test)
  cmake_parse_arguments(T "BENCH;IMAGE_ONLY" "STATUS;TIMEOUT" "APPS;EXPECT;REJECT;DAMAGE;IDENTICAL_IN"
                        ${ARGN})
  if(NOT DEFINED T_STATUS)
    set(T_STATUS 0)
  endif()
  if(NOT DEFINED T_TIMEOUT)
    set(T_TIMEOUT 20)
  endif()
  set(image "${CMAKE_CURRENT_BINARY_DIR}/${test}.flash.bin")
  set(args --out "${image}" --kernel "${TIDE_KERNEL_BIN}" --pad ${TIDE_APP_IMAGE_PADDING})
  if(DEFINED TIDE_FLASH_IMAGE_BASE)
    list(APPEND args --base ${TIDE_FLASH_IMAGE_BASE})
  endif()
  set(depends tide_kernel)
  foreach(app IN LISTS T_APPS)
    get_property(bin GLOBAL PROPERTY TIDE_APP_${app}_BIN)
    get_property(flash GLOBAL PROPERTY TIDE_APP_${app}_FLASH)
    if(NOT bin)
      message(FATAL_ERROR "tide_add_board_test(${test}): no app named ${app}")
    endif()
    list(APPEND args --app "${bin}@${flash}")
    list(APPEND depends app_${app})
  endforeach()
  foreach(damage IN LISTS T_DAMAGE)
    list(APPEND args --damage "${damage}")
  endforeach()
  add_custom_command(OUTPUT "${image}"
    COMMAND Python3::Interpreter "${TIDE_TOOLS_DIR}/flash_image.py" ${args}
    DEPENDS ${depends} "${TIDE_TOOLS_DIR}/flash_image.py" "${TIDE_KERNEL_BIN}"
    COMMENT "Flash image ${test}")
  if(T_IMAGE_ONLY)
    add_custom_target(image_${test} DEPENDS "${image}")
    return()
  endif()
  add_custom_target(image_${test} ALL DEPENDS "${image}")
  set(check --status ${T_STATUS})
  foreach(regex IN LISTS T_EXPECT)
    list(APPEND check --expect "${regex}")
  endforeach()
  foreach(regex IN LISTS T_REJECT)
    list(APPEND check --reject "${regex}")
  endforeach()
  if(T_IDENTICAL_IN)
    list(GET T_IDENTICAL_IN 0 runs)
    list(GET T_IDENTICAL_IN 1 regex)
    list(APPEND check --runs ${runs} --identical "${regex}")
  endif()
  set(emulator ${TIDE_BOARD_EMULATOR})
  if(T_BENCH AND DEFINED TIDE_BOARD_BENCH_EMULATOR)
    set(emulator ${TIDE_BOARD_BENCH_EMULATOR})
  endif()
  add_test(NAME board.${test}
           COMMAND Python3::Interpreter "${TIDE_TOOLS_DIR}/run_image.py" ${check}
                   --timeout ${T_TIMEOUT} -- ${emulator} "${image}")
  set_tests_properties(board.${test} PROPERTIES TIMEOUT 60 LABELS board)
endfunction()
