// System-call dispatch (the register ABI is in abi/include/tide/abi/syscall.h).
#include "tide/abi/syscall.h"
#include "tide/core/kernel.h"
#include "tide/core/log.h"
#include "tide/kernel/memop.h"

namespace tide::core {
using abi::Error;

void Kernel::handle_syscall(Process& process) {
  if (!frame_is_accessible(process)) {
    handle_fault(process, "system call with the stack outside its accessible memory");
    return;
  }
  const arch::UserContext& context = process.context;
  const uint32_t a0 = arch::syscall_argument(context, 0);
  const uint32_t a1 = arch::syscall_argument(context, 1);
  const uint32_t a2 = arch::syscall_argument(context, 2);
  const uint32_t a3 = arch::syscall_argument(context, 3);
  SyscallReturn result = SyscallReturn::failure(Error::kNoSupport);
  bool upcall_now = false;  // a yield that found an upcall queued
  switch (static_cast<abi::SyscallClass>(arch::syscall_class(context))) {
    case abi::SyscallClass::kYield:
      result = yield(process, a0, a1, upcall_now);
      break;
    case abi::SyscallClass::kSubscribe:
      result = subscribe(process, a0, a1, a2, a3);
      break;
    case abi::SyscallClass::kCommand:
      result = command(process, a0, a1, a2, a3);
      break;
    case abi::SyscallClass::kAllowReadWrite:
      result = allow(process, true, a0, a1, a2, a3);
      break;
    case abi::SyscallClass::kAllowReadOnly:
      result = allow(process, false, a0, a1, a2, a3);
      break;
    case abi::SyscallClass::kMemop:
      result = memop(process, a0, a1);
      break;
    case abi::SyscallClass::kExit:
      if (a0 <= static_cast<uint32_t>(abi::ExitKind::kRestart)) {
        exit_process(process, a0, a1);
        return;
      }
      result = SyscallReturn::failure(Error::kNoSupport);
      break;
  }
  if (process.state == ProcessState::kReady || process.state == ProcessState::kWaiting) {
    arch::set_syscall_return(process.context, static_cast<uint32_t>(result.variant),
                             result.values[0], result.values[1], result.values[2]);
  }
  // The upcall's arguments go in after the return value: they are what the process's
  // registers hold when it resumes, in the upcall function.
  if (upcall_now) deliver_upcall(process);
}

// Yield-wait blocks until an upcall is queued; yield-no-wait returns at once, and writes
// whether an upcall runs to the byte at report_address (0: no report), as Tock does.
SyscallReturn Kernel::yield(Process& process, uint32_t wait, uint32_t report_address,
                            bool& upcall_now) {
  if (wait > 1) return SyscallReturn::failure(Error::kInvalid);
  upcall_now = process.upcall_count > 0 && frame_is_accessible(process);
  if (wait == 0 && report_address != 0) {
    // The byte must be the app's own memory (below its break).
    const ProcessMemory& memory = process.memory;
    unsigned char* report =
        kernel::range_within(report_address, 1, memory.memory_start(), memory.app_break())
            ? memory.kernel_pointer(report_address, 1)
            : nullptr;
    if (report == nullptr) {
      upcall_now = false;
      return SyscallReturn::failure(Error::kInvalid);
    }
    *report = upcall_now ? 1 : 0;
  }
  if (!upcall_now && wait == 1) process.state = ProcessState::kWaiting;
  return SyscallReturn::success();
}

Driver* Kernel::find_driver(uint32_t number) const {
  for (size_t i = 0; i < board_.driver_count; ++i) {
    if (board_.drivers[i]->number() == number) return board_.drivers[i];
  }
  return nullptr;
}

DriverGrant* Kernel::grant_for(Process& process, const Driver& driver) {
  if (!driver.keeps_grant()) return nullptr;
  kernel::Result<kernel::GrantMemory> grant = process.memory.grant(driver.number());
  if (!grant.ok()) {
    grant = process.memory.allocate_grant(driver.number(), driver.grant_bytes(),
                                          kernel::kGrantAlignment);
    if (!grant.ok()) {
      log("[kernel] '%s': %s grant of %u B refused: %s\n", process.name, driver.name(),
          static_cast<unsigned>(driver.grant_bytes()), kernel::describe(grant.error()));
      return nullptr;
    }
    log("[kernel] '%s': %s grant of %u B at %p (kernel break now %p)\n", process.name,
        driver.name(), static_cast<unsigned>(driver.grant_bytes()),
        reinterpret_cast<void*>(grant.value().address),
        reinterpret_cast<void*>(process.memory.kernel_break()));
  }
  // Grants are allocated kGrantAlignment-aligned (a word at least).
  return static_cast<DriverGrant*>(static_cast<void*>(grant.value().bytes));
}

DriverGrant* Kernel::existing_grant(const Process& process, uint32_t driver) const {
  const kernel::Result<kernel::GrantMemory> grant = process.memory.grant(driver);
  return grant.ok() ? static_cast<DriverGrant*>(static_cast<void*>(grant.value().bytes)) : nullptr;
}

DriverCall Kernel::call_on(Process& process, uint32_t driver) {
  return DriverCall(*this, process, driver, existing_grant(process, driver), nullptr);
}

SyscallReturn Kernel::subscribe(Process& process, uint32_t driver_number, uint32_t number,
                                uint32_t fn, uint32_t data) {
  Driver* driver = find_driver(driver_number);
  if (!driver) return SyscallReturn::failure(Error::kNoDevice);
  if (!driver->keeps_grant() || number >= kUpcallsPerDriver) {
    return SyscallReturn::failure(Error::kNoSupport);
  }
  // The function must be app code: in the app's flash (or 0 to unsubscribe).
  const kernel::FlashRange& flash = process.memory.flash();
  if (fn != 0 && !kernel::range_within(fn & ~1u, 2, flash.start, flash.start + flash.size)) {
    return SyscallReturn::failure(Error::kInvalid);
  }
  DriverGrant* grant = grant_for(process, *driver);
  if (!grant) return SyscallReturn::failure(Error::kNoMemory);
  const Subscription previous = grant->upcalls[number];
  grant->upcalls[number] = {fn, data};
  return SyscallReturn::success_u32_u32(previous.function, previous.app_data);
}

SyscallReturn Kernel::command(Process& process, uint32_t driver_number, uint32_t number,
                              uint32_t a1, uint32_t a2) {
  Driver* driver = find_driver(driver_number);
  if (!driver) return SyscallReturn::failure(Error::kNoDevice);
  if (number == 0) return SyscallReturn::success();
  // The grant as it is: the driver's state() makes it when the command needs it.
  return driver->command(
      DriverCall(*this, process, driver_number, existing_grant(process, driver_number), driver),
      number, a1, a2);
}

SyscallReturn Kernel::allow(Process& process, bool read_write, uint32_t driver_number,
                            uint32_t number, uint32_t address, uint32_t length) {
  Driver* driver = find_driver(driver_number);
  if (!driver) return SyscallReturn::failure(Error::kNoDevice);
  if (!driver->keeps_grant() || number >= kAllowsPerDriver) {
    return SyscallReturn::failure(Error::kNoSupport);
  }
  // The buffer is checked before any state changes: a refused buffer is INVALID and
  // costs no grant; only then is the grant made (NOMEM when it does not fit) and the
  // allow recorded (which raises the high-water mark, and cannot fail after the check).
  const kernel::AllowKind kind =
      read_write ? kernel::AllowKind::ReadWrite : kernel::AllowKind::ReadOnly;
  if (process.memory.check_allow(address, length, kind) != kernel::MemoryError::None) {
    return SyscallReturn::failure(Error::kInvalid);
  }
  DriverGrant* grant = grant_for(process, *driver);
  if (!grant) return SyscallReturn::failure(Error::kNoMemory);
  process.memory.allow(address, length, kind);
  AllowedBuffer& slot = read_write ? grant->read_write[number] : grant->read_only[number];
  const AllowedBuffer previous = slot;
  slot = length == 0 ? AllowedBuffer{0, 0} : AllowedBuffer{address, length};
  return SyscallReturn::success_u32_u32(previous.address, previous.length);
}

SyscallReturn Kernel::memop(Process& process, uint32_t operation, uint32_t argument) {
  const kernel::SyscallResult result = kernel::memop(process.memory, operation, argument);
  const kernel::SyscallResult::Registers registers = result.encode();
  // The MPU is reprogrammed from the new configuration before the process runs again.
  return {static_cast<abi::ReturnVariant>(registers.r0),
          {static_cast<uint32_t>(registers.r1), 0, 0}};
}

DriverGrant* DriverCall::grant_or_make() const {
  if (grant_ == nullptr && owner_ != nullptr) grant_ = kernel_.grant_for(process_, *owner_);
  return grant_;
}

const unsigned char* DriverCall::read_only(uint32_t number, uint32_t& length) const {
  length = 0;
  if (!grant_ || number >= kAllowsPerDriver || grant_->read_only[number].length == 0) {
    return nullptr;
  }
  const AllowedBuffer buffer = grant_->read_only[number];
  length = buffer.length;
  const kernel::FlashRange& flash = process_.memory.flash();
  if (kernel::range_within(buffer.address, buffer.length, flash.start, flash.start + flash.size)) {
    return reinterpret_cast<const unsigned char*>(static_cast<uintptr_t>(buffer.address));
  }
  return process_.memory.kernel_pointer(buffer.address, buffer.length);
}

unsigned char* DriverCall::read_write(uint32_t number, uint32_t& length) const {
  length = 0;
  if (!grant_ || number >= kAllowsPerDriver || grant_->read_write[number].length == 0) {
    return nullptr;
  }
  const AllowedBuffer buffer = grant_->read_write[number];
  length = buffer.length;
  return process_.memory.kernel_pointer(buffer.address, buffer.length);
}

void DriverCall::schedule_upcall(uint32_t number, uint32_t a0, uint32_t a1, uint32_t a2) const {
  if (!grant_ || number >= kUpcallsPerDriver) return;
  kernel_.queue_upcall(process_, driver_number_, number, a0, a1, a2);
}

}  // namespace tide::core
