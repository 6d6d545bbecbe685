/* libtide_trace_recorder.so: records the malloc-family calls of any program.
 *
 *   TIDE_TRACE=/tmp/prog.%p.trace LD_PRELOAD=.../libtide_trace_recorder.so prog args
 *
 * writes one trace per process (%p is replaced by the process id; without %p, children
 * would overwrite their parent's file). Format: trace_format.h. Without TIDE_TRACE the
 * library only forwards. Calls go on to the next malloc in the lookup order
 * (dlsym(RTLD_NEXT)), normally the C library's.
 *
 * Care points:
 * - dlsym itself may call calloc/malloc before the real functions are known: those
 *   requests are served from a small static bootstrap buffer whose blocks are never
 *   freed (free and realloc recognise them).
 * - Thread safety: one mutex is held across the real call and the recording, so the
 *   trace order is an order the calls really happened in (a block freed by one thread
 *   and reused by another is always recorded free-then-malloc).
 * - The recorder never allocates; a per-thread flag passes nested calls (made by the C
 *   library while it serves ours) straight through.
 * - fork: the parent's buffer is flushed before the fork; the child starts its own file.
 *   Data buffered when a process ends through _exit or a crash is lost. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_format.h"

#define EXPORT __attribute__((visibility("default")))

static void* (*real_malloc)(size_t);
static void (*real_free)(void*);
static void* (*real_calloc)(size_t, size_t);
static void* (*real_realloc)(void*, size_t);
static void* (*real_memalign)(size_t, size_t);
static int (*real_posix_memalign)(void**, size_t, size_t);
static void* (*real_aligned_alloc)(size_t, size_t);

/* ---- bootstrap allocations made while dlsym runs ---- */
static _Alignas(16) unsigned char bootstrap[65536];
static size_t bootstrap_used;
static int resolving;

static void* bootstrap_alloc(size_t size) {
  const size_t rounded = (size + 15) & ~(size_t)15;
  if (rounded > sizeof bootstrap - bootstrap_used) return NULL;
  void* block = bootstrap + bootstrap_used;
  bootstrap_used += rounded;
  return block; /* static storage: already zero */
}

static int is_bootstrap(const void* pointer) {
  const unsigned char* p = (const unsigned char*)pointer;
  return p >= bootstrap && p < bootstrap + sizeof bootstrap;
}

/* dlsym returns an object pointer; POSIX guarantees it converts to the function's. */
#define LOOKUP(variable, name)                     \
  do {                                             \
    void* symbol_ = dlsym(RTLD_NEXT, name);        \
    memcpy(&(variable), &symbol_, sizeof symbol_); \
  } while (0)

static void resolve(void) {
  if (real_malloc != NULL || resolving) return;
  resolving = 1;
  LOOKUP(real_free, "free");
  LOOKUP(real_calloc, "calloc");
  LOOKUP(real_realloc, "realloc");
  LOOKUP(real_memalign, "memalign");
  LOOKUP(real_posix_memalign, "posix_memalign");
  LOOKUP(real_aligned_alloc, "aligned_alloc");
  void* (*found_malloc)(size_t);
  LOOKUP(found_malloc, "malloc");
  __atomic_store_n(&real_malloc, found_malloc, __ATOMIC_RELEASE);
  resolving = 0;
}

/* ---- the trace buffer ---- */
static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread int in_recorder __attribute__((tls_model("initial-exec")));
static unsigned char buffer[1 << 20];
static size_t buffered;
static uint64_t last_pointer;
static int trace_fd = -1;
static int enabled;
static char path_pattern[4096];

