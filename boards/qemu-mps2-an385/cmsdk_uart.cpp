#include "cmsdk_uart.h"

namespace tide::board {
namespace {
constexpr uintptr_t kData = 0x0;
constexpr uintptr_t kState = 0x4;
constexpr uintptr_t kControl = 0x8;
constexpr uintptr_t kBaudDivider = 0x10;
constexpr uint32_t kTransmitFull = 1u << 0;
constexpr uint32_t kTransmitEnable = 1u << 0;
}  // namespace

void CmsdkUart::enable_transmitter(uint32_t baud_divider) const {
  reg(kBaudDivider) = baud_divider;
  reg(kControl) = kTransmitEnable;
}

void CmsdkUart::write(const char* text, size_t length) const {
  for (size_t i = 0; i < length; ++i) {
    while (reg(kState) & kTransmitFull) {
    }
    reg(kData) = static_cast<uint8_t>(text[i]);
  }
}

}  // namespace tide::board
