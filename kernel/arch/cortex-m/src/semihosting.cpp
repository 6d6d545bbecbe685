#include "tide/arch/semihosting.h"

#include <stdint.h>

namespace tide::arch {

void semihosting_exit(int status) {
  constexpr uint32_t kSysExitExtended = 0x20;
  constexpr uint32_t kApplicationExit = 0x20026;  // ADP_Stopped_ApplicationExit
  volatile uint32_t block[2] = {kApplicationExit, static_cast<uint32_t>(status)};
  register uint32_t operation asm("r0") = kSysExitExtended;
  register volatile uint32_t* argument asm("r1") = block;
  asm volatile("bkpt 0xab" : : "r"(operation), "r"(argument) : "memory");
  for (;;)
    asm volatile("wfi");
}

}  // namespace tide::arch
