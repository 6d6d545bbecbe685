// The allocator alloc_bench measures, chosen at build time (apps/alloc_bench/peers.cmake):
// Tide (tide_heap.cpp) or a peer C library's malloc (peer_heap.cpp). The workload in
// main.cpp calls BENCH_MALLOC and BENCH_FREE directly, so a measured span holds the
// allocator's own entry point and nothing added around it.
//
// Markers: distinct functions the workload calls around every measured span. Boards with
// an instruction counter an app can read do not need them; on the others (Cortex-M
// under QEMU) bench/board/trace_count.py counts the instructions an execution trace shows
// between a begin marker and the end marker (see bench/README.md).
#ifndef TIDE_APPS_ALLOC_BENCH_BENCH_HEAP_H_
#define TIDE_APPS_ALLOC_BENCH_BENCH_HEAP_H_

#include <stddef.h>
#include <stdint.h>

#if defined(TIDE_BENCH_PEER)
extern "C" void* malloc(size_t size);
extern "C" void free(void* pointer);
#define BENCH_MALLOC malloc
#define BENCH_FREE free
#else
#include "tide/malloc.h"
#define BENCH_MALLOC tide_malloc
#define BENCH_FREE tide_free
#endif

namespace bench {

// The allocator's name as the report shows it.
const char* heap_name();
// After every block was freed: whether the heap is sound (peers have no check: true).
bool heap_sound();

}  // namespace bench

extern "C" {
// Begin markers (one per kind of span), the end marker, a marker that reclassifies the
// span just ended as one that moved the break, and one that starts the next phase.
void tide_bench_mark_malloc();
void tide_bench_mark_free();
void tide_bench_mark_calibrate();
void tide_bench_mark_end();
void tide_bench_mark_moved();
void tide_bench_mark_phase();
}

#endif  // TIDE_APPS_ALLOC_BENCH_BENCH_HEAP_H_
