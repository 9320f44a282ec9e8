"""``read_paths`` refuses bad path tables clearly: the column, what is wrong, the rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest

from journeykit import mining
from journeykit.mining import EventDataError, read_paths


def table(**columns: list[Any]) -> pl.DataFrame:
    return pl.DataFrame({"path": ["a > b", "b", "a", "c > a"], **columns}, strict=False)


@pytest.mark.parametrize(
    ("frame", "options", "message"),
    [
        (
            table(n=[1, -2, 3, -1]),
            {"customers": "n"},
            r"column 'n': has 2 negative values: a count is a whole number of at least 0 \(rows 1, 3\)",
        ),
        (
            table(n=[1.0, 2.5, 3.0, 1.0]),
            {"customers": "n"},
            r"column 'n': has 1 fractional value: a count .* \(rows 1\)",
        ),
        (
            table(n=[1.0, float("nan"), 3.0, 1.0]),
            {"customers": "n"},
            r"column 'n': has 1 NaN or infinite value \(rows 1\)",
        ),
        (
            table(n=[1, None, 3, None]),
            {"customers": "n"},
            r"column 'n': has 2 null values \(rows 1, 3\)",
        ),
        (
            table(n=[1, 1, 3, 1], k=[2, 0, 4, 0]),
            {"customers": "n", "conversions": "k"},
            r"column 'k': has 2 values above the customers \(the customers column 'n'\) \(rows 0, 2\)",
        ),
        (
            table(k=[0, 2, 1, 0]),
            {"conversions": "k"},
            r"column 'k': has 1 value above the customers \(one customer per row\) \(rows 1\)",
        ),
        (
            table(n=[3, 1, 1, 1], u=[4, 0, 0, 0]),
            {"customers": "n", "nulls": "u"},
            r"column 'u': has 1 value above the customers .* \(rows 0\)",
        ),
        (
            table(n=[3, 1, 1, 1], k=[1, 0, 0, 0], u=[1, 1, 1, 1]),
            {"customers": "n", "conversions": "k", "nulls": "u"},
            r"column 'u': has 1 value other than customers - conversions \(rows 0\)",
        ),
        (
            table(k=[1, 0, 0, 0], v=[1.0, float("inf"), 0.0, 0.0]),
            {"conversions": "k", "value": "v"},
            r"column 'v': has 1 NaN or infinite value \(rows 1\)",
        ),
        (
            pl.DataFrame({"path": ["a", None, "b", None]}),
            {},
            r"column 'path': has 2 null values \(rows 1, 3\)",
        ),
        (
            pl.DataFrame({"path": ["a", "  ", "", "b"]}),
            {},
            r"column 'path': has 2 empty values: a path needs a step \(rows 1, 2\)",
        ),
        (
            pl.DataFrame({"path": ["a >  > b", "a", "a > b > ", "a >  > b"]}),
            {},
            r"column 'path': has 2 distinct values with an empty step .* \(rows 0, 2, 3\)",
        ),
        (
            pl.DataFrame({"path": [1, 2]}),
            {},
            r"column 'path': must hold text \(steps joined by a separator\), got Int64",
        ),
        (
            table(n=["1", "2", "3", "4"]),
            {"customers": "n"},
            r"column 'n': must hold numbers, got String",
        ),
        (
            table(n=[1, 2, 3, 4]),
            {"customers": "count"},
            r"column 'count': no such column \(the customers column\); the table has: 'path', 'n'",
        ),
        (
            table(n=[1, 2, 3, 4]),
            {"customers": "n", "conversions": "n"},
            r"column 'n': one column is given for two roles: customers and conversions",
        ),
        (
            table(v=[1.0, 2.0, 3.0, 4.0]),
            {"value": "v"},
            r"column 'v': value is the conversions' value: name the conversions",
        ),
        (table(), {"sep": ""}, r"sep must be a non-empty text, got ''"),
        ([1, 2], {}, r"expected an event table"),
    ],
)
@pytest.mark.parametrize("read", [read_paths, mining.from_paths], ids=["read_paths", "from_paths"])
def test_bad_tables_are_refused(
    frame: Any, options: dict[str, Any], message: str, read: Callable[..., object]
) -> None:
    # from_paths tests the path texts once added up, not row by row: the same errors.
    with pytest.raises(EventDataError, match=message):
        read(frame, **options)


@pytest.mark.parametrize("read", [read_paths, mining.from_paths], ids=["read_paths", "from_paths"])
def test_the_first_rule_broken_is_reported_whichever_is_tested_first(
    read: Callable[..., object],
) -> None:
    # An empty path (a rule on the text) comes before a negative count in the report.
    frame = pl.DataFrame({"path": ["a", "", "b"], "n": [1, 2, -3]})
    with pytest.raises(EventDataError, match=r"column 'path': has 1 empty value.*\(rows 1\)"):
        read(frame, customers="n")
    with pytest.raises(EventDataError, match=r"column 'n': has 1 negative value.*\(rows 2\)"):
        read(frame.with_columns(path=pl.lit("a")), customers="n")


def test_white_space_around_steps_is_stripped_whatever_the_white_space() -> None:
    # Steps are stripped only when some text needs it: every kind of white space must count.
    spaces = [
        chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in "\x1c\x1d\x1e\x1f"
    ]
    for space in spaces:
        frame = pl.DataFrame({"path": [f"a > {space}b", f"a{space} > b", f"{space}a > b{space}"]})
        assert read_paths(frame).paths == (("a", "b"),), repr(space)
        journey = mining.from_paths(frame)
        assert [t.id for t in journey.touchpoints] == ["a", "b"], repr(space)


def test_lazy_engines_name_the_paths_at_fault() -> None:
    import duckdb

    frame = duckdb.from_arrow(table(n=[1, -2, 3, -1]).to_arrow())
    with pytest.raises(
        EventDataError, match=r"column 'n': has 2 negative values.*\(rows path='b', path='c > a'\)"
    ):
        read_paths(frame, customers="n")


def test_pandas_null_cells_name_the_rows() -> None:
    import pandas as pd

    frame = pd.DataFrame({"path": ["a", None, "b"], "n": [1.0, 2.0, None]})
    with pytest.raises(EventDataError, match=r"column 'path': has 1 null value \(rows 1\)"):
        read_paths(frame, customers="n")
    with pytest.raises(EventDataError, match=r"column 'n': has 1 null value \(rows 2\)"):
        read_paths(frame.fillna({"path": "c"}), customers="n")


def test_no_customers_at_all() -> None:
    with pytest.raises(EventDataError, match="column 'n': the path table counts no customers"):
        mining.from_paths(table(n=[0, 0, 0, 0]), customers="n")
    with pytest.raises(EventDataError, match="counts no customers"):
        mining.from_paths(pl.DataFrame({"path": []}, schema={"path": pl.String}))


def test_bad_options_of_from_paths() -> None:
    with pytest.raises(EventDataError, match="min_share must be a number"):
        mining.from_paths(table(), min_share=1)
    with pytest.raises(EventDataError, match="conversion must be a touchpoint name"):
        mining.from_paths(table(), conversion=" ")
    with pytest.raises(EventDataError, match=r"column 'path': the activity '\\x00' cannot be"):
        mining.from_paths(pl.DataFrame({"path": ["\x00"]}))
