// The heap policy from the environment (TIDE_GRANULARITY, TIDE_TRIM, ...; README "Heap
// policy flags"), for programs on Linux and the LD_PRELOAD drop-in.
#ifndef TIDE_HOST_ENVIRONMENT_H_
#define TIDE_HOST_ENVIRONMENT_H_

namespace tide::host {

// Applies every TIDE_* variable that is set to the global heap. All of them are checked
// before any is applied: when one is invalid, none is, a message naming the variable and
// its value goes to stderr, and the result is false. Never allocates.
bool apply_environment_policy();

}  // namespace tide::host

#endif  // TIDE_HOST_ENVIRONMENT_H_
