"""``analysis.trends``: each touchpoint's numbers, period by period."""

from __future__ import annotations

from typing import Any

import attrs
import pandas as pd
import polars as pl
import pytest

import journeykit as jk
from journeykit import analysis, mining
from journeykit.analysis import TrendPeriod, TrendRow, Trends
from tests.mining.test_windows import STEPS, weekly_log

WEEKS = ["2024-05-06", "2024-05-13", "2024-05-20", "2024-05-27"]


@pytest.fixture(scope="module")
def weekly() -> dict[str, jk.Journey]:
    return mining.by_window(weekly_log(), window="1w", emotion="mood")


def test_the_drop_off_at_checkout_grows_and_conversion_falls(
    weekly: dict[str, jk.Journey],
) -> None:
    result = analysis.trends(weekly, conversion="pays")
    checkout = result.series("checkout")
    assert [row.period for row in checkout] == WEEKS
    shares = [row.drop_off for row in checkout]
    assert shares == sorted(shares)
    assert checkout[0].drop_off_high < checkout[-1].drop_off_low  # far apart, not by chance
    conversions = [p.conversion for p in result.periods]
    assert conversions == sorted(conversions, reverse=True)  # type: ignore[type-var]
    assert [p.customers for p in result.periods] == [200] * 4


def test_the_rows_are_compare_segments_rows_read_by_period(
    weekly: dict[str, jk.Journey],
) -> None:
    result = analysis.trends(weekly, conversion="pays", confidence=0.9)
    compared = analysis.compare_segments(weekly, conversion="pays", confidence=0.9)
    as_segments = [
        {
            **attrs.asdict(row, filter=lambda field, _: field.name != "partial"),
            "segment": row.period,
        }
        for row in result.rows
    ]
    assert [{**r, "period": None} for r in as_segments] == [
        {**attrs.asdict(row), "period": None} for row in compared.rows
    ]
    assert [row.touchpoint for row in result.rows[:: len(WEEKS)]] == [
        s.lower().replace(" ", "-") for s in STEPS
    ]
    for row in result.rows:
        journey = weekly[row.period]
        touchpoint = journey.touchpoint(row.touchpoint)
        assert row.customers == touchpoint.metrics["traffic"]
        assert row.drop_off == pytest.approx(touchpoint.metrics["drop_off"])
        assert row.emotion == touchpoint.emotion
        assert row.drop_off_low <= row.drop_off <= row.drop_off_high


def test_a_touchpoint_no_one_reached_in_a_period_has_no_row_there() -> None:
    log = pl.DataFrame(
        {
            "customer_id": [1, 1, 2, 3, 3],
            "event": ["Cart", "Pays", "Cart", "Cart", "Help"],
            "ts": ["2024-05-06", "2024-05-06", "2024-05-13", "2024-05-20", "2024-05-20"],
        }
    )
    result = analysis.trends(mining.by_window(log, window="1w"), conversion="pays")
    assert [row.period for row in result.series("pays")] == ["2024-05-06"]
    assert [row.period for row in result.series("help")] == ["2024-05-20"]
    assert [p.conversion for p in result.periods] == [1.0, 0.0, 0.0]
    table = result.to_markdown().splitlines()
    assert table[0] == "| Drop-off | May 6, 2024 | May 13, 2024 | May 20, 2024 (partial) |"
    assert table[5:] == ["| Pays | 100% | — | — |", "| Help | — | — | 100% |"]


def test_periods_the_data_covers_in_part_are_marked_everywhere() -> None:
    # The data runs from Wednesday 8 May to Tuesday 21 May: both weeks in part but the middle.
    log = pl.DataFrame(
        {
            "customer_id": [1, 1, 2, 3],
            "event": ["Cart", "Pays", "Cart", "Cart"],
            "ts": ["2024-05-08", "2024-05-09", "2024-05-13", "2024-05-21"],
        }
    )
    journeys = mining.by_window(log, window="1w")
    result = analysis.trends(journeys, conversion="pays")
    assert [(p.period, p.partial) for p in result.periods] == [
        ("2024-05-06", True),
        ("2024-05-13", False),
        ("2024-05-20", True),
    ]
    assert [(row.period, row.partial) for row in result.series("cart")] == [
        ("2024-05-06", True),
        ("2024-05-13", False),
        ("2024-05-20", True),
    ]
    head = "| Drop-off | May 6, 2024 (partial) | May 13, 2024 | May 20, 2024 (partial) |"
    assert result.to_markdown().splitlines()[0] == head
    page = jk.render(journeys["2024-05-13"], "markdown", trends=result)
    assert head in page


def test_journeys_without_a_period_are_whole() -> None:
    journey = jk.Journey(
        title="Shop",
        stages=[jk.Stage(name="S", touchpoints=["Cart"])],
        transitions=[jk.Transition(source="cart", kind="exit", count=4)],
        metadata={"period": "not a mapping"},
    )
    result = analysis.trends({"May": journey, "June": attrs.evolve(journey, metadata={})})
    assert [p.partial for p in result.periods] == [False, False]
    assert "(partial)" not in result.to_markdown()


