"""A journey shown in a notebook: the interactive map works inside its sandboxed frame."""

from __future__ import annotations

from pathlib import Path

import journeykit as jk
from tests.browser.conftest import Watched
from tests.conftest import ROOT

CAR = ROOT / "examples" / "car-purchase.yaml"
FLOWERS = ROOT / "examples" / "flower-delivery.yaml"


def test_two_maps_in_one_notebook_page_each_work_at_full_size(
    page: Watched, tmp_path: Path
) -> None:
    car, flowers = jk.load(CAR), jk.load(FLOWERS)
    cells = [car._repr_html_(), flowers._repr_html_()]
    # Roughly what Jupyter does with the HTML: each output in a div of the page.
    html = "<!DOCTYPE html><title>notebook</title>" + "".join(
        f'<div class="output" style="width:900px">{cell}</div>' for cell in cells
    )
    shown = page.open(html, tmp_path, "notebook.html")
    frames = [f for f in shown.frames if f != shown.main_frame]
    assert len(frames) == 2
    for index, (frame, journey) in enumerate(zip(frames, (car, flowers), strict=True)):
        # The second frame starts below the page's fold: bring it up, as a reader would scroll.
        shown.locator("iframe").nth(index).scroll_into_view_if_needed()
        frame.wait_for_selector(".jk-card")
        assert frame.locator(".jk-card").count() == len(journey.touchpoints)
        width = float(
            frame.evaluate("() => document.querySelector('#jk-map svg').getAttribute('width')")
        )
        view = [
            float(v)
            for v in frame.evaluate(
                "() => document.querySelector('#jk-map svg').getAttribute('viewBox')"
            ).split()
        ]
        # Opened at 1:1: the view is as wide as the frame's map area, not the whole poster.
        assert view[2] < width
        # A click event, not a pointer: where the card sits in the frame is not the point here.
        frame.locator(".jk-card").first.dispatch_event("click")
        panel = frame.evaluate("() => document.getElementById('jk-panel-body').textContent")
        assert journey.touchpoints[0].name in panel
        # The frame has no origin of its own: it cannot reach the notebook's page.
        assert (
            frame.evaluate(
                "() => { try { return !!parent.document; } catch (e) { return false; } }"
            )
            is False
        )
    assert page.errors == []
    assert page.foreign() == []
