// The global heap's lock on Linux: one process-wide mutex, held across fork().
#include "tide/host/pthread_lock.h"

#include <atomic>

#include "tide/malloc.h"

namespace tide::host {
namespace {

constinit PthreadMutexLock global_lock;
constinit std::atomic<bool> installed{false};

void lock_global(void* lock) {
  static_cast<PthreadMutexLock*>(lock)->lock();
}
void unlock_global(void* lock) {
  static_cast<PthreadMutexLock*>(lock)->unlock();
}

// fork() while another thread is inside malloc would leave the child a heap half
// changed and a mutex nobody will release. Holding the lock across fork() prevents both.
// The handler is registered at the first allocation, before almost every other handler,
// and prepare handlers run in reverse order of registration: it is taken last, after
// other handlers that may still allocate.
void before_fork() {
  global_lock.lock();
}
void after_fork_in_parent() {
  global_lock.unlock();
}
void after_fork_in_child() {
  global_lock.reset();
}

}  // namespace

void install_global_heap_lock() {
  if (installed.exchange(true)) return;
  tide_set_lock_hooks(&lock_global, &unlock_global, &global_lock);
  pthread_atfork(&before_fork, &after_fork_in_parent, &after_fork_in_child);
}

}  // namespace tide::host
