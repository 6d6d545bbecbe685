// libFuzzer harness: random sequences of load/brk/sbrk/grant/allow/reset/terminate/memop
// on up to three processes of one RAM pool, for each protection unit. After every step:
// the process's own invariant check, a reference model of the breaks, mark and grants,
// the user view decoded from the register values (protection_decoders.h), and zeroed
// growth. Any mismatch aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "decoded_view.h"
#include "tide/host/simulated_pool.h"
#include "tide/kernel/memop.h"
#include "tide/kernel/ram_pool.h"

namespace tide::test {
namespace {

using kernel::AllowKind;
using kernel::KernelArea;
using kernel::MemoryError;
using kernel::ProcessImage;
using kernel::ProcessMemory;
using kernel::RamPool;
using kernel::RamRegion;

void check(bool condition) {
  if (!condition) abort();
}

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return size_ == 0; }
  uint64_t bytes(size_t n) {
    uint64_t value = 0;
    for (size_t i = 0; i < n && size_ > 0; ++i, ++data_, --size_)
      value = (value << 8) | *data_;
    return value;
  }
  uint8_t u8() { return static_cast<uint8_t>(bytes(1)); }
  uint16_t u16() { return static_cast<uint16_t>(bytes(2)); }
  uintptr_t word() { return static_cast<uintptr_t>(bytes(sizeof(uintptr_t))); }

 private:
  const uint8_t* data_;
  size_t size_;
};

// The contract's rules restated independently of ProcessMemory.
struct Model {
  uintptr_t app_break;
  uintptr_t mark;
  uintptr_t kernel_break;
  uint32_t drivers[16];
  uintptr_t grant_addresses[16];
  size_t grant_count;
};

template <class Unit>
Access decoded(const typename Unit::Config& config, uint64_t address) {
  if constexpr (__is_same(Unit, NoProtection)) {
    return kNoAccess;
  } else {
    return user_access(config, address);
  }
}

template <class Unit>
class Harness {
 public:
  static constexpr size_t kRamSize = 24 * 1024;

  Harness(Input& in, uintptr_t ram_address)
      : in_(in),
        storage_(kRamSize / sizeof(max_align_t) + 1),
        area_{1 + in.u8() % 8u, in.u8() % 4u},
        board_(RamRegion{ram_address, kRamSize, bytes()}, area_) {}

  void run() {
    for (size_t i = 0; i < 3; ++i)
      load(i);
    for (int step = 0; step < 400 && !in_.empty(); ++step) {
      const size_t i = in_.u8() % 3;
      if (!processes_[i].loaded()) {
        load(i);
        continue;
      }
      operate(processes_[i], models_[i]);
      for (size_t j = 0; j < 3; ++j)
        verify(processes_[j], models_[j]);
    }
  }

 private:
  unsigned char* bytes() { return reinterpret_cast<unsigned char*>(storage_.data()); }

  void load(size_t i) {
    ProcessImage image = {};
    image.flash = flash_for<Unit>();
    image.min_ram_size = in_.u16() % 7000;
    RamPool<Unit>& pool = board_.pool();
    const uintptr_t before = pool.next_free_address();
    const MemoryError error = pool.load(image, processes_[i]);
    if (error != MemoryError::None) {
      check(!processes_[i].loaded() && pool.next_free_address() == before);
      return;
    }
    const auto& p = processes_[i];
    models_[i] = Model{p.initial_app_break(), p.memory_start(), p.kernel_area_start(), {}, {}, 0};
    verify(processes_[i], models_[i]);
  }

  template <class U>
  static kernel::FlashRange flash_for() {
    if constexpr (__is_same(U, Pmsav7Mpu)) return {0x00010000, 0x4000};
    return {0x20400000, 0x4000};
  }

  uintptr_t user_end(const ProcessMemory<Unit>& p, uintptr_t brk) const {
    return expected_user_end(board_.unit(), p.memory_start(), p.memory_size(), brk);
  }

  uintptr_t pick_address(const ProcessMemory<Unit>& p, const Model& m) {
    switch (in_.u8() % 6) {
      case 0:
        return in_.word();
      case 1:
        return p.memory_start() + in_.u16() % (p.memory_size() + 64);
      case 2:
        return m.app_break + static_cast<int8_t>(in_.u8());
      case 3:
        return m.kernel_break + static_cast<int8_t>(in_.u8());
      case 4:
        return user_end(p, m.app_break) + static_cast<int8_t>(in_.u8());
      default:
        return p.memory_start() - in_.u8();
    }
  }

  void do_brk(ProcessMemory<Unit>& p, Model& m, uintptr_t target, MemoryError error) {
    const bool ok = target >= m.mark && target < p.memory_end() && target <= m.kernel_break &&
                    user_end(p, target) <= m.kernel_break;
    check(ok == (error == MemoryError::None));
    if (!ok) return;
    if (target > m.app_break) {
      const unsigned char* gained = p.kernel_pointer(m.app_break, 0);
      for (uintptr_t a = 0; a < user_end(p, target) - m.app_break; ++a)
        check(gained[a] == 0);
    }
    m.app_break = target;
  }

