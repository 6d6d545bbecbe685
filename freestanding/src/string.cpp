#include "tide/freestanding/string.h"

#include <stdint.h>

extern "C" {

void* memcpy(void* destination, const void* source, size_t length) {
  auto* to = static_cast<unsigned char*>(destination);
  const auto* from = static_cast<const unsigned char*>(source);
  while (length--)
    *to++ = *from++;
  return destination;
}

void* memmove(void* destination, const void* source, size_t length) {
  auto* to = static_cast<unsigned char*>(destination);
  const auto* from = static_cast<const unsigned char*>(source);
  if (to < from || to >= from + length) return memcpy(destination, source, length);
  while (length--)
    to[length] = from[length];
  return destination;
}

void* memset(void* destination, int value, size_t length) {
  auto* to = static_cast<unsigned char*>(destination);
  while (length--)
    *to++ = static_cast<unsigned char>(value);
  return destination;
}

int memcmp(const void* left, const void* right, size_t length) {
  const auto* a = static_cast<const unsigned char*>(left);
  const auto* b = static_cast<const unsigned char*>(right);
  for (size_t i = 0; i < length; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

size_t strlen(const char* text) {
  size_t length = 0;
  while (text[length])
    ++length;
  return length;
}

}  // extern "C"
