#!/usr/bin/env python3
"""Turns the JSON written by scripts/bench.sh into results/report.md and SVG plots.

    report.py RESULTS_DIR

Speed ratios are "peer ns / Tide ns": above 1.00 Tide is faster. Tide here means
tide-fixed (Tide over a fixed region) unless a column says tide-sbrk."""

import glob
import json
import math
import os
import platform
import subprocess
import sys

import svg
from board import board_section
from targets import targets_section

TIDE = "tide-fixed"
ORDER = ["tide-fixed", "tide-sbrk", "glibc", "mimalloc", "tcmalloc", "jemalloc"]
PEERS = ["glibc", "mimalloc", "tcmalloc", "jemalloc"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def ordered(names):
    return sorted(set(names), key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))


def fmt(value, digits=1):
    if value is None:
        return "—"
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def kib(value):
    return "—" if value is None else f"{value / 1024:,.0f}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def ratio(peer, tide):
    return None if not peer or not tide else peer / tide


def geomean(values):
    values = [v for v in values if v]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


# ---- micro-benchmarks ------------------------------------------------------------------

def micro_ns(results):
    """{workload: {allocator: ns per call}} from Google Benchmark JSON files."""
    ns = {}
    for path in sorted(glob.glob(os.path.join(results, "micro-*.json"))):
        data = load(path)
        have_median = any(b.get("aggregate_name") == "median" for b in data["benchmarks"])
        for b in data["benchmarks"]:
            if have_median and b.get("aggregate_name") != "median":
                continue
            name = b.get("run_name", b["name"]).removesuffix("_median")
            workload, allocator = name.rsplit("/", 1)
            if b.get("items_per_second"):
                ns.setdefault(workload, {})[allocator] = 1e9 / b["items_per_second"]
    return ns


def micro_section(results, out, summary):
    ns = micro_ns(results)
    if not ns:
        return
    allocators = ordered(a for w in ns.values() for a in w)
    peers = [p for p in PEERS if p in allocators]
    out.append("## Micro-benchmarks: ns per call\n\n"
               "Google Benchmark, CPU time per call (malloc, free or realloc), median of the "
               "repetitions. Ratio columns: peer ns / tide-fixed ns (above 1.00 Tide is "
               "faster); the last compares glibc with tide-sbrk, both on the real program "
               "break, which pays page faults whenever memory is given back and taken again "
               "(the fixed region keeps its pages).\n\n")
    sbrk = "tide-sbrk" in allocators and "glibc" in allocators
    rows = []
    for workload in ns:
        row = [workload] + [fmt(ns[workload].get(a)) for a in allocators]
        for peer in peers:
            r = ratio(ns[workload].get(peer), ns[workload].get(TIDE))
            summary.setdefault(workload, {})[peer] = r
            row.append(fmt(r, 2))
        if sbrk:
            r = ratio(ns[workload].get("glibc"), ns[workload].get("tide-sbrk"))
            summary[workload]["glibc (tide-sbrk)"] = r
            row.append(fmt(r, 2))
        rows.append(row)
    columns = peers + (["glibc (tide-sbrk)"] if sbrk else [])
    rows.append(["**geometric mean ratio**"] + [""] * len(allocators) +
                [fmt(geomean([summary[w].get(p) for w in ns]), 2) for p in columns])
    out.append(table(["workload"] + allocators + [f"÷{p}" for p in columns], rows))
    short = {w: w.replace("batch/", "").replace("uniform16-1024", "unif").replace(
        "powerlaw16-65536", "pow").replace("fixed64", "f64") for w in ns}
    svg.bar_chart(os.path.join(results, "micro.svg"), "ns per call by allocator (log scale)",
                  "ns per call", [short[w] for w in ns], allocators,
                  {short[w]: ns[w] for w in ns}, y_log=True)
    out.append("\n![ns per call](micro.svg)\n\n")


# ---- cost growth -------------------------------------------------------------------------

