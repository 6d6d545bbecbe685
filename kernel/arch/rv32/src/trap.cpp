// Reset, entering and leaving processes, traps (RV32, machine-mode kernel).
//
// The kernel runs in machine mode on its own stack with mscratch = 0. run_process()
// pushes the kernel's callee-saved registers and the context pointer (a 64-byte save
// area), puts the save area's address in mscratch, loads the process's 31 registers and
// pc from its UserContext and executes `mret` into user mode. Every trap enters
// tide_rv32_trap_entry: it swaps sp with mscratch; a non-zero value means the trap came
// from user mode, so it saves the process's registers into its UserContext, pops the
// save area and returns from the kernel's switch call. mcause and mtval are still those
// of the trap when run_process() decodes them. A zero mscratch means machine mode
// trapped: a kernel fault, reported and never resumed.
#include <stdint.h>

#include "csr.h"
#include "tide/arch/cpu.h"
#include "tide/arch/machine_timer.h"

extern "C" {
void tide_rv32_reset();
void tide_rv32_trap_entry();
void tide_rv32_switch_to_user(tide::arch::UserContext* context);
[[noreturn]] void tide_rv32_kernel_trap();
}

// Register n of the UserContext at n * 4 (x0's slot holds the pc). The save area on the
// kernel stack: ra, s0-s11, gp, tp, context pointer.
// clang-format off
#define TIDE_USER_REGISTERS(op) \
  op " x1, 4(a0)\n" \
  op " x3, 12(a0)\n" \
  op " x4, 16(a0)\n" \
  op " x6, 24(a0)\n" \
  op " x7, 28(a0)\n" \
  op " x8, 32(a0)\n" \
  op " x9, 36(a0)\n" \
  op " x11, 44(a0)\n" \
  op " x12, 48(a0)\n" \
  op " x13, 52(a0)\n" \
  op " x14, 56(a0)\n" \
  op " x15, 60(a0)\n" \
  op " x16, 64(a0)\n" \
  op " x17, 68(a0)\n" \
  op " x18, 72(a0)\n" \
  op " x19, 76(a0)\n" \
  op " x20, 80(a0)\n" \
  op " x21, 84(a0)\n" \
  op " x22, 88(a0)\n" \
  op " x23, 92(a0)\n" \
  op " x24, 96(a0)\n" \
  op " x25, 100(a0)\n" \
  op " x26, 104(a0)\n" \
  op " x27, 108(a0)\n" \
  op " x28, 112(a0)\n" \
  op " x29, 116(a0)\n" \
  op " x30, 120(a0)\n" \
  op " x31, 124(a0)\n"
#define TIDE_KERNEL_SAVED(op) \
  op " ra, 0(sp)\n" \
  op " s0, 4(sp)\n" \
  op " s1, 8(sp)\n" \
  op " s2, 12(sp)\n" \
  op " s3, 16(sp)\n" \
  op " s4, 20(sp)\n" \
  op " s5, 24(sp)\n" \
  op " s6, 28(sp)\n" \
  op " s7, 32(sp)\n" \
  op " s8, 36(sp)\n" \
  op " s9, 40(sp)\n" \
  op " s10, 44(sp)\n" \
  op " s11, 48(sp)\n" \
  op " gp, 52(sp)\n" \
  op " tp, 56(sp)\n"
// clang-format on

// The kernel image starts here (the board's linker script puts .text.reset first).
extern "C" __attribute__((naked, section(".text.reset"))) void tide_rv32_reset() {
  asm volatile(
      ".option push\n"
      ".option norelax\n"
      "lla gp, __global_pointer$\n"
      ".option pop\n"
      "lla sp, _kernel_stack_top\n"
      "csrw mscratch, zero\n"
      "lla t0, tide_rv32_trap_entry\n"
      "csrw %[mtvec], t0\n"
      "tail tide_kernel_start\n"
      :
      : [mtvec] "i"(tide::arch::csr::kMtvec));
}

// clang-format off
extern "C" __attribute__((naked)) void tide_rv32_switch_to_user(tide::arch::UserContext*) {
  asm volatile(
      "addi sp, sp, -64\n"
      TIDE_KERNEL_SAVED("sw")
      "sw a0, 60(sp)\n"
      "csrw mscratch, sp\n"
      "lw t0, 0(a0)\n"
      "csrw mepc, t0\n"
      "li t0, %[mpp]\n"  // mstatus.MPP = user (00)
      "csrc %[mstatus], t0\n"
      "lw x2, 8(a0)\n"
      "lw x5, 20(a0)\n"
      TIDE_USER_REGISTERS("lw")
      "lw x10, 40(a0)\n"  // a0 last: it is the base
      "mret\n"
      :
      : [mpp] "i"(tide::arch::csr::kMstatusMpp), [mstatus] "i"(tide::arch::csr::kMstatus));
}

// mtvec (direct mode): needs 4-byte alignment.
extern "C" __attribute__((naked, aligned(4))) void tide_rv32_trap_entry() {
  asm volatile(
      "csrrw sp, mscratch, sp\n"
      "beqz sp, 1f\n"
      // From user mode: sp is the save area, mscratch the user's sp.
      "sw a0, -4(sp)\n"
      "lw a0, 60(sp)\n"
      TIDE_USER_REGISTERS("sw")
      "sw x5, 20(a0)\n"
      "lw t0, -4(sp)\n"
      "sw t0, 40(a0)\n"
      "csrr t0, mscratch\n"
      "sw t0, 8(a0)\n"
      "csrr t0, mepc\n"
      "sw t0, 0(a0)\n"
      "csrw mscratch, zero\n"
      TIDE_KERNEL_SAVED("lw")
      "addi sp, sp, 64\n"
      "ret\n"
      // From machine mode: restore sp (and mscratch = 0) and report.
      "1:\n"
      "csrrw sp, mscratch, sp\n"
      "j tide_rv32_kernel_trap\n");
}
// clang-format on

