// Exhaustive break sweeps shared by the MPU and PMP tests: move the break to every word
// of a block and check, from the register values alone (protection_decoders.h), that
// user access is exactly [memory_start, break rounded as the unit rounds it), that
// nothing at or above the kernel break is reachable, and that grants never land in
// user-accessible memory.
#ifndef TIDE_TESTS_KERNEL_MEMORY_PROTECTION_SWEEP_H_
#define TIDE_TESTS_KERNEL_MEMORY_PROTECTION_SWEEP_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "test_board.h"

namespace tide::test {

// Addresses to probe: every word around the block when `every_word`, otherwise the
// first and last word of each 32-byte granule (the MPU's smallest unit) plus every word
// within 64 bytes of each boundary that matters.
inline std::vector<uint64_t> probe_addresses(uint64_t start, uint64_t end,
                                             std::initializer_list<uint64_t> boundaries,
                                             bool every_word) {
  std::vector<uint64_t> out;
  const uint64_t low = start >= 64 ? start - 64 : 0;
  const uint64_t high = end + 64;
  for (uint64_t a = low; a < high; a += 4) {
    bool take = every_word || a % 32 == 0 || a % 32 == 28;
    for (uint64_t b : boundaries)
      take = take || (a + 64 > b && a < b + 64);
    if (take) out.push_back(a);
  }
  return out;
}

// Checks the process's registers against the expected user view; returns false (after
// reporting the first difference) on a mismatch.
template <class Unit>
bool user_view_matches(const Unit& unit, const ProcessMemory<Unit>& p, bool every_word) {
  const uintptr_t start = p.memory_start();
  const uintptr_t end_of_user = expected_user_end(unit, start, p.memory_size(), p.app_break());
  EXPECT_EQ(p.protected_end(), end_of_user);
  EXPECT_LE(end_of_user, p.kernel_break());
  const auto probes = probe_addresses(start, p.memory_end(),
                                      {start, p.app_break(), end_of_user, p.kernel_break(),
                                       start + p.memory_size() / 2, p.memory_end()},
                                      every_word);
  for (uint64_t a : probes) {
    const Access want = (a >= start && a < end_of_user) ? kReadWrite : kNoAccess;
    const Access got = user_access(p.protection(), a);
    if (!(got == want)) {
      ADD_FAILURE() << std::hex << "address 0x" << a << " break 0x" << p.app_break() << " block [0x"
                    << start << ", 0x" << p.memory_end() << ") kernel break 0x" << p.kernel_break()
                    << ": got r" << got.read << " w" << got.write << " x" << got.execute
                    << " valid " << got.valid;
      return false;
    }
  }
  const auto flash = p.flash();
  EXPECT_TRUE(user_access(p.protection(), flash.start) == kReadExecute);
  EXPECT_TRUE(user_access(p.protection(), flash.start + flash.size - 4) == kReadExecute);
  EXPECT_TRUE(user_access(p.protection(), flash.start + flash.size) == kNoAccess);
  if (flash.start >= 4) {
    EXPECT_TRUE(user_access(p.protection(), flash.start - 4) == kNoAccess);
  }
  return true;
}

// Every break position, every 4 bytes across the block (and past its end).
template <class Unit>
void sweep_breaks(TestBoard<Unit>& board, size_t min_ram, size_t expected_block,
                  size_t grant_bytes) {
  ProcessMemory<Unit> p;
  board.load(p, min_ram);
  ASSERT_EQ(p.memory_size(), expected_block);
  if (grant_bytes > 0) {
    ASSERT_TRUE(p.allocate_grant(1, grant_bytes, 4).ok());
  }
  const bool every_word = expected_block <= 4096;
  const uintptr_t start = p.memory_start();
  const uintptr_t kb = p.kernel_break();
  ASSERT_TRUE(user_view_matches(board.unit(), p, true));
  for (uintptr_t b = start; b <= p.memory_end(); b += 4) {
    const bool representable = b < p.memory_end() && b <= kb &&
                               expected_user_end(board.unit(), start, expected_block, b) <= kb;
    const MemoryError error = p.brk(b);
    ASSERT_EQ(error == MemoryError::None, representable) << std::hex << "break 0x" << b;
    if (!representable) {
      ASSERT_EQ(error,
                b >= p.memory_end() ? MemoryError::AddressOutOfBounds : MemoryError::OutOfMemory);
    }
    ASSERT_TRUE(p.invariants_hold());
    ASSERT_TRUE(user_view_matches(board.unit(), p, every_word)) << std::hex << "break 0x" << b;
  }
}

// For breaks across the block: fill the gap with grants and check none is reachable.
template <class Unit>
void sweep_grants(TestBoard<Unit>& board, size_t min_ram, size_t step) {
  ProcessMemory<Unit> p;
  board.load(p, min_ram);
  for (uintptr_t b = p.memory_start(); b < p.kernel_area_start(); b += step) {
    ASSERT_EQ(p.reset(), MemoryError::None);
    if (p.brk(b) != MemoryError::None) continue;
    const size_t sizes[] = {(p.kernel_break() - p.protected_end()) / 3, 5, 1, SIZE_MAX};
    uint32_t driver = 1;
    for (size_t size : sizes) {
      const size_t gap = p.kernel_break() - p.protected_end();
      const size_t want = size == SIZE_MAX ? gap : size;
      auto g = p.allocate_grant(driver++, want, size == 5 ? 8 : 1);
      if (!g.ok()) {
        ASSERT_EQ(g.error(), MemoryError::OutOfMemory);
        continue;
      }
      ASSERT_GE(g.value().address, p.protected_end());
      for (uintptr_t a = g.value().address & ~uintptr_t{3}; a < g.value().address + want; a += 4) {
        if (a < g.value().address) continue;
        ASSERT_TRUE(user_access(p.protection(), a) == kNoAccess)
            << std::hex << "grant word 0x" << a;
      }
      ASSERT_TRUE(p.invariants_hold());
    }
  }
}

}  // namespace tide::test

#endif  // TIDE_TESTS_KERNEL_MEMORY_PROTECTION_SWEEP_H_
