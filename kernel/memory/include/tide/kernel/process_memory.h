// ProcessMemory: one process's RAM block, its two breaks, its grants and its protection.
//
//   memory_end ──────────►┌──────────────────────────────┐
//                         │ process record               │  kernel area: fixed size,
//                         │ upcall queue                 │  made at load (KernelArea)
//                         │ grant pointer table          │
//   kernel_area_start ───►├──────────────────────────────┤
//                         │ grant regions (grow down)    │
//   kernel_break ────────►├──────────────────────────────┤
//                         │ unused gap                   │  nobody's yet
//   protected_end ───────►├ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─┤  break rounded by the unit
//   app_break ───────────►├──────────────────────────────┤
//                         │ heap (grows up with brk)     │  app-owned,
//                         │ .bss / .data / stack         │  user-accessible
//   memory_start ────────►└──────────────────────────────┘
//
// Invariant after every operation (invariants_hold() checks it):
//   memory_start <= allow_high_water_mark <= app_break <= protected_end
//                <= kernel_break <= kernel_area_start <= memory_end
// and every grant lies in [kernel_break, kernel_area_start).
//
// Rules:
//   - Every failing operation returns an error kind and changes nothing.
//   - Memory the app gains with brk/sbrk reads as zero; so does a new grant; reset zeroes
//     the whole block.
//   - Addresses are app addresses (what the process and the protection unit see); the
//     kernel reaches the block through the RamRegion it was loaded into.
//   - No arithmetic on app-supplied values can wrap (address_math.h).
#ifndef TIDE_KERNEL_PROCESS_MEMORY_H_
#define TIDE_KERNEL_PROCESS_MEMORY_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/kernel/address_math.h"
#include "tide/kernel/memory_error.h"
#include "tide/kernel/process_layout.h"
#include "tide/kernel/protection_unit.h"

namespace tide::kernel {

// Driver numbers are 32-bit; this one is reserved to mark a free grant table slot.
inline constexpr uint32_t kNoDriver = 0xFFFFFFFFu;

// Every grant's alignment: enough for the word-sized records drivers keep in them.
inline constexpr size_t kGrantAlignment = 8;

// A grant as the kernel sees it: its app address and where the kernel reaches it.
struct GrantMemory {
  uintptr_t address;
  unsigned char* bytes;
};

enum class AllowKind : uint8_t { ReadWrite, ReadOnly };

template <ProtectionUnit Unit>
class ProcessMemory {
 public:
  using Config = typename Unit::Config;

  constexpr ProcessMemory() = default;

  // Makes this process own `block` (normally called by RamPool::load). Fails, changing
  // nothing, when the process is already loaded (InvalidArgument), the image is malformed
  // or its flash overlaps the block (InvalidArgument), the block cannot hold min_ram_size below the
  // kernel area (OutOfMemory), or the unit cannot protect the block or the flash (NotProtectable).
  MemoryError load(const Unit& unit, const RamRegion& block, const KernelArea& kernel_area,
                   const ProcessImage& image);

  // brk: moves the app break to new_break. AddressOutOfBounds below the allow
  // high-water mark or at/after memory_end; OutOfMemory past the kernel break or when
  // the unit's rounding would reach it.
  MemoryError brk(uintptr_t new_break);

  // sbrk: brk(app_break + delta), returning the previous break. A delta whose sum would
  // wrap is AddressOutOfBounds.
  Result<uintptr_t> sbrk(intptr_t delta);

  // Carves `size` bytes aligned to `alignment` (a power of two) from the top of the gap
  // for `driver`, zeroed. One grant per driver until reset.
  Result<GrantMemory> allocate_grant(uint32_t driver, size_t size, size_t alignment);
  Result<GrantMemory> grant(uint32_t driver) const;

  // Records a buffer the app shares with the kernel. It must lie inside
  // [memory_start, app_break) (read-only buffers may also lie in the app's flash);
  // a RAM buffer raises the allow high-water mark to its end. Zero-length buffers are
  // accepted anywhere and change nothing.
  MemoryError allow(uintptr_t address, size_t size, AllowKind kind);
  // What allow would answer, changing nothing (a caller with more to check first).
  MemoryError check_allow(uintptr_t address, size_t size, AllowKind kind) const;

  // Restart: initial break, high-water mark, grant region and protection; the whole
  // block zeroed and the kernel area rebuilt.
  MemoryError reset();

  // Termination: the grant pointers are dropped; the memory comes back only on reset.
  MemoryError terminate();

