"""The progress of a mining run: each phase once, in order, on every engine; no change to results."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import _progress, mining
from journeykit.mining.cli import add_arguments, run
from tests.mining.engines import ENGINES

EVENTS = pl.DataFrame(
    {
        "customer_id": [1, 1, 1, 2, 2, 3, 3],
        "event": ["Ad", "Cart", "Pay", "Ad", "Cart", "Ad", "Ad"],
        "ts": [0, 5, 9, 0, 3, 0, 7],
        "device": ["app", "app", "app", "web", "web", "web", "web"],
    }
)
PHASES = list(mining.PHASES)
pytestmark = pytest.mark.filterwarnings(
    "ignore::FutureWarning"
)  # narwhals: Dask moves to a plug-in


def seen(call: Callable[..., Any], frame: object, **options: Any) -> tuple[Any, list[Any]]:
    events: list[mining.Progress] = []
    result = call(frame, progress=events.append, **options)
    return result, events


def check_events(events: list[mining.Progress], rows: int) -> None:
    assert [e.phase for e in events] == PHASES
    assert events[-1].rows == events[-1].total == rows
    assert all(e.rows is None or e.rows <= rows for e in events)
    times = [e.seconds for e in events]
    assert times == sorted(times)
    assert times[0] >= 0


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("call", ["from_events", "variants", "discover", "by_segment", "by_window"])
def test_each_phase_comes_once_in_order_on_every_engine(engine: str, call: str) -> None:
    frame = EVENTS
    options: dict[str, Any] = {}
    if call == "by_segment":
        options["segment"] = "device"
    if call == "by_window":
        frame = EVENTS.with_columns(pl.from_epoch("ts", time_unit="d"))
        options["window"] = "1w"
    _, events = seen(getattr(mining, call), ENGINES[engine](frame), **options)
    check_events(events, EVENTS.height)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_annotate_reports_the_phases(engine: str) -> None:
    stage = jk.Stage(name="Buy", touchpoints=["Ad", "Cart", "Pay"])
    j = jk.Journey(title="Shop", stages=[stage])
    events: list[mining.Progress] = []
    result = mining.annotate(j, ENGINES[engine](EVENTS), progress=events.append)
    assert result == mining.annotate(j, ENGINES[engine](EVENTS))
    check_events(events, EVENTS.height)


def test_in_memory_tables_know_their_rows_from_the_start() -> None:
    for engine in ("polars", "pandas", "pyarrow"):
        _, events = seen(mining.from_events, ENGINES[engine](EVENTS))
        assert [(e.rows, e.total) for e in events][:2] == [(None, 7), (7, 7)]


def test_lazy_tables_know_their_rows_after_the_first_count() -> None:
    _, events = seen(mining.from_events, EVENTS.lazy())
    assert [e.rows for e in events] == [None, None, 7, 7, 7]


def test_path_tables_report_the_phases() -> None:
    paths = pl.DataFrame({"path": ["Ad > Cart", "Ad"], "n": [3, 2], "g": ["x", "y"]})
    _, events = seen(mining.from_paths, paths, customers="n")
    check_events(events, 2)
    _, events = seen(mining.from_paths, paths, customers="n", segment="g")
    check_events(events, 2)
    _, events = seen(mining.from_paths, paths.lazy(), customers="n")
    assert [e.phase for e in events] == PHASES


small_events = st.lists(
    st.tuples(st.integers(0, 4), st.sampled_from(["Ad", "Cart", "Pay", "Help"]), st.integers(0, 9)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(small_events, st.sampled_from(["polars", "polars-lazy", "pandas", "duckdb"]))
def test_results_are_the_same_with_and_without_a_callback(
    rows: list[tuple[int, str, int]], engine: str
) -> None:
    frame = pl.DataFrame(rows, schema=["customer_id", "event", "ts"], orient="row")
    plain = mining.discover(ENGINES[engine](frame))
    watched, events = seen(mining.discover, ENGINES[engine](frame))
    assert watched.journey == plain.journey
    assert list(watched.variants) == list(plain.variants)
    check_events(events, len(rows))


class StopError(Exception):
    """Raised by a callback to cancel the run."""


@pytest.mark.parametrize("engine", ["polars", "polars-lazy", "duckdb", "dask"])
@pytest.mark.parametrize("phase", PHASES)
def test_a_raising_callback_stops_the_run_and_its_error_propagates(engine: str, phase: str) -> None:
    def callback(event: mining.Progress) -> None:
        if event.phase == phase:
            raise StopError(phase)

    with pytest.raises(StopError, match=phase):
        mining.discover(ENGINES[engine](EVENTS), progress=callback)


def test_a_callback_raising_not_implemented_is_not_called_an_engine_fault() -> None:
    def callback(event: mining.Progress) -> None:
        if event.phase == "counting":
            raise NotImplementedError("mine")

    with pytest.raises(NotImplementedError, match="mine"):
        mining.from_events(ENGINES["duckdb"](EVENTS), progress=callback)


def test_progress_must_be_callable() -> None:
    with pytest.raises(mining.EventDataError, match="progress must be a callable"):
        mining.from_events(EVENTS, progress=3)  # type: ignore[call-overload]


def test_the_progress_event_is_frozen() -> None:
    event = mining.Progress(phase="reading")
    with pytest.raises(AttributeError):
        event.phase = "done"  # type: ignore[misc]
    assert (event.rows, event.total, event.seconds) == (None, None, 0.0)


# -- the command line --------------------------------------------------------------


def mine(tmp_path: Path, stream: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "events.csv"
    EVENTS.write_csv(source)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    monkeypatch.setattr("sys.stderr", stream)
    assert run(parser.parse_args([str(source), "-o", str(tmp_path / "j.yaml")])) == 0


def test_mine_in_a_pipe_prints_a_line_per_phase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    mine(tmp_path, stream, monkeypatch)
    lines = stream.getvalue().split("\n")
    assert lines[:5] == [
        "mining events.csv...",
        "mining events.csv: reading",
        "mining events.csv: ordering",
        "mining events.csv: counting, 7 rows read",
        "mining events.csv: building, 7 rows read",
    ]
    assert lines[5].startswith("\rmining events.csv: done in")


def test_the_engine_phases_update_a_bar() -> None:
    updates: list[dict[str, Any]] = []

    class Bar:
        def update(self, task: object, **fields: Any) -> None:
            updates.append(fields)

    progress = _progress.Progress(Bar(), 0)
    for phase in PHASES:
        progress.engine(mining.Progress(phase=phase, rows=10 if phase != "reading" else None))
    assert updates == [
        {"phase": "reading", "rows": ""},
        {"phase": "ordering", "rows": "10 rows read"},
        {"phase": "counting", "rows": "10 rows read"},
        {"phase": "building", "rows": "10 rows read"},
    ]
