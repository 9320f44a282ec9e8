"""Take the documentation's screenshots of the web page and the live preview, in Chromium.

Writes ``docs/images/html-car-purchase.png`` (the car example as a web page, a
touchpoint selected) and ``docs/images/serve-error.png`` (the live preview showing
a broken save over the last good map). Needs the ``dev`` set-up (Playwright and
Debian's ``chromium``):

    .venv/bin/python scripts/screenshots.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import journeykit as jk

ROOT = Path(__file__).resolve().parent.parent
CAR = ROOT / "examples" / "car-purchase.yaml"
SIZE = {"width": 1440, "height": 900}


def web_page(browser: Any, out: Path, folder: Path) -> Path:
    page_file = folder / "car.html"
    page_file.write_text(str(jk.render(jk.load(CAR), "html")), encoding="utf-8")
    page = browser.new_page(viewport=SIZE)
    page.goto(page_file.as_uri() + "#tp=price-negotiation")
    page.wait_for_selector(".jk-card")
    shot = out / "html-car-purchase.png"
    page.screenshot(path=str(shot))
    page.close()
    return shot


def broken_save(browser: Any, out: Path, folder: Path) -> Path:
    journey = folder / "car-purchase.yaml"
    shutil.copy(CAR, journey)
    # Served by the name a user would type, so the banner shows no scratch folder.
    os.chdir(folder)
    with jk.serve(journey.name, port=0, open_browser=False) as preview:
        page = browser.new_page(viewport=SIZE)
        page.goto(preview.url)
        page.wait_for_selector(".jk-card")
        text = journey.read_text(encoding="utf-8")
        journey.write_text(text.replace("emotion: -2", "emotion: -7", 1), encoding="utf-8")
        page.wait_for_selector("#jk-error:not([hidden])", timeout=10_000)
        time.sleep(0.3)  # let the banner settle before the picture
        shot = out / "serve-error.png"
        page.screenshot(path=str(shot))
        page.close()
    return shot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not installed: run scripts/setup.sh dev", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for take in (web_page, broken_save):
                print(take(browser, args.out, Path(scratch)))
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
