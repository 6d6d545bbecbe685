#!/usr/bin/env bash
# Tide's demo: installs what is missing, builds, and runs it.
#
#   scripts/demo.sh          the board demo: the Tide kernel on QEMU's Cortex-M3
#                            (mps2-an385) running four MPU-isolated apps
#   scripts/demo.sh board    the same
#   scripts/demo.sh rv32     the same apps, unchanged, on QEMU's RISC-V virt (rv32imac)
#                            with the PMP isolating them
#   scripts/demo.sh host     the host demo: Tide's heap growing and giving memory back
#                            over this Linux process's real program break
set -euo pipefail
cd "$(dirname "$0")/.."

demo="${1:-board}"
case "$demo" in
  board | rv32)
    if [[ "$demo" == board ]]; then
      preset=mps2-an385
      title="QEMU mps2-an385 (Cortex-M3 with an MPU)"
      unit=MPU
      emulator=(qemu-system-arm -machine mps2-an385 -nographic -monitor none
                -semihosting-config enable=on,target=native -kernel)
    else
      preset=rv32-virt
      title="QEMU virt (RISC-V rv32imac with a PMP)"
      unit=PMP
      emulator=(qemu-system-riscv32 -machine virt -bios none -nographic -monitor none -kernel)
    fi
    scripts/setup.sh all
    mkdir -p build/logs
    cmake --preset "$preset" >"build/logs/demo-${preset}-configure.log" 2>&1 \
      || { cat "build/logs/demo-${preset}-configure.log"; exit 1; }
    cmake --build --preset "$preset" --target image_demo >"build/logs/demo-${preset}-build.log" 2>&1 \
      || { tail -n 40 "build/logs/demo-${preset}-build.log"; exit 1; }
    cat <<INTRO
=== Tide on ${title} ===
Four apps, each its own image in flash, run unprivileged in their own RAM block:
  hello          allocates a little and exits
  heap_phases    grows its heap to 3/4 of its block, frees (the break falls), grows again
  grant_compete  fills its gap with heap, so the store driver's grant is refused;
                 gives the memory back, and the grant succeeds
  fault_write    writes one word past what its ${unit} allows: the kernel reports the fault
                 with the memory map and restarts only that app
Lines from an app start with [its name]; the kernel's with [kernel].

INTRO
    status=0
    timeout 30 "${emulator[@]}" "build/${preset}/apps/demo.flash.bin" </dev/null || status=$?
    echo
    echo "demo: QEMU exited with status ${status} (0: every app exited with 0)"
    exit "$status"
    ;;
  host)
    scripts/setup.sh host
    mkdir -p build/logs
    cmake --preset release >build/logs/demo-configure.log 2>&1 \
      || { cat build/logs/demo-configure.log; exit 1; }
    cmake --build --preset release --target tide-demo
    exec build/release/host/demo/tide-demo
    ;;
  *)
    echo "usage: $0 [board|rv32|host]" >&2
    exit 2
    ;;
esac
