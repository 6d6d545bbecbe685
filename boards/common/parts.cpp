// The shared parts list (see parts.h).
#include "parts.h"

#include <stddef.h>

#include "tide/arch/cpu.h"
#include "tide/arch/protection.h"
#include "tide/core/drivers/console_driver.h"
#include "tide/core/drivers/process_info_driver.h"
#include "tide/core/drivers/signal_driver.h"
#include "tide/core/drivers/store_driver.h"
#include "tide/core/kernel.h"
#include "tide/core/log.h"

namespace tide::board {
namespace {

constexpr size_t kMaxProcesses = 8;

core::ProcessInfoDriver process_info_driver;
core::ConsoleDriver console_driver;
core::StoreDriver store_driver;
core::SignalDriver signal_driver;
core::Driver* const kDrivers[] = {&process_info_driver, &console_driver, &store_driver,
                                  &signal_driver};

core::Process processes[kMaxProcesses];

}  // namespace

void run_kernel(const BoardFacts& facts) {
  static const core::BoardConfig board = {
      .board_name = facts.name,
      .app_flash_base = TIDE_APP_FLASH_BASE,
      .app_ram_base = TIDE_APP_RAM_BASE,
      .app_slot_size = TIDE_APP_SLOT_SIZE,
      .app_slot_count = TIDE_APP_SLOT_COUNT,
      .drivers = kDrivers,
      .driver_count = sizeof kDrivers / sizeof kDrivers[0],
      .fault_policy = {.restart_limit = 1},
      .timeslice_cycles = facts.timeslice_ticks,
      .upcall_queue_length = 4,
  };
  core::log("Tide kernel on %s (%s), %s with %u regions\n", board.board_name, facts.cpu,
            arch::kProtectionName, arch::protection_region_count());
  arch::init(board.timeslice_cycles);
  static core::Kernel kernel(board, processes, kMaxProcesses);
  kernel.load_apps();
  kernel.run();
}

}  // namespace tide::board