  void operate(ProcessMemory<Unit>& p, Model& m) {
    switch (in_.u8() % 9) {
      case 0: {
        const uintptr_t target = pick_address(p, m);
        do_brk(p, m, target, p.brk(target));
        break;
      }
      case 1: {
        static constexpr intptr_t kSpecial[] = {INTPTR_MIN,
                                                INTPTR_MAX,
                                                intptr_t{1} << 31,
                                                -(intptr_t{1} << 31),
                                                (intptr_t{1} << 32) - 1,
                                                -((intptr_t{1} << 32) - 1),
                                                -1,
                                                1};
        const uint8_t mode = in_.u8();
        const intptr_t delta = mode % 3 == 0   ? static_cast<intptr_t>(in_.word())
                               : mode % 3 == 1 ? static_cast<int16_t>(in_.u16())
                                               : kSpecial[mode / 3 % 8];
        const uintptr_t before = m.app_break;
        const kernel::Result<uintptr_t> r = p.sbrk(delta);
        const uintptr_t target = before + static_cast<uintptr_t>(delta);
        const bool wraps = delta >= 0 ? target < before : target > before;
        if (wraps) {
          check(r.error() == MemoryError::AddressOutOfBounds);
        } else {
          do_brk(p, m, target, r.error());
          if (r.ok()) check(r.value() == before);
        }
        break;
      }
      case 2:
        grant(p, m);
        break;
      case 3: {
        const uintptr_t address = pick_address(p, m);
        const size_t size = in_.u8() % 2 ? in_.u16() % 2048 : in_.word();
        const MemoryError error =
            p.allow(address, size, in_.u8() % 2 ? AllowKind::ReadOnly : AllowKind::ReadWrite);
        const bool in_ram = size == 0 || (address >= p.memory_start() && address <= m.app_break &&
                                          size <= m.app_break - address);
        if (in_ram && size > 0 && address + size > m.mark) m.mark = address + size;
        if (in_ram) check(error == MemoryError::None);
        break;
      }
      case 4:
        check(p.reset() == MemoryError::None);
        m = Model{p.initial_app_break(), p.memory_start(), p.kernel_area_start(), {}, {}, 0};
        break;
      case 5:
        check(p.terminate() == MemoryError::None);
        m.grant_count = 0;
        break;
      case 6: {
        const uint32_t op = in_.u8() % 16;
        const uintptr_t argument = pick_address(p, m);
        const kernel::SyscallResult r = kernel::memop(p, op, argument);
        if (op == 0)
          do_brk(p, m, argument, r.is_success() ? MemoryError::None : MemoryError::OutOfMemory);
        if (op == 1) {
          const uintptr_t before = m.app_break;
          if (r.is_success()) {
            check(r.value() == before);
            m.app_break = p.app_break();
          }
        }
        if (op == 6) check(r.value() == m.kernel_break);
        if (op == 12) check(r.value() == p.break_granularity());
        if (op == 13) check(r.value() == p.protected_end());
        if (op > 13) check(r.error_code() == abi::Error::kNoSupport);
        break;
      }
      default: {
        const uint32_t driver = in_.u8() % 12;
        const auto r = p.grant(driver);
        size_t k = 0;
        while (k < m.grant_count && m.drivers[k] != driver)
          ++k;
        check(r.ok() == (k < m.grant_count));
        if (r.ok()) check(r.value().address == m.grant_addresses[k]);
        break;
      }
    }
  }

  void grant(ProcessMemory<Unit>& p, Model& m) {
    const uint32_t driver = in_.u8() % 12;
    const size_t size = in_.u8() % 4 ? in_.u16() % 1024 : in_.word();
    const size_t alignment = size_t{1} << (in_.u8() % 14);
    const auto r = p.allocate_grant(driver, size, alignment);
    size_t k = 0;
    while (k < m.grant_count && m.drivers[k] != driver)
      ++k;
    const uintptr_t start = size <= m.kernel_break ? (m.kernel_break - size) & ~(alignment - 1) : 0;
    const bool ok = k == m.grant_count && m.grant_count < area_.driver_count &&
                    size <= m.kernel_break && start >= user_end(p, m.app_break);
    check(r.ok() == ok);
    if (!ok) return;
    check(r.value().address == start);
    for (uintptr_t a = start; a < m.kernel_break; ++a)
      check(r.value().bytes[a - start] == 0);
    m.drivers[m.grant_count] = driver;
    m.grant_addresses[m.grant_count++] = start;
    m.kernel_break = start;
  }

  void verify(const ProcessMemory<Unit>& p, const Model& m) {
    if (!p.loaded()) return;
    check(p.invariants_hold());
    check(p.app_break() == m.app_break && p.allow_high_water_mark() == m.mark &&
          p.kernel_break() == m.kernel_break);
    const uintptr_t end = user_end(p, m.app_break);
    check(p.protected_end() == end);
    if constexpr (!__is_same(Unit, NoProtection)) {
      const uint64_t probes[] = {
          p.memory_start() - 4, p.memory_start(),   end - 4,       end, m.kernel_break - 4,
          m.kernel_break,       p.memory_end() - 4, p.memory_end()};
      for (uint64_t a : probes) {
        if (a < p.memory_start() && a + 4 > p.memory_start()) continue;
        const bool user = a >= p.memory_start() && a < end;
        check(decoded<Unit>(p.protection(), a) == (user ? kReadWrite : kNoAccess));
      }
      for (size_t k = 0; k < m.grant_count; ++k) {
        check(decoded<Unit>(p.protection(), m.grant_addresses[k] & ~uint64_t{3}) == kNoAccess ||
              m.grant_addresses[k] < end);
        check(m.grant_addresses[k] >= end);
      }
    }
  }

  Input& in_;
  std::vector<max_align_t> storage_;
  KernelArea area_;
  host::SimulatedPool<Unit> board_;
  ProcessMemory<Unit> processes_[3];
  Model models_[3] = {};
};

}  // namespace
}  // namespace tide::test

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tide::test;
  Input in(data, size);
  switch (in.u8() % 3) {
    case 0:
      Harness<Pmsav7Mpu>(in, 0x20000000 + 0x100 * (in.u8() % 4)).run();
      break;
    case 1:
      Harness<PmpTor>(in, 0x80000000 + 4 * (in.u8() % 8)).run();
      break;
    default:
      Harness<NoProtection>(in, 0x10000).run();
      break;
  }
  return 0;
}
