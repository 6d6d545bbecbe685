// The C API (tide_malloc & co) over the global heap. The platform's program break is a
// static buffer here: this file's tide_platform_sbrk replaces the library's weak default.
// Each test is written against differences, so the tests also pass in one process.
#include <errno.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "test_source.h"
#include "tide/malloc.h"
#include "tide/platform.h"

namespace {

constexpr size_t kRegionBytes = 32 << 20;
alignas(65536) unsigned char g_region[kRegionBytes];
size_t g_used = 0;
size_t g_limit = kRegionBytes;
size_t g_sbrk_calls = 0;

uintptr_t addr(const void* pointer) {
  return reinterpret_cast<uintptr_t>(pointer);
}

bool in_region(const void* pointer) {
  return addr(pointer) >= addr(g_region) && addr(pointer) < addr(g_region) + g_used;
}

tide_heap_stats stats() {
  tide_heap_stats s{};
  tide_stats(&s);
  return s;
}

}  // namespace

extern "C" void* tide_platform_sbrk(intptr_t increment) {
  ++g_sbrk_calls;
  const size_t magnitude =
      increment < 0 ? static_cast<size_t>(-(increment + 1)) + 1 : static_cast<size_t>(increment);
  if (increment > 0 && magnitude > g_limit - g_used) return reinterpret_cast<void*>(-1);
  if (increment < 0 && magnitude > g_used) return reinterpret_cast<void*>(-1);
  void* previous = g_region + g_used;
  g_used = increment < 0 ? g_used - magnitude : g_used + magnitude;
  return previous;
}

namespace {

TEST(CApi, MallocTakesMemoryFromThePlatformBreak) {
  void* p = tide_malloc(100);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(in_region(p));
  EXPECT_EQ(addr(p) % (2 * sizeof(void*)), 0u);
  EXPECT_GT(g_sbrk_calls, 0u);
  EXPECT_EQ(g_used % 4096, 0u);  // the host's default granularity
  EXPECT_GE(tide_malloc_usable_size(p), 100u);
  std::memset(p, 0x77, 100);
  tide_free(p);
  tide_free(nullptr);
  EXPECT_EQ(tide_malloc_usable_size(nullptr), 0u);
  EXPECT_EQ(tide_check(nullptr), 1);
}

TEST(CApi, FreeingABigBlockGivesMemoryBack) {
  const tide_heap_policy policy = tide_default_policy();
  ASSERT_EQ(policy.trim, 1);
  void* big = tide_malloc(4 * policy.trim_threshold);
  ASSERT_NE(big, nullptr);
  const size_t high = g_used;
  const tide_heap_stats before = stats();
  tide_free(big);
  const tide_heap_stats after = stats();
  EXPECT_LT(g_used, high);
  EXPECT_EQ(after.shrink_count, before.shrink_count + 1);
  EXPECT_EQ(after.bytes_given_back - before.bytes_given_back, high - g_used);
  EXPECT_EQ(after.arena_bytes, before.arena_bytes - (high - g_used));
  // An explicit trim gives back the pad as well, and says how much.
  const size_t kept = g_used;
  const size_t given = tide_trim(0);
  EXPECT_EQ(given, kept - g_used);
  EXPECT_EQ(tide_trim(0), 0u);
}

TEST(CApi, FailuresSetErrno) {
  errno = 0;
  EXPECT_EQ(tide_malloc(SIZE_MAX), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  errno = 0;
  EXPECT_EQ(tide_calloc(SIZE_MAX / 2 + 1, 2), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  errno = 0;
  EXPECT_EQ(tide_aligned_alloc(24, 16), nullptr);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(tide_memalign(3, 16), nullptr);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  void* p = tide_malloc(16);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(tide_realloc(p, SIZE_MAX), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  tide_free(p);
}

TEST(CApi, PosixMemalign) {
  void* p = &p;  // a sentinel: untouched on failure
  void* const untouched = p;
  EXPECT_EQ(tide_posix_memalign(&p, 3, 16), EINVAL);
  EXPECT_EQ(tide_posix_memalign(&p, 0, 16), EINVAL);
  EXPECT_EQ(tide_posix_memalign(&p, sizeof(void*) / 2, 16), EINVAL);
  EXPECT_EQ(tide_posix_memalign(&p, 64, SIZE_MAX), ENOMEM);
  EXPECT_EQ(p, untouched);
  for (size_t alignment = sizeof(void*); alignment <= 65536; alignment *= 2) {
    ASSERT_EQ(tide_posix_memalign(&p, alignment, 100), 0) << alignment;
    EXPECT_EQ(addr(p) % alignment, 0u) << alignment;
    tide_free(p);
  }
  void* q = tide_aligned_alloc(4096, 4096);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(addr(q) % 4096, 0u);
  tide_free(q);
}

TEST(CApi, ReallocFollowsC) {
  const size_t blocks = stats().allocated_blocks;
  char* p = static_cast<char*>(tide_realloc(nullptr, 10));
  ASSERT_NE(p, nullptr);
  std::memcpy(p, "0123456789", 10);
  p = static_cast<char*>(tide_realloc(p, 5000));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, "0123456789", 10), 0);
  p = static_cast<char*>(tide_realloc(p, 4));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, "0123", 4), 0);
  EXPECT_EQ(stats().allocated_blocks, blocks + 1);
  // realloc(p, 0): the old block is released either way (a minimal block may remain).
  void* q = tide_realloc(p, 0);
  EXPECT_EQ(stats().allocated_blocks, blocks + (q != nullptr ? 1 : 0));
  tide_free(q);
  EXPECT_EQ(stats().allocated_blocks, blocks);
}

