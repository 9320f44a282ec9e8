"""The renderer registry's declarations: checked when a class is made, the table of built-ins, the
docs' table, aliases and file endings, and what importing journeykit loads."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

import journeykit as jk
from journeykit import renderers
from tests.conftest import ROOT
from tests.renderers import test_registry  # its classes, not collected here

# -- the declaration is checked when the class is made ------------------------------


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ({"extension": ".txt"}, "the bad renderer sets extension: declare its outputs instead"),
        ({"binary": True, "media_type": "x/y"}, "sets binary, media_type: declare its outputs"),
        ({"outputs": ()}, "the bad renderer's outputs must be a tuple of Output, got ()"),
        ({"outputs": ["text"]}, "must be a tuple of Output, got \\['text'\\]"),
        (
            {"outputs": (renderers.Renderer.outputs[0], renderers.Renderer.outputs[0])},
            "declares two outputs of one name: \\['text', 'text'\\]",
        ),
        (
            {
                "outputs": (
                    renderers.Output(name="a", media_type="text/plain", extension=".a"),
                    renderers.Output(name="b", media_type="text/plain", extension=".b"),
                )
            },
            "declares outputs a, b: its options need an 'output' field that defaults to 'a'",
        ),
    ],
)
def test_a_declaration_that_cannot_be_kept_is_refused(body: dict[str, object], match: str) -> None:
    with pytest.raises(jk.RenderError, match=match):
        type("Bad", (renderers.Renderer,), {"name": "bad", **body})


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"extension": "svg"}, "extension: must be a file ending such as '.svg', got 'svg'"),
        ({"extension": ".SVG"}, "extension: must be a file ending such as '.svg', got '.SVG'"),
        ({"media_type": "svg"}, "media_type: must be a media type such as 'image/svg\\+xml'"),
        ({"name": "SVG picture"}, "name: must be a lower-case name such as 'svg'"),
        ({"binary": "yes"}, "binary: must be true or false, got 'yes'"),
        ({"filenames": ("svg",)}, "filenames: must be a file ending such as '.svg', got 'svg'"),
    ],
)
def test_an_output_declaration_is_checked(fields: dict[str, object], match: str) -> None:
    declared: dict[str, object] = {
        "name": "svg",
        "media_type": "image/svg+xml",
        "extension": ".svg",
        **fields,
    }
    with pytest.raises(jk.ValidationError, match=match):
        renderers.Output(**declared)  # type: ignore[arg-type]


# -- the static table of built-ins is what the classes declare ----------------------


@pytest.mark.parametrize("name", list(renderers._BUILTINS))
def test_the_builtin_table_says_what_the_classes_declare(name: str) -> None:
    try:
        cls = renderers.get(name)
    except ImportError as error:
        pytest.skip(f"the {name} renderer cannot be imported: {error}")
    declared = renderers._Entry(cls.__module__, cls.__qualname__, *renderers._declared(cls))
    assert renderers._BUILTINS[name] == declared, (
        f"renderers._BUILTINS[{name!r}] is out of date; it should be {declared!r}"
    )
    assert cls.name == name


def test_no_two_builtins_claim_one_alias_or_ending() -> None:
    names = [*renderers._BUILTINS]
    names += [alias for entry in renderers._BUILTINS.values() for alias in entry.aliases]
    assert len(names) == len(set(names))
    endings = [e for entry in renderers._BUILTINS.values() for e, _ in entry.endings]
    assert len(endings) == len(set(endings))


# -- the docs' table of renderers is made from the registry -------------------------


def test_the_docs_renderer_table_is_generated_from_the_registry(clean_registry: None) -> None:
    page = (ROOT / "docs" / "how-to" / "render.md").read_text(encoding="utf-8")
    assert "<!-- journeykit:renderers -->" in page
    assert "| `markdown` |" not in page  # no hand-written table next to the marker
    spec = importlib.util.spec_from_file_location(
        "journeykit_docs", ROOT / "docs" / "_ext" / "journeykit_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs)
    renderers.register("tt", test_registry.TestRegister.Tables)
    table = docs.renderers_table(None)
    rows = {row.split(" | ")[0].strip("| `"): row for row in table.splitlines()[2:]}
    assert set(rows) == set(renderers.available())
    for name, row in rows.items():
        try:
            cls = renderers.get(name)
        except ImportError:
            continue
        for alias in cls.aliases:
            assert f"`{alias}`" in row
        for output in cls.outputs:
            assert f"`{output.extension}` {output.media_type}, {output.kind}" in row
    assert "`tt2`" in rows["tt"]
    assert "`output='bytes'`: `.ttb` application/octet-stream, bytes" in rows["tt"]


@pytest.mark.parametrize(
    ("alias", "name"), [("md", "markdown"), ("dot", "graphviz"), ("gv", "graphviz")]
)
def test_aliases(alias: str, name: str) -> None:
    assert renderers.get(alias) is renderers.get(name)
    assert alias in renderers.get(name).aliases


@pytest.mark.parametrize(
    ("filename", "name", "options"),
    [
        ("map.md", "markdown", {}),
        ("docs/Map.MARKDOWN", "markdown", {}),
        ("map.dot", "graphviz", {}),
        ("map.gv", "graphviz", {}),
        ("map.mmd", "mermaid", {}),
        ("map.mermaid", "mermaid", {}),
        ("map.svg", "grid", {}),
        ("map.png", "grid", {"output": "png"}),
        ("map.PDF", "grid", {"output": "pdf"}),
    ],
)
def test_file_endings(filename: str, name: str, options: dict[str, str]) -> None:
    cls, implied = renderers.get_for_filename(filename)
    assert (cls.name, implied) == (name, options)


def test_an_unknown_ending_lists_the_known_ones() -> None:
    with pytest.raises(
        jk.NotFoundError, match=r"no renderer for the file 'map\.docx'; known: '\.md'"
    ):
        renderers.get_for_filename("map.docx")


def test_unknown_renderer_lists_what_exists() -> None:
    with pytest.raises(
        jk.NotFoundError, match=r"no renderer 'powerpoint'; known: .*'graphviz'.*'markdown'"
    ):
        jk.render(test_registry.JOURNEY, "powerpoint")


def test_import_journeykit_loads_no_renderer_backend() -> None:
    code = (
        "import sys, journeykit as jk\n"
        "j = jk.Journey(title='T', stages=['S'])\n"
        "jk.render(j, 'markdown')\n"
        "heavy = {'graphviz', 'svgwrite', 'cairosvg', 'journeykit.renderers.graphviz'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
