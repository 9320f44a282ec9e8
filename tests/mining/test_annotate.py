"""annotate: observed numbers on a hand-made map."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

import journeykit as jk
from journeykit import mining
from journeykit.mining import EventDataError


def shop() -> jk.Journey:
    return jk.Journey(
        title="Shop",
        stages=[
            jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Sees ad", emotion=1)]),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(name="Cart", metrics={"csat": 4.0}),
                    jk.Touchpoint(id="pay", name="Pays online"),
                ],
            ),
        ],
        transitions=[
            jk.Transition(source="cart", kind="exit", label="abandons"),
            jk.Transition(source="pay", target="cart", kind="return"),
        ],
    )


EVENTS = pl.DataFrame(
    {
        "customer_id": [1, 1, 1, 2, 2, 3, 3],
        "event": ["Sees ad", "cart", "pay", "sees-ad", "Cart", "Cart", "Calls the shop"],
        "ts": [0, 10, 20, 0, 5, 0, 60],
        "score": [2.0, None, None, 0.0, -1.0, -2.0, None],
    }
)


def test_matches_by_id_name_and_slug_and_reports_the_rest() -> None:
    result = mining.annotate(shop(), EVENTS, emotion="score")
    j = result.journey
    assert dict(result.unknown) == {"Calls the shop": 1}
    assert j.touchpoint("sees-ad").metrics == {
        "traffic": 2,
        "entries": 2,
        "exits": 0,
        "visits": 2,
        "drop_off": 0.0,
    }
    cart = j.touchpoint("cart")
    assert cart.metrics["csat"] == 4.0  # kept
    assert (cart.metrics["traffic"], cart.metrics["exits"]) == (3, 1)
    assert cart.emotion == -1.5
    assert j.touchpoint("sees-ad").emotion == 1.0  # mean of 2 and 0
    assert j.touchpoint("pay").emotion is None


def test_transitions_get_counts_and_structure_is_kept() -> None:
    result = mining.annotate(shop(), EVENTS)
    flows = {(t.source, t.target): t for t in result.journey.transitions}
    assert (flows[("cart", None)].count, flows[("cart", None)].probability) == (1, 1 / 3)
    assert (flows[("pay", "cart")].count, flows[("pay", "cart")].probability) == (0, 0.0)
    step = flows[("sees-ad", "cart")]
    assert (step.kind, step.count, step.probability) == ("next", 2, 1.0)
    assert step.metrics == {"median_seconds": 7.5, "p90_seconds": 9.5}
    assert flows[("cart", "pay")].count == 1
    assert result.journey.main_path == shop().main_path
    assert [t.label for t in result.journey.transitions if t.kind == "exit"] == ["abandons"]
    assert result.unmapped == (("pay", None, 1),)  # the map has no exit after paying


def test_moves_the_map_does_not_have_are_reported() -> None:
    events = pl.DataFrame(
        {"customer_id": [1, 1, 1], "event": ["Sees ad", "Pays online", "Sees ad"], "ts": [0, 1, 2]}
    )
    result = mining.annotate(shop(), events)
    assert result.unmapped == (("sees-ad", "pay", 1), ("sees-ad", None, 1), ("pay", "sees-ad", 1))
    assert jk.loads(jk.dumps(result.journey)) == result.journey


def test_bad_input() -> None:
    with pytest.raises(EventDataError, match="annotate needs a Journey, got dict"):
        mining.annotate({}, EVENTS)  # type: ignore[arg-type]
    with pytest.raises(EventDataError, match="column 'when': no such column"):
        mining.annotate(shop(), EVENTS, timestamp="when")


@pytest.mark.filterwarnings("ignore::FutureWarning")  # narwhals: Dask moves to a plug-in
@pytest.mark.parametrize("engine", ["duckdb", "dask"])
def test_lazy_engines_give_the_same_numbers_as_polars(engine: str) -> None:
    # replace_strict without a default and a type could not run lazily on DuckDB or Dask.
    expected = mining.annotate(shop(), EVENTS, emotion="score")
    arrow = EVENTS.to_arrow()
    if engine == "duckdb":
        duckdb = pytest.importorskip("duckdb")
        frame = duckdb.from_arrow(arrow)
    else:
        dd = pytest.importorskip("dask.dataframe")
        from_pandas: Any = dd.from_pandas  # untyped where dask is installed
        frame = from_pandas(arrow.to_pandas(), npartitions=2)
    result = mining.annotate(shop(), frame, emotion="score")
    assert result.journey == expected.journey
    assert dict(result.unknown) == dict(expected.unknown)
