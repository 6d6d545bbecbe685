// Types shared by Tide's C API (tide/malloc.h) and C++ API (tide/heap.h): the heap
// policy, statistics, error reports and heap-walk records. Plain C so both can use them.
#ifndef TIDE_HEAP_TYPES_H_
#define TIDE_HEAP_TYPES_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// How much the heap checks. Cheap checks cost a few instructions per call (argument and
// header checks in free/realloc/usable_size, free-list link checks in malloc); full
// checks also walk and verify the whole heap on every operation.
enum tide_check_level { TIDE_CHECK_OFF = 0, TIDE_CHECK_CHEAP = 1, TIDE_CHECK_FULL = 2 };

// The heap policy options (README: "Heap policy flags"), one row each -- the only list of
// them. Everything else is derived from the rows: the policy's fields (in row order), the
// option numbers TIDE_OPT_<NAME>, the option table of tide/heap_policy.h (its name, its
// environment variable TIDE_<NAME>, its kind and range, its getter and setter), the
// compile-time defaults (CMake reads the two default columns from here and makes the cache
// variable TIDE_<NAME>), and validation. Adding an option is one row plus its behaviour.
//
//   field: the tide_heap_policy member; NAME: the upper-case name; id: TIDE_OPT_<NAME>;
//   kind: SIZE (bytes, at most half the address space; K/M/G suffixes), POW2_SIZE (a SIZE
//   that is 0 or a power of two), FLAG (0 or 1), LEVEL (enum tide_check_level); type: the
//   field's C type; the defaults on a board and on the host.
// clang-format off
#define TIDE_HEAP_OPTION_TABLE(X)                                                         \
  /* the break moves in multiples of this (0: the source's); a coarser source step wins */\
  X(granularity,    GRANULARITY,    1, POW2_SIZE, size_t,  0,    4096)                    \
  /* never grow the break by less than this */                                            \
  X(min_grow,       MIN_GROW,       2, SIZE,      size_t,  256,  65536)                   \
  /* give memory back once the free top exceeds this */                                   \
  X(trim_threshold, TRIM_THRESHOLD, 4, SIZE,      size_t,  2048, 131072)                  \
  /* free bytes kept above the top after a trim */                                        \
  X(top_pad,        TOP_PAD,        5, SIZE,      size_t,  256,  65536)                   \
  /* the heap's footprint never exceeds this (0: no limit) */                             \
  X(max_heap,       MAX_HEAP,       6, SIZE,      size_t,  0,    0)                       \
  /* 1: give memory back; 0: never shrink the break by itself */                          \
  X(trim,           TRIM,           3, FLAG,      uint8_t, 1,    1)                       \
  /* 1: fill freed memory with TIDE_POISON_BYTE (needs the poisoning feature) */          \
  X(poison,         POISON,         7, FLAG,      uint8_t, 0,    0)                       \
  /* how much the heap checks (at most what the profile's checks build in) */             \
  X(check,          CHECK,          8, LEVEL,     uint8_t, 1,    1)                       \
  /* 1: when the heap grows right after a trim, double the trim threshold in force (up */ \
  /* to 64x the policy's), so a loop that allocates and frees one big block does not   */ \
  /* move the break on every call; tide_trim() and a policy change reset it            */ \
  X(adaptive_trim,  ADAPTIVE_TRIM,  9, FLAG,      uint8_t, 0,    1)
// clang-format on

#define TIDE_POLICY_FIELD_(field, NAME, id, kind, type, board, host) type field;
#define TIDE_OPTION_NUMBER_(field, NAME, id, kind, type, board, host) TIDE_OPT_##NAME = id,

// The heap policy. Sizes in bytes.
struct tide_heap_policy {
  TIDE_HEAP_OPTION_TABLE(TIDE_POLICY_FIELD_)
};

// Options, for tide_mallopt() / Heap::set_option() and the option table.
enum tide_option { TIDE_HEAP_OPTION_TABLE(TIDE_OPTION_NUMBER_) };

#undef TIDE_POLICY_FIELD_
#undef TIDE_OPTION_NUMBER_

