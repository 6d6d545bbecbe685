"""The report's "On the boards" section: alloc_bench on RV32 virt and Cortex-M3 (board-*.json
from bench/board/board_bench.py) and code size (codesize.json from bench/board/code_size.py),
Tide beside each peer, with Tide's targets and by how much it misses them."""
import json
import os

# (figure, board, operation, statistic) -> Tide's target.
TARGETS = {
    ("rv32-virt", "malloc", "mean"): 90, ("rv32-virt", "malloc", "max"): 120,
    ("rv32-virt", "free", "mean"): 60, ("rv32-virt", "free", "max"): 100,
    ("mps2-an385", "malloc", "mean"): 60, ("mps2-an385", "malloc", "max"): 90,
    ("mps2-an385", "free", "mean"): 45, ("mps2-an385", "free", "max"): 80,
}
FOOTPRINT_TARGET = 1.12
TEXT_TARGET = 1024
CONTROL_TARGET = 256
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
        tide = next((r for r in data["results"] if r["allocator"] == "tide"), None)
        if tide:
            notes = []
            work = tide.get("phases", {}).get("workload", {})
            for op in ("malloc", "free"):
                for stat in ("mean", "max"):
                    value = work.get(op, {}).get(stat)
                    text = miss(value, TARGETS[(board, op, stat)])
                    if text:
                        notes.append(f"{op} {stat} {fmt(value)}{text}")
            peak, live = tide.get("peak_footprint"), tide.get("peak_live")
            if peak and live:
                text = miss(round(peak / live, 3), FOOTPRINT_TARGET)
                if text:
                    notes.append(f"footprint / peak live {peak / live:.3f}{text}")
            out.append("Tide against its targets: " +
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
        tide = next((r for r in sizes["results"] if r["allocator"] == "tide"), None)
        if tide:
            notes = [t for t in (miss(tide["text"], TEXT_TARGET) and
                                 f".text {tide['text']:,} B" + miss(tide["text"], TEXT_TARGET),
                                 miss(tide["control_state"]["bytes"], CONTROL_TARGET) and
                                 f"control state {tide['control_state']['bytes']:,} B" +
                                 miss(tide["control_state"]["bytes"], CONTROL_TARGET)) if t]
            out.append("\nTide's control state is its global heap object "
                       f"(`{tide['control_state']['symbol']}`). Against its targets: " +
                       ("; ".join(notes) if notes else "all met") + ".\n\n")
