// A shadow model of a heap, for the random stress test and the fuzz harness.
//
// ShadowHeap performs every operation on a real heap over a TestSource and mirrors it in
// a model of the live blocks (ordered by address). It checks what the heap promises:
//   * every block handed out lies in the source's memory, is aligned as asked, holds its
//     requested size (usable_size) and overlaps no other live block;
//   * each live block keeps the pattern written into it (a token and a fill byte) until
//     it is freed or resized; a resized block keeps its prefix; calloc memory is zero;
//   * statistics agree with the model: allocated_blocks, in_use >= requested bytes,
//     arena = in_use + free + span overhead = what the source handed over;
//   * heap.check() passes.
// The first violation is recorded (ok() turns false, error() says what); the caller
// stops there.
//
// run_operation() picks one operation (malloc, aligned, calloc, realloc, free, trim,
// policy change, source refusal, foreign sbrk) with any chooser that has
// `uint32_t next()`; the stress test uses a seeded generator, the fuzz harness its input.
#ifndef TIDE_TESTS_ALLOC_HEAP_MODEL_H_
#define TIDE_TESTS_ALLOC_HEAP_MODEL_H_

#include <stddef.h>
#include <stdint.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "test_source.h"

namespace tide_test {

class ShadowHeap {
 public:
  // Token bytes at the start of each block (a block's id); the rest is its fill byte.
  static constexpr size_t kTokenBytes = sizeof(uint32_t);

  ShadowHeap(TestHeap& heap, TestSource& source) : heap_(heap), source_(source) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t live() const { return order_.size(); }
  size_t failures() const { return failures_; }
  size_t foreign_bytes() const { return foreign_bytes_; }

  void allocate(size_t size) { adopt(heap_.allocate(size), size, 1, false); }
  void allocate_aligned(size_t alignment, size_t size) {
    adopt(heap_.allocate_aligned(alignment, size), size, alignment, false);
  }
  void allocate_zeroed(size_t count, size_t size) {
    size_t total = 0;
    if (__builtin_mul_overflow(count, size, &total)) {
      if (heap_.allocate_zeroed(count, size) != nullptr) fail("calloc overflow not refused");
      return;
    }
    adopt(heap_.allocate_zeroed(count, size), total, 1, true);
  }

  // Resizes the live block at `index` (modulo the number of live blocks).
  void reallocate(size_t index, size_t size) {
    if (order_.empty()) return allocate(size);
    const uintptr_t old = order_[index % order_.size()];
    const Block block = blocks_.at(old);
    if (!intact(old, block)) return;
    void* moved = heap_.reallocate(reinterpret_cast<void*>(old), size);
    if (moved == nullptr) {
      if (size == 0) {  // realloc(p, 0) may free p and return NULL
        forget(old);
        return;
      }
      ++failures_;
      if (!intact(old, block)) fail("a failed realloc changed the block");
      return;
    }
    forget(old);
    const size_t kept = block.size < size ? block.size : size;
    Block prefix = block;
    prefix.size = kept;
    if (!intact(addr(moved), prefix)) return fail("realloc lost the contents");
    adopt(moved, size, 1, false);
  }

  void release(size_t index) {
    if (order_.empty()) return;
    const uintptr_t at = order_[index % order_.size()];
    if (!intact(at, blocks_.at(at))) return;
    forget(at);
    heap_.deallocate(reinterpret_cast<void*>(at));
  }

  void trim(size_t pad) {
    const size_t before = source_.used();
    const size_t given = heap_.trim(pad);
    if (before - source_.used() != given) fail("trim's result differs from the break's move");
  }

  void set_option(int option, size_t value) {
    const tide::HeapPolicy before = heap_.policy();
    const tide_policy_error result = heap_.set_option(option, value);
    const tide::HeapPolicy after = heap_.policy();
    if (result != TIDE_POLICY_OK && !same_policy(before, after)) {
      fail("a refused option changed the policy");
    }
  }

  bool foreign_grow(size_t bytes) {
    if (!source_.foreign_grow(bytes)) return false;
    foreign_bytes_ += bytes;
    return true;
  }

