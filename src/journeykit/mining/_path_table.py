"""Path tables in: one row per path, its steps joined by a separator, with counts.

This is the export shape of ChannelAttribution and Google Analytics::

    path                          total_conversions  total_null  total_conversion_value
    Search > Email > Direct       12                 30          1440.0

:func:`read_paths` checks such a table and adds up identical paths in the
table's own engine (polars for in-memory tables, DuckDB, Dask... where they
live; with polars, the checks and the sums share one read), and only the
distinct paths come back, to polars, which splits them into steps
(:class:`SplitPaths`, what :func:`~journeykit.mining.from_paths` counts
from) before they become a :class:`PathTable` in Python.

How the counts are read
-----------------------
* ``customers`` (how many took the path): the column, else ``conversions +
  nulls`` when both are given, else one customer per row.
* ``conversions``: the column, else ``customers - nulls`` when ``nulls`` is
  given, else 0. ``nulls`` (how many did not convert): the column, else
  ``customers - conversions``. When all three are given they must agree.
* Counts are whole numbers of at least 0 (whole floats such as ``3.0`` and
  booleans are fine); ``value`` is any finite number, 0 without the column,
  and needs ``conversions`` or ``nulls`` (it is the conversions' value).
* A path is split at every occurrence of ``sep``, exactly as given, and each
  step is stripped of surrounding white space; repeated steps are kept (a
  loop). A step's name cannot hold ``sep`` (it would be split there).
  Null paths, empty paths and empty steps (``"a >  > b"``) are refused.

Errors are :class:`~journeykit.mining.EventDataError` naming the column and
up to five rows at fault (positions from 0 in polars and in-memory tables;
the path text in other lazy engines, which keep no row order).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any

import attrs

from journeykit.mining._columns import EventDataError, _values, first_line, open_table
from journeykit.mining._path_checks import (
    Rule,
    any_fault,
    collect_faults,
    fault_counts,
    refuse,
    rows,
    rules,
    text_faults,
)

if TYPE_CHECKING:
    import narwhals as nw
    import polars as pl

__all__ = ["PathTable", "SplitPaths", "read_paths", "split_paths"]

#: The internal names of the path table's columns, and their roles in messages.
_KEYS = {"p": "path", "n": "customers", "k": "conversions", "v": "value", "u": "nulls"}


@attrs.frozen(kw_only=True)
class PathTable:
    """The distinct paths of a path table, their counts aligned (see :func:`read_paths`).

    Attributes
    ----------
    paths:
        The steps of each distinct path, stripped, in first-seen order (row
        order for polars and in-memory tables, path text order for other
        lazy engines, which keep no row order).
    customers, conversions, nulls:
        How many customers took each path, converted, and did not;
        ``conversions[i] + nulls[i] == customers[i]``.
    value:
        The conversion value of each path (0.0 without a value column).
    path_column, customers_column, conversions_column, value_column, nulls_column:
        The columns the numbers came from (``None``: not given, derived).
    sep:
        The separator the steps were joined by.

    Examples
    --------
    >>> table = PathTable(paths=(("a", "b"),), customers=(3,), conversions=(1,), nulls=(2,),
    ...                   value=(9.5,))
    >>> table.total_customers, table.total_conversions, table.total_value
    (3, 1, 9.5)
    """

    paths: tuple[tuple[str, ...], ...]
    customers: tuple[int, ...]
    conversions: tuple[int, ...]
    nulls: tuple[int, ...]
    value: tuple[float, ...]
    path_column: str = "path"
    customers_column: str | None = None
    conversions_column: str | None = None
    value_column: str | None = None
    nulls_column: str | None = None
    sep: str = " > "

    @property
    def total_customers(self) -> int:
        """How many customers the table counts."""
        return sum(self.customers)

    @property
    def total_conversions(self) -> int:
        """How many of them converted."""
        return sum(self.conversions)

    @property
    def total_value(self) -> float:
        """The value of all the conversions."""
        return float(sum(self.value))


@attrs.frozen(kw_only=True)
class SplitPaths:
    """The distinct path texts of a checked path table, split, still in polars.

    ``frame`` has ``steps`` (lists of stripped steps, none empty), ``n``,
    ``k``, ``u`` (Int64) and ``v`` (Float64), a row per distinct text in the
    order of :attr:`PathTable.paths`, or in none with ``ordered=False`` (texts
    that differ only in white space around steps are still apart); ``used``
    maps the roles (``p``, ``n``, ``k``, ``v``, ``u``) to the columns given.
    """

    frame: pl.DataFrame
    used: dict[str, str]
    sep: str

    @property
    def total_conversions(self) -> int:
        """How many customers converted."""
        return int(self.frame.get_column("k").sum())

    @property
    def total_value(self) -> float:
        """The value of all the conversions (``math.fsum``: the same in any row order)."""
        value = self.frame.get_column("v")
        return math.fsum(value.filter(value != 0).to_list())  # most paths convert nothing

    def table(self) -> PathTable:
        """Merge the paths whose steps are equal, and bring them to Python."""
        import polars as pl

        merged = self.frame.group_by("steps", maintain_order=True).agg(
            pl.col("n", "k", "u", "v").sum()
        )
        steps = merged.get_column("steps")
        # One flat list sliced is far cheaper than a list of lists from polars.
        flat = iter(steps.explode().to_list())
        counts = {key: tuple(merged.get_column(key).to_list()) for key in ("n", "k", "u", "v")}
        return PathTable(
            paths=tuple(tuple(islice(flat, length)) for length in steps.list.len().to_list()),
            customers=counts["n"],
            conversions=counts["k"],
            nulls=counts["u"],
            value=counts["v"],
            path_column=self.used["p"],
            customers_column=self.used.get("n"),
            conversions_column=self.used.get("k"),
            value_column=self.used.get("v"),
            nulls_column=self.used.get("u"),
            sep=self.sep,
        )


def read_paths(  # noqa: PLR0913 (the design's keyword-only column names)
    frame: object,
    *,
    path: str = "path",
    customers: str | None = None,
    conversions: str | None = None,
    value: str | None = None,
    nulls: str | None = None,
    sep: str = " > ",
) -> PathTable:
    """Read a path table: check it, add up identical paths, split them into steps.

    Parameters
    ----------
    frame:
        The table, one row per path: pandas, polars (eager or lazy), pyarrow,
        DuckDB, Dask, anything narwhals reads.
    path:
        The column of paths, steps joined by ``sep``.
    customers, conversions, nulls:
        Columns of how many customers took the path, how many converted and
        how many did not (see the module docstring for what is derived when
        one is missing).
    value:
        The column of the conversions' value.
    sep:
        The separator between steps, matched exactly.

    Returns
    -------
    PathTable
        The distinct paths (identical ones, after stripping, added up).

    Raises
    ------
    EventDataError
        For a missing column (the message lists those there are), a path
        column that is not text, null cells, empty paths or steps, counts
        that are negative, fractional or disagree, naming the column and up
        to five rows.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"path": ["Search > Email", "Search > Email", "Ads"],
    ...                       "conv": [1, 2, 0], "null": [3, 0, 5]})
    >>> table = read_paths(frame, conversions="conv", nulls="null")
    >>> table.paths, table.customers, table.conversions, table.nulls
    ((('Search', 'Email'), ('Ads',)), (6, 5), (3, 0), (3, 5))
    >>> read_paths(frame, path="paths")
    Traceback (most recent call last):
    ...
    journeykit.mining.EventDataError: column 'paths': no such column (the path column); \
