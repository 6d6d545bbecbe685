// Compiles every template of kernel/memory once for each protection unit, so that a
// build of this library (for a board, or the cross-compile test) checks all of it.
#include "tide/kernel/memop.h"
#include "tide/kernel/no_protection.h"
#include "tide/kernel/pmp_tor.h"
#include "tide/kernel/pmsav7_mpu.h"
#include "tide/kernel/process_memory.h"
#include "tide/kernel/ram_pool.h"

namespace tide::kernel {

template class ProcessMemory<Pmsav7Mpu>;
template class ProcessMemory<PmpTor>;
template class ProcessMemory<NoProtection>;
template class RamPool<Pmsav7Mpu>;
template class RamPool<PmpTor>;
template class RamPool<NoProtection>;
template SyscallResult memop(ProcessMemory<Pmsav7Mpu>&, uint32_t, uintptr_t);
template SyscallResult memop(ProcessMemory<PmpTor>&, uint32_t, uintptr_t);
template SyscallResult memop(ProcessMemory<NoProtection>&, uint32_t, uintptr_t);

}  // namespace tide::kernel
