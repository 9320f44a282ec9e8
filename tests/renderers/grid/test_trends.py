"""The grid's ``trends`` option: a drop-off trend line per touchpoint in the metrics lane."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

import journeykit as jk
from journeykit import analysis
from journeykit.analysis import TrendPeriod, TrendRow, Trends
from journeykit.renderers.grid.layout import Layout, Settings, Sparkline, layout
from tests.renderers.grid.journeys import flowers

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Pays <script>alert("x")</script> & ]]> "quotes"'


def _trends(shares: dict[str, list[float | None]], customers: int = 100) -> Trends:
    """Trends of some touchpoints of :func:`flowers`: a share per period, None where none came."""
    periods = [f"2024-05-{6 + 7 * i:02d}" for i in range(max(map(len, shares.values())))]
    rows = [
        TrendRow(
            touchpoint=id,
            name=id,
            period=periods[i],
            customers=customers,
            dropped=round(share * customers),
            drop_off=share,
            drop_off_low=max(0.0, share - 0.05),
            drop_off_high=min(1.0, share + 0.05),
            emotion=None,
        )
        for id, values in shares.items()
        for i, share in enumerate(values)
        if share is not None
    ]
    return Trends(
        confidence=0.95,
        periods=tuple(
            TrendPeriod(
                period=p,
                customers=customers,
                conversions=None,
                conversion=None,
                conversion_low=None,
                conversion_high=None,
            )
            for p in periods
        ),
        rows=tuple(rows),
    )


def _sparks(plan: Layout) -> dict[int, Sparkline]:
    """Each touchpoint's trend line (by its index), from the layout's metrics lanes."""
    found = {}
    for row in plan.rows:
        for lane in row.lanes:
            for cell in lane.cells:
                if lane.key == "metrics" and cell.spark is not None:
                    touchpoint = row.columns[cell.column].touchpoint
                    assert touchpoint is not None
                    found[touchpoint] = cell.spark
    return found


def test_the_points_follow_the_series() -> None:
    trends = _trends({"checks-out": [0.2, 0.5, 0.3, 0.6]})
    spark = _sparks(layout(flowers(), Settings(trends=trends)))[2]  # Checks out
    xs = [x for x, _ in spark.points]
    ys = [y for _, y in spark.points]
    assert spark.values == (0.2, 0.5, 0.3, 0.6)
    # Evenly across the periods, from the line's left to its right edge...
    assert xs[0] == pytest.approx(spark.box.x)
    assert xs[-1] == pytest.approx(spark.box.right)
    steps = [b - a for a, b in itertools.pairwise(xs)]
    assert steps == pytest.approx([steps[0]] * 3, abs=0.02)
    # ... higher on the page (smaller y) for a higher drop-off, within the box.
    assert sorted(range(4), key=lambda i: ys[i]) == [3, 1, 2, 0]
    assert all(spark.box.y <= y <= spark.box.bottom for y in ys)
    (run,) = spark.runs
    assert run.points() == list(spark.points)
    assert spark.last == spark.points[-1]
    assert spark.label.lines == ("60%",)
    assert spark.label.x > spark.box.right


def test_the_label_and_tooltip_speak_the_maps_language() -> None:
    journey = flowers()
    trends = _trends({"checks-out": [0.2, 0.55]})
    spark = _sparks(layout(journey, Settings(trends=trends, lang="es")))[2]
    assert spark.label.lines == ("55\xa0%",)
    assert spark.title.splitlines() == [
        "Checks out: abandono por periodo",
        "6 may 2024: 20\xa0% (n=100)",
        "13 may 2024: 55\xa0% (n=100)",
    ]


def test_a_period_nobody_reached_breaks_the_line_and_shows_a_dash() -> None:
    trends = _trends({"checks-out": [0.2, 0.3, None, 0.4, None, 0.5, 0.6]})
    spark = _sparks(layout(flowers(), Settings(trends=trends)))[2]
    assert len(spark.points) == 5
    assert [len(run.points()) for run in spark.runs] == [2, 2]
    assert spark.dots == (spark.points[2],)  # the 40% of period 4, alone
    assert "May 20, 2024: —" in spark.title.splitlines()


def test_a_flat_series_is_not_blown_up() -> None:
    trends = _trends({"checks-out": [0.30, 0.31]})
    spark = _sparks(layout(flowers(), Settings(trends=trends)))[2]
    (_, first), (_, last) = spark.points
    # One point of percentage is a tenth of the line's least span: a small step.
    assert 0 < first - last < spark.box.height * 0.15


def test_one_period_and_unknown_touchpoints_get_no_line() -> None:
    trends = _trends({"checks-out": [0.4], "sees-a-google-ad": [0.1, 0.2], "elsewhere": [0.1, 0.2]})
    sparks = _sparks(layout(flowers(), Settings(trends=trends)))
    assert list(sparks) == [0]  # only the ad: "checks-out" has one period, "elsewhere" no column


def test_without_lines_the_poster_is_unchanged() -> None:
    trends = _trends({"checks-out": [0.4]})
    assert jk.render(flowers(), "grid", trends=trends) == jk.render(flowers(), "grid")


def test_the_metrics_lane_says_what_the_lines_show_and_stays_low() -> None:
    journey = flowers()
    plain = layout(journey, Settings())
    plan = layout(journey, Settings(trends=_trends({"checks-out": [0.2, 0.5]})))
    before = next(lane for lane in plain.rows[0].lanes if lane.key == "metrics")
    after = next(lane for lane in plan.rows[0].lanes if lane.key == "metrics")
    assert after.note is not None
    assert after.note.lines == ("Line: drop-off by period",)
    assert before.note is None
    # The line takes a line of text and a little room: not much more.
    assert after.box.height - before.box.height <= 1.7 * 15.84


def test_the_metrics_lane_is_drawn_for_the_lines_alone() -> None:
    journey = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Cart", "Pays"])])
    trends = _trends({"cart": [0.5, 0.4]})
    assert "metrics" not in layout(journey, Settings()).lanes
    assert "metrics" in layout(journey, Settings(trends=trends)).lanes


@pytest.mark.parametrize("value", ["trends.csv", {"rows": []}, [], 3, flowers()])
def test_a_bad_value_is_refused_naming_the_option(value: object) -> None:
    with pytest.raises(
        jk.ValidationError, match=r"^trends: must be the Trends of journeykit.analysis.trends, got "
    ):
        jk.render(flowers(), "grid", trends=value)


def test_hostile_names_stay_text_in_the_tooltip() -> None:
    journey = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(id="pays", name=HOSTILE)])],
    )
    svg = jk.render(journey, "grid", trends=_trends({"pays": [0.1, 0.2]}))
    assert isinstance(svg, str)
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # still well-formed XML
    spark = next(g for g in root.iter(f"{SVG}g") if (g.get("id") or "").endswith("-spark-0"))
    title = spark.find(f"{SVG}title")
    assert title is not None
    assert title.text is not None
    assert title.text.splitlines()[0] == f"{HOSTILE}: drop-off by period"


def test_a_mined_journey_gets_a_line_per_touchpoint_followed() -> None:
    import polars as pl

    from journeykit import mining

    events = pl.DataFrame(
        {
            "customer_id": [1, 1, 2, 3, 3, 4, 5, 5],
            "event": ["Cart", "Pays", "Cart", "Cart", "Pays", "Cart", "Cart", "Pays"],
            "ts": [
                "2024-05-06",
                "2024-05-07",
                "2024-05-08",
                "2024-05-13",
                "2024-05-13",
                "2024-05-14",
                "2024-05-20",
                "2024-05-21",
            ],
        }
    )
    trends = analysis.trends(mining.by_window(events, window="1w"))
    plan = layout(mining.from_events(events), Settings(trends=trends))
    sparks = _sparks(plan)
    assert {index: spark.values for index, spark in sparks.items()} == {
        0: tuple(row.drop_off for row in trends.series("cart")),
        1: tuple(row.drop_off for row in trends.series("pays")),
    }
