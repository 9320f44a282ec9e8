r"""``journeykit segments EVENTS (--segment device | --window 1w) [-o FOLDER]``: compare journeys.

The command takes every option of ``journeykit mine`` (the columns, the
CSV separator, ``--paths`` for a path table, the simplifying sliders...),
plus ``--segment``. It mines one journey per segment in one pass
(:func:`journeykit.mining.by_segment`) and prints the comparison
(:func:`journeykit.analysis.compare_segments`): the notable differences
first, then every touchpoint's drop-off per segment with its interval.
With ``-o FOLDER`` it also writes each segment's journey there, as
``<segment>.yaml`` (the segment's name made an id: ``(none)`` is
``none.yaml``; two names giving one id get ``-2``...), and the report as
``comparison.txt``. ``analyze`` stays a command over one journey file: a
comparison needs the events, so it is its own command.

With ``--window 1w`` (``1d``, ``1mo``, ``1q``...) instead of ``--segment``,
the segments are periods (:func:`journeykit.mining.by_window`: the
customers who started in each) and the command prints their trends
(:func:`journeykit.analysis.trends`): each period's customers and
conversion, then the drop-off at every touchpoint, period by period, as a
Markdown table, a period the data covers only in part marked ``(partial)``
and a line saying what that means; ``-o FOLDER`` writes ``<first day>.yaml`` per period and
``trends.md``. It is here rather than an ``analyze --window``, for the same
reason: periods are cut from the events, which ``analyze`` never sees.

Examples
--------
>>> import argparse, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> rows = ["customer_id,event,ts,device", "1,Ad,1,mobile", "1,Buy,2,mobile", "2,Ad,1,desktop"]
>>> _ = (folder / "events.csv").write_text("\n".join(rows) + "\n")
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> args = parser.parse_args([str(folder / "events.csv"), "--segment", "device",
...                           "-o", str(folder / "out"), "-q"])
>>> import contextlib, io
>>> with contextlib.redirect_stdout(io.StringIO()) as out:
...     code = run(args)
>>> code
0
>>> print(out.getvalue().splitlines()[0])
2 segments of 2 customers: desktop (1 customer), mobile (1 customer)
>>> sorted(p.name for p in (folder / "out").iterdir())
['comparison.txt', 'desktop.yaml', 'mobile.yaml']
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeykit import figures
from journeykit._progress import working
from journeykit.mining._cli import _scan, _simplified, event_options, path_options
from journeykit.mining._cli import add_arguments as _mine_arguments

if TYPE_CHECKING:
    from journeykit.analysis.segments import SegmentComparison, SegmentRow
    from journeykit.analysis.trends import TrendRow
    from journeykit.model import Journey

__all__ = ["add_arguments", "report", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``journeykit segments``: those of ``mine``, and the segment's."""
    _mine_arguments(parser)
    for action in parser._actions:  # the mine options that mean something else here
        if action.dest == "output":
            action.required = False
            action.metavar = "FOLDER"
            action.help = "a folder for one journey per segment (or period) and the report"
        elif action.dest == "top":
            action.default = 10
            action.help = "notable differences to list (default: %(default)s)"
    by = parser.add_mutually_exclusive_group(required=True)
    by.add_argument("--segment", help="the segment column (device, campaign, persona...)")
    by.add_argument(
        "--window",
        help="one journey per period of customers who started in it: 1d, 1w, 2w, 1mo, 1q, 1y",
    )
    parser.add_argument(
        "--conversion",
        help="id of the touchpoint reached by converting (default: conversion, if any)",
    )
    parser.add_argument(
        "--confidence", type=float, default=0.95, help="interval level (default: %(default)s)"
    )
    parser.add_argument(
        "--format", choices=("table", "csv"), default="table", help="output (default: table)"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit segments``; errors are :class:`~journeykit.JourneyError` for the CLI."""
    from journeykit._terminal import shown
    from journeykit.analysis.segments import compare_segments
    from journeykit.cli import _print

    source = Path(args.events)
    frame = _scan(source, args.delimiter)  # a bad file is one error line, before any progress
    if args.window is not None:
        return _run_window(args, frame, source)
    label = f"mining {source.name} by {args.segment}"
    with working(sys.stderr, label, enabled=not args.quiet) as progress:
        progress.phase("mining")
        journeys = _mined(frame, args)
    result = compare_segments(journeys, conversion=args.conversion, confidence=args.confidence)
    text = _rows_csv(result.rows) if args.format == "csv" else report(result, top=args.top)
    if args.output:
        _write_all(Path(args.output), journeys, text, args)
    _print(shown(text))
    return 0


def _run_window(args: argparse.Namespace, frame: object, source: Path) -> int:
    """Run ``journeykit segments --window``: one journey per period, and their trends."""
    from journeykit._terminal import shown
    from journeykit.analysis.trends import trends
    from journeykit.cli import _print
    from journeykit.mining import EventDataError, by_window

    if args.paths:
        raise EventDataError(
            "--window needs events with times, and a path table has none: use --segment"
        )
    label = f"mining {source.name} by {args.window}"
    with working(sys.stderr, label, enabled=not args.quiet) as progress:
        progress.phase("mining")
        journeys = by_window(frame, window=args.window, **event_options(args))
    result = trends(journeys, conversion=args.conversion, confidence=args.confidence)
    if args.format == "csv":
        text = _rows_csv(result.rows)
    else:
        count = len(result.periods)
        total = sum(p.customers for p in result.periods)
        text = (
            f"{count} period{'' if count == 1 else 's'} of {args.window} "
            f"({_people(total)}, each in the period of their first event):\n\n"
            + result.to_markdown()
        )
        if any(p.partial for p in result.periods):
            text += (
                "\n\n(partial): the data covers the period only in part (it starts after the "
                "period's first day or ends before its last), so read its numbers apart"
            )
    if args.output:
        _write_all(Path(args.output), journeys, text, args, report="trends.md")
    _print(shown(text))
    return 0


def _mined(frame: object, args: argparse.Namespace) -> dict[str, Journey]:
    from journeykit.mining import by_segment, paths_by_segment

    if args.paths:
        return paths_by_segment(frame, segment=args.segment, **path_options(args))
    return by_segment(frame, segment=args.segment, **event_options(args))


def _write_all(
    folder: Path,
    journeys: dict[str, Journey],
    text: str,
    args: argparse.Namespace,
    *,
    report: str = "comparison.txt",
) -> None:
    from journeykit._atomic import write_atomic
    from journeykit.formats.files import dump
    from journeykit.model._ids import slugify

    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for name, journey in journeys.items():
        stem = base = slugify(name) or "segment"
        number = 1
        while stem in taken or f"{stem}." in report:
            number += 1
            stem = f"{base}-{number}"
        taken.add(stem)
        dump(_simplified(journey, args), folder / f"{stem}.yaml")
    write_atomic(folder / report, text + "\n")
    if not args.quiet:
        from journeykit._terminal import shown

        print(shown(f"wrote {len(journeys)} journeys and {report} to {folder}"), file=sys.stderr)


def report(result: SegmentComparison, *, top: int = 10) -> str:
    """Return the comparison as the command prints it: segments, differences, touchpoints.

    Examples
    --------
    >>> from journeykit.analysis.segments import SegmentComparison, SegmentSummary
    >>> one = SegmentSummary(segment="web", customers=3, conversions=None, conversion=None,
    ...                      conversion_low=None, conversion_high=None)
    >>> print(report(SegmentComparison(confidence=0.95, segments=(one,), rows=(),
    ...                                differences=())))
    1 segment of 3 customers: web (3 customers)
    no notable differences: no two segments' 95% intervals are apart
    """
    level = figures.percent(result.confidence)
    total = sum(s.customers for s in result.segments)
    count = len(result.segments)
    lines = [
        f"{count} segment{'' if count == 1 else 's'} of {total:,} customers: "
        + ", ".join(f"{s.segment} ({_people(s.customers)})" for s in result.segments)
    ]
    converting = [s for s in result.segments if s.conversion is not None]
    if converting:
        lines.append(
            "conversion: "
            + ", ".join(
                f"{s.segment} {figures.percent(s.conversion or 0)} "
                f"({figures.percent(s.conversion_low or 0)} to "
                f"{figures.percent(s.conversion_high or 0)})"
                for s in converting
            )
        )
    if result.differences:
        lines.append(f"notable differences ({level} intervals that do not overlap):")
        lines += [f"  {d.reason}" for d in result.differences[:top]]
        if len(result.differences) > top:
            lines.append(f"  ... and {len(result.differences) - top} more")
    else:
        lines.append(f"no notable differences: no two segments' {level} intervals are apart")
    if result.rows:
        lines.append(f"drop-off per touchpoint ({level} interval, customers, emotion):")
    for row in result.rows:
        felt = "" if row.emotion is None else f", emotion {figures.number(row.emotion)}"
        lines.append(
            f"  {row.touchpoint} [{row.segment}]: {figures.percent(row.drop_off)} "
            f"({figures.percent(row.drop_off_low)} to {figures.percent(row.drop_off_high)}), "
            f"{_people(row.customers)}{felt}"
        )
    return "\n".join(lines)


def _people(number: int) -> str:
    return f"{number:,} customer{'' if number == 1 else 's'}"


def _rows_csv(rows: Sequence[SegmentRow] | Sequence[TrendRow]) -> str:
    import attrs

    from journeykit.analysis.segments import SegmentRow

    names = [f.name for f in attrs.fields(type(rows[0]) if rows else SegmentRow)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if (v := getattr(row, n)) is None else v for n in names])
    return out.getvalue().rstrip("\n")
