#!/usr/bin/env python3
"""Runs a board image under QEMU and checks what it did.

  run_image.py [--status N] [--expect REGEX]... [--reject REGEX]... [--timeout S]
               -- qemu-system-arm ... -kernel image

Standard input is closed, the run is bounded by --timeout, the console output is echoed.
Passes (exit 0) when the emulator's exit status is N, every --expect regex matches the
output (multi-line mode), and no --reject regex does. "kernel panic" is rejected unless
an --expect mentions it.
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
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    rejects = list(args.reject)
    if not any("panic" in e for e in args.expect):
        rejects.append("kernel panic")
    start = time.monotonic()
    try:
        run = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=args.timeout)
    except subprocess.TimeoutExpired as expired:
        out = (expired.stdout or b"").decode(errors="replace")
        print(out)
        print(f"run_image: FAIL: no exit within {args.timeout} s")
        return 1
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
    if not problems:
        print(f"run_image: ok (status {run.returncode}, {elapsed * 1000:.0f} ms)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
