#!/usr/bin/env python3
"""Runs alloc_bench (apps/alloc_bench) for Tide and each peer variant a board build has,
and writes the figures as JSON.

  board_bench.py --preset rv32-virt|mps2-an385 [--build-dir DIR] [--no-trace] --out F

RV32 virt: the app counts instructions itself (minstret under -icount shift=0) and
prints them. Cortex-M3 (mps2-an385): an unprivileged app has no instruction counter,
so the image runs under QEMU with one instruction per translation block
(-singlestep -d exec,nochain) and the trace, filtered to the app's code (-dfilter),
is counted between the app's markers (tide_bench_mark_*): Thumb instructions the app
executes per call, exact, the kernel's not included. --no-trace skips the trace (memory
figures only).
"""
import argparse
import json
import re
import subprocess
import sys
import threading

BOARDS = {
    "rv32-virt": {
        "prefix": "riscv64-unknown-elf",
        "command": ["qemu-system-riscv32", "-machine", "virt", "-bios", "none", "-icount",
                    "shift=0", "-nographic", "-monitor", "none", "-kernel"],
    },
    "mps2-an385": {
        "prefix": "arm-none-eabi",
        "command": ["qemu-system-arm", "-machine", "mps2-an385", "-nographic", "-monitor",
                    "none", "-semihosting-config", "enable=on,target=native", "-kernel"],
        "trace": ["-singlestep", "-d", "exec,nochain"],
    },
}
PHASES = ["workload", "growth@20", "growth@200", "growth@2000"]
COST = re.compile(r"\] (malloc|free|sbrk)(?:@(\d+))? +(\d+) calls +mean ([\d.]+) +max (\d+)")
FOOTPRINT = re.compile(r"footprint: peak (\d+) B .*peak live (\d+) B requested")
AFTER = re.compile(r"footprint after every block was freed: (\d+) B \((\d+) B given back\)")


def symbols(prefix, elf):
    out = subprocess.run([f"{prefix}-nm", elf], check=True, capture_output=True,
                         text=True).stdout
    table = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            table[parts[2]] = int(parts[0], 16) & ~1  # Thumb bit off
    return table


def text_range(prefix, elf):
    out = subprocess.run([f"{prefix}-size", "-A", elf], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == ".text":
            return int(parts[2]), int(parts[1])
    raise RuntimeError(f"no .text in {elf}")


class TraceCounter:
    """Counts trace lines between a begin marker and the end marker, per phase."""

    def __init__(self, table):
        kinds = ["malloc", "free", "calibrate", "end", "moved", "phase"]
        self.markers = {f"{table['tide_bench_mark_' + k]:08x}": k for k in kinds}
        self.phase = -1
        self.spans = {}  # phase -> list of [kind, count]
        self.calibration = []

    def feed(self, stream):
        markers = self.markers
        span = None
        count = 0
        last = None
        for line in stream:
            if not line.startswith("Trace"):
                continue
            pc = line[line.find("[") + 1:].split("/", 2)[1]
            kind = markers.get(pc)
            if kind is None:
                count += 1
            elif kind in ("malloc", "free", "calibrate"):
                span, count = kind, 0
            elif kind == "end" and span is not None:
                if span == "calibrate":
                    self.calibration.append(count)
                else:
                    last = [span, count]
                    self.spans.setdefault(self.phase, []).append(last)
                span = None
            elif kind == "moved" and last is not None:
                last[0] = "sbrk"
            elif kind == "phase":
                self.phase += 1

    def figures(self):
        overhead = min(self.calibration) if self.calibration else 0
        result = {}
        for phase, spans in self.spans.items():
            for kind in ("malloc", "free", "sbrk"):
                counts = [c - overhead for k, c in spans if k == kind]
                if counts:
                    result.setdefault(PHASES[phase], {})[kind] = {
                        "calls": len(counts), "mean": sum(counts) / len(counts),
                        "max": max(counts)}
        return result


def run(board, build, allocator, app, trace, timeout):
    image = f"{build}/apps/{app}.flash.bin"
    elf = f"{build}/apps/{app}.elf"
    command = board["command"] + [image]
    counter = None
    if trace and "trace" in board:
        start, size = text_range(board["prefix"], elf)
        command = command[:-2] + board["trace"] + ["-dfilter", f"0x{start:x}+0x{size:x}"] + \
            command[-2:]
        counter = TraceCounter(symbols(board["prefix"], elf))
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, bufsize=1 << 20)
    console = []
    reader = threading.Thread(target=lambda: console.extend(process.stdout))
    reader.start()
    if counter:
        counter.feed(process.stderr)
    else:
        process.stderr.read()
    process.wait(timeout=timeout)
    reader.join()
    text = "".join(console)
    if "alloc_bench: PASS" not in text:
        sys.stderr.write(text)
        raise RuntimeError(f"{app}: the benchmark did not pass")
    result = {"allocator": allocator, "app": app, "phases": {}}
    if counter:
        result["phases"] = counter.figures()
        result["method"] = "execution trace (QEMU -singlestep -d exec,nochain), app code only"
    for match in COST.finditer(text):
        kind, level = match.group(1), match.group(2)
        phase = f"growth@{level}" if level else "workload"
        result["phases"].setdefault(phase, {})[kind] = {
            "calls": int(match.group(3)), "mean": float(match.group(4)),
            "max": int(match.group(5))}
        result["method"] = "minstret under QEMU -icount shift=0 (kernel included)"
    match = FOOTPRINT.search(text)
    if match:
        result["peak_footprint"], result["peak_live"] = int(match.group(1)), int(match.group(2))
    match = AFTER.search(text)
    if match:
        result["footprint_after_free"], result["given_back"] = (int(match.group(1)),
                                                                int(match.group(2)))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", required=True, choices=sorted(BOARDS))
    parser.add_argument("--build-dir")
    parser.add_argument("--no-trace", action="store_true")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    build = args.build_dir or f"build/{args.preset}"
    board = BOARDS[args.preset]
    results = []
    with open(f"{build}/apps/alloc_bench_variants.txt") as variants:
        for line in variants:
            if line.strip():
                allocator, app = line.split()
                print(f"board_bench: {args.preset} {allocator}", flush=True)
                results.append(run(board, build, allocator, app, not args.no_trace,
                                   args.timeout))
    with open(args.out, "w") as out:
        json.dump({"board": args.preset, "results": results}, out, indent=1)


if __name__ == "__main__":
    main()
