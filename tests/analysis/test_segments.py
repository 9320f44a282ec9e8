"""``analysis.wilson`` and ``compare_segments``: differences with intervals, not guesses."""

from __future__ import annotations

import math
import random

import attrs
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit import analysis, mining
from journeykit.errors import ValidationError


def wilson_by_roots(successes: int, trials: int, z: float) -> tuple[float, float]:
    """The Wilson bounds as the roots of (p_hat - p)^2 = z^2 p (1 - p) / n, solved for p."""
    p_hat, k = successes / trials, z * z / trials
    # (1 + k) p^2 - (2 p_hat + k) p + p_hat^2 = 0
    a, b, c = 1 + k, -(2 * p_hat + k), p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


@pytest.mark.parametrize(
    ("successes", "trials", "confidence", "low", "high"),
    [
        (5, 10, 0.95, 0.2366, 0.7634),
        (0, 12, 0.95, 0.0, 0.2425),
        (12, 12, 0.95, 0.7575, 1.0),
        (1, 1, 0.95, 0.2065, 1.0),
        (50, 100, 0.99, 0.3753, 0.6247),
    ],
)
def test_wilson_gives_the_known_values(
    successes: int, trials: int, confidence: float, low: float, high: float
) -> None:
    found = analysis.wilson(successes, trials, confidence)
    assert found[0] == pytest.approx(low, abs=5e-5)
    assert found[1] == pytest.approx(high, abs=5e-5)


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_is_the_roots_of_its_quadratic_and_holds_the_share(counts: tuple[int, int]) -> None:
    successes, trials = counts
    low, high = analysis.wilson(successes, trials)
    assert 0 <= low <= successes / trials <= high <= 1
    expected = wilson_by_roots(successes, trials, 1.959963984540054)
    assert low == pytest.approx(expected[0], abs=1e-9)
    assert high == pytest.approx(expected[1], abs=1e-9)


@given(st.integers(1, 500), st.floats(0, 1), st.integers(2, 50))
def test_wilson_narrows_with_more_trials(trials: int, share: float, times: int) -> None:
    successes = round(share * trials)
    low, high = analysis.wilson(successes, trials)
    more_low, more_high = analysis.wilson(successes * times, trials * times)
    assert more_high - more_low < high - low
    assert more_low <= successes / trials <= more_high


def test_wilson_widens_with_the_confidence() -> None:
    narrow, wide = analysis.wilson(30, 100, 0.8), analysis.wilson(30, 100, 0.99)
    assert wide[0] < narrow[0] < 0.3 < narrow[1] < wide[1]


@pytest.mark.parametrize(
    ("successes", "trials", "confidence", "message"),
    [
        (1, 0, 0.95, r"trials: must be a whole number of at least 1, got 0"),
        (3, 2, 0.95, r"successes: must be a whole number from 0 to 2, got 3"),
        (-1, 2, 0.95, r"successes: must be a whole number from 0 to 2, got -1"),
        (1.5, 2, 0.95, r"successes: must be a whole number"),
        (True, 2, 0.95, r"successes: must be a whole number"),
        (1, 2, 1.0, r"confidence: must be between 0 and 1 \(not included\), got 1.0"),
        (1, 2, 0, r"confidence: must be between 0 and 1 \(not included\), got 0"),
        (1, 2, "95%", r"confidence: must be a number between 0 and 1, got '95%'"),
    ],
)
def test_wilson_refuses_what_is_no_count(
    successes: object, trials: object, confidence: object, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        analysis.wilson(successes, trials, confidence)  # type: ignore[arg-type]


def shop(per_device: int, seed: int = 11) -> pl.DataFrame:
    """A seeded log: mobile customers leave at checkout 31% of the time, desktop ones 12%."""
    rng = random.Random(seed)
    rows = []
    for customer in range(2 * per_device):
        device = "mobile" if customer % 2 else "desktop"
        leave = 0.31 if device == "mobile" else 0.12
        for time, step in enumerate(["Home", "Cart", "Checkout", "Buy"]):
            rows.append((customer, step, time, device, 1.0 if device == "desktop" else -1.0))
            if rng.random() < (leave if step == "Checkout" else 0.05):
                break
    return pl.DataFrame(rows, schema=["customer_id", "event", "ts", "device", "mood"], orient="row")


def test_mobile_customers_leaving_at_checkout_more_is_reported() -> None:
    journeys = mining.by_segment(shop(2000), segment="device", emotion="mood")
    result = analysis.compare_segments(journeys)
    checkout = [d for d in result.differences if d.touchpoint == "checkout"]
    assert [(d.measure, d.higher, d.lower) for d in checkout] == [("drop_off", "mobile", "desktop")]
    rows = {(r.touchpoint, r.segment): r for r in result.rows}
    mobile, desktop = rows["checkout", "mobile"], rows["checkout", "desktop"]
    assert checkout[0].reason == (
        f"mobile: {round(mobile.drop_off * 100)}% leave at Checkout "
        f"({round(mobile.drop_off_low * 100)}% to {round(mobile.drop_off_high * 100)}%, "
        f"{mobile.customers:,} customers), desktop: {round(desktop.drop_off * 100)}% "
        f"({round(desktop.drop_off_low * 100)}% to {round(desktop.drop_off_high * 100)}%, "
        f"{desktop.customers:,} customers)"
    )
    assert 0.27 < mobile.drop_off < 0.35
    assert 0.09 < desktop.drop_off < 0.15
    assert mobile.dropped == journeys["mobile"].touchpoint("checkout").metrics["exits"]
    assert (mobile.emotion, desktop.emotion) == (-1.0, 1.0)
    assert checkout[0].gap == pytest.approx(mobile.drop_off_low - desktop.drop_off_high)
    # The same rates on 12 customers: intervals overlap, nothing is reported.
    few = analysis.compare_segments(mining.by_segment(shop(6), segment="device"))
    assert [d for d in few.differences if d.touchpoint == "checkout"] == []
    assert all(r.drop_off_low <= r.drop_off <= r.drop_off_high for r in few.rows)


def counted(left: int, stayed: int, *, converted: int | None = None) -> jk.Journey:
    """A hand-made map with counts: ``left`` leave at the cart, ``stayed`` pay."""
    pays = converted if converted is not None else stayed
    return jk.Journey(
        title="Shop",
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="Cart", metrics={"traffic": left + stayed, "exits": left}),
                    jk.Touchpoint(name="Conversion", metrics={"traffic": pays, "exits": pays}),
                ],
            )
        ],
        transitions=[jk.Transition(source="cart", target="conversion", count=pays)],
        metadata={"customers": left + stayed},
    )


