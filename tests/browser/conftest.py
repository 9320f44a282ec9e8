"""Browser tests: Playwright for Python driving the system's Chromium (none is downloaded).

Every test here is marked ``browser`` so that they run alone with ``pytest -m browser``.
The :func:`page` fixture is a fresh page that records what a map must never do: print an
error to the console, throw, or ask any address but its own file (or the live preview's
local server) for anything.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

# Chromium as Debian installs it; JOURNEYKIT_CHROMIUM names another one.
CHROMIUM = os.environ.get("JOURNEYKIT_CHROMIUM") or shutil.which("chromium") or ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@attrs.define
class Watched:
    """A page and what it did: console errors, uncaught errors and requests."""

    page: Any
    errors: list[str] = attrs.Factory(list)
    requests: list[str] = attrs.Factory(list)

    def open(self, html: str, folder: Path, name: str = "map.html") -> Any:
        """Write ``html`` to ``folder/name``, open it from disk and return the page."""
        path = folder / name
        path.write_text(html, encoding="utf-8")
        self.page.goto(path.as_uri())
        return self.page

    def foreign(self, allowed: tuple[str, ...] = ("file://",)) -> list[str]:
        """The requests to any address not starting with one of ``allowed``."""
        return [url for url in self.requests if not url.startswith(allowed)]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: scripts/setup.sh dev installs it")
        pytest.skip("Chromium is not installed (scripts/setup.sh dev installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    watched = Watched(opened)
    opened.on(
        "console",
        lambda message: watched.errors.append(message.text) if message.type == "error" else None,
    )
    opened.on("pageerror", lambda error: watched.errors.append(str(error)))
    opened.on("request", lambda request: watched.requests.append(request.url))
    yield watched
    context.close()
