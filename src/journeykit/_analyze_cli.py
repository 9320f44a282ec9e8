"""``journeykit analyze FILE``: a journey's likely paths, loops, exits and moments that matter.

:func:`report` is the plain text (what a pipe or ``-o`` gets); on a
terminal the same figures are drawn as tables (:mod:`journeykit._tables`).

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Flowers", stages=[jk.Stage(name="Buy", touchpoints=[
...     jk.Touchpoint(name="Cart", emotion=-1), jk.Touchpoint(name="Pays", emotion=1)])],
...     transitions=[jk.Transition(source="cart", kind="exit", label="gives up")])
>>> lines = report(j).splitlines()
>>> print(lines[lines.index("Exits") + 1])
  at Cart: gives up
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from journeykit._speech import say, spoken
from journeykit._tables import Table
from journeykit._terminal import one_line

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["report", "run", "tables"]

# The report's columns, by their keys in the message catalogue (``cli.column.*``).
COLUMNS = {
    "paths": ("share", "path"),
    "loops": ("from", "back_to", "label", "stages"),
    "exits": ("at", "odds", "label"),
    "moments": ("rank", "touchpoint", "load", "reason"),
}


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit analyze``: the report to ``-o``, or to stdout (tables on a terminal)."""
    from journeykit import validators
    from journeykit._tables import emit
    from journeykit.cli import _load, _write

    validators.check("--top", args.top, validators.number(1, whole=True))
    journey = _load(args)
    if args.output and args.output != "-":
        _write(args, report(journey, top=args.top))
    else:
        emit(report(journey, top=args.top).removesuffix("\n"), lambda: _drawn(journey, args.top))
    return 0


def _head(journey: Journey) -> list[str]:
    from journeykit import figures

    title = one_line(journey.title)
    who = ", ".join(one_line(p.name) for p in journey.personas)
    persona = f"; {say('cli.analyze.persona')}: {who}" if who else ""
    return [title, "=" * min(len(title), 80), figures.size(journey, spoken()) + persona]


def report(journey: Journey, *, top: int = 5) -> str:
    """Return a plain-text report of a journey: its likely paths, loops, exits and key moments.

    Examples
    --------
    >>> import journeykit as jk
    >>> print(report(jk.Journey(title="Flowers")).splitlines()[0])
    Flowers
    """
    parts = [*_head(journey), *(f"\n{table.plain()}" for table in tables(journey, top=top))]
    return "\n".join(parts) + "\n"


def _drawn(journey: Journey, top: int) -> list[Table | str]:
    head = _head(journey)
    return [head[0], head[2], *tables(journey, top=top)]


def tables(journey: Journey, *, top: int = 5) -> list[Table]:
    """The report's four tables: paths, loops, exits and moments that matter.

    Examples
    --------
    >>> import journeykit as jk
    >>> [t.title for t in tables(jk.Journey(title="T"), top=2)][0]
    'Most likely paths (top 2)'
    """
    from journeykit import analysis, figures

    def name(touchpoint: str) -> str:
        return one_line(journey.touchpoint(touchpoint).name)

    lang = spoken()
    ranked = analysis.top_paths(journey, k=top) if journey.touchpoints else []
    paths = tuple(
        (figures.percent(p.probability, lang, decimals=1), " → ".join(name(t) for t in p.path))
        for p in ranked
    )
    loops = tuple(
        (
            name(loop.transition.source),
            name(loop.entry),
            one_line(loop.transition.label or ""),
            ", ".join(one_line(journey.stage(s).name) for s in loop.stages),
        )
        for loop in analysis.loops(journey)
    )
    exits = tuple(
        (
            name(edge.source),
            ", ".join(figures.edge_figures(edge, lang)),
            one_line(edge.transition.label or ""),
        )
        for edge in journey.graph.edges
        if edge.direction == "exit"
    )
    moments = tuple(
        (
            str(rank),
            name(m.touchpoint),
            figures.number(m.load, lang, fixed=True),
            one_line(m.reason or ""),
        )
        for rank, m in enumerate(analysis.moments_that_matter(journey, top=top, lang=lang), 1)
    )
    at, load = "cli.analyze.exit_at", "cli.analyze.load"
    lines = {
        "paths": lambda r: f"  {r[0]:>6}  {r[1]}",
        "loops": lambda r: f"  {r[0]} ↩ {r[1]}{_after(': ', r[2])} [{r[3]}]",
        "exits": lambda r: f"  {say(at, at=r[0])}{_after(' (', r[1], ')')}{_after(': ', r[2])}",
        "moments": lambda r: f"  {r[0]}. {r[1]} ({say(load, load=r[2])}){_after(': ', r[3])}",
    }
    rows = {"paths": paths, "loops": loops, "exits": exits, "moments": moments}
    return [
        Table(
            say(f"cli.analyze.{key}", top=top),
            tuple(say(f"cli.column.{column}") for column in COLUMNS[key]),
            rows[key],
            line=line,
            empty=f"  {say('cli.none')}",
        )
        for key, line in lines.items()
    ]


def _after(joint: str, text: str, end: str = "") -> str:
    return f"{joint}{text}{end}" if text else ""