def test_overlapping_intervals_are_not_a_difference_however_far_the_shares() -> None:
    result = analysis.compare_segments({"a": counted(3, 1), "b": counted(1, 3)})
    assert result.differences == ()
    shares = {r.segment: r.drop_off for r in result.rows if r.touchpoint == "cart"}
    assert shares == {"a": 0.75, "b": 0.25}


def test_the_conversion_touchpoint_gives_each_segments_conversion() -> None:
    result = analysis.compare_segments({"web": counted(900, 100), "app": counted(500, 500)})
    assert [(s.segment, s.conversions, s.conversion) for s in result.segments] == [
        ("web", 100, 0.1),
        ("app", 500, 0.5),
    ]
    web = result.segments[0]
    assert (web.conversion_low, web.conversion_high) == analysis.wilson(100, 1000)
    conversion = [d for d in result.differences if d.measure == "conversion"]
    assert [(d.higher, d.lower, d.touchpoint) for d in conversion] == [("app", "web", None)]
    assert conversion[0].reason.startswith("app: 50% convert (47% to 53%, 1,000 customers), web:")


def test_from_paths_journeys_have_their_conversion_compared() -> None:
    table = pl.DataFrame(
        {"path": ["Ads > Cart"] * 2, "campaign": ["a", "b"], "conv": [300, 50], "null": [700, 950]}
    )
    journeys = mining.paths_by_segment(table, segment="campaign", conversions="conv", nulls="null")
    result = analysis.compare_segments(journeys)
    assert [s.conversion for s in result.segments] == [0.3, 0.05]
    assert any(d.measure == "conversion" for d in result.differences)


def test_a_conversion_touchpoint_can_be_named_and_must_exist() -> None:
    journeys = mining.by_segment(shop(200), segment="device")
    result = analysis.compare_segments(journeys, conversion="buy")
    assert all(s.conversions == journeys[s.segment].touchpoint("buy").metrics["traffic"]
               for s in result.segments)  # fmt: skip
    with pytest.raises(ValidationError, match=r"conversion: no journey has a touchpoint 'pay'"):
        analysis.compare_segments(journeys, conversion="pay")


def test_a_segment_of_one_customer_gets_a_wide_interval_and_no_claim() -> None:
    result = analysis.compare_segments({"one": counted(1, 0), "many": counted(500, 500)})
    cart = {r.segment: r for r in result.rows if r.touchpoint == "cart"}
    assert (cart["one"].customers, cart["one"].drop_off) == (1, 1.0)
    assert (cart["one"].drop_off_low, cart["one"].drop_off_high) == analysis.wilson(1, 1)
    assert all(d.touchpoint != "cart" for d in result.differences)  # 100% of 1 against 50%
    # Even one customer is a difference when the other interval lies outside its own.
    rare = analysis.compare_segments({"one": counted(1, 0), "many": counted(10, 990)})
    assert [d.reason for d in rare.differences if d.touchpoint == "cart"] == [
        "one: 100% leave at Cart (21% to 100%, 1 customer), many: 1% (1% to 2%, 1,000 customers)"
    ]


