// The C standard's allocation names (malloc, free, ...) over Tide's global heap.
//
// Linking tide::alloc_std_names makes Tide the program's malloc: every function here only
// forwards to its tide_* twin (tide/malloc.h), which already has C's semantics (NULL for
// requests that cannot be represented, errno where the platform has one). On glibc hosts
// the GNU extensions that programs use (valloc, pvalloc, reallocarray, malloc_trim, cfree)
// come too, so that no call falls through to the C library's own allocator.
//
// No libc header declares these names here: a hosted <stdlib.h> declares them with
// exception specifications and attributes that differ between C libraries. The names have
// C linkage, so the declarations below meet the C library's at link level only.
//
// The aligned names exist when the library variant has aligned allocation
// (TIDE_HAS_ALIGNED).
//
// Every allocating entry calls TIDE_PREPARE() first (first_use_hook.h): nothing for apps,
// the drop-in's one-time setup in libtide_malloc.so.
#include <stddef.h>
#include <stdint.h>

#include "first_use_hook.h"
#include "tide/malloc.h"

#if defined(__linux__) && __has_include(<features.h>)
#include <features.h>  // defines __GLIBC__ on glibc hosts
#endif
#if defined(__GLIBC__)
#include <unistd.h>  // sysconf(_SC_PAGESIZE) for valloc and pvalloc
#define TIDE_GLIBC_EXTENSIONS 1
#else
#define TIDE_GLIBC_EXTENSIONS 0
#endif

extern "C" {
void* malloc(size_t size) noexcept;
void free(void* pointer) noexcept;
void* calloc(size_t count, size_t size) noexcept;
void* realloc(void* pointer, size_t size) noexcept;
size_t malloc_usable_size(void* pointer) noexcept;
#if TIDE_HAS_ALIGNED
void* aligned_alloc(size_t alignment, size_t size) noexcept;
int posix_memalign(void** result, size_t alignment, size_t size) noexcept;
void* memalign(size_t alignment, size_t size) noexcept;
#endif
#if TIDE_GLIBC_EXTENSIONS
#if TIDE_HAS_ALIGNED
void* valloc(size_t size) noexcept;
void* pvalloc(size_t size) noexcept;
#endif
void* reallocarray(void* pointer, size_t count, size_t size) noexcept;
int malloc_trim(size_t pad) noexcept;
void cfree(void* pointer) noexcept;
#endif
}

#if TIDE_GLIBC_EXTENSIONS && TIDE_HAS_ALIGNED
namespace {

size_t page_size() {
  const long size = sysconf(_SC_PAGESIZE);
  return size > 0 ? static_cast<size_t>(size) : 4096;
}

}  // namespace
#endif

extern "C" {

void* malloc(size_t size) noexcept {
  TIDE_PREPARE();
  return tide_malloc(size);
}

void free(void* pointer) noexcept {
  tide_free(pointer);
}

void* calloc(size_t count, size_t size) noexcept {
  TIDE_PREPARE();
  return tide_calloc(count, size);
}

void* realloc(void* pointer, size_t size) noexcept {
  TIDE_PREPARE();
  return tide_realloc(pointer, size);
}

#if TIDE_HAS_ALIGNED
void* aligned_alloc(size_t alignment, size_t size) noexcept {
  TIDE_PREPARE();
  return tide_aligned_alloc(alignment, size);
}

int posix_memalign(void** result, size_t alignment, size_t size) noexcept {
  TIDE_PREPARE();
  return tide_posix_memalign(result, alignment, size);
}

void* memalign(size_t alignment, size_t size) noexcept {
  TIDE_PREPARE();
  return tide_memalign(alignment, size);
}
#endif

size_t malloc_usable_size(void* pointer) noexcept {
  return tide_malloc_usable_size(pointer);
}

#if TIDE_GLIBC_EXTENSIONS

#if TIDE_HAS_ALIGNED
void* valloc(size_t size) noexcept {
  TIDE_PREPARE();
  return tide_memalign(page_size(), size);
}

// pvalloc rounds the size up to whole pages; a size that would wrap cannot be had.
void* pvalloc(size_t size) noexcept {
  TIDE_PREPARE();
  const size_t page = page_size();
  const size_t rounded = size == 0 ? page : (size + page - 1) & ~(page - 1);
  if (rounded < size) return tide_malloc(SIZE_MAX);  // fails with ENOMEM, counts a failure
  return tide_memalign(page, rounded);
}
#endif

// realloc(pointer, count * size), failing (pointer untouched) when the product overflows.
void* reallocarray(void* pointer, size_t count, size_t size) noexcept {
  TIDE_PREPARE();
  size_t bytes = 0;
  if (__builtin_mul_overflow(count, size, &bytes)) return tide_malloc(SIZE_MAX);
  return tide_realloc(pointer, bytes);
}

int malloc_trim(size_t pad) noexcept {
  return tide_trim(pad) > 0 ? 1 : 0;
}

void cfree(void* pointer) noexcept {
  tide_free(pointer);
}

#endif  // TIDE_GLIBC_EXTENSIONS

}  // extern "C"
