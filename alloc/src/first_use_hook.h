// TIDE_FIRST_USE_HOOK: the standard names (std_names.cpp, new_delete.cpp) call it first in
// every allocating entry when it is defined. It names a function with C linkage and no
// arguments; the Linux drop-in (host/dropin) uses it to read its policy from the
// environment and install its lock on first use. Apps that link tide::alloc_std_names or
// tide::new_delete leave it undefined, and it costs nothing.
#ifndef TIDE_ALLOC_SRC_FIRST_USE_HOOK_H_
#define TIDE_ALLOC_SRC_FIRST_USE_HOOK_H_

#ifdef TIDE_FIRST_USE_HOOK
extern "C" void TIDE_FIRST_USE_HOOK(void);
#define TIDE_PREPARE() TIDE_FIRST_USE_HOOK()
#else
#define TIDE_PREPARE() static_cast<void>(0)
#endif

#endif  // TIDE_ALLOC_SRC_FIRST_USE_HOOK_H_
