"""The documentation builds cleanly, and every example in it runs as written.

* Every ``pycon`` block of a page runs as one doctest session per page, in a
  scratch folder holding a copy of ``examples/``, so the docs cannot drift from
  the code. Line numbers in failures are the page's own.
* Every ``yaml`` block is a journey file that loads; every ``console`` block's
  ``journeykit`` commands run and print what the page shows; every ``toml``
  block parses.
* The Sphinx build runs offline with warnings as errors, renders the gallery,
  and its inventory holds every public name.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import io
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit.cli import main as cli_main
from tests.conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(
    path
    for path in DOCS.rglob("*.md")
    if "_build" not in path.parts and path.parent != DOCS / "images"
)
FENCE = re.compile(
    r"^(?P<fence>```+)(?P<lang>[\w{}-]*)[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)
# Languages a page may use for code, and what the tests do with each.
RUN = {"pycon", "yaml", "console", "toml"}
# (Fences named `{...}` are MyST directives, not code.)
SHOWN = {"bash", "text"}
# The modules whose `__all__` the API reference must cover.
MODULES = [
    "journeykit",
    "journeykit.model",
    "journeykit.errors",
    "journeykit.vocab",
    "journeykit.formats.files",
    "journeykit.formats.mermaid",
    "journeykit.formats.schema",
    "journeykit.graph",
    "journeykit.figures",
    "journeykit.validators",
    "journeykit.analysis",
    "journeykit.renderers",
    "journeykit.renderers.markdown",
    "journeykit.renderers.graphviz",
    "journeykit.renderers.mermaid",
    "journeykit.renderers.grid",
    "journeykit.renderers.html",
    "journeykit.renderers.notebook",
    "journeykit.renderers.theme",
    "journeykit.mining",
    "journeykit.cli",
]


def blocks(page: Path, lang: str) -> Iterator[tuple[int, str]]:
    """Yield (line number of the first body line, body) of each block in ``lang``."""
    text = page.read_text(encoding="utf-8")
    for match in FENCE.finditer(text):
        if match.group("lang") == lang:
            yield text.count("\n", 0, match.start("body")) + 1, match.group("body")


def page_id(page: Path) -> str:
    return page.relative_to(DOCS if page.is_relative_to(DOCS) else ROOT).as_posix()


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch working folder with the examples in it, as in a fresh checkout."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pages_use_only_runnable_or_shown_code() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            lang = match.group("lang")
            if lang.startswith("{"):
                continue
            assert lang in RUN | SHOWN, (
                f"{page_id(page)}: a ```{lang} block is neither run nor allowed"
            )
            if lang == "bash":
                # Shell blocks hold only the two set-up commands, which CI itself runs.
                for line in match.group("body").splitlines():
                    command = line.split("#")[0].strip()
                    assert command in {
                        "",
                        "bash scripts/render-examples.sh",
                        "bash scripts/test.sh",
                    }


DOCTEST_PAGES = [page for page in PAGES if next(blocks(page, "pycon"), None)]
RUN_PAGES = [
    page
    for page in PAGES
    if next(blocks(page, "pycon"), None) or next(blocks(page, "console"), None)
]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_the_tutorial_and_how_tos_have_examples() -> None:
    names = {page_id(page) for page in DOCTEST_PAGES}
    assert "tutorial.md" in names
    assert len([name for name in names if name.startswith("how-to/")]) >= 8


@pytest.mark.parametrize("page", RUN_PAGES, ids=page_id)
def test_page_examples_run(page: Path, scratch: Path) -> None:
    """The page's Python session runs, then its commands, in one scratch folder."""
    run_pycon(page)
    run_console(page)


def run_pycon(page: Path) -> None:
    if page not in DOCTEST_PAGES:
        return
    # Keep only the pycon blocks, blanking everything else: doctest's line
    # numbers are then the page's, and a closing fence is never taken for output.
    lines = [""] * (page.read_text(encoding="utf-8").count("\n") + 1)
    for start, body in blocks(page, "pycon"):
        for offset, line in enumerate(body.splitlines()):
            lines[start + offset] = line
    test = doctest.DocTestParser().get_doctest(
        "\n".join(lines), {"__name__": "__docs__"}, page_id(page), str(page), 0
    )
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    try:
        result = runner.run(test, out=report.write)
    finally:
        jk.renderers.unregister("pain-points")  # in case the plug-in how-to fails half-way
    assert result.attempted > 0
    assert result.failed == 0, report.getvalue()


def run_console(page: Path) -> None:
    checker = doctest.OutputChecker()
    for line, body in blocks(page, "console"):
        for command, shown in commands(body):
            words = shlex.split(command)
            assert words[0] == "journeykit", f"{page_id(page)}:{line}: only journeykit commands run"
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = cli_main(words[1:])
            got = out.getvalue()
            assert code == 0, f"{page_id(page)}:{line}: $ {command} exited with {code}:\n{got}"
            assert checker.check_output(shown, got, FLAGS), (
                f"{page_id(page)}:{line}: $ {command}\nshown:\n{shown}\ngot:\n{got}"
            )


YAML_BLOCKS = [
    (page, line, body)
    for page in [*PAGES, ROOT / "README.md"]
    for line, body in blocks(page, "yaml")
]


@pytest.mark.parametrize(
    ("page", "line", "body"), YAML_BLOCKS, ids=[f"{page_id(p)}:{n}" for p, n, _ in YAML_BLOCKS]
)
def test_yaml_blocks_are_journeys_that_load(page: Path, line: int, body: str) -> None:
    journey = jk.loads(body, source=f"{page_id(page)}:{line}")
    assert journey.title


