#!/usr/bin/env bash
# Installs every Debian package Tide needs that is not already installed.
# Idempotent: when everything is present it changes nothing and needs no network.
#
#   scripts/setup.sh            host + board toolchains (everything)
#   scripts/setup.sh host       host build, tests, fuzzing only
#   scripts/setup.sh boards     cross compilers and QEMU only
#   scripts/setup.sh bench      peers for the host benchmarks
#   scripts/setup.sh bench-boards  peers' C libraries for the on-board benchmarks
set -euo pipefail

host_packages=(
  g++ gcc make cmake ninja-build git python3
  clang lld libclang-rt-14-dev          # libFuzzer, sanitizers, second compiler
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  sqlite3                               # a real program for the LD_PRELOAD test
)
board_packages=(
  gcc-arm-none-eabi qemu-system-arm          # Cortex-M3, mps2-an385
  gcc-riscv64-unknown-elf qemu-system-misc   # RISC-V rv32, virt
)
bench_packages=(
  libmimalloc-dev libjemalloc-dev libgoogle-perftools-dev   # host peers (scripts/bench.sh)
  xz-utils zstd                                             # compressed traces
  g++-i686-linux-gnu              # 32-bit build of the heap-efficiency tool (bench.sh)
)
bench_board_packages=(   # peers' C libraries for the on-board benchmarks (1.8 GB)
  libnewlib-arm-none-eabi picolibc-arm-none-eabi picolibc-riscv64-unknown-elf
)

wanted=()
case "${1:-all}" in
  host) wanted=("${host_packages[@]}") ;;
  boards) wanted=("${board_packages[@]}") ;;
  bench) wanted=("${bench_packages[@]}") ;;
  bench-boards) wanted=("${bench_board_packages[@]}") ;;
  all) wanted=("${host_packages[@]}" "${board_packages[@]}") ;;
  *) echo "usage: $0 [all|host|boards|bench|bench-boards]" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#wanted[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
echo "setup: done"
