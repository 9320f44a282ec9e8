"""``mining.by_segment`` and ``paths_by_segment``: one journey per segment, in one pass."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import cli, mining
from journeykit.mining import MAX_SEGMENTS, NO_SEGMENT, EventDataError
from tests.mining.engines import ENGINES


def shop_log(seed: int = 7, customers: int = 300) -> pl.DataFrame:
    """Customers on two devices (and some unknown) through a small shop, with moods."""
    import random

    rng = random.Random(seed)
    rows: list[tuple[Any, ...]] = []
    for customer in range(customers):
        device = rng.choice(["mobile", "desktop", None])
        time = 0
        for step in ["Home", "Product", "Cart", "Checkout", "Buy"]:
            rows.append(
                (customer, step, time, device, rng.choice([-1.0, 0.0, 1.5, None]), step[:2])
            )
            time += rng.randint(0, 3)  # ties happen: broken by the activity name
            if rng.random() < 0.25:
                break
    return pl.DataFrame(
        rows, schema=["customer_id", "event", "ts", "device", "mood", "stage"], orient="row"
    )


def reference(rows: pl.DataFrame, name: str, **options: Any) -> jk.Journey:
    """What from_events gives for the rows of one segment, titled and tagged as by_segment does."""
    title = options.pop("title", "Observed journey")
    journey: jk.Journey = mining.from_events(rows, title=f"{title} ({name})", **options)
    return attrs.evolve(journey, metadata={**journey.metadata, "segment": name})


def rows_of(log: pl.DataFrame, column: str, name: str) -> pl.DataFrame:
    text = pl.col(column).cast(pl.String)
    if name == NO_SEGMENT:
        return log.filter(text.is_null() | (text.str.strip_chars() == ""))
    return log.filter(text == name)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_each_segment_is_from_events_on_its_rows_in_every_engine(engine: str) -> None:
    log = shop_log()
    options: dict[str, Any] = {"emotion": "mood", "stage": "stage"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # narwhals' notice about Dask
        journeys = mining.by_segment(ENGINES[engine](log), segment="device", **options)
    assert list(journeys) == ["(none)", "desktop", "mobile"]
    for name, journey in journeys.items():
        assert journey == reference(rows_of(log, "device", name), name, **options)


segment_rows = st.lists(
    st.tuples(
        st.integers(0, 5),  # customer
        st.sampled_from(["A", "B", "C"]),  # activity
        st.integers(0, 4),  # time (ties on purpose)
        st.sampled_from(["x", "y", None, ""]),  # segment
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(rows=segment_rows, min_share=st.sampled_from([0.0, 0.3]))
def test_property_each_segment_equals_from_events_on_its_rows(
    rows: list[tuple[int, str, int, str | None]], min_share: float
) -> None:
    log = pl.DataFrame(
        rows, schema=["customer_id", "event", "ts", "device"], orient="row"
    ).with_columns(pl.col("device").cast(pl.String))
    journeys = mining.by_segment(log, segment="device", min_share=min_share)
    expected = sorted({d or NO_SEGMENT for *_, d in rows})
    assert list(journeys) == expected
    for name, journey in journeys.items():
        assert journey == reference(rows_of(log, "device", name), name, min_share=min_share)
    assert sum(j.metadata["events"] for j in journeys.values()) == len(rows)


def test_a_customer_on_two_devices_is_in_both_with_the_events_of_each() -> None:
    log = pl.DataFrame(
        {
            "customer_id": [1, 1, 1],
            "event": ["Browse", "Cart", "Buy"],
            "ts": [0, 1, 2],
            "device": ["mobile", "mobile", "desktop"],
        }
    )
    journeys = mining.by_segment(log, segment="device")
    assert journeys["mobile"].main_path == ("browse", "cart")
    assert journeys["desktop"].main_path == ("buy",)
    assert [j.metadata["customers"] for j in journeys.values()] == [1, 1]


def test_null_and_blank_segments_make_the_none_segment() -> None:
    log = pd.DataFrame(
        {"customer_id": [1, 2, 3], "event": ["A", "A", "A"], "ts": [0, 0, 0],
         "device": [None, "  ", "web"]}
    )  # fmt: skip
    journeys = mining.by_segment(log, segment="device")
    assert {n: j.metadata["customers"] for n, j in journeys.items()} == {"(none)": 2, "web": 1}
    assert journeys["(none)"].title == "Observed journey ((none))"


@pytest.mark.parametrize(
    ("values", "names"),
    [
        ([1, 2, 1], ["1", "2"]),
        ([True, False, True], ["false", "true"]),
        ([1.5, 2.0, 1.5], ["1.5", "2.0"]),
    ],
)
def test_segment_values_that_are_not_text_are_written_as_text(
    values: list[Any], names: list[str]
) -> None:
    log = pl.DataFrame(
        {"customer_id": [1, 2, 3], "event": ["A", "B", "A"], "ts": [0, 0, 0], "cohort": values}
    )
    assert list(mining.by_segment(log, segment="cohort")) == names


def test_a_segment_of_one_customer_is_a_journey_of_one_customer() -> None:
    log = shop_log().with_columns(
        pl.when(pl.col("customer_id") == 0).then(pl.lit("vip")).otherwise(pl.lit("rest"))
        .alias("tier")
    )  # fmt: skip
    vip = mining.by_segment(log, segment="tier")["vip"]
    assert vip.metadata["customers"] == 1
    assert vip == reference(log.filter(pl.col("customer_id") == 0), "vip")


def test_a_missing_segment_column_is_named_with_the_columns_there_are() -> None:
    with pytest.raises(
        EventDataError,
        match=r"column 'devise': no such column \(the segment column\); the table has: "
        r"'customer_id', 'event', 'ts', 'device', 'mood', 'stage'",
    ):
        mining.by_segment(shop_log(), segment="devise")


@pytest.mark.parametrize("segment", ["", None, 3])
def test_the_segment_must_be_a_column_name(segment: Any) -> None:
    with pytest.raises(EventDataError, match="segment must be a column name"):
        mining.by_segment(shop_log(), segment=segment)


def test_one_column_cannot_be_the_segment_and_another_role() -> None:
    with pytest.raises(EventDataError, match="one column is given for two roles"):
        mining.by_segment(shop_log(), segment="event")


def test_too_many_segments_are_refused_with_the_bound() -> None:
    n = MAX_SEGMENTS + 1
    log = pl.DataFrame({"customer_id": range(n), "event": ["A"] * n, "ts": [0] * n})
    with pytest.raises(EventDataError, match=r"column 'customer': has 1,001 segments, more than"):
        mining.by_segment(log.with_columns(customer=pl.col("customer_id")), segment="customer")
    at_bound = log.head(MAX_SEGMENTS).with_columns(group=pl.col("customer_id"))
    assert len(mining.by_segment(at_bound, segment="group")) == MAX_SEGMENTS


def test_a_segment_with_control_characters_is_refused() -> None:
    log = pl.DataFrame({"customer_id": [1], "event": ["A"], "ts": [0], "device": ["we\x07b"]})
    with pytest.raises(EventDataError, match=r"column 'device': the segment 'we\\x07b' holds"):
        mining.by_segment(log, segment="device")


@pytest.mark.parametrize("engine", ["polars", "polars-lazy", "pandas", "duckdb"])
def test_faults_in_the_events_are_named_as_from_events_names_them(engine: str) -> None:
    log = pl.DataFrame(
        {"customer_id": [1, None, 2], "event": ["A", "B", " "], "ts": [0, 1, 2], "d": ["x"] * 3}
    )
    with pytest.raises(EventDataError) as expected:
        mining.from_events(ENGINES[engine](log))
    with pytest.raises(EventDataError) as found:
        mining.by_segment(ENGINES[engine](log), segment="d")
    assert str(found.value) == str(expected.value)
    blank = log.with_columns(pl.col("customer_id").fill_null(3))
    with pytest.raises(EventDataError, match=r"column 'event': has 1 blank value") as found:
        mining.by_segment(ENGINES[engine](blank), segment="d")


def test_stage_mappings_and_options_reach_every_segment() -> None:
    log = shop_log()
    stages = {"Home": "Find", "Product": "Find", "Cart": "Buy", "Checkout": "Buy", "Buy": "Buy"}
    journeys = mining.by_segment(log, segment="device", stage=stages, title="Shop")
    for name, journey in journeys.items():
        rows = rows_of(log, "device", name)
        assert journey == reference(rows, name, stage=stages, title="Shop")
        assert [s.name for s in journey.stages] == ["Find", "Buy"]
    with pytest.raises(EventDataError, match="stage must be a column name or a mapping"):
        mining.by_segment(log, segment="device", stage=3)  # type: ignore[arg-type]


# -- path tables -----------------------------------------------------------------


PATHS = pl.DataFrame(
    {
        "path": ["Ads > Cart", "Ads > Cart", "Ads", "Mail > Cart", "Mail"],
        "campaign": ["spring", "autumn", "spring", None, "autumn"],
        "conv": [3, 1, 0, 2, 0],
        "null": [1, 9, 4, 0, 0],
    }
)


@pytest.mark.parametrize("engine", ["polars", "pandas", "pyarrow", "duckdb"])
def test_each_path_segment_is_from_paths_on_its_rows(engine: str) -> None:
    journeys = mining.paths_by_segment(
        ENGINES[engine](PATHS), segment="campaign", conversions="conv", nulls="null"
    )
    assert list(journeys) == ["(none)", "autumn", "spring"]
    for name, journey in journeys.items():
        part = rows_of(PATHS, "campaign", name)
        expected = mining.from_paths(
            part, conversions="conv", nulls="null", title=f"Observed journey ({name})"
        )
        assert journey == attrs.evolve(expected, metadata={**expected.metadata, "segment": name})


def test_a_path_segment_counting_no_customers_has_no_journey() -> None:
    table = PATHS.with_columns(
        pl.when(pl.col("campaign") == "autumn").then(0).otherwise(pl.col("null")).alias("null"),
        pl.when(pl.col("campaign") == "autumn").then(0).otherwise(pl.col("conv")).alias("conv"),
    )
    journeys = mining.paths_by_segment(table, segment="campaign", conversions="conv", nulls="null")
    assert list(journeys) == ["(none)", "spring"]


def test_path_table_errors_name_the_rows_of_the_whole_table() -> None:
    bad = PATHS.with_columns(pl.Series("conv", [3, 1, 0, -2, 0]))
    with pytest.raises(EventDataError, match=r"column 'conv'.*\(rows 3\)"):
        mining.paths_by_segment(bad, segment="campaign", conversions="conv")
    with pytest.raises(EventDataError, match=r"no such column \(the segment column\)"):
        mining.paths_by_segment(PATHS, segment="channel")


def test_too_many_path_segments_are_refused() -> None:
    n = MAX_SEGMENTS + 1
    table = pl.DataFrame({"path": ["a"] * n, "id": range(n)})
    with pytest.raises(EventDataError, match="has 1,001 segments"):
        mining.paths_by_segment(table, segment="id")


# -- the command line -----------------------------------------------------------


def test_the_segments_command_writes_a_journey_per_segment_and_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "events.csv"
    shop_log().write_csv(source)
    out = tmp_path / "out"
    argv = [str(source), "--segment", "device", "--emotion", "mood", "--conversion", "buy"]
    code = cli.main(["segments", *argv, "-o", str(out), "-q"])
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "comparison.txt",
        "desktop.yaml",
        "mobile.yaml",
        "none.yaml",
    ]
    assert (out / "comparison.txt").read_text() == printed
    assert printed.startswith("3 segments of 300 customers: ")
    assert "conversion: (none) " in printed
    mobile = mining.by_segment(pl.read_csv(source), segment="device", emotion="mood")["mobile"]
    assert jk.load(out / "mobile.yaml") == mobile
    code = cli.main(["segments", *argv, "--format", "csv", "-q"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "touchpoint,name,segment,customers,dropped,drop_off,drop_off_low,drop_off_high,emotion"
    )


def test_the_segments_command_reads_path_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "paths.csv"
    PATHS.write_csv(source)
    argv = ["segments", str(source), "--paths", "--segment", "campaign", "--conversions", "conv"]
    assert cli.main([*argv, "--nulls", "null", "-q"]) == 0
    printed = capsys.readouterr().out
    assert "conversion: (none) 100%" in printed


def test_the_segments_command_names_a_missing_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "events.csv"
    shop_log().write_csv(source)
    assert cli.main(["segments", str(source), "--segment", "browser", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("journeykit: error: column 'browser': no such column (the segment")
