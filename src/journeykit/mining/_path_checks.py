"""The rules a path table's rows keep, and the errors that name the rows breaking them.

:func:`rules` lists them in the order they are reported (the path column's
first, then each count's); :func:`fault_counts` counts the rows breaking
each in one engine query and :func:`refuse` raises the first broken, naming
up to five rows; :func:`any_fault` tests a row against many at once, in a
query that does something else too. A rule on the path text alone (null, empty) is a ``text``
rule: it holds for a row exactly when it holds for the row's distinct text,
so :func:`text_faults` can test it on the distinct texts, a fraction of the
rows, once they are added up (see :mod:`journeykit.mining._path_table`).

Examples
--------
>>> import narwhals as nw, polars as pl
>>> frame = nw.from_native(pl.LazyFrame({"p": ["a", " "], "n": [1, -1]}))
>>> found = rules({"path": nw.String(), "count": nw.Int64()}, {"p": "path", "n": "count"})
>>> [(rule.column, rule.kind, rule.text) for rule in found][:3]
[('path', 'null ', True), ('path', 'empty ', True), ('count', 'null ', False)]
>>> refuse(frame, found, collect_faults(fault_counts(frame, found)), eager=False)
Traceback (most recent call last):
...
journeykit.mining.EventDataError: column 'path': has 1 empty value: a path needs a step \
(rows path=' ')
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, Any, NamedTuple

from journeykit.mining._columns import SHOWN_ROWS, EventDataError, _values, first_line

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import narwhals as nw
    import polars as pl

__all__ = [
    "Rule",
    "any_fault",
    "collect_faults",
    "fault_counts",
    "refuse",
    "rows",
    "rules",
    "text_faults",
]


class Rule(NamedTuple):
    """What makes a row faulty: its column, the kind of value and why, as said; the test."""

    column: str
    kind: str
    why: str
    test: nw.Expr
    text: bool = False  # on the path text alone: as true of its distinct text


def rules(schema: Any, used: dict[str, str]) -> list[Rule]:
    """What makes a row faulty, in the order reported."""
    import narwhals as nw

    p = nw.col("p")
    found = [
        Rule(used["p"], "null ", "", p.is_null(), text=True),
        Rule(used["p"], "empty ", ": a path needs a step", p.str.strip_chars() == "", text=True),
    ]
    whole = ": a count is a whole number of at least 0"
    for key in ("n", "k", "u", "v"):
        if key not in used:
            continue
        name, column = used[key], nw.col(key)
        found.append(Rule(name, "null ", "", column.is_null()))
        if schema[name].is_float():
            found.append(Rule(name, "NaN or infinite ", "", ~column.is_finite()))
        if key != "v":
            found.append(Rule(name, "negative ", whole, column < 0))
            if schema[name].is_float():
                found.append(Rule(name, "fractional ", whole, column.round(0) != column))
    k, u, n = nw.col("k"), nw.col("u"), nw.col("n")
    customers = f"the customers column {used['n']!r}" if "n" in used else "one customer per row"
    if "k" in used and "u" in used and "n" in used:
        found.append(Rule(used["u"], "", " other than customers - conversions", k + u != n))
    elif "k" in used:
        found.append(Rule(used["k"], "", f" above the customers ({customers})", k > n))
    elif "u" in used:
        found.append(Rule(used["u"], "", f" above the customers ({customers})", u > n))
    return found


def fault_counts(frame: nw.LazyFrame[Any], checked: Sequence[Rule]) -> nw.LazyFrame[Any]:
    """How many rows break each rule, in one row."""
    import narwhals as nw

    return frame.select(
        *(
            rule.test.fill_null(False).cast(nw.Int64).sum().alias(f"r{i}")
            for i, rule in enumerate(checked)
        )
    )


def any_fault(checked: Iterable[Rule]) -> nw.Expr:
    """Whether a row breaks one of ``checked`` (never, for none)."""
    import narwhals as nw

    tests = (rule.test.fill_null(False) for rule in checked)
    return functools.reduce(operator.or_, tests, nw.lit(False))


def text_faults(distinct: pl.DataFrame, checked: Sequence[Rule]) -> bool:
    """Whether a distinct text (column ``p``) breaks one of the text rules."""
    import narwhals as nw

    tests = [
        rule.test.fill_null(False).any().alias(f"r{i}")
        for i, rule in enumerate(checked)
        if rule.text
    ]
    return bool(tests) and any(nw.from_native(distinct).select(*tests).row(0))


def collect_faults(counts: nw.LazyFrame[Any]) -> tuple[Any, ...]:
    """Run :func:`fault_counts`' query, saying what the engine could not read."""
    try:
        return tuple(counts.collect().rows()[0])
    except Exception as error:  # the engine's own, whichever engine it is
        raise EventDataError(f"the engine could not read the table: {first_line(error)}") from None


def refuse(
    frame: nw.LazyFrame[Any], checked: Sequence[Rule], found: Sequence[Any], *, eager: bool
) -> None:
    """Refuse the first rule broken, naming its rows."""
    for rule, bad in zip(checked, found, strict=True):
        if bad:
            raise EventDataError(
                f"has {_values(bad, rule.kind)}{rule.why}",
                column=rule.column,
                rows=rows(frame, rule.test, eager=eager),
            )


def rows(frame: nw.LazyFrame[Any], bad: nw.Expr, *, eager: bool) -> tuple[Any, ...]:
    """Name up to five faulty rows: positions, or the path text in lazy engines."""
    import narwhals as nw

    faulty = frame.filter(bad.fill_null(False))
    if eager:
        found = faulty.select("_row").sort("_row").head(SHOWN_ROWS).collect()
        return tuple(int(r) for r in found.get_column("_row").to_list())
    # Lazy engines keep no row order: show the same paths every run.
    found = faulty.select(nw.col("p")).sort("p", nulls_last=True).head(SHOWN_ROWS).collect("polars")
    return tuple(f"path={p!r:.80}" for p in found.get_column("p").to_list())
