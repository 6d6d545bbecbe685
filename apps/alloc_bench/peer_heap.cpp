// alloc_bench over a peer C library's malloc (newlib, newlib-nano or picolibc, linked
// from its Debian static library): the library's break hooks, implemented over the
// runtime's memop sbrk, so that the peer grows the same break in the same process model
// as Tide does.
#include "bench_heap.h"
#include "tide/runtime/syscall.h"

#ifndef TIDE_BENCH_PEER_NAME
#error "TIDE_BENCH_PEER_NAME names the peer"
#endif

namespace {

void* move_break(intptr_t increment) {
  return reinterpret_cast<void*>(tide::rt::sbrk(increment));  // (void*)-1 on failure
}

}  // namespace

extern "C" {

void* _sbrk(intptr_t increment);
void* sbrk(intptr_t increment);

// newlib (full and nano) asks through _sbrk_r, which calls _sbrk.
void* _sbrk(intptr_t increment) {
  return move_break(increment);
}

// picolibc asks through sbrk.
void* sbrk(intptr_t increment) {
  return move_break(increment);
}

}  // extern "C"

namespace bench {

const char* heap_name() {
  return TIDE_BENCH_PEER_NAME;
}

bool heap_sound() {
  return true;
}

}  // namespace bench