static void write_all(const unsigned char* data, size_t size) {
  while (size > 0 && trace_fd >= 0) {
    const ssize_t written = write(trace_fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    data += written;
    size -= (size_t)written;
  }
}

/* Opens this process's file: the pattern with %p replaced by the process id. */
static void open_trace(void) {
  char path[sizeof path_pattern + 24];
  size_t out = 0;
  for (const char* p = path_pattern; *p != '\0' && out < sizeof path - 24; ++p) {
    if (p[0] == '%' && p[1] == 'p') {
      char digits[24];
      int n = 0;
      for (unsigned long pid = (unsigned long)getpid(); pid != 0 || n == 0; pid /= 10) {
        digits[n++] = (char)('0' + pid % 10);
      }
      while (n > 0)
        path[out++] = digits[--n];
      ++p;
    } else {
      path[out++] = *p;
    }
  }
  path[out] = '\0';
  trace_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  write_all((const unsigned char*)TIDE_TRACE_MAGIC, TIDE_TRACE_MAGIC_SIZE);
}

static void flush(void) {
  if (buffered == 0) return;
  if (trace_fd < 0) open_trace();
  write_all(buffer, buffered);
  buffered = 0;
}

/* Appends one record; called with trace_lock held. */
static void record(enum tide_trace_op op, int fields, const uint64_t* values, int pointer_mask) {
  if (!enabled) return;
  if (sizeof buffer - buffered < TIDE_TRACE_MAX_RECORD) flush();
  unsigned char* out = buffer + buffered;
  *out++ = (unsigned char)op;
  for (int i = 0; i < fields; ++i) {
    if (pointer_mask & (1 << i)) {
      out = tide_trace_put_pointer(out, &last_pointer, (const void*)(uintptr_t)values[i]);
    } else {
      out = tide_trace_put(out, values[i]);
    }
  }
  buffered = (size_t)(out - buffer);
}

static void fork_prepare(void) {
  pthread_mutex_lock(&trace_lock);
  flush();
}
static void fork_parent(void) {
  pthread_mutex_unlock(&trace_lock);
}
static void fork_child(void) {
  if (trace_fd >= 0) close(trace_fd);
  trace_fd = -1;
  buffered = 0;
  last_pointer = 0;
  pthread_mutex_unlock(&trace_lock);
}

__attribute__((constructor)) static void recorder_start(void) {
  resolve();
  const char* pattern = getenv("TIDE_TRACE");
  if (pattern == NULL || strlen(pattern) >= sizeof path_pattern) return;
  strcpy(path_pattern, pattern);
  in_recorder = 1;
  pthread_atfork(fork_prepare, fork_parent, fork_child);
  in_recorder = 0;
  enabled = 1;
}

__attribute__((destructor)) static void recorder_stop(void) {
  pthread_mutex_lock(&trace_lock);
  flush();
  enabled = 0;
  pthread_mutex_unlock(&trace_lock);
}

/* Runs `call` (a statement setting `result`) under the lock and records it, unless this
 * thread is already inside the recorder. */
#define RECORDED(call, op, fields, mask, ...) \
  do {                                        \
    if (in_recorder) {                        \
      call;                                   \
      break;                                  \
    }                                         \
    in_recorder = 1;                          \
    pthread_mutex_lock(&trace_lock);          \
    call;                                     \
    const uint64_t values_[] = {__VA_ARGS__}; \
    record(op, fields, values_, mask);        \
    pthread_mutex_unlock(&trace_lock);        \
    in_recorder = 0;                          \
  } while (0)

#define P(x) ((uint64_t)(uintptr_t)(x))

EXPORT void* malloc(size_t size) {
  if (__atomic_load_n(&real_malloc, __ATOMIC_ACQUIRE) == NULL) {
    if (resolving) return bootstrap_alloc(size);
    resolve();
  }
  void* result;
  RECORDED(result = real_malloc(size), TIDE_TRACE_MALLOC, 2, 2, size, P(result));
  return result;
}

EXPORT void free(void* pointer) {
  if (pointer == NULL || is_bootstrap(pointer)) return;
  RECORDED(real_free(pointer), TIDE_TRACE_FREE, 1, 1, P(pointer));
}

EXPORT void* calloc(size_t count, size_t size) {
  if (__atomic_load_n(&real_malloc, __ATOMIC_ACQUIRE) == NULL) {
    if (resolving) {
      if (size != 0 && count > SIZE_MAX / size) return NULL;
      return bootstrap_alloc(count * size);
    }
    resolve();
  }
  void* result;
  RECORDED(result = real_calloc(count, size), TIDE_TRACE_CALLOC, 3, 4, count, size, P(result));
  return result;
}

EXPORT void* realloc(void* pointer, size_t size) {
  if (is_bootstrap(pointer)) {
    /* Move a bootstrap block to the real heap; its old size is unknown, but it lies
     * within the buffer, so copying what is left of the buffer up to `size` is safe. */
    void* moved = malloc(size);
    const size_t available = (size_t)(bootstrap + sizeof bootstrap - (unsigned char*)pointer);
    if (moved != NULL) memcpy(moved, pointer, size < available ? size : available);
    return moved;
  }
  if (real_malloc == NULL) resolve();
  void* result;
  RECORDED(result = real_realloc(pointer, size), TIDE_TRACE_REALLOC, 3, 5, P(pointer), size,
           P(result));
  return result;
}

EXPORT void* memalign(size_t alignment, size_t size) {
  if (real_malloc == NULL) resolve();
  void* result;
  RECORDED(result = real_memalign(alignment, size), TIDE_TRACE_MEMALIGN, 3, 4, alignment, size,
           P(result));
  return result;
}

EXPORT int posix_memalign(void** out, size_t alignment, size_t size) {
  if (real_malloc == NULL) resolve();
  int status;
  RECORDED(status = real_posix_memalign(out, alignment, size), TIDE_TRACE_POSIX_MEMALIGN, 3, 4,
           alignment, size, status == 0 ? P(*out) : 0);
  return status;
}

EXPORT void* aligned_alloc(size_t alignment, size_t size) {
  if (real_malloc == NULL) resolve();
  void* result;
  RECORDED(result = real_aligned_alloc(alignment, size), TIDE_TRACE_ALIGNED_ALLOC, 3, 4, alignment,
           size, P(result));
  return result;
}

EXPORT void* valloc(size_t size) {
  return memalign((size_t)sysconf(_SC_PAGESIZE), size);
}
