// The host kernel's hardware: low memory for the simulated device's flash and RAM, and
// one process's ProcessMemory behind an interface that hides its protection unit.
#ifndef TIDE_HOST_RUNTIME_BACKEND_SIMULATED_BOARD_H_
#define TIDE_HOST_RUNTIME_BACKEND_SIMULATED_BOARD_H_

#include <stddef.h>
#include <stdint.h>

#include <memory>

#include "tide/host/host_kernel.h"
#include "tide/kernel/process_memory.h"
#include "tide/kernel/syscall_result.h"

namespace tide::host {

// An anonymous read-write mapping below 4 GiB, at the first free one of a few fixed,
// 16 MiB-aligned addresses (so a PMSAv7 block of any test size can be aligned in it).
class LowMapping {
 public:
  explicit LowMapping(size_t bytes);
  ~LowMapping();
  LowMapping(const LowMapping&) = delete;
  LowMapping& operator=(const LowMapping&) = delete;

  unsigned char* bytes() const { return bytes_; }
  uintptr_t address() const { return reinterpret_cast<uintptr_t>(bytes_); }
  size_t size() const { return size_; }

 private:
  unsigned char* bytes_ = nullptr;
  size_t size_ = 0;
};

// The host kernel's one loaded process, whatever its protection unit.
class HostProcess {
 public:
  virtual ~HostProcess() = default;
  virtual kernel::MemoryError load_error() const = 0;
  virtual kernel::SyscallResult memop(uint32_t operation, uintptr_t argument) = 0;
  virtual kernel::MemoryError allow(uintptr_t address, size_t size, kernel::AllowKind kind) = 0;
  virtual kernel::MemoryError check_allow(uintptr_t address, size_t size,
                                          kernel::AllowKind kind) const = 0;
  virtual kernel::Result<kernel::GrantMemory> grant(uint32_t driver) const = 0;
  virtual kernel::Result<kernel::GrantMemory> allocate_grant(uint32_t driver, size_t size,
                                                             size_t alignment) = 0;
  virtual unsigned char* kernel_pointer(uintptr_t address, size_t size) const = 0;
  virtual kernel::MemoryError reset() = 0;
  virtual kernel::MemoryError terminate() = 0;
  virtual bool invariants_hold() const = 0;
  virtual MemoryMap memory_map() const = 0;
};

// A process of options.min_ram loaded into the RAM pool `ram` with `flash` as its image.
std::unique_ptr<HostProcess> make_host_process(const HostKernelOptions& options,
                                               const kernel::RamRegion& ram,
                                               const kernel::FlashRange& flash);

}  // namespace tide::host

#endif  // TIDE_HOST_RUNTIME_BACKEND_SIMULATED_BOARD_H_
