#!/usr/bin/env python3
"""Checks which of the optional features' entry points a library variant defines.

  check_symbols.py --nm NM --library LIB [--absent SYMBOL...] [--present SYMBOL...]

Fails when an --absent symbol is defined in LIB (a left-out feature got into the
binary) or a --present one is not.
"""
import argparse
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nm", required=True)
    parser.add_argument("--library", required=True)
    parser.add_argument("--absent", nargs="*", default=[])
    parser.add_argument("--present", nargs="*", default=[])
    args = parser.parse_args()
    out = subprocess.run([args.nm, "--defined-only", "-C", args.library], check=True,
                         capture_output=True, text=True).stdout
    # "address type name", the name demangled (it may hold spaces): up to its arguments.
    defined = {line.split(maxsplit=2)[2].split("(")[0] for line in out.splitlines()
               if len(line.split(maxsplit=2)) == 3}
    wrong = [s for s in args.absent if s in defined] + \
            [f"(missing) {s}" for s in args.present if s not in defined]
    for symbol in wrong:
        print(f"check_symbols: {args.library}: {symbol}")
    print(f"check_symbols: {len(args.absent)} absent, {len(args.present)} present checked, "
          f"{len(wrong)} wrong")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
