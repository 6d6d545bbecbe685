// The platform hooks of the allocator for host test binaries: diagnostics go to stderr
// (death tests match them) and a fatal heap error aborts the process.
#include <unistd.h>

#include <cstdlib>

#include "tide/platform.h"

extern "C" void tide_platform_write_error(const char* text, size_t length) {
  while (length > 0) {
    const ssize_t written = write(STDERR_FILENO, text, length);
    if (written <= 0) return;
    text += written;
    length -= static_cast<size_t>(written);
  }
}

extern "C" void tide_platform_abort(void) {
  std::abort();
}