#undef TIDE_USER_REGISTERS
#undef TIDE_KERNEL_SAVED

namespace tide::arch {
namespace {

FaultRecord fault;
uint32_t timeslice = 0;
volatile uint32_t* mtime = nullptr;
volatile uint32_t* mtimecmp = nullptr;

const char* describe_fault(uint32_t cause) {
  switch (cause) {
    case csr::kInstructionMisaligned:
      return "instruction address misaligned";
    case csr::kInstructionAccessFault:
      return "instruction access fault (PMP)";
    case csr::kIllegalInstruction:
      return "illegal instruction";
    case csr::kBreakpoint:
      return "breakpoint";
    case csr::kLoadMisaligned:
      return "misaligned load";
    case csr::kLoadAccessFault:
      return "load access fault (PMP)";
    case csr::kStoreMisaligned:
      return "misaligned store";
    case csr::kStoreAccessFault:
      return "store access fault (PMP)";
    default:
      return "exception";
  }
}

// Whether mtval holds the faulting address for this cause (for an illegal instruction
// it holds the instruction bits instead).
bool has_address(uint32_t cause) {
  return cause == csr::kInstructionMisaligned || cause == csr::kInstructionAccessFault ||
         (cause >= csr::kLoadMisaligned && cause <= csr::kStoreAccessFault);
}

FaultRecord record_fault(uint32_t cause, uint32_t pc) {
  const uint32_t mtval = csr::read<csr::kMtval>();
  return {describe_fault(cause), mtval, has_address(cause), pc, cause, mtval};
}

uint64_t read_mtime() {
  for (;;) {
    const uint32_t high = mtime[1];
    const uint32_t low = mtime[0];
    if (mtime[1] == high) return (uint64_t{high} << 32) | low;
  }
}

// mtimecmp is 64 bits written as two words: park the high word first so that no
// intermediate value fires early.
void write_mtimecmp(uint64_t value) {
  mtimecmp[1] = 0xFFFFFFFF;
  mtimecmp[0] = static_cast<uint32_t>(value);
  mtimecmp[1] = static_cast<uint32_t>(value >> 32);
}

}  // namespace

void set_machine_timer(uintptr_t mtime_address, uintptr_t mtimecmp_address) {
  mtime = reinterpret_cast<volatile uint32_t*>(mtime_address);
  mtimecmp = reinterpret_cast<volatile uint32_t*>(mtimecmp_address);
}

void init(uint32_t timeslice_ticks) {
  // Apps may read cycle, time and instret (rdinstret: the benchmark counter).
  csr::write<csr::kMcounteren>(csr::kCountersForUser);
  csr::write<csr::kScounteren>(csr::kCountersForUser);
  if (timeslice_ticks != 0 && mtime != nullptr) {
    timeslice = timeslice_ticks;
    write_mtimecmp(~uint64_t{0});
    csr::write<csr::kMie>(csr::kMieMachineTimer);  // taken in user mode only
  }
}

void prepare_process(UserContext& context, uintptr_t entry, uintptr_t stack_pointer,
                     const uint32_t (&arguments)[4]) {
  context = UserContext{};
  context.pc() = static_cast<uint32_t>(entry);
  context.reg(rv::kSp) = static_cast<uint32_t>(stack_pointer);
  for (unsigned i = 0; i < 4; ++i)
    context.reg(rv::kA0 + i) = arguments[i];
}

TrapKind run_process(UserContext& context) {
  // A fresh slice on every switch: with -icount the point of preemption is exact.
  if (timeslice != 0) write_mtimecmp(read_mtime() + timeslice);
  tide_rv32_switch_to_user(&context);
  const uint32_t cause = csr::read<csr::kMcause>();
  if (cause & csr::kInterruptBit) {
    if ((cause & ~csr::kInterruptBit) != csr::kMachineTimerInterrupt) on_unexpected_exception();
    write_mtimecmp(~uint64_t{0});
    return TrapKind::kTimeslice;
  }
  if (cause == csr::kEcallFromUser) {
    context.pc() += 4;  // resume after the ecall
    return TrapKind::kSyscall;
  }
  fault = record_fault(cause, context.pc());
  return TrapKind::kFault;
}

void set_syscall_return(UserContext& context, uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3) {
  context.reg(rv::kA0) = r0;
  context.reg(rv::kA0 + 1) = r1;
  context.reg(rv::kA0 + 2) = r2;
  context.reg(rv::kA0 + 3) = r3;
}

void push_upcall(UserContext& context, uintptr_t fn, uint32_t a0, uint32_t a1, uint32_t a2,
                 uint32_t a3) {
  context.reg(rv::kRa) = context.pc();  // fn returns to just after the ecall
  context.pc() = static_cast<uint32_t>(fn);
  set_syscall_return(context, a0, a1, a2, a3);
}

FaultRecord last_fault() {
  return fault;
}

}  // namespace tide::arch

void tide_rv32_kernel_trap() {
  using namespace tide::arch;
  const uint32_t cause = csr::read<csr::kMcause>();
  if (cause & csr::kInterruptBit) on_unexpected_exception();
  on_kernel_fault(record_fault(cause, csr::read<csr::kMepc>()));
}