def test_one_period_is_a_trend_of_one_point() -> None:
    journeys = mining.by_window(weekly_log(weeks=1, customers=30), window="1mo")
    result = analysis.trends(journeys)
    assert [p.period for p in result.periods] == ["2024-05-01"]
    assert all(p.conversion is None for p in result.periods)  # no conversion touchpoint
    assert len(result.series("checkout")) == 1
    assert "Conversion" not in result.to_markdown()


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_to_frame_has_one_row_per_touchpoint_and_period(
    weekly: dict[str, jk.Journey], backend: str
) -> None:
    result = analysis.trends(weekly)
    frame: Any = result.to_frame(backend)
    assert isinstance(frame, pd.DataFrame if backend == "pandas" else pl.DataFrame)
    assert list(frame.columns) == [f.name for f in attrs.fields(TrendRow)]
    assert len(frame) == len(result.rows) == len(STEPS) * len(WEEKS)


def _hostile() -> Trends:
    name = "<script>alert(1)</script> | *x*"
    row = TrendRow(
        touchpoint="x",
        name=name,
        period="<b>",
        customers=3,
        dropped=1,
        drop_off=1 / 3,
        drop_off_low=0.06,
        drop_off_high=0.79,
        emotion=None,
    )
    period = TrendPeriod(
        period="<b>",
        customers=3,
        conversions=None,
        conversion=None,
        conversion_low=None,
        conversion_high=None,
    )
    return Trends(confidence=0.95, periods=(period,), rows=(row,))


def test_texts_are_escaped_in_markdown_and_html() -> None:
    result = _hostile()
    markdown = result.to_markdown()
    assert "<" not in markdown
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\* | 33% |" in markdown
    page = result._repr_html_()
    assert "<script>" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *x*" in page
    assert 'title="6% to 79%, 3 customers"' in page


def test_results_have_readable_reprs() -> None:
    assert repr(_hostile()).startswith("Trends(confidence=0.95, periods=(TrendPeriod(period='<b>'")


# -- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize("journeys", [{}, [], None, "2024-05-06"])
def test_journeys_must_be_a_non_empty_mapping(journeys: Any) -> None:
    with pytest.raises(jk.ValidationError, match=r"^journeys: must be a non-empty mapping of"):
        analysis.trends(journeys)


def test_a_journey_without_counts_is_refused() -> None:
    drawn = jk.Journey(
        title="Drawn", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A")])]
    )
    with pytest.raises(jk.ValidationError, match=r"^journeys\['2024-05-06'\]: has no counts"):
        analysis.trends({"2024-05-06": drawn})


def test_an_unknown_conversion_and_a_bad_confidence_are_refused(
    weekly: dict[str, jk.Journey],
) -> None:
    with pytest.raises(jk.ValidationError, match=r"^conversion: no journey has a touchpoint 'b"):
        analysis.trends(weekly, conversion="buys")
    with pytest.raises(jk.ValidationError, match=r"^confidence: must be between 0 and 1"):
        analysis.trends(weekly, confidence=1.5)


def test_series_of_an_unknown_touchpoint_lists_those_there_are(
    weekly: dict[str, jk.Journey],
) -> None:
    with pytest.raises(jk.NotFoundError, match=r"no touchpoint 'cart'; known: 'views-product'"):
        analysis.trends(weekly).series("cart")


# -- the language of the tables -------------------------------------------------------------


def test_the_tables_speak_spanish_with_its_numbers(weekly: dict[str, jk.Journey]) -> None:
    english = analysis.trends(weekly, conversion="pays")
    spanish = analysis.trends(weekly, conversion="pays", lang="es")
    assert (english.lang, spanish.lang) == ("en", "es")
    assert spanish.rows == english.rows
    assert spanish.periods == english.periods
    lines = spanish.to_markdown().splitlines()
    days = (jk.figures.day(week, "es") for week in WEEKS)  # "6 may 2024"
    assert lines[0] == "| Abandono | " + " | ".join(days) + " |"
    assert lines[2] == "| **Clientes** | 200 | 200 | 200 | 200 |"
    assert lines[3].startswith("| **Conversión** | ")
    assert all(cell.endswith("\xa0%") for cell in lines[3].split(" | ")[1:-1])
    assert english.to_markdown().splitlines()[3].startswith("| **Conversion** | ")
    page = spanish._repr_html_()
    assert "Abandono por punto de contacto y periodo (intervalos del 95\xa0%" in page
    assert " clientes" in page  # the tips: the interval and the customers
    assert "del " in page


def test_thousands_and_partial_periods_in_spanish() -> None:
    week = TrendPeriod(period="2024-05-06", customers=1200, conversions=None, conversion=None,
                       conversion_low=None, conversion_high=None, partial=True)  # fmt: skip
    row = TrendRow(touchpoint="cart", name="Customers", period="2024-05-06", customers=1200,
                   dropped=600, drop_off=0.5, drop_off_low=0.47, drop_off_high=0.53,
                   emotion=None, partial=True)  # fmt: skip
    table = Trends(confidence=0.95, periods=(week,), rows=(row,), lang="es").to_markdown()
    assert table.splitlines() == [
        "| Abandono | 6 may 2024 (parcial) |",
        "| --- | --- |",
        "| **Clientes** | 1.200 |",
        "| Customers | 50\xa0% |",  # a touchpoint named as a total row is not made bold
    ]
    assert "1,200" in Trends(confidence=0.95, periods=(week,), rows=(row,)).to_markdown()


def test_the_periods_language_is_theirs_when_they_agree(weekly: dict[str, jk.Journey]) -> None:
    spanish = {name: attrs.evolve(journey, lang="es") for name, journey in weekly.items()}
    assert analysis.trends(spanish).lang == "es"
    assert analysis.trends(spanish, lang="en").lang == "en"