def commands(body: str) -> Iterator[tuple[str, str]]:
    """Split a console block into (command, the output shown after it)."""
    command: str | None = None
    shown: list[str] = []
    for text in body.splitlines():
        if text.startswith("$ "):
            if command is not None:
                yield command, "\n".join(shown) + "\n" if shown else ""
            command, shown = text[2:], []
        else:
            shown.append(text)
    if command is not None:
        yield command, "\n".join(shown) + "\n" if shown else ""


def test_console_blocks_split_into_commands() -> None:
    body = "$ journeykit lint a.yaml\nwarning x\n$ journeykit renderers\n"
    assert list(commands(body)) == [
        ("journeykit lint a.yaml", "warning x\n"),
        ("journeykit renderers", ""),
    ]


def test_toml_blocks_parse_and_name_the_entry_point_group() -> None:
    found = [tomllib.loads(body) for page in PAGES for _, body in blocks(page, "toml")]
    assert found
    groups = [data["project"]["entry-points"] for data in found if "project" in data]
    assert any(jk.renderers.ENTRY_POINT_GROUP in group for group in groups)


# -- the README ------------------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")
LINKS = sorted(set(re.findall(r"\]\((?!https?://|#)([^)\s]+)\)", README)))


def test_the_readme_keeps_its_two_set_up_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:40])
    assert "bash scripts/render-examples.sh" in first_screen
    assert "bash scripts/test.sh" in first_screen


@pytest.mark.parametrize("link", LINKS)
def test_readme_links_point_at_files(link: str) -> None:
    target = ROOT / link.split("#", maxsplit=1)[0]
    if link.startswith("docs/images/") and not target.exists():
        pytest.skip(f"{link} is committed by the grid renderer's picture job")
    assert target.exists(), f"README links to {link}, which does not exist"


# -- the Sphinx build --------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once, offline, with warnings as errors."""
    out = tmp_path_factory.mktemp("site")
    command = [
        sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
        "-d", str(out / "doctrees"), str(DOCS), str(out / "html"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return out / "html"


@pytest.mark.slow
def test_the_gallery_renders_every_example_with_every_renderer(site: Path, extension: Any) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    assert examples
    page = (site / "gallery.html").read_text(encoding="utf-8")
    for example in examples:
        for ending in (".svg", ".dot", ".mmd", ".md"):
            made = site / "_gallery" / f"{example.stem}{ending}"
            assert made.stat().st_size > 0, made
            assert f"_gallery/{example.stem}{ending}" in page
        if shutil.which("dot"):
            assert (site / "_gallery" / f"{example.stem}.graphviz.svg").stat().st_size > 0
        if extension._missing_program("png") is None:
            png = site / "_gallery" / f"{example.stem}.png"
            assert png.read_bytes().startswith(b"\x89PNG")
        assert jk.load(example).title in page


@pytest.mark.slow
def test_every_public_name_is_in_the_api_reference(site: Path) -> None:
    from sphinx.util.inventory import InventoryFile

    with (site / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    documented = {name for kind in inventory.values() for name in kind}
    missing = []
    for module_name in MODULES:
        module = import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            home = getattr(value, "__module__", None)
            candidates = {f"{module_name}.{name}"}
            if isinstance(home, str) and hasattr(value, "__qualname__"):
                candidates.add(f"{home}.{value.__qualname__}")
            if hasattr(value, "__spec__") and value.__spec__ is not None:
                candidates.add(value.__name__)  # a submodule
            # Re-exported from another documented module (``jk.slugify`` is the model's).
            candidates |= {
                f"{other}.{name}"
                for other in MODULES
                if getattr(import_module(other), name, None) is value
            }
            if not candidates & documented:
                missing.append(f"{module_name}.{name}")
    assert not missing, f"not in the API reference: {missing}"


@pytest.mark.slow
def test_the_renderers_table_lists_every_renderer(site: Path) -> None:
    page = (site / "how-to" / "render.html").read_text(encoding="utf-8")
    for name in jk.renderers.available():
        assert f'<code class="docutils literal notranslate"><span class="pre">{name}</span>' in page


# -- the docs extension --------------------------------------------------------------


@pytest.fixture(scope="module")
def extension() -> Any:
    spec = importlib.util.spec_from_file_location(
        "journeykit_docs", DOCS / "_ext" / "journeykit_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_failing_renderer_stops_the_build_naming_the_example(extension: Any) -> None:
    from sphinx.errors import ExtensionError

    journey = jk.Journey(title="T")
    with pytest.raises(
        ExtensionError, match=r"'powerpoint' renderer failed on car\.yaml.*NotFoundError"
    ):
        extension._render(journey, "powerpoint", Path("car.yaml"))


def test_raw_blocks_outlast_the_backticks_inside(extension: Any) -> None:
    block = extension._raw("<pre>```\nnot the end\n`````</pre>")
    fence = block.split("{raw}")[0]
    assert fence == "`" * 6
    assert block.endswith(f"\n{fence}\n")


@pytest.mark.parametrize(
    ("schema", "reading"),
    [
        ({"const": 1}, "`1`"),
        ({"enum": ["next", "exit"]}, "one of `next`, `exit`"),
        ({"type": "number", "minimum": -2, "maximum": 2}, "number (≥ -2, ≤ 2)"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "text"),
        ({"type": "array", "items": {"$ref": "#/$defs/Stage"}}, "list of [Stage](#stage)"),
    ],
)
def test_schema_readings(extension: Any, schema: dict[str, Any], reading: str) -> None:
    assert extension._kind(schema) == reading


def test_docstring_rst_becomes_myst(extension: Any) -> None:
    assert extension._myst("see :mod:`journeykit.vocab` and ``a|b``") == (
        "see {mod}`journeykit.vocab` and `a\\|b`"
    )
