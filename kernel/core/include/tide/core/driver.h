// Drivers: kernel services an app reaches by driver number (command, subscribe, allow).
//
// A driver that keeps per-process state (grant_bytes() > 0) gets it in the process's
// own block: a grant, allocated from the top of the gap on the process's first subscribe
// or allow to the driver, or when a command first needs the driver's state (a command
// refused before that makes none: a failed call changes nothing). The grant starts with a
// DriverGrant (the app's subscriptions and allowed buffers, managed by the kernel for every driver
// alike), followed by the driver's own state. A driver without state (grant_bytes() == 0) has no
// subscriptions or buffers.
#ifndef TIDE_CORE_DRIVER_H_
#define TIDE_CORE_DRIVER_H_

#include <stddef.h>
#include <stdint.h>

#include "tide/core/process.h"
#include "tide/core/syscall_return.h"

namespace tide::core {

inline constexpr uint32_t kUpcallsPerDriver = 2;
inline constexpr uint32_t kAllowsPerDriver = 2;

struct Subscription {
  uint32_t function;
  uint32_t app_data;
};

struct AllowedBuffer {
  uint32_t address;
  uint32_t length;
};

struct DriverGrant {
  Subscription upcalls[kUpcallsPerDriver];
  AllowedBuffer read_only[kAllowsPerDriver];
  AllowedBuffer read_write[kAllowsPerDriver];
};

class Driver;
class Kernel;

// What a driver's command sees: the calling process and its grant, and the kernel
// services that touch it.
class DriverCall {
 public:
  // `owner`: the driver whose state() makes the grant when there is none yet (a command
  // of the calling process); nullptr for a driver's view of another process, which never
  // gets a grant on its behalf.
  DriverCall(Kernel& kernel, Process& process, uint32_t driver, DriverGrant* grant,
             const Driver* owner)
      : kernel_(kernel), process_(process), driver_number_(driver), grant_(grant), owner_(owner) {}

  Process& process() const { return process_; }
  Kernel& kernel() const { return kernel_; }
  // The driver's grant as it is (nullptr: none yet, or a driver without state).
  DriverGrant* grant() const { return grant_; }
  // The driver's state, which follows its grant; the grant is made now if the call may
  // (nullptr: no room for it in the gap -- answer NOMEM -- or a peer that has none).
  template <class State>
  State* state() const {
    DriverGrant* grant = grant_or_make();
    return grant ? reinterpret_cast<State*>(grant + 1) : nullptr;
  }
  // Kernel pointers to the allowed buffers (nullptr when none is allowed).
  const unsigned char* read_only(uint32_t number, uint32_t& length) const;
  unsigned char* read_write(uint32_t number, uint32_t& length) const;
  // Queues upcall `number` with three arguments (nothing when not subscribed).
  void schedule_upcall(uint32_t number, uint32_t a0, uint32_t a1, uint32_t a2) const;

 private:
  DriverGrant* grant_or_make() const;

  Kernel& kernel_;
  Process& process_;
  uint32_t driver_number_;
  mutable DriverGrant* grant_;
  const Driver* owner_;
};

class Driver {
 public:
  constexpr Driver(uint32_t number, const char* name, size_t state_bytes)
      : number_(number), name_(name), state_bytes_(state_bytes) {}

  uint32_t number() const { return number_; }
  const char* name() const { return name_; }
  bool keeps_grant() const { return state_bytes_ != 0; }
  size_t grant_bytes() const { return keeps_grant() ? sizeof(DriverGrant) + state_bytes_ : 0; }

  // Command 0 ("does the driver exist") is answered by the kernel; the rest by the
  // driver. Bad arguments are answered with a failure and change nothing.
  virtual SyscallReturn command(const DriverCall& call, uint32_t command, uint32_t argument1,
                                uint32_t argument2) = 0;

 protected:
  ~Driver() = default;

 private:
  uint32_t number_;
  const char* name_;
  size_t state_bytes_;
};

}  // namespace tide::core

#endif  // TIDE_CORE_DRIVER_H_
