"""Shared test settings: the hypothesis profiles, and golden files with ``--update-goldens``.

A test compares output with a golden file through the ``golden`` fixture::

    def test_something(golden: Golden) -> None:
        golden(GOLDENS / "name.md", jk.render(j, "markdown"))

After a deliberate change to a renderer, look at the new output, then rewrite
every golden file with::

    .venv/bin/python -m pytest tests/renderers --update-goldens -p no:cacheprovider -q

``JOURNEYKIT_UPDATE_GOLDENS=1`` still works too, but ``tests/renderers/grid/test_text.py``
also reads it to rebuild the grid's font width table in ``src/``: prefer the flag.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# CI runs more examples than a quick local run, and never prints a database.
settings.register_profile("ci", max_examples=100, database=None, print_blob=True)
settings.register_profile("dev", max_examples=40)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: How to rewrite the golden files, as the failure message says it.
UPDATE_COMMAND = ".venv/bin/python -m pytest tests/renderers --update-goldens"
#: How many lines of the difference a failing golden shows.
DIFF_LINES = 60

#: Compare ``text`` with the golden file at ``path`` (or rewrite it with ``--update-goldens``).
Golden = Callable[[Path, str], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files with the current output instead of comparing with them",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten rather than compared."""
    flag = bool(request.config.getoption("--update-goldens"))
    return flag or os.environ.get("JOURNEYKIT_UPDATE_GOLDENS") == "1"


def golden_diff(path: Path, expected: str, actual: str) -> str:
    """The first lines of a unified diff from the golden file to the new output."""
    lines = list(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{path.name} (golden)",
            tofile=f"{path.name} (rendered now)",
        )
    )
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:DIFF_LINES])
    if len(lines) > DIFF_LINES:
        shown += f"... and {len(lines) - DIFF_LINES} more lines of difference\n"
    return shown


def check_golden(path: Path, actual: str, *, update: bool) -> None:
    """Compare ``actual`` with the golden file ``path``, byte for byte, or rewrite the file."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not path.exists():
        pytest.fail(
            f"no golden file {where}; after checking the output, write it with:\n"
            f"    {UPDATE_COMMAND}",
            pytrace=False,
        )
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        pytest.fail(
            f"the output differs from the golden file {where}:\n"
            f"{golden_diff(path, expected, actual)}"
            f"If the change is meant, look at the new output, then regenerate the goldens with:\n"
            f"    {UPDATE_COMMAND}",
            pytrace=False,
        )


@pytest.fixture
def golden(update_goldens: bool) -> Golden:
    """Compare text with a golden file, or rewrite the file under ``--update-goldens``."""

    def check(path: Path, actual: str) -> None:
        check_golden(path, actual, update=update_goldens)

    return check


@pytest.fixture
def broken_map(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "journeykit: 1\ntitle: Broken\nstages:\n  - name: Buy\n    touchpoints:\n"
        "      - {name: Pays}\n      - {name: Pays}\ntransitions:\n  - {from: pays, to: nowhere}\n"
    )
    return path


@pytest.fixture
def empty_map(tmp_path: Path) -> Path:
    path = tmp_path / "empty.yaml"
    path.write_text("journeykit: 1\ntitle: Nothing yet\n")
    return path
