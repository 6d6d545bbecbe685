#!/usr/bin/env python3
"""Counts the lines of the board side (kernel, runtime, boards, apps) that are specific
to one architecture or board versus shared by all of them.

  tools/count_lines.py          a table of non-blank lines: layer, per-arch/board folders,
                                shared folders

Source, header, linker-script and CMake files count; READMEs do not.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SUFFIXES = {".cpp", ".h", ".ld", ".in", ".cmake", ".txt"}

# layer: (folders specific to one arch or board, folders every arch and board shares)
LAYERS = {
    "kernel": (["kernel/arch/cortex-m", "kernel/arch/rv32"],
               ["kernel/arch/include", "kernel/core", "kernel/memory"]),
    "runtime": (["runtime/arch/cortex-m", "runtime/arch/rv32"],
                ["runtime/include", "runtime/src", "runtime/CMakeLists.txt"]),
    "boards": (["boards/qemu-mps2-an385", "boards/qemu-rv32-virt"], ["boards/common"]),
    "apps": ([], ["apps"]),
}


def lines(path: str) -> int:
    target = ROOT / path
    files = [target] if target.is_file() else sorted(target.rglob("*"))
    total = 0
    for file in files:
        if file.is_file() and (file.suffix in SUFFIXES or file.name.endswith(".ld.in")):
            if file.name == "README.md":
                continue
            total += sum(1 for line in file.read_text().splitlines() if line.strip())
    return total


def main() -> int:
    print(f"{'layer':8} {'folder':28} {'lines':>6}")
    totals = {"specific": 0, "shared": 0}
    for layer, (specific, shared) in LAYERS.items():
        for kind, folders in (("specific", specific), ("shared", shared)):
            for folder in folders:
                count = lines(folder)
                totals[kind] += count
                print(f"{layer:8} {folder:28} {count:6}  {kind}")
    print(f"architecture- or board-specific: {totals['specific']}, shared: {totals['shared']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
