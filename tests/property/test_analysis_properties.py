"""Invariants of the analysis helpers over any journey the model allows."""

from __future__ import annotations

import math
import re
from itertools import islice, pairwise

import attrs
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import analysis, graph
from tests.strategies import journeys

# The journeys strategy draws a lot of hostile text: slow to generate, not to check.
relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


def _steps(j: jk.Journey) -> set[tuple[str, str | None]]:
    return {(t.source, t.target) for t in j.flow}


def _is_walk(j: jk.Journey, path: tuple[str, ...] | list[str]) -> bool:
    steps = _steps(j)
    return all((a, b) in steps for a, b in pairwise(path))


@relaxed
@given(journeys())
def test_every_yielded_path_is_a_simple_walk_from_an_entry_to_an_exit(j: jk.Journey) -> None:
    starts, ends = set(graph.entries(j)), set(graph.exits(j))
    for path in islice(analysis.paths(j), 50):
        assert path[0] in starts
        assert path[-1] in ends
        assert len(set(path)) == len(path)
        assert _is_walk(j, path)


@relaxed
@given(journeys())
def test_top_paths_are_likely_walks_most_likely_first(j: jk.Journey) -> None:
    ranked = analysis.top_paths(j, k=5)
    chances = [p.probability for p in ranked]
    assert chances == sorted(chances, reverse=True)
    assert all(0 < p <= 1 + 1e-9 for p in chances)
    assert math.fsum(chances) <= 1 + 1e-9  # each is a distinct whole journey
    for p in ranked:
        assert _is_walk(j, p.path)
        assert len(set(p.path)) == len(p.path)


@relaxed
@given(journeys())
def test_every_back_edge_closes_a_loop_unless_its_target_cannot_lead_back(j: jk.Journey) -> None:
    closing = {id(loop.transition): loop for loop in analysis.loops(j)}
    for edge in analysis.back_edges(j):
        assert edge.target is not None
        assert j.position(edge.target) <= j.position(edge.source)
        loop = closing.get(id(edge))
        if loop is None:
            assert analysis.shortest_path(j, edge.target, edge.source) is None
            continue
        assert loop.path[0] == loop.entry == edge.target
        assert loop.path[-1] == edge.source
        assert _is_walk(j, loop.path)
        assert list(loop.stages) == [
            s.id for s in j.stages if s.id in {j.stage_of(t).id for t in loop.path}
        ]


@relaxed
@given(journeys())
def test_every_cycle_is_a_closed_walk_starting_at_its_earliest_touchpoint(j: jk.Journey) -> None:
    for cycle in islice(analysis.loops(j, all_cycles=True), 30):
        assert _is_walk(j, (*cycle, cycle[0]))
        assert min(cycle, key=j.position) == cycle[0]


@relaxed
@given(journeys(), st.none() | st.integers(0, 4))
def test_paths_are_networkx_simple_paths_in_the_same_order(
    j: jk.Journey, cutoff: int | None
) -> None:
    view = j.graph
    g = graph.skeleton(j)
    ends = set(view.exits)
    expected = (p for s in view.entries for p in nx.all_simple_paths(g, s, ends, cutoff=cutoff))
    assert list(islice(analysis.paths(j, max_length=cutoff), 300)) == list(islice(expected, 300))


@relaxed
@given(journeys(), st.none() | st.integers(0, 4))
def test_cycles_are_networkx_simple_cycles_grouped_by_their_first_touchpoint(
    j: jk.Journey, bound: int | None
) -> None:
    order = j.graph.positions
    found = list(islice(analysis.loops(j, all_cycles=True, max_length=bound), 2000))
    firsts = [order[c[0]] for c in found]
    assert firsts == sorted(firsts)
    if len(found) == 2000:
        return
    expected = []
    for cycle in nx.simple_cycles(graph.skeleton(j), length_bound=bound):
        first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
        expected.append(tuple(cycle[first:] + cycle[:first]))
    assert sorted(found) == sorted(expected)


@relaxed
@given(journeys())
def test_shortest_paths_are_as_short_as_networkx_says(j: jk.Journey) -> None:
    g = graph.skeleton(j)
    ids = [t.id for t in j.touchpoints]
    for a in ids[:4]:
        lengths = nx.single_source_shortest_path_length(g, a)
        for b in ids:
            found = analysis.shortest_path(j, a, b)
            assert (found is None) == (b not in lengths)
            if found is not None:
                assert (found[0], found[-1], len(found) - 1) == (a, b, lengths[b])
                assert _is_walk(j, found)


@relaxed
@given(journeys())
def test_moments_are_sorted_by_load_with_reasons(j: jk.Journey) -> None:
    moments = analysis.moments_that_matter(j, top=None)
    loads = [m.load for m in moments]
    assert loads == sorted(loads, reverse=True)
    assert all(m.load > 0 and m.reasons for m in moments)
    assert len({m.touchpoint for m in moments}) == len(moments)
    assert analysis.moments_that_matter(j, top=3) == moments[:3]


