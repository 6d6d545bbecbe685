// Memory for the measuring tools' own bookkeeping (decoded traces, per-call times), kept
// out of the allocator under test: a bump arena over one mmap reservation, never freed.
// A peer that is the process's malloc would otherwise count the tool's memory in its
// footprint, or reuse memory the tool freed before the measurement started.
#ifndef TIDE_BENCH_BOOKKEEPING_H_
#define TIDE_BENCH_BOOKKEEPING_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstring>
#include <new>
#include <unordered_map>
#include <vector>

namespace tide::bench {

inline void* bookkeeping_allocate(size_t bytes) {
  constexpr size_t kReserve = size_t{16} << 30;  // address space only (MAP_NORESERVE)
  static unsigned char* base = nullptr;
  static size_t used = 0;
  if (base == nullptr) {
    void* region = mmap(nullptr, kReserve, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (region == MAP_FAILED) throw std::bad_alloc();
    base = static_cast<unsigned char*>(region);
  }
  bytes = (bytes + 63) & ~size_t{63};
  if (bytes > kReserve - used) throw std::bad_alloc();
  void* block = base + used;
  used += bytes;
  // Touch the pages now, so that resident-memory figures taken later only move with the
  // allocator under test.
  std::memset(block, 0, bytes);
  return block;
}

// A standard allocator over the arena (deallocate does nothing).
template <class T>
struct BookkeepingAllocator {
  using value_type = T;
  BookkeepingAllocator() = default;
  template <class U>
  explicit BookkeepingAllocator(const BookkeepingAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(bookkeeping_allocate(n * sizeof(T))); }
  void deallocate(T*, size_t) {}
  template <class U>
  bool operator==(const BookkeepingAllocator<U>&) const {
    return true;
  }
};

template <class T>
using BookVector = std::vector<T, BookkeepingAllocator<T>>;

template <class K, class V>
using BookMap = std::unordered_map<K, V, std::hash<K>, std::equal_to<K>,
                                   BookkeepingAllocator<std::pair<const K, V>>>;

}  // namespace tide::bench

#endif  // TIDE_BENCH_BOOKKEEPING_H_