def growth_section(results, out):
    runs = {}
    for path in sorted(glob.glob(os.path.join(results, "growth-*.json"))):
        runs.update(load(path)["allocators"])
    if not runs:
        return
    out.append("## Cost growth: ns per call as live blocks grow\n\n"
               "Steady state (free a random live block, allocate 16..256 B) after pre-filling "
               "N live blocks; time-stamp counter per call; each call's fastest of the "
               "repeats (removes interrupts). mean / p99 / max in ns.\n\n")
    allocators = ordered(runs)
    counts = sorted({g["live_blocks"] for a in runs.values() for g in a["growth"]})
    for op in ("malloc", "free"):
        rows = []
        for n in counts:
            row = [f"{n:,}"]
            for a in allocators:
                g = next((g for g in runs[a]["growth"] if g["live_blocks"] == n), None)
                row.append("—" if g is None else " / ".join(
                    fmt(g[op][k], 0) for k in ("mean_ns", "p99_ns", "max_ns")))
            rows.append(row)
        out.append(f"**{op}** (mean / p99 / max ns)\n\n")
        out.append(table(["live blocks"] + allocators, rows) + "\n")
        series = []
        for i, a in enumerate(allocators):
            series.append((f"{a} mean", [(g["live_blocks"], g[op]["mean_ns"])
                                         for g in runs[a]["growth"]], i))
            series.append((f"{a} max", [(g["live_blocks"], max(g[op]["max_ns"], 1))
                                        for g in runs[a]["growth"]], i))
        svg.line_chart(os.path.join(results, f"growth-{op}.svg"),
                       f"{op}: ns per call vs live blocks (mean solid, max dashed)",
                       "live blocks", "ns", series, x_log=True, y_log=True,
                       dashed={entry[0] for entry in series if entry[0].endswith(" max")})
        out.append(f"![{op} cost growth](growth-{op}.svg)\n\n")
    rows = []
    for a in allocators:
        w = runs[a]["worst_case"]
        rows.append([a] + [fmt(w[op][k], 0) for op in ("malloc", "free")
                           for k in ("mean_ns", "max_ns")] +
                    [fmt(w[op]["max_ticks"], 0) for op in ("malloc", "free")])
    out.append("**Crafted worst case for segregated fit** (bitmap search to the top class "
               "and a split on every malloc; a two-sided merge on every second free)\n\n")
    out.append(table(["allocator", "malloc mean ns", "malloc max ns", "free mean ns",
                      "free max ns", "malloc max ticks", "free max ticks"], rows) + "\n")


# ---- trace replay -----------------------------------------------------------------------

def replay_runs(results, prefix):
    runs = {}
    for path in sorted(glob.glob(os.path.join(results, prefix + "-*.json"))):
        for run in load(path)["runs"]:
            trace = os.path.basename(run["trace"]).split(".")[0]
            runs.setdefault(trace, []).append(run)
    return runs


def replay_section(results, out, summary):
    runs = replay_runs(results, "replay")
    if not runs:
        return
    out.append("## Trace replay\n\n"
               "Recorded malloc calls of real programs (bench/traces), replayed one allocator "
               "per process; each new block gets a byte written in every page (untimed), as the "
               "program would. Footprint: bytes held from the system (Tide: break − heap "
               "start). "
               "Fragmentation: peak footprint / peak live bytes requested. *end*: footprint "
               "when the trace ends; *after free*: after freeing every block still live. "
               "Sizes in KiB; times in ns per call.\n\n")
    for trace, trace_runs in runs.items():
        by_allocator = {r["result"]["allocator"]: r["result"] for r in trace_runs}
        tide = by_allocator.get(TIDE)
        rows = []
        for a in ordered(by_allocator):
            r = by_allocator[a]
            speed = ratio(r["time"]["mean_ns"], tide["time"]["mean_ns"]) if tide else None
            if a in PEERS:
                summary.setdefault(f"trace/{trace}", {})[a] = speed
            rows.append([a, fmt(r["time"]["median_ns"]), fmt(r["time"]["mean_ns"]),
                         fmt(r["time"]["p99_ns"]),
                         fmt(r["time"]["max_ns"], 0), kib(r["peak_footprint"]),
                         kib(r["peak_live"]), fmt(r["fragmentation"], 3),
                         kib(r["end_footprint"]), kib(r["after_free_footprint"]),
                         "" if a == TIDE else fmt(speed, 2)])
        calls = trace_runs[0]["result"]["calls"]
        out.append(f"**{trace}** ({calls:,} calls)\n\n")
        out.append(table(["allocator", "median", "mean", "p99", "max", "peak footprint",
                          "peak live",
                          "fragmentation", "end", "after free", "peer mean ÷ Tide mean"],
                         rows) + "\n")
        series = []
        for a in ordered(by_allocator):
            points = by_allocator[a].get("series")
            if points:
                series.append((f"{a} footprint", [(p[0], p[1] / 1024) for p in points]))
        live = next((r.get("series") for r in by_allocator.values() if r.get("series")), None)
        if live:
            series.append(("live bytes", [(p[0], p[2] / 1024) for p in live]))
            svg.line_chart(os.path.join(results, f"footprint-{trace}.svg"),
                           f"{trace}: footprint (break − heap start for Tide) and live bytes",
                           "call", "KiB", series, dashed={"live bytes"})
            out.append(f"![footprint over time, {trace}](footprint-{trace}.svg)\n\n")


