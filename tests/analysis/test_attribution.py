from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import analysis
from journeykit.analysis import _markov
from journeykit.analysis._credit import shapley
from journeykit.cli import main

PATHS = [("Search > Email", 3, 1, 120.0), ("Search", 0, 4, 0.0), ("Email", 1, 1, 30.0)]


def credit(result: analysis.Attribution) -> dict[str, float]:
    return {row.channel: row.conversions for row in result.rows}


def test_first_last_linear_by_hand() -> None:
    assert credit(analysis.attribution(PATHS, model="first")) == {"Search": 3.0, "Email": 1.0}
    assert credit(analysis.attribution(PATHS, model="last")) == {"Email": 4.0, "Search": 0.0}
    linear = analysis.attribution(PATHS, model="linear")
    assert credit(linear) == {"Email": 2.5, "Search": 1.5}
    assert {r.channel: r.value for r in linear.rows} == {"Email": 90.0, "Search": 60.0}
    assert all(r.removal_effect is None for r in linear.rows)


def test_position_and_time_decay_by_hand() -> None:
    paths = [(["a", "b", "c", "d"], 10, 0), (["a"], 1, 0), (["b", "c"], 2, 0)]
    assert credit(analysis.attribution(paths, model="position")) == pytest.approx(
        {"a": 4 + 1, "b": 1 + 1, "c": 1 + 1, "d": 4}
    )
    decay = credit(analysis.attribution(paths, model="time_decay", half_life=1))
    # Weights 1/8, 1/4, 1/2, 1 scaled to 15ths; then 1 (alone), then 1/3, 2/3.
    assert decay == pytest.approx(
        {"a": 10 / 15 + 1, "b": 20 / 15 + 2 / 3, "c": 40 / 15 + 4 / 3, "d": 80 / 15}
    )


def test_markov_by_hand() -> None:
    # start: Search 8, Email 2; h(Email) = 4/5, h(Search) = h(Email) / 2; P = 0.48.
    result = analysis.attribution(PATHS)
    effects = {r.channel: r.removal_effect for r in result.rows}
    assert effects == pytest.approx({"Email": 1.0, "Search": 2 / 3})
    assert credit(result) == pytest.approx({"Email": 2.4, "Search": 1.6})
    assert result.conversions == 4
    assert result.value == 150.0
    assert math.fsum(r.value for r in result.rows) == pytest.approx(150.0)


def brute_force(paths: list[tuple[tuple[str, ...], int, int]], order: int) -> dict[str, Fraction]:
    """Removal effects with fractions, by Gauss-Jordan on the whole chain."""
    chain = _markov.chain_of_paths([(s, c, n, 0.0) for s, c, n in paths], order)

    def p_conv(removed: set[int]) -> Fraction:
        states = [s for s in range(len(chain.moves)) if s not in removed]
        at = {s: i for i, s in enumerate(states)}
        size = len(states)
        matrix = [[Fraction(0)] * (size + 1) for _ in range(size)]
        for s in states:
            out = chain.moves[s]
            total = Fraction(sum(out.values())) + Fraction(chain.converts[s] + chain.nulls[s])
            row = matrix[at[s]]
            row[at[s]] = Fraction(1)
            for t, w in out.items():
                if t in at:
                    row[at[t]] -= Fraction(w) / total
            row[size] = Fraction(chain.converts[s]) / total
        for i in range(size):
            pivot = next(r for r in range(i, size) if matrix[r][i])
            matrix[i], matrix[pivot] = matrix[pivot], matrix[i]
            lead = matrix[i][i]
            matrix[i] = [v / lead for v in matrix[i]]
            for r in range(size):
                if r != i and matrix[r][i]:
                    f = matrix[r][i]
                    matrix[r] = [a - f * b for a, b in zip(matrix[r], matrix[i], strict=True)]
        return matrix[0][size]

    base = p_conv(set())
    return {c: 1 - p_conv(set(s)) / base for c, s in chain.holding.items()}


CASES = [
    [(("a", "b", "c"), 1, 1), (("a", "c"), 0, 2), (("b",), 2, 0), (("c", "a"), 1, 1)],
    [(("a", "b", "a", "b", "c"), 2, 1), (("b", "a"), 1, 3), (("c", "c", "b"), 0, 2)],
]


