// The replaceable global operator new / delete family over Tide's global heap: plain,
// array, nothrow, sized delete, and the std::align_val_t forms (C++17), nothrow included
// (the aligned new forms only in a library variant with aligned allocation).
// Linking tide::new_delete replaces the C++ library's versions.
//
// Failure, as the standard asks when exceptions exist (the host): the throwing forms call
// the installed std::new_handler and retry, and throw std::bad_alloc when there is none;
// the nothrow forms return nullptr where the throwing form would throw. Without exceptions
// (boards) there is no new_handler: a failed throwing form has already gone through the
// heap's out-of-memory path (failure counted, OOM handler called), so it reports itself
// through tide_platform_write_error and ends the program with tide_platform_abort.
//
// The board cross compilers ship no C++ library headers, so <new> may be missing; then
// the two types the signatures need are declared here exactly as <new> declares them.
#include <stddef.h>

#include "first_use_hook.h"
#include "tide/malloc.h"
#include "tide/platform.h"

#if __has_include(<new>)
#include <new>
#else
namespace std {
enum class align_val_t : size_t {};
struct nothrow_t {
  explicit nothrow_t() = default;
};
}  // namespace std

// Only the nothrow forms lack an implicit declaration.
void* operator new(size_t size, const std::nothrow_t&) noexcept;
void* operator new[](size_t size, const std::nothrow_t&) noexcept;
void* operator new(size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept;
void* operator new[](size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept;
void operator delete(void* pointer, const std::nothrow_t&) noexcept;
void operator delete[](void* pointer, const std::nothrow_t&) noexcept;
void operator delete(void* pointer, std::align_val_t, const std::nothrow_t&) noexcept;
void operator delete[](void* pointer, std::align_val_t, const std::nothrow_t&) noexcept;
#endif

namespace {

// One attempt; alignment 0 means the heap's natural alignment. new(0) must return a
// unique pointer, so it asks for one byte.
void* try_allocate(size_t size, size_t alignment) noexcept {
  TIDE_PREPARE();
  if (size == 0) size = 1;
#if TIDE_HAS_ALIGNED
  if (alignment != 0) return tide_memalign(alignment, size);
#else
  (void)alignment;  // the aligned forms are not built in; only 0 reaches here
#endif
  return tide_malloc(size);
}

#if defined(__cpp_exceptions)

void* allocate_or_throw(size_t size, size_t alignment) {
  for (;;) {
    if (void* pointer = try_allocate(size, alignment)) return pointer;
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* allocate_or_null(size_t size, size_t alignment) noexcept {
  try {
    return allocate_or_throw(size, alignment);
  } catch (...) {
    return nullptr;
  }
}

#else  // no exceptions: freestanding

[[noreturn]] void out_of_memory() {
  static const char kMessage[] = "tide: operator new: out of memory\n";
  tide_platform_write_error(kMessage, sizeof kMessage - 1);
  tide_platform_abort();
  __builtin_trap();  // tide_platform_abort never returns; make sure of it
}

void* allocate_or_throw(size_t size, size_t alignment) {
  if (void* pointer = try_allocate(size, alignment)) return pointer;
  out_of_memory();
}

void* allocate_or_null(size_t size, size_t alignment) noexcept {
  return try_allocate(size, alignment);
}

#endif

[[maybe_unused]] size_t alignment_of(std::align_val_t alignment) {
  return static_cast<size_t>(alignment);
}

}  // namespace

void* operator new(size_t size) {
  return allocate_or_throw(size, 0);
}
void* operator new[](size_t size) {
  return allocate_or_throw(size, 0);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, 0);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, 0);
}

#if TIDE_HAS_ALIGNED
void* operator new(size_t size, std::align_val_t alignment) {
  return allocate_or_throw(size, alignment_of(alignment));
}
void* operator new[](size_t size, std::align_val_t alignment) {
  return allocate_or_throw(size, alignment_of(alignment));
}
void* operator new(size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, alignment_of(alignment));
}
void* operator new[](size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, alignment_of(alignment));
}
#endif

// Every delete form frees the same way: the heap knows each block's size and alignment.
void operator delete(void* pointer) noexcept {
  tide_free(pointer);
}
void operator delete[](void* pointer) noexcept {
  tide_free(pointer);
}
void operator delete(void* pointer, const std::nothrow_t&) noexcept {
  tide_free(pointer);
}
void operator delete[](void* pointer, const std::nothrow_t&) noexcept {
  tide_free(pointer);
}
void operator delete(void* pointer, size_t) noexcept {
  tide_free(pointer);
}
void operator delete[](void* pointer, size_t) noexcept {
  tide_free(pointer);
}
void operator delete(void* pointer, std::align_val_t) noexcept {
  tide_free(pointer);
}
void operator delete[](void* pointer, std::align_val_t) noexcept {
  tide_free(pointer);
}
void operator delete(void* pointer, std::align_val_t, const std::nothrow_t&) noexcept {
  tide_free(pointer);
}
void operator delete[](void* pointer, std::align_val_t, const std::nothrow_t&) noexcept {
  tide_free(pointer);
}
void operator delete(void* pointer, size_t, std::align_val_t) noexcept {
  tide_free(pointer);
}
void operator delete[](void* pointer, size_t, std::align_val_t) noexcept {
  tide_free(pointer);
}
