#!/usr/bin/env python3
"""Runs a board image under QEMU and checks what it did.

  run_image.py [--status N] [--expect REGEX]... [--reject REGEX]... [--timeout S]
               [--runs N --identical REGEX] -- qemu-system-arm ... -kernel image

Standard input is closed, the run is bounded by --timeout, the console output is echoed.
Passes (exit 0) when the emulator's exit status is N, every --expect regex matches the
output (multi-line mode), and no --reject regex does. "kernel panic" is rejected unless
an --expect mentions it. With --runs N the image is run N times, each run is checked,
and the lines matching --identical must be the same in every run (determinism).
"""
import argparse
import re
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--status", type=int, default=0)
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--identical", default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    rejects = list(args.reject)
    if not any("panic" in e for e in args.expect):
        rejects.append("kernel panic")
    compared = []
    for _ in range(args.runs):
        out = run_once(command, args, rejects)
        if out is None:
            return 1
        if args.identical:
            compared.append([line for line in out.splitlines()
                             if re.search(args.identical, line)])
    if compared and any(lines != compared[0] for lines in compared):
        print(f"run_image: FAIL: the lines matching {args.identical!r} differ between runs")
        return 1
    if compared:
        print(f"run_image: ok, {args.runs} runs gave the same {len(compared[0])} lines")
    return 0


def run_once(command, args, rejects):
    """One run: echoes the output and returns it, or None after printing what failed."""
    start = time.monotonic()
    try:
        run = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=args.timeout)
    except subprocess.TimeoutExpired as expired:
        out = (expired.stdout or b"").decode(errors="replace")
        print(out)
        print(f"run_image: FAIL: no exit within {args.timeout} s")
        return None
    elapsed = time.monotonic() - start
    out = run.stdout.decode(errors="replace")
    print(out)
    problems = []
    if run.returncode != args.status:
        problems.append(f"exit status {run.returncode}, expected {args.status}")
    for regex in args.expect:
        if not re.search(regex, out, re.MULTILINE):
            problems.append(f"missing: {regex}")
    for regex in rejects:
        match = re.search(regex, out, re.MULTILINE)
        if match:
            problems.append(f"unexpected: {match.group(0)!r}")
    for problem in problems:
        print(f"run_image: FAIL: {problem}")
    if problems:
        return None
    print(f"run_image: ok (status {run.returncode}, {elapsed * 1000:.0f} ms)")
    return out


if __name__ == "__main__":
    sys.exit(main())
