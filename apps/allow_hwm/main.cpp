// allow_hwm: after a heap buffer is allowed to the kernel, the break can never go below
// the buffer's end again (the allow high-water mark), even after unallowing it.
#include "app_check.h"

int main() {
  using tide::abi::Driver;
  char* buffer = static_cast<char*>(tide_malloc(2048));
  APP_CHECK(buffer != nullptr);
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
  APP_CHECK(tide::rt::brk(end));
  printf("brk to the buffer's end: ok\n");
  tide_free(buffer);  // the allocator's own trim is refused below the mark: no harm
  APP_CHECK(tide_check(nullptr) == 1);
  printf("allow_hwm: PASS\n");
  return 0;
}
