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
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from journeykit import figures
from journeykit.errors import FormatError
from journeykit.mining._columns import EventDataError, first_line

if TYPE_CHECKING:
    import polars as pl

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
    from journeykit.cli import simplifying  # the command line's one reading of the two sliders

    simplifying(parser, "keep")
    parser.add_argument(
        "--title", default="Observed journey", help="journey title (default: %(default)s)"
    )
    parser.add_argument(
        "--top", type=int, default=5, help="variants to list in the summary (default: %(default)s)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print no progress and no summary"
    )


def _scan(path: Path) -> pl.LazyFrame:
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
        separator = "\t" if suffix == ".tsv" else ","
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


@contextmanager
def _ticking(stream: TextIO | None, label: str, *, enabled: bool) -> Iterator[None]:
    """Show the elapsed time on one line of ``stream`` while the body runs.

    The last line says how the body ended: ``done in``, ``interrupted after``
    (Ctrl-C, or a signal that stops the command) or ``failed after`` (the
    error follows on its own line). The label's control characters are shown
    escaped. Nothing is shown without a stream (standard error closed).
    """
    if not enabled or stream is None:
        yield
        return
    from journeykit.cli import _one_line  # the command line's one way to print text safely

    label = _one_line(label)
    done = threading.Event()
    start = time.monotonic()
    live = stream.isatty()

    def tick() -> None:
        every = 0.5 if live else 10.0
        while not done.wait(every):
            elapsed = time.monotonic() - start
            stream.write(
                f"\r{label}... {elapsed:.0f} s" if live else f"{label}... {elapsed:.0f} s\n"
            )
            stream.flush()

    thread = threading.Thread(target=tick, daemon=True)
    stream.write(f"{label}...")
    stream.write("" if live else "\n")
    stream.flush()
    thread.start()
    ending = "done in"
    try:
        yield
    except KeyboardInterrupt:
        ending = "interrupted after"
        raise
    except BaseException:
        ending = "failed after"
        raise
    finally:
        done.set()
        thread.join()
        with suppress(OSError, ValueError):  # standard error gone: nothing left to tell
            stream.write(f"\r{label}: {ending} {time.monotonic() - start:.1f} s\n")
            stream.flush()


def _summary(found: Discovery, journey: Journey, top: int) -> str:
    from journeykit.analysis import folded

    lines = [
        f"{journey.metadata['events']} events of {journey.metadata['customers']} customers",
        f"{figures.size(journey)}, {len(found.variants)} variants",
    ]
    record = folded(journey)
    if record is not None:
        lines.append(
            f"simplified: {record.touchpoints} touchpoints and {record.transitions} ways folded, "
            f"{figures.percent(record.share or 0)} of {figures.number(record.of_moves)} moves"
        )
    busiest = sorted(journey.touchpoints, key=lambda t: (-t.metrics["traffic"], t.id))[:top]
    if busiest:
        lines.append(
            "busiest touchpoints: "
            + ", ".join(f"{t.id} ({t.metrics['traffic']:g})" for t in busiest)
        )
    for rank, variant in enumerate(found.variants[:top], 1):
        path = " > ".join(variant.path)
        lines.append(
            f"  variant {rank}: {variant.customers} customers ({variant.share:.1%}): {path}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit mine``: read, mine, write the journey, print a summary.

    Errors are :class:`~journeykit.JourneyError` subclasses, for the CLI to
    print; the return value is the exit status (0).
    """
    from journeykit.formats.files import dump
    from journeykit.mining import discover

    source = Path(args.events)
    output = Path(args.output)
    if output.suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise FormatError("the journey file must end in .yaml, .yml or .json", source=str(output))
    frame = _scan(source)
    with _ticking(sys.stderr, f"mining {source.name}", enabled=not args.quiet):
        found = discover(
            frame,
            customer=args.customer,
            touchpoint=args.touchpoint,
            timestamp=args.timestamp,
            stage=args.stage,
            channel=args.channel,
            emotion=args.emotion,
            min_share=args.min_share,
            tie_break=args.tie_break,
            timestamp_format=args.timestamp_format,
            title=args.title,
        )
    journey = found.journey
    asked = {k: v for k in ("touchpoints", "transitions") if (v := getattr(args, k)) is not None}
    if asked:
        from journeykit.analysis import simplify

        journey = simplify(journey, **asked)
    dump(journey, output)
    if not args.quiet:
        from journeykit.cli import _shown  # the command line's one way to print text safely

        print(_shown(_summary(found, journey, args.top)), file=sys.stderr)
        print(_shown(f"wrote {output}"), file=sys.stderr)
    return 0
