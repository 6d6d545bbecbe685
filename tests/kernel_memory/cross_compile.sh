#!/bin/sh
# Compiles kernel/memory sources freestanding for one board architecture.
#   cross_compile.sh arm|riscv <include dirs, colon-separated> <source>...
# Exits 77 (CTest: skipped) when the cross compiler is not installed.
arch=$1 includes=""
old_ifs=$IFS
IFS=:
for dir in $2; do includes="$includes -I$dir"; done
IFS=$old_ifs
shift 2
case "$arch" in
  arm) cxx=arm-none-eabi-g++ flags="-mcpu=cortex-m3 -mthumb" ;;
  riscv) cxx=riscv64-unknown-elf-g++ flags="-march=rv32imac -misa-spec=2.2 -mabi=ilp32" ;;
  *) echo "unknown architecture $arch" >&2; exit 2 ;;
esac
if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "$cxx not installed: skipped"
  exit 77
fi
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
status=0
for source in "$@"; do
  # shellcheck disable=SC2086
  if $cxx $flags -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics \
      -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wconversion -Werror -Os \
      $includes -c "$source" -o "$out/$(basename "$source").o"; then
    echo "ok   $cxx $(basename "$source")"
  else
    echo "FAIL $cxx $(basename "$source")"
    status=1
  fi
done
exit $status
