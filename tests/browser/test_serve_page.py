"""The live preview in a browser: a save redraws the map, a broken save shows its error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journeykit._serve import LivePreview
from journeykit._watched import WatchedMap
from tests._serve_support import BROKEN_LINE, FIELD, broken, journey, map_file, save
from tests.browser.conftest import Watched

__all__ = ["map_file"]  # the fixture, used by name

# Milliseconds from a save to the change on the page.
IN_TIME = 2000

_SHOWS = "text => document.body.innerText.includes(text)"
_BANNER = """text => {
  const banner = document.getElementById("jk-error");
  return banner !== null && banner.checkVisibility() && banner.textContent.includes(text);
}"""
_NO_BANNER = """() => {
  const banner = document.getElementById("jk-error");
  return banner === null || !banner.checkVisibility();
}"""


@pytest.fixture
def preview(map_file: Path) -> Iterator[LivePreview]:
    with LivePreview(WatchedMap(map_file), port=0).start() as running:
        yield running


def opened(page: Watched, preview: LivePreview) -> Any:
    page.page.goto(preview.url)
    return page.page


def test_a_save_redraws_the_map(page: Watched, preview: LivePreview, map_file: Path) -> None:
    shown = opened(page, preview)
    shown.wait_for_function(_SHOWS, arg="First title", timeout=IN_TIME)
    save(map_file, journey("Second title"))
    shown.wait_for_function(_SHOWS, arg="Second title", timeout=IN_TIME)
    assert page.errors == []
    assert page.foreign(allowed=(preview.url,)) == []


def test_a_broken_save_shows_its_error_over_the_map(
    page: Watched, preview: LivePreview, map_file: Path
) -> None:
    shown = opened(page, preview)
    shown.wait_for_function(_SHOWS, arg="First title", timeout=IN_TIME)
    where = f"{map_file}:{BROKEN_LINE}: {FIELD}"

    save(map_file, broken("First title"))
    shown.wait_for_function(_BANNER, arg=where, timeout=IN_TIME)
    assert shown.get_attribute("#jk-error", "role") == "alert"
    assert "First title" in shown.inner_text("body")  # the last good map stays

    save(map_file, journey("First title"))  # fixed back as it was: the banner goes
    shown.wait_for_function(_NO_BANNER, timeout=IN_TIME)

    save(map_file, broken("First title"))
    shown.wait_for_function(_BANNER, arg=where, timeout=IN_TIME)
    save(map_file, journey("Fixed title"))  # fixed with a change: the map is redrawn
    shown.wait_for_function(_SHOWS, arg="Fixed title", timeout=IN_TIME)
    shown.wait_for_function(_NO_BANNER, timeout=IN_TIME)
    assert page.errors == []
    assert page.foreign(allowed=(preview.url,)) == []


def test_a_file_broken_from_the_start_shows_the_map_once_fixed(
    page: Watched, map_file: Path
) -> None:
    map_file.write_text(broken("Late title"), encoding="utf-8")
    with LivePreview(WatchedMap(map_file), port=0).start() as running:
        shown = opened(page, running)
        shown.wait_for_function(_BANNER, arg=f"{map_file}:{BROKEN_LINE}: {FIELD}", timeout=IN_TIME)
        save(map_file, journey("Late title"))
        shown.wait_for_function(_SHOWS, arg="Late title", timeout=IN_TIME)
        shown.wait_for_function(_NO_BANNER, timeout=IN_TIME)
        assert page.errors == []
