// ARMv7-M system control registers Tide touches (Architecture Reference Manual B3.2).
#ifndef TIDE_ARCH_CORTEX_M_REGISTERS_H_
#define TIDE_ARCH_CORTEX_M_REGISTERS_H_

#include <stdint.h>

namespace tide::arch::reg {

inline volatile uint32_t& at(uintptr_t address) {
  return *reinterpret_cast<volatile uint32_t*>(address);
}

inline constexpr uintptr_t kSysTickCsr = 0xE000E010;
inline constexpr uintptr_t kSysTickReload = 0xE000E014;
inline constexpr uintptr_t kSysTickCurrent = 0xE000E018;
inline constexpr uintptr_t kVtor = 0xE000ED08;
inline constexpr uintptr_t kCcr = 0xE000ED14;
inline constexpr uintptr_t kShpr1 = 0xE000ED18;  // MemManage, BusFault, UsageFault
inline constexpr uintptr_t kShpr2 = 0xE000ED1C;  // SVCall in bits 31:24
inline constexpr uintptr_t kShpr3 = 0xE000ED20;  // PendSV 23:16, SysTick 31:24
inline constexpr uintptr_t kShcsr = 0xE000ED24;
inline constexpr uintptr_t kCfsr = 0xE000ED28;
inline constexpr uintptr_t kHfsr = 0xE000ED2C;
inline constexpr uintptr_t kMmfar = 0xE000ED34;
inline constexpr uintptr_t kBfar = 0xE000ED38;
inline constexpr uintptr_t kMpuType = 0xE000ED90;
inline constexpr uintptr_t kMpuCtrl = 0xE000ED94;
inline constexpr uintptr_t kMpuRbar = 0xE000ED9C;
inline constexpr uintptr_t kMpuRasr = 0xE000EDA0;

}  // namespace tide::arch::reg

#endif  // TIDE_ARCH_CORTEX_M_REGISTERS_H_
