// PmpTor: register values for the RISC-V PMP (see pmp_tor.h for the scheme).
#include "tide/kernel/pmp_tor.h"

namespace tide::kernel {
namespace {

// rv32 PMP addresses are 34 bits, but a process addresses 32: ranges end at or below
// 2^32 and start and end on 4 bytes.
constexpr bool range_is_representable(uintptr_t start, uintptr_t size) {
  const uint64_t end = static_cast<uint64_t>(start) + static_cast<uint64_t>(size);
  return end >= start && end <= (uint64_t{1} << 32) && start % PmpTor::kGranularity == 0 &&
         size % PmpTor::kGranularity == 0;
}

constexpr uint32_t address_field(uint64_t address) {
  return static_cast<uint32_t>(address >> 2);
}

constexpr void set_entry(PmpTor::Config& config, size_t i, uint8_t cfg, uint32_t address) {
  const unsigned shift = static_cast<unsigned>(8 * (i % 4));
  config.pmpcfg[i / 4] = (config.pmpcfg[i / 4] & ~(0xFFu << shift)) | (uint32_t{cfg} << shift);
  config.pmpaddr[i] = address;
}

// [start, start + size) as a TOR pair at entries i and i + 1 (i holds the lower bound).
constexpr void set_tor_pair(PmpTor::Config& config, size_t i, uint8_t permissions, uint64_t start,
                            uint64_t size) {
  set_entry(config, i, PmpTor::kModeOff, address_field(start));
  set_entry(config, i + 1, static_cast<uint8_t>(PmpTor::kModeTor | permissions),
            address_field(start + size));
}

constexpr bool overlaps(uint64_t a_start, uint64_t a_size, uint64_t b_start, uint64_t b_size) {
  return a_start < b_start + b_size && b_start < a_start + a_size;
}

}  // namespace

MemoryError PmpTor::block_shape(size_t app_bytes, size_t kernel_bytes, BlockShape& shape) const {
  uintptr_t total = 0;
  uintptr_t rounded = 0;
  if (!checked_add(app_bytes, kernel_bytes, total) || !align_up(total, kBlockAlignment, rounded) ||
      !range_is_representable(0, rounded)) {
    return MemoryError::NotProtectable;
  }
  shape = {rounded, kBlockAlignment};
  return MemoryError::None;
}

uintptr_t PmpTor::protected_end(const AppRamLayout& ram) const {
  // app_break <= memory_end, which is 4-aligned: this cannot wrap.
  return align_down(ram.app_break + (kGranularity - 1), kGranularity);
}

MemoryError PmpTor::configure_process(Config& config, const FlashRange& flash,
                                      const AppRamLayout& ram) const {
  if (flash.size == 0 || !range_is_representable(flash.start, flash.size)) {
    return MemoryError::NotProtectable;
  }
  if (flash_overlaps_block(flash, ram)) return MemoryError::InvalidArgument;
  Config fresh;
  set_tor_pair(fresh, kFlashEntry - 1, kRead | kExecute, flash.start, flash.size);
  MemoryError error = update_app_ram(fresh, ram);
  if (error == MemoryError::None) error = add_kernel_entries(fresh, ram);
  if (error != MemoryError::None) return error;
  config = fresh;
  return MemoryError::None;
}

MemoryError PmpTor::update_app_ram(Config& config, const AppRamLayout& ram) const {
  if (!range_is_representable(ram.memory_start, ram.memory_size) || entry_count_ < 4 ||
      entry_count_ > kMaxEntries) {
    return MemoryError::NotProtectable;
  }
  if (ram.app_break < ram.memory_start || ram.app_break - ram.memory_start > ram.memory_size) {
    return MemoryError::AddressOutOfBounds;
  }
  const uintptr_t end = protected_end(ram);
  if (end > ram.kernel_break) return MemoryError::OutOfMemory;
  set_tor_pair(config, kRamEntry - 1, kRead | kWrite, ram.memory_start, end - ram.memory_start);
  return MemoryError::None;
}

MemoryError PmpTor::add_kernel_entries(Config& config, const AppRamLayout& ram) const {
  size_t next = kFirstKernelEntry;
  for (size_t k = 0; k < kernel_entry_count_; ++k) {
    const KernelEntry& entry = kernel_entries_[k];
    if (entry.size == 0 || !range_is_representable(entry.start, entry.size) ||
        (entry.permissions & ~(kRead | kWrite | kExecute)) != 0 ||
        overlaps(entry.start, entry.size, ram.memory_start, ram.memory_size)) {
      return MemoryError::NotProtectable;
    }
    const uint8_t locked = static_cast<uint8_t>(kLocked | entry.permissions);
    const bool napot =
        entry.size >= 8 && is_power_of_two(entry.size) && entry.start % entry.size == 0;
    if (entry.size == 4 || napot) {
      if (next >= entry_count_) return MemoryError::NotProtectable;
      // NAPOT: the range's base with (size / 8 - 1) ones below it, in address bits.
      const uint32_t address =
          entry.size == 4 ? address_field(entry.start)
                          : address_field(entry.start) | static_cast<uint32_t>(entry.size / 8 - 1);
      set_entry(config, next,
                static_cast<uint8_t>((entry.size == 4 ? kModeNa4 : kModeNapot) | locked), address);
      next += 1;
    } else {
      if (next + 1 >= entry_count_) return MemoryError::NotProtectable;
      set_tor_pair(config, next, locked, entry.start, entry.size);
      next += 2;
    }
  }
  return MemoryError::None;
}

}  // namespace tide::kernel
