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

The report speaks ``--lang`` (English by default: event tables have no
language), numbers written its way. It is plain text in a pipe, a file or
with ``NO_COLOR`` (the documented output, and what ``-o`` writes); on a
terminal the same figures are drawn as tables (:mod:`journeykit._tables`).

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

from journeykit import figures, i18n
from journeykit._progress import working
from journeykit._speech import plural, say, spoken
from journeykit._tables import Table, emit
from journeykit._terminal import shown
from journeykit.mining._cli import _in_language, _scan, _simplified, event_options, path_options
from journeykit.mining._cli import add_arguments as _mine_arguments

if TYPE_CHECKING:
    from journeykit.analysis.segments import SegmentComparison, SegmentRow
    from journeykit.analysis.trends import TrendRow, Trends
    from journeykit.mining import ProgressCallback
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
        elif action.dest == "lang":
            action.help = "the language of the report and of the journeys (default: en)"
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
    from journeykit.analysis.segments import compare_segments
    from journeykit.cli import _print

    source = Path(args.events)
    frame = _scan(source, args.delimiter)  # a bad file is one error line, before any progress
    if args.window is not None:
        return _run_window(args, frame, source)
    label = f"mining {source.name} by {args.segment}"
    with working(sys.stderr, label, enabled=not args.quiet) as progress:
        journeys = _mined(frame, args, progress.engine)
    result = compare_segments(
        journeys, conversion=args.conversion, confidence=args.confidence, lang=spoken()
    )
    text = _rows_csv(result.rows) if args.format == "csv" else report(result, top=args.top)
    if args.output:
        _write_all(Path(args.output), journeys, text, args)
    if args.format == "csv":
        _print(shown(text))
    else:
        emit(shown(text), lambda: _parts(result, args.top))
    return 0


def _run_window(args: argparse.Namespace, frame: object, source: Path) -> int:
    """Run ``journeykit segments --window``: one journey per period, and their trends."""
    from journeykit.analysis.trends import trends
    from journeykit.cli import _print
    from journeykit.mining import EventDataError, by_window

    if args.paths:
        raise EventDataError(
            "--window needs events with times, and a path table has none: use --segment"
        )
    label = f"mining {source.name} by {args.window}"
    with working(sys.stderr, label, enabled=not args.quiet) as progress:
        journeys = by_window(
            frame, window=args.window, **event_options(args), progress=progress.engine
        )
    result = trends(journeys, conversion=args.conversion, confidence=args.confidence, lang=spoken())
    if args.format == "csv":
        text = _rows_csv(result.rows)
    else:
        head, note = _trend_words(result, args.window)
        text = "\n\n".join([head, result.to_markdown(), *note])
    if args.output:
        _write_all(Path(args.output), journeys, text, args, report="trends.md")
    if args.format == "csv":
        _print(shown(text))
    else:
        emit(shown(text), lambda: _trend_parts(result, args.window))
    return 0


def _trend_words(result: Trends, window: str) -> tuple[str, list[str]]:
    """The line heading the trends, and the note on partial periods when there are some."""
    total = sum(p.customers for p in result.periods)
    head = plural("trends.periods", len(result.periods), window=window, customers=_people(total))
    partial = any(p.partial for p in result.periods)
    return head, [say("trends.partial_note")] if partial else []


def _trend_parts(result: Trends, window: str) -> list[Table | str]:
    """The trends on a terminal: the heading, the table, the note."""
    head, note = _trend_words(result, window)
    columns, *rows = result._table()
    totals = dict.fromkeys(result._totals(), "bold")
    body = tuple(tuple(row) for row in rows)
    return [head, Table("", tuple(columns), body, line=" | ".join, marks=totals), *note]


def _mined(
    frame: object, args: argparse.Namespace, progress: ProgressCallback
) -> dict[str, Journey]:
    from journeykit.mining import by_segment, paths_by_segment

    if args.paths:
        return paths_by_segment(
            frame, segment=args.segment, **path_options(args), progress=progress
        )
    return by_segment(frame, segment=args.segment, **event_options(args), progress=progress)


def _write_all(
    folder: Path,
    journeys: dict[str, Journey],
    text: str,
    args: argparse.Namespace,
    *,
    report: str = "comparison.txt",
) -> None:
    from journeykit._atomic import write_atomic
    from journeykit._slugs import slugify
    from journeykit.formats.files import dump

    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for name, journey in journeys.items():
        stem = base = slugify(name) or "segment"
        number = 1
        while stem in taken or f"{stem}." in report:
            number += 1
            stem = f"{base}-{number}"
        taken.add(stem)
        dump(_in_language(_simplified(journey, args), args), folder / f"{stem}.yaml")
    write_atomic(folder / report, text + "\n")
    if not args.quiet:
        wrote = plural("segments.wrote", len(journeys), report=report, folder=str(folder))
        print(shown(wrote), file=sys.stderr)


