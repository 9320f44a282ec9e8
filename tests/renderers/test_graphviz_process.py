"""The Graphviz process map: widths by traffic, labels that never overlap, numbers in reading order.

The layout tests run ``dot -Tjson`` and read where it drew every edge label:
each text line of ``_ldraw_``, ``_hldraw_`` and ``_tldraw_`` (an ``xlabel``
is drawn in ``_ldraw_`` too) carries its anchor, alignment and width, and the
font size before it gives its height. No two such boxes may overlap, and
every label shows its edge's figures as :mod:`journeykit.figures` writes them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit import cli, figures, mining
from journeykit.renderers import _fit
from journeykit.renderers._process import exit_mark, flow_text
from journeykit.renderers.graphviz import GraphvizRenderer
from tests.conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "examples"))

from shop_events import generate

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
# Text boxes may touch: rounding in dot's output is a fraction of a point.
_SLACK = 0.5
# How far below its baseline a line of text reaches, as a share of its font size.
_DESCENT = 0.25
Box = tuple[float, float, float, float, str]


@pytest.fixture(scope="module")
def shop() -> jk.Journey:
    """The bundled shop log mined as it is: 40 touchpoints, about 130 ways, rare ones included."""
    found = mining.discover(
        generate(20_000, seed=5), stage="stage", channel="channel", emotion="emotion"
    )
    return found.journey


def counted(lang: str = "en") -> jk.Journey:
    """A small mined-looking map: counts on every way, traffic on every touchpoint."""
    traffic = {"Ad": 4000, "Site": 3600, "Cart": 3200, "Pays": 2000}

    def touchpoints(*names: str) -> list[jk.Touchpoint]:
        return [jk.Touchpoint(name=n, metrics={"traffic": traffic[n]}) for n in names]

    return jk.Journey(
        title="Shop",
        lang=lang,
        linear=False,
        stages=[
            jk.Stage(name="Find", touchpoints=touchpoints("Ad", "Site")),
            jk.Stage(name="Buy", touchpoints=touchpoints("Cart", "Pays")),
        ],
        transitions=[
            jk.Transition(source="ad", target="site", count=3600, metrics={"median_seconds": 298}),
            jk.Transition(source="ad", kind="exit", count=400),
            jk.Transition(source="site", target="cart", count=3200),
            jk.Transition(source="site", kind="exit", count=400),
            jk.Transition(source="cart", target="pays", count=2000),
            jk.Transition(source="cart", target="site", kind="return", count=1200),
        ],
    )


def dot_text(journey: jk.Journey, **options: object) -> str:
    text = GraphvizRenderer(**options).render(journey)
    assert isinstance(text, str)
    return text


def edge_lines(text: str) -> dict[tuple[str, str], str]:
    """The attributes of every drawn edge statement, by its two ends as written.

    An edge drawn head first (``dir=back``) is keyed as it goes: target, source.
    """
    found = {}
    for line in text.splitlines():
        match = re.match(r'\s*("[^"]+"|\S+) -> ("[^"]+"|\S+) \[(.*)\]$', line)
        if match and "style=invis" not in line:
            ends = match.group(1).strip('"'), match.group(2).strip('"')
            found[ends[::-1] if "dir=back" in match.group(3) else ends] = match.group(3)
    return found


def penwidth(attributes: str) -> float:
    match = re.search(r"penwidth=([\d.]+)", attributes)
    assert match, attributes
    return float(match.group(1))


# -- the DOT text ---------------------------------------------------------------------


def test_counts_make_a_process_map_top_down_and_a_hand_made_map_stays_in_columns() -> None:
    assert "rankdir=TB" in dot_text(counted())
    hand_made = dot_text(jk.load(ROOT / "examples" / "car-purchase.yaml"))
    assert "rankdir=LR" in hand_made
    assert "penwidth=1.3" in hand_made  # the main path, as before
    assert "darker: more customers" not in hand_made


def test_a_busier_way_is_wider() -> None:
    text = dot_text(counted())
    edges = edge_lines(text)
    widths = [
        penwidth(edges[ends]) for ends in [("ad", "site"), ("site", "cart"), ("cart", "pays")]
    ]
    # The return from the cart goes up: it is drawn top down, head first, as dot ranks it.
    assert "site -> cart [label" in text
    assert "dir=back" in edges["cart", "site"]
    assert widths == sorted(widths, reverse=True)
    assert len(set(widths)) == 3
    assert penwidth(edges["cart", "site"]) < widths[-1]
    assert widths[0] == 6.0  # the busiest way is the widest there is
    # The line layout draws the same widths.
    line = edge_lines(dot_text(counted(), layout="line"))
    assert penwidth(line["cart", "site"]) < penwidth(line["cart", "pays"])


def test_labels_carry_share_and_count_and_spanish_numbers() -> None:
    english = edge_lines(dot_text(counted()))
    assert 'label="90%, n=3,600"' in english["ad", "site"]
    spanish = dot_text(counted("es"))
    assert 'label="89\xa0%, n=3.200"' in edge_lines(spanish)["site", "cart"]
    assert "n=3.200" in spanish  # the cart's traffic, under its name
    assert "más oscuro: más clientes" in spanish


def test_exits_are_marks_on_their_touchpoint_in_the_rows_layout() -> None:
    j = counted()
    text = dot_text(j)
    assert "exit 1" not in text
    assert "✕ leave: 10%, n=400" in text
    # Other layouts keep an exit node and an edge each.
    assert '"exit 1"' in dot_text(j, layout="columns")
    assert exit_mark(j.graph.edges[1], "es") == "✕ salen: 10\xa0%, n=400"


def test_the_fill_shows_traffic_and_the_border_emotion() -> None:
    text = dot_text(counted())
    fills = dict(re.findall(r'^\s*(\w+) \[label=<.*fillcolor="(#[0-9a-f]{6})"', text, re.M))
    # Darker (a smaller sum of the channels) is busier.
    assert sum(int(fills["ad"][i : i + 2], 16) for i in (1, 3, 5)) < sum(
        int(fills["pays"][i : i + 2], 16) for i in (1, 3, 5)
    )


def test_the_performance_view_labels_median_times() -> None:
    j = counted()
    edges = edge_lines(dot_text(j, view="performance"))
    assert 'label="5 min"' in edges["ad", "site"]
    assert "label=" not in edges["cart", "pays"]  # no time recorded: no figure
    assert "labels: median time" in dot_text(j, view="performance")
    assert flow_text(j.graph.edges[0], "es", "performance") == "5 min"


def test_a_simplified_journey_says_what_it_left_out() -> None:
    record = {"touchpoints": 3, "transitions": 12, "moves": 31, "of_moves": 1000}
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
        metadata={"simplified": record},
    )
    assert "3 rarer touchpoints and 12 rarer flows, 3% of moves, not drawn" in dot_text(j)
    spanish = dot_text(j, lang="es")
    assert "Sin dibujar: 3 puntos de contacto menos frecuentes y 12 flujos" in spanish


def test_a_labelled_way_within_a_row_is_carried_by_a_label_node() -> None:
    # A and B lead only to C: they share a row, and the way from B back to A has a label.
    j = jk.Journey(
        title="T",
        linear=False,
        stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
        transitions=[
            jk.Transition(source="a", target="c", count=5),
            jk.Transition(source="b", target="c", count=5),
            jk.Transition(source="b", target="a", kind="return", count=2),
        ],
    )
    text = dot_text(j)
    assert re.search(r'"flow 2" \[label="29%, n=2"', text)
    assert 'b -> "flow 2"' in text
    assert '"flow 2" -> a' in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"view": "speed"}, "view: must be one of frequency, performance, got 'speed'"),
        ({"view": "Performance"}, "view: must be one of frequency, performance, got 'Performance'"),
    ],
)
def test_bad_options_are_named(options: dict[str, object], message: str) -> None:
    with pytest.raises(jk.ValidationError, match=re.escape(message)):
        GraphvizRenderer(**options)


def test_the_command_line_passes_the_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "shop.yaml"
    jk.dump(counted(), source)
    out = tmp_path / "shop.dot"
    code = cli.main(
        ["render", str(source), "-f", "graphviz", "-O", "view=performance", "-o", str(out)]
    )
    assert code == 0
    assert 'label="5 min"' in out.read_text(encoding="utf-8")
    assert cli.main(["renderers"]) == 0
    assert "view" in capsys.readouterr().out


# -- what dot draws -----------------------------------------------------------------------


def drawn(text: str) -> dict[str, Any]:
    done = subprocess.run(
        ["dot", "-Tjson"], input=text.encode(), capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def texts(ops: list[dict[str, Any]]) -> Iterator[Box]:
    """The box of every line of text the draw operations write."""
    size = 14.0
    for op in ops:
        if op["op"] == "F":
            size = op["size"]
        elif op["op"] == "T":
            (x, y), width = op["pt"], op["width"]
            left = {"l": x, "c": x - width / 2, "r": x - width}[op["align"]]
            yield left, y - size * _DESCENT, left + width, y + size * (1 - _DESCENT), op["text"]


def flow_labels(picture: dict[str, Any]) -> dict[str, list[Box]]:
    """Every edge label's lines, by who drew them: an edge (``tail->head #n``) or a label node."""
    names = {o["_gvid"]: o["name"] for o in picture.get("objects", [])}
    found: dict[str, list[Box]] = {}
    for n, edge in enumerate(picture.get("edges", [])):
        key = f"{names[edge['tail']]}->{names[edge['head']]} #{n}"
        for part in ("_ldraw_", "_hldraw_", "_tldraw_"):
            found.setdefault(key, []).extend(texts(edge.get(part, [])))
    for node in picture.get("objects", []):
        if node["name"].startswith("flow "):
            found[node["name"]] = list(texts(node.get("_ldraw_", [])))
    return {key: boxes for key, boxes in found.items() if boxes}


