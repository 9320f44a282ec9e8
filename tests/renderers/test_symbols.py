"""One meaning per symbol: the author's flag and the computed moments are drawn and named apart.

A touchpoint flagged ``moment_of_truth`` is ⚑ (a flag on the poster's card); a
computed moment that matters is ◆ (a ring and a diamond on the poster's curve).
The star belongs to the review-sites channel's icon alone.
"""

from __future__ import annotations

import re

import pytest

import journeykit as jk
from journeykit.renderers.grid.icons import ICONS, marker_path
from journeykit.renderers.html._details import details
from journeykit.renderers.theme import moments_shown
from tests.conftest import ROOT

# What each language calls the two moments.
NAMES = {
    "en": ("Moment of truth", "Moment that matters", "Moments that matter"),
    "es": ("Momento de la verdad", "Momento que importa", "Momentos que importan"),
}
_POINT = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def journey(lang: str) -> jk.Journey:
    """B is the author's moment of truth; C (reviews, at -2) the one computed moment shown."""
    return jk.Journey(
        title="T",
        lang=lang,
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotion=0),
                    jk.Touchpoint(name="B", emotion=0, moment_of_truth=True),
                    jk.Touchpoint(name="C", emotion=-2, channel="review-sites"),
                    jk.Touchpoint(name="D", emotion=0),
                ],
            )
        ],
    )


def shape(data: str) -> tuple[str, tuple[tuple[float, float], ...]]:
    """Path data up to moving and scaling: its commands, and its points within a unit square."""
    points = [(float(x), float(y)) for x, y in _POINT.findall(data)]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    x0, y0 = min(xs), min(ys)
    side = max(max(xs) - x0, max(ys) - y0) or 1
    unit = tuple((round((x - x0) / side, 1), round((y - y0) / side, 1)) for x, y in points)
    return re.sub(r"[^A-Za-z]", "", data), unit


STAR = shape(ICONS["review-sites"])


def render(j: jk.Journey, renderer: str, **options: object) -> str:
    text = jk.render(j, renderer, **options)
    assert isinstance(text, str)
    return text


def paths(svg: str) -> list[str]:
    return re.findall(r'<path d="([^"]+)"', svg)


def group(svg: str, name: str) -> str:
    """The text of the SVG group whose id ends in ``name``, up to the next group's start."""
    start = re.search(rf'<g [^>]*id="[^"]*-{re.escape(name)}"', svg)
    assert start is not None, name
    rest = svg[start.start() :]
    return rest[: rest.index("</g>")]


@pytest.mark.parametrize("kind", ["moment", "truth"])
def test_no_moment_mark_is_the_review_sites_star(kind: str) -> None:
    assert shape(marker_path(kind, 40, 40, 6)) != STAR
    assert shape(marker_path(kind, 0, 0, 1)) == shape(marker_path(kind, 40, 40, 6))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_poster_flags_the_card_and_rings_the_computed_moment(lang: str) -> None:
    truth, moment, _ = NAMES[lang]
    svg = render(journey(lang), "grid", moments=1)
    flag = group(svg, "truth-1")  # on B's card
    assert f"<title>{truth}</title>" in flag
    assert [shape(d) for d in paths(flag)] == [shape(marker_path("truth", 0, 0, 1))]
    assert "truth-2" not in svg
    assert "truth-0" not in svg
    ringed = group(svg, "point-0-0-2")  # C's marker on the curve
    assert f"{moment}: " in ringed
    assert shape(marker_path("moment", 0, 0, 1)) in [shape(d) for d in paths(ringed)]
    assert f"{moment}: " not in group(svg, "point-0-0-1")
    legend = group(svg, "header")
    assert f">{truth}</tspan>" in svg
    assert f">{moment}</tspan>" in svg
    assert "legend" in legend
    # The one star on the page is C's review-sites icon.
    assert [shape(d) for d in paths(svg)].count(STAR) == 1
    assert STAR in [shape(d) for d in paths(group(svg, "tp-2"))]