@pytest.mark.parametrize("paths", CASES)
@pytest.mark.parametrize("order", [1, 2, 3])
def test_markov_is_exact(paths: list[tuple[tuple[str, ...], int, int]], order: int) -> None:
    exact = brute_force(paths, order)
    result = analysis.attribution(paths, order=order)
    assert result.order == order
    for row in result.rows:
        assert row.removal_effect == pytest.approx(float(exact[row.channel]), abs=1e-12)


def test_order_two_matches_channelattribution_states() -> None:
    # ChannelAttribution's order 2 on these paths (its simulation: 0.4998, 0.7482, 0.4998).
    paths = [
        ("a > b > c", 1, 1),
        ("a > c", 0, 2),
        ("b", 2, 0),
        ("c > a", 1, 1),
        ("a > a > b", 0, 3),
    ]
    effects = {r.channel: r.removal_effect for r in analysis.attribution(paths, order=2).rows}
    assert effects == pytest.approx({"a": 0.5, "b": 0.75, "c": 0.5})


def test_chain_matches_channelattribution_transitions() -> None:
    # ChannelAttribution 2.2.5's transition matrix on these paths (out_more=True): no a > a
    # self-loop; a: b 0.5, (conversion) 0.1, (null) 0.4; b: a 0.375, c 0.375, 0.125, 0.125;
    # c: 1/3, 2/3. A row that both converts and not adds to both ends.
    rows = [("a > a > b", 1, 1), ("a > b > b > c", 2, 1), ("c", 0, 3), ("b > a", 1, 2), ("a", 0, 2)]
    chain = _markov.chain_of_paths([(p.split(" > "), c, n, 0.0) for p, c, n in rows], 1)
    names = {states[0]: channel for channel, states in chain.holding.items()}

    def probabilities(state: int) -> dict[str, float]:
        out = {names[t]: w for t, w in chain.moves[state].items()}
        out |= {"(conversion)": chain.converts[state], "(null)": chain.nulls[state]}
        total = sum(out.values())
        return {k: w / total for k, w in out.items() if w}

    a, b, c = (chain.holding[x][0] for x in "abc")
    assert probabilities(a) == pytest.approx({"b": 0.5, "(conversion)": 0.1, "(null)": 0.4})
    assert probabilities(b) == pytest.approx(
        {"a": 0.375, "c": 0.375, "(conversion)": 0.125, "(null)": 0.125}
    )
    assert probabilities(c) == pytest.approx({"(conversion)": 1 / 3, "(null)": 2 / 3})
    # Its removal effects (nsim_start=1e6): 0.5612, 0.5738, 0.5018.
    effects = {r.channel: r.removal_effect for r in analysis.attribution(rows).rows}
    assert effects == pytest.approx({"a": 0.5625, "b": 0.575, "c": 0.5})


def test_loops_match_channelattribution_long_walks() -> None:
    # Walks here outlast the longest path (4 steps). ChannelAttribution (nsim_start=1e6,
    # seeds 0 and 7) with max_step=10000: a 0.7123, 0.7110; b 0.7385, 0.7391; c 0.2677,
    # 0.2674; values a 0.5748, 0.5684; b 0.7343, 0.7335; c 0.5424, 0.5384. With its default
    # max_step (the longest path) every walk is cut at 4 steps: a 0.691, b 0.721, c 0.249.
    rows = [
        ("a > b > a > b", 1, 2, 50.0),
        ("b > a", 2, 1, 40.0),
        ("a", 0, 3, 0.0),
        ("b > c", 1, 1, 100.0),
        ("c > a > b", 1, 0, 10.0),
    ]
    chain = _markov.chain_of_paths([(p.split(" > "), c, n, v) for p, c, n, v in rows], 1)
    effects = _markov.removals(chain)
    assert {k: e.conversion for k, e in effects.items()} == pytest.approx(
        {"a": 32 / 45, "b": 48 / 65, "c": 4 / 15}
    )
    assert {k: e.value for k, e in effects.items()} == pytest.approx(
        {"a": 0.5694, "b": 0.7359, "c": 0.5395}, abs=1e-4
    )


