// A memory source for heap tests, and the layout arithmetic the tests derive their
// expectations from.
//
// TestSource is a fixed buffer with a movable break, like FixedRegionSource, that the
// test can steer and watch:
//   * refuse_grow / refuse_shrink make the next calls fail (the break stays put);
//   * break_granularity() reports a configurable step (a GranularMemorySource);
//   * foreign_grow / foreign_shrink move the break as someone else's sbrk would;
//     race_grows(n, bytes) has someone else take `bytes` just before each of the next n
//     grows land (after the heap read the break);
//   * every successful grow and shrink is recorded with the break after it, and every
//     call is counted.
// The buffer is filled with kJunk so that memory the heap gets is never accidentally zero.
#ifndef TIDE_TESTS_ALLOC_TEST_SOURCE_H_
#define TIDE_TESTS_ALLOC_TEST_SOURCE_H_

#include <stddef.h>
#include <stdint.h>

#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "tide/heap.h"

namespace tide_test {

// The documented layout (heap_core.h): header one word, alignment two words, smallest
// block four words; a span is three words (two links and a pad) with span adoption, one
// word (the pad) without, then its blocks and a one-word sentinel.
inline constexpr size_t kWord = sizeof(void*);
inline constexpr size_t kAlign = 2 * kWord;
inline constexpr size_t kMinBlock = 4 * kWord;
inline constexpr size_t kOverhead = kWord;
inline constexpr size_t kSpanHead = 3 * kWord;
inline constexpr size_t kSpanOverhead = kSpanHead + kWord;
inline constexpr unsigned char kJunk = 0xEE;

constexpr size_t round_up(size_t value, size_t step) {
  return (value + step - 1) / step * step;
}
constexpr size_t round_down(size_t value, size_t step) {
  return value / step * step;
}

// The block a request of `size` bytes occupies.
constexpr size_t block_for(size_t size) {
  const size_t block = round_up(size + kOverhead, kAlign);
  return block < kMinBlock ? kMinBlock : block;
}
// What usable_size reports for a block of `block` bytes.
constexpr size_t usable_of(size_t block) {
  return block - kOverhead;
}

// Bytes a trim gives back from a free top block of `top` bytes keeping `pad` usable
// bytes free: whole steps of `granularity`, leaving either no top block or one of at
// least kMinBlock.
constexpr size_t expected_release(size_t top, size_t pad, size_t granularity) {
  const size_t keep = pad == 0 ? 0 : block_for(pad);
  if (top <= keep) return 0;
  size_t release = round_down(top - keep, granularity);
  if (release != top && top - release < kMinBlock) {
    release = release >= granularity ? release - granularity : 0;
  }
  return release;
}

struct SourceEvent {
  bool grow;        // false: shrink
  size_t bytes;     // how far the break moved
  uintptr_t after;  // the break after the move
};

class TestSource {
 public:
  TestSource(unsigned char* base, size_t capacity, size_t granularity = 0)
      : base_(base), break_(base), capacity_(capacity), granularity_(granularity) {}

  void* grow(size_t bytes) {
    ++grow_calls_;
    if (races_left_ > 0) {
      --races_left_;
      foreign_grow(race_bytes_);
    }
    if (refuse_grow_ || bytes > capacity_ - used()) return nullptr;
    unsigned char* old = break_;
    break_ += bytes;
    if (bytes != 0) record(true, bytes);
    return old;
  }

  bool shrink(size_t bytes) {
    ++shrink_calls_;
    if (refuse_shrink_ || bytes > used()) return false;
    break_ -= bytes;
    if (bytes != 0) record(false, bytes);
    return true;
  }

  void* current_break() {
    ++break_queries_;
    return break_;
  }
  size_t break_granularity() const { return granularity_; }

  // Steering.
  void refuse_grow(bool refuse) { refuse_grow_ = refuse; }
  void refuse_shrink(bool refuse) { refuse_shrink_ = refuse; }
  void set_capacity(size_t capacity) { capacity_ = capacity; }
  bool foreign_grow(size_t bytes) {
    if (bytes > capacity_ - used()) return false;
    break_ += bytes;
    return true;
  }
  bool foreign_shrink(size_t bytes) {
    if (bytes > used()) return false;
    break_ -= bytes;
    return true;
  }
  void race_grows(size_t count, size_t bytes) {
    races_left_ = count;
    race_bytes_ = bytes;
  }
  void set_recording(bool on) { recording_ = on; }

  // Watching.
  uintptr_t base() const { return reinterpret_cast<uintptr_t>(base_); }
  uintptr_t brk() const { return reinterpret_cast<uintptr_t>(break_); }
  size_t used() const { return static_cast<size_t>(break_ - base_); }
  size_t capacity() const { return capacity_; }
  const std::vector<SourceEvent>& events() const { return events_; }
  size_t grow_calls() const { return grow_calls_; }
  size_t shrink_calls() const { return shrink_calls_; }
  size_t break_queries() const { return break_queries_; }
  size_t grows() const { return count(true); }
  size_t shrinks() const { return count(false); }

