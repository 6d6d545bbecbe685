#!/usr/bin/env bash
# Tide's whole test suite: installs what is missing, then builds and runs every
# configuration (host release, ASan+UBSan, libFuzzer, boards under QEMU) and prints one
# closing line "N passed, M failed". Exits non-zero on any build or test failure.
#
#   scripts/test.sh              everything
#   scripts/test.sh release asan only the named presets
set -uo pipefail
cd "$(dirname "$0")/.."

presets=("$@")
if ((${#presets[@]} == 0)); then
  presets=(release asan fuzz mps2-an385 rv32-virt)
fi

scripts/setup.sh all || { echo "test: setup failed"; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
broken=()
for preset in "${presets[@]}"; do
  echo "=== ${preset}: configure and build"
  log="build/logs/${preset}.log"
  mkdir -p build/logs
  if ! cmake --preset "$preset" >"$log" 2>&1; then
    tail -n 60 "$log"; broken+=("$preset(configure)"); continue
  fi
  if ! cmake --build --preset "$preset" -j "$jobs" >>"$log" 2>&1; then
    tail -n 60 "$log"; broken+=("$preset(build)"); continue
  fi
  echo "=== ${preset}: test"
  # ctest's output goes to the terminal and to a log read back for the summary (tee to
  # /dev/stderr would reopen and truncate a redirected log).
  test_log="build/logs/${preset}.test.log"
  ctest --preset "$preset" 2>&1 | tee "$test_log"
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$test_log" | tail -n 1)
  if [[ -z "$summary" ]]; then
    broken+=("$preset(no test summary)"); continue
  fi
  n_failed=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
  n_total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + n_total - n_failed))
  failed=$((failed + n_failed))
  ((n_failed == 0)) || broken+=("$preset($n_failed failed)")
done

echo
if ((${#broken[@]} > 0)); then
  echo "test: problems in: ${broken[*]}"
  echo "${passed} passed, $((failed > 0 ? failed : ${#broken[@]})) failed"
  exit 1
fi
echo "${passed} passed, ${failed} failed"