def test_the_poster_names_the_flag_only_when_a_card_shows_it() -> None:
    plain = journey("en")
    svg = render(plain, "grid", moments=1, lanes=["emotions"])
    assert ">Moment of truth</tspan>" not in svg
    assert ">Moment that matters</tspan>" in svg
    svg = render(plain, "grid", moments=0)
    assert ">Moment that matters</tspan>" not in svg
    assert ">Moment of truth</tspan>" in svg


@pytest.mark.parametrize("lang", ["en", "es"])
def test_graphviz_gives_the_flag_and_the_diamond_to_different_nodes(lang: str) -> None:
    truth, moment, _ = NAMES[lang]
    dot = render(journey(lang), "graphviz", moments=1)
    nodes = {line.split()[0]: line for line in dot.splitlines() if " [label=<" in line}
    assert "⚑" in nodes["b"]
    assert "peripheries=2" in nodes["b"]
    assert "◆" not in nodes["b"]
    assert "◆" in nodes["c"]
    assert "⚑" not in nodes["c"]
    assert "peripheries" not in nodes["c"]
    assert f'tooltip="C — {moment}: ' in nodes["c"]
    assert f"⚑ {truth} · ◆ {moment}" in dot  # the line under the title
    assert "★" not in dot


@pytest.mark.parametrize("lang", ["en", "es"])
def test_markdown_marks_and_names_the_two_moments(lang: str) -> None:
    truth, moment, moments = NAMES[lang]
    text = render(journey(lang), "markdown", moments=1)
    assert isinstance(text, str)
    assert "2. **B** ⚑<br>" in text
    assert re.search(r"3\. \*\*C\*\* · [^|<⚑]+ ◆<br>", text)  # after its channel's name
    assert f"_⚑ {truth} · ◆ {moment}_" in text
    assert f"## {moments}\n\n1. **3. C**" in text
    assert "★" not in text


def test_markdown_marks_no_moment_it_does_not_list() -> None:
    text = render(journey("en"), "markdown", moments=0)
    assert "◆" not in text
    assert "_⚑ Moment of truth_" in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pages_details_name_the_two_moments_apart(lang: str) -> None:
    truth, moment, _ = NAMES[lang]
    j = journey(lang)
    found = details(j, lang, moments={"c": "why"})
    rows = {t["id"]: {name: values for name, values, _ in t["rows"]} for t in found["touchpoints"]}
    assert f"⚑ {truth}" in rows["b"]
    assert f"◆ {moment}" not in rows["b"]
    assert rows["c"][f"◆ {moment}"] == ["why"]
    assert f"⚑ {truth}" not in rows["c"]
    page = render(j, "html", moments=1)
    assert "truth-1" in page
    assert "★" not in page


def test_mermaid_writes_neither_mark() -> None:
    text = render(journey("en"), "mermaid")
    assert not {"★", "⚑", "◆"} & set(text)


def test_markdown_graphviz_and_the_poster_mark_the_same_moments_by_default() -> None:
    # The Markdown page used to list and mark five where the poster rings three.
    j = jk.load(ROOT / "examples" / "car-purchase.yaml")
    ringed = moments_shown(j, 3, "en")  # what the grid and the web page ring
    assert len(ringed) == 3
    dot = render(j, "graphviz")
    nodes = {line.split()[0]: line for line in dot.splitlines() if " [label=<" in line}
    assert {node.strip('"') for node, line in nodes.items() if "◆" in line} == set(ringed)
    text = render(j, "markdown")
    listed = text.split("## Moments that matter\n\n")[1].split("\n\n")[0].splitlines()
    names = [j.touchpoint(id).name for id in ringed]
    assert [re.sub(r"^\d+\. \*\*\d+\. (.+?)\*\*.*", r"\1", line) for line in listed] == names
    assert text.count("◆") == 3 + 1  # the table marks just those, and the key names the mark
