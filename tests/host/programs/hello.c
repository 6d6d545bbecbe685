/* The program gcc compiles under the drop-in: sorts and prints a little table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void* a, const void* b) {
  const unsigned x = *(const unsigned*)a, y = *(const unsigned*)b;
  return (x > y) - (x < y);
}

int main(void) {
  enum { kCount = 1000 };
  unsigned* values = malloc(kCount * sizeof *values);
  unsigned state = 12345u;
  for (int i = 0; i < kCount; ++i) {
    state = state * 1103515245u + 12345u;
    values[i] = state >> 8;
  }
  qsort(values, kCount, sizeof *values, by_value);
  unsigned long long sum = 0;
  for (int i = 0; i < kCount; ++i) sum += values[i] % 1000;
  printf("min %u max %u sum %llu\n", values[0], values[kCount - 1], sum);
  free(values);
  return 0;
}
