// Reads a trace (trace_format.h; plain, .xz or .zst) into a replayable sequence: every
// address is replaced by a dense slot number, so replaying needs no hash lookups, and
// calls that cannot be replayed faithfully are dropped or simplified:
//   - a free or realloc of an address the trace never returned (a block from before
//     the recorder started) is dropped, or for realloc treated as a malloc;
//   - a failed allocation is dropped; realloc(p, 0) returning NULL is a free.
#ifndef TIDE_BENCH_TRACE_READER_H_
#define TIDE_BENCH_TRACE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bookkeeping.h"

namespace tide::bench {

struct TraceOp {
  enum Kind : uint8_t { kMalloc, kCalloc, kAligned, kRealloc, kFree };
  Kind kind;
  uint32_t slot;      // the block this op creates or frees (realloc: the new block)
  uint32_t old_slot;  // realloc: the block it resizes
  uint64_t size;      // requested bytes (calloc: count * size)
  uint64_t alignment;
};

struct Trace {
  BookVector<TraceOp> ops;
  size_t slot_count = 0;  // the most slots live at once
  size_t dropped = 0;     // calls that could not be replayed
  size_t records = 0;     // calls in the file
};

// Throws std::runtime_error when the file cannot be read or is not a trace.
Trace read_trace(const std::string& path);

}  // namespace tide::bench

#endif  // TIDE_BENCH_TRACE_READER_H_
