"""``journeykit attribute PATHS.csv``: which channels earn the conversions of a path table.

The file is opened as ``journeykit mine`` opens its events (CSV, TSV or
Parquet, the CSV header read at once so that a bad file is refused with its
name); the counts are read by :func:`journeykit.mining.read_paths`.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> args = parser.parse_args(["paths.csv", "--model", "markov,last", "--model", "linear"])
>>> _models(args.model)
['markov', 'last', 'linear']
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

from journeykit import figures, validators
from journeykit.analysis.attribution import MODELS, Attribution, attribution

__all__ = ["add_arguments", "run"]

_FIELDS = ("model", "channel", "removal_effect", "conversions", "value", "share")


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


def _models(given: list[str] | None) -> list[str]:
    names = [n.strip() for item in given or ["markov"] for n in item.split(",") if n.strip()]
    for name in names:
        validators.check("--model", name, validators.one_of(MODELS))
    return list(dict.fromkeys(names))


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit attribute``; errors are :class:`~journeykit.JourneyError` for the CLI."""
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
    _print(_shown(_output(results, args.format)))
    return 0


def _output(results: list[Attribution], form: str) -> str:
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
    blocks = []
    for result in results:
        lines = [result._caption("rows")]
        width = max([len("channel"), *(len(r.channel) for r in result.rows)])
        lines.append(
            f"  {'channel':<{width}}  {'removal':>8}  {'conversions':>12}  "
            f"{'value':>12}  {'share':>7}"
        )
        for r in result.rows:
            effect = "" if r.removal_effect is None else figures.percent(r.removal_effect)
            lines.append(
                f"  {r.channel:<{width}}  {effect:>8}  {figures.number(r.conversions):>12}  "
                f"{figures.number(r.value):>12}  {figures.percent(r.share):>7}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
