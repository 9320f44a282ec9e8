"""The HTML renderer: one self-contained, inert page built on the grid poster."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit import figures
from journeykit.renderers.html import HtmlOptions, HtmlRenderer, error_page
from journeykit.renderers.html._page import json_block, script_hash
from tests.conftest import ROOT
from tests.strategies import HOSTILE, journeys

CAR = ROOT / "examples" / "car-purchase.yaml"
CSS = ROOT / "src" / "journeykit" / "renderers" / "html" / "page.css"


def render(journey: jk.Journey, **options: Any) -> str:
    page = jk.render(journey, "html", **options)
    assert isinstance(page, str)
    return page


class Parsed(HTMLParser):
    """Every element of a page with its attributes, and the text of each script."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def data_of(page: str) -> Any:
    found = re.search(r'<script type="application/json" id="jk-data">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def svg_of(page: str) -> ET.Element:
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    return ET.fromstring(page[start:end])


def small(**extra: Any) -> jk.Journey:
    return jk.Journey(
        title="Buying flowers",
        stages=[
            jk.Stage(
                name="Find",
                touchpoints=[
                    jk.Touchpoint(name="Sees an ad", channel="ads", emotion=1, owner="Marketing")
                ],
            ),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(
                        name="Pays",
                        channel="web",
                        emotion=-1,
                        owner="Digital",
                        pain_points=["Surprise fee"],
                        evidence=[jk.Evidence(kind="observed", source="Survey", confidence=0.8)],
                    )
                ],
            ),
        ],
        transitions=[jk.Transition(source="pays", target="sees-an-ad", kind="return", count=40)],
        **extra,
    )


# -- structure and the policy ---------------------------------------------------------