the table has: 'path', 'conv', 'null'
    """
    given = {"p": path, "n": customers, "k": conversions, "v": value, "u": nulls}
    return split_paths(frame, given, sep).table()


def split_paths(
    frame: object, given: Mapping[str, str | None], sep: str, *, ordered: bool = True
) -> SplitPaths:
    """Check a path table, add up identical texts and split them, all in the engine.

    :func:`read_paths` but for its last step, the paths made Python tuples:
    what :func:`~journeykit.mining.from_paths` counts from. ``given`` maps
    the roles (``p``, ``n``, ``k``, ``v``, ``u``: path, customers,
    conversions, value, nulls) to their columns, None where not given.
    ``ordered=False`` leaves the distinct texts in no particular order, for
    a caller whose counts do not depend on it (:func:`~journeykit.mining.from_paths`):
    keeping each text's first row costs as much as adding the texts up.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame({"path": ["a > b", "a >b", " a > b"]})
    >>> split = split_paths(frame, {"p": "path"}, " > ")
    >>> split.frame.get_column("steps").to_list()
    [['a', 'b'], ['a >b'], ['a', 'b']]
    >>> split.table().paths, split.table().customers
    ((('a', 'b'), ('a >b',)), (2, 1))
    """
    used = {key: name for key, name in given.items() if name is not None}
    import narwhals as nw

    _check_arguments(used, sep)
    lazy, schema, eager = open_table(frame, used)
    # Polars keeps row order even when lazy (a scanned file): its rows can be numbered.
    eager = eager or lazy.implementation is nw.Implementation.POLARS
    renamed = _typed(lazy, schema, used, eager=eager)
    order = ("_row" if eager else "p") if ordered else None
    distinct = _checked_sums(renamed, rules(schema, used), eager=eager, order=order, sep=sep)
    return _no_empty_steps(distinct, renamed, used, sep, eager=eager)


def _check_arguments(used: dict[str, str], sep: str) -> None:
    for key, name in used.items():
        if not isinstance(name, str) or not name:
            raise EventDataError(f"{_KEYS[key]} must be a column name, got {name!r}")
    if not isinstance(sep, str) or not sep:
        raise EventDataError(f"sep must be a non-empty text, got {sep!r}")
    if "v" in used and "k" not in used and "u" not in used:
        raise EventDataError(
            "value is the conversions' value: name the conversions (or nulls) column too",
            column=used["v"],
        )


def _typed(
    lazy: nw.LazyFrame[Any], schema: Any, used: dict[str, str], *, eager: bool
) -> nw.LazyFrame[Any]:
    """Select the columns under internal names, with the counts a user left out derived."""
    import narwhals as nw

    p_type = schema[used["p"]]
    if p_type in (nw.Categorical, nw.Enum):
        p_type = nw.String
    if p_type != nw.String:
        raise EventDataError(
            f"must hold text (steps joined by a separator), got {schema[used['p']]}",
            column=used["p"],
        )
    for key in ("n", "k", "u", "v"):
        if key in used:
            dtype = schema[used[key]]
            if not (dtype.is_numeric() or (key != "v" and dtype == nw.Boolean)):
                raise EventDataError(f"must hold numbers, got {dtype}", column=used[key])
    # Eager input became polars, which keeps row positions for the messages.
    source = nw.from_native(lazy.to_native().with_row_index("_row")) if eager else lazy
    out = source.select(
        nw.col(used["p"]).cast(nw.String).alias("p"),
        *(
            nw.col(name).cast(nw.Int64 if schema[name] == nw.Boolean else schema[name]).alias(key)
            for key, name in used.items()
            if key != "p"
        ),
        *([nw.col("_row")] if eager else []),
    )
    if "n" not in used:
        n = nw.col("k") + nw.col("u") if "k" in used and "u" in used else nw.lit(1)
        out = out.with_columns(n.alias("n"))
    if "k" not in used:
        k = nw.col("n") - nw.col("u") if "u" in used else nw.lit(0)
        out = out.with_columns(k.alias("k"))
    if "u" not in used:
        out = out.with_columns((nw.col("n") - nw.col("k")).alias("u"))
    if "v" not in used:
        out = out.with_columns(nw.lit(0.0).alias("v"))
    return out


def _checked_sums(
    frame: nw.LazyFrame[Any], checked: list[Rule], *, eager: bool, order: str | None, sep: str
) -> pl.DataFrame:
    """Check every rule, add up identical path texts and split them; in polars in one run.

    ``order``: the column the distinct texts are sorted by (``_row``, their
    first row; ``p``, the text), or None for none. With polars the split
    runs in the query, on every core, as the sums come out.
    """
    import narwhals as nw

    every, first = fault_counts(frame, checked), order == "_row"
    if frame.implementation is not nw.Implementation.POLARS:
        refuse(frame, checked, collect_faults(every), eager=eager)
        return _split(_collect_sums(_sums(frame, first=first)).lazy(), order, sep).collect()
    # The row rules are tested as the texts are added up (one read of the table, nothing
    # kept whole between two queries), the text rules on the distinct texts, a fraction
    # of the rows; the faults are counted only when there are some.
    faulty = any_fault(rule for rule in checked if not rule.text)
    sums = _sums(frame, first=first, faulty=faulty)
    try:
        collected = _split(sums.to_native(), order, sep).collect()
    except Exception:  # the engine's own, whichever error: a fault may explain it
        # A cast the faults explain (a NaN count, say): name them, else say what failed.
        refuse(frame, checked, collect_faults(every), eager=eager)
        return _split(_collect_sums(sums).lazy(), order, sep).collect()
    if collected.get_column("faulty").any() or text_faults(collected, checked):
        refuse(frame, checked, collect_faults(every), eager=eager)
    return collected


def _sums(
    frame: nw.LazyFrame[Any], *, first: bool, faulty: nw.Expr | None = None
) -> nw.LazyFrame[Any]:
    """The identical path texts added up (with the first row of each, if ``first``).

    With ``faulty``, a row test, each text also says whether one of its rows passes it.
    """
    import narwhals as nw

    # Casts before the group-by: Dask takes elementary aggregations only.
    typed = frame.with_columns(
        *(nw.col(key).cast(nw.Int64) for key in ("n", "k", "u")),
        nw.col("v").cast(nw.Float64),
        *([faulty.alias("faulty")] if faulty is not None else []),
    )
    rows = [nw.col("_row").min()] if first else []
    flags = [nw.col("faulty").any()] if faulty is not None else []
    return typed.group_by("p").agg(nw.col("n", "k", "u", "v").sum(), *rows, *flags)


def _collect_sums(query: nw.LazyFrame[Any]) -> pl.DataFrame:
    import polars as pl

    try:
        collected: Any = pl.from_arrow(query.collect().to_arrow())
    except Exception as error:  # the engine's own, whichever engine it is
        raise EventDataError(
            f"the engine could not add up the paths: {first_line(error)}"
        ) from None
    return collected  # type: ignore[no-any-return]


def _split(distinct: pl.LazyFrame, order: str | None, sep: str) -> pl.LazyFrame:
    """The distinct paths typed and split into stripped ``steps``, sorted by ``order`` if given."""
    import polars as pl

    steps = pl.col("p").str.split(sep, literal=True).list.eval(pl.element().str.strip_chars())
    # An engine's sums may be wider (DuckDB's are decimals).
    typed = distinct.with_columns(
        pl.col("n", "k", "u").cast(pl.Int64), pl.col("v").cast(pl.Float64), steps.alias("steps")
    )
    return typed if order is None else typed.sort(order)


def _no_empty_steps(
    distinct: pl.DataFrame, frame: nw.LazyFrame[Any], used: dict[str, str], sep: str, *, eager: bool
) -> SplitPaths:
    """The split paths, refusing those with an empty step."""
    import narwhals as nw
    import polars as pl

    blank = distinct.filter(pl.col("steps").list.contains(""))
    if blank.height:
        raise EventDataError(
            f"has {_values(blank.height, 'distinct ')} with an empty step (two separators "
            f"{sep!r} with nothing between, or one at an end): every step needs a name",
            column=used["p"],
            rows=rows(frame, nw.col("p").is_in(blank.get_column("p").to_list()), eager=eager),
        )
    return SplitPaths(frame=distinct.select("steps", "n", "k", "u", "v"), used=used, sep=sep)
