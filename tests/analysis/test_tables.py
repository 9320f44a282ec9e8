"""Every analysis result shows as a table in a notebook and has ``to_frame``."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit import analysis, i18n, mining
from journeykit.analysis._frames import columns
from journeykit.analysis._table import MAX_ROWS, Table, Tabular
from journeykit.errors import JourneyError
from tests.strategies import journeys

nw = pytest.importorskip("narwhals")
pl = pytest.importorskip("polars")
pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

EVIL = "<img src=x onerror=alert(1)>"


def shop(cart: str = "Cart") -> jk.Journey:
    """A journey with hostile text in every text an analysis shows, and a share of 0.35."""
    return jk.Journey(
        title="Shop",
        stages=[
            jk.Stage(
                name="Find",
                touchpoints=[
                    jk.Touchpoint(id="ad", name=EVIL, emotion=1, pain_points=[EVIL], channel="web")
                ],
            ),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(id="cart", name=cart, emotion=-2),
                    jk.Touchpoint(id="pays", name="Pays", emotion=2, owner="Web"),
                ],
            ),
        ],
        transitions=[
            jk.Transition(source="cart", kind="exit", probability=0.35000000000000001),
            jk.Transition(source="pays", target="cart", kind="return", label=EVIL),
        ],
    )


def counted(left: int, stayed: int) -> jk.Journey:
    return jk.Journey(
        title="Counted",
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name=EVIL, metrics={"traffic": left + stayed, "exits": left}),
                    jk.Touchpoint(name="Conversion", metrics={"traffic": stayed, "exits": stayed}),
                ],
            )
        ],
        transitions=[jk.Transition(source="img-src-x-onerror-alert-1", target="conversion",
                                   count=stayed)],
        metadata={"customers": left + stayed},
    )  # fmt: skip


def _events() -> Any:
    return pl.DataFrame(
        {"customer_id": [1, 1, 2, 3], "event": [EVIL, "B", EVIL, EVIL], "ts": [0, 1, 0, 0]}
    )


# Each result kind, made by its public function.
RESULTS: dict[str, Callable[[], Any]] = {
    "moments": lambda: analysis.moments_that_matter(shop(), top=None),
    "funnel": lambda: analysis.funnel(shop()),
    "lint": lambda: analysis.lint(shop()),
    "top_paths": lambda: analysis.top_paths(shop(), k=5),
    "loops": lambda: analysis.loops(shop()),
    "back_edges": lambda: analysis.back_edges(shop()),
    "stage_summary": lambda: analysis.stage_summary(shop()),
    "emotion_curve": lambda: analysis.emotion_curve(shop()),
    "compare": lambda: analysis.compare(shop(), shop(cart=EVIL)),
    "attribution": lambda: analysis.attribution([(f"{EVIL} > b", 3, 1), ("b", 1, 1)]),
    "attribution_last": lambda: analysis.attribution([(f"{EVIL} > b", 3, 1)], model="last"),
    "segments": lambda: analysis.compare_segments(
        {"mobile": counted(400, 200), "desktop": counted(100, 500)}
    ),
    "trends": lambda: analysis.trends({"2024-05": counted(4, 6), "2024-06": counted(2, 8)}),
    "variants": lambda: mining.variants(_events()),
    "discovery": lambda: mining.discover(_events()),
}
LISTS = ["moments", "lint", "top_paths", "loops", "back_edges", "stage_summary"]
# Results whose rows hold the journey's texts (the others hold ids only).
WITH_TEXT = ["moments", "funnel", "lint", "back_edges", "stage_summary", "attribution",
             "attribution_last", "segments", "trends"]  # fmt: skip


def parts(result: Any) -> list[tuple[str | None, type[Any], Sequence[Any]]]:
    """Each part of a result: its name for ``to_frame``, its row class and its rows."""
    if isinstance(result, Table):
        return [(None, result.row, result)]
    if isinstance(result, mining.Discovery):
        result = result.variants
    if isinstance(result, mining.Variants):
        return [(None, mining.Variant, result)]
    assert isinstance(result, Tabular)
    return [(part, *result._rows(part)) for part in result._parts]


def frame_of(result: Any, part: str | None, backend: str) -> Any:
    return result.to_frame(backend) if part is None else result.to_frame(backend, part=part)


def tables(page: str) -> list[ET.Element]:
    root = ET.fromstring(f"<div>{page}</div>")  # well-formed, or this raises
    return root.findall("table")


@pytest.mark.parametrize("kind", RESULTS)
def test_html_is_well_formed_with_a_caption_and_a_heading_per_column(kind: str) -> None:
    result = RESULTS[kind]()
    found = tables(result._repr_html_())
    assert found
    if kind != "trends":  # the trends pivot: a table of touchpoints by periods
        assert len(found) == len(parts(result))
    words = set(i18n.section("table", "en").values())
    for table in found:
        assert (table.findtext("caption") or "").strip()
        head = [th.text for th in table.iterfind("thead/tr/th")]
        assert head
        assert all(h and "_" not in h for h in head)
        if kind != "trends":
            assert set(head) <= words
        for row in table.iterfind("tbody/tr"):
            assert len(row) == len(head)


@pytest.mark.parametrize("kind", [k for k in RESULTS if k != "trends"])
def test_html_shows_a_column_per_field_with_values(kind: str) -> None:
    result = RESULTS[kind]()
    for table, (_, row, rows) in zip(tables(result._repr_html_()), parts(result), strict=True):
        shown = [n for n in columns(row) if any(getattr(r, n) is not None for r in rows)]
        head = [th.text for th in table.iterfind("thead/tr/th")]
        assert head == [i18n.message(f"table.heading.{name}") for name in shown]
        assert len(table.findall("tbody/tr")) == len(rows)


def test_an_attribution_not_markov_shows_no_removal_effect() -> None:
    markov = RESULTS["attribution"]()._repr_html_()
    last = RESULTS["attribution_last"]()._repr_html_()
    assert "<th>removal effect</th>" in markov
    assert "removal effect" not in last
    assert "Attribution (markov, order 1): 4 conversions, value 0" in markov
    assert "Attribution (last): 3 conversions" in last


@pytest.mark.parametrize("kind", WITH_TEXT)
def test_hostile_text_appears_only_escaped(kind: str) -> None:
    page = RESULTS[kind]()._repr_html_()
    assert EVIL not in page
    assert "<img" not in page
    assert html.escape(EVIL) in page


def test_hostile_ids_and_captions_are_escaped_too() -> None:
    curve = analysis.EmotionCurve(
        points=(
            analysis.EmotionPoint(touchpoint=EVIL, stage=EVIL, emotion=None),
            analysis.EmotionPoint(touchpoint="b", stage="s", emotion=1),
        ),
        rises=(),
        drops=(),
    )
    paths = Table([analysis.RankedPath(path=(EVIL, "b"), probability=1.0)],
                  row=analysis.RankedPath, topic="top_paths")  # fmt: skip
    compared = analysis.compare(shop(), jk.Journey(title="Empty"))
    for page in (curve._repr_html_(), paths._repr_html_(), compared._repr_html_()):
        assert "<img" not in page
    assert f"{html.escape(EVIL)} → b" in paths._repr_html_()
    assert "<td>—</td>" in curve._repr_html_()  # a missing emotion
    assert "removed: ad; cart; pays" in compared._repr_html_()


def test_numbers_are_rounded_and_shares_are_percentages() -> None:
    ranked = analysis.top_paths(shop(), k=5)
    assert ranked[0].probability == pytest.approx(0.35)
    page = ranked._repr_html_()
    assert "<td>35%</td>" in page
    assert "0.35" not in page
    funnel = analysis.funnel(shop())._repr_html_()
    assert "<td>65%</td>" in funnel  # the cart's conversion
    assert "1.4285" not in funnel  # visits per customer, at most two decimals
    assert "Funnel by touchpoint, in visits per customer" in funnel


def test_long_results_show_the_first_rows_and_say_so() -> None:
    many = Table([analysis.RankedPath(path=(f"t{i}",), probability=0.001) for i in range(250)],
                 row=analysis.RankedPath, topic="top_paths")  # fmt: skip
    (table,) = tables(many._repr_html_())
    assert len(table.findall("tbody/tr")) == MAX_ROWS
    assert "(the first 100 of 250 rows)" in (table.findtext("caption") or "")
    assert len(many.to_frame("polars")) == 250


@pytest.mark.parametrize("backend", ["polars", "pandas"])
@pytest.mark.parametrize("kind", RESULTS)
def test_to_frame_gives_a_row_an_item_and_the_declared_types(kind: str, backend: str) -> None:
    result = RESULTS[kind]()
    for part, row, rows in parts(result):
        frame = frame_of(result, part, backend)
        assert type(frame).__module__.split(".")[0] == backend
        schema = nw.from_native(frame).schema
        assert {name: str(dtype) for name, dtype in schema.items()} == columns(row)
        assert len(frame) == len(rows)


def test_declared_types_follow_the_fields() -> None:
    assert columns(analysis.StageSummary)["channels"] == "List(String)"
    assert columns(analysis.StageSummary)["touchpoints"] == "Int64"
    assert columns(analysis.Finding)["severity"] == "String"  # a Literal
    assert columns(analysis.Loop)["transition"] == "String"
    assert columns(jk.Transition)["metrics"] == "String"
    assert columns(analysis.SegmentRow)["emotion"] == "Float64"  # optional
    loops = analysis.loops(shop()).to_frame("polars")
    assert loops["transition"].to_list() == ["pays → cart"]
    assert loops["path"].to_list() == [["cart", "pays"]]
    edges = analysis.back_edges(shop()).to_frame("pandas")
    assert edges["metrics"].tolist() == ["{}"]

    @attrs.frozen
    class Odd:
        when: complex

    with pytest.raises(JourneyError, match=r"to_frame: Odd\.when is a <class 'complex'>"):
        Table([Odd(1j)], row=Odd, topic="lint").to_frame("polars")


def test_to_frame_refuses_an_unknown_part_or_backend() -> None:
    funnel = analysis.funnel(shop())
    assert len(funnel.to_frame("polars", part="stages")) == 2
    with pytest.raises(jk.ValidationError, match="part: must be one of touchpoints, stages"):
        funnel.to_frame("polars", part="rows")
    with pytest.raises(jk.ValidationError, match="backend: must be one of pandas, polars"):
        analysis.lint(shop()).to_frame("arrow")


@pytest.mark.parametrize("kind", LISTS)
def test_list_results_are_still_plain_lists(kind: str) -> None:
    result = RESULTS[kind]()
    plain = list(result)
    assert isinstance(result, list)
    assert result == plain
    assert plain == result
    assert repr(result) == repr(plain)
    assert result[:] == plain
    assert len(result) == len(plain) > 0


def test_empty_results_are_empty_tables() -> None:
    empty = jk.Journey(title="Empty")
    assert analysis.back_edges(empty) == []
    assert analysis.top_paths(empty) == []
    frame = analysis.stage_summary(empty).to_frame("polars")
    assert frame.shape == (0, len(attrs.fields(analysis.StageSummary)))
    (table,) = tables(analysis.loops(empty)._repr_html_())
    assert len(table.findall("thead/tr/th")) == len(attrs.fields(analysis.Loop))


NUMERIC = {"Int64", "Float64"}


def _results(journey: jk.Journey) -> list[Any]:
    return [
        analysis.moments_that_matter(journey, top=None),
        analysis.lint(journey),
        analysis.top_paths(journey, k=5) if journey.touchpoints else Table(
            row=analysis.RankedPath, topic="top_paths"),
        analysis.loops(journey),
        analysis.back_edges(journey),
        analysis.stage_summary(journey),
        analysis.emotion_curve(journey),
        analysis.funnel(journey),
        analysis.compare(journey, journey),
    ]  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip
@given(journeys(max_stages=3, max_touchpoints=3, max_personas=1, max_transitions=4))
def test_frames_have_a_row_per_item_and_the_items_numbers(journey: jk.Journey) -> None:
    for result in _results(journey):
        for part, row, rows in parts(result):
            frame = frame_of(result, part, "polars")
            assert len(frame) == len(rows)
            for name, kind in columns(row).items():
                if kind in NUMERIC:
                    assert frame[name].to_list() == [getattr(r, name) for r in rows]
            tables(result._repr_html_())  # and the page stays well-formed
