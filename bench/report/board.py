"""The report's "On the boards" section: alloc_bench on RV32 virt and Cortex-M3 (board-*.json
from bench/board/board_bench.py) and code size (codesize.json from bench/board/code_size.py),
Tide beside each peer, with Tide's targets and by how much it misses them."""
import json
import os

# Tide's profiles as the benchmarks name them, and their targets. Instructions per call
# (board, operation, statistic) for tide-minimal (0.75x o1heap's figures in this harness);
# tide-board within 25 % of tide-minimal's measured figure; tide-full has none.
PROFILES = ("tide-minimal", "tide-board", "tide-full")
CALL_TARGETS = {
    ("rv32-virt", "malloc", "mean"): 140, ("rv32-virt", "malloc", "max"): 169,
    ("rv32-virt", "free", "mean"): 80, ("rv32-virt", "free", "max"): 147,
    ("mps2-an385", "malloc", "mean"): 70, ("mps2-an385", "malloc", "max"): 88,
    ("mps2-an385", "free", "mean"): 46, ("mps2-an385", "free", "max"): 80,
}
BOARD_WITHIN = 1.25
FOOTPRINT_TARGET = 1.10  # tide-minimal: peak footprint / peak live
# Cortex-M3 -Os: (.text of malloc+free+realloc+calloc, control state), bytes.
SIZE_TARGETS = {"tide-minimal": (1024, 128), "tide-board": (2048, 256)}
BOARD_NAMES = {"rv32-virt": "RV32IMAC (QEMU virt)", "mps2-an385": "Cortex-M3 (QEMU mps2-an385)"}


def load(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def miss(value, target):
    """'' when value meets target, else how much it is over."""
    if value is None or value <= target:
        return ""
    over = f"{value - target:,.3f}" if target < 10 else f"{value - target:,.0f}"
    return f" (target ≤ {target:,}: over by {over}, ×{value / target:.2f})"


def find(results, allocator):
    return next((r for r in (results or []) if r["allocator"] == allocator), None)


def call_target(results, allocator, board, op, stat):
    """A profile's target for one figure, or None (tide-board's follows tide-minimal's)."""
    if allocator == "tide-minimal":
        return CALL_TARGETS[(board, op, stat)]
    if allocator == "tide-board":
        minimal = find(results, "tide-minimal")
        value = (minimal or {}).get("phases", {}).get("workload", {}).get(op, {}).get(stat)
        return None if value is None else round(value * BOARD_WITHIN, 1)
    return None


def cell(cost, fmt):
    return "—" if cost is None else f"{fmt(cost['mean'])} / {cost['max']:,}"


def board_section(results, out, table, fmt):
    boards = {b: load(os.path.join(results, f"board-{b}.json")) for b in BOARD_NAMES}
    sizes = load(os.path.join(results, "codesize.json"))
    if not any(boards.values()) and not sizes:
        return
    out.append("## On the boards\n\n"
               "The published workload (xorshift32 seed 2463534242, 20,000 operations, sizes "
               "16..1024 B, at most 200 live blocks) as an app (apps/alloc_bench), the allocator "
               "chosen at build time: Tide, or a peer's malloc from its Debian static library over "
               "the same memop sbrk. RV32: instructions per call from minstret under QEMU "
               "`-icount shift=0` (exact and repeatable; the kernel's instructions included). "
               "Cortex-M3: no counter an app can read, so QEMU runs the image with one instruction "
               "per translation block (`-singlestep -d exec,nochain`, `-dfilter` on the app's code) "
               "and the trace is counted between the app's markers: Thumb instructions the app "
               "executes per call (kernel excluded). Calls that moved the break (an sbrk system "
               "call) are counted apart. Cost per call as mean / max.\n\n")
    for board, data in boards.items():
        if not data:
            continue
        out.append(f"**{BOARD_NAMES[board]}**: instructions per call, mean / max\n\n")
        rows = []
        for r in data["results"]:
            work = r.get("phases", {}).get("workload", {})
            row = [r["allocator"]] + [cell(work.get(op), fmt) for op in ("malloc", "free")]
            sbrk = work.get("sbrk")
            row.append("—" if sbrk is None else f"{sbrk['calls']:,} × {fmt(sbrk['mean'], 0)}")
            peak, live = r.get("peak_footprint"), r.get("peak_live")
            row.append(f"{peak:,} B / {live:,} B = {peak / live:.3f}" if peak and live else "—")
            row.append(f"{r.get('given_back', 0):,} B")
            rows.append(row)
        out.append(table(["allocator", "malloc", "free", "calls moving the break × mean",
                          "peak footprint / peak live", "given back after all freed"], rows))
        out.append("\n**Cost growth** (pre-filled to N live blocks of 16..48 B, then 1,000 rounds "
                   "of free + malloc): malloc max / free max\n\n")
        rows = []
        for r in data["results"]:
            row = [r["allocator"]]
            for level in (20, 200, 2000):
                phase = r.get("phases", {}).get(f"growth@{level}", {})
                m, f = phase.get("malloc"), phase.get("free")
                row.append("—" if m is None else f"{m['max']:,} / {f['max']:,}")
            rows.append(row)
        out.append(table(["allocator", "20 live", "200 live", "2,000 live"], rows) + "\n")
        for profile in PROFILES:
            tide = find(data["results"], profile)
            if tide is None or profile == "tide-full":
                continue
            notes = []
            work = tide.get("phases", {}).get("workload", {})
            for op in ("malloc", "free"):
                for stat in ("mean", "max"):
                    value = work.get(op, {}).get(stat)
                    target = call_target(data["results"], profile, board, op, stat)
                    text = miss(value, target) if target is not None else ""
                    if text:
                        notes.append(f"{op} {stat} {fmt(value)}{text}")
            peak, live = tide.get("peak_footprint"), tide.get("peak_live")
            if peak and live and profile == "tide-minimal":
                text = miss(round(peak / live, 3), FOOTPRINT_TARGET)
                if text:
                    notes.append(f"footprint / peak live {peak / live:.3f}{text}")
            out.append(f"{profile} against its targets: " +
                       ("; ".join(notes) if notes else "all met") + ".\n\n")
    if sizes:
        out.append("**Code size**, Cortex-M3 -Os, gc-sections: what malloc + free + realloc + "
                   "calloc add to an empty program (the allocator and what it pulls in: "
                   "memset/memcpy, a C library's reentrancy data), in bytes\n\n")
        rows = []
        for r in sizes["results"]:
            control = r.get("control_state")
            rows.append([r["allocator"], f"{r['text']:,}", f"{r['data']:,}", f"{r['bss']:,}",
                         f"{control['bytes']:,}" if control else ""])
        out.append(table(["allocator", ".text", ".data", ".bss", "control state"], rows))
        notes = []
        for profile, (text_target, control_target) in SIZE_TARGETS.items():
            tide = find(sizes["results"], profile)
            if tide is None:
                continue
            control = tide["control_state"]["bytes"]
            over = [t for t in (miss(tide["text"], text_target) and
                                f".text {tide['text']:,} B" + miss(tide["text"], text_target),
                                miss(control, control_target) and
                                f"control state {control:,} B" + miss(control, control_target))
                    if t]
            notes.append(f"{profile}: " + ("; ".join(over) if over else "all met"))
        out.append("\nTide's control state is its global heap object. Against the targets: " +
                   ("; ".join(notes) if notes else "none measured") + ".\n\n")
