"""The shop event log example: seeded, realistic, minable."""

from __future__ import annotations

import sys
from itertools import pairwise
from pathlib import Path

import pyarrow.compute as pc
import pytest

import journeykit as jk
from journeykit import mining
from tests.mining.test_main_path import check_most_travelled, check_stages_follow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))

from shop_events import TOUCHPOINTS, generate, main


def test_the_same_seed_gives_the_same_log() -> None:
    assert generate(5_000, seed=3).equals(generate(5_000, seed=3))
    assert not generate(5_000, seed=3).equals(generate(5_000, seed=4))


def test_the_log_has_about_the_rows_asked_and_whole_journeys() -> None:
    table = generate(20_000, seed=2)
    assert 20_000 <= table.num_rows < 20_000 + 200
    assert table.column_names == ["customer_id", "event", "ts", "stage", "channel", "emotion"]
    emotions = table["emotion"].drop_null()
    assert pc.min(emotions).as_py() >= -2
    assert pc.max(emotions).as_py() <= 2


@pytest.fixture(scope="module")
def shop() -> mining.Discovery:
    return mining.discover(
        generate(30_000, seed=5),
        stage="stage",
        channel="channel",
        emotion="emotion",
        title="Online shop",
    )


def test_mining_the_shop_finds_its_shape(shop: mining.Discovery) -> None:
    found = shop
    j = found.journey
    assert len(j.touchpoints) == len(TOUCHPOINTS)
    assert [s.name for s in j.stages] == [
        "Discover",
        "Explore",
        "Decide",
        "Buy",
        "Receive",
        "After",
    ]
    kinds = {t.kind for t in j.transitions}
    assert kinds == {"next", "skip", "return", "exit"}
    failed = j.touchpoint("payment-fails").emotion
    assert failed is not None
    assert failed < 0
    assert found.variants[0].customers > found.variants[-1].customers
    assert jk.analysis.back_edges(j)


def test_the_main_path_is_what_most_shoppers_do(shop: mining.Discovery) -> None:
    j = shop.journey
    # Most start at the Instagram ad; the busiest move from each step leads through the
    # product page, the cart, checkout and payment to delivery and a review, and stops
    # at the reorder reminder, whose customers go back to pages already on the path.
    assert j.main_path == (
        "sees-an-instagram-ad",
        "views-a-product-page",
        "adds-to-cart",
        "views-the-cart",
        "starts-checkout",
        "enters-the-address",
        "pays",
        "gets-the-order-confirmation",
        "gets-the-shipping-notice",
        "receives-the-parcel",
        "unboxes-the-product",
        "uses-the-product",
        "gets-a-review-request",
        "writes-a-review",
        "recommends-the-shop-to-a-friend",
        "gets-a-reorder-reminder",
    )
    check_most_travelled(j)
    check_stages_follow(j)
    # The poster reads it left to right: every step goes forward.
    assert all(j.position(a) < j.position(b) for a, b in pairwise(j.main_path))
    curve = jk.analysis.emotion_curve(j)
    assert [p.touchpoint for p in curve.points] == list(j.main_path)


def test_the_script_writes_csv_and_parquet(tmp_path: Path) -> None:
    for name in ("shop.csv", "shop.parquet"):
        assert main(["--events", "2000", "-o", str(tmp_path / name)]) == 0
        assert mining.from_events(_read(tmp_path / name)).touchpoints


def _read(path: Path) -> object:
    import polars as pl

    return (
        pl.read_csv(path, try_parse_dates=True) if path.suffix == ".csv" else pl.read_parquet(path)
    )
