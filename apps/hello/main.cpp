// hello: the smallest app: prints, allocates, shows its break, exits 0.
#include "tide/malloc.h"
#include "tide/runtime/console.h"
#include "tide/runtime/startup.h"
#include "tide/runtime/syscall.h"

int main() {
  const tide::rt::StartupInfo& info = tide::rt::startup_info();
  printf("hello from flash %p, RAM %p (%u bytes), break %p\n",
         reinterpret_cast<void*>(info.flash_start), reinterpret_cast<void*>(info.memory_start),
         static_cast<unsigned>(info.memory_size), reinterpret_cast<void*>(info.heap_start));
  char* text = static_cast<char*>(tide_malloc(100));
  if (!text) return 1;
  printf("malloc(100) = %p, break now %p\n", static_cast<void*>(text),
         reinterpret_cast<void*>(tide::rt::current_break()));
  tide_free(text);
  return 0;
}
