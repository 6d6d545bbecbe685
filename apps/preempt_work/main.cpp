// preempt_work: waits until preempt_spin is in its loop without system calls, then
// works and signals it. Every step after the wait runs only because the kernel's time
// slices take the processor back from the spinning process.
#include "app_check.h"

namespace {

using tide::abi::Driver;
namespace rt = tide::rt;

constexpr uint32_t kSpinning = 0x5717;
constexpr uint32_t kDone = 0xD0E;
volatile uint32_t signalled;

}  // namespace

int main() {
  using namespace tide::abi;
  APP_CHECK(rt::allow_read_write(Driver::kSignal, signal::kAllowWord,
                                 const_cast<uint32_t*>(&signalled), sizeof signalled)
                .ok());
  const uint32_t self = rt::command(Driver::kProcessInfo, process_info::kCommandProcessId).r1;
  const uint32_t peer = 1 - self;
  while (signalled == 0)
    rt::yield_no_wait();
  APP_CHECK(signalled == kSpinning);
  // From here on, every system call hands the processor to the spinning process, and
  // only its time slice's end brings it back.
  uint32_t sum = 0;
  for (uint32_t step = 1; step <= 3; ++step) {
    sum += step * step;
    printf("step %u while process %u spins\n", static_cast<unsigned>(step),
           static_cast<unsigned>(peer));
  }
  APP_CHECK(sum == 14);
  APP_CHECK(rt::command(Driver::kSignal, signal::kCommandSignal, peer, kDone).ok());
  printf("preempt_work: PASS\n");
  return 0;
}
