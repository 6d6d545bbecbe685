// allow_hwm: after a heap buffer is allowed to the kernel, the break can never go below
// the buffer's end again (the allow high-water mark), even after unallowing it.
#include "app_check.h"

namespace {
// The allocator's bytes between the buffer's end and the heap's break (a free block's
// header, the heap's end marker), kept while the break is below them.
unsigned char kept[1024];
}  // namespace

int main() {
  using tide::abi::Driver;
  char* buffer = static_cast<char*>(tide_malloc(2048));
  APP_CHECK(buffer != nullptr);
  const uintptr_t heap_break = tide::rt::current_break();
  const uintptr_t end = reinterpret_cast<uintptr_t>(buffer) + 2048;
  APP_CHECK(tide::rt::allow_read_only(Driver::kStore, 1, buffer, 2048).ok());
  printf("allowed [%p, %p); break %p\n", static_cast<void*>(buffer), app::ptr(end),
         app::ptr(tide::rt::current_break()));
  APP_CHECK(!tide::rt::brk(end - 4));
  APP_CHECK(tide::rt::sbrk(-static_cast<intptr_t>(tide::rt::current_break() - end + 16)) ==
            ~uintptr_t{0});
  printf("brk below the allowed buffer: refused\n");
  APP_CHECK(tide::rt::allow_read_only(Driver::kStore, 1, nullptr, 0).ok());
  APP_CHECK(!tide::rt::brk(end - 4));
  printf("after unallowing: still refused (only a restart lowers the mark)\n");
  // The break may go down to the buffer's end. What lies above it is handed back: the
  // protection unit may keep it accessible (Cortex-M's subregion slack) or not (RISC-V's
  // 4 bytes), and the kernel zeroes it when the break rises again. So the allocator's
  // bytes there are kept aside and put back once the break is restored.
  const size_t above = heap_break - end;
  APP_CHECK(above <= sizeof kept);
  for (size_t i = 0; i < above; ++i)
    kept[i] = static_cast<unsigned char*>(app::ptr(end))[i];
  APP_CHECK(tide::rt::brk(end));
  printf("brk to the buffer's end: ok\n");
  APP_CHECK(tide::rt::brk(heap_break));
  for (size_t i = 0; i < above; ++i)
    static_cast<unsigned char*>(app::ptr(end))[i] = kept[i];
  tide_free(buffer);  // the allocator's own trim is refused below the mark: no harm
  APP_CHECK_HEAP();
  printf("allow_hwm: PASS\n");
  return 0;
}
