#!/bin/sh
# The benchmarks' CTest smoke tests: they check that a tool runs and prints what it
# should, never how fast.
#
#   smoke_test.sh EXPECT COMMAND...
#       runs COMMAND; passes when it exits 0 and its output contains EXPECT.
#   smoke_test.sh --record-replay RECORDER REPLAY
#       records a small trace of a real program with the LD_PRELOAD recorder, then
#       replays it with REPLAY (every allocator it holds).
set -eu
if [ "$1" = "--record-replay" ]; then
  recorder="$2"
  replay="$3"
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  TIDE_TRACE="$dir/ls.%p.trace" LD_PRELOAD="$recorder" ls -l / >/dev/null
  trace=$(ls "$dir"/ls.*.trace | head -n 1)
  [ -s "$trace" ] || { echo "smoke: the recorder wrote no trace"; exit 1; }
  exec "$0" '"fragmentation"' "$replay" --series "$trace"
fi
expect="$1"
shift
out=$("$@" 2>&1) || { echo "$out" | tail -n 20; echo "smoke: $1 failed"; exit 1; }
case "$out" in
  *"$expect"*) echo "smoke: $1 ran" ;;
  *) echo "$out" | tail -n 20; echo "smoke: no $expect in the output of $1"; exit 1 ;;
esac
