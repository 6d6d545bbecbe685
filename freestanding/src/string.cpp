// memcpy, memmove, memset, memcmp and strlen for the board kernel and apps.
//
// memcpy, memmove and memset move a machine word per step wherever they can: the kernel
// zeroes each byte a process's break grows by and copies records with memcpy, and apps'
// calloc and realloc lean on them too. When the destination and the source sit at the same
// offset within a word, bytes go one at a time until the destination is word-aligned, then
// whole words (four a step while there are four), then the tail bytes; otherwise bytes all
// the way. Words are read and written through Word, a may_alias type, so strict aliasing
// holds for any object copied.
//
// TIDE_FREESTANDING_NAME(name) is the name each function is defined under: its C name
// unless defined beforehand, as a host test does to link these next to the host's C library.
#include "tide/freestanding/string.h"

#include <stdint.h>

#ifndef TIDE_FREESTANDING_NAME
#define TIDE_FREESTANDING_NAME(name) name
#endif

// Declared again under the names defined below (the header has the C names).
extern "C" {
void* TIDE_FREESTANDING_NAME(memcpy)(void* destination, const void* source, size_t length);
void* TIDE_FREESTANDING_NAME(memmove)(void* destination, const void* source, size_t length);
void* TIDE_FREESTANDING_NAME(memset)(void* destination, int value, size_t length);
int TIDE_FREESTANDING_NAME(memcmp)(const void* left, const void* right, size_t length);
size_t TIDE_FREESTANDING_NAME(strlen)(const char* text);
}

namespace {

typedef uintptr_t __attribute__((may_alias)) Word;
constexpr size_t kWordSize = sizeof(Word);

uintptr_t offset_in_word(const unsigned char* byte) {
  return reinterpret_cast<uintptr_t>(byte) % kWordSize;
}

bool co_aligned(const unsigned char* to, const unsigned char* from) {
  return offset_in_word(to) == offset_in_word(from);
}

// A word-aligned byte's address as a Word pointer (cast through void*: only the caller knows
// the alignment, which -Wcast-align cannot see).
Word* word_at(unsigned char* byte) {
  return static_cast<Word*>(static_cast<void*>(byte));
}
const Word* word_at(const unsigned char* byte) {
  return static_cast<const Word*>(static_cast<const void*>(byte));
}

}  // namespace

extern "C" {

// Copies upwards, so memmove also uses it when the destination lies below the source.
void* TIDE_FREESTANDING_NAME(memcpy)(void* destination, const void* source, size_t length) {
  auto* to = static_cast<unsigned char*>(destination);
  const auto* from = static_cast<const unsigned char*>(source);
  if (co_aligned(to, from)) {
    for (; length > 0 && offset_in_word(to) != 0; --length)
      *to++ = *from++;
    for (; length >= 4 * kWordSize;
         length -= 4 * kWordSize, to += 4 * kWordSize, from += 4 * kWordSize) {
      word_at(to)[0] = word_at(from)[0];
      word_at(to)[1] = word_at(from)[1];
      word_at(to)[2] = word_at(from)[2];
      word_at(to)[3] = word_at(from)[3];
    }
    for (; length >= kWordSize; length -= kWordSize, to += kWordSize, from += kWordSize)
      *word_at(to) = *word_at(from);
  }
  while (length--)
    *to++ = *from++;
  return destination;
}

void* TIDE_FREESTANDING_NAME(memmove)(void* destination, const void* source, size_t length) {
  // Upwards unless the destination starts inside the source (as integers: the pointers may
  // point into different objects).
  const uintptr_t distance =
      reinterpret_cast<uintptr_t>(destination) - reinterpret_cast<uintptr_t>(source);
  if (distance >= length) return TIDE_FREESTANDING_NAME(memcpy)(destination, source, length);
  // Downwards from the ends. Co-aligned, the two are whole words apart, so each word is read
  // before any store reaches it.
  auto* to = static_cast<unsigned char*>(destination) + length;
  const auto* from = static_cast<const unsigned char*>(source) + length;
  if (co_aligned(to, from)) {
    for (; length > 0 && offset_in_word(to) != 0; --length)
      *--to = *--from;
    for (; length >= kWordSize; length -= kWordSize) {
      to -= kWordSize;
      from -= kWordSize;
      *word_at(to) = *word_at(from);
    }
  }
  while (length--)
    *--to = *--from;
  return destination;
}

void* TIDE_FREESTANDING_NAME(memset)(void* destination, int value, size_t length) {
  auto* to = static_cast<unsigned char*>(destination);
  const auto byte = static_cast<unsigned char>(value);
  for (; length > 0 && offset_in_word(to) != 0; --length)
    *to++ = byte;
  const Word pattern = static_cast<Word>(-1) / 0xFF * byte;  // the byte in every byte
  for (; length >= 4 * kWordSize; length -= 4 * kWordSize, to += 4 * kWordSize) {
    word_at(to)[0] = pattern;
    word_at(to)[1] = pattern;
    word_at(to)[2] = pattern;
    word_at(to)[3] = pattern;
  }
  for (; length >= kWordSize; length -= kWordSize, to += kWordSize)
    *word_at(to) = pattern;
  while (length--)
    *to++ = byte;
  return destination;
}

int TIDE_FREESTANDING_NAME(memcmp)(const void* left, const void* right, size_t length) {
  const auto* a = static_cast<const unsigned char*>(left);
  const auto* b = static_cast<const unsigned char*>(right);
  for (size_t i = 0; i < length; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

size_t TIDE_FREESTANDING_NAME(strlen)(const char* text) {
  size_t length = 0;
  while (text[length])
    ++length;
  return length;
}

}  // extern "C"
