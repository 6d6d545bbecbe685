#!/usr/bin/env bash
# Tide's benchmark suite: installs what is missing, builds the release preset's
# benchmarks, runs them all beside the peer allocators, and writes JSON, a Markdown
# report and SVG plots into results/ (see results/report.md).
#
#   scripts/bench.sh           full run (about 3 minutes on 2 cores from a fresh clone)
#   scripts/bench.sh --quick   fewer repetitions and smaller sizes (about 1 minute)
#
# Benchmarks print figures; nothing here passes or fails on a time.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

start_time=$(date +%s)
step() { echo; echo "=== bench: $* ($(($(date +%s) - start_time)) s)"; }

step "setup"
scripts/setup.sh host
scripts/setup.sh bench

step "configure and build (release preset)"
mkdir -p build/logs
cmake --preset release >build/logs/bench-configure.log 2>&1 || {
  tail -n 40 build/logs/bench-configure.log; exit 1; }
cmake --build --preset release --target tide_bench_all -j "$(nproc 2>/dev/null || echo 2)" \
  >build/logs/bench-build.log 2>&1 || { tail -n 40 build/logs/bench-build.log; exit 1; }

bin=build/release/bench
results=results
rm -rf "$results"
mkdir -p "$results"
sets=("")
for peer in mimalloc tcmalloc jemalloc; do
  if [[ -x "$bin/tide-bench-$peer" ]]; then sets+=("-$peer"); else echo "bench: no $peer"; fi
done
traces=(bench/traces/*.trace.xz)

if ((quick)); then
  echo "quick: Google Benchmark min time 0.02 s, one repetition; growth to 10^5 live" \
    "blocks; traces gcc and sqlite3; policy sweep on gcc" >"$results/mode.txt"
  micro_args=(--benchmark_min_time=0.02)
  growth_args=(--max-live 100000 --ops 5000 --repeats 2)
  traces=(bench/traces/gcc.trace.xz bench/traces/sqlite3.trace.xz)
  policy_traces=(bench/traces/gcc.trace.xz)
  efficiency_args=(--quick)
else
  echo "full: Google Benchmark min time 0.2 s, median of 3 repetitions; growth to 10^6 live blocks" \
    >"$results/mode.txt"
  micro_args=(--benchmark_min_time=0.2 --benchmark_repetitions=3
              --benchmark_report_aggregates_only=true)
  growth_args=(--max-live 1000000 --ops 20000 --repeats 3)
  policy_traces=("${traces[@]}")
  efficiency_args=()
fi

for set in "${sets[@]}"; do
  name="${set#-}"
  step "micro-benchmarks: ${name:-tide and glibc}"
  "$bin/tide-bench$set" "${micro_args[@]}" --benchmark_out="$results/micro-${name:-tide}.json" \
    --benchmark_out_format=json
done

for set in "${sets[@]}"; do
  name="${set#-}"
  step "cost growth: ${name:-tide and glibc}"
  "$bin/tide-growth$set" "${growth_args[@]}" >"$results/growth-${name:-tide}.json"
done

# Each allocator replays each trace in a process of its own, so each starts cold.
for trace in "${traces[@]}"; do
  label=$(basename "$trace" .trace.xz)
  step "trace replay: $label"
  for set in "${sets[@]}"; do
    if [[ -z "$set" ]]; then
      allocators=$("$bin/tide-replay" --list)
    else
      allocators="${set#-}"
    fi
    for allocator in $allocators; do
      "$bin/tide-replay$set" --allocator "$allocator" --series "$trace" \
        >"$results/replay-$label-$allocator.json"
    done
  done
done

step "heap efficiency"
"$bin/tide-efficiency" "${efficiency_args[@]}" >"$results/efficiency.json"
# The 32-bit layout (the boards'), at embedded heap sizes: an i686 build of the same tool.
cmake --build --preset release --target tide-efficiency-32 >"build/logs/bench-efficiency-32.log" 2>&1 || {
  tail -n 40 "build/logs/bench-efficiency-32.log"; exit 1; }
"$bin/efficiency-32/tide-efficiency-32" --small-heaps >"$results/efficiency-32.json"

policies=("" "trim_threshold=16K" "trim_threshold=1M" "trim=off" "adaptive_trim=off"
          "top_pad=0" "top_pad=1M" "granularity=64K" "granularity=1M"
          "granularity=0 min_grow=0" "check=off")
for trace in "${policy_traces[@]}"; do
  label=$(basename "$trace" .trace.xz)
  step "policy sweep: $label"
  i=0
  for policy in "${policies[@]}"; do
    args=()
    for option in $policy; do args+=(--option "$option"); done
    "$bin/tide-replay" --allocator tide-fixed "${args[@]}" "$trace" \
      >"$results/policy-$label-$i.json"
    i=$((i + 1))
  done
done

# On the boards (apps/alloc_bench, bench/board/): the workload as an app for each of Tide's
# profiles (tide-minimal, tide-board, tide-full) and each peer C library's malloc,
# instruction counts per call, footprint, cost growth; code size per profile on Cortex-M3.
# Cortex-M3 counts come from an execution trace (a few seconds per variant), quick mode
# included.
step "on the boards"
scripts/setup.sh boards
scripts/setup.sh bench-boards
for preset in rv32-virt mps2-an385; do
  { cmake --preset "$preset" && cmake --build --preset "$preset" -j "$(nproc 2>/dev/null || echo 2)" \
      --target all alloc_bench_peers; } >"build/logs/bench-$preset.log" 2>&1 || {
    tail -n 40 "build/logs/bench-$preset.log"; exit 1; }
  python3 bench/board/board_bench.py --preset "$preset" --out "$results/board-$preset.json"
done
python3 bench/board/code_size.py --build-dir build/mps2-an385 --out "$results/codesize.json"

step "report"
python3 bench/report/report.py "$results"
echo "bench: done in $(($(date +%s) - start_time)) s; see $results/report.md"
