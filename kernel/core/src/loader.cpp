// The app image loader: finds images in the board's flash slots, checks their headers,
// and gives each a RAM block at its slot's address. A bad image gets a clear load error
// and is skipped; the other apps still load.
#include "tide/abi/app_header.h"
#include "tide/core/kernel.h"
#include "tide/core/log.h"
#include "tide/freestanding/string.h"

namespace tide::core {
namespace {

constexpr uint32_t kErasedWord = 0xFFFFFFFF;
constexpr uint32_t kMinStackBytes = 256;

bool terminated(const char* text, size_t capacity) {
  for (size_t i = 0; i < capacity; ++i) {
    if (text[i] == '\0') return true;
  }
  return false;
}

// Why a header cannot be loaded, or nullptr when it is sound.
const char* check_header(const abi::AppHeader& header, size_t slot_size) {
  if (header.magic != abi::kAppMagic) return "bad magic (not a Tide app image)";
  if (header.version != abi::kAppVersion) return "unsupported header version";
  if (header.header_size != sizeof(abi::AppHeader)) return "bad header size";
  if (header.checksum != abi::app_header_checksum(header)) return "header checksum mismatch";
  if (header.image_size < sizeof(abi::AppHeader) || header.image_size > slot_size) {
    return "image size does not fit its flash slot (truncated or oversized image)";
  }
  if (header.entry_offset < sizeof(abi::AppHeader) || header.entry_offset >= header.image_size) {
    return "entry point outside the image";
  }
  if (!terminated(header.name, sizeof header.name)) return "name not terminated";
  if (header.stack_size < kMinStackBytes || header.stack_size % 8 != 0 ||
      header.stack_size > header.min_ram) {
    return "bad stack size";
  }
  return nullptr;
}

}  // namespace

size_t Kernel::load_apps() {
  for (size_t slot = 0; slot < board_.app_slot_count; ++slot)
    load_slot(slot);
  log("[kernel] %u process%s loaded; per-process kernel area %u bytes\n",
      static_cast<unsigned>(count_), count_ == 1 ? "" : "es",
      static_cast<unsigned>(kernel_area_bytes()));
  return count_;
}

bool Kernel::load_slot(size_t slot) {
  const uintptr_t flash = board_.app_flash_base + slot * board_.app_slot_size;
  const uintptr_t ram = board_.app_ram_base + slot * board_.app_slot_size;
  const auto& header = *reinterpret_cast<const abi::AppHeader*>(flash);
  if (header.magic == 0 || header.magic == kErasedWord) return false;  // empty slot
  const char* error = check_header(header, board_.app_slot_size);
  if (!error && header.ram_address != 0 && header.ram_address != ram) {
    error = "linked for a RAM address that is not its slot's";
  }
  if (!error && count_ == capacity_) error = "process table full";
  Process& process = processes_[error ? 0 : count_];
  if (!error) {
    process = Process{};
    const kernel::ProcessImage image = {{flash, header.image_size}, header.min_ram, {}, 0};
    // Apps are linked for their slot's RAM: the block must start exactly there.
    const kernel::MemoryError memory_error = pool_.load_at(ram, image, process.memory);
    if (memory_error != kernel::MemoryError::None) error = kernel::describe(memory_error);
  }
  if (error) {
    log("[kernel] load error in app slot %u (flash %p): %s; skipped\n", static_cast<unsigned>(slot),
        reinterpret_cast<const void*>(flash), error);
    return false;
  }
  process.id = static_cast<uint32_t>(count_);
  process.slot = static_cast<uint32_t>(slot);
  process.header = &header;
  memcpy(process.name, header.name, sizeof header.name);
  ++count_;
  start(process);
  log("[kernel] loaded '%s' (process %u): min RAM %u B, stack %u B, block %u B\n", process.name,
      static_cast<unsigned>(process.id), static_cast<unsigned>(header.min_ram),
      static_cast<unsigned>(header.stack_size),
      static_cast<unsigned>(process.memory.memory_size()));
  print_memory_map(process);
  return true;
}

// (Re)starts a loaded process at its entry with (flash start, memory start, memory size,
// app break) in its first four argument registers.
void Kernel::start(Process& process) {
  const ProcessMemory& memory = process.memory;
  const uint32_t arguments[4] = {
      static_cast<uint32_t>(memory.flash().start), static_cast<uint32_t>(memory.memory_start()),
      static_cast<uint32_t>(memory.memory_size()), static_cast<uint32_t>(memory.app_break())};
  arch::prepare_process(process.context, memory.flash().start + process.header->entry_offset,
                        memory.app_break(), arguments);
  process.state = ProcessState::kReady;
  process.upcall_head = 0;
  process.upcall_count = 0;
}

void Kernel::print_memory_map(const Process& process) {
  const ProcessMemory& m = process.memory;
  const auto u = [](uintptr_t value) { return static_cast<unsigned>(value); };
  const auto p = [](uintptr_t value) { return reinterpret_cast<const void*>(value); };
  const uintptr_t start = m.memory_start();
  const uintptr_t end = m.protected_end();
  log("    flash          %p-%p  %6u B\n", p(m.flash().start), p(m.flash().start + m.flash().size),
      u(m.flash().size));
  log("    memory start   %p\n", p(start));
  log("    app break      %p  %6u B app memory (heap, data, stack)\n", p(m.app_break()),
      u(m.app_break() - start));
  log("    %s end        %p  %6u B accessible, granularity %u B\n", arch::kProtectionName, p(end),
      u(end - start), u(m.break_granularity()));
  log("    kernel break   %p  %6u B free gap\n", p(m.kernel_break()), u(m.kernel_break() - end));
  log("    grants         %p  %6u B\n", p(m.kernel_area_start()),
      u(m.kernel_area_start() - m.kernel_break()));
  log("    memory end     %p  %6u B kernel area, block %u B\n", p(m.memory_end()),
      u(m.memory_end() - m.kernel_area_start()), u(m.memory_size()));
}

}  // namespace tide::core
