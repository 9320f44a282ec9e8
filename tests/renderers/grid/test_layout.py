from __future__ import annotations

import itertools
import re

import attrs
import pytest

import journeykit as jk
from journeykit.figures import edge_figures
from journeykit.renderers.grid.layout import (
    DEFAULT_LANES,
    MAX_WIDTH,
    Box,
    Cubic,
    Layout,
    Line,
    Quad,
    Settings,
    layout,
)
from tests.renderers.grid.boxes import inside, overlap, text_box
from tests.renderers.grid.journeys import big, flowers, measured, sally, team


@pytest.fixture(scope="module")
def plan() -> Layout:
    return layout(flowers(), Settings(moments={2: "lowest emotion"}))


def test_one_column_per_touchpoint_and_per_empty_stage(plan: Layout) -> None:
    columns = plan.rows[0].columns
    assert [c.touchpoint for c in columns] == [0, 1, 2, 3, None, 4]
    assert [c.stage for c in columns] == [0, 0, 1, 1, 2, 3]
    for left, right in itertools.pairwise(columns):
        assert left.x + left.width == pytest.approx(right.x)


def test_header_and_persona_card_stay_above_the_grid(plan: Layout) -> None:
    header = plan.header
    top = plan.rows[0].box.y
    assert header.bottom <= top
    for card in header.cards:
        assert card.box.bottom <= top
        for text in card.texts:
            assert inside(text_box(text), card.box)
    title = text_box(header.title)
    assert not any(overlap(title, card.box) for card in header.cards)


def test_stage_bands_span_their_columns(plan: Layout) -> None:
    row = plan.rows[0]
    for band in row.stages:
        mine = [c for c in row.columns if c.stage == band.stage]
        assert band.box.x == pytest.approx(mine[0].x)
        assert band.box.right == pytest.approx(mine[-1].x + mine[-1].width)
        assert inside(text_box(band.name), band.box)
        if band.goal is not None:
            assert inside(text_box(band.goal), band.box)


def test_default_lanes_leave_out_empty_ones() -> None:
    keys = [lane.key for lane in layout(sally(), Settings(lang="es")).rows[0].lanes]
    assert keys == ["touchpoints", "thoughts", "emotions", "flow", "pain_points", "owners",
                    "metrics"]  # fmt: skip
    assert set(keys) <= set(DEFAULT_LANES)


def test_lanes_can_be_chosen_and_reordered() -> None:
    lanes = ("emotions", "owners", "touchpoints")
    plan = layout(flowers(), Settings(lanes=lanes))
    assert tuple(lane.key for lane in plan.rows[0].lanes) == lanes
    ys = [lane.box.y for lane in plan.rows[0].lanes]
    assert ys == sorted(ys)


def test_lanes_stack_without_gaps_and_cells_stayinside(plan: Layout) -> None:
    row = plan.rows[0]
    for upper, lower in itertools.pairwise(row.lanes):
        assert upper.box.bottom == pytest.approx(lower.box.y)
    for lane in row.lanes:
        assert inside(text_box(lane.title), Box(lane.box.x, lane.box.y, 152, lane.box.height))
        for cell in lane.cells:
            column = row.columns[cell.column]
            area = Box(column.x, lane.box.y, column.width, lane.box.height)
            for text in cell.texts:
                assert inside(text_box(text), area), (lane.key, text)
            for box in cell.boxes:
                assert inside(box, area), (lane.key, box)


def test_backstage_touchpoints_sit_below_the_line_of_visibility(plan: Layout) -> None:
    row = plan.rows[0]
    lanes = {lane.key: lane for lane in row.lanes}
    assert row.visibility == lanes["backstage"].box.y
    backstage = [c for c in lanes["backstage"].cells if c.texts]
    front = [c for c in lanes["touchpoints"].cells if c.texts]
    assert [row.columns[c.column].touchpoint for c in backstage] == [3]
    assert 3 not in [row.columns[c.column].touchpoint for c in front]


def test_without_a_backstage_lane_backstage_touchpoints_are_tagged() -> None:
    plan = layout(flowers(), Settings(lanes=("touchpoints",)))
    cells = plan.rows[0].lanes[0].cells
    label = cells[3].texts[1]
    assert (label.full or label.lines[0]) == "Back office · backstage"