 private:
  void record(bool grew, size_t bytes) {
    if (recording_) events_.push_back({grew, bytes, brk()});
  }
  size_t count(bool grew) const {
    size_t n = 0;
    for (const SourceEvent& event : events_)
      n += event.grow == grew ? 1 : 0;
    return n;
  }

  unsigned char* base_;
  unsigned char* break_;
  size_t capacity_;
  size_t granularity_;
  bool refuse_grow_ = false;
  bool refuse_shrink_ = false;
  bool recording_ = true;
  std::vector<SourceEvent> events_;
  size_t grow_calls_ = 0;
  size_t shrink_calls_ = 0;
  size_t break_queries_ = 0;
  size_t races_left_ = 0;
  size_t race_bytes_ = 0;
};

static_assert(tide::GranularMemorySource<TestSource>);

using TestHeap = tide::Heap<TestSource>;

// A buffer aligned to 64 KiB (so granularity steps are address steps too), full of junk.
class Arena {
 public:
  static constexpr size_t kAlignment = 64 * 1024;
  explicit Arena(size_t bytes)
      : bytes_(bytes),
        data_(static_cast<unsigned char*>(::operator new (bytes, std::align_val_t{kAlignment}))) {
    std::memset(data_, kJunk, bytes);
  }
  ~Arena() { ::operator delete (data_, std::align_val_t{kAlignment}); }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  unsigned char* data() const { return data_; }
  size_t size() const { return bytes_; }

 private:
  size_t bytes_;
  unsigned char* data_;
};

// The policy most tests start from: 4 KiB steps, trimming above 16 KiB keeping 4 KiB.
inline tide::HeapPolicy test_policy() {
  tide::HeapPolicy policy = tide::default_policy();
  policy.granularity = 4096;
  policy.min_grow = 4096;
  policy.trim = 1;
  policy.trim_threshold = 16 * 1024;
  policy.top_pad = 4096;
  policy.max_heap = 0;
  policy.poison = 0;
  policy.check = TIDE_CHECK_CHEAP;
  policy.adaptive_trim = 0;  // exact break positions; adaptive trimming has its own tests
  return policy;
}

// Field by field: a policy has padding bytes that memcmp would compare.
inline bool same_policy(const tide::HeapPolicy& a, const tide::HeapPolicy& b) {
  return a.granularity == b.granularity && a.min_grow == b.min_grow &&
         a.trim_threshold == b.trim_threshold && a.top_pad == b.top_pad &&
         a.max_heap == b.max_heap && a.trim == b.trim && a.poison == b.poison &&
         a.check == b.check && a.adaptive_trim == b.adaptive_trim;
}

// Collects what the heap reports through its error hook.
struct ErrorLog {
  std::vector<tide::HeapError> errors;

  static void hook(const tide::HeapError* error, void* context) {
    static_cast<ErrorLog*>(context)->errors.push_back(*error);
  }
  void attach(TestHeap& heap) { heap.set_error_hook(&ErrorLog::hook, this); }
  size_t count() const { return errors.size(); }
  const tide::HeapError& last() const { return errors.back(); }
};

// Every block of a heap, in walk order.
inline std::vector<tide::BlockInfo> walk_all(TestHeap& heap) {
  std::vector<tide::BlockInfo> blocks;
  heap.walk(
      [](const tide::BlockInfo* block, void* context) {
        static_cast<std::vector<tide::BlockInfo>*>(context)->push_back(*block);
        return 1;
      },
      &blocks);
  return blocks;
}

inline uintptr_t addr(const void* pointer) {
  return reinterpret_cast<uintptr_t>(pointer);
}
inline uintptr_t header_of(const void* pointer) {
  return addr(pointer) - kWord;
}

// Reads and writes a word of heap metadata (tests plant corruption with these).
inline uintptr_t read_word(uintptr_t at) {
  uintptr_t value;
  std::memcpy(&value, reinterpret_cast<const void*>(at), sizeof value);
  return value;
}
inline void write_word(uintptr_t at, uintptr_t value) {
  std::memcpy(reinterpret_cast<void*>(at), &value, sizeof value);
}

// An arena and a heap over it: the common start of a test.
class HeapHarness {
 public:
  explicit HeapHarness(const tide::HeapPolicy& policy = test_policy(),
                       size_t capacity = 1024 * 1024, size_t source_granularity = 0)
      : arena_(capacity),
        heap_(std::make_unique<TestHeap>(TestSource{arena_.data(), capacity, source_granularity},
                                         policy)) {}

  TestHeap& heap() { return *heap_; }
  TestSource& source() { return heap_->source(); }
  uintptr_t base() const { return addr(arena_.data()); }
  // Where the first block's payload of a heap whose first span starts at `span` lies.
  static uintptr_t first_payload(uintptr_t span) { return span + kSpanHead + kWord; }

 private:
  Arena arena_;
  std::unique_ptr<TestHeap> heap_;
};

}  // namespace tide_test

#endif  // TIDE_TESTS_ALLOC_TEST_SOURCE_H_
