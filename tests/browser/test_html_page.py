"""The interactive map page in Chromium: it loads clean, and every control does what it says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from tests.browser.conftest import Watched
from tests.conftest import ROOT
from tests.renderers.test_html import TRAP, trap_journey

CAR = ROOT / "examples" / "car-purchase.yaml"
_VIEW = "() => document.querySelector('#jk-map svg').getAttribute('viewBox')"
_PANEL = "() => document.getElementById('jk-panel-body').textContent"


@pytest.fixture(scope="module")
def car_page() -> str:
    page = jk.render(jk.load(CAR), "html")
    assert isinstance(page, str)
    return page


def opened(page: Watched, html: str, folder: Path, name: str = "map.html") -> Any:
    shown = page.open(html, folder, name)
    shown.wait_for_function("() => document.querySelector('.jk-card') !== null")
    return shown


def view(shown: Any) -> list[float]:
    return [float(part) for part in shown.evaluate(_VIEW).split()]


def test_the_map_opens_fitted_with_no_error_and_no_request_elsewhere(
    page: Watched, car_page: str, tmp_path: Path
) -> None:
    shown = opened(page, car_page, tmp_path)
    x, y, width, _ = view(shown)
    poster = float(
        shown.evaluate("() => document.querySelector('#jk-map svg').getAttribute('width')")
    )
    assert (x, y, width) == (0, 0, poster)  # fitted to the window's width
    assert shown.locator(".jk-card").count() == len(jk.load(CAR).touchpoints)
    assert page.errors == []
    assert page.foreign() == []


def test_hovering_and_tabbing_to_a_card_show_its_details(
    page: Watched, car_page: str, tmp_path: Path
) -> None:
    shown = opened(page, car_page, tmp_path)
    shown.hover("g.jk-card >> nth=2")
    assert "Tries trims and colours in the configurator" in shown.evaluate(_PANEL)
    shown.mouse.move(5, 5)
    shown.focus("#jk-map")
    shown.keyboard.press("Tab")
    focused = shown.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused == "Sees an ad on social media"
    assert "Scrolls Instagram" in shown.evaluate(_PANEL)
    assert shown.evaluate("() => location.hash") == "#tp=social-ad"
    assert page.errors == []


def test_a_lane_toggle_hides_the_lane_and_closes_the_gap(
    page: Watched, car_page: str, tmp_path: Path
) -> None:
    shown = opened(page, car_page, tmp_path)
    page_height = "() => +document.querySelector('#jk-map svg > rect').getAttribute('height')"
    before = shown.evaluate(page_height)
    below = "() => document.querySelector('g[data-lane=\"emotions\"]').getAttribute('transform')"
    assert shown.evaluate(below) is None
    shown.click("summary")
    shown.uncheck("input[name='jk-lane'][value='thoughts']")
    lane = shown.locator("g[data-lane='thoughts']").first
    assert not lane.is_visible()
    assert shown.evaluate(page_height) < before
    assert shown.evaluate(below).startswith("translate(0 -")
    shown.check("input[name='jk-lane'][value='thoughts']")
    assert shown.evaluate(page_height) == before


def test_the_persona_switch_shows_one_personas_curve_and_emotions(
    page: Watched, tmp_path: Path
) -> None:
    j = jk.Journey(
        title="Two",
        personas=["Ana", "Bo"],
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotions={"ana": 2, "bo": -2}),
                    jk.Touchpoint(name="B", emotions={"ana": 1, "bo": -1}),
                ],
            )
        ],
    )
    shown = opened(page, str(jk.render(j, "html")), tmp_path)
    visible = (
        "() => [...document.querySelectorAll('g[data-curve]')]"
        ".filter(g => getComputedStyle(g).display !== 'none').map(g => g.dataset.curve)"
    )
    assert shown.evaluate(visible) == ["ana", "bo"]
    shown.select_option("#jk-curve", "bo")
    assert shown.evaluate(visible) == ["bo"]
    shown.click("g.jk-card >> nth=0")
    text = shown.evaluate(_PANEL)
    assert "Emotion: Bo" in text
    assert "Emotion: Ana" not in text
    assert page.errors == []


def test_search_and_filters_dim_what_does_not_match(
    page: Watched, car_page: str, tmp_path: Path
) -> None:
    shown = opened(page, car_page, tmp_path)
    dimmed = "() => document.querySelectorAll('.jk-card').length - document.querySelectorAll('g.jk-dim > .jk-card').length"
    shown.fill("#jk-search", "financing")
    assert shown.evaluate(dimmed) == 1
    shown.fill("#jk-search", "")
    assert shown.evaluate(dimmed) == len(jk.load(CAR).touchpoints)
    shown.select_option("#jk-owner", "Sales")
    owners = {t.id for t in jk.load(CAR).touchpoints if t.owner == "Sales"}
    assert shown.evaluate(dimmed) == len(owners)


def test_zoom_changes_the_view_box_by_buttons_keys_and_wheel(
    page: Watched, car_page: str, tmp_path: Path
) -> None:
    shown = opened(page, car_page, tmp_path)
    fitted = view(shown)
    shown.click("#jk-zoom-in")
    assert view(shown)[2] < fitted[2]
    shown.click("#jk-fit")
    assert view(shown) == fitted
    shown.focus("#jk-map")
    shown.keyboard.press("-")
    assert view(shown)[2] > fitted[2]
    shown.keyboard.press("0")
    shown.keyboard.press("ArrowRight")
    assert view(shown)[0] > 0
    shown.mouse.move(400, 400)
    shown.mouse.wheel(0, -300)
    assert view(shown)[2] < fitted[2]


def test_a_deep_link_opens_with_the_touchpoint_selected(
    page: Watched, car_page: str, tmp_path: Path
) -> None:
    (tmp_path / "map.html").write_text(car_page, encoding="utf-8")
    shown = page.page
    shown.goto((tmp_path / "map.html").as_uri() + "#tp=test-drive")
    shown.wait_for_function("() => document.querySelector('.jk-selected') !== null")
    assert shown.evaluate(
        "() => document.querySelector('.jk-selected').getAttribute('aria-label')"
    ) == ("Takes a test drive")
    assert "Drives the SUV" in shown.evaluate(_PANEL)
    assert page.errors == []


def test_the_toolbar_works_from_the_keyboard_alone(
    page: Watched, car_page: str, tmp_path: Path
) -> None:
    shown = opened(page, car_page, tmp_path)
    fitted = view(shown)
    shown.keyboard.press("Tab")  # the first control: zoom out
    shown.keyboard.press("Tab")
    assert shown.evaluate("() => document.activeElement.id") == "jk-zoom-in"
    shown.keyboard.press("Enter")
    assert view(shown)[2] < fitted[2]
    shown.keyboard.press("Tab")
    shown.keyboard.press("Enter")  # fit
    assert view(shown) == fitted
    shown.keyboard.press("Tab")
    shown.keyboard.press("Enter")  # open the lanes
    shown.keyboard.press("Tab")
    shown.keyboard.press("Space")  # untick the first lane
    assert not shown.locator("g[data-lane='actions']").first.is_visible()
    ring = "() => getComputedStyle(document.activeElement).outlineStyle"
    assert shown.evaluate(ring) == "solid"  # a visible focus ring


def test_a_hostile_journey_runs_nothing_and_shows_its_text_as_typed(
    page: Watched, tmp_path: Path
) -> None:
    j = trap_journey()
    shown = opened(page, str(jk.render(j, "html")), tmp_path)
    shown.click("g.jk-card >> nth=0")
    assert shown.evaluate("() => window.__pwned") is None
    assert shown.evaluate("() => document.querySelector('#jk-panel-body h3').textContent") == TRAP
    assert "<script>window.__pwned=1</script>" in shown.evaluate(_PANEL)
    assert shown.evaluate("() => document.querySelector('h1').textContent") == j.title
    assert shown.locator("img").count() == 0
    assert page.foreign() == []


def test_a_live_page_opened_from_disk_stays_quiet(page: Watched, tmp_path: Path) -> None:
    html = jk.render(jk.load(CAR), "html", live="/events")
    shown = opened(page, str(html), tmp_path)
    shown.wait_for_timeout(200)
    assert page.errors == []
    assert page.foreign() == []
    assert shown.evaluate("() => document.getElementById('jk-error').hidden") is True


def test_a_very_wide_poster_opens_readable_not_shrunk_to_the_window(
    page: Watched, tmp_path: Path
) -> None:
    wide = jk.Journey(
        title="Wide",
        stages=[
            jk.Stage(name=f"S{s}", touchpoints=[f"T{s}-{t}" for t in range(8)]) for s in range(6)
        ],
    )
    html = jk.render(wide, "html")
    assert isinstance(html, str)
    shown = opened(page, html, tmp_path)
    x, y, width, _ = view(shown)
    poster = float(
        shown.evaluate("() => document.querySelector('#jk-map svg').getAttribute('width')")
    )
    port = shown.evaluate("() => document.getElementById('jk-map').getBoundingClientRect().width")
    assert (x, y) == (0, 0)
    assert width < poster  # the rest is a pan away
    assert width == pytest.approx(port * 3, abs=1)  # text at a third of its size at least
    assert page.errors == []