def test_shapley_matches_coalition_enumeration() -> None:
    paths = [
        (("a", "b"), 3, 1, 0.0),
        (("a",), 1, 4, 0.0),
        (("b", "c"), 2, 2, 0.0),
        (("c", "a", "b"), 1, 0, 0.0),
    ]
    seen: dict[frozenset[str], list[int]] = {}
    for steps, c, n, _ in paths:
        counts = seen.setdefault(frozenset(steps), [0, 0])
        counts[0] += c
        counts[1] += c + n
    players = ["a", "b", "c"]

    def worth(coalition: frozenset[str]) -> Fraction:
        return sum((Fraction(c, n) for t, (c, n) in seen.items() if t <= coalition), Fraction(0))

    phi = {}
    size = len(players)
    for p in players:
        others = [q for q in players if q != p]
        total = Fraction(0)
        for k in range(size):
            for rest in itertools.combinations(others, k):
                s = frozenset(rest)
                weight = Fraction(
                    math.factorial(k) * math.factorial(size - k - 1), math.factorial(size)
                )
                total += weight * (worth(s | {p}) - worth(s))
        phi[p] = total
    whole = sum(phi.values())
    expected = {p: float(7 * v / whole) for p, v in phi.items()}
    got, _ = shapley(paths)
    assert got == pytest.approx(expected)
    assert credit(analysis.attribution(paths, model="shapley")) == pytest.approx(expected)


def test_shapley_takes_many_channels() -> None:
    paths = [([f"c{i}", f"c{(i + 1) % 20}"], 1, 1) for i in range(20)]
    result = analysis.attribution(paths, model="shapley")
    assert len(result.rows) == 20
    assert math.fsum(r.conversions for r in result.rows) == pytest.approx(20)


def test_a_channel_never_seen_removes_nothing() -> None:
    chain = _markov.chain_of_paths([(("a", "b"), 1, 1, 0.0)], 1)
    assert _markov.removal(chain, "nowhere") == _markov.Removal(conversion=0.0, value=0.0)


def test_nothing_converts() -> None:
    result = analysis.attribution([("a > b", 0, 3)])
    assert [(r.channel, r.removal_effect, r.conversions, r.share) for r in result.rows] == [
        ("a", 0.0, 0.0, 0.0),
        ("b", 0.0, 0.0, 0.0),
    ]


def test_a_path_of_ten_thousand_steps() -> None:
    steps = [f"c{i % 7}" for i in range(10_000)]
    for model in ("markov", "linear", "position", "time_decay", "shapley"):
        result = analysis.attribution([(steps, 2, 1), (["c1"], 1, 1)], model=model)
        assert math.fsum(r.conversions for r in result.rows) == pytest.approx(3)