def overlapping(labels: dict[str, list[Box]]) -> list[tuple[str, str]]:
    boxes = [(key, box) for key, lines in labels.items() for box in lines]
    clashes = []
    for i, (key, (x0, y0, x1, y1, text)) in enumerate(boxes):
        for other, (u0, v0, u1, v1, said) in boxes[i + 1 :]:
            if x0 < u1 - _SLACK and u0 < x1 - _SLACK and y0 < v1 - _SLACK and v0 < y1 - _SLACK:
                clashes.append((f"{key}: {text}", f"{other}: {said}"))
    return clashes


def numbers_in_reading_order(picture: dict[str, Any], *, columns: bool) -> list[int]:
    """The touchpoint numbers, in the order their nodes read: rows, or (columns) columns."""
    placed = []
    for node in picture.get("objects", []):
        for _, _, _, _, text in texts(node.get("_ldraw_", [])):
            match = re.match(r"(\d+)\. ", text)
            if match and "pos" in node:
                x, y = (float(v) for v in node["pos"].split(","))
                placed.append(
                    (
                        (round(x), -round(y)) if columns else (-round(y), round(x)),
                        int(match.group(1)),
                    )
                )
                break
    return [number for _, number in sorted(placed)]


def check_the_picture(whole: jk.Journey, **options: object) -> None:
    text = dot_text(whole, **options)
    journey = _fit.drawn(whole, GraphvizRenderer(**options).options)  # simplified, if it is big
    picture = drawn(text)
    labels = flow_labels(picture)
    assert overlapping(labels) == []
    shown = "\n".join(box[4] for lines in labels.values() for box in lines)
    # Every flow label shows its figures, as figures writes them in the map's language.
    lang = jk.renderers.theme.map_lang(journey)
    rows = "rankdir=TB" in text
    for edge in journey.graph.edges:
        wanted = ", ".join(figures.edge_figures(edge, lang))
        if not wanted:
            continue
        if edge.target is None and rows:
            # The mark is wrapped at spaces: its lines joined with one give it back.
            mark = exit_mark(edge, lang)
            nodes = picture["objects"]
            assert any(mark in " ".join(b[4] for b in texts(n.get("_ldraw_", []))) for n in nodes)
        else:
            assert wanted in shown, wanted
    numbers = numbers_in_reading_order(picture, columns=not rows and "rank=same" in text)
    assert numbers == list(range(1, len(journey.touchpoints) + 1))


