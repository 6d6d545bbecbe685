// The default heap error hook (print what and where, then abort) and the weak default
// platform output hooks it uses. A platform overrides the hooks (tide/platform.h).
#include "tide/heap_core.h"
#include "tide/platform.h"

extern "C" {

__attribute__((weak)) void tide_platform_write_error(const char* text, size_t length) {
  (void)text;
  (void)length;
}

__attribute__((weak)) void tide_platform_abort(void) {
  __builtin_trap();
}

}  // extern "C"

namespace tide {

namespace {

// A message assembled without libc: text and hexadecimal addresses.
class Message {
 public:
  Message& text(const char* text) {
    while (*text != '\0' && length_ < sizeof(buffer_))
      buffer_[length_++] = *text++;
    return *this;
  }
  Message& address(const void* pointer) {
    char digits[2 + 2 * sizeof(uintptr_t)];
    uintptr_t value = reinterpret_cast<uintptr_t>(pointer);
    size_t count = sizeof(digits);
    do {
      digits[--count] = "0123456789abcdef"[value & 0xF];
      value >>= 4;
    } while (value != 0);
    digits[--count] = 'x';
    digits[--count] = '0';
    for (; count < sizeof(digits) && length_ < sizeof(buffer_); ++count) {
      buffer_[length_++] = digits[count];
    }
    return *this;
  }
  void write() const { tide_platform_write_error(buffer_, length_); }

 private:
  char buffer_[192];
  size_t length_ = 0;
};

const char* kind_name(tide_heap_error_kind kind) {
  switch (kind) {
    case TIDE_ERROR_DOUBLE_FREE:
      return "double free";
    case TIDE_ERROR_FOREIGN_POINTER:
      return "foreign pointer";
    case TIDE_ERROR_MISALIGNED_POINTER:
      return "misaligned pointer";
    case TIDE_ERROR_CORRUPT_HEADER:
      return "corrupt block header";
    case TIDE_ERROR_CORRUPT_FREE_LIST:
      return "corrupt free list";
    case TIDE_ERROR_POISON_OVERWRITTEN:
      return "write after free";
    case TIDE_ERROR_BAD_ACCOUNTING:
      return "bad accounting";
    case TIDE_ERROR_NONE:
      break;
  }
  return "heap error";
}

}  // namespace

void report_heap_error_and_abort(const HeapError* error) {
  Message message;
  message.text("tide: heap error: ").text(kind_name(error->kind)).text(": ").text(error->what);
  if (error->pointer != nullptr) message.text("; pointer ").address(error->pointer);
  if (error->block != nullptr) message.text("; block ").address(error->block);
  message.text("\n").write();
  tide_platform_abort();
  __builtin_trap();  // tide_platform_abort never returns; make sure of it
}

}  // namespace tide