TEST(CApi, CallocZeroesReusedMemory) {
  void* dirty[64];
  for (void*& p : dirty) {
    p = tide_malloc(300);
    ASSERT_NE(p, nullptr);
    std::memset(p, 0xA5, 300);
  }
  for (void* p : dirty)
    tide_free(p);
  for (int i = 0; i < 64; ++i) {
    auto* p = static_cast<unsigned char*>(tide_calloc(3, 100));
    ASSERT_NE(p, nullptr);
    for (size_t j = 0; j < 300; ++j)
      ASSERT_EQ(p[j], 0) << i << " " << j;
    dirty[i] = p;
  }
  for (void* p : dirty)
    tide_free(p);
}

TEST(CApi, PolicyOptions) {
  tide_heap_policy saved{};
  tide_get_policy(&saved);
  size_t value = 0;
  EXPECT_EQ(tide_mallopt(TIDE_OPT_TOP_PAD, 8192), 1);
  ASSERT_EQ(tide_get_option(TIDE_OPT_TOP_PAD, &value), 1);
  EXPECT_EQ(value, 8192u);
  EXPECT_EQ(tide_mallopt(TIDE_OPT_GRANULARITY, 3), 0);
  EXPECT_EQ(tide_set_option(TIDE_OPT_GRANULARITY, 3), TIDE_POLICY_NOT_POWER_OF_TWO);
  EXPECT_EQ(tide_set_option(99, 1), TIDE_POLICY_UNKNOWN_OPTION);
  EXPECT_EQ(tide_get_option(99, &value), 0);
  ASSERT_EQ(tide_get_option(TIDE_OPT_GRANULARITY, &value), 1);
  EXPECT_EQ(value, saved.granularity);

  tide_heap_policy wanted = saved;
  wanted.poison = 1;
  wanted.check = TIDE_CHECK_FULL;
  EXPECT_EQ(tide_set_policy(&wanted), TIDE_POLICY_OK);
  tide_heap_policy got{};
  tide_get_policy(&got);
  EXPECT_TRUE(tide_test::same_policy(got, wanted));
  wanted.trim = 5;
  EXPECT_EQ(tide_set_policy(&wanted), TIDE_POLICY_OUT_OF_RANGE);
  tide_get_policy(&got);
  EXPECT_EQ(got.trim, saved.trim);
  EXPECT_EQ(tide_set_policy(&saved), TIDE_POLICY_OK);
}

const char* fake_getenv(const char* name) {
  if (std::strcmp(name, "TIDE_TOP_PAD") == 0) return "16K";
  if (std::strcmp(name, "TIDE_MIN_GROW") == 0) return "lots";
  return nullptr;
}

const char* good_getenv(const char* name) {
  return std::strcmp(name, "TIDE_TOP_PAD") == 0 ? "16K" : nullptr;
}

