/* The trace format written by recorder.c and read by tide-replay.
 *
 * A trace is one process's malloc-family calls in the order they returned. The file
 * starts with the 8 bytes "TIDETRC1"; then one record per call: an op byte, then the
 * op's fields as unsigned LEB128 varints (7 bits a byte, low first):
 *
 *   TIDE_TRACE_MALLOC          size, result
 *   TIDE_TRACE_FREE            pointer
 *   TIDE_TRACE_CALLOC          count, size, result
 *   TIDE_TRACE_REALLOC         pointer, size, result
 *   TIDE_TRACE_MEMALIGN        alignment, size, result   (memalign, valloc)
 *   TIDE_TRACE_POSIX_MEMALIGN  alignment, size, result   (result 0 when it failed)
 *   TIDE_TRACE_ALIGNED_ALLOC   alignment, size, result
 *
 * Pointers (pointer and result fields) are written as the zigzag-encoded difference from
 * the previous pointer field of the trace, which keeps most of them to 2-3 bytes.
 * Freeing NULL is not recorded. */
#ifndef TIDE_BENCH_TRACE_FORMAT_H_
#define TIDE_BENCH_TRACE_FORMAT_H_

#include <stddef.h>
#include <stdint.h>

#define TIDE_TRACE_MAGIC "TIDETRC1"
#define TIDE_TRACE_MAGIC_SIZE 8
/* The longest record: an op byte and three 10-byte varints. */
#define TIDE_TRACE_MAX_RECORD 31

enum tide_trace_op {
  TIDE_TRACE_MALLOC = 1,
  TIDE_TRACE_FREE = 2,
  TIDE_TRACE_CALLOC = 3,
  TIDE_TRACE_REALLOC = 4,
  TIDE_TRACE_MEMALIGN = 5,
  TIDE_TRACE_POSIX_MEMALIGN = 6,
  TIDE_TRACE_ALIGNED_ALLOC = 7,
};

#ifndef __cplusplus
/* The writer's side (the reader, in C++, decodes in trace_reader.cpp). */

/* Appends `value` as a varint at `out`; returns the byte after it. */
static inline unsigned char* tide_trace_put(unsigned char* out, uint64_t value) {
  while (value >= 0x80) {
    *out++ = (unsigned char)(value | 0x80);
    value >>= 7;
  }
  *out++ = (unsigned char)value;
  return out;
}

/* Appends a pointer field: the zigzag difference from *last, which is then updated. */
static inline unsigned char* tide_trace_put_pointer(unsigned char* out, uint64_t* last,
                                                    const void* pointer) {
  const uint64_t value = (uint64_t)(uintptr_t)pointer;
  const int64_t delta = (int64_t)(value - *last);
  *last = value;
  return tide_trace_put(out, ((uint64_t)delta << 1) ^ (uint64_t)(delta >> 63));
}

#endif /* !__cplusplus */

#endif /* TIDE_BENCH_TRACE_FORMAT_H_ */
