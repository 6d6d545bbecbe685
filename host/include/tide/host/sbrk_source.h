// tide::SbrkSource: a memory source over the Linux process's real program break, sbrk(2).
//
//   tide::Heap<tide::SbrkSource, tide::PthreadMutexLock> heap;
//
// The break is shared by the whole process: only one allocator should move it. When
// something else does (the C library's malloc, another heap), the heap notices through
// current_break() and stops trimming, and keeps working by adopting a new span.
#ifndef TIDE_HOST_SBRK_SOURCE_H_
#define TIDE_HOST_SBRK_SOURCE_H_

#include <stddef.h>

#include "tide/memory_source.h"

namespace tide {

class SbrkSource {
 public:
  // Moves the break up by `bytes`; returns the previous break, or nullptr (break
  // unchanged) when the kernel refuses or when `bytes` would wrap the address space.
  void* grow(size_t bytes);
  // Moves the break down by `bytes`; false (break unchanged) when it cannot.
  bool shrink(size_t bytes);
  void* current_break();
  // Linux maps fresh zero pages above the page of the old break (and unmaps those above
  // the break when it falls): memory from the next page boundary up reads as zero.
  size_t zero_fill_granule() const;
};

static_assert(ZeroingMemorySource<SbrkSource>);

}  // namespace tide

#endif  // TIDE_HOST_SBRK_SOURCE_H_
