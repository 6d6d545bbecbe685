// NS16550A UART (QEMU virt's console at 0x10000000), transmit only, byte registers.
#ifndef TIDE_BOARDS_QEMU_RV32_VIRT_UART16550_H_
#define TIDE_BOARDS_QEMU_RV32_VIRT_UART16550_H_

#include <stddef.h>
#include <stdint.h>

namespace tide::board {

class Uart16550 {
 public:
  explicit constexpr Uart16550(uintptr_t base) : base_(base) {}

  void write(const char* text, size_t length) const;

 private:
  volatile uint8_t& reg(uintptr_t offset) const {
    return *reinterpret_cast<volatile uint8_t*>(base_ + offset);
  }

  uintptr_t base_;
};

}  // namespace tide::board

#endif  // TIDE_BOARDS_QEMU_RV32_VIRT_UART16550_H_
