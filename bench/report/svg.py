"""Minimal SVG charts (standard library only): line charts and grouped bar charts,
with optional log axes. Enough for the benchmark report; not a plotting library."""

import math

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
          "#7f7f7f", "#17becf", "#bcbd22"]
WIDTH, HEIGHT = 900, 460
LEFT, RIGHT, TOP, BOTTOM = 80, 190, 40, 60


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _format(value):
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


class _Axis:
    """Maps data values to pixels, linear or log10."""

    def __init__(self, low, high, pixel_low, pixel_high, log):
        self.log = log
        if log:
            low, high = max(low, 1e-12), max(high, 1e-12)
            low, high = 10 ** math.floor(math.log10(low)), 10 ** math.ceil(math.log10(high))
        elif low == high:
            high = low + 1
        if not log:
            low = min(low, 0)
            high *= 1.05
        self.low, self.high, self.pixel_low, self.pixel_high = low, high, pixel_low, pixel_high

    def _t(self, value):
        if self.log:
            value = max(value, self.low)
            return (math.log10(value) - math.log10(self.low)) / (
                math.log10(self.high) - math.log10(self.low))
        return (value - self.low) / (self.high - self.low)

    def pixel(self, value):
        return self.pixel_low + self._t(value) * (self.pixel_high - self.pixel_low)

    def ticks(self):
        if self.log:
            start, end = int(round(math.log10(self.low))), int(round(math.log10(self.high)))
            return [10 ** e for e in range(start, end + 1)]
        step = 10 ** math.floor(math.log10((self.high - self.low) / 5 or 1))
        while (self.high - self.low) / step > 8:
            step *= 2
        first = math.ceil(self.low / step) * step
        return [first + i * step for i in range(int((self.high - first) / step) + 1)]


def _frame(title, x_label, y_label, y_axis, out):
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
               f'font-family="sans-serif" font-size="12">')
    out.append(f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>')
    out.append(f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15">'
               f'{_escape(title)}</text>')
    for tick in y_axis.ticks():
        y = y_axis.pixel(tick)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_format(tick)}</text>')
    out.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="black"/>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
               f'y2="{HEIGHT - BOTTOM}" stroke="black"/>')
    out.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 12}" text-anchor="middle">'
               f'{_escape(x_label)}</text>')
    out.append(f'<text x="18" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 18 {(TOP + HEIGHT - BOTTOM) / 2})">{_escape(y_label)}</text>')


def _legend(names, out, dashed=(), colors=None):
    for i, name in enumerate(names):
        y = TOP + 10 + i * 18
        x = WIDTH - RIGHT + 14
        dash = ' stroke-dasharray="5,3"' if name in dashed else ""
        color = COLORS[(colors[i] if colors else i) % 10]
        out.append(f'<line x1="{x}" x2="{x + 22}" y1="{y}" y2="{y}" stroke="{color}" '
                   f'stroke-width="3"{dash}/>')
        out.append(f'<text x="{x + 28}" y="{y + 4}">{_escape(name)}</text>')


def line_chart(path, title, x_label, y_label, series, x_log=False, y_log=False, dashed=()):
    """series: list of (name, [(x, y), ...]) or (name, points, color index). Names in
    `dashed` are drawn dashed. The first series is drawn last and widest (on top)."""
    colors = [entry[2] if len(entry) > 2 else i for i, entry in enumerate(series)]
    series = [(entry[0], entry[1]) for entry in series]
    points = [p for _, pts in series for p in pts]
    if not points:
        return
    x_axis = _Axis(min(p[0] for p in points), max(p[0] for p in points), LEFT, WIDTH - RIGHT,
                   x_log)
    y_axis = _Axis(min(p[1] for p in points), max(p[1] for p in points), HEIGHT - BOTTOM, TOP,
                   y_log)
    out = []
    _frame(title, x_label, y_label, y_axis, out)
    for tick in x_axis.ticks():
        x = x_axis.pixel(tick)
        out.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                   f'{_format(tick)}</text>')
    for i in list(range(1, len(series))) + [0]:
        name, pts = series[i]
        coords = " ".join(f"{x_axis.pixel(x):.1f},{y_axis.pixel(y):.1f}" for x, y in pts)
        dash = ' stroke-dasharray="5,3"' if name in dashed else ""
        width = 3.5 if i == 0 else 2
        out.append(f'<polyline fill="none" stroke="{COLORS[colors[i] % 10]}" '
                   f'stroke-width="{width}"{dash} points="{coords}"/>')
    _legend([name for name, _ in series], out, dashed, colors)
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def bar_chart(path, title, y_label, groups, names, values, y_log=False):
    """values[group][name] -> number (missing names are skipped)."""
    numbers = [v for g in groups for v in values[g].values() if v]
    if not numbers:
        return
    y_axis = _Axis(min(numbers), max(numbers), HEIGHT - BOTTOM, TOP, y_log)
    out = []
    _frame(title, "", y_label, y_axis, out)
    group_width = (WIDTH - RIGHT - LEFT) / len(groups)
    bar = group_width * 0.8 / len(names)
    base = y_axis.pixel(y_axis.low if y_log else 0)
    for g, group in enumerate(groups):
        x0 = LEFT + g * group_width + group_width * 0.1
        for n, name in enumerate(names):
            value = values[group].get(name)
            if not value:
                continue
            y = y_axis.pixel(value)
            out.append(f'<rect x="{x0 + n * bar:.1f}" y="{y:.1f}" width="{bar * 0.9:.1f}" '
                       f'height="{max(base - y, 0):.1f}" fill="{COLORS[n % 10]}"/>')
        cx = x0 + group_width * 0.4
        out.append(f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 12}" text-anchor="end" '
                   f'font-size="10" transform="rotate(-35 {cx:.1f} {HEIGHT - BOTTOM + 12})">'
                   f'{_escape(group)}</text>')
    _legend(names, out)
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
