// The allocators under test, each behind the same small interface:
//
//   kName                          how results name it
//   allocate(n) / deallocate(p) / reallocate(p, n) / allocate_aligned(a, n) /
//   allocate_zeroed(count, n)
//   footprint()                    bytes it holds from the system now (see each)
//   set_option(option, value)      Tide policy flags (peers: false)
//
// Which allocators one executable holds is chosen at build time (TIDE_BENCH_PEER):
// mimalloc, tcmalloc and Debian's jemalloc all replace malloc for the whole process, so
// each gets an executable of its own, built from the same sources with identical
// inputs. The default executable holds Tide (over a fixed region and, when host/'s
// SbrkSource is built, over the real program break) and glibc through its __libc_
// entry points.
#ifndef TIDE_BENCH_ALLOCATORS_H_
#define TIDE_BENCH_ALLOCATORS_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <tuple>

#include "tide/heap.h"

#if defined(TIDE_BENCH_HAVE_SBRK)
#include "tide/host/sbrk_source.h"
#endif

#define TIDE_BENCH_SET_TIDE 0
#define TIDE_BENCH_SET_MIMALLOC 1
#define TIDE_BENCH_SET_TCMALLOC 2
#define TIDE_BENCH_SET_JEMALLOC 3
#ifndef TIDE_BENCH_SET
#define TIDE_BENCH_SET TIDE_BENCH_SET_TIDE
#endif