  // Debug hints from memop 10/11; ignored when outside the block.
  void set_stack_top_hint(uintptr_t address) { set_hint(&ProcessRecord::stack_top_hint, address); }
  void set_heap_start_hint(uintptr_t address) {
    set_hint(&ProcessRecord::heap_start_hint, address);
  }

  bool loaded() const { return unit_ != nullptr; }
  uintptr_t memory_start() const { return memory_start_; }
  uintptr_t memory_end() const { return memory_end_; }
  size_t memory_size() const { return memory_end_ - memory_start_; }
  uintptr_t app_break() const { return app_break_; }
  uintptr_t initial_app_break() const { return initial_app_break_; }
  uintptr_t allow_high_water_mark() const { return allow_high_water_mark_; }
  uintptr_t kernel_break() const { return kernel_break_; }
  uintptr_t kernel_area_start() const { return kernel_area_start_; }
  uintptr_t protected_end() const { return unit_->protected_end(layout(app_break_)); }
  size_t break_granularity() const { return unit_->break_granularity(layout(app_break_)); }
  const FlashRange& flash() const { return image_.flash; }
  const ProcessImage& image() const { return image_; }
  const KernelArea& kernel_area() const { return kernel_area_; }
  const Config& protection() const { return protection_; }
  uintptr_t restart_count() const { return record().restart_count; }
  uintptr_t stack_top_hint() const { return record().stack_top_hint; }
  uintptr_t heap_start_hint() const { return record().heap_start_hint; }

  // Where the kernel reaches [address, address + size) of this block; nullptr when the
  // range is not inside the block.
  unsigned char* kernel_pointer(uintptr_t address, size_t size) const {
    if (!loaded() || !range_within(address, size, memory_start_, memory_end_)) return nullptr;
    return at(address);
  }

  // The layout invariant and the grant table's consistency.
  bool invariants_hold() const;

 private:
  AppRamLayout layout(uintptr_t app_break) const {
    return {memory_start_, memory_size(), app_break, kernel_break_};
  }
  unsigned char* at(uintptr_t address) const { return kernel_view_ + (address - memory_start_); }
  void zero(uintptr_t from, uintptr_t to) const { __builtin_memset(at(from), 0, to - from); }

  uintptr_t table_slot(size_t index) const {
    return kernel_area_start_ + kernel_area_.grant_table_offset() + index * sizeof(GrantTableEntry);
  }
  GrantTableEntry table_entry(size_t index) const {
    GrantTableEntry entry;
    __builtin_memcpy(&entry, at(table_slot(index)), sizeof(entry));
    return entry;
  }
  void set_table_entry(size_t index, const GrantTableEntry& entry) {
    __builtin_memcpy(at(table_slot(index)), &entry, sizeof(entry));
  }
  // The slot holding `driver` (kNoDriver: the first free slot), or driver_count.
  size_t find_slot(uintptr_t driver) const {
    size_t i = 0;
    while (i < kernel_area_.driver_count && table_entry(i).driver != driver)
      ++i;
    return i;
  }
  ProcessRecord record() const {
    ProcessRecord value = {};
    if (loaded()) __builtin_memcpy(&value, at(record_address()), sizeof(value));
    return value;
  }
  void set_record(const ProcessRecord& value) {
    __builtin_memcpy(at(record_address()), &value, sizeof(value));
  }
  uintptr_t record_address() const { return kernel_area_start_ + kernel_area_.record_offset(); }
  void set_hint(uintptr_t ProcessRecord::*field, uintptr_t address) {
    if (!loaded() || address < memory_start_ || address >= memory_end_) return;
    ProcessRecord value = record();
    value.*field = address;
    set_record(value);
  }
  // Zeroes the block and lays out an empty kernel area.
  void clear_block(uintptr_t restart_count);

