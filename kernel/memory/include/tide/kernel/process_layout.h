// What a process brings to load time (ProcessImage), the kernel-owned area at the top of
// its block (KernelArea), and the RAM the kernel hands out (RamRegion).
#ifndef TIDE_KERNEL_PROCESS_LAYOUT_H_
#define TIDE_KERNEL_PROCESS_LAYOUT_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/address_math.h"
#include "tide/kernel/protection_unit.h"

namespace tide::kernel {

// RAM as the process sees it (`address`) and as the kernel reaches it (`bytes`). On a
// board both are the same memory; host tests place a simulated address range such as
// 0x20000000 over an ordinary buffer, so register values are those of the real device.
struct RamRegion {
  uintptr_t address;
  size_t size;
  unsigned char* bytes;
};

// A region of the app's flash it may write (from its image header).
struct WriteableFlashRegion {
  uintptr_t start;
  size_t size;
};

// What the loader knows about a process from its image.
struct ProcessImage {
  static constexpr size_t kMaxWriteableFlashRegions = 4;

  FlashRange flash;
  // RAM the app needs for stack, .data, .bss and its first heap: the block always has
  // room for the break to reach memory_start + min_ram_size.
  size_t min_ram_size;
  WriteableFlashRegion writeable_flash[kMaxWriteableFlashRegions];
  size_t writeable_flash_count;
};

// One slot of the grant pointer table: which driver, and where its grant is.
struct GrantTableEntry {
  uintptr_t driver;
  uintptr_t address;
};

// One queued upcall: the subscription it answers (subscription_id), the function, its
// app data and three arguments.
struct UpcallSlot {
  // A subscription as one word: the driver number above the upcall number's 8 bits.
  static constexpr unsigned kUpcallNumberBits = 8;
  static constexpr uintptr_t subscription_id(uint32_t driver, uint32_t number) {
    return uintptr_t{driver} << kUpcallNumberBits |
           (number & ((uintptr_t{1} << kUpcallNumberBits) - 1));
  }

  uintptr_t subscription;
  uintptr_t function;
  uintptr_t app_data;
  uintptr_t arguments[3];
};

// The kernel's own record of a process inside its block.
struct ProcessRecord {
  uintptr_t restart_count;
  uintptr_t stack_top_hint;
  uintptr_t heap_start_hint;
  uintptr_t reserved;
};

// The fixed kernel-owned area at the top of every block, bottom to top:
//   grant pointer table   driver_count entries
//   upcall queue          upcall_queue_length slots
//   process record
// rounded up to kBlockAlignment. driver_count is the board's number of drivers that
// keep grants.
struct KernelArea {
  size_t driver_count;
  size_t upcall_queue_length;

  constexpr size_t grant_table_offset() const { return 0; }
  constexpr size_t upcall_queue_offset() const { return driver_count * sizeof(GrantTableEntry); }
  constexpr size_t record_offset() const {
    return upcall_queue_offset() + upcall_queue_length * sizeof(UpcallSlot);
  }

  // The area's size in bytes; false when the counts are absurd (the sum would wrap).
  constexpr bool size(size_t& out) const {
    uintptr_t table = 0;
    uintptr_t queue = 0;
    uintptr_t total = 0;
    uintptr_t rounded = 0;
    if (!checked_mul(driver_count, sizeof(GrantTableEntry), table) ||
        !checked_mul(upcall_queue_length, sizeof(UpcallSlot), queue) ||
        !checked_add(table, queue, total) || !checked_add(total, sizeof(ProcessRecord), total) ||
        !align_up(total, kBlockAlignment, rounded)) {
      return false;
    }
    out = rounded;
    return true;
  }
};

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_PROCESS_LAYOUT_H_
