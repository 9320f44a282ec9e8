"""ISO 8601 text times: every form, in every engine, read as the CLI reads them, in UTC."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import journeykit as jk
from journeykit import mining
from journeykit.mining.cli import add_arguments, run
from tests.mining.engines import ENGINES

# (first, second, seconds between them in UTC)
FORMS = {
    "Z": ("2011-10-11T13:45:40Z", "2011-10-11T13:46:40Z", 60.0),
    "offset": ("2011-10-11T15:45:40+02:00", "2011-10-11T13:46:40+00:00", 60.0),
    "compact offset": ("2011-10-11T15:45:40+0200", "2011-10-11T13:46:40-0000", 60.0),
    "hour offset": ("2011-10-11 15:45:40+02", "2011-10-11T08:16:40-05:30", 60.0),
    "fraction": ("2011-10-11T13:45:40.123456", "2011-10-11T13:46:40.5", 60.377),
    "fraction and Z": ("2011-10-11T13:45:40.25Z", "2011-10-11T15:46:40.5+02:00", 60.25),
    "space": ("2011-10-11 13:45:40", "2011-10-11T13:46:40", 60.0),
    "minutes": ("2011-10-11T13:45", "2011-10-11 13:46", 60.0),
    "date": ("2011-10-11", "2011-10-12", 86_400.0),
    "offset and none": ("2011-10-11T15:45:40+02:00", "2011-10-11 13:46:40", 60.0),
}


def events(first: str, second: str) -> pl.DataFrame:
    # The second time is later in UTC only: its wall time may read earlier.
    return pl.DataFrame({"customer_id": [1, 1], "event": ["Ad", "Buy"], "ts": [first, second]})


@pytest.mark.filterwarnings("ignore::FutureWarning")  # narwhals: Dask moves to a plug-in
@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_iso_form_is_read_in_utc(form: str, engine: str) -> None:
    first, second, seconds = FORMS[form]
    j = mining.from_events(ENGINES[engine](events(first, second)))
    move = j.transitions[0]
    assert (move.source, move.target) == ("ad", "buy")
    assert move.metrics["median_seconds"] == seconds


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_api_reads_text_times_as_the_cli_does(form: str, tmp_path: Path) -> None:
    import argparse

    first, second, _ = FORMS[form]
    source = tmp_path / "events.csv"
    events(first, second).write_csv(source)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    run(parser.parse_args([str(source), "-o", str(tmp_path / "map.yaml"), "-q"]))
    from_cli = jk.load(tmp_path / "map.yaml")
    assert jk.dumps(from_cli) == jk.dumps(mining.from_events(events(first, second)))


def test_text_that_is_no_time_is_named() -> None:
    bad = events("2011-10-11T13:45:40Z", "2011-10-11T25:00:00Z")
    with pytest.raises(mining.EventDataError, match=r"column 'ts': has 1 value that is not"):
        mining.from_events(bad)


def test_a_format_with_an_offset_is_read_in_utc() -> None:
    frame = events("11/10/2011 15:45 +0200", "11/10/2011 13:46 +0000")
    j = mining.from_events(frame, timestamp_format="%d/%m/%Y %H:%M %z")
    assert j.transitions[0].metrics["median_seconds"] == 60.0


def test_unparseable_timestamps_name_the_rows() -> None:
    events = pl.DataFrame(
        {
            "customer_id": [1, 1, 2],
            "event": ["A", "B", "A"],
            "ts": ["2024-05-01", "yesterday", "2024-05-02"],
        }
    )
    with pytest.raises(
        mining.EventDataError,
        match=r"column 'ts': has 1 value that is not a date-time; pass timestamp_format \(rows 1\)",
    ):
        mining.from_events(events)
    # DuckDB parses ISO 8601 itself, so it names the rows too.
    with pytest.raises(
        mining.EventDataError, match=r"not a date-time.*\(rows customer=1 touchpoint='B'\)"
    ):
        mining.from_events(ENGINES["duckdb"](events))
