"""The grid renderer end to end: options, outputs, golden files, escaping, accessibility.

Golden files live in ``goldens/``; after a deliberate change to the drawing, look at
the new output, then regenerate them (and the other renderers' goldens) with::

    .venv/bin/python -m pytest tests/renderers --update-goldens -p no:cacheprovider -q

The flag is defined in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import journeykit as jk
from journeykit.renderers.grid import GridRenderer, _paint
from journeykit.renderers.grid.icons import ICONS, icon_path
from journeykit.renderers.theme import COLORBLIND, DEFAULT, Theme
from tests.conftest import ROOT, Golden
from tests.renderers.grid.journeys import big, flowers, measured, sally, team

GOLDENS = Path(__file__).parent / "goldens"
SVG = "{http://www.w3.org/2000/svg}"

CASES: dict[str, tuple[Callable[[], jk.Journey], dict[str, object]]] = {
    "flowers": (flowers, {}),
    "measured": (measured, {}),  # flow labels with their shares and counts
    "sally": (sally, {"theme": "colorblind"}),
    "team": (team, {"compact": True}),
}


def _text(element: ET.Element, path: str) -> str:
    """The text of the element ``path`` finds below ``element`` (failing when there is none)."""
    found = element.find(path)
    assert found is not None, path
    assert found.text is not None, path
    return found.text


def _id(element: ET.Element) -> str:
    """An element's id without the map's own prefix (``jk1234abcd-tp-0`` is ``tp-0``)."""
    return (element.get("id") or "").partition("-")[2]


def _scope(root: ET.Element) -> str:
    """The prefix of the map's ids: the root's own id."""
    scope = root.get("id") or ""
    assert re.fullmatch(r"jk[0-9a-f]{8}", scope), scope
    return scope


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_files(name: str, golden: Golden) -> None:
    build, options = CASES[name]
    svg = jk.render(build(), "grid", **options)
    assert isinstance(svg, str)
    golden(GOLDENS / f"{name}.svg", svg)


def test_output_is_byte_identical_across_processes() -> None:
    script = (
        "import journeykit as jk; from tests.renderers.grid.journeys import flowers;"
        "import sys; sys.stdout.write(jk.render(flowers(), 'grid'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert outputs.pop().decode() == jk.render(flowers(), "grid")


def test_the_registry_finds_the_grid_by_name_and_alias() -> None:
    assert jk.renderers.get("grid") is GridRenderer
    assert jk.renderers.get("poster") is GridRenderer


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        (
            {"lanes": ["emotions", "gossip"]},
            jk.ValidationError,
            "lanes: no lane 'gossip'; must be any of actions,",
        ),
        ({"lanes": "emotions,gossip"}, jk.ValidationError, "lanes: no lane 'gossip'"),
        (
            {"lanes": ["emotions", "emotions"]},
            jk.ValidationError,
            "lanes: each lane may appear once",
        ),
        ({"lanes": 5}, jk.ValidationError, "lanes: must be a list of lane names, got 5"),
        ({"theme": "neon"}, jk.ValidationError, "theme: must be one of default, colorblind"),
        ({"lang": "fr"}, jk.ValidationError, "lang: must be one of en, es, pt, got 'fr'"),
        ({"output": "jpg"}, jk.ValidationError, "output: must be one of svg, png, pdf, got 'jpg'"),
        ({"cell_width": 5}, jk.ValidationError, "cell_width: must be a number from 40 to 1000"),
        ({"width": float("nan")}, jk.ValidationError, "width: must be a number from 200"),
        ({"compact": "yes"}, jk.ValidationError, "compact: must be true or false"),
        ({"moments": -1}, jk.ValidationError, "moments: must be a whole number from 0 to 50"),
        ({"compare": "future.yaml"}, jk.ValidationError, "compare: must be a Journey"),
        ({"colour": "red"}, jk.JourneyError, "the grid renderer has no option 'colour'"),
        (
            {"theme": attrs.evolve(DEFAULT, ink="red}text{fill:url(http://x)")},
            jk.ValidationError,
            r"theme.ink: must be a colour such as '#1f4e79'",
        ),
        (
            {"theme": attrs.evolve(DEFAULT, font_family="x;}@import url(x)")},
            jk.ValidationError,
            "theme.font_family: must be a list of font names",
        ),
    ],
)
def test_bad_options_are_named(options: dict[str, object], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        jk.render(flowers(), "grid", **options)


def test_only_journeys_are_drawn() -> None:
    with pytest.raises(jk.ValidationError, match="journey: must be a Journey, got dict"):
        GridRenderer().render({"title": "not a journey"})  # type: ignore[arg-type]


def test_png_and_pdf_through_cairosvg() -> None:
    png = jk.render(sally(), "grid", output="png", scale=0.5)
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG")
    pdf = jk.render(sally(), "grid", output="pdf")
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")


def test_png_and_pdf_are_byte_identical_across_runs() -> None:
    first = jk.render(sally(), "grid", output="pdf")
    assert isinstance(first, bytes)
    # Cairo stamps the time; the renderer pins it (the seconds change between runs).
    assert re.findall(rb"/(?:CreationDate|ModDate) \(([^)]*)\)", first) == [b"D:20000101000000Z"]
    assert jk.render(sally(), "grid", output="pdf") == first
    assert jk.render(sally(), "grid", output="png") == jk.render(sally(), "grid", output="png")


def test_every_standard_channel_has_an_icon() -> None:
    assert set(ICONS) == set(jk.vocab.CHANNELS)
    drawn = {icon_path(name, 0, 0, 24) for name in jk.vocab.CHANNELS}
    assert len(drawn) == len(jk.vocab.CHANNELS)  # no two channels look the same
    assert icon_path("Redes-Sociales", 0, 0, 24) == icon_path("social", 0, 0, 24)


def test_a_missing_cairosvg_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    with pytest.raises(jk.RenderError, match=r"output='png' needs cairosvg .*output='svg'"):
        jk.render(sally(), "grid", output="png")


def test_importing_the_grid_loads_no_backend() -> None:
    script = (
        "import sys, journeykit.renderers.grid;"
        "print([m for m in ('svgwrite', 'cairosvg') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True, text=True
    )
    assert result.stdout.strip() == "[]"


def test_accessible_names_for_the_map_and_each_touchpoint() -> None:
    root = ET.fromstring(jk.render(flowers(), "grid"))
    scope = _scope(root)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{scope}-map-title {scope}-map-desc"
    assert _text(root, f"{SVG}title[@id='{scope}-map-title']") == "Sending flowers for a birthday"
    desc = _text(root, f"{SVG}desc[@id='{scope}-map-desc']")
    assert desc.startswith("5 touchpoints in 4 stages. Persona: Ana Ruiz")
    for index, name in enumerate(t.name for t in flowers().touchpoints):
        assert _text(root, f".//{SVG}g[@id='{scope}-tp-{index}']/{SVG}title") == name
        assert _text(root, f".//{SVG}g[@id='{scope}-tp-{index}']/{SVG}desc").startswith("Stages: ")


def _shape(path: str) -> str:
    """Name the marker a path draws: a circle, or a triangle pointing up or down."""
    if "C" in path:
        return "circle"
    points = [tuple(map(float, pair.split(","))) for pair in re.findall(r"[-\d.]+,[-\d.]+", path)]
    apex_y, base_y = points[0][1], points[1][1]
    return "up" if apex_y < base_y else "down"


def test_emotions_are_told_apart_by_shape_not_only_colour() -> None:
    root = ET.fromstring(jk.render(flowers(), "grid"))
    shapes: dict[str, set[str]] = {}
    for point in root.iter(f"{SVG}g"):
        if _id(point).startswith("point-"):
            marker = point.findall(f"{SVG}path")[-1]
            feeling = _text(point, f"{SVG}title").split(" — ")[1].split(" (")[0].split(".")[0]
            shapes.setdefault(feeling, set()).add(_shape(marker.get("d") or ""))
    assert shapes == {
        "positive": {"up"},
        "very positive": {"up"},
        "neutral": {"circle"},
        "no emotion recorded": {"circle"},
        "very negative": {"down"},
    }


def test_moments_that_matter_are_highlighted_with_their_reason() -> None:
    root = ET.fromstring(jk.render(flowers(), "grid", moments=1))
    highlights = [_id(rect) for rect in root.iter(f"{SVG}rect") if _id(rect).startswith("moment-")]
    assert highlights == ["moment-4"]  # marked as a moment of truth, and the peak
    reason = _text(root, f".//{SVG}g[@id='{_scope(root)}-point-0-0-4']/{SVG}title")
    assert "Moment that matters: marked as a moment of truth" in reason
    assert "moment-" not in jk.render(flowers(), "grid", moments=0)


def test_spanish_lane_titles_and_words() -> None:
    svg = jk.render(sally(), "grid")
    for word in ("Pensamientos", "Emociones", "Puntos de dolor", "Importancia 5", "vuelve a"):
        assert word in svg
    assert "Thoughts" not in jk.render(sally(), "grid", lang="es")
    assert "Thoughts" in jk.render(sally(), "grid", lang="en")


HOSTILE = [
    "<script>alert(1)</script>",
    "</svg><svg onload=alert(1)>",
    "& &amp; ' \" ]]> <!-- -->",
    "tab\there\nnew line\r\nend",
    "😀👍🏽 שלום עולם مرحبا",
    "x" * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_comes_out_inert(text: str) -> None:
    j = jk.Journey(
        title=text,
        goal=text,
        persona=jk.Persona(name=text, quote=text, goals=[text], channels=[text]),
        stages=[
            jk.Stage(
                name=text,
                goal=text,
                touchpoints=[
                    jk.Touchpoint(
                        id="a", name=text, channel=text, thought=text, owner=text,
                        pain_points=[text], metrics={text[:50] or "m": 1}, emotion=1,
                    ),
                    jk.Touchpoint(id="b", name=text, emotion=-1),
                ],
            )
        ],
        transitions=[jk.Transition(source="b", target="a", kind="return", label=text),
                     jk.Transition(source="b", kind="exit", label=text)],
    )  # fmt: skip
    svg = jk.render(j, "grid")
    assert isinstance(svg, str)
    root = ET.fromstring(svg)  # a strict XML parser: escaping held
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert not [a for e in root.iter() for a in e.attrib if a.lower().startswith("on")]
    titles = [e.text for e in root.iter(f"{SVG}title")]
    cleaned = jk.renderers.grid.text.clean(text)
    assert cleaned in titles


@pytest.mark.slow
def test_two_thousand_touchpoints_render_compactly() -> None:
    svg = jk.render(big(2000), "grid", compact=True, simplify="off")
    assert isinstance(svg, str)
    root = ET.fromstring(svg)
    assert float(root.get("width", "inf")) <= 2400
    assert len([g for g in root.iter(f"{SVG}g") if _id(g).startswith("tp-")]) == 2000


def _time(touchpoints: int) -> float:
    journey = big(touchpoints)
    journey.graph  # noqa: B018 - the graph view is not the drawing's time
    start = time.process_time()
    jk.render(journey, "grid", compact=True, simplify="off")
    return time.process_time() - start


@pytest.mark.slow
def test_the_time_to_draw_grows_with_the_journey_not_faster() -> None:
    # Four times the touchpoints take about four times as long (issue 15, item 17: a
    # poster of 100,000 touchpoints took 56 s and 3.7 GB). Sixteen would be quadratic.
    small, large = min(_time(1_000) for _ in range(2)), min(_time(4_000) for _ in range(2))
    assert large < small * 8, (small, large)


# -- several posters on one page (issue 15, item 16) -------------------------------


def _scoped_ids(svg: str) -> tuple[str, set[str]]:
    """The poster's scope (its root's id) and its other ids, checked to start with it."""
    root = ET.fromstring(svg)
    scope = _scope(root)
    ids = [element.get("id") or "" for element in root.iter() if element.get("id")]
    assert ids[0] == scope
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"{scope}-") for i in ids[1:])
    sheet = _text(root, f"{SVG}style")
    rules = [rule for rule in sheet.split("}") if rule]
    assert rules
    assert all(rule.startswith(f"#{scope} ") for rule in rules), sheet
    return scope, set(ids)


def test_every_id_and_style_rule_is_scoped_to_its_poster() -> None:
    first = jk.render(flowers(), "grid")
    second = jk.render(sally(), "grid")
    assert isinstance(first, str)
    assert isinstance(second, str)
    (one, ids), (other, more) = _scoped_ids(first), _scoped_ids(second)
    assert one != other
    assert not ids & more
    # The same map in another theme styles its text otherwise: another scope.
    colorblind = jk.render(flowers(), "grid", theme="colorblind")
    assert isinstance(colorblind, str)
    assert _scoped_ids(colorblind)[0] != one


def test_attribute_values_are_escaped() -> None:
    theme = attrs.evolve(DEFAULT, font_family='"DejaVu Sans", serif')
    svg = jk.render(flowers(), "grid", theme=theme)
    assert isinstance(svg, str)
    assert 'font-family="&quot;DejaVu Sans&quot;, serif"' in svg
    assert ET.fromstring(svg).get("font-family") == '"DejaVu Sans", serif'


def test_empty_and_tiny_journeys_render() -> None:
    for j in (
        jk.Journey(title="Empty"),
        jk.Journey(title="Stages only", stages=[jk.Stage(name="A"), jk.Stage(name="B")]),
        jk.Journey(title="One", stages=[jk.Stage(name="A", touchpoints=["Only"])]),
    ):
        root = ET.fromstring(jk.render(j, "grid"))
        assert _text(root, f"{SVG}title") == j.title


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", [DEFAULT, COLORBLIND], ids=["default", "colorblind"])
def test_text_contrast_meets_wcag_aa(theme: Theme) -> None:
    grounds = [
        theme.background,
        *_paint.LANE_FILLS,
        _paint.GUTTER,
        _paint.BADGE,
        _paint.BUBBLE[0],
        _paint.CARD_FILL,
    ]
    for ground in grounds:
        assert _contrast(theme.ink, ground) >= 4.5, ground
        assert _contrast(theme.muted, ground) >= 4.5, ground
    for stage in theme.stage_colors:  # stage names, goals and avatars are white on these
        assert _contrast("#ffffff", stage) >= 4.5, stage


def test_a_spanish_poster_speaks_spanish_with_spanish_numbers() -> None:
    svg = jk.render(jk.load(ROOT / "examples" / "sally-task-tool.yaml"), "grid")
    assert ">Momento que importa</tspan>" in svg  # the legend: a computed moment
    assert ">Momento de la verdad</tspan>" in svg  # and the author's flag
    assert ">sin emoción registrada</tspan>" in svg
    assert ">Tráfico 50.000</tspan>" in svg  # the badges
    assert ">Conversión 35\xa0%</tspan>" in svg
    assert "Momento que importa: la emoción más baja del recorrido (-1); importancia 5 de 5" in svg
    assert "8.000 clientes pasan por aquí" in svg
