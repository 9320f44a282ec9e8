"""The Graphviz renderer: DOT that reads as a journey, is always accepted by dot, and never leaks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

import journeykit as jk
from journeykit.renderers.graphviz import GraphvizRenderer, run_dot
from journeykit.renderers.theme import DEFAULT
from tests.conftest import EXAMPLES, ROOT
from tests.strategies import HOSTILE

CAR = ROOT / "examples" / "car-purchase.yaml"
SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


def dot_text(journey: jk.Journey, **options: object) -> str:
    text = GraphvizRenderer(**options).render(journey)
    assert isinstance(text, str)
    return text


def svg_of(journey: jk.Journey, **options: object) -> ET.Element:
    text = GraphvizRenderer(output="svg", **options).render(journey)
    assert isinstance(text, str)
    return ET.fromstring(text.encode("utf-8"))


def drawn(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def lines_with(text: str, start: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(start)]


def small() -> jk.Journey:
    return jk.Journey(
        title="Buying flowers",
        persona=jk.Persona(name="Ana", role="Florist's customer"),
        stages=[
            jk.Stage(
                id="find",
                name="Find",
                touchpoints=[
                    jk.Touchpoint(id="ad", name="Sees an ad", channel="ads", emotion=1),
                    jk.Touchpoint(id="site", name="Visits the site", channel="web", emotion=0),
                ],
            ),
            jk.Stage(
                id="buy",
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(id="cart", name="Fills the cart", emotion=-1.5),
                    jk.Touchpoint(id="pays", name="Pays", moment_of_truth=True),
                ],
            ),
            jk.Stage(id="later", name="Later"),
        ],
        transitions=[
            jk.Transition(source="cart", kind="exit", label="abandons the cart", probability=0.3),
            jk.Transition(
                source="pays", target="site", kind="return", label="buys again", count=40
            ),
            jk.Transition(source="ad", target="cart", kind="skip", probability=0.2),
        ],
    )


# -- the DOT text ---------------------------------------------------------------


def test_stages_are_clusters_in_order_with_their_touchpoints() -> None:
    text = dot_text(small())
    clusters = re.findall(r"subgraph (cluster_\d+) \{\n.* label=<<B>(\w+)</B>>", text)
    assert clusters == [("cluster_0", "Find"), ("cluster_1", "Buy"), ("cluster_2", "Later")]
    assert text.index("ad [") < text.index("site [") < text.index("cart [") < text.index("pays [")
    # An empty stage still gets a (hidden) node, so its column shows.
    assert '"empty 2" [label="" shape=point style=invis]' in text


def test_columns_layout_ranks_each_stage_together_in_stage_order() -> None:
    text = dot_text(small())
    assert "rankdir=LR" in text
    assert text.count("rank=same") == 3
    # Invisible heavy edges between the first nodes put the columns in stage order.
    assert lines_with(text, "ad -> cart [style") == ["ad -> cart [style=invis weight=100]"]
    assert lines_with(text, 'cart -> "empty 2"') == ['cart -> "empty 2" [style=invis weight=100]']
    # An edge between columns never moves them.
    assert lines_with(text, "ad -> cart [label") == [
        'ad -> cart [label="20%" arrowhead=vee constraint=false style=solid]'
    ]
    # Within a column the edge is written head first, so the column reads top down.
    assert lines_with(text, "site -> ad") == [
        'site -> ad [label="80%" color="#1a1a1a" dir=back penwidth=1.3 weight=8]'
    ]


def test_line_layout_is_one_row() -> None:
    text = dot_text(small(), layout="line")
    assert "rank=same" not in text
    assert "style=invis weight=100" not in text
    assert lines_with(text, "ad -> site") == [
        'ad -> site [label="80%" color="#1a1a1a" penwidth=1.3 weight=8]'
    ]


def test_touchpoints_show_emotion_by_colour_symbol_and_shape() -> None:
    text = dot_text(small())
    ad, site, cart, pays = (
        lines_with(text, f"{name} [label=")[0] for name in ("ad", "site", "cart", "pays")
    )
    assert '<FONT COLOR="#1b5e20" POINT-SIZE="13">▲</FONT>' in ad
    assert 'shape=box style="rounded,filled,bold"' in ad
    assert 'color="#2e7d32"' in ad
    assert "●" in site
    assert "style=filled" in site
    assert "▼" in cart
    assert 'style="filled,bold,diagonals"' in cart
    assert 'color="#c62828"' in cart
    assert ">negative<" in cart
    assert "○" in pays  # no emotion recorded
    assert 'style="rounded,filled,dashed"' in pays
    assert "peripheries=2" in pays  # a moment of truth
    assert "⚑" in pays  # the author's flag, never the review sites' star
    assert "★" not in text


def test_the_colorblind_theme() -> None:
    text = dot_text(small(), theme="colorblind")
    assert 'color="#0072b2"' in text
    assert "#2e7d32" not in text


def test_back_edges_are_dashed_and_do_not_pull_the_layout() -> None:
    text = dot_text(small())
    assert lines_with(text, "pays -> site") == [
        'pays -> site [label="buys again\\n50%, n=40" arrowhead=vee color="#b8860b" constraint=false '
        'fontcolor="#b8860b" style=dashed]'
    ]


def test_exits_end_in_their_own_marker_with_label_and_probability() -> None:
    text = dot_text(small())
    assert lines_with(text, '"exit 1" [') == [
        '"exit 1" [label=<<FONT COLOR="#b71c1c">✕</FONT>> color="#c62828" fixedsize=true '
        "fontsize=10 shape=circle tooltip=exit width=0.25]"
    ]
    # Drawn from the marker back to the touchpoint, so the column still reads top down.
    assert lines_with(text, '"exit 1" -> cart') == [
        '"exit 1" -> cart [label="abandons the cart\\n30%" arrowhead=tee color="#c62828" '
        'dir=back fontcolor="#b71c1c" style=dotted]'
    ]


def test_the_main_path_carries_what_the_explicit_odds_leave() -> None:
    text = dot_text(small(), layout="line")
    # 30% leave at the cart, so 70% go on to pay.
    assert 'label="70%"' in lines_with(text, "cart -> pays")[0]
    # Nothing explicit leaves the site: no label.
    assert "label" not in lines_with(text, "site -> cart")[0]


def test_an_exit_without_probability_shares_the_rest_as_the_graph_says() -> None:
    # A → B → C, a skip a → c at 0.2 and an exit from a without a probability: the exit and
    # the main path split the other 0.8 (the one rule of journeykit.graph), 40% each; the
    # drawing once said 80% on a → b.
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
        transitions=[
            jk.Transition(source="a", target="c", kind="skip", probability=0.2),
            jk.Transition(source="a", kind="exit"),
        ],
    )
    assert round(j.graph.pairs["a", "b"], 9) == 0.4
    text = dot_text(j, layout="line")
    assert 'label="40%"' in lines_with(text, "a -> b")[0]
    assert 'label="20%"' in lines_with(text, "a -> c")[0]
    assert 'label="40%"' in lines_with(text, 'a -> "exit 1"')[0]
    assert "80%" not in text


def test_the_title_names_the_persona() -> None:
    text = dot_text(small())
    assert (
        'label=<<B>Buying flowers</B><BR/><FONT POINT-SIZE="12">Ana, Florist&#x27;s customer'
        "</FONT><BR/>" in text
    )


def test_long_names_wrap_and_are_cut() -> None:
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(id="a", name="word " * 200)])],
    )
    label = lines_with(dot_text(j, wrap=20, max_lines=2), "a [label=")[0]
    assert label.count("<BR/>") == 1
    assert "…" in label


def test_an_id_too_long_for_graphviz_gets_a_stand_in() -> None:
    long_id = "a" * 20_000
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[jk.Touchpoint(id=long_id, name="A"), jk.Touchpoint(id="b", name="B")],
            )
        ],
    )
    text = dot_text(j)
    assert long_id not in text
    assert '"touchpoint 1" -> b' not in text  # drawn top down, so head first
    assert lines_with(text, 'b -> "touchpoint 1"')


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"output": "gif"}, "output: must be one of dot, svg, png, pdf, got 'gif'"),
        ({"layout": "radial"}, "layout: must be one of auto, rows, columns, line, got 'radial'"),
        ({"theme": "neon"}, "theme: must be one of default, colorblind, got 'neon'"),
        ({"lang": "fr"}, "lang: must be one of en, es, pt, got 'fr'"),
        ({"wrap": 2}, "wrap: must be a whole number of at least 8, got 2"),
        ({"wrap": 20.5}, "wrap: must be a whole number of at least 8, got 20.5"),
        ({"wrap": "wide"}, "wrap: must be a whole number of at least 8, got 'wide'"),
        ({"max_lines": 0}, "max_lines: must be a whole number of at least 1, got 0"),
        ({"timeout": float("nan")}, "timeout: must be a number of at least 0, got nan"),
        ({"colour": "red"}, "the graphviz renderer has no option 'colour'; its options: output"),
    ],
)
def test_bad_options_are_named(options: dict[str, object], message: str) -> None:
    with pytest.raises(jk.JourneyError, match=re.escape(message)):
        GraphvizRenderer(**options)


def test_spanish_channel_and_emotion_words() -> None:
    text = dot_text(small(), lang="es")
    assert "Publicidad pagada · positiva" in text


def test_output_is_byte_identical_across_runs() -> None:
    assert dot_text(jk.load(CAR)) == dot_text(jk.load(CAR))


def test_the_dot_text_needs_no_dot_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert dot_text(small()).startswith("digraph journey {")


def test_a_missing_graphviz_package_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "graphviz", None)
    with pytest.raises(jk.RenderError, match=r"needs the Python package 'graphviz': pip install"):
        dot_text(small())


# -- running dot ----------------------------------------------------------------


def test_a_missing_dot_program_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(
        jk.RenderError,
        match=r"Graphviz's 'dot' program was not found, so no svg can be made; install Graphviz "
        r"\(Debian/Ubuntu: apt install graphviz",
    ):
        jk.render(small(), "graphviz", output="svg")


def test_a_slow_dot_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("dot", 0.5)

    monkeypatch.setattr(subprocess, "run", slow)
    with pytest.raises(jk.RenderError, match=r"'dot' took longer than 0\.5 seconds"):
        run_dot("digraph { }", "png", timeout=0.5)


@pytest.mark.dot
@needs_dot
def test_a_dot_failure_carries_its_message() -> None:
    with pytest.raises(jk.RenderError, match=r"Graphviz's 'dot' failed: .*syntax error"):
        run_dot("digraph {", "svg")


@pytest.mark.dot
@needs_dot
@pytest.mark.parametrize(("output", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_images_are_bytes_and_reproducible(output: str, magic: bytes) -> None:
    first = jk.render(small(), "graphviz", output=output)
    assert isinstance(first, bytes)
    assert first.startswith(magic)
    assert jk.render(small(), "graphviz", output=output) == first


@pytest.mark.dot
@needs_dot
def test_svg_has_every_touchpoint_and_edge() -> None:
    root = svg_of(small())
    titles = [g.findtext(f"{SVG}title", "") for g in drawn(root, "node")]
    assert sorted(titles) == ["ad", "cart", "exit 1", "pays", "site"]
    assert len(drawn(root, "edge")) == len(small().flow)
    assert len(drawn(root, "cluster")) == 3


@pytest.mark.dot
@needs_dot
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_goes_through_dot(path: Path) -> None:
    journey = jk.load(path)
    root = svg_of(journey)
    exits = sum(1 for t in journey.flow if t.target is None)
    assert len(drawn(root, "node")) == len(journey.touchpoints) + exits
    assert len(drawn(root, "edge")) == len(journey.flow)


def hostile_journey(text: str) -> jk.Journey:
    return jk.Journey(
        title=text,
        persona=jk.Persona(id="p", name=text, role=text),
        stages=[
            jk.Stage(
                id="s1",
                name=text,
                touchpoints=[
                    jk.Touchpoint(
                        id="a", name=text, channel=text, action=text, thought=text, emotion=-1
                    ),
                    jk.Touchpoint(id="b", name=text, emotion=2, moment_of_truth=True),
                ],
            ),
            jk.Stage(id="s2", name=text, touchpoints=[jk.Touchpoint(id="c", name=text)]),
            jk.Stage(id="s3", name=text),
        ],
        transitions=[
            jk.Transition(source="b", target="a", kind="return", label=text),
            jk.Transition(source="a", target="c", kind="skip", label=text, probability=0.5),
            jk.Transition(source="c", kind="exit", label=text),
        ],
    )


HOSTILE_TEXTS = [
    *HOSTILE,
    "x" * 10_000,
    "\\N \\G \\E \\L \\",
    "<b>bold</b>",
    "&lt;",
    "node",
    "a\u2028b",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_cannot_add_statements(text: str) -> None:
    source = dot_text(hostile_journey(text))
    plain = dot_text(hostile_journey("x"))
    statements = [line for line in source.splitlines() if "->" in line.split("[")[0]]
    assert len(statements) == len(
        [line for line in plain.splitlines() if "->" in line.split("[")[0]]
    )


@pytest.mark.dot
@needs_dot
@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_is_accepted_by_dot_and_shown_as_written(text: str) -> None:
    root = svg_of(hostile_journey(text))
    assert len(drawn(root, "node")) == 3 + 1  # the touchpoints and the exit
    assert len(drawn(root, "edge")) == 3 + 2  # the flow: skip, return, exit, two main steps
    assert not list(root.iter(f"{SVG}script"))
    shown = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    if text.startswith("\\N"):
        assert "\\N \\G" in shown  # not the node or graph name
    if text == "<script>alert(1)</script>":
        assert "<script>alert(1)</script>" in shown  # as text, escaped in the XML


@pytest.mark.dot
@needs_dot
def test_a_custom_theme_with_any_colour_spelling_and_a_hostile_font() -> None:
    theme = attrs.evolve(
        DEFAULT,
        positive="green",
        negative="#c00",
        stage_colors=("#abc", "navy"),
        font_family='Evil"]; a -> b [, sans',
        symbols={"positive": "<+>", "neutral": "&", "negative": "\\N", "none": "?"},
    )
    text = dot_text(small(), theme=theme)
    assert "color=green fillcolor=green" in text
    assert "&lt;+&gt;" in text
    root = svg_of(small(), theme=theme)
    assert len(drawn(root, "node")) == 5
    assert len(drawn(root, "edge")) == len(small().flow)


def test_a_theme_colour_that_is_no_colour_is_refused() -> None:
    theme = attrs.evolve(DEFAULT, accent='"/><script>alert(1)</script>')
    with pytest.raises(
        jk.ValidationError, match=r"theme.accent: must be a colour such as '#1f4e79', got '\"/>"
    ):
        dot_text(small(), theme=theme)


@needs_dot
def test_a_back_edge_beside_a_labelled_step_in_one_column_does_not_crash_dot() -> None:
    # dot 2.43 crashed (SIGSEGV) on labelled edges inside a rank=same column.
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
        transitions=[
            jk.Transition(source="a", kind="exit", probability=0.5),
            jk.Transition(source="b", target="a", kind="return"),
        ],
    )
    svg = run_dot(dot_text(j), output="svg", timeout=30)
    assert isinstance(svg, str)
    assert "50%" in svg


@needs_dot
@pytest.mark.parametrize("text", ["]", "]]", "a]", "]>"])
def test_a_lone_closing_bracket_is_an_entity_dot_accepts(text: str) -> None:
    j = jk.Journey(
        title=text,
        stages=[jk.Stage(id="s", name=text, touchpoints=[jk.Touchpoint(id="t", name=text)])],
    )
    assert "<B>]" not in dot_text(j)
    svg = run_dot(dot_text(j), output="svg", timeout=30)
    assert isinstance(svg, str)
    assert ET.fromstring(svg.encode("utf-8")) is not None


# -- issue 15, item 11: the text-cleaning rule every renderer keeps ---------------------------

NON_CHARACTERS = "\ufffe\uffff\ufdd0\U0001fffe\U0010ffff"


def _everywhere(text: str) -> jk.Journey:
    return jk.Journey(
        title=f"T{text}",
        persona=jk.Persona(name=f"Ana{text}", role=f"R{text}"),
        stages=[
            jk.Stage(
                id="s",
                name=f"S{text}",
                touchpoints=[
                    jk.Touchpoint(id="a", name=f"A{text}", action=f"x{text}", thought=f"y{text}"),
                    jk.Touchpoint(id="b", name=f"B{text}", channel=f"c{text}", emotion=1),
                ],
            )
        ],
        transitions=[
            jk.Transition(source="b", target="a", kind="return", label=f"L{text}"),
            jk.Transition(source="a", kind="exit", label=f"E{text}"),
        ],
    )


def test_non_characters_never_reach_dot() -> None:
    source = dot_text(_everywhere(NON_CHARACTERS))
    assert not set(NON_CHARACTERS) & set(source)
    assert "Ana" in source


def test_text_is_composed_before_it_is_escaped() -> None:
    # U+037E (Greek question mark) composes to ";": the same DOT as a ";" typed.
    assert dot_text(_everywhere("\u037e")) == dot_text(_everywhere(";"))
    assert dot_text(_everywhere("e\u0301")) == dot_text(_everywhere("é"))


@needs_dot
def test_dot_draws_well_formed_svg_with_non_characters_in_every_text() -> None:
    # dot refused U+FFFE and U+FFFF in a label ("not well-formed (invalid token)").
    root = svg_of(_everywhere(NON_CHARACTERS))
    assert drawn(root, "node")