def test_emotion_points_follow_the_scale(plan: Layout) -> None:
    row = plan.rows[0]
    (curve,) = row.curves
    by_index = {p.touchpoint: p for p in curve.points}
    assert by_index[4].y < by_index[0].y < by_index[1].y < by_index[2].y  # +2, +1, 0, -2
    assert by_index[1].y == row.baseline
    assert by_index[3].score is None
    assert by_index[3].y == row.baseline
    for point in curve.points:
        column = next(c for c in row.columns if c.touchpoint == point.touchpoint)
        assert point.x == pytest.approx(column.center)
    lane = next(lane for lane in row.lanes if lane.key == "emotions")
    assert all(lane.box.y < level.y < lane.box.bottom for level in row.levels)
    assert [level.label for level in row.levels] == ["\u22122", "\u22121", "0", "+1", "+2"]
    assert next(level.y for level in row.levels if level.score == 0) == row.baseline


def test_the_curve_never_overshoots_its_points(plan: Layout) -> None:
    (curve,) = plan.rows[0].curves
    assert curve.path is not None
    assert all(isinstance(segment, Cubic) for segment in curve.path.segments)
    ys = [y for _, y in curve.path.points()]
    scored = [p.y for p in curve.points if p.score is not None]
    assert min(ys) >= min(scored) - 1e-6
    assert max(ys) <= max(scored) + 1e-6


def test_one_curve_per_persona_and_a_legend_for_them() -> None:
    plan = layout(team(), Settings())
    assert [c.key for c in plan.rows[0].curves] == ["ana", "ben", "caro"]
    legend = [item.label.lines[0] for item in plan.header.legend if item.kind == "curve"]
    assert legend == ["Ana", "Ben", "Caro"]


def test_compare_draws_current_and_future() -> None:
    current = flowers()
    future = attrs.evolve(current, state="future", stages=current.stages[:1], transitions=())
    plan = layout(current, Settings(compare=future))
    curves = plan.rows[0].curves
    assert [c.key for c in curves] == ["current", "future"]
    assert [c.label for c in curves] == ["Current state", "Future state"]
    assert [p.touchpoint for p in curves[1].points] == [0, 1]


def test_flow_labels_never_overlap_and_stay_in_their_lane(plan: Layout) -> None:
    row = plan.rows[0]
    lane = next(lane for lane in row.lanes if lane.key == "flow")
    directions = sorted(arc.direction for arc in row.arcs)
    assert directions == ["back", "exit", "skip"]
    for arc in row.arcs:
        assert inside(arc.label_box, lane.box)
        assert inside(text_box(arc.label), arc.label_box)
        assert all(isinstance(segment, Line | Quad) for segment in arc.path.segments)
    for a, b in itertools.combinations(row.arcs, 2):
        assert not overlap(a.label_box, b.label_box)


def test_a_mark_for_every_edge_that_is_not_forward() -> None:
    journey = measured()
    plan = layout(journey, Settings())
    arcs = [arc for row in plan.rows for arc in row.arcs]
    edges = journey.graph.edges
    assert sorted(arc.edge for arc in arcs) == [e.index for e in edges if e.direction != "forward"]
    for arc in arcs:
        edge = edges[arc.edge]
        assert arc.direction == edge.direction
        assert arc.source == journey.graph.positions[edge.source]
        assert arc.target == (None if edge.target is None else journey.graph.positions[edge.target])


def test_flow_labels_carry_the_figures_of_their_edge() -> None:
    journey = measured()
    arcs = [arc for row in layout(journey, Settings()).rows for arc in row.arcs]
    assert arcs
    for arc in arcs:
        figures = edge_figures(journey.graph.edges[arc.edge])
        assert figures  # every flow of this journey is measured
        (shown,) = arc.label.lines
        # The same text as every other renderer prints, always in sight, even when cut.
        assert shown.endswith(f" · {', '.join(figures)}"), shown
        whole = arc.label.full or shown
        assert whole.endswith(f" · {', '.join(figures)}")
    by_edge = {arc.edge: arc for arc in arcs}
    assert by_edge[0].label.lines == ("exit: abandons the cart · 58%, n=290",)
    assert by_edge[2].label.lines == ("skip to Checks out · 50%, n=35",)


