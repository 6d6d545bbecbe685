// Locks for Tide heaps shared between threads on Linux.
//
// tide::PthreadMutexLock meets the HeapLock concept:
//   tide::Heap<tide::SbrkSource, tide::PthreadMutexLock> heap;
// tide::host::install_global_heap_lock() makes the C API's global heap (tide_malloc, and
// malloc when the standard names are linked) thread safe and fork safe.
#ifndef TIDE_HOST_PTHREAD_LOCK_H_
#define TIDE_HOST_PTHREAD_LOCK_H_

#include <pthread.h>

#include "tide/heap.h"

namespace tide {

// A plain (non-recursive) pthread mutex. Constant-initialised, so a global one works
// before any constructor has run.
class PthreadMutexLock {
 public:
  constexpr PthreadMutexLock() = default;
  PthreadMutexLock(const PthreadMutexLock&) = delete;
  PthreadMutexLock& operator=(const PthreadMutexLock&) = delete;

  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }
  // In the child after fork(): the mutex may have been held by the parent's forking
  // thread; the child has only one thread, so it starts over with a fresh mutex.
  void reset() { pthread_mutex_init(&mutex_, nullptr); }

 private:
  pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
};

static_assert(HeapLock<PthreadMutexLock>);

namespace host {

// Installs a process-wide PthreadMutexLock as the global heap's lock hooks and registers
// a pthread_atfork handler that holds it across fork(), so that a child forked while
// another thread was inside malloc finds a consistent heap. Call it once, before a
// second thread exists; later calls do nothing.
void install_global_heap_lock();

}  // namespace host
}  // namespace tide

#endif  // TIDE_HOST_PTHREAD_LOCK_H_
