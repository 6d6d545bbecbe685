#include "simulated_board.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>

#include "tide/host/simulated_pool.h"
#include "tide/kernel/memop.h"
#include "tide/kernel/no_protection.h"
#include "tide/kernel/pmp_tor.h"
#include "tide/kernel/pmsav7_mpu.h"
#include "tide/kernel/ram_pool.h"

namespace tide::host {
namespace {

// Candidates from 512 MiB up: below the sanitizers' shadow memory on x86-64 and above
// where a non-PIE program and its brk heap live.
constexpr uintptr_t kFirstCandidate = 0x20000000;
constexpr uintptr_t kCandidateStep = 0x01000000;
constexpr int kCandidates = 48;

template <kernel::ProtectionUnit Unit>
class ProcessOf final : public HostProcess {
 public:
  ProcessOf(const HostKernelOptions& options, const kernel::RamRegion& ram,
            const kernel::FlashRange& flash)
      : loaded_(ram, flash, options.min_ram, options.kernel_area) {}

  kernel::MemoryError load_error() const override { return loaded_.load_error(); }
  kernel::SyscallResult memop(uint32_t operation, uintptr_t argument) override {
    return kernel::memop(process(), operation, argument);
  }
  kernel::MemoryError allow(uintptr_t address, size_t size, kernel::AllowKind kind) override {
    return process().allow(address, size, kind);
  }
  kernel::MemoryError check_allow(uintptr_t address, size_t size,
                                  kernel::AllowKind kind) const override {
    return process().check_allow(address, size, kind);
  }
  kernel::Result<kernel::GrantMemory> grant(uint32_t driver) const override {
    return process().grant(driver);
  }
  kernel::Result<kernel::GrantMemory> allocate_grant(uint32_t driver, size_t size,
                                                     size_t alignment) override {
    return process().allocate_grant(driver, size, alignment);
  }
  unsigned char* kernel_pointer(uintptr_t address, size_t size) const override {
    return process().kernel_pointer(address, size);
  }
  kernel::MemoryError reset() override { return process().reset(); }
  kernel::MemoryError terminate() override { return process().terminate(); }
  bool invariants_hold() const override { return process().invariants_hold(); }

  MemoryMap memory_map() const override {
    if (!process().loaded()) return {};
    return {process().memory_start(),      process().memory_end(),
            process().initial_app_break(), process().allow_high_water_mark(),
            process().app_break(),         process().protected_end(),
            process().kernel_break(),      process().kernel_area_start(),
            process().break_granularity(), process().restart_count(),
            process().stack_top_hint(),    process().heap_start_hint()};
  }

 private:
  kernel::ProcessMemory<Unit>& process() { return loaded_.process(); }
  const kernel::ProcessMemory<Unit>& process() const { return loaded_.process(); }

  PooledProcess<Unit> loaded_;
};

}  // namespace

LowMapping::LowMapping(size_t bytes) : size_(bytes) {
  for (int i = 0; i < kCandidates && bytes_ == nullptr; ++i) {
    void* want =
        reinterpret_cast<void*>(kFirstCandidate + static_cast<uintptr_t>(i) * kCandidateStep);
    void* got = mmap(want, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (got == want) {
      bytes_ = static_cast<unsigned char*>(got);
    } else if (got != MAP_FAILED) {
      munmap(got, bytes);  // a kernel without MAP_FIXED_NOREPLACE placed it elsewhere
    }
  }
  if (bytes_ == nullptr) {
    std::fprintf(stderr, "host kernel: no free low memory for a %zu-byte mapping\n", bytes);
    std::abort();
  }
}

LowMapping::~LowMapping() {
  munmap(bytes_, size_);
}

std::unique_ptr<HostProcess> make_host_process(const HostKernelOptions& options,
                                               const kernel::RamRegion& ram,
                                               const kernel::FlashRange& flash) {
  switch (options.protection) {
    case Protection::kPmsav7Mpu:
      return std::make_unique<ProcessOf<kernel::Pmsav7Mpu>>(options, ram, flash);
    case Protection::kPmpTor:
      return std::make_unique<ProcessOf<kernel::PmpTor>>(options, ram, flash);
    case Protection::kNone:
      break;
  }
  return std::make_unique<ProcessOf<kernel::NoProtection>>(options, ram, flash);
}

}  // namespace tide::host
