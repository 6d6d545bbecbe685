// The C API's platform hooks (tide/platform.h) on Linux: the global heap grows the
// process's real program break, errors go to stderr, fatal errors abort().
//
// The alloc library defines weak defaults for these; the strong definitions here replace
// them. A program never refers to this object by itself, and a weak default satisfies
// the linker as well as a strong definition, so tide::host's link interface names
// tide_platform_linux - defined only here - as undefined (--undefined): whatever the
// order of the archives on the link line, the linker must take this object, and its
// strong definitions win over the weak ones.
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "tide/platform.h"

extern "C" {

extern const int tide_platform_linux;
const int tide_platform_linux = 1;

void* tide_platform_sbrk(intptr_t increment) {
  return sbrk(increment);
}

// Linux's brk maps fresh zero pages above the page that holds the old break.
size_t tide_platform_zero_fill_granule(void) {
  const long page = sysconf(_SC_PAGESIZE);
  return page > 0 ? static_cast<size_t>(page) : 0;
}

void tide_platform_write_error(const char* text, size_t length) {
  while (length > 0) {
    const ssize_t written = write(STDERR_FILENO, text, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;  // nowhere to report to; the caller goes on
    text += written;
    length -= static_cast<size_t>(written);
  }
}

void tide_platform_abort(void) {
  abort();
}

}  // extern "C"
