#include "uart16550.h"

namespace tide::board {
namespace {
constexpr uintptr_t kTransmitHolding = 0x0;
constexpr uintptr_t kLineStatus = 0x5;
constexpr uint8_t kTransmitEmpty = 1u << 5;
}  // namespace

void Uart16550::write(const char* text, size_t length) const {
  for (size_t i = 0; i < length; ++i) {
    while ((reg(kLineStatus) & kTransmitEmpty) == 0) {
    }
    reg(kTransmitHolding) = static_cast<uint8_t>(text[i]);
  }
}

}  // namespace tide::board
