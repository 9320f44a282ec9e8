r"""``journeykit mine EVENTS -o journey.yaml``: mine a journey from a CSV or Parquet file.

The CLI engineer wires this into ``journeykit.cli``: :func:`add_arguments`
builds the subcommand's options and :func:`run` runs it. While the engine
works, a line on stderr says how long it has been running; at the end a
summary says what was found.

Examples
--------
>>> import argparse, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> rows = ["customer_id,event,ts", "1,Ad,2024-05-01 10:00", "1,Buy,2024-05-01 10:07"]
>>> _ = (folder / "events.csv").write_text("\n".join(rows) + "\n")
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> args = parser.parse_args([str(folder / "events.csv"), "-o", str(folder / "map.yaml"), "-q"])
>>> run(args)
0
>>> import journeykit as jk
>>> jk.load(folder / "map.yaml").main_path
('ad', 'buy')
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from journeykit import figures, i18n
from journeykit._sliders import simplifying
from journeykit._speech import plural, say, spoken
from journeykit.errors import FormatError
from journeykit.mining._columns import EventDataError, first_line

if TYPE_CHECKING:
    import polars as pl

    from journeykit._progress import Progress
    from journeykit.mining import Discovery
    from journeykit.model import Journey

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``journeykit mine`` to ``parser``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> parser.parse_args(["events.parquet", "-o", "map.yaml"]).touchpoint
    'event'
    """
    parser.add_argument(
        "events", metavar="EVENTS", help="a CSV or Parquet file of events, one a row"
    )
    parser.add_argument(
        "-o", "--output", required=True, help="the journey file to write (.yaml, .yml or .json)"
    )
    parser.add_argument(
        "--customer", default="customer_id", help="customer id column (default: %(default)s)"
    )
    parser.add_argument(
        "--touchpoint", default="event", help="activity column (default: %(default)s)"
    )
    parser.add_argument("--timestamp", default="ts", help="time column (default: %(default)s)")
    parser.add_argument(
        "--timestamp-format", help="strftime format of text times (default: ISO 8601)"
    )
    parser.add_argument("--tie-break", help="column ordering events with the same time")
    parser.add_argument("--stage", help="stage column")
    parser.add_argument("--channel", help="channel column")
    parser.add_argument("--emotion", help="emotion column (scores from -2 to 2)")
    parser.add_argument(
        "--min-share",
        type=float,
        default=0.0,
        help="fold moves taken by less than this share of visits (default: %(default)s)",
    )
    simplifying(parser, "keep")
    parser.add_argument("--title", help="journey title (default: 'Observed journey', in --lang)")
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        help="the language of the summary and of the journey written (default: en)",
    )
    parser.add_argument(
        "--top", type=int, default=5, help="variants to list in the summary (default: %(default)s)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print no progress and no summary"
    )
    paths = parser.add_argument_group(
        "path tables", "with --paths, EVENTS is a path table: one row per path, with counts"
    )
    paths.add_argument(
        "--paths", action="store_true", help="the file is a path table (ChannelAttribution, GA)"
    )
    paths.add_argument(
        "--path-column", default="path", help="column of paths (default: %(default)s)"
    )
    paths.add_argument("--sep", default=" > ", help="separator of steps (default: '%(default)s')")
    paths.add_argument("--customers", help="column of customers per path (default: 1 per row)")
    paths.add_argument("--conversions", help="column of conversions per path")
    paths.add_argument("--nulls", help="column of customers who did not convert")
    paths.add_argument("--value", help="column of the conversions' value")
    parser.add_argument(
        "--delimiter",
        "--csv-sep",
        help="CSV field separator (default: tab for .tsv, else the one of , ; | tab "
        "found most in the header line)",
    )


def _delimiter(path: Path) -> str:
    """The CSV field separator found most in the header line (a comma when none is)."""
    with path.open(encoding="utf-8", errors="replace") as stream:
        header = stream.readline()
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _scan(path: Path, delimiter: str | None = None) -> pl.LazyFrame:
    """Open the events lazily: polars reads only the columns the mining uses.

    The CSV header or the Parquet footer is read at once, so that an empty,
    truncated or corrupt file is refused here, with its name.

    Raises
    ------
    FormatError
        When there is no such file, it is no regular file (a folder, a FIFO,
        a device), or its suffix is none of ``.csv``, ``.tsv``, ``.txt``,
        ``.parquet`` and ``.pq``.
    EventDataError
        When the file cannot be read as CSV or Parquet.
    """
    import polars as pl

    suffix = path.suffix.lower()
    if not path.exists():
        raise FormatError("no such file", source=str(path))
    if not path.is_file():
        raise FormatError("not a regular file: give a CSV or Parquet file", source=str(path))
    if suffix in {".parquet", ".pq"}:
        kind, frame = "Parquet", pl.scan_parquet(path)
    elif suffix in {".csv", ".txt", ".tsv"}:
        separator = delimiter or ("\t" if suffix == ".tsv" else _delimiter(path))
        if len(separator.encode()) != 1:
            raise FormatError(
                f"the CSV field separator must be one character, got {separator!r}",
                source=str(path),
            )
        kind, frame = "CSV", pl.scan_csv(path, separator=separator, try_parse_dates=True)
    else:
        raise FormatError(
            f"cannot read {suffix or 'files without a suffix'}; use .csv, .tsv or .parquet",
            source=str(path),
        )
    try:
        frame.collect_schema()
    except pl.exceptions.NoDataError:
        raise EventDataError(
            f"{path}: the file is empty: a CSV of events needs a header row of column names, "
            "then one row per event"
        ) from None
    except Exception as error:  # polars' own, or the system's (a file it may not read...)
        raise EventDataError(f"{path}: cannot be read as {kind}: {first_line(error)}") from None
    return frame


