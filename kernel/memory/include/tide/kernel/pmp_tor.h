// PmpTor: the RISC-V physical memory protection unit (privileged spec, rv32, up to 16
// entries), with the app's ranges as top-of-range (TOR) pairs.
//
// PMP in one paragraph: entry i has an address register pmpaddr[i] (address bits 33..2)
// and a config byte in pmpcfg[i / 4] (R bit 0, W bit 1, X bit 2, A bits 4..3, L bit 7).
// A = TOR matches [pmpaddr[i-1] << 2, pmpaddr[i] << 2) (nothing when the bounds are not
// increasing; entry 0 starts at 0), NA4 the 4 bytes at pmpaddr << 2, NAPOT a
// size-aligned power of two encoded in the trailing ones of pmpaddr. The lowest-numbered
// matching entry decides. User mode gets that entry's R/W/X, or nothing when no entry
// matches; machine mode is bound only by locked (L) entries.
//
// How Tide uses the entries:
//   0, 1   app flash: entry 0 OFF holding the start, entry 1 TOR read+execute
//   2, 3   app RAM: entry 2 OFF holding memory_start, entry 3 TOR read+write up to the
//          break rounded up to 4 bytes -- the break granularity. break == memory_start
//          gives an empty range.
//   4..    the board's kernel entries, always locked: NA4, NAPOT when the range is a
//          size-aligned power of two, else a TOR pair. They come after the app's entries,
//          so they never override the app's access to its own memory.
// With plain PMP (no Smepmp) a locked entry applies to user mode too: whatever access a
// kernel entry grants, an app has there as well. Kernel entries therefore must not touch
// the process block at all (the load fails with NotProtectable), which also keeps
// machine mode's access to the block (grants) intact.
#ifndef TIDE_KERNEL_PMP_TOR_H_
#define TIDE_KERNEL_PMP_TOR_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/protection_unit.h"

namespace tide::kernel {

class PmpTor {
 public:
  static constexpr size_t kMaxEntries = 16;
  static constexpr size_t kFlashEntry = 1;
  static constexpr size_t kRamEntry = 3;
  static constexpr size_t kFirstKernelEntry = 4;
  static constexpr size_t kGranularity = 4;

  // pmpcfg byte fields.
  static constexpr uint8_t kRead = 1u << 0;
  static constexpr uint8_t kWrite = 1u << 1;
  static constexpr uint8_t kExecute = 1u << 2;
  static constexpr uint8_t kModeOff = 0u << 3;
  static constexpr uint8_t kModeTor = 1u << 3;
  static constexpr uint8_t kModeNa4 = 2u << 3;
  static constexpr uint8_t kModeNapot = 3u << 3;
  static constexpr uint8_t kLocked = 1u << 7;

  // A range the board locks for the kernel (a guard, the kernel's text), with the
  // permissions it keeps (kRead | kWrite | kExecute, or 0 to deny).
  struct KernelEntry {
    uintptr_t start;
    size_t size;
    uint8_t permissions;
  };

  // The values to write to pmpcfg0..3 and pmpaddr0..15. Entries past entry_count() and
  // unused entries are 0 (OFF).
  struct Config {
    uint32_t pmpcfg[kMaxEntries / 4] = {};
    uint32_t pmpaddr[kMaxEntries] = {};

    constexpr uint8_t entry_config(size_t i) const {
      return static_cast<uint8_t>(pmpcfg[i / 4] >> (8 * (i % 4)));
    }
  };

  // A unit with `entry_count` implemented entries (4..16) and the board's kernel
  // entries (the array must outlive the unit).
  constexpr PmpTor() = default;
  constexpr PmpTor(size_t entry_count, const KernelEntry* kernel_entries, size_t kernel_entry_count)
      : entry_count_(entry_count),
        kernel_entries_(kernel_entries),
        kernel_entry_count_(kernel_entry_count) {}

  constexpr size_t entry_count() const { return entry_count_; }
  constexpr size_t initial_break_size() const { return 0; }
  MemoryError block_shape(size_t app_bytes, size_t kernel_bytes, BlockShape& shape) const;
  uintptr_t protected_end(const AppRamLayout& ram) const;
  size_t break_granularity(const AppRamLayout&) const { return kGranularity; }
  MemoryError configure_process(Config& config, const FlashRange& flash,
                                const AppRamLayout& ram) const;
  MemoryError update_app_ram(Config& config, const AppRamLayout& ram) const;

 private:
  MemoryError add_kernel_entries(Config& config, const AppRamLayout& ram) const;

  size_t entry_count_ = kMaxEntries;
  const KernelEntry* kernel_entries_ = nullptr;
  size_t kernel_entry_count_ = 0;
};

static_assert(ProtectionUnit<PmpTor>);

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_PMP_TOR_H_
