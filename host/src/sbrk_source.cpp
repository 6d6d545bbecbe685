// tide::SbrkSource over sbrk(2). sbrk reports failure as (void*)-1 and takes a signed
// increment; both are translated here so that the heap only ever sees nullptr / false.
#include "tide/host/sbrk_source.h"

#include <stdint.h>
#include <unistd.h>

#include "tide/platform.h"

namespace tide {
namespace {

void* const kSbrkFailed = reinterpret_cast<void*>(-1);

// The break now, or 0 when even sbrk(0) fails.
uintptr_t break_address() {
  void* const now = sbrk(0);
  return now == kSbrkFailed ? 0 : reinterpret_cast<uintptr_t>(now);
}

}  // namespace

void* SbrkSource::grow(size_t bytes) {
  const uintptr_t now = break_address();
  if (now == 0) return nullptr;
  if (bytes == 0) return reinterpret_cast<void*>(now);
  // An increment sbrk cannot take, or one that would carry the break past the top of the
  // address space, fails here rather than trusting the kernel to catch the wrap.
  if (bytes > static_cast<size_t>(INTPTR_MAX) || bytes > UINTPTR_MAX - now) return nullptr;
  void* const previous = sbrk(static_cast<intptr_t>(bytes));
  return previous == kSbrkFailed ? nullptr : previous;
}

bool SbrkSource::shrink(size_t bytes) {
  if (bytes == 0) return true;
  const uintptr_t now = break_address();
  if (now == 0 || bytes > static_cast<size_t>(INTPTR_MAX) || bytes > now) return false;
  return sbrk(-static_cast<intptr_t>(bytes)) != kSbrkFailed;
}

void* SbrkSource::current_break() {
  return reinterpret_cast<void*>(break_address());
}

size_t SbrkSource::zero_fill_granule() const {
  return tide_platform_zero_fill_granule();
}

}  // namespace tide