@relaxed
@given(journeys())
def test_funnel_never_grows_without_a_loop_and_everyone_leaves(j: jk.Journey) -> None:
    f = analysis.funnel(j, lang="en")  # the note is read below, in English
    assert [r.id for r in f.touchpoints] == [t.id for t in j.touchpoints]
    assert [r.id for r in f.stages] == [s.id for s in j.stages]
    for row in (*f.touchpoints, *f.stages):
        for value in (row.reached, row.continued, row.dropped):
            assert value is None or value >= 0
        if row.conversion is not None:
            assert row.conversion >= 0
    if f.basis != "shares":
        return
    base = 1.0
    if f.note.startswith("expected customers"):  # scaled by the traffic at the entries
        base = math.fsum(j.touchpoint(id).metrics["traffic"] for id in graph.entries(j))
    reached = [r.reached for r in f.touchpoints if r.reached is not None]
    if not analysis.back_edges(j):
        assert all(value <= base * (1 + 1e-9) for value in reached)  # each customer comes once
        assert all(r.conversion is None or r.conversion <= 1 + 1e-9 for r in f.touchpoints)
    if j.touchpoints and all(math.isfinite(v) for v in reached):
        assert math.fsum(r.dropped or 0 for r in f.touchpoints) == pytest.approx(base)


_PLACE = re.compile(r"stages(\[(\d+)\](\.touchpoints\[(\d+)\])?)?")


@relaxed
@given(journeys())
def test_lint_findings_follow_their_rule_and_name_a_real_place(j: jk.Journey) -> None:
    for finding in analysis.lint(j):
        assert analysis.RULES[finding.rule][0] == finding.severity
        match = _PLACE.fullmatch(finding.path)
        assert match is not None
        if match.group(2) is not None:
            stage = j.stages[int(match.group(2))]
            if match.group(4) is not None:
                assert stage.touchpoints[int(match.group(4))].name.__repr__() in finding.message
        assert str(finding).startswith(f"{finding.severity} {finding.rule} {finding.path}: ")


@relaxed
@given(journeys())
def test_curve_follows_the_main_path_and_sorts_its_changes(j: jk.Journey) -> None:
    curve = analysis.emotion_curve(j)
    assert tuple(p.touchpoint for p in curve.points) == j.main_path
    assert all(c.delta > 0 for c in curve.rises)
    assert all(c.delta < 0 for c in curve.drops)
    assert [c.delta for c in curve.rises] == sorted((c.delta for c in curve.rises), reverse=True)


@relaxed
@given(journeys())
def test_summary_counts_every_touchpoint(j: jk.Journey) -> None:
    summary = analysis.stage_summary(j)
    assert sum(s.touchpoints for s in summary) == len(j.touchpoints)
    for s in summary:
        if s.mean_emotion is not None:
            assert s.min_emotion is not None
            assert s.max_emotion is not None
            assert s.min_emotion - 1e-9 <= s.mean_emotion <= s.max_emotion + 1e-9


@relaxed
@given(journeys(), journeys())
def test_compare_is_unchanged_with_itself_and_sees_every_id(a: jk.Journey, b: jk.Journey) -> None:
    assert analysis.compare(a, a).unchanged
    c = analysis.compare(a, b)
    ids_a, ids_b = {t.id for t in a.touchpoints}, {t.id for t in b.touchpoints}
    assert set(c.added) == ids_b - ids_a
    assert set(c.removed) == ids_a - ids_b
    assert {x.touchpoint for x in c.changed} <= ids_a & ids_b


@relaxed
@given(journeys())
def test_results_are_deterministic(j: jk.Journey) -> None:
    assert analysis.lint(j) == analysis.lint(j)
    assert analysis.funnel(j) == analysis.funnel(j)
    assert analysis.top_paths(j) == analysis.top_paths(j)
    assert analysis.loops(j) == analysis.loops(j)


@st.composite
def journeys_with_probabilities(draw: st.DrawFn) -> jk.Journey:
    """Journeys whose transitions carry probabilities (each source's add up to at most 1)."""
    j = draw(journeys())
    out_of: dict[str, int] = {}
    for t in j.transitions:
        out_of[t.source] = out_of.get(t.source, 0) + 1
    transitions = [
        attrs.evolve(t, probability=draw(st.floats(0, 1 / out_of[t.source])))
        if draw(st.booleans())
        else t
        for t in j.transitions
    ]
    return attrs.evolve(j, transitions=transitions)


@relaxed
@given(journeys_with_probabilities())
def test_with_probabilities_every_customer_leaves_once_and_paths_share_at_most_all(
    j: jk.Journey,
) -> None:
    f = analysis.funnel(j)
    reached = [r.reached for r in f.touchpoints if r.reached is not None]
    if f.basis == "shares" and j.touchpoints and all(math.isfinite(v) for v in reached):
        base = 1.0
        if f.unit == "customers":  # scaled by the traffic at the entries
            base = math.fsum(j.touchpoint(id).metrics["traffic"] for id in graph.entries(j))
        assert math.fsum(r.dropped or 0 for r in f.touchpoints) == pytest.approx(base, abs=1e-6)
    ranked = analysis.top_paths(j, k=5)
    assert math.fsum(p.probability for p in ranked) <= 1 + 1e-9
