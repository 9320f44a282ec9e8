"""What the Spark and Dask tests share: the events, every entry point, and what may be collected.

Each case in :data:`CASES` runs one entry point on a table made by a
``convert`` function (a polars DataFrame in, the engine's table out) and
returns plain data to compare, so that a test asserts
``case(to_engine) == case(polars)``. :func:`counting` counts the rows a
distributed engine hands to the driver, and :func:`bound` is how many it may:
a few per touchpoint, one per pair and one per variant, never one per event.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sized
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import polars as pl
import pytest

import journeykit as jk
from journeykit import mining

Convert = Callable[[pl.DataFrame], Any]

STAGE = {
    "Sees ad": "Discover",
    "Opens mail": "Discover",
    "Views product": "Explore",
    "Reads reviews": "Explore",
    "Adds to cart": "Buy",
    "Checks out": "Buy",
    "Pays": "Buy",
    "Calls support": "Service",
}
# A few paths, so that the variants stay few however many customers there are.
PATHS = (
    ("Sees ad", "Views product", "Adds to cart", "Checks out", "Pays"),
    ("Sees ad", "Views product", "Reads reviews", "Views product", "Adds to cart"),
    ("Opens mail", "Views product", "Adds to cart", "Checks out", "Calls support", "Pays"),
    ("Opens mail", "Reads reviews"),
    ("Views product",),
    ("Sees ad", "Sees ad", "Views product", "Reads reviews", "Adds to cart", "Adds to cart"),
    ("Calls support", "Views product", "Checks out", "Pays", "Calls support"),
    ("Sees ad", "Opens mail", "Views product", "Reads reviews", "Adds to cart", "Checks out"),
)
START = datetime(2024, 5, 6)
FULL: dict[str, Any] = {"stage": "stage", "channel": "channel", "emotion": "mood"}


def events(customers: int = 240, seed: int = 3) -> pl.DataFrame:
    """Customers walking :data:`PATHS` over four weeks: ties in time, null moods and devices."""
    rng = random.Random(seed)
    rows = []
    for customer in range(customers):
        at = START + timedelta(minutes=rng.randrange(4 * 7 * 24 * 60))
        device = ("mobile", "desktop", None)[customer % 3]
        for name in rng.choice(PATHS):
            at += timedelta(seconds=rng.randrange(0, 400))  # 0: a tie, broken by the name
            mood = rng.choice((None, None, -1.5, 0.0, 1.0, 2.0))
            channel = rng.choice(("web", "web", "app"))
            rows.append((f"c{customer}", name, at, STAGE[name], channel, mood, device))
    names = ("customer_id", "event", "ts", "stage", "channel", "mood", "device")
    return pl.DataFrame(rows, schema=names, orient="row", schema_overrides={"mood": pl.Float64})


def _shown(journeys: dict[str, jk.Journey]) -> dict[str, str]:
    return {name: jk.dumps(journey) for name, journey in journeys.items()}


def _discover(convert: Convert) -> Any:
    found = mining.discover(convert(events()), **FULL)
    return jk.dumps(found.journey), found.variants


def _iso_text(convert: Convert) -> Any:
    # Offsets mixed in one column: every engine reads them to UTC.
    local = pl.col("ts").dt.strftime("%Y-%m-%dT%H:%M:%S+02:00")
    utc = (pl.col("ts") - pl.duration(hours=2)).dt.strftime("%Y-%m-%d %H:%M:%SZ")
    text = events().with_columns(
        pl.when(pl.col("customer_id").str.ends_with("1")).then(local).otherwise(utc).alias("ts")
    )
    return jk.dumps(mining.from_events(convert(text), **FULL))


def _seconds(convert: Convert) -> Any:
    # The step number breaks the ties in time the walk's own way, not by name.
    numbers = events().with_columns(
        pl.col("ts").dt.epoch("us") / 1_000_000,
        pl.int_range(pl.len()).over("customer_id").alias("step"),
    )
    return jk.dumps(mining.from_events(convert(numbers), tie_break="step"))


def _annotate(convert: Convert) -> Any:
    # A hand-made map of part of the journey: the other activities are unknown.
    known = events().filter(pl.col("event").is_in(["Sees ad", "Views product", "Pays"]))
    drawn = mining.from_events(known, stage="stage", title="Drawn")
    found = mining.annotate(drawn, convert(events()), emotion="mood")
    return jk.dumps(found.journey), dict(found.unknown), found.unmapped


def _path_table() -> pl.DataFrame:
    walked = mining.variants(events())
    return pl.DataFrame(
        {
            "path": [" > ".join(v.path) for v in walked],
            "customers": [v.customers for v in walked],
            "conversions": [v.customers // 3 for v in walked],
            "campaign": [("spring", "autumn")[i % 2] for i in range(len(walked))],
        }
    )


def _from_paths(convert: Convert) -> Any:
    table = convert(_path_table())
    by_campaign = mining.from_paths(
        table, segment="campaign", customers="customers", conversions="conversions"
    )
    whole = mining.from_paths(table, customers="customers", conversions="conversions")
    return jk.dumps(whole), _shown(by_campaign)


#: Every entry point, on the same events, as comparable data.
CASES: dict[str, Callable[[Convert], Any]] = {
    "from_events": lambda convert: jk.dumps(mining.from_events(convert(events()), **FULL)),
    "variants": lambda convert: mining.variants(convert(events()), top=5),
    "discover": _discover,
    "iso-text-times": _iso_text,
    "seconds-and-tie-break": _seconds,
    "segment": lambda convert: _shown(
        mining.from_events(convert(events()), segment="device", **FULL)
    ),
    "window": lambda convert: _shown(
        mining.from_events(convert(events()), window="1w", emotion="mood")
    ),
    "annotate": _annotate,
    "from_paths": _from_paths,
}


def _rows(result: object) -> int:
    """The rows an engine handed over: in a list, a pandas or an Arrow table, Arrow batches."""
    count = getattr(result, "num_rows", None)
    if count is not None:
        return int(count)
    if isinstance(result, list) and result and hasattr(result[0], "num_rows"):
        return sum(_rows(batch) for batch in result)  # PySpark 3.5's _collect_as_arrow
    return len(result) if isinstance(result, Sized) else 1  # a scalar: one row


@contextmanager
def counting(
    monkeypatch: pytest.MonkeyPatch, owners: type | tuple[type, ...], methods: tuple[str, ...]
) -> Iterator[list[int]]:
    """Count the rows each call of the ``owners``' ``methods`` returns to the driver.

    Yields the list of counts, one per outermost call: a method calling
    another (``toPandas`` calling ``collect``) counts once.
    """
    counts: list[int] = []
    depth = [0]

    def spy(original: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            depth[0] += 1
            try:
                result = original(*args, **kwargs)
            finally:
                depth[0] -= 1
            if not depth[0]:
                counts.append(_rows(result))
            return result

        return counted

    for owner in owners if isinstance(owners, tuple) else (owners,):
        for name in methods:
            if hasattr(owner, name):
                monkeypatch.setattr(owner, name, spy(getattr(owner, name)))
    yield counts
    monkeypatch.undo()


def bound(found: mining.Discovery) -> int:
    """The most rows discovering ``found`` may collect: not one per event.

    Per touchpoint: its events, its entries, its stage and channel votes (two
    channels); per pair of touchpoints (exits too) one row; per variant one;
    and a few rows of fault counts and schema checks.
    """
    touchpoints = len(found.journey.touchpoints)
    return 5 * touchpoints + len(found.journey.transitions) + len(found.variants) + 5


def _faulty(column: str, value: object) -> Callable[[], pl.DataFrame]:
    """:func:`events` with ``column`` set to ``value`` for every tenth customer."""

    def made() -> pl.DataFrame:
        table = events()
        some = pl.col("customer_id").str.ends_with("7")
        dtype = table.schema[column] if value is None else None
        changed = pl.when(some).then(pl.lit(value, dtype=dtype)).otherwise(pl.col(column))
        return table.with_columns(changed.alias(column))

    return made


#: Bad input at scale, small: each is refused naming the column and the rows at fault.
FAULTS: dict[str, Callable[[], pl.DataFrame]] = {
    "null-activities": _faulty("event", None),
    "null-customers": _faulty("customer_id", None),
    "null-times": _faulty("ts", None),
    "emotions-off-the-scale": _faulty("mood", 7.0),
}


def refusal(convert: Convert, fault: str) -> str:
    """The message mining the table ``FAULTS[fault]`` (converted) is refused with."""
    with pytest.raises(mining.EventDataError) as refused:
        mining.from_events(convert(FAULTS[fault]()), **FULL)
    return str(refused.value)


def many_events() -> pl.DataFrame:
    """About 20,000 events over the 8 touchpoints, for the bound on what is collected."""
    return events(customers=4_000, seed=11)


def driver_rows(
    monkeypatch: pytest.MonkeyPatch,
    convert: Convert,
    owners: type | tuple[type, ...],
    methods: tuple[str, ...],
) -> tuple[int, int, int]:
    """Discover :func:`many_events` on an engine, checking the result is polars'.

    Returns the rows the ``owners``' ``methods`` handed to the driver, the
    :func:`bound` on them, and the events there were.
    """
    table = many_events()
    frame = convert(table)
    with counting(monkeypatch, owners, methods) as counts:
        found = mining.discover(frame, **FULL)
    assert found == mining.discover(table, **FULL)
    return sum(counts), bound(found), table.height
