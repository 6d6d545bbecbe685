// The architecture interface on the host (see tide/arch/cpu.h): the kernel's calls go to
// the installed Machine; the protection configuration is kept for the tests.
#include "tide/arch/host_machine.h"

namespace tide::arch {
namespace {

host::Machine* machine = nullptr;
FaultRecord fault = {"no fault", 0, false, 0, 0, 0};
ProtectionUnit::Config protection = {};

// MPU regions or PMP entries.
template <class Unit>
constexpr unsigned region_count_of() {
  if constexpr (requires { Unit::kRegionCount; }) {
    return static_cast<unsigned>(Unit::kRegionCount);
  } else {
    return static_cast<unsigned>(Unit::kMaxEntries);
  }
}

}  // namespace

void init(uint32_t) {}

void prepare_process(UserContext& context, uintptr_t entry, uintptr_t stack_pointer,
                     const uint32_t (&arguments)[4]) {
  const uint32_t starts = context.starts + 1;
  context = UserContext{};
  context.pc = static_cast<uint32_t>(entry);
  context.stack_pointer = static_cast<uint32_t>(stack_pointer);
  for (unsigned i = 0; i < 4; ++i)
    context.arguments[i] = arguments[i];
  context.starts = starts;
}

TrapKind run_process(UserContext& context) {
  if (machine == nullptr) {
    fault = {"no machine installed to run the process", 0, false, context.pc, 0, 0};
    return TrapKind::kFault;
  }
  return machine->run(context);
}

void set_syscall_return(UserContext& context, uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3) {
  context.returns[0] = r0;
  context.returns[1] = r1;
  context.returns[2] = r2;
  context.returns[3] = r3;
}

void push_upcall(UserContext& context, uintptr_t fn, uint32_t a0, uint32_t a1, uint32_t a2,
                 uint32_t a3) {
  context.upcall_pending = true;
  context.upcall_function = static_cast<uint32_t>(fn);
  context.upcall_arguments[0] = a0;
  context.upcall_arguments[1] = a1;
  context.upcall_arguments[2] = a2;
  context.upcall_arguments[3] = a3;
}

FaultRecord last_fault() {
  return fault;
}

void apply_protection(const ProtectionUnit::Config& config) {
  protection = config;
}

unsigned protection_region_count() {
  return region_count_of<ProtectionUnit>();
}

namespace host {

void install(Machine* installed) {
  machine = installed;
}

void record_fault(const FaultRecord& record) {
  fault = record;
}

const ProtectionUnit::Config& applied_protection() {
  return protection;
}

}  // namespace host
}  // namespace tide::arch
