// What the portable kernel needs from the board it runs on. The board folder defines
// these (boards/<board>/board.cpp); they are the only board code the kernel calls.
#ifndef TIDE_CORE_BOARD_H_
#define TIDE_CORE_BOARD_H_

#include <stddef.h>

namespace tide::board {

// Writes bytes to the board's console UART (blocking).
void console_write(const char* text, size_t length);

// Ends the run: under QEMU, the emulator exits with this status.
[[noreturn]] void exit_emulator(int status);

}  // namespace tide::board

// The board's entry point, called by the arch's reset code once the kernel's .data and
// .bss are set up: builds the parts list and runs the kernel.
extern "C" [[noreturn]] void tide_kernel_main();

#endif  // TIDE_CORE_BOARD_H_