  // Checks the heap, the statistics, and (when `contents`) every live block's pattern.
  void verify(bool contents) {
    tide::HeapError error{};
    if (!heap_.check(&error)) {
      return fail(std::string("check failed: ") + (error.what ? error.what : "?") + " kind " +
                  std::to_string(error.kind));
    }
    const tide::HeapStats stats = heap_.stats();
    if (stats.allocated_blocks != order_.size()) fail("allocated_blocks disagrees");
    if (stats.in_use_bytes < requested_) fail("in_use_bytes below the requested bytes");
    // A span adopted at a foreign, unaligned break starts up to kAlign - 1 bytes later.
    const size_t accounted = stats.in_use_bytes + stats.free_bytes + stats.spans * kSpanOverhead;
    if (stats.arena_bytes < accounted ||
        stats.arena_bytes - accounted > stats.spans * (kAlign - 1)) {
      fail("arena " + std::to_string(stats.arena_bytes) + " is not in use " +
           std::to_string(stats.in_use_bytes) + " + free " + std::to_string(stats.free_bytes) +
           " + span overhead of " + std::to_string(stats.spans) + " spans");
    }
    if (stats.arena_bytes != source_.used() - foreign_bytes_) {
      fail("arena differs from what the source handed over");
    }
    if (contents) {
      for (const auto& [at, block] : blocks_) {
        if (!intact(at, block)) return;
      }
    }
  }

 private:
  struct Block {
    size_t size;
    uint32_t token;
    unsigned char fill;
    size_t slot;  // index in order_
  };

  void fail(const std::string& what) {
    if (error_.empty()) error_ = what;
  }

  void adopt(void* pointer, size_t size, size_t alignment, bool zeroed) {
    if (pointer == nullptr) {
      ++failures_;
      return;
    }
    const uintptr_t at = addr(pointer);
    if (at < source_.base() || at + size > source_.brk()) return fail("block outside the source");
    const size_t align = alignment > kAlign ? alignment : kAlign;
    if (at % align != 0) return fail("block misaligned");
    if (heap_.usable_size(pointer) < size) return fail("usable_size below the request");
    const size_t extent = size == 0 ? 1 : size;
    const auto next = blocks_.lower_bound(at);
    if (next != blocks_.end() && next->first < at + extent) return fail("overlaps a later block");
    if (next != blocks_.begin()) {
      const auto previous = std::prev(next);
      const size_t previous_extent = previous->second.size == 0 ? 1 : previous->second.size;
      if (previous->first + previous_extent > at) return fail("overlaps an earlier block");
    }
    if (zeroed) {
      const auto* bytes = static_cast<const unsigned char*>(pointer);
      if (size > 0 && (bytes[0] != 0 || std::memcmp(bytes, bytes + 1, size - 1) != 0)) {
        return fail("calloc memory is not zero");
      }
    }
    Block block{size, ++next_token_, static_cast<unsigned char>(next_token_ * 131 + 7),
                order_.size()};
    write_pattern(at, block);
    blocks_.emplace(at, block);
    order_.push_back(at);
    requested_ += size;
  }

  void forget(uintptr_t at) {
    const auto found = blocks_.find(at);
    const size_t slot = found->second.slot;
    requested_ -= found->second.size;
    order_[slot] = order_.back();
    blocks_.at(order_[slot]).slot = slot;
    order_.pop_back();
    blocks_.erase(found);
  }

  static void write_pattern(uintptr_t at, const Block& block) {
    auto* bytes = reinterpret_cast<unsigned char*>(at);
    const size_t token = block.size < kTokenBytes ? block.size : kTokenBytes;
    std::memcpy(bytes, &block.token, token);
    if (block.size > token) std::memset(bytes + token, block.fill, block.size - token);
  }

  bool intact(uintptr_t at, const Block& block) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(at);
    const size_t token = block.size < kTokenBytes ? block.size : kTokenBytes;
    bool same = std::memcmp(bytes, &block.token, token) == 0;
    if (same && block.size > token) {
      same = bytes[token] == block.fill &&
             std::memcmp(bytes + token, bytes + token + 1, block.size - token - 1) == 0;
    }
    if (!same) fail("block " + std::to_string(block.token) + " was overwritten");
    return same;
  }