def test_the_page_is_one_document_whose_only_script_is_the_one_its_policy_hashes() -> None:
    page = render(small())
    parsed = Parsed(page)
    assert page.startswith("<!DOCTYPE html>\n")
    scripts = parsed.scripts
    assert [attrs.get("type") for attrs, _ in scripts] == ["application/json", None]
    policies = [a for tag, a in parsed.elements if a.get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1
    policy = str(policies[0]["content"])
    assert f"script-src '{script_hash(scripts[1][1])}'" in policy
    for rule in ("default-src 'none'", "font-src data:", "base-uri 'none'", "form-action 'none'"):
        assert rule in policy
    assert "connect-src" not in policy


def test_the_page_asks_for_nothing_from_any_address() -> None:
    page = render(jk.load(CAR))
    for tag, attrs in Parsed(page).elements:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith(("data:", "#")), (tag, name, value)
    # Only the XML namespaces name an address, and they are never fetched.
    assert set(re.findall(r"https?://[^\s\"')]+", page)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/2001/xml-events",
        "http://www.w3.org/1999/xlink",
    }
    assert page.count("@font-face") == 2
    assert page.count("data:font/woff2;base64,") == 2


def test_the_car_page_is_under_300_kb() -> None:
    assert len(render(jk.load(CAR)).encode("utf-8")) < 300_000


def test_the_same_journey_gives_the_same_bytes() -> None:
    assert render(jk.load(CAR)) == render(jk.load(CAR))


def test_the_page_holds_the_grid_poster_with_its_hooks() -> None:
    j = small()
    svg = svg_of(render(j))
    ns = "{http://www.w3.org/2000/svg}"
    lanes = [g.get("data-lane") for g in svg.iter(f"{ns}g") if g.get("data-lane")]
    assert {"touchpoints", "emotions", "flow", "pain_points", "owners"} <= set(lanes)
    hooked = {g.get("data-tp") for g in svg.iter(f"{ns}g") if g.get("data-tp")}
    assert hooked == {t.id for t in j.touchpoints}
    flows = {g.get("data-flow") for g in svg.iter(f"{ns}g") if g.get("data-flow")}
    assert flows == {"0"}


# -- the details ----------------------------------------------------------------------


def test_every_field_with_something_is_in_the_touchpoints_details() -> None:
    data = data_of(render(small()))
    pays = data["touchpoints"][1]
    assert (pays["id"], pays["name"], pays["owner"], pays["channel"]) == (
        "pays",
        "Pays",
        "Digital",
        "Website",
    )
    rows = {name: values for name, values, _ in pays["rows"]}
    assert rows["Stage"] == ["Buy"]
    assert rows["Emotion"] == ["negative (-1)"]
    assert rows["Pain points"] == ["Surprise fee"]
    assert rows["Evidence"] == ["observed · Survey · confidence 80%"]
    assert "Thought" not in rows
    assert "Tags" not in rows


def test_a_flows_figures_are_the_posters() -> None:
    j = small()
    data = data_of(render(j))
    edge = j.graph.edges[0]
    rows = {name: values for name, values, _ in data["flows"]["0"]["rows"]}
    shown = figures.edge_figures(edge)
    assert rows["Kind"] == ["goes back"]
    assert rows["Share"] + rows["Customers"] == list(shown)
    assert rows["Flow"] == ["Pays → Sees an ad"]
    assert data["flows"]["0"]["source"] == "pays"


def test_each_persona_gets_a_curve_switch_and_rows_of_its_own() -> None:
    j = jk.Journey(
        title="Two",
        personas=["Ana", "Bo"],
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", emotions={"ana": 2})])],
    )
    page = render(j)
    assert '<select id="jk-curve"><option value="">All personas</option>' in page
    assert '<option value="bo">Bo</option>' in page
    rows = data_of(page)["touchpoints"][0]["rows"]
    assert ["Emotion: Ana", ["very positive (+2)"], "ana"] in rows
    svg = svg_of(page)
    keys = {g.get("data-curve") for g in svg.iter() if g.get("data-curve")}
    assert keys == {"ana", "bo"}


def test_compare_switches_between_the_current_and_future_curves() -> None:
    now = small()
    later = jk.Journey(
        title="Later",
        state="future",
        stages=[jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Pays", emotion=2)])],
    )
    page = render(now, compare=later)
    assert '<label for="jk-curve">State</label>' in page
    assert '<option value="future">Future</option>' in page
    rows = data_of(page)["touchpoints"][1]["rows"]
    assert ["Emotion: Future", ["very positive (+2)"], "future"] in rows


# -- options --------------------------------------------------------------------------


def test_lanes_pass_to_the_poster_and_make_the_lane_checkboxes() -> None:
    page = render(small(), lanes="touchpoints,emotions")
    boxes = re.findall(r'name="jk-lane" value="([a-z_]+)"', page)
    assert boxes == ["touchpoints", "emotions"]


def test_the_page_speaks_the_journeys_language() -> None:
    page = render(small(lang="es"))
    assert '<html lang="es">' in page
    assert '<label for="jk-search">Buscar</label>' in page
    assert "Carriles" in page
    assert 'value="emotions" checked> Emociones</label>' in page  # the lane's own title
    assert '<html lang="en">' in render(small(lang="es"), lang="en")


def test_fit_and_live_reach_the_page() -> None:
    page = render(small(), fit="none", live="/events")
    data = data_of(page)
    assert (data["fit"], data["live"]) == ("none", "/events")
    assert "connect-src 'self'" in page
    assert data_of(render(small()))["live"] is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fit": "page"}, "fit: must be one of width, none, got 'page'"),
        ({"live": "https://evil.example/x"}, "live: must be a path such as '/events'"),
        ({"lanes": "gossip"}, "lanes: no lane 'gossip'"),
        ({"moments": 99}, "moments: must be a whole number"),
        ({"output": "png"}, "the html renderer has no option 'output'"),
    ],
)
def test_options_are_checked_by_the_grids_own_validators(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(jk.ValidationError, match=re.escape(message)):
        HtmlRenderer(**options)


def test_the_options_are_the_grids_but_output_and_scale_plus_fit_and_live() -> None:
    import attrs

    grid = {f.name for f in attrs.fields(jk.renderers.get("grid").Options)}
    page = {f.name for f in attrs.fields(HtmlOptions)}
    assert page == (grid - {"output", "scale"}) | {"fit", "live"}


def test_a_html_file_name_picks_the_page() -> None:
    for name in ("map.html", "MAP.HTM"):
        cls, options = jk.renderers.get_for_filename(name)
        assert (cls, options) == (HtmlRenderer, {})
    assert jk.renderers.get("web") is HtmlRenderer
    assert HtmlRenderer().output.media_type == "text/html"


# -- nothing from the journey runs ------------------------------------------------------


def test_json_escapes_everything_that_could_end_its_block() -> None:
    text = json_block({"a": "</script><!-- & \u2028\u2029 >"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


TRAP = '<img src=x onerror="window.__pwned=1">'


def trap_journey() -> jk.Journey:
    """A journey whose texts try to run script: each must show as typed (the browser tests too)."""
    return jk.Journey(
        title="</script><script>window.__pwned=1</script>",
        stages=[
            jk.Stage(
                name="<svg onload=window.__pwned=1>",
                touchpoints=[
                    jk.Touchpoint(
                        name=TRAP,
                        action="<script>window.__pwned=1</script>",
                        owner='"><img src=x onerror=window.__pwned=1>',
                    )
                ],
            )
        ],
    )


def test_a_hostile_journey_gives_an_inert_page() -> None:
    j = trap_journey()
    page = render(j)
    parsed = Parsed(page)
    assert [tag for tag, _ in parsed.elements].count("script") == 2
    assert not [tag for tag, _ in parsed.elements if tag == "img"]
    assert TRAP not in page
    assert "</script><script>" not in page
    assert data_of(page)["touchpoints"][0]["name"] == TRAP


def _texts(journey: jk.Journey) -> list[str]:
    found = [journey.title]
    for stage in journey.stages:
        found.append(stage.name)
        for t in stage.touchpoints:
            found += [t.name, t.owner, t.action, t.thought, *t.pain_points, *t.tags]
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(max_stages=3, max_touchpoints=3))
def test_any_journey_gives_a_well_formed_inert_page(journey: jk.Journey) -> None:
    page = render(journey)
    parsed = Parsed(page)
    tags = [tag for tag, _ in parsed.elements]
    assert tags.count("script") == 2
    for tag, attrs in parsed.elements:
        assert not any(name.startswith("on") for name in attrs), tag
    data = data_of(page)
    assert [t["id"] for t in data["touchpoints"]] == [t.id for t in journey.touchpoints]
    svg_of(page)  # well formed XML
    assert set(tags) <= _TAGS
    plain = _plain_page()
    for text in _texts(journey):
        # A text that holds markup of its own (not markup every page has) shows escaped.
        if ("<" in text or ">" in text) and text not in plain:
            assert text not in page


_TAGS = {"html", "head", "meta", "link", "title", "style", "body", "div", "strong", "span"}
_TAGS |= {"header", "h1", "h2", "details", "summary", "fieldset", "legend", "label", "input"}
_TAGS |= {"select", "option", "button", "main", "aside", "p", "script"}
_TAGS |= {"svg", "desc", "defs", "g", "rect", "line", "circle", "path", "text", "tspan"}


def _plain_page(cache: dict[str, str] = {}) -> str:  # noqa: B006 (a cache on purpose)
    if not cache:
        cache["page"] = render(small())
    return cache["page"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_shows_in_the_panels_data_as_written(text: str) -> None:
    j = jk.Journey(
        title="T", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", action=text)])]
    )
    rows = {name: values for name, values, _ in data_of(render(j))["touchpoints"][0]["rows"]}
    assert rows["Action"] == [jk.renderers.grid.text.clean(text)]


# -- the error page -------------------------------------------------------------------------


def test_the_error_page_shows_just_the_message_as_text() -> None:
    page = error_page("map.yaml:3: <b>broken</b>", live="/events")
    assert 'id="jk-error" class="jk-error" role="alert">' in page  # shown: not hidden
    assert "map.yaml:3: &lt;b&gt;broken&lt;/b&gt;" in page
    assert "connect-src 'self'" in page
    assert data_of(page) == {"live": "/events"}
    assert 'id="jk-map"' not in page
    with pytest.raises(jk.ValidationError, match="live: must be a path"):
        error_page("x", live="javascript:alert(1)")


def test_a_maps_page_has_the_banner_hidden() -> None:
    assert '<div id="jk-error" class="jk-error" role="alert" hidden>' in render(small())


# -- the page's colours ---------------------------------------------------------------------


def _palette(css: str, dark: bool) -> dict[str, str]:
    blocks = re.findall(r":root \{(.*?)\}", css, re.S)
    return dict(re.findall(r"--jk-([\w-]+): (#[0-9a-f]{6});", blocks[1 if dark else 0]))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_says() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# (text, ground) pairs the style sheet uses.
_PAIRS = [
    ("text", "bg"),
    ("muted", "bg"),
    ("text", "bar"),
    ("muted", "bar"),
    ("text", "button"),
    ("error-text", "error-bg"),
    ("focus", "bg"),
    ("mark", "bg"),
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(("text", "ground"), _PAIRS)
def test_the_page_colours_meet_wcag_aa(dark: bool, text: str, ground: str) -> None:
    palette = _palette(CSS.read_text(encoding="utf-8"), dark)
    assert contrast(palette[text], palette[ground]) >= 4.5


def test_the_style_sheet_prints_a3_landscape_and_respects_reduced_motion() -> None:
    css = Path(CSS).read_text(encoding="utf-8")
    assert "@page { size: A3 landscape; margin: 10mm; }" in css
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert "@media (prefers-color-scheme: dark)" in css


def test_the_spanish_details_panel_writes_spanish_numbers() -> None:
    from journeykit.renderers.html._details import details

    j = jk.Journey(
        title="T",
        lang="es",
        stages=[jk.Stage(name="Compra", touchpoints=[jk.Touchpoint(name="Paga", emotion=-1.5)])],
        transitions=[jk.Transition(source="paga", kind="exit", count=3200)],
    )
    data = details(j, "es")
    rows = {row[0]: row[1] for row in data["touchpoints"][0]["rows"]}
    assert rows["Emoción"] == ["negativa (-1,5)"]
    flow = {row[0]: row[1] for row in data["flows"]["0"]["rows"]}
    assert (flow["Tipo"], flow["Proporción"], flow["Clientes"]) == (
        ["salida"],
        ["100\xa0%"],
        ["n=3.200"],
    )
