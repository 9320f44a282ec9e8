"""``mining.by_window``: one journey per period, of the customers who started in it."""

from __future__ import annotations

import random
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import cli, mining
from journeykit.mining import MAX_SEGMENTS, EventDataError
from journeykit.mining._windows import _days, _months, period
from tests.mining.engines import ENGINES

START = datetime(2024, 5, 6)  # a Monday
STEPS = ["Views product", "Adds to cart", "Checkout", "Pays"]
DAY = timedelta(days=1)


def weekly_log(seed: int = 5, weeks: int = 4, customers: int = 800) -> pl.DataFrame:
    """A shop whose checkout loses more customers every week (10%, 20%, 30%...), with moods."""
    rng = random.Random(seed)
    rows: list[tuple[Any, ...]] = []
    for customer in range(customers):
        week = customer % weeks
        time = START + timedelta(weeks=week, minutes=rng.randint(0, 7 * 24 * 60 - 1))
        for step in STEPS:
            rows.append((customer, step, time, rng.choice([-1.0, 0.5, None])))
            time += timedelta(minutes=rng.randint(0, 3000))  # some run into the next week
            if step == "Checkout" and rng.random() < 0.1 * (week + 1):
                break
    return pl.DataFrame(rows, schema=["customer_id", "event", "ts", "mood"], orient="row")


def reference(
    rows: pl.DataFrame, start: str, window: str, log: pl.DataFrame, **options: Any
) -> jk.Journey:
    """What from_events gives for the customers who started in one period, as by_window tags it.

    The period is partial when the whole ``log`` starts after its first day
    or ends before its last.
    """
    journey: jk.Journey = mining.from_events(rows, title=f"Observed journey ({start})", **options)
    begin, end = period(_number(start, window), window)
    first, last = log["ts"].min().date(), log["ts"].max().date()  # type: ignore[union-attr]
    partial = date.fromisoformat(begin) < first or date.fromisoformat(end) - DAY > last
    shown = {"window": window, "start": begin, "end": end, "partial": partial}
    return attrs.evolve(journey, metadata={**journey.metadata, "period": shown})


def _number(start: str, window: str) -> int:
    from journeykit.mining._windows import _index, _parse

    return _index(start, *_parse(window))


def starters(log: pl.DataFrame, window: str) -> dict[str, pl.DataFrame]:
    """The rows of the customers who started in each period, by polars' own truncation."""
    first = pl.col("ts").min().over("customer_id").dt.truncate(window).dt.strftime("%Y-%m-%d")
    tagged = log.with_columns(first.alias("_period"))
    return {
        name: part.drop("_period")
        for (name,), part in sorted(tagged.partition_by("_period", as_dict=True).items())
    }