@pytest.mark.dot
@needs_dot
@pytest.mark.parametrize("simplify", ["auto", "off"])
def test_the_mined_shop_draws_without_a_label_over_another(shop: jk.Journey, simplify: str) -> None:
    assert len(shop.touchpoints) == 40
    assert len(shop.graph.edges) > 120
    check_the_picture(shop, simplify=simplify)


@pytest.mark.dot
@needs_dot
def test_the_mined_shop_is_simplified_to_a_posters_worth_by_default(shop: jk.Journey) -> None:
    text = dot_text(shop)
    kept = _fit.drawn(shop, GraphvizRenderer().options)
    assert 0 < len(kept.touchpoints) <= 24
    assert len(kept.graph.edges) <= 48
    assert text.count(" -> ") < dot_text(shop, simplify="off").count(" -> ")
    assert "not drawn" in text


@pytest.mark.dot
@needs_dot
def test_the_mined_shop_in_the_performance_view(shop: jk.Journey) -> None:
    picture = drawn(dot_text(shop, view="performance", simplify="off"))
    labels = flow_labels(picture)
    assert overlapping(labels) == []
    assert any(
        re.fullmatch(r"\d+ (sec|min|hr|days?)", b[4]) for lines in labels.values() for b in lines
    )


@pytest.mark.dot
@needs_dot
@pytest.mark.parametrize("layout", ["auto", "rows"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_draws_without_a_label_over_another(path: Path, layout: str) -> None:
    check_the_picture(jk.load(path), layout=layout)


@pytest.mark.dot
@needs_dot
def test_hostile_text_in_the_rows_layout_is_accepted_by_dot() -> None:
    from tests.renderers.test_graphviz import HOSTILE_TEXTS, hostile_journey

    for text in HOSTILE_TEXTS:
        picture = drawn(dot_text(hostile_journey(text), layout="rows"))
        assert picture["objects"]
