// The C API's platform hooks (tide/platform.h) on Linux: the global heap grows the
// process's real program break, errors go to stderr, fatal errors abort().
//
// The alloc library defines weak defaults for these; the strong definitions here replace
// them. tide::host's link interface names tide_platform_sbrk as undefined
// (--undefined) so that the linker always takes this object from the archive, even when
// nothing else in the program refers to it.
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "tide/platform.h"

extern "C" {

void* tide_platform_sbrk(intptr_t increment) {
  return sbrk(increment);
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