  TestHeap& heap_;
  TestSource& source_;
  std::map<uintptr_t, Block> blocks_;
  std::vector<uintptr_t> order_;
  size_t requested_ = 0;
  size_t failures_ = 0;
  size_t foreign_bytes_ = 0;
  uint32_t next_token_ = 0;
  std::string error_;
};

// Limits of the operation mix.
struct OperationMix {
  size_t max_size = 256 * 1024;  // largest single request
  size_t target_live = 2000;     // frees outweigh allocations above this
  bool full_checks = true;       // may switch the check level to "full" (slow)
  size_t foreign_budget = 0;     // bytes of foreign sbrk allowed in all
};

// A request size: mostly small, sometimes medium, rarely large.
template <class Chooser>
size_t pick_size(Chooser& choose, size_t max_size) {
  const uint32_t r = choose.next();
  const uint32_t band = r % 100;
  size_t limit = band < 70 ? 128 : band < 90 ? 2048 : band < 99 ? 32 * 1024 : max_size;
  if (limit > max_size) limit = max_size;
  return static_cast<size_t>(choose.next()) % (limit + 1);
}

template <class Chooser>
void change_policy(ShadowHeap& model, Chooser& choose, const OperationMix& mix) {
  const uint32_t r = choose.next();
  const size_t value = static_cast<size_t>(choose.next());
  switch (r % 10) {
    case 0:
      model.set_option(TIDE_OPT_GRANULARITY, value % 3 == 0 ? 0 : size_t{16} << (value % 13));
      break;
    case 1:
      model.set_option(TIDE_OPT_MIN_GROW, value % (256 * 1024));
      break;
    case 2:
      model.set_option(TIDE_OPT_TRIM, value % 2);
      break;
    case 3:
      model.set_option(TIDE_OPT_TRIM_THRESHOLD, value % (512 * 1024));
      break;
    case 4:
      model.set_option(TIDE_OPT_TOP_PAD, value % (128 * 1024));
      break;
    case 5:
      model.set_option(TIDE_OPT_POISON, value % 2);
      break;
    case 6:
      model.set_option(TIDE_OPT_CHECK, mix.full_checks ? value % 3 : value % 2);
      break;
    case 7:
      model.set_option(TIDE_OPT_MAX_HEAP, value % 4 == 0 ? (value % 64) << 20 : 0);
      break;
    case 8:
      model.set_option(TIDE_OPT_ADAPTIVE_TRIM, value % 2);
      break;
    default:
      model.set_option(static_cast<int>(value % 12), value);  // may be refused
      break;
  }
}

template <class Chooser>
void run_operation(ShadowHeap& model, TestSource& source, Chooser& choose,
                   const OperationMix& mix) {
  const uint32_t r = choose.next() % 1000;
  // Allocation outweighs freeing below the target number of live blocks, and the other
  // way round above it; freeing takes what the allocations leave below 990.
  const uint32_t allocate_below = model.live() > mix.target_live ? 250 : 450;
  const uint32_t aligned_below = allocate_below + 50;
  const uint32_t zeroed_below = aligned_below + 30;
  const uint32_t resize_below = zeroed_below + 60;
  if (r < allocate_below) {
    model.allocate(pick_size(choose, mix.max_size));
  } else if (r < aligned_below) {
    const size_t alignment = size_t{1} << (choose.next() % 17);
    model.allocate_aligned(alignment, pick_size(choose, mix.max_size));
  } else if (r < zeroed_below) {
    const size_t count = choose.next() % 64;
    model.allocate_zeroed(count, pick_size(choose, mix.max_size) / (count + 1));
  } else if (r < resize_below) {
    const size_t index = choose.next();
    model.reallocate(index, pick_size(choose, mix.max_size));
  } else if (r < 990) {
    model.release(choose.next());
  } else if (r < 993) {
    model.trim(static_cast<size_t>(choose.next()) % (64 * 1024));
  } else if (r < 997) {
    change_policy(model, choose, mix);
  } else if (r < 999) {
    source.refuse_grow(choose.next() % 4 == 0);
    source.refuse_shrink(choose.next() % 4 == 0);
  } else if (model.foreign_bytes() < mix.foreign_budget) {
    model.foreign_grow(static_cast<size_t>(choose.next() % 8192));
  }
}

}  // namespace tide_test

#endif  // TIDE_TESTS_ALLOC_HEAP_MODEL_H_