def test_unmeasured_flows_print_no_figures() -> None:
    journey = flowers()
    for arc in layout(journey, Settings()).rows[0].arcs:
        assert edge_figures(journey.graph.edges[arc.edge]) == ()
        assert "%" not in arc.label.lines[0]


@pytest.mark.parametrize(
    "settings", [Settings(), Settings(compact=True), Settings(compact=True, width=900)]
)
def test_measured_flow_labels_never_overlap_and_stay_in_their_lane(settings: Settings) -> None:
    for journey in (measured(), big(60)):
        for row in layout(journey, settings).rows:
            lane = next(lane for lane in row.lanes if lane.key == "flow")
            for arc in row.arcs:
                assert inside(arc.label_box, lane.box)
                assert inside(text_box(arc.label), arc.label_box)
            for a, b in itertools.combinations(row.arcs, 2):
                assert not overlap(a.label_box, b.label_box)


def test_labels_leave_the_arrow_heads_at_the_row_edge_in_sight() -> None:
    plan = layout(big(40), Settings(compact=True, width=900))
    leaving = [
        arc for row in plan.rows for arc in row.arcs if arc.direction != "exit" and not arc.up
    ]
    assert leaving
    for arc in leaving:
        x, y = arc.arrow
        head = Box(x - 7, y - 4, 7, 8) if arc.label_box.x < x else Box(x, y - 4, 7, 8)
        assert not overlap(head, arc.label_box)


def test_return_arcs_point_into_their_target() -> None:
    plan = layout(flowers(), Settings())
    row = plan.rows[0]
    back = next(arc for arc in row.arcs if arc.direction == "back")
    target = next(c for c in row.columns if c.touchpoint == back.target)
    assert back.up
    assert target.x < back.arrow[0] < target.x + target.width


def test_compact_mode_wraps_rows_within_the_width() -> None:
    plan = layout(big(120), Settings(compact=True, width=1600))
    assert plan.width <= 1600
    assert len(plan.rows) > 1
    assert sum(len(row.columns) for row in plan.rows) == 120
    for upper, lower in itertools.pairwise(plan.rows):
        assert upper.box.bottom < lower.box.y
        assert lower.stages[0].name.lines[0].endswith("(cont.)") == (
            upper.columns[-1].stage == lower.columns[0].stage
        )


def test_flows_that_leave_a_row_name_their_target() -> None:
    plan = layout(big(40), Settings(compact=True, width=900))
    leaving = [
        arc for row in plan.rows for arc in row.arcs if arc.direction != "exit" and not arc.up
    ]
    assert leaving
    for arc in leaving:  # by its name (whose "(12)" big() writes), or by its number
        assert arc.target is not None
        shown = arc.label.lines[0]
        assert re.search(r"\(\d+\)", shown) or re.match(f"[↩→] {arc.target + 1}\\b", shown)


def test_an_empty_journey_still_has_a_grid() -> None:
    plan = layout(jk.Journey(title="Nothing yet"), Settings())
    assert len(plan.rows) == 1
    assert plan.rows[0].columns == ()
    assert plan.width > 0
    assert plan.height > plan.header.bottom


def test_long_text_is_cut_and_kept_whole_for_the_tooltip() -> None:
    name = "Reads " + "very " * 200 + "long terms"
    j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name=name)])])
    plan = layout(j, Settings())
    card = next(lane for lane in plan.rows[0].lanes if lane.key == "touchpoints").cells[0]
    assert card.texts[0].full == name
    assert card.texts[0].lines[-1].endswith("…")


def test_short_journeys_widen_their_columns_in_one_row() -> None:
    plan = layout(sally(), Settings())
    (row,) = plan.rows
    assert len(row.columns) == 3
    assert row.columns[0].width > 180
    assert row.box.right == pytest.approx(plan.width - 32, abs=0.05)


def test_very_long_journeys_wrap_below_cairos_limit() -> None:
    plan = layout(big(400), Settings(lanes=("touchpoints",)))
    assert plan.width <= MAX_WIDTH < 32_767
    assert len(plan.rows) == 3
