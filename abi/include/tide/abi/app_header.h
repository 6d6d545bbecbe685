// The header at the start of every app image in flash.
//
// An app is linked at its own flash address (and, on boards without position-independent
// apps, at a fixed RAM address: its block must start there). The kernel finds images in
// the board's app flash slots, checks the header, and reports a clear load error for a
// bad one; the other apps still run.
//
//   offset  field           meaning
//   0       magic           kAppMagic ("TIDE")
//   4       version         kAppVersion
//   6       header_size     sizeof(AppHeader)
//   8       image_size      bytes of flash the image occupies, header included
//   12      entry_offset    entry point, from the image start (Thumb bit set on ARM)
//   16      min_ram         RAM the app needs: stack + .data + .bss + initial heap
//   20      stack_size      bytes of stack at the bottom of its RAM block
//   24      ram_address     where its RAM block must start (0: anywhere)
//   28      name            NUL-padded, at least one NUL
//   44      checksum        XOR of the 11 words before it
#ifndef TIDE_ABI_APP_HEADER_H_
#define TIDE_ABI_APP_HEADER_H_

#include <stddef.h>
#include <stdint.h>

namespace tide::abi {

inline constexpr uint32_t kAppMagic = 0x45444954;  // "TIDE" little-endian
inline constexpr uint16_t kAppVersion = 1;
inline constexpr size_t kAppNameBytes = 16;

struct AppHeader {
  uint32_t magic;
  uint16_t version;
  uint16_t header_size;
  uint32_t image_size;
  uint32_t entry_offset;
  uint32_t min_ram;
  uint32_t stack_size;
  uint32_t ram_address;
  char name[kAppNameBytes];
  uint32_t checksum;
};

static_assert(sizeof(AppHeader) == 48);
static_assert(offsetof(AppHeader, checksum) == 44);

// The checksum the header must carry: XOR of every 32-bit word before the checksum.
inline uint32_t app_header_checksum(const AppHeader& header) {
  const auto* words = reinterpret_cast<const uint32_t*>(&header);
  uint32_t sum = 0;
  for (size_t i = 0; i < offsetof(AppHeader, checksum) / 4; ++i)
    sum ^= words[i];
  return sum;
}

}  // namespace tide::abi

#endif  // TIDE_ABI_APP_HEADER_H_
