// The standard names and operator new/delete linked statically: this whole test program
// runs on Tide's global heap over the real program break (malloc, operator new,
// GoogleTest's own allocations), with tide::host's pthread lock installed.
#include <errno.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <new>
#include <thread>
#include <vector>

#include "tide/host/pthread_lock.h"
#include "tide/malloc.h"

namespace {

const bool kLockInstalled = (tide::host::install_global_heap_lock(), true);

// Sizes the compiler cannot see through, so it neither folds nor warns about them.
volatile size_t huge = SIZE_MAX / 2;
volatile size_t too_big = SIZE_MAX;

uintptr_t brk_now() {
  return reinterpret_cast<uintptr_t>(sbrk(0));
}

TEST(GlobalHeapLock, ThreadsMallocAndFreeConcurrently) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      std::vector<std::vector<int>> owned;
      for (int i = 0; i < 20000; ++i) {
        owned.emplace_back(static_cast<size_t>((i * 13 + t) % 300), i);
        if (owned.size() > 100) owned.erase(owned.begin(), owned.begin() + 50);
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(tide_check(nullptr), 1);
}

TEST(StdNames, FollowC) {
  errno = 0;
  EXPECT_EQ(malloc(too_big), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  EXPECT_EQ(calloc(huge, 4), nullptr);
  void* block = malloc(100);
  ASSERT_NE(block, nullptr);
  EXPECT_GE(malloc_usable_size(block), 100u);
  void* volatile unchanged = block;  // the compiler must not assume reallocarray freed it
  EXPECT_EQ(reallocarray(block, huge, 8), nullptr);  // overflow: block untouched
  block = reallocarray(unchanged, 50, 8);
  ASSERT_NE(block, nullptr);
  EXPECT_GE(malloc_usable_size(block), 400u);
  free(block);
  void* aligned = nullptr;
  EXPECT_EQ(posix_memalign(&aligned, 24, 10), EINVAL);
  EXPECT_EQ(posix_memalign(&aligned, 4096, 10), 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % 4096, 0u);
  free(aligned);
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  void* v = valloc(10);
  void* pv = pvalloc(page + 1);
  ASSERT_NE(v, nullptr);
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(v) % page, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(pv) % page, 0u);
  EXPECT_GE(malloc_usable_size(pv), 2 * page);
  EXPECT_EQ(pvalloc(too_big), nullptr);
  free(v);
  free(pv);
  void* a = aligned_alloc(64, 128);
  void* m = memalign(256, 10);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(m) % 256, 0u);
  free(a);
  free(m);
  EXPECT_EQ(tide_check(nullptr), 1);
}

TEST(StdNames, MallocTrimGivesBackThroughTideTrim) {
  void* big = malloc(1 << 20);
  ASSERT_NE(big, nullptr);
  tide_set_option(TIDE_OPT_TRIM, 0);
  free(big);
  const uintptr_t before = brk_now();
  EXPECT_EQ(malloc_trim(0), 1);
  EXPECT_LT(brk_now(), before);
  tide_set_option(TIDE_OPT_TRIM, 1);
}

int handler_calls = 0;
void give_up() {
  ++handler_calls;
  std::set_new_handler(nullptr);  // the next failure throws
}

TEST(NewDelete, FailureCallsTheNewHandlerThenThrowsBadAlloc) {
  handler_calls = 0;
  std::set_new_handler(&give_up);
  EXPECT_THROW(static_cast<void>(::operator new(huge)), std::bad_alloc);
  EXPECT_EQ(handler_calls, 1);
  std::set_new_handler(&give_up);
  EXPECT_THROW(static_cast<void>(::operator new[](huge, std::align_val_t{64})), std::bad_alloc);
  EXPECT_EQ(handler_calls, 2);
  EXPECT_EQ(std::get_new_handler(), nullptr);
}

TEST(NewDelete, NothrowFormsReturnNull) {
  EXPECT_EQ(::operator new(huge, std::nothrow), nullptr);
  EXPECT_EQ(::operator new[](huge, std::nothrow), nullptr);
  EXPECT_EQ(::operator new (huge, std::align_val_t{128}, std::nothrow), nullptr);
  EXPECT_EQ(::operator new[](huge, std::align_val_t{128}, std::nothrow), nullptr);
}

TEST(NewDelete, EveryFormAllocatesFromTideAndFreesBack) {
  tide_heap_stats before{};
  tide_stats(&before);
  void* plain = ::operator new(40);
  void* array = ::operator new[](0);  // a unique pointer, not null
  void* quiet = ::operator new(24, std::nothrow);
  ASSERT_NE(array, nullptr);
  EXPECT_NE(array, plain);
  tide_heap_stats during{};
  tide_stats(&during);
  EXPECT_EQ(during.allocated_blocks, before.allocated_blocks + 3);
  ::operator delete (plain, size_t{40});
  ::operator delete[](array);
  ::operator delete(quiet, std::nothrow);
  for (size_t alignment = 16; alignment <= 65536; alignment *= 2) {
    void* one = ::operator new (alignment / 3 + 1, std::align_val_t{alignment});
    void* many = ::operator new[](alignment * 2, std::align_val_t{alignment}, std::nothrow);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(one) % alignment, 0u) << alignment;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(many) % alignment, 0u) << alignment;
    ::operator delete (one, alignment / 3 + 1, std::align_val_t{alignment});
    ::operator delete[](many, std::align_val_t{alignment}, std::nothrow);
  }
  tide_heap_stats after{};
  tide_stats(&after);
  EXPECT_EQ(after.allocated_blocks, before.allocated_blocks);
}

TEST(NewDelete, NewExpressionsUseTide) {
  struct alignas(256) Wide {
    unsigned char bytes[300];
  };
  auto* wide = new Wide[3];
  EXPECT_EQ(reinterpret_cast<uintptr_t>(wide) % 256, 0u);
  EXPECT_GE(tide_malloc_usable_size(reinterpret_cast<unsigned char*>(wide) - 0), 900u);
  delete[] wide;
  auto* numbers = new std::vector<int>(1000, 7);
  EXPECT_EQ(tide_check(nullptr), 1);
  delete numbers;
}

}  // namespace
