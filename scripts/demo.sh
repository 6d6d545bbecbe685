#!/usr/bin/env bash
# Tide's demo: installs what is missing, builds, and runs it.
#
#   scripts/demo.sh          the default demo (today: the host demo)
#   scripts/demo.sh host     the host demo: Tide's heap growing and giving memory back
#                            over this Linux process's real program break
set -euo pipefail
cd "$(dirname "$0")/.."

demo="${1:-host}"
case "$demo" in
  host)
    scripts/setup.sh host
    mkdir -p build/logs
    cmake --preset release >build/logs/demo-configure.log 2>&1 \
      || { cat build/logs/demo-configure.log; exit 1; }
    cmake --build --preset release --target tide-demo
    exec build/release/host/demo/tide-demo
    ;;
  *)
    echo "usage: $0 [host]" >&2
    exit 2
    ;;
esac
