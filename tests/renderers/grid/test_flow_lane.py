"""The flow lane stays readable: a dozen flows a row at most, the busiest, labels short and whole.

Every check reads the computed layout (label boxes, texts, tooltips), not pixels,
on a journey mined from the shop's event log and on hand-made maps.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import attrs
import pytest

import journeykit as jk
from journeykit import figures
from journeykit.graph import Edge
from journeykit.renderers.grid._flow_pick import MAX_FLOWS, busiest, row_limit
from journeykit.renderers.grid._words import left_out
from journeykit.renderers.grid.draw import draw
from journeykit.renderers.grid.layout import Box, Layout, Row, Settings, Text, layout
from journeykit.renderers.grid.text import ELLIPSIS
from journeykit.renderers.theme import DEFAULT
from tests.conftest import ROOT
from tests.renderers.grid.boxes import inside, overlap, text_box
from tests.renderers.grid.journeys import big, flowers, measured, sally, shop

SVG = "{http://www.w3.org/2000/svg}"
SETTINGS = {
    "default": Settings(),
    "compact": Settings(compact=True),
    "narrow": Settings(compact=True, width=1600),
    "spanish": Settings(lang="es"),
}


def _example(name: str) -> jk.Journey:
    return jk.load(ROOT / "examples" / f"{name}.yaml")


def _maps() -> Iterator[tuple[str, jk.Journey]]:
    yield "shop", shop()
    yield "flowers", flowers()
    yield "measured", measured()
    yield "big60", big(60)
    yield "big200", big(200)
    for name in ("car-purchase", "sally-task-tool", "website-contact"):
        yield name, _example(name)


MAPS = dict(_maps())
CASES = [(name, key) for name in MAPS for key in SETTINGS]


@pytest.fixture(scope="module", params=CASES, ids=[f"{n}-{k}" for n, k in CASES])
def case(request: pytest.FixtureRequest) -> tuple[jk.Journey, Settings, Layout]:
    name, key = request.param
    settings = SETTINGS[key]
    return MAPS[name], settings, layout(MAPS[name], settings)


def _flow_lane(row: Row) -> Box:
    return next(lane.box for lane in row.lanes if lane.key == "flow")


def _labels(row: Row) -> list[Box]:
    return [arc.label_box for arc in row.arcs] + [mark.label_box for mark in row.exits]


def _texts(row: Row) -> list[Text]:
    texts = [arc.label for arc in row.arcs] + [mark.label for mark in row.exits]
    return texts + ([row.note] if row.note is not None else [])


def _candidates(journey: jk.Journey, row: Row, *, dense: bool) -> list[Edge]:
    """The edges the flow lane of ``row`` could draw as lines."""
    here = {c.touchpoint for c in row.columns}
    positions = journey.graph.positions
    return [
        edge
        for edge in journey.graph.edges
        if edge.direction != "forward"
        and positions[edge.source] in here
        and not (dense and edge.direction == "exit")
    ]


def _dense(plan: Layout) -> bool:
    return any(row.exits for row in plan.rows)


# -- every map, every setting --------------------------------------------------------


def test_no_label_lies_on_another_or_leaves_its_lane(
    case: tuple[jk.Journey, Settings, Layout],
) -> None:
    _, _, plan = case
    for row in plan.rows:
        if not row.arcs and not row.exits:
            continue
        lane = _flow_lane(row)
        boxes = _labels(row)
        for box in boxes:
            assert inside(box, lane), box
        for a, b in itertools.combinations(boxes, 2):
            assert not overlap(a, b), (a, b)
        for arc in row.arcs:
            assert inside(text_box(arc.label), arc.label_box)
        for mark in row.exits:
            assert inside(text_box(mark.label), mark.label_box)
        if row.note is not None:
            note = text_box(row.note)
            assert inside(note, lane)
            assert not any(overlap(note, box) for box in boxes)


def test_no_label_is_cut_short(case: tuple[jk.Journey, Settings, Layout]) -> None:
    _, _, plan = case
    for row in plan.rows:
        for text in _texts(row):
            (line,) = text.lines
            assert ELLIPSIS not in line
            assert not text.full  # nothing was left out of it


def test_every_label_carries_its_figures_as_figures_writes_them(
    case: tuple[jk.Journey, Settings, Layout],
) -> None:
    journey, settings, plan = case
    edges = journey.graph.edges
    for row in plan.rows:
        for arc in row.arcs:
            shown = figures.edge_figures(edges[arc.edge], settings.lang)
            if shown:
                assert arc.label.lines[0].endswith(" · " + ", ".join(shown)), arc.label
            assert arc.title.endswith(" · " + ", ".join(shown) if shown else "")
        for mark in row.exits:
            leaving = list(journey.graph.outgoing[journey.touchpoints[mark.touchpoint].id])
            share = math.fsum(e.share for e in leaving if e.direction == "exit")
            if leaving[0].informed:
                assert figures.percent(share, settings.lang) in mark.label.lines[0]


def test_at_most_the_row_limit_is_drawn_and_the_busiest_are(
    case: tuple[jk.Journey, Settings, Layout],
) -> None:
    journey, _, plan = case
    dense = _dense(plan)
    for row in plan.rows:
        assert len(row.arcs) <= row_limit(len(row.columns)) <= MAX_FLOWS
        ranked = busiest(journey, _candidates(journey, row, dense=dense))
        drawn = {arc.edge for arc in row.arcs}
        assert {e.index for e in ranked[: len(drawn)]} == drawn
        if not dense:  # a map that is not dense draws every flow
            assert len(drawn) == len(ranked)


def test_the_note_counts_what_was_left_out(case: tuple[jk.Journey, Settings, Layout]) -> None:
    journey, settings, plan = case
    dense = _dense(plan)
    moves = math.fsum(v for v in journey.graph.volumes if v is not None)
    for row in plan.rows:
        drawn = {arc.edge for arc in row.arcs}
        left = [e for e in _candidates(journey, row, dense=dense) if e.index not in drawn]
        if not left:
            assert row.note is None
            continue
        volumes = [journey.graph.volumes[e.index] for e in left]
        share = None
        if all(v is not None for v in volumes) and moves:
            share = math.fsum(v or 0.0 for v in volumes) / moves
        assert row.note is not None
        assert row.note.lines == (left_out(settings.lang, len(left), share),)


# -- the mined shop --------------------------------------------------------------------


@pytest.fixture(scope="module")
def mined() -> Layout:
    return layout(shop(), Settings())


def test_the_mined_shop_is_dense_and_leaves_rarer_flows_out(mined: Layout) -> None:
    (row,) = mined.rows  # 40 columns in one row
    assert len(row.arcs) == MAX_FLOWS
    assert row.note is not None
    assert row.note.lines[0].startswith(f"{len(_candidates(shop(), row, dense=True)) - 12} rarer")
    assert "% of moves, not drawn" in row.note.lines[0]


def test_exits_of_a_dense_map_are_marks_in_their_columns(mined: Layout) -> None:
    journey = shop()
    (row,) = mined.rows
    leaving = {
        journey.graph.positions[e.source] for e in journey.graph.edges if e.direction == "exit"
    }
    assert sorted(mark.touchpoint for mark in row.exits) == sorted(leaving)
    assert not any(arc.direction == "exit" for arc in row.arcs)
    lowest = max(arc.label_box.bottom for arc in row.arcs)
    for mark in row.exits:
        column = next(c for c in row.columns if c.touchpoint == mark.touchpoint)
        assert column.x <= mark.label_box.x
        assert mark.label_box.right <= column.x + column.width
        assert mark.label_box.y >= lowest  # on a strip below every level: no leg reaches it
        assert mark.label.lines[0].startswith("exit · ")
        assert mark.title.startswith(f"{mark.touchpoint + 1}. ")


def test_dense_labels_name_their_target_by_the_number_on_its_card(mined: Layout) -> None:
    journey = shop()
    (row,) = mined.rows
    for arc in row.arcs:
        assert arc.target is not None
        word = "↩" if arc.direction == "back" else "→"
        assert arc.label.lines[0].startswith(f"{word} {arc.target + 1} · ")
        target = journey.touchpoints[arc.target]
        assert f"→ {arc.target + 1}. {target.name}" in arc.title  # the whole name in the tooltip
    cards = [c.card for lane in row.lanes for c in lane.cells if c.card is not None]
    assert [card.number.lines for card in cards if card.number is not None] == [
        (str(i),) for i in range(1, 41)
    ]


def test_the_mined_shop_in_spanish_writes_numbers_the_spanish_way() -> None:
    plan = layout(shop(), Settings(lang="es", compact=True))
    labels = [arc.label.lines[0] for row in plan.rows for arc in row.arcs]
    assert any("n=1." in label for label in labels), labels
    assert all("\xa0%" in label for label in labels)
    metrics = [
        t.lines[0]
        for row in plan.rows
        for lane in row.lanes
        if lane.key == "metrics"
        for cell in lane.cells
        for t in cell.texts
    ]
    assert any(m.startswith("Tráfico ") and "." in m for m in metrics), metrics[:5]


def test_every_mark_has_the_whole_flow_as_its_tooltip() -> None:
    plan = layout(shop(), Settings(compact=True))
    root = ET.fromstring(draw(plan, DEFAULT))
    titles = {
        (g.get("id") or "").partition("-")[2]: g.findtext(f"{SVG}title")
        for g in root.iter(f"{SVG}g")
    }
    for row in plan.rows:
        for index, arc in enumerate(row.arcs):
            assert titles[f"arc-{row.index}-{index}"] == arc.title
            assert titles[f"label-{row.index}-{index}"] == arc.title
        for mark in row.exits:
            assert titles[f"exit-{mark.touchpoint}"] == mark.title


# -- hand-made maps ----------------------------------------------------------------------


def test_hand_made_maps_keep_their_words_and_no_numbers() -> None:
    plan = layout(_example("car-purchase"), Settings())
    labels = sorted(arc.label.lines[0] for row in plan.rows for arc in row.arcs)
    assert labels == [
        "comes back for a second car · 5%",
        "compares trims again · 30%",
        "exit: switches to an independent garage · 20%",
        "exit: walks away over the price · 25%",
        "goes straight to the dealer · 10%",
        "looks for a better deal · 15%",
    ]
    cards = [c.card for row in plan.rows for lane in row.lanes for c in lane.cells if c.card]
    assert cards
    assert all(card.number is None for card in cards)
    assert not any(row.exits for row in plan.rows)


def test_a_label_too_long_for_its_room_is_short_not_cut() -> None:
    journey = measured()
    (arc,) = [arc for row in layout(journey, Settings()).rows for arc in row.arcs if arc.edge == 3]
    assert arc.label.lines == ("exit · 20%",)
    assert arc.title == (
        "Browses roses and tulips → exit: closes the tab after comparing every bouquet with "
        "the florist down the road · 20%"
    )


def test_unmeasured_hand_made_flows_go_loops_first() -> None:
    journey = flowers()
    ranked = busiest(journey, [e for e in journey.graph.edges if e.direction != "forward"])
    assert [e.direction for e in ranked] == ["back", "skip", "exit"]


def test_busiest_reads_counts_then_shares_of_traffic_then_shares() -> None:
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", metrics={"traffic": 1000}),
                    "B",
                    jk.Touchpoint(name="C", metrics={"traffic": 10}),
                    "D",
                ],
            )
        ],
        transitions=[
            jk.Transition(source="a", target="c", kind="skip", probability=0.1),  # 100 people
            jk.Transition(source="c", target="a", kind="return", probability=0.9),  # 9 people
            jk.Transition(source="b", target="d", kind="skip", count=50),
            jk.Transition(source="d", target="b", kind="return"),
        ],
    )
    edges = [e for e in j.graph.edges if e.direction != "forward"]
    assert [j.graph.volumes[e.index] for e in edges] == [
        pytest.approx(100),
        pytest.approx(9),
        50,
        None,
    ]
    assert [e.key for e in busiest(j, edges)] == [("a", "c"), ("b", "d"), ("c", "a"), ("d", "b")]


def test_a_flow_leaving_its_row_names_its_target_by_number() -> None:
    journey = sally()
    plan = layout(journey, Settings(width=600, cell_width=200))
    arcs = [arc for row in plan.rows for arc in row.arcs]
    (arc,) = arcs
    assert not arc.up
    assert arc.label.lines == ("↩ 2",)
    cards = [c.card for row in plan.rows for lane in row.lanes for c in lane.cells if c.card]
    assert [card.number.lines[0] for card in cards if card.number is not None] == ["1", "2", "3"]


# -- the header says what a simplified map folded away --------------------------------------


def _simplified(journey: jk.Journey, record: object) -> jk.Journey:
    return attrs.evolve(journey, metadata={**journey.metadata, "simplified": record})


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "12 rarer touchpoints and 1,030 rarer flows, 4% of moves, not drawn",
        ),
        (
            "es",
            "Sin dibujar: 12 puntos de contacto menos frecuentes y 1.030 flujos menos "
            "frecuentes, el 4\xa0% de los movimientos",
        ),
    ],
)
def test_a_simplified_map_says_so_in_its_header(lang: str, expected: str) -> None:
    record = {"touchpoints": 12, "transitions": 1030, "moves": 400, "of_moves": 10_000}
    journey = _simplified(flowers(), record)
    plan = layout(journey, Settings(lang=lang))
    subtitles = [" ".join(t.lines) for t in plan.header.subtitles]
    assert expected in subtitles
    # The process map says it in the same words.
    dot = jk.render(attrs.evolve(journey, lang=lang), "graphviz", layout="rows")
    assert isinstance(dot, str)
    assert expected.replace("\xa0", " ")[:30] in dot.replace("\xa0", " ")


@pytest.mark.parametrize(
    "record", ["all of it", {"touchpoints": 1}, {"touchpoints": True, "transitions": 1,
                                                "moves": 1, "of_moves": 2}]
)  # fmt: skip
def test_a_record_that_is_not_one_says_nothing(record: object) -> None:
    plain = layout(flowers(), Settings())
    plan = layout(_simplified(flowers(), record), Settings())
    assert plan.header.subtitles == plain.header.subtitles