def test_a_touchpoint_one_segment_never_reaches_has_no_row_there() -> None:
    result = analysis.compare_segments({"a": counted(5, 5), "b": counted(10, 0)})
    assert [(r.touchpoint, r.segment) for r in result.rows] == [
        ("cart", "a"),
        ("cart", "b"),
        ("conversion", "a"),
    ]


@pytest.mark.parametrize(
    ("journeys", "message"),
    [
        ({}, r"journeys: must be a non-empty mapping"),
        ([counted(1, 1)], r"journeys: must be a non-empty mapping"),
        ({"x": "map.yaml"}, r"journeys\['x'\]"),
        (
            {"x": jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A"])])},
            r"journeys\['x'\]: has no counts of customers",
        ),
    ],
)
def test_compare_segments_refuses_what_it_cannot_compare(journeys: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        analysis.compare_segments(journeys)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="confidence"):
        analysis.compare_segments({"a": counted(1, 1)}, confidence=95)


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_to_frame_gives_a_row_per_touchpoint_and_segment(backend: str) -> None:
    result = analysis.compare_segments({"a": counted(5, 5), "b": counted(10, 0)})
    frame = result.to_frame(backend)
    assert list(frame.columns) == [
        "touchpoint", "name", "segment", "customers", "dropped", "drop_off", "drop_off_low",
        "drop_off_high", "emotion",
    ]  # fmt: skip
    assert len(frame) == 3
    with pytest.raises(ValidationError, match="backend: must be one of pandas, polars"):
        result.to_frame("spark")


def test_results_are_frozen_with_readable_reprs() -> None:
    result = analysis.compare_segments({"a": counted(5, 5)})
    assert repr(result.rows[0]).startswith("SegmentRow(touchpoint='cart', name='Cart', segment='a'")
    with pytest.raises(AttributeError):
        result.rows[0].customers = 3  # type: ignore[misc]


# -- the language of the reasons ------------------------------------------------------------


def _shop(left: int, stayed: int, lang: str = "en") -> jk.Journey:
    return attrs.evolve(counted(left, stayed), lang=lang)


def _at_cart(result: analysis.SegmentComparison) -> str:
    return next(d.reason for d in result.differences if d.measure == "drop_off")


def test_reasons_speak_the_language_asked_with_its_numbers() -> None:
    journeys = {"mobile": _shop(800, 400), "desktop": _shop(200, 1000)}
    english = analysis.compare_segments(journeys)
    assert english.lang == "en"
    assert _at_cart(english) == (
        "mobile: 67% leave at Cart (64% to 69%, 1,200 customers), "
        "desktop: 17% (15% to 19%, 1,200 customers)"
    )
    spanish = analysis.compare_segments(journeys, lang="es")
    assert spanish.lang == "es"
    assert _at_cart(spanish) == (
        "mobile: el 67\xa0% abandona en Cart (del 64\xa0% al 69\xa0%, 1.200 clientes), "
        "desktop: el 17\xa0% (del 15\xa0% al 19\xa0%, 1.200 clientes)"
    )
    # the same differences, found the same way: only the words change
    assert [attrs.evolve(d, reason="") for d in spanish.differences] == [
        attrs.evolve(d, reason="") for d in english.differences
    ]


def test_a_conversion_difference_says_convert_in_each_language() -> None:
    journeys = {"a": _shop(900, 100), "b": _shop(100, 900)}
    found = analysis.compare_segments(journeys, lang="es").differences
    converting = next(d for d in found if d.measure == "conversion")
    assert converting.reason.startswith(
        "b: el 90\xa0% convierte (del 88\xa0% al 92\xa0%, 1.000 clientes)"
    )


@pytest.mark.parametrize(
    ("langs", "expected"),
    [(("es", "es"), "es"), (("es", "en"), "en"), (("fr", "fr"), "en"), (("en", "en"), "en")],
)
def test_by_default_the_journeys_one_language_when_catalogued(
    langs: tuple[str, str], expected: str
) -> None:
    journeys = {"a": _shop(400, 200, langs[0]), "b": _shop(100, 500, langs[1])}
    assert analysis.compare_segments(journeys).lang == expected
    assert analysis.compare_segments(journeys, lang="en").lang == "en"


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError, match="lang: must be one of en, es, pt, got 'fr'"):
        analysis.compare_segments({"a": _shop(4, 2)}, lang="fr")


def test_the_notebook_tables_speak_the_comparisons_language() -> None:
    page = analysis.compare_segments({"a": _shop(4, 2), "b": _shop(1, 5)}, lang="es")._repr_html_()
    assert "<caption>Segmentos, con intervalos del 95\xa0%</caption>" in page
    assert "<th>abandono</th>" in page