  const Unit* unit_ = nullptr;
  unsigned char* kernel_view_ = nullptr;
  uintptr_t memory_start_ = 0;
  uintptr_t memory_end_ = 0;
  uintptr_t initial_app_break_ = 0;
  uintptr_t app_break_ = 0;
  uintptr_t allow_high_water_mark_ = 0;
  uintptr_t kernel_break_ = 0;
  uintptr_t kernel_area_start_ = 0;
  KernelArea kernel_area_ = {};
  ProcessImage image_ = {};
  Config protection_ = {};
};

template <ProtectionUnit Unit>
MemoryError ProcessMemory<Unit>::load(const Unit& unit, const RamRegion& block,
                                      const KernelArea& kernel_area, const ProcessImage& image) {
  size_t area_size = 0;
  uintptr_t block_end = 0;
  uintptr_t flash_end = 0;
  if (loaded() || block.bytes == nullptr || !kernel_area.size(area_size) ||
      !checked_add(block.address, block.size, block_end) || block.address % kBlockAlignment != 0 ||
      block.size % kBlockAlignment != 0 ||
      !checked_add(image.flash.start, image.flash.size, flash_end) || image.flash.size == 0 ||
      image.writeable_flash_count > ProcessImage::kMaxWriteableFlashRegions ||
      ranges_overlap(image.flash.start, image.flash.size, block.address, block.size)) {
    return MemoryError::InvalidArgument;
  }
  for (size_t i = 0; i < image.writeable_flash_count; ++i) {
    const WriteableFlashRegion& region = image.writeable_flash[i];
    if (!range_within(region.start, region.size, image.flash.start, flash_end)) {
      return MemoryError::InvalidArgument;
    }
  }
  if (area_size > block.size) return MemoryError::OutOfMemory;
  const uintptr_t area_start = block_end - area_size;
  const AppRamLayout initial = {block.address, block.size,
                                block.address + unit.initial_break_size(), area_start};
  AppRamLayout needed = initial;
  if (!range_within(block.address, image.min_ram_size, block.address, area_start) ||
      !range_within(block.address, unit.initial_break_size(), block.address, area_start)) {
    return MemoryError::OutOfMemory;
  }
  Config config;
  const MemoryError error = unit.configure_process(config, image.flash, initial);
  if (error != MemoryError::None) return error;
  needed.app_break = block.address + image.min_ram_size;
  if (unit.protected_end(needed) > area_start) return MemoryError::OutOfMemory;

  unit_ = &unit;
  kernel_view_ = block.bytes;
  memory_start_ = block.address;
  memory_end_ = block_end;
  initial_app_break_ = initial.app_break;
  app_break_ = initial.app_break;
  allow_high_water_mark_ = block.address;
  kernel_break_ = area_start;
  kernel_area_start_ = area_start;
  kernel_area_ = kernel_area;
  image_ = image;
  protection_ = config;
  clear_block(0);
  return MemoryError::None;
}

template <ProtectionUnit Unit>
MemoryError ProcessMemory<Unit>::brk(uintptr_t new_break) {
  if (!loaded()) return MemoryError::NotLoaded;
  if (new_break < allow_high_water_mark_ || new_break >= memory_end_) {
    return MemoryError::AddressOutOfBounds;
  }
  if (new_break > kernel_break_) return MemoryError::OutOfMemory;
  const AppRamLayout moved = layout(new_break);
  Config config = protection_;
  const MemoryError error = unit_->update_app_ram(config, moved);
  if (error != MemoryError::None) return error;
  const uintptr_t old_break = app_break_;
  protection_ = config;
  app_break_ = new_break;
  // Everything the app gains reads as zero: [old break, new break) and any rounding
  // slack above it that was not accessible before.
  if (new_break > old_break) zero(old_break, unit_->protected_end(moved));
  return MemoryError::None;
}

template <ProtectionUnit Unit>
Result<uintptr_t> ProcessMemory<Unit>::sbrk(intptr_t delta) {
  if (!loaded()) return MemoryError::NotLoaded;
  uintptr_t target = 0;
  // 0 - (uintptr_t)delta is the magnitude of a negative delta, INTPTR_MIN included.
  const bool in_range =
      delta >= 0 ? checked_add(app_break_, static_cast<uintptr_t>(delta), target)
                 : checked_sub(app_break_, uintptr_t{0} - static_cast<uintptr_t>(delta), target);
  if (!in_range) return MemoryError::AddressOutOfBounds;
  const uintptr_t previous = app_break_;
  const MemoryError error = brk(target);
  if (error != MemoryError::None) return error;
  return previous;
}

template <ProtectionUnit Unit>
Result<GrantMemory> ProcessMemory<Unit>::allocate_grant(uint32_t driver, size_t size,
                                                        size_t alignment) {
  if (!loaded()) return MemoryError::NotLoaded;
  if (driver == kNoDriver || !is_power_of_two(alignment)) return MemoryError::InvalidArgument;
  if (find_slot(driver) != kernel_area_.driver_count) return MemoryError::GrantExists;
  const size_t slot = find_slot(kNoDriver);
  if (slot == kernel_area_.driver_count) return MemoryError::GrantTableFull;
  uintptr_t below = 0;
  if (!checked_sub(kernel_break_, size, below)) return MemoryError::OutOfMemory;
  const uintptr_t start = align_down(below, alignment);
  if (start < protected_end()) return MemoryError::OutOfMemory;
  zero(start, kernel_break_);
  set_table_entry(slot, {driver, start});
  kernel_break_ = start;
  return GrantMemory{start, at(start)};
}

template <ProtectionUnit Unit>
Result<GrantMemory> ProcessMemory<Unit>::grant(uint32_t driver) const {
  if (!loaded()) return MemoryError::NotLoaded;
  if (driver == kNoDriver) return MemoryError::InvalidArgument;
  const size_t slot = find_slot(driver);
  if (slot == kernel_area_.driver_count) return MemoryError::GrantNotFound;
  const uintptr_t address = table_entry(slot).address;
  return GrantMemory{address, at(address)};
}

template <ProtectionUnit Unit>
MemoryError ProcessMemory<Unit>::check_allow(uintptr_t address, size_t size, AllowKind kind) const {
  if (!loaded()) return MemoryError::NotLoaded;
  if (size == 0 || range_within(address, size, memory_start_, app_break_)) {
    return MemoryError::None;
  }
  if (kind == AllowKind::ReadOnly &&
      range_within(address, size, image_.flash.start, image_.flash.start + image_.flash.size)) {
    return MemoryError::None;
  }
  return MemoryError::AddressOutOfBounds;
}

template <ProtectionUnit Unit>
MemoryError ProcessMemory<Unit>::allow(uintptr_t address, size_t size, AllowKind kind) {
  const MemoryError error = check_allow(address, size, kind);
  if (error != MemoryError::None || size == 0) return error;
  // A RAM buffer raises the mark (a flash one lies outside [memory_start, app_break)).
  if (range_within(address, size, memory_start_, app_break_)) {
    const uintptr_t end = address + size;
    if (end > allow_high_water_mark_) allow_high_water_mark_ = end;
  }
  return MemoryError::None;
}

template <ProtectionUnit Unit>
MemoryError ProcessMemory<Unit>::reset() {
  if (!loaded()) return MemoryError::NotLoaded;
  const AppRamLayout initial = {memory_start_, memory_size(), initial_app_break_,
                                kernel_area_start_};
  Config config;
  const MemoryError error = unit_->configure_process(config, image_.flash, initial);
  if (error != MemoryError::None) return error;
  const uintptr_t restarts = record().restart_count + 1;
  protection_ = config;
  app_break_ = initial_app_break_;
  allow_high_water_mark_ = memory_start_;
  kernel_break_ = kernel_area_start_;
  clear_block(restarts);
  return MemoryError::None;
}

template <ProtectionUnit Unit>
MemoryError ProcessMemory<Unit>::terminate() {
  if (!loaded()) return MemoryError::NotLoaded;
  for (size_t i = 0; i < kernel_area_.driver_count; ++i)
    set_table_entry(i, {kNoDriver, 0});
  return MemoryError::None;
}

template <ProtectionUnit Unit>
void ProcessMemory<Unit>::clear_block(uintptr_t restart_count) {
  zero(memory_start_, memory_end_);
  for (size_t i = 0; i < kernel_area_.driver_count; ++i)
    set_table_entry(i, {kNoDriver, 0});
  ProcessRecord fresh = {};
  fresh.restart_count = restart_count;
  set_record(fresh);
}

template <ProtectionUnit Unit>
bool ProcessMemory<Unit>::invariants_hold() const {
  if (!loaded()) return true;
  const uintptr_t end = protected_end();
  if (!(memory_start_ <= allow_high_water_mark_ && allow_high_water_mark_ <= app_break_ &&
        app_break_ <= end && end <= kernel_break_ && kernel_break_ <= kernel_area_start_ &&
        kernel_area_start_ <= memory_end_)) {
    return false;
  }
  for (size_t i = 0; i < kernel_area_.driver_count; ++i) {
    const GrantTableEntry entry = table_entry(i);
    if (entry.driver == kNoDriver) continue;
    if (entry.address < kernel_break_ || entry.address > kernel_area_start_) return false;
    if (find_slot(entry.driver) != i) return false;  // one slot per driver
  }
  return true;
}

}  // namespace tide::kernel

#endif  // TIDE_KERNEL_PROCESS_MEMORY_H_