def _summary(found: Discovery, journey: Journey, top: int) -> str:
    from journeykit.analysis import folded

    lang = spoken()
    lines = [
        _counted(journey.metadata),
        f"{figures.size(journey, lang)}, {plural('cli.mine.variants', len(found.variants))}",
    ]
    record = folded(journey)
    if record is not None:
        lines.append(
            say(
                "cli.mine.simplified",
                touchpoints=record.touchpoints,
                ways=record.transitions,
                share=figures.percent(record.share or 0, lang),
                moves=record.of_moves,
            )
        )
    busiest = sorted(journey.touchpoints, key=lambda t: (-t.metrics["traffic"], t.id))[:top]
    if busiest:
        traffic = [f"{t.id} ({figures.number(t.metrics['traffic'], lang)})" for t in busiest]
        listed = ", ".join(traffic)
        lines.append(say("cli.mine.busiest", touchpoints=listed))
    for rank, variant in enumerate(found.variants[:top], 1):
        lines.append(
            say(
                "cli.mine.variant",
                rank=rank,
                customers=plural("cli.mine.customers", variant.customers),
                share=figures.percent(variant.share, lang, decimals=1),
                path=" > ".join(variant.path),
            )
        )
    return "\n".join(lines)


def _counted(metadata: Mapping[str, Any]) -> str:
    """The events and customers a mined journey was built from, in the language spoken."""
    return say(
        "cli.mine.of",
        events=plural("cli.mine.events", metadata["events"]),
        customers=plural("cli.mine.customers", metadata["customers"]),
    )


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit mine``: read, mine, write the journey, print a summary.

    Errors are :class:`~journeykit.JourneyError` subclasses, for the CLI to
    print; the return value is the exit status (0).
    """
    from journeykit._progress import working
    from journeykit.formats.files import dump
    from journeykit.mining import discover

    source = Path(args.events)
    output = Path(args.output)
    if output.suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise FormatError("the journey file must end in .yaml, .yml or .json", source=str(output))
    frame = _scan(source, args.delimiter)  # a bad file is one error line, before any progress
    if args.paths:
        return _run_paths(args, frame, source, output)
    with working(sys.stderr, f"mining {source.name}", enabled=not args.quiet) as progress:
        found = discover(frame, **event_options(args), progress=progress.engine)
        journey = _in_language(_simplified(found.journey, args, progress), args)
    dump(journey, output)
    _summarise(output, args, lambda: _summary(found, journey, args.top))
    return 0


def event_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options of :func:`~journeykit.mining.from_events` that ``mine``'s arguments give."""
    names = ("customer", "touchpoint", "timestamp", "stage", "channel", "emotion", "min_share")
    return {
        **{name: getattr(args, name) for name in names},
        "tie_break": args.tie_break,
        "timestamp_format": args.timestamp_format,
        "title": _title(args),
    }


def _title(args: argparse.Namespace) -> str:
    return str(args.title) if args.title is not None else say("cli.mine.title")


def _in_language(journey: Journey, args: argparse.Namespace) -> Journey:
    """The journey in ``--lang``, so that it is drawn in the language it was mined in."""
    return journey if args.lang is None else attrs.evolve(journey, lang=args.lang)


def path_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options of :func:`~journeykit.mining.from_paths` that ``mine --paths`` gives."""
    names = ("customers", "conversions", "value", "nulls", "sep", "min_share")
    return {
        "path": args.path_column,
        "title": _title(args),
        **{name: getattr(args, name) for name in names},
    }


def _run_paths(args: argparse.Namespace, frame: pl.LazyFrame, source: Path, output: Path) -> int:
    """Run ``journeykit mine --paths``: the file is a path table."""
    from journeykit._progress import working
    from journeykit.formats.files import dump
    from journeykit.mining import from_paths

    with working(sys.stderr, f"mining {source.name}", enabled=not args.quiet) as progress:
        found = from_paths(frame, **path_options(args), progress=progress.engine)
        journey = _in_language(_simplified(found, args, progress), args)
    dump(journey, output)

    def summary() -> str:
        converted = plural("cli.mine.conversions", found.metadata["conversions"])
        return f"{_counted(found.metadata)}, {converted}\n{figures.size(journey, spoken())}"

    _summarise(output, args, summary)
    return 0


def _simplified(
    journey: Journey, args: argparse.Namespace, progress: Progress | None = None
) -> Journey:
    asked = {k: v for k in ("touchpoints", "transitions") if (v := getattr(args, k)) is not None}
    if not asked:
        return journey
    if progress is not None:
        progress.phase("simplifying")
    from journeykit.analysis import simplify

    return simplify(journey, **asked)


def _summarise(output: Path, args: argparse.Namespace, summary: Callable[[], str]) -> None:
    if not args.quiet:
        from journeykit._terminal import shown as _shown

        print(_shown(summary()), file=sys.stderr)
        print(_shown(say("cli.mine.wrote", file=output)), file=sys.stderr)
