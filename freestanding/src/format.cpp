#include "tide/freestanding/format.h"

#include <stdint.h>

namespace tide {
namespace {

struct Output {
  FormatSink sink;
  void* context;
  size_t count;

  void put(const char* text, size_t length) {
    if (length == 0) return;
    sink(context, text, length);
    count += length;
  }
  void pad(char fill, size_t times) {
    while (times--)
      put(&fill, 1);
  }
};

struct Spec {
  bool left = false;
  bool zero = false;
  size_t width = 0;
};

void put_field(Output& out, const Spec& spec, const char* text, size_t length) {
  const size_t padding = spec.width > length ? spec.width - length : 0;
  if (!spec.left) out.pad(spec.zero ? '0' : ' ', padding);
  out.put(text, length);
  if (spec.left) out.pad(' ', padding);
}

void put_number(Output& out, Spec spec, unsigned long long value, unsigned base, bool negative,
                bool upper) {
  char digits[24];
  size_t n = 0;
  const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits[sizeof digits - 1 - n++] = alphabet[value % base];
    value /= base;
  } while (value != 0);
  if (negative) {
    if (spec.zero && spec.width > 0) {
      out.put("-", 1);
      --spec.width;
    } else {
      digits[sizeof digits - 1 - n++] = '-';
    }
  }
  put_field(out, spec, digits + sizeof digits - n, n);
}

size_t length_of(const char* text) {
  size_t n = 0;
  while (text[n])
    ++n;
  return n;
}

}  // namespace

size_t vformat(FormatSink sink, void* context, const char* format, va_list args) {
  Output out{sink, context, 0};
  const char* p = format;
  while (*p) {
    const char* literal = p;
    while (*p && *p != '%')
      ++p;
    out.put(literal, static_cast<size_t>(p - literal));
    if (!*p) break;
    ++p;  // '%'
    Spec spec;
    for (;; ++p) {
      if (*p == '-') {
        spec.left = true;
      } else if (*p == '0') {
        spec.zero = true;
      } else {
        break;
      }
    }
    while (*p >= '0' && *p <= '9')
      spec.width = spec.width * 10 + static_cast<size_t>(*p++ - '0');
    int longs = 0;
    bool size = false;
    for (;; ++p) {
      if (*p == 'l') {
        ++longs;
      } else if (*p == 'z') {
        size = true;
      } else {
        break;
      }
    }
    const char conversion = *p ? *p++ : '\0';
    switch (conversion) {
      case 'd':
      case 'i': {
        long long value = longs >= 2           ? va_arg(args, long long)
                          : longs == 1 || size ? va_arg(args, long)
                                               : va_arg(args, int);
        const bool negative = value < 0;
        const unsigned long long magnitude = negative
                                                 ? 0ull - static_cast<unsigned long long>(value)
                                                 : static_cast<unsigned long long>(value);
        put_number(out, spec, magnitude, 10, negative, false);
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        unsigned long long value = longs >= 2           ? va_arg(args, unsigned long long)
                                   : longs == 1 || size ? va_arg(args, unsigned long)
                                                        : va_arg(args, unsigned);
        put_number(out, spec, value, conversion == 'u' ? 10 : 16, false, conversion == 'X');
        break;
      }
      case 'p': {
        out.put("0x", 2);
        spec.zero = true;
        spec.width = sizeof(void*) * 2;
        put_number(out, spec, reinterpret_cast<uintptr_t>(va_arg(args, void*)), 16, false, false);
        break;
      }
      case 's': {
        const char* text = va_arg(args, const char*);
        if (!text) text = "(null)";
        spec.zero = false;
        put_field(out, spec, text, length_of(text));
        break;
      }
      case 'c': {
        const char c = static_cast<char>(va_arg(args, int));
        spec.zero = false;
        put_field(out, spec, &c, 1);
        break;
      }
      case '%':
        out.put("%", 1);
        break;
      default:  // unknown conversion (or a '%' at the end): print it as is
        out.put("%", 1);
        out.put(p - 1, conversion ? 1 : 0);
        break;
    }
  }
  return out.count;
}

namespace {
struct BufferSink {
  char* buffer;
  size_t capacity;
  size_t used;
};

void append_to_buffer(void* context, const char* text, size_t length) {
  auto* sink = static_cast<BufferSink*>(context);
  for (size_t i = 0; i < length; ++i) {
    if (sink->used + 1 < sink->capacity) sink->buffer[sink->used++] = text[i];
  }
}
}  // namespace

size_t vformat_to(char* buffer, size_t capacity, const char* format, va_list args) {
  BufferSink sink{buffer, capacity, 0};
  const size_t length = vformat(append_to_buffer, &sink, format, args);
  if (capacity > 0) buffer[sink.used] = '\0';
  return length;
}

size_t format_to(char* buffer, size_t capacity, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const size_t length = vformat_to(buffer, capacity, format, args);
  va_end(args);
  return length;
}

}  // namespace tide
