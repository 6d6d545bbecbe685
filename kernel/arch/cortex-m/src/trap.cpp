// Entering and leaving processes, system-call and fault entry (ARMv7-M).
//
// The kernel runs in privileged thread mode on MSP. run_process() saves the kernel's
// callee-saved registers, loads the process's, points PSP at the process's exception
// frame and executes `svc`. The SVC handler, seeing it came from MSP, makes thread mode
// unprivileged and returns on PSP: the process runs. When the process traps (svc, fault,
// SysTick), the handler makes thread mode privileged again and returns on MSP, which pops
// the frame the kernel's own `svc` left there: run_process() continues after its `svc`.
#include <stdint.h>

#include "registers.h"
#include "tide/arch/cpu.h"

namespace tide::arch {
namespace {

constexpr uint32_t kReturnToThreadPsp = 0xFFFFFFFD;
constexpr uint32_t kReturnToThreadMsp = 0xFFFFFFF9;
constexpr uint32_t kThumbBit = 1;
constexpr uint32_t kInitialXpsr = 0x01000000;  // Thumb state

enum class FaultVector : uint32_t { kHard = 3, kMemManage = 4, kBus = 5, kUsage = 6 };

}  // namespace
}  // namespace tide::arch

extern "C" {
extern const char tide_vector_table;  // vectors.cpp

// Set by the handlers below, read by run_process().
volatile uint8_t tide_cortex_m_trap_kind;
tide::arch::FaultRecord tide_cortex_m_fault;

uint32_t* tide_cortex_m_switch_to_user(uint32_t* stack_pointer, uint32_t* callee_saved);
uint32_t tide_cortex_m_on_fault(uint32_t exc_return, uint32_t vector);
void tide_cortex_m_svc_handler();
void tide_cortex_m_systick_handler();
void tide_cortex_m_hard_fault_handler();
void tide_cortex_m_mem_manage_handler();
void tide_cortex_m_bus_fault_handler();
void tide_cortex_m_usage_fault_handler();
void tide_cortex_m_unexpected_handler();
}

// r0 = process stack pointer, r1 = the process's saved r4-r11. Returns the new PSP.
__attribute__((naked)) uint32_t* tide_cortex_m_switch_to_user(uint32_t*, uint32_t*) {
  asm volatile(
      "push {r4-r12, lr}\n"
      "msr psp, r0\n"
      "ldmia r1!, {r4-r11}\n"
      "svc 0xff\n"
      "stmdb r1, {r4-r11}\n"
      "mrs r0, psp\n"
      "pop {r4-r12, pc}\n");
}

__attribute__((naked)) void tide_cortex_m_svc_handler() {
  asm volatile(
      "tst lr, #4\n"
      "bne 1f\n"
      // From the kernel's run_process(): enter the process, unprivileged, on PSP.
      "movs r0, #1\n"
      "msr control, r0\n"
      "isb\n"
      "mvn lr, #2\n"  // 0xFFFFFFFD
      "bx lr\n"
      "1:\n"
      // From a process: a system call. Back to the kernel, privileged, on MSP.
      "movs r0, #0\n"
      "msr control, r0\n"
      "isb\n"
      "movw r0, #:lower16:tide_cortex_m_trap_kind\n"
      "movt r0, #:upper16:tide_cortex_m_trap_kind\n"
      "movs r1, %[syscall]\n"
      "strb r1, [r0]\n"
      "mvn lr, #6\n"  // 0xFFFFFFF9
      "bx lr\n"
      :
      : [syscall] "i"(static_cast<uint32_t>(tide::arch::TrapKind::kSyscall)));
}

__attribute__((naked)) void tide_cortex_m_systick_handler() {
  asm volatile(
      "tst lr, #4\n"
      "beq 1f\n"  // the kernel was running: nothing to do
      "movs r0, #0\n"
      "msr control, r0\n"
      "isb\n"
      "movw r0, #:lower16:tide_cortex_m_trap_kind\n"
      "movt r0, #:upper16:tide_cortex_m_trap_kind\n"
      "movs r1, %[timeslice]\n"
      "strb r1, [r0]\n"
      "mvn lr, #6\n"
      "1:\n"
      "bx lr\n"
      :
      : [timeslice] "i"(static_cast<uint32_t>(tide::arch::TrapKind::kTimeslice)));
}

#define TIDE_FAULT_STUB(name, vector)  \
  __attribute__((naked)) void name() { \
    asm volatile(                      \
        "mov r0, lr\n"                 \
        "movs r1, #" #vector           \
        "\n"                           \
        "bl tide_cortex_m_on_fault\n"  \
        "bx r0\n");                    \
  }
TIDE_FAULT_STUB(tide_cortex_m_hard_fault_handler, 3)
TIDE_FAULT_STUB(tide_cortex_m_mem_manage_handler, 4)
TIDE_FAULT_STUB(tide_cortex_m_bus_fault_handler, 5)
TIDE_FAULT_STUB(tide_cortex_m_usage_fault_handler, 6)
#undef TIDE_FAULT_STUB

void tide_cortex_m_unexpected_handler() {
  tide::arch::on_unexpected_exception();
}

