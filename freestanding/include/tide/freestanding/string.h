// The C string functions Tide's freestanding code provides for itself (C linkage, so
// that compiler-generated calls find them).
#ifndef TIDE_FREESTANDING_STRING_H_
#define TIDE_FREESTANDING_STRING_H_

#include <stddef.h>

extern "C" {
void* memcpy(void* destination, const void* source, size_t length);
void* memmove(void* destination, const void* source, size_t length);
void* memset(void* destination, int value, size_t length);
int memcmp(const void* left, const void* right, size_t length);
size_t strlen(const char* text);
}

#endif  // TIDE_FREESTANDING_STRING_H_