#if TIDE_BENCH_SET == TIDE_BENCH_SET_TIDE
#include <malloc.h>
extern "C" {
void* __libc_malloc(size_t size);
void __libc_free(void* pointer);
void* __libc_realloc(void* pointer, size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
}
#elif TIDE_BENCH_SET == TIDE_BENCH_SET_MIMALLOC
#include <mimalloc.h>
#include <unistd.h>

#include <cstdio>
#elif TIDE_BENCH_SET == TIDE_BENCH_SET_TCMALLOC
#include <gperftools/malloc_extension_c.h>
#include <gperftools/tcmalloc.h>
#elif TIDE_BENCH_SET == TIDE_BENCH_SET_JEMALLOC
#include <malloc.h>

#include <cstdlib>
extern "C" int mallctl(const char* name, void* old_value, size_t* old_length, void* new_value,
                       size_t new_length);
#endif

namespace tide::bench {

// Operations shared by both Tide adapters; `Self::heap()` gives the heap.
template <class Self>
struct TideOperations {
  void* allocate(size_t size) { return heap().allocate(size); }
  void deallocate(void* pointer) { heap().deallocate(pointer); }
  void* reallocate(void* pointer, size_t size) { return heap().reallocate(pointer, size); }
  void* allocate_zeroed(size_t count, size_t size) { return heap().allocate_zeroed(count, size); }
  void* allocate_aligned(size_t alignment, size_t size) {
    return heap().allocate_aligned(alignment, size);
  }
  bool set_option(int option, size_t value) {
    return heap().set_option(option, value) == TIDE_POLICY_OK;
  }
  HeapStats stats() { return heap().stats(); }

 private:
  auto& heap() { return static_cast<Self*>(this)->heap(); }
};

// Tide over a FixedRegionSource: an address range reserved with mmap (pages are only
// committed when touched). Footprint: the region's break minus its start.
class TideFixed : public TideOperations<TideFixed> {
 public:
  static constexpr const char* kName = "tide-fixed";
  using Heap = tide::Heap<FixedRegionSource>;

  explicit TideFixed(size_t capacity = size_t{1} << 30, const HeapPolicy& policy = default_policy())
      : capacity_(capacity) {
    void* region = mmap(nullptr, capacity, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (region == MAP_FAILED) throw std::bad_alloc();
    region_ = region;
    heap_ = std::make_unique<Heap>(FixedRegionSource{region, capacity}, policy);
  }
  ~TideFixed() { munmap(region_, capacity_); }
  TideFixed(const TideFixed&) = delete;
  TideFixed& operator=(const TideFixed&) = delete;

  Heap& heap() { return *heap_; }
  size_t footprint() { return heap_->source().used(); }

 private:
  size_t capacity_;
  void* region_ = nullptr;
  std::unique_ptr<Heap> heap_;
};

#if defined(TIDE_BENCH_HAVE_SBRK)
// Tide over the process's real break: one heap for the whole process, as a program's
// malloc would be. glibc's main arena moves the same break; the heap then adopts a new
// span and stops trimming until it owns the top again (documented behaviour).
class TideSbrk : public TideOperations<TideSbrk> {
 public:
  static constexpr const char* kName = "tide-sbrk";
  using Heap = tide::Heap<SbrkSource>;

  TideSbrk() { heap().set_policy(default_policy()); }
  static Heap& heap() {
    static Heap heap;
    return heap;
  }
  size_t footprint() { return heap().stats().arena_bytes; }
};
#endif

#if TIDE_BENCH_SET == TIDE_BENCH_SET_TIDE
// glibc's ptmalloc through the entry points it keeps under its own names.
// Footprint: mallinfo2's main-arena bytes plus mmapped chunks.
struct Glibc {
  static constexpr const char* kName = "glibc";
  void* allocate(size_t size) { return __libc_malloc(size); }
  void deallocate(void* pointer) { __libc_free(pointer); }
  void* reallocate(void* pointer, size_t size) { return __libc_realloc(pointer, size); }
  void* allocate_zeroed(size_t count, size_t size) { return __libc_calloc(count, size); }
  void* allocate_aligned(size_t alignment, size_t size) { return __libc_memalign(alignment, size); }
  bool set_option(int, size_t) { return false; }
  size_t footprint() {
    const struct mallinfo2 info = mallinfo2();
    return info.arena + info.hblkhd;
  }
};
using Allocators = std::tuple<TideFixed,
#if defined(TIDE_BENCH_HAVE_SBRK)
                              TideSbrk,
#endif
                              Glibc>;

#elif TIDE_BENCH_SET == TIDE_BENCH_SET_MIMALLOC
// Footprint: the process's resident memory (Debian's mimalloc keeps no commit
// statistics); the replay subtracts what was resident before it started.
struct Mimalloc {
  static constexpr const char* kName = "mimalloc";
  void* allocate(size_t size) { return mi_malloc(size); }
  void deallocate(void* pointer) { mi_free(pointer); }
  void* reallocate(void* pointer, size_t size) { return mi_realloc(pointer, size); }
  void* allocate_zeroed(size_t count, size_t size) { return mi_calloc(count, size); }
  void* allocate_aligned(size_t alignment, size_t size) {
    return mi_malloc_aligned(size, alignment);
  }
  bool set_option(int, size_t) { return false; }
  size_t footprint() {
    FILE* statm = std::fopen("/proc/self/statm", "r");
    unsigned long pages = 0, resident = 0;
    if (statm != nullptr) {
      if (std::fscanf(statm, "%lu %lu", &pages, &resident) != 2) resident = 0;
      std::fclose(statm);
    }
    return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
  }
};
using Allocators = std::tuple<Mimalloc>;

#elif TIDE_BENCH_SET == TIDE_BENCH_SET_TCMALLOC
// Footprint: tcmalloc's heap size less the pages it has returned to the system.
struct Tcmalloc {
  static constexpr const char* kName = "tcmalloc";
  void* allocate(size_t size) { return tc_malloc(size); }
  void deallocate(void* pointer) { tc_free(pointer); }
  void* reallocate(void* pointer, size_t size) { return tc_realloc(pointer, size); }
  void* allocate_zeroed(size_t count, size_t size) { return tc_calloc(count, size); }
  void* allocate_aligned(size_t alignment, size_t size) { return tc_memalign(alignment, size); }
  bool set_option(int, size_t) { return false; }
  size_t footprint() {
    size_t heap = 0, unmapped = 0;
    MallocExtension_GetNumericProperty("generic.heap_size", &heap);
    MallocExtension_GetNumericProperty("tcmalloc.pageheap_unmapped_bytes", &unmapped);
    return heap - unmapped;
  }
};
using Allocators = std::tuple<Tcmalloc>;

#elif TIDE_BENCH_SET == TIDE_BENCH_SET_JEMALLOC
// Debian's jemalloc is the process malloc here. Footprint: its resident bytes.
struct Jemalloc {
  static constexpr const char* kName = "jemalloc";
  void* allocate(size_t size) { return std::malloc(size); }
  void deallocate(void* pointer) { std::free(pointer); }
  void* reallocate(void* pointer, size_t size) { return std::realloc(pointer, size); }
  void* allocate_zeroed(size_t count, size_t size) { return std::calloc(count, size); }
  void* allocate_aligned(size_t alignment, size_t size) { return memalign(alignment, size); }
  bool set_option(int, size_t) { return false; }
  size_t footprint() {
    uint64_t epoch = 1;
    size_t length = sizeof epoch;
    mallctl("epoch", &epoch, &length, &epoch, length);
    size_t resident = 0;
    length = sizeof resident;
    mallctl("stats.resident", &resident, &length, nullptr, 0);
    return resident;
  }
};
using Allocators = std::tuple<Jemalloc>;
#endif

// Calls f.template operator()<A>() for every allocator A of this executable.
template <class F>
void for_each_allocator(F&& f) {
  [&]<class... A>(std::tuple<A...>*) {
    (f.template operator()<A>(), ...);
  }(static_cast<Allocators*>(nullptr));
}

}  // namespace tide::bench

#endif  // TIDE_BENCH_ALLOCATORS_H_
