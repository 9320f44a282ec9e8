"""Draw seconds against events, log-log, as a small hand-written SVG.

matplotlib is not in journeykit's environment and a benchmark should not add a
dependency for one chart: a few lines of SVG draw it, deterministically (no
ids, no timestamps), so the committed image only changes when the numbers do.
"""

from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import escape

# The series drawn, with their colours (Okabe-Ito, readable by colour-blind readers).
SERIES = {
    "journeykit": "#0072B2",
    "polars": "#E69F00",
    "duckdb": "#009E73",
    "pm4py": "#CC79A7",
}
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 360, 70, 120, 20, 45


def _decades(low: float, high: float) -> list[float]:
    # The slack keeps 10000004 events (the generator never cuts a journey) on the 10M tick;
    # two ticks at least, so there is a scale to divide by.
    first = math.floor(math.log10(low) + 0.01)
    last = max(math.ceil(math.log10(high) - 0.01), first + 1)
    return [10.0**e for e in range(first, last + 1)]


def _label(value: float) -> str:
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:g}{suffix}"
    return f"{value:g}"


def svg(results: dict[int, dict[str, dict[str, float]]], title: str) -> str:
    """An SVG of the median seconds of each series in ``SERIES`` at each size in ``results``."""
    points = {
        name: sorted(
            (size, found[name]["seconds"]) for size, found in results.items() if name in found
        )
        for name in SERIES
    }
    points = {name: line for name, line in points.items() if line}
    xs = [x for line in points.values() for x, _ in line]
    ys = [y for line in points.values() for _, y in line]
    xticks, yticks = _decades(min(xs), max(xs)), _decades(min(ys), max(ys))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at(x: float, y: float) -> tuple[float, float]:
        fx = math.log10(x / xticks[0]) / math.log10(xticks[-1] / xticks[0])
        fy = math.log10(y / yticks[0]) / math.log10(yticks[-1] / yticks[0])
        return round(LEFT + fx * plot_w, 1), round(TOP + (1 - fy) * plot_h, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for tick in xticks:
        x, _ = at(tick, yticks[0])
        out.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + plot_h}" stroke="#ddd"/>')
        out.append(
            f'<text x="{x}" y="{TOP + plot_h + 16}" text-anchor="middle">{_label(tick)}</text>'
        )
    for tick in yticks:
        _, y = at(xticks[0], tick)
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + plot_w}" y2="{y}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{tick:g} s</text>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" text-anchor="middle">events</text>')
    middle = TOP + plot_h / 2
    out.append(
        f'<text x="14" y="{middle}" text-anchor="middle" '
        f'transform="rotate(-90 14 {middle})">median seconds</text>'
    )
    for row, (name, line) in enumerate(points.items()):
        colour = SERIES[name]
        where = " ".join(f"{x},{y}" for x, y in (at(*p) for p in line))
        out.append(f'<polyline points="{where}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out.extend(
            f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>' for x, y in (at(*p) for p in line)
        )
        key_y = TOP + 10 + 18 * row
        out.append(
            f'<line x1="{WIDTH - RIGHT + 12}" y1="{key_y}" x2="{WIDTH - RIGHT + 32}" '
            f'y2="{key_y}" stroke="{colour}" stroke-width="2"/>'
        )
        out.append(f'<text x="{WIDTH - RIGHT + 38}" y="{key_y + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(path: Path, results: dict[int, dict[str, dict[str, float]]], title: str) -> None:
    """Write the chart to ``path`` (SVG only: PNG would need a rasteriser we do not depend on)."""
    if path.suffix.lower() != ".svg":
        raise SystemExit(f"--plot writes SVG only (got {path.name}); convert it if you need PNG")
    path.write_text(svg(results, title), encoding="utf-8")
