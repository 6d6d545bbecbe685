#!/usr/bin/env python3
"""Code size of malloc + free + realloc + calloc on Cortex-M3 at -Os, Tide beside each peer
C library that is installed, as JSON.

  code_size.py [--build-dir build/mps2-an385] --out F
  code_size.py [--build-dir build/mps2-an385] --budget FILE

With --budget, measures the minimal profile only and fails (exit 1) when its .text is
above the number FILE holds: the size budget check of the test suite (board.size_budget).

Each allocator gets two minimal programs linked with --gc-sections: one whose main
references exactly malloc, free, realloc and calloc, and an empty one; the figure is
the difference of their .text, .data and .bss (so it holds what the four pull in: the
allocator, memset/memcpy, a C library's reentrancy data). Both programs carry the same
break hooks (sbrk/_sbrk, or Tide's tide_platform_sbrk) over a static arena. Tide's library
is the mps2-an385 preset's (MinSizeRel: -Os). Also reports Tide's control state: the
size of its global heap object.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

FLAGS = ["-mcpu=cortex-m3", "-mthumb", "-Os", "-ffunction-sections", "-fdata-sections",
         "-nostartfiles", "-Wl,--gc-sections"]
NEWLIB = "/usr/lib/arm-none-eabi/newlib/thumb/v7-m/nofp"
PROFILES = ("minimal", "board", "full")
PICOLIBC = "/usr/lib/picolibc/arm-none-eabi/lib/release/thumb/v7-m/nofp"
LINKER_SCRIPT = """
MEMORY { FLASH (rx) : ORIGIN = 0, LENGTH = 4M  RAM (rw) : ORIGIN = 0x20000000, LENGTH = 4M }
ENTRY(_start)
SECTIONS {
  .text : { KEEP(*(.text._start)) *(.text .text.*) *(.rodata .rodata.*) } > FLASH
  .data : { *(.data .data.*) } > RAM AT > FLASH
  .bss : { *(.bss .bss.* COMMON) } > RAM
  /DISCARD/ : { *(.ARM.exidx*) }
}
"""
PROGRAM = r"""
#include <stddef.h>
#include <stdint.h>
void* malloc(size_t); void free(void*); void* realloc(void*, size_t);
void* calloc(size_t, size_t);
volatile size_t size_sink = 1; void* volatile pointer_sink;
static char arena[1 << 16];
static void* move_break(intptr_t increment) {
  static size_t used;
  if (increment < 0 ? (size_t)-increment > used : (size_t)increment > sizeof arena - used)
    return (void*)-1;
  void* previous = arena + used; used += increment; return previous;
}
void* sbrk(intptr_t increment) { return move_break(increment); }
void* _sbrk(intptr_t increment) { return move_break(increment); }
void* tide_platform_sbrk(intptr_t increment) { return move_break(increment); }
void _exit(int status) { (void)status; for (;;) {} }
int main(void) {
  pointer_sink = sbrk(0);  /* the hooks in both programs: they cancel out */
  pointer_sink = _sbrk(0);
  pointer_sink = tide_platform_sbrk(0);
#ifdef USE_FOUR
  void* p = malloc(size_sink); p = realloc(p, size_sink * 2); free(p);
  pointer_sink = calloc(size_sink, size_sink);
#endif
  return 0;
}
__attribute__((section(".text._start"), used)) void _start(void) { main(); for (;;) {} }
"""


def sizes(elf):
    out = subprocess.run(["arm-none-eabi-size", "-A", elf], check=True, capture_output=True,
                         text=True).stdout
    result = {".text": 0, ".data": 0, ".bss": 0}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in result:
            result[parts[0]] = int(parts[1])
    return result


def link(work, name, libraries, four):
    elf = os.path.join(work, f"{name}-{'four' if four else 'empty'}.elf")
    command = ["arm-none-eabi-gcc", *FLAGS, "-x", "c", os.path.join(work, "program.c"),
               "-x", "none", "-T", os.path.join(work, "link.ld"), "-o", elf, *libraries,
               "-lgcc", "-nostdlib"]
    if four:
        command.insert(1, "-DUSE_FOUR")
    subprocess.run(command, check=True)
    return elf


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", default="build/mps2-an385")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out")
    group.add_argument("--budget")
    args = parser.parse_args()
    build = args.build_dir
    candidates = {
        f"tide-{profile}": [f"{build}/alloc/libtide_alloc_std_names_{profile}.a",
                            f"{build}/alloc/libtide_alloc_{profile}.a",
                            f"{build}/freestanding/libtide_freestanding_lib.a"]
        for profile in PROFILES
    }
    candidates.update({
        "newlib-nano": [f"{NEWLIB}/libc_nano.a"],
        "newlib": [f"{NEWLIB}/libc.a"],
        "picolibc": [f"{PICOLIBC}/libc.a"],
    })
    if args.budget:
        candidates = {"tide-minimal": candidates["tide-minimal"]}
    results = []
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "program.c"), "w") as f:
            f.write(PROGRAM)
        with open(os.path.join(work, "link.ld"), "w") as f:
            f.write(LINKER_SCRIPT)
        for name, libraries in candidates.items():
            if not all(os.path.exists(library) for library in libraries):
                print(f"code_size: no {name} ({libraries[0]} missing)")
                continue
            empty = sizes(link(work, name, libraries, False))
            four_elf = link(work, name, libraries, True)
            four = sizes(four_elf)
            entry = {"allocator": name}
            for section in (".text", ".data", ".bss"):
                entry[section.lstrip(".")] = four[section] - empty[section]
            if name.startswith("tide-"):
                entry["control_state"] = control_state(four_elf)
            results.append(entry)
    if args.budget:
        sys.exit(check_budget(results[0], args.budget))
    with open(args.out, "w") as out:
        json.dump({"target": "cortex-m3 -Os, gc-sections", "results": results}, out, indent=1)


def check_budget(entry, path):
    with open(path) as f:
        budget = int(f.read().split()[0])
    text = entry["text"]
    verdict = "within" if text <= budget else "OVER"
    print(f"code_size: tide-minimal malloc+free+realloc+calloc: {text} B .text, "
          f"{entry['data']} B .data, control state {entry['control_state']['bytes']} B; "
          f"budget {budget} B ({path}): {verdict}")
    return 0 if text <= budget else 1


def control_state(elf):
    """The largest .data/.bss object Tide's library brings: its global heap."""
    out = subprocess.run(["arm-none-eabi-nm", "-S", "--size-sort", "-C", elf], check=True,
                         capture_output=True, text=True).stdout
    best = (0, "")
    for line in out.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) == 4 and parts[2] in "bBdD" and "arena" not in parts[3] \
                and "sink" not in parts[3]:
            best = max(best, (int(parts[1], 16), parts[3]))
    return {"bytes": best[0], "symbol": best[1]}


if __name__ == "__main__":
    main()