def report(result: SegmentComparison, *, top: int = 10) -> str:
    """Return the comparison as the command prints it: segments, differences, touchpoints.

    In the comparison's language (its ``lang``).

    Examples
    --------
    >>> from journeykit.analysis.segments import SegmentComparison, SegmentSummary
    >>> one = SegmentSummary(segment="web", customers=3, conversions=None, conversion=None,
    ...                      conversion_low=None, conversion_high=None)
    >>> print(report(SegmentComparison(confidence=0.95, segments=(one,), rows=(),
    ...                                differences=())))
    1 segment of 3 customers: web (3 customers)
    no notable differences: no two segments' 95% intervals are apart
    >>> many = SegmentSummary(segment="web", customers=1200, conversions=None, conversion=None,
    ...                       conversion_low=None, conversion_high=None)
    >>> print(report(SegmentComparison(confidence=0.95, segments=(many,), rows=(),
    ...                                differences=(), lang="es")).splitlines()[0])
    1 segmento de 1.200 clientes: web (1.200 clientes)
    """
    return "\n".join(
        part if isinstance(part, str) else part.plain() for part in _parts(result, top)
    )


def _parts(result: SegmentComparison, top: int) -> list[Table | str]:
    """The report's lines and tables, in order: :func:`report` writes them, terminals draw them."""
    from journeykit.analysis.segments import _interval

    lang = result.lang

    def words(key: str, **values: object) -> str:
        return i18n.message(key, lang, **values)

    def people(number: int) -> str:
        return i18n.plural("segments.customers", number, lang)

    level = figures.percent(result.confidence, lang)
    total = sum(s.customers for s in result.segments)
    parts: list[Table | str] = [
        words(
            "segments.of",
            segments=i18n.plural("segments.count", len(result.segments), lang),
            customers=people(total),
            each=", ".join(f"{s.segment} ({people(s.customers)})" for s in result.segments),
        )
    ]
    converting = [s for s in result.segments if s.conversion is not None]
    if converting:
        each = (
            f"{s.segment} {figures.percent(s.conversion or 0, lang)} "
            f"({_interval(s.conversion_low or 0, s.conversion_high or 0, lang)})"
            for s in converting
        )
        parts.append(words("segments.conversion", each=", ".join(each)))
    if result.differences:
        listed = tuple((d.reason, figures.percent(d.gap, lang)) for d in result.differences[:top])
        columns = (words("table.heading.reason"), words("table.heading.gap"))
        title = words("segments.differences", level=level)
        parts.append(Table(title, columns, listed, line=lambda r: f"  {r[0]}"))
        if len(result.differences) > top:
            parts.append("  " + words("segments.more", n=len(result.differences) - top))
    else:
        parts.append(words("segments.alike", level=level))
    if result.rows:
        parts.append(_touchpoints(result, level))
    return parts


def _touchpoints(result: SegmentComparison, level: str) -> Table:
    """Every touchpoint's drop-off per segment, with its interval, customers and emotion."""
    from journeykit.analysis.segments import _interval

    lang = result.lang
    lines: dict[tuple[str, ...], str] = {}  # a row's cells: its plain line
    for row in result.rows:
        interval = _interval(row.drop_off_low, row.drop_off_high, lang)
        emotion = "" if row.emotion is None else figures.number(row.emotion, lang)
        cells = (row.touchpoint, row.segment, figures.percent(row.drop_off, lang), interval,
                 figures.number(row.customers, lang), emotion)  # fmt: skip
        felt = ", " + i18n.message("segments.emotion", lang, emotion=emotion) if emotion else ""
        lines[cells] = (
            f"  {row.touchpoint} [{row.segment}]: {cells[2]} ({interval}), "
            f"{i18n.plural('segments.customers', row.customers, lang)}{felt}"
        )
    headings = ("touchpoint", "segment", "drop_off")
    columns = (
        *(i18n.message(f"table.heading.{name}", lang) for name in headings),
        i18n.message("segments.level", lang, level=level),
        *(i18n.message(f"table.heading.{name}", lang) for name in ("customers", "emotion")),
    )
    title = i18n.message("segments.touchpoints", lang, level=level)
    return Table(title, columns, tuple(lines), line=lines.__getitem__)


def _people(number: int) -> str:
    return plural("segments.customers", number)


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