#define TIDE_POISON_BYTE 0xDB

// Why a policy change was refused. Nothing changes when one is.
enum tide_policy_error {
  TIDE_POLICY_OK = 0,
  TIDE_POLICY_UNKNOWN_OPTION = 1,
  TIDE_POLICY_NOT_POWER_OF_TWO = 2,
  TIDE_POLICY_OUT_OF_RANGE = 3,
  TIDE_POLICY_BAD_TEXT = 4,      // an environment value that is not a size
  TIDE_POLICY_NOT_BUILT_IN = 5,  // a value that needs a feature this heap is built without
                                 // (a check level above its checks, poisoning)
};

// Heap statistics, like mallinfo2. "Block" bytes include the per-block header.
struct tide_heap_stats {
  size_t arena_bytes;               // bytes the heap holds from its source (its footprint)
  size_t in_use_bytes;              // bytes in allocated blocks
  size_t free_bytes;                // bytes in free blocks
  size_t releasable_bytes;          // free top that a trim could give back now
  size_t largest_free_block;        // usable bytes of the largest free block
  size_t peak_in_use_bytes;         // highest in_use_bytes seen
  size_t peak_arena_bytes;          // highest arena_bytes seen (peak footprint)
  size_t allocated_blocks;          // blocks handed out and not freed
  size_t free_blocks;               // blocks in the free lists
  size_t grow_count;                // times the break was moved up
  size_t shrink_count;              // times the break was moved down
  size_t bytes_given_back;          // total bytes returned to the source
  size_t failed_requests;           // allocations that returned NULL
  size_t spans;                     // separate address ranges the heap occupies
  uint32_t fragmentation_permille;  // 1000 * (free_bytes - size of the largest free block,
                                    // header included) / free_bytes; 0 with nothing free
};
// Statistics are not on the fast path: gathering them walks the free lists (and asks the
// source where its break is), so it costs time in proportion to the free blocks. Only a
// heap built with the statistics feature has them (tide/heap_features.h).

// What a heap check found.
enum tide_heap_error_kind {
  TIDE_ERROR_NONE = 0,
  TIDE_ERROR_DOUBLE_FREE = 1,      // freeing (or resizing) a block that is free
  TIDE_ERROR_FOREIGN_POINTER = 2,  // a pointer this heap did not hand out
  TIDE_ERROR_MISALIGNED_POINTER = 3,
  TIDE_ERROR_CORRUPT_HEADER = 4,      // a block header was overwritten
  TIDE_ERROR_CORRUPT_FREE_LIST = 5,   // a free block's links or footer were overwritten
  TIDE_ERROR_POISON_OVERWRITTEN = 6,  // freed memory was written (poisoning on)
  TIDE_ERROR_BAD_ACCOUNTING = 7,      // block totals disagree with the statistics
};

struct tide_heap_error {
  enum tide_heap_error_kind kind;
  const void* pointer;  // the pointer passed in, if the error came from a call
  const void* block;    // the block (header address) where the problem was found
  const char* what;     // a short sentence, static storage
};

// One block, as a heap walk reports it.
struct tide_block_info {
  void* pointer;  // what malloc returned (for a free block: where it would start)
  size_t size;    // usable bytes
  int in_use;     // 1 allocated, 0 free
};

// Called for each block, in address order; return 0 to stop the walk.
typedef int (*tide_walk_fn)(const struct tide_block_info* block, void* context);
// Called when a check finds a problem. The default prints and aborts; a hook that
// returns makes the failing call do nothing (free) or fail (malloc returns NULL).
typedef void (*tide_error_hook)(const struct tide_heap_error* error, void* context);
// Called when an allocation cannot be satisfied. Return 1 after freeing memory to have
// the allocation retried once; 0 to let it fail.
typedef int (*tide_oom_handler)(size_t request, void* context);
// Lock hooks for the global heap (no-op by default).
typedef void (*tide_lock_fn)(void* context);

#ifdef __cplusplus
}
#endif

#endif  // TIDE_HEAP_TYPES_H_
