// ARM CMSDK APB UART (the mps2 boards' console), transmit only.
#ifndef TIDE_BOARDS_QEMU_MPS2_AN385_CMSDK_UART_H_
#define TIDE_BOARDS_QEMU_MPS2_AN385_CMSDK_UART_H_

#include <stddef.h>
#include <stdint.h>

namespace tide::board {

class CmsdkUart {
 public:
  explicit constexpr CmsdkUart(uintptr_t base) : base_(base) {}

  void enable_transmitter(uint32_t baud_divider) const;
  void write(const char* text, size_t length) const;

 private:
  volatile uint32_t& reg(uintptr_t offset) const {
    return *reinterpret_cast<volatile uint32_t*>(base_ + offset);
  }

  uintptr_t base_;
};

}  // namespace tide::board

#endif  // TIDE_BOARDS_QEMU_MPS2_AN385_CMSDK_UART_H_
