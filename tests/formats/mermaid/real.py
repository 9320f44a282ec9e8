"""Mermaid's own parser, run under Node, to check our diagrams against the real thing.

It needs ``node`` on the PATH and a ``node_modules`` folder holding the npm
packages ``mermaid`` (11.x) and ``jsdom``: the one named by the environment
variable ``JOURNEYKIT_MERMAID_MODULES``, else ``node_modules`` at the root of
the repository. Tests that use it are skipped when either is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit.formats import mermaid

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("parse.mjs")
ENV = "JOURNEYKIT_MERMAID_MODULES"


class MermaidParser:
    """A running ``parse.mjs``: send a diagram, get what Mermaid reads in it."""

    def __init__(self, node: str, modules: Path) -> None:
        self._process = subprocess.Popen(
            [node, str(SCRIPT), str(modules)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def parse(self, text: str) -> dict[str, Any]:
        """Return ``{"error": ...}`` or the title, sections and tasks Mermaid reads."""
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.write(json.dumps(text) + "\n")
        self._process.stdin.flush()
        answer = self._process.stdout.readline()
        assert answer, "the Mermaid parser process ended"
        result: dict[str, Any] = json.loads(answer)
        return result

    def close(self) -> None:
        """Stop the Node process."""
        self._process.communicate(timeout=30)  # closes both pipes


def modules() -> Path | None:
    """The node_modules folder with mermaid and jsdom, or None."""
    folder = Path(os.environ.get(ENV) or ROOT / "node_modules")
    ready = (folder / "mermaid" / "dist" / "mermaid.core.mjs").is_file() and (
        folder / "jsdom"
    ).is_dir()
    return folder if ready else None


def real_mermaid() -> Iterator[MermaidParser]:
    """Body of a module-scoped fixture: the parser, or a skip saying what is missing."""
    node = shutil.which("node")
    folder = modules()
    if node is None or folder is None:
        pytest.skip(
            f"needs node and the npm packages mermaid and jsdom (npm install mermaid@11 jsdom; "
            f"set {ENV} to the node_modules folder)"
        )
    parser = MermaidParser(node, folder)
    yield parser
    parser.close()


def assert_read_alike(read: dict[str, Any], journey: jk.Journey) -> None:
    """Check that our reading of a diagram holds what Mermaid's ``read`` of it does."""
    assert "error" not in read, read
    tasks = [(t["task"], t["score"] - 3) for t in read["tasks"]]
    assert [(t.name, t.emotion) for t in journey.touchpoints] == tasks
    sections = [s if s.strip() else mermaid.UNNAMED_STAGE for s in read["sections"]]
    if read["tasks"] and read["tasks"][0]["section"] == "":
        sections.insert(0, mermaid.UNNAMED_STAGE)
    assert [s.name for s in journey.stages] == sections
    people = {p for t in read["tasks"] for p in t["people"] if p.strip()}
    owners = {o for t in journey.touchpoints for o in t.owner.split(", ") if o}
    assert {p.name for p in journey.personas} | owners == people