def policy_section(results, out):
    runs = replay_runs(results, "policy")
    if not runs:
        return
    out.append("## Policy sweep (Tide over a fixed region, each trace)\n\n"
               "What a flag costs: footprint and time for trim thresholds, top pads and growth "
               "granularities (other flags at their host defaults).\n\n")
    for trace, trace_runs in runs.items():
        rows = []
        for run in trace_runs:
            r = run["result"]
            rows.append([run["policy"] or "default", fmt(r["time"]["median_ns"]),
                         fmt(r["time"]["mean_ns"]),
                         fmt(r["time"]["max_ns"], 0), kib(r["peak_footprint"]),
                         fmt(r["fragmentation"], 3), kib(r["end_footprint"]),
                         kib(r["after_free_footprint"]), r.get("grow_count", "—"),
                         r.get("shrink_count", "—")])
        out.append(f"**{trace}**\n\n")
        out.append(table(["policy", "median ns", "mean ns", "max ns", "peak footprint KiB",
                          "fragmentation", "end KiB", "after free KiB", "grows", "shrinks"],
                         rows) + "\n")


def efficiency_section(results, out, summary):
    files = [(name, os.path.join(results, name)) for name in ("efficiency.json",
                                                               "efficiency-32.json")]
    files = [(name, path) for name, path in files if os.path.exists(path)]
    if not files:
        return
    out.append("## Heap efficiency (Tide over a fixed source, until the first failure)\n\n"
               "*fill*: allocate random sizes until one fails; *churn*: allocate 2/3, free a "
               "random block 1/3, until one fails. Requested bytes live at the failure / "
               "capacity (mean and worst over the seeds), and usable bytes / capacity. The "
               "64-bit host's layout (8-byte headers, 16-byte alignment) and, from an i686 "
               "build of the same tool, the boards' 32-bit layout (4 and 8) at embedded heap "
               "sizes. Published: dlmalloc 99.1 %, rlsf 99.1 %, talc 99.0 %.\n\n")
    rows = []
    for name, path in files:
        data = load(path)
        bits = 8 * data.get("word_bytes", 8)
        for run in data["runs"]:
            r = run["result"]
            rows.append([f"{bits}-bit", run["policy"], f"{r['capacity'] // 1024:,} KiB",
                         r["sizes"], r["mode"], f"{100 * r['requested_mean']:.1f} %",
                         f"{100 * r['requested_min']:.1f} %", f"{100 * r['usable_mean']:.1f} %"])
            if run["policy"] == "exact":
                key = f"{bits}-bit {r['capacity'] // 1024} KiB {r['sizes']} {r['mode']}"
                summary.setdefault("efficiency", {})[key] = r["usable_mean"]
    out.append(table(["layout", "policy", "capacity", "sizes", "mode", "requested", "worst seed",
                      "usable"], rows) + "\n")


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = "?"
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.platform()}, commit {commit or '?'}"


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else "results"
    summary = {}
    out = ["# Tide benchmark report\n\n", f"Machine: {machine()}.\n\n"]
    mode = os.path.join(results, "mode.txt")
    if os.path.exists(mode):
        with open(mode, encoding="utf-8") as f:
            out.append(f"Mode: {f.read().strip()}.\n\n")
    micro_section(results, out, summary)
    growth_section(results, out)
    replay_section(results, out, summary)
    policy_section(results, out)
    efficiency_section(results, out, summary)
    board_section(results, out, table, fmt)
    targets_section(results, summary, out, table, fmt)
    with open(os.path.join(results, "report.md"), "w", encoding="utf-8") as f:
        f.write("".join(out))
    with open(os.path.join(results, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(f"report: {os.path.join(results, 'report.md')}")


if __name__ == "__main__":
    main()
