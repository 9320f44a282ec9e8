r"""``journeykit attribute PATHS.csv``: which channels earn the conversions of a path table.

The file is opened as ``journeykit mine`` opens its events (CSV, TSV or
Parquet, the CSV header read at once so that a bad file is refused with its
name); the counts are read by :func:`journeykit.mining.read_paths`.

The table speaks ``--lang`` (English by default: path tables have no
language), numbers written its way; it is plain text in a pipe, a file or
with ``NO_COLOR``, drawn by rich on a terminal (:mod:`journeykit._tables`).
``--format csv`` and ``json`` are for programs, in no language.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> args = parser.parse_args(["paths.csv", "--model", "markov,last", "--model", "linear"])
>>> _models(args.model)
['markov', 'last', 'linear']
>>> print(_output([attribution([("Ad > Mail", 2, 1, 1500.0)], model="last")], "table", "es"))
Atribución (last): 2 conversiones, valor 1.500
  canal  eliminación   conversiones         valor  proporción
  Mail                            2         1.500      100\xa0%
  Ad                              0             0        0\xa0%
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import attrs

from journeykit import figures, i18n, validators
from journeykit._speech import spoken
from journeykit._tables import Table
from journeykit.analysis._table import words
from journeykit.analysis.attribution import MODELS, Attribution, attribution

__all__ = ["add_arguments", "run"]

_FIELDS = ("model", "channel", "removal_effect", "conversions", "value", "share")
# The text table's columns (by their keys, attribution.*) and the least width of each.
_COLUMNS = {"channel": 0, "removal": 8, "conversions": 12, "value": 12, "share": 7}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``journeykit attribute`` to ``parser``."""
    parser.add_argument("paths", metavar="PATHS", help="a CSV, TSV or Parquet path table")
    parser.add_argument(
        "-m",
        "--model",
        action="append",
        help=f"attribution model, repeatable or a comma list: {', '.join(MODELS)} "
        "(default: markov)",
    )
    parser.add_argument("--order", type=int, default=1, help="Markov order, 1 to 4 (1)")
    parser.add_argument("--half-life", type=float, default=1.0, help="time_decay half-life (1)")
    parser.add_argument("--sep", default=" > ", help="separator of a path's steps (' > ')")
    parser.add_argument(
        "--csv-sep", help="CSV column separator (default: guessed; ChannelAttribution uses ';')"
    )
    parser.add_argument("--path", default="path", help="path column (default: %(default)s)")
    parser.add_argument("--customers", help="customers column")
    parser.add_argument(
        "--conversions", default="total_conversions", help="conversions column (%(default)s)"
    )
    parser.add_argument("--nulls", default="total_null", help="nulls column (%(default)s)")
    parser.add_argument("--value", help="conversion value column (e.g. total_conversion_value)")
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output (table)"
    )
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        help="the language of the table (default: en; path tables have no language)",
    )


def _models(given: list[str] | None) -> list[str]:
    names = [n.strip() for item in given or ["markov"] for n in item.split(",") if n.strip()]
    for name in names:
        validators.check("--model", name, validators.one_of(MODELS))
    return list(dict.fromkeys(names))


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit attribute``; errors are :class:`~journeykit.JourneyError` for the CLI."""
    from journeykit._tables import emit
    from journeykit._terminal import shown as _shown
    from journeykit.cli import _print
    from journeykit.mining._cli import _scan  # the mine command's one way to open a file
    from journeykit.mining._path_table import read_paths

    models = _models(args.model)
    frame = _scan(Path(args.paths), args.csv_sep)
    names = set(frame.collect_schema().names())
    table = read_paths(
        frame,
        path=args.path,
        customers=args.customers,
        conversions=args.conversions if args.conversions in names else None,
        nulls=args.nulls if args.nulls in names else None,
        value=args.value,
        sep=args.sep,
    )
    results = [
        attribution(
            table,
            model=m,  # type: ignore[arg-type]
            order=args.order if m == "markov" else 1,
            half_life=args.half_life,
        )
        for m in models
    ]
    if args.format == "table":
        drawn = lambda: [_filled(table) for table in _tables(results, spoken())]  # noqa: E731
        emit(_shown(_output(results, "table", spoken())), drawn)
    else:
        _print(_shown(_output(results, args.format)))
    return 0


def _output(results: list[Attribution], form: str, lang: str = "en") -> str:
    rows = [
        {
            "model": result.model,
            "channel": row.channel,
            "removal_effect": row.removal_effect,
            "conversions": row.conversions,
            "value": row.value,
            "share": row.share,
        }
        for result in results
        for row in result.rows
    ]
    if form == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False)
    if form == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, _FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    return "\n\n".join(_plain(table) for table in _tables(results, lang))


def _tables(results: list[Attribution], lang: str) -> list[Table]:
    """One table per model: its caption, then a row per channel, its figures written in ``lang``."""
    tables = []
    for result in results:
        rows = tuple(
            (
                r.channel,
                "" if r.removal_effect is None else figures.percent(r.removal_effect, lang),
                figures.number(r.conversions, lang),
                figures.number(r.value, lang),
                figures.percent(r.share, lang),
            )
            for r in result.rows
        )
        columns = tuple(i18n.message(f"attribution.{name}", lang) for name in _COLUMNS)
        widths = [
            max(least, len(column), *(len(row[place]) for row in rows))
            if not place
            else max(least, len(column))
            for place, (column, least) in enumerate(zip(columns, _COLUMNS.values(), strict=True))
        ]
        tables.append(Table(_caption(result, lang), columns, rows, line=_aligned(widths)))
    return tables


def _aligned(widths: list[int]) -> Callable[[tuple[str, ...]], str]:
    """A row as a line: the channel to the left, the figures to the right of their columns."""
    return lambda row: (
        "  "
        + "  ".join(
            f"{cell:<{width}}" if not place else f"{cell:>{width}}"
            for place, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
    )


def _plain(table: Table) -> str:
    """A table as the command writes it: the caption, the column names, a line per row."""
    return "\n".join([table.title, table.line(table.columns), *map(table.line, table.rows)])


def _filled(table: Table) -> Table:
    """The table without the columns no row has a value in (a model that is not Markov's)."""
    kept = [place for place in range(len(table.columns)) if any(r[place] for r in table.rows)]
    return attrs.evolve(
        table,
        columns=tuple(table.columns[place] for place in kept),
        rows=tuple(tuple(row[place] for place in kept) for row in table.rows),
    )


def _caption(result: Attribution, lang: str) -> str:
    """The result's notebook caption, in ``lang`` (a result of paths has no language of its own)."""
    key = f"caption.{result._topic('rows')}"
    names = i18n.placeholders(i18n.message(f"table.{key}", lang))
    return words(key, {name: getattr(result, name) for name in names}, lang)
