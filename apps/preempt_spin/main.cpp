// preempt_spin: loops without a single system call until preempt_work signals it. The
// kernel gets the processor back only through the time-slice timer, so preempt_work can
// run (and finish) only when time slices preempt this loop.
#include "app_check.h"

namespace {

using tide::abi::Driver;
namespace rt = tide::rt;

constexpr uint32_t kSpinning = 0x5717;  // to preempt_work: the loop starts now
constexpr uint32_t kDone = 0xD0E;       // from preempt_work: its work is done
volatile uint32_t signalled;            // the kernel writes preempt_work's signal here

}  // namespace

int main() {
  using namespace tide::abi;
  APP_CHECK(rt::command(Driver::kProcessInfo, process_info::kCommandProcessCount).r1 == 2);
  const uint32_t self = rt::command(Driver::kProcessInfo, process_info::kCommandProcessId).r1;
  const uint32_t peer = 1 - self;
  APP_CHECK(rt::allow_read_write(Driver::kSignal, signal::kAllowWord,
                                 const_cast<uint32_t*>(&signalled), sizeof signalled)
                .ok());
  printf("spinning without system calls until process %u is done\n", static_cast<unsigned>(peer));
  // RESERVE until preempt_work has allowed its own word.
  while (!rt::command(Driver::kSignal, signal::kCommandSignal, peer, kSpinning).ok())
    rt::yield_no_wait();
  uint32_t spins = 0;
  while (signalled == 0)
    ++spins;
  printf("signalled 0x%x after %u spins\n", static_cast<unsigned>(signalled),
         static_cast<unsigned>(spins));
  APP_CHECK(signalled == kDone);
  printf("preempt_spin: PASS\n");
  return 0;
}