paths_strategy = st.lists(
    st.tuples(
        st.lists(st.sampled_from("abcdef"), min_size=1, max_size=6),
        st.integers(0, 5),
        st.integers(0, 5),
        st.floats(0, 100),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(paths_strategy, st.sampled_from(analysis.MODELS), st.integers(1, 3))
def test_credit_adds_up(paths: list[Any], model: Any, order: int) -> None:
    result = analysis.attribution(paths, model=model, order=order if model == "markov" else 1)
    total = sum(p[1] for p in paths)
    assert result.conversions == total
    assert math.fsum(r.conversions for r in result.rows) == pytest.approx(total, abs=1e-9)
    if total:
        value = math.fsum(p[3] for p in paths)
        got = math.fsum(r.value for r in result.rows)
        assert got == pytest.approx(value, abs=1e-6) or not any(
            r.removal_effect for r in result.rows
        )
    assert all(0 <= r.share <= 1 for r in result.rows)
    assert all(r.removal_effect is None or 0 <= r.removal_effect <= 1 for r in result.rows)
    assert {r.channel for r in result.rows} == {s for p in paths for s in p[0]}


@pytest.mark.parametrize(
    ("given", "options", "message"),
    [
        ([], {}, "journey_or_paths: has no paths"),
        ([("a", -1, 0)], {}, r"paths\[0\].conversions: must be a whole number of at least 0"),
        ([("a", 1.5, 0)], {}, r"paths\[0\].conversions: must be a whole number"),
        ([("a", 1, 0.5)], {}, r"paths\[0\].nulls: must be a whole number"),
        ([("a >  > b", 1)], {}, r"paths\[0\].path: has an empty step"),
        ([("a", 1, 0, math.nan)], {}, r"paths\[0\].value: must be a finite number"),
        ([("a",)], {}, r"paths\[0\]: must be \(path, conversions"),
        ([("a", 1)], {"model": "magic"}, "model: must be one of markov, first"),
        ([("a", 1)], {"order": 5}, "order: must be a whole number from 1 to 4"),
        ([("a", 1)], {"order": 2, "model": "last"}, "order: applies to the markov model only"),
        ([("a", 1)], {"half_life": 0}, "half_life: must be above 0"),
        ([("a", 1)], {"by": "channel"}, "by: 'channel' groups a journey's touchpoints"),
        ("a > b", {}, "journey_or_paths: must be a path table"),
        (42, {}, "journey_or_paths: must be a path table"),
    ],
)
def test_bad_input(given: object, options: dict[str, Any], message: str) -> None:
    with pytest.raises(jk.ValidationError, match=message):
        analysis.attribution(given, **options)


def test_dataframe_paths() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        {
            "path": ["Search > Email", "Search", "Email", "Search > Email"],
            "total_conversions": [2, 0, 1, 1],
            "total_null": [1, 4, 1, 0],
            "total_conversion_value": [80.0, 0.0, 30.0, 40.0],
        }
    )
    result = analysis.attribution(frame)
    assert credit(result) == pytest.approx(credit(analysis.attribution(PATHS)))
    assert result.value == 150.0
    frame = pl.DataFrame({"path": ["a"], "customers": [1], "conversions": [2]})
    from journeykit.mining import EventDataError

    with pytest.raises(EventDataError, match=r"column .conversions..*above the customers"):
        analysis.attribution(frame)


def test_journey_counts() -> None:
    pl = pytest.importorskip("polars")
    from journeykit import mining

    frame = pl.DataFrame(
        {"path": ["Search > Email", "Search", "Email"], "conv": [3, 0, 1], "null": [1, 4, 1]}
    )
    journey = mining.from_paths(frame, conversions="conv", nulls="null")
    result = analysis.attribution(journey)
    assert credit(result) == pytest.approx({"email": 2.4, "search": 1.6})
    with pytest.raises(jk.ValidationError, match="model: 'last' at order 1 needs the paths"):
        analysis.attribution(journey, model="last")
    with pytest.raises(jk.ValidationError, match="goal: no touchpoint 'pays'"):
        analysis.attribution(journey, goal="pays")


def test_journey_by_channel() -> None:
    journey = jk.Journey(
        title="T",
        linear=False,
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="Ad", channel="social", metrics={"entries": 10}),
                    jk.Touchpoint(name="Post", channel="social"),
                    jk.Touchpoint(name="Site", channel="web"),
                    "Buys",
                ],
            )
        ],
        transitions=[
            jk.Transition(source="ad", target="post", count=6),
            jk.Transition(source="ad", kind="exit", count=4),
            jk.Transition(source="post", target="site", count=6),
            jk.Transition(source="site", target="buys", count=3),
            jk.Transition(source="site", kind="exit", count=3),
        ],
    )
    result = analysis.attribution(journey, by="channel", goal="buys")
    assert credit(result) == pytest.approx({"social": 1.5, "web": 1.5})
    with pytest.raises(jk.ValidationError, match="journey: has no transition counts"):
        analysis.attribution(jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A"])]))


def test_repr_html_and_frames() -> None:
    result = analysis.attribution([("<script> > b&c", 1, 0)])
    page = result._repr_html_()
    assert "&lt;script&gt;" in page
    assert "b&amp;c" in page
    assert "<script>" not in page
    assert repr(result).startswith("Attribution(model='markov', order=1, conversions=1")
    pytest.importorskip("pandas")
    frame = result.to_frame()
    assert list(frame.columns) == ["channel", "removal_effect", "conversions", "value", "share"]
    with pytest.raises(jk.ValidationError, match="backend: must be one of pandas, polars"):
        result.to_frame("arrow")


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("polars")
    csv = tmp_path / "paths.csv"
    csv.write_text(
        "path;total_conversions;total_null;total_conversion_value\n"
        "Search > Email;3;1;120\nSearch;0;4;0\nEmail;1;1;30\n"
    )
    assert (
        main(
            ["attribute", str(csv), "--csv-sep", ";", "--model", "markov,last", "--format", "json"]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [(r["model"], r["channel"], round(r["conversions"], 6)) for r in rows] == [
        ("markov", "Email", 2.4),
        ("markov", "Search", 1.6),
        ("last", "Email", 4.0),
        ("last", "Search", 0.0),
    ]
    assert main(["attribute", str(csv), "--csv-sep", ";", "--model", "first"]) == 0
    table = capsys.readouterr().out
    assert "first" in table
    assert "Search" in table
    assert (
        main(
            [
                "attribute",
                str(csv),
                "--csv-sep",
                ";",
                "--format",
                "csv",
                "--model",
                "linear",
                "--model",
                "shapley",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "model,channel,removal_effect,conversions,value,share"
    assert len(lines) == 5
    assert main(["attribute", str(csv), "--model", "nope"]) == 2
    assert "model" in capsys.readouterr().err