namespace tide::arch {
namespace {

const char* describe_fault(FaultVector vector, uint32_t cfsr, uint32_t hfsr) {
  if (cfsr & (1u << 0)) return "instruction access violation (MPU)";
  if (cfsr & (1u << 1)) return "data access violation (MPU)";
  if (cfsr & (1u << 3)) return "MPU fault while unstacking";
  if (cfsr & (1u << 4)) return "MPU fault while stacking (stack overflow?)";
  if (cfsr & (1u << 8)) return "instruction bus error";
  if (cfsr & (1u << 9)) return "precise data bus error";
  if (cfsr & (1u << 10)) return "imprecise data bus error";
  if (cfsr & (1u << 12)) return "bus error while stacking";
  if (cfsr & (1u << 16)) return "undefined instruction";
  if (cfsr & (1u << 17)) return "invalid state (not Thumb)";
  if (cfsr & (1u << 18)) return "invalid exception return";
  if (cfsr & (1u << 19)) return "no coprocessor";
  if (cfsr & (1u << 24)) return "unaligned access";
  if (cfsr & (1u << 25)) return "division by zero";
  if (vector == FaultVector::kHard && (hfsr & (1u << 1))) return "vector table read fault";
  return vector == FaultVector::kHard ? "hard fault" : "fault";
}

}  // namespace
}  // namespace tide::arch

// Returns the EXC_RETURN the stub leaves the handler with.
uint32_t tide_cortex_m_on_fault(uint32_t exc_return, uint32_t vector) {
  using namespace tide::arch;
  const uint32_t cfsr = reg::at(reg::kCfsr);
  const uint32_t hfsr = reg::at(reg::kHfsr);
  FaultRecord record{};
  record.kind = describe_fault(static_cast<FaultVector>(vector), cfsr, hfsr);
  record.status = cfsr;
  record.hard_status = hfsr;
  if (cfsr & (1u << 7)) {  // MMARVALID
    record.address = reg::at(reg::kMmfar);
    record.address_valid = true;
  } else if (cfsr & (1u << 15)) {  // BFARVALID
    record.address = reg::at(reg::kBfar);
    record.address_valid = true;
  }
  const bool stacked = (cfsr & ((1u << 4) | (1u << 12))) == 0;
  if ((exc_return & 4) != 0 && stacked) {
    uint32_t psp = 0;
    asm volatile("mrs %0, psp" : "=r"(psp));
    record.pc = reinterpret_cast<const ExceptionFrame*>(static_cast<uintptr_t>(psp))->pc;
  }
  reg::at(reg::kCfsr) = cfsr;  // write-one-to-clear
  reg::at(reg::kHfsr) = hfsr;
  const bool from_process = (exc_return & 4) != 0;
  if (!from_process) {
    on_kernel_fault(record);
  }
  tide_cortex_m_fault = record;
  tide_cortex_m_trap_kind = static_cast<uint8_t>(TrapKind::kFault);
  asm volatile("msr control, %0\n isb" : : "r"(0u) : "memory");
  return kReturnToThreadMsp;
}

namespace tide::arch {

void init(uint32_t timeslice_cycles) {
  reg::at(reg::kVtor) = reinterpret_cast<uintptr_t>(&tide_vector_table);
  reg::at(reg::kCcr) |= (1u << 9) | (1u << 4);  // 8-byte stack alignment, trap on /0
  // Faults above SVC above SysTick, so a fault in a handler is never masked.
  reg::at(reg::kShpr1) = 0x00000000;
  reg::at(reg::kShpr2) = 0x40u << 24;
  reg::at(reg::kShpr3) = (0xC0u << 24) | (0xC0u << 16);
  reg::at(reg::kShcsr) |= (1u << 16) | (1u << 17) | (1u << 18);
  if (timeslice_cycles != 0) {
    reg::at(reg::kSysTickReload) = timeslice_cycles - 1;
    reg::at(reg::kSysTickCurrent) = 0;
    reg::at(reg::kSysTickCsr) = 0x7;  // processor clock, interrupt, enable
  }
}

void prepare_process(UserContext& context, uintptr_t entry, uintptr_t stack_pointer,
                     const uint32_t (&arguments)[4]) {
  for (uint32_t& value : context.callee_saved)
    value = 0;
  context.stack_pointer = static_cast<uint32_t>(stack_pointer - kExceptionFrameBytes);
  ExceptionFrame& frame = frame_of(context);
  frame = ExceptionFrame{arguments[0],
                         arguments[1],
                         arguments[2],
                         arguments[3],
                         0,
                         0,
                         static_cast<uint32_t>(entry) & ~kThumbBit,
                         kInitialXpsr};
}

TrapKind run_process(UserContext& context) {
  uint32_t* stack = reinterpret_cast<uint32_t*>(static_cast<uintptr_t>(context.stack_pointer));
  stack = tide_cortex_m_switch_to_user(stack, context.callee_saved);
  context.stack_pointer = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(stack));
  return static_cast<TrapKind>(tide_cortex_m_trap_kind);
}

uint32_t syscall_class(const UserContext& context) {
  // The SVC immediate is the low byte of the 16-bit instruction before the stacked pc.
  const uintptr_t pc = frame_of(context).pc;
  return *reinterpret_cast<const uint8_t*>(pc - 2);
}

void set_syscall_return(UserContext& context, uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3) {
  ExceptionFrame& frame = frame_of(context);
  frame.r0 = r0;
  frame.r1 = r1;
  frame.r2 = r2;
  frame.r3 = r3;
}

void push_upcall(UserContext& context, uintptr_t fn, uint32_t a0, uint32_t a1, uint32_t a2,
                 uint32_t a3) {
  ExceptionFrame& frame = frame_of(context);
  frame.lr = frame.pc | kThumbBit;  // fn returns to just after the svc
  frame.pc = static_cast<uint32_t>(fn) & ~kThumbBit;
  frame.r0 = a0;
  frame.r1 = a1;
  frame.r2 = a2;
  frame.r3 = a3;
  frame.xpsr = kInitialXpsr;
}

FaultRecord last_fault() {
  return tide_cortex_m_fault;
}

}  // namespace tide::arch
