// ARM semihosting, used by boards under QEMU to end the run with an exit status.
// Must be called from privileged code.
#ifndef TIDE_ARCH_SEMIHOSTING_H_
#define TIDE_ARCH_SEMIHOSTING_H_

namespace tide::arch {

// SYS_EXIT_EXTENDED: QEMU exits with status % 256.
[[noreturn]] void semihosting_exit(int status);

}  // namespace tide::arch

#endif  // TIDE_ARCH_SEMIHOSTING_H_