def test_the_drop_off_at_checkout_grows_week_by_week() -> None:
    journeys = mining.by_window(weekly_log(), window="1w")
    assert list(journeys) == ["2024-05-06", "2024-05-13", "2024-05-20", "2024-05-27"]
    shares = [j.touchpoint("checkout").metrics["drop_off"] for j in journeys.values()]
    assert shares == sorted(shares)
    assert shares[0] < 0.15  # about 10%
    assert shares[-1] > 0.35  # about 40%
    assert [j.metadata["customers"] for j in journeys.values()] == [200] * 4


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_each_period_is_from_events_on_its_starters_in_every_engine(engine: str) -> None:
    log = weekly_log(customers=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # narwhals' notice about Dask
        journeys = mining.by_window(ENGINES[engine](log), window="1w", emotion="mood")
    expected = starters(log, "1w")
    assert list(journeys) == list(expected)
    for name, journey in journeys.items():
        assert journey == reference(expected[name], name, "1w", log, emotion="mood")


window_rows = st.lists(
    st.tuples(
        st.integers(0, 6),  # customer
        st.sampled_from(["A", "B", "C"]),  # activity
        st.integers(0, 120),  # days from the start (ties on purpose)
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(
    rows=window_rows,
    window=st.sampled_from(["1d", "3d", "1w", "2w", "1mo", "2mo", "1q", "1y"]),
    origin=st.sampled_from([datetime(2024, 5, 6), datetime(1969, 11, 30, 23)]),
)
def test_property_each_period_equals_from_events_on_its_starters(
    rows: list[tuple[int, str, int]], window: str, origin: datetime
) -> None:
    log = pl.DataFrame(
        [(c, a, origin + timedelta(days=d, hours=d % 5)) for c, a, d in rows],
        schema=["customer_id", "event", "ts"],
        orient="row",
    )
    journeys = mining.by_window(log, window=window)
    expected = starters(log, window)
    assert list(journeys) == list(expected) == sorted(journeys)  # in time order
    for name, journey in journeys.items():
        assert journey == reference(expected[name], name, window, log)
    assert sum(j.metadata["customers"] for j in journeys.values()) == log["customer_id"].n_unique()


def test_a_journey_running_into_the_next_week_stays_whole_in_the_week_it_started() -> None:
    log = pl.DataFrame(
        {
            "customer_id": [1, 1, 2],
            "event": ["Cart", "Pays", "Cart"],
            "ts": ["2024-05-12T23:50:00", "2024-05-13T00:10:00", "2024-05-14"],
        }
    )
    journeys = mining.by_window(log, window="1w")
    assert list(journeys) == ["2024-05-06", "2024-05-13"]
    assert journeys["2024-05-06"].main_path == ("cart", "pays")
    assert journeys["2024-05-13"].main_path == ("cart",)


def test_a_period_in_which_no_customer_started_is_absent() -> None:
    log = pl.DataFrame(
        {"customer_id": [1, 2], "event": ["A", "A"], "ts": ["2024-01-15", "2024-04-02"]}
    )
    assert list(mining.by_window(log, window="1mo")) == ["2024-01-01", "2024-04-01"]


def test_one_period_only_is_a_mapping_of_one() -> None:
    log = weekly_log(weeks=1, customers=20)
    journeys = mining.by_window(log, window="1q")
    assert list(journeys) == ["2024-04-01"]
    assert journeys["2024-04-01"].metadata["period"] == {
        "window": "1q",
        "start": "2024-04-01",
        "end": "2024-07-01",
        "partial": True,  # a week of data in a quarter
    }


@pytest.mark.parametrize(
    ("window", "day", "start", "end"),
    [
        ("1d", "2024-02-29T23:59:59", "2024-02-29", "2024-03-01"),
        ("1w", "2024-05-12T12:00:00", "2024-05-06", "2024-05-13"),
        ("1mo", "2024-12-31T23:00:00", "2024-12-01", "2025-01-01"),
        ("1q", "2024-11-05", "2024-10-01", "2025-01-01"),
        ("1y", "2024-07-01", "2024-01-01", "2025-01-01"),
        ("6mo", "2024-07-01", "2024-07-01", "2025-01-01"),
    ],
)
def test_periods_start_and_end_on_calendar_days(
    window: str, day: str, start: str, end: str
) -> None:
    log = pl.DataFrame({"customer_id": [1], "event": ["A"], "ts": [day]})
    journey = mining.by_window(log, window=window)[start]
    assert journey.metadata["period"] == {
        "window": window,
        "start": start,
        "end": end,
        "partial": window != "1d",  # the one day of data covers a day only
    }
    assert journey.title == f"Observed journey ({start})"


def test_text_times_with_offsets_are_cut_in_utc() -> None:
    log = pl.DataFrame(
        {"customer_id": [1, 2], "event": ["A", "A"], "ts": ["2024-05-13T01:00+02:00", "2024-05-13"]}
    )
    assert list(mining.by_window(log, window="1w")) == ["2024-05-06", "2024-05-13"]


@pytest.mark.parametrize("seconds", [False, True], ids=["date-times", "seconds (Spark's times)"])
def test_the_calendar_arithmetic_agrees_with_polars(seconds: bool) -> None:
    import narwhals as nw

    rng = random.Random(2)
    times = [
        datetime(1901, 1, 1) + timedelta(seconds=rng.randint(0, 6 * 10**9)) for _ in range(2000)
    ]
    frame = pl.DataFrame({"t": times})
    if seconds:
        frame = frame.select(pl.col("t").dt.epoch("us") / 1_000_000)
    found = nw.from_native(frame).select(d=_days(seconds), m=_months(seconds)).to_native()
    assert found["d"].to_list() == [
        (t.date() - datetime(1970, 1, 1).date()).days + 719_468 for t in times
    ]
    assert found["m"].to_list() == [t.year * 12 + t.month - 1 for t in times]


# -- periods the data covers in part ---------------------------------------------------


def partial_weeks(times: list[str]) -> dict[str, bool]:
    """Each week's start and whether it is partial, for one customer per time."""
    log = pl.DataFrame({"customer_id": range(len(times)), "event": ["A"] * len(times), "ts": times})
    return {
        start: j.metadata["period"]["partial"]
        for start, j in mining.by_window(log, window="1w").items()
    }


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        # From Wednesday to Friday two weeks later: the first and the last weeks in part.
        (
            ["2024-05-08T09:00", "2024-05-15", "2024-05-24T18:00"],
            {"2024-05-06": True, "2024-05-13": False, "2024-05-20": True},
        ),
        # Monday (any hour) to Sunday (any hour) covers whole weeks.
        (
            ["2024-05-06T23:00", "2024-05-19T00:01"],
            {"2024-05-06": False, "2024-05-13": False},
        ),
        # One day alone: its week in part, at both ends.
        (["2024-05-08"], {"2024-05-06": True}),
    ],
)
def test_the_first_and_last_periods_are_partial_when_the_data_starts_late_or_ends_early(
    times: list[str], expected: dict[str, bool]
) -> None:
    assert partial_weeks(times) == expected


def test_a_journey_running_past_the_last_start_makes_its_period_whole() -> None:
    # The last customer starts on Friday and leaves on the next Tuesday: the data covers the week.
    log = pl.DataFrame(
        {
            "customer_id": [1, 2, 2],
            "event": ["A", "A", "B"],
            "ts": ["2024-05-06", "2024-05-17", "2024-05-21"],
        }
    )
    journeys = mining.by_window(log, window="1w")
    assert {k: j.metadata["period"]["partial"] for k, j in journeys.items()} == {
        "2024-05-06": False,
        "2024-05-13": False,
    }


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_partial_periods_are_the_same_in_every_engine(engine: str) -> None:
    log = pl.DataFrame(
        {
            "customer_id": [1, 1, 2, 3],
            "event": ["A", "B", "A", "A"],
            "ts": [datetime(2024, 1, 3, 8), datetime(2024, 2, 2), datetime(2024, 2, 9), START],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # narwhals' notice about Dask
        journeys = mining.by_window(ENGINES[engine](log), window="1mo")
    assert {k: j.metadata["period"]["partial"] for k, j in journeys.items()} == {
        "2024-01-01": True,  # starts on the 3rd
        "2024-02-01": False,
        "2024-05-01": True,  # ends on the 6th
    }


def test_partial_periods_survive_a_file() -> None:
    journey = mining.by_window(weekly_log(weeks=1, customers=5), window="1mo")["2024-05-01"]
    assert jk.loads(jk.dumps(journey), format="yaml").metadata["period"]["partial"] is True


def test_the_segments_command_marks_partial_periods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "events.csv"
    weekly_log(customers=40).write_csv(source)
    assert cli.main(["segments", str(source), "--window", "1mo", "-q"]) == 0
    printed = capsys.readouterr().out
    assert "| Drop-off | May 1, 2024 (partial) | Jun 1, 2024 (partial) |" in printed
    assert printed.rstrip().endswith("so read its numbers apart")
    assert cli.main(["segments", str(source), "--window", "1w", "-q"]) == 0
    assert "(partial)" not in capsys.readouterr().out


# -- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize("window", ["1 week", "1W", "w", "0w", "1h", "30m", "1.5d", "", 7, None])
def test_a_window_that_is_not_one_is_refused_with_examples(window: Any) -> None:
    log = weekly_log(customers=4)
    message = (
        r"^window must be a whole number and a unit of a day or longer \(d, w, mo, q, y\), "
        r"as polars writes durations: '1d', '1w', '2w', '1mo', '1q', '1y'; got "
    )
    with pytest.raises(EventDataError, match=message + repr(window).replace(".", r"\.") + "$"):
        mining.by_window(log, window=window)


def test_numeric_times_are_refused_since_no_calendar_can_be_read_from_them() -> None:
    log = pl.DataFrame({"customer_id": [1, 1], "event": ["A", "B"], "ts": [0, 60]})
    with pytest.raises(EventDataError, match=r"^column 'ts': must hold date-times, dates or ISO"):
        mining.by_window(log, window="1w")


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_text_that_is_not_a_time_is_named_as_from_events_names_it(engine: str) -> None:
    log = pl.DataFrame(
        {"customer_id": [1, 1], "event": ["A", "B"], "ts": ["2024-05-06", "next tuesday"]}
    )
    with pytest.raises(EventDataError, match=r"^column 'ts': has 1 value that is not a date-time"):
        mining.by_window(ENGINES[engine](log), window="1w")


def test_a_time_column_of_booleans_is_refused() -> None:
    log = pl.DataFrame({"customer_id": [1], "event": ["A"], "ts": [True]})
    with pytest.raises(EventDataError, match=r"^column 'ts': must hold date-times, dates"):
        mining.by_window(log, window="1w")


def test_too_many_periods_are_refused_with_advice() -> None:
    days = MAX_SEGMENTS + 1
    log = pl.DataFrame(
        {
            "customer_id": range(days),
            "event": ["A"] * days,
            "ts": [START + timedelta(days=d) for d in range(days)],
        }
    )
    with pytest.raises(EventDataError, match=r"^column 'ts': has 1,001 segments, .*'1d'\) longer"):
        mining.by_window(log, window="1d")
    assert len(mining.by_window(log, window="1w")) == 143


# -- the command line -----------------------------------------------------------------


def test_the_segments_command_with_a_window_writes_each_period_and_the_trends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "events.csv"
    weekly_log(customers=200).write_csv(source)
    out = tmp_path / "out"
    argv = ["segments", str(source), "--window", "1w", "--conversion", "pays"]
    assert cli.main([*argv, "-o", str(out), "-q"]) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        "2024-05-06.yaml",
        "2024-05-13.yaml",
        "2024-05-20.yaml",
        "2024-05-27.yaml",
        "trends.md",
    ]
    assert (out / "trends.md").read_text() == printed
    assert printed.startswith("4 periods of 1w (200 customers, each in the period of their first")
    assert "| Drop-off | May 6, 2024 | May 13, 2024 | May 20, 2024 | May 27, 2024 |" in printed
    assert jk.load(out / "2024-05-13.yaml") == mining.by_window(pl.read_csv(source))["2024-05-13"]
    assert cli.main([*argv, "--format", "csv", "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "touchpoint,name,period,customers,dropped,drop_off,drop_off_low,drop_off_high,emotion,"
        "partial"
    )
    assert len(lines) == 1 + 4 * len(STEPS)


def test_the_segments_command_refuses_a_window_of_a_path_table_or_with_a_segment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "paths.csv"
    pl.DataFrame({"path": ["A > B"], "customers": [3]}).write_csv(source)
    argv = ["segments", str(source), "--paths", "--customers", "customers", "--window", "1w"]
    assert cli.main([*argv, "-q"]) == 2
    assert "--window needs events with times" in capsys.readouterr().err
    assert cli.main(["segments", str(source), "--window", "1w", "--segment", "device"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err