TEST(CApi, ApplyEnvironment) {
  tide_heap_policy saved{};
  tide_get_policy(&saved);
  const char* bad = nullptr;
  EXPECT_EQ(tide_apply_environment(&fake_getenv, &bad), TIDE_POLICY_BAD_TEXT);
  ASSERT_NE(bad, nullptr);
  EXPECT_STREQ(bad, "TIDE_MIN_GROW");
  tide_heap_policy got{};
  tide_get_policy(&got);
  EXPECT_EQ(got.top_pad, saved.top_pad);
  EXPECT_EQ(tide_apply_environment(&good_getenv, &bad), TIDE_POLICY_OK);
  tide_get_policy(&got);
  EXPECT_EQ(got.top_pad, 16384u);
  EXPECT_EQ(tide_set_policy(&saved), TIDE_POLICY_OK);
}

struct Captured {
  int calls = 0;
  tide_heap_error last{};
};

void capture(const tide_heap_error* error, void* context) {
  auto* captured = static_cast<Captured*>(context);
  ++captured->calls;
  captured->last = *error;
}

TEST(CApi, ErrorHookCheckAndWalk) {
  Captured captured;
  tide_set_error_hook(&capture, &captured);
  void* p = tide_malloc(64);
  tide_free(p);
  tide_free(p);
  EXPECT_EQ(captured.calls, 1);
  EXPECT_EQ(captured.last.kind, TIDE_ERROR_DOUBLE_FREE);
  EXPECT_EQ(captured.last.pointer, p);
  tide_set_error_hook(nullptr, nullptr);

  tide_heap_error error{};
  EXPECT_EQ(tide_check(&error), 1);
  void* live = tide_malloc(48);
  struct Count {
    size_t blocks = 0;
    size_t in_use = 0;
    bool saw_live = false;
    void* live = nullptr;
  } count;
  count.live = live;
  tide_walk(
      [](const tide_block_info* block, void* context) {
        auto* c = static_cast<Count*>(context);
        ++c->blocks;
        c->in_use += block->in_use ? 1 : 0;
        c->saw_live = c->saw_live || block->pointer == c->live;
        return 1;
      },
      &count);
  EXPECT_TRUE(count.saw_live);
  EXPECT_EQ(count.in_use, stats().allocated_blocks);
  EXPECT_EQ(count.blocks, stats().allocated_blocks + stats().free_blocks);
  tide_free(live);
}

struct LockCount {
  int locks = 0;
  int unlocks = 0;
};

TEST(CApi, LockHooksBracketEveryCall) {
  LockCount count;
  tide_set_lock_hooks([](void* c) { ++static_cast<LockCount*>(c)->locks; },
                      [](void* c) { ++static_cast<LockCount*>(c)->unlocks; }, &count);
  void* p = tide_malloc(10);
  EXPECT_EQ(count.locks, 1);
  EXPECT_EQ(count.unlocks, 1);
  tide_free(p);
  EXPECT_EQ(count.locks, 2);
  EXPECT_EQ(count.unlocks, 2);
  tide_set_lock_hooks(nullptr, nullptr, nullptr);
  p = tide_malloc(10);
  tide_free(p);
  EXPECT_EQ(count.locks, 2);
}

struct OomCount {
  int calls = 0;
  size_t request = 0;
};

TEST(CApi, OutOfMemoryCallsTheHandlerAndFails) {
  OomCount count;
  tide_set_oom_handler(
      [](size_t request, void* c) {
        auto* count_ = static_cast<OomCount*>(c);
        ++count_->calls;
        count_->request = request;
        return 0;
      },
      &count);
  const size_t failed = stats().failed_requests;
  g_limit = g_used + 64 * 1024;
  errno = 0;
  EXPECT_EQ(tide_malloc(1 << 20), nullptr);
  EXPECT_EQ(errno, ENOMEM);
  EXPECT_EQ(count.calls, 1);
  EXPECT_EQ(count.request, size_t{1} << 20);
  EXPECT_EQ(stats().failed_requests, failed + 1);
  g_limit = kRegionBytes;
  tide_set_oom_handler(nullptr, nullptr);
  void* p = tide_malloc(1 << 20);
  EXPECT_NE(p, nullptr);
  tide_free(p);
}

TEST(CApiDeathTest, DoubleFreeAbortsWithTheDefaultHook) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  void* p = tide_malloc(64);
  tide_free(p);
  EXPECT_DEATH(tide_free(p), "heap error: double free");
}

}  // namespace
