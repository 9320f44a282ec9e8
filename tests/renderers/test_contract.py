"""One contract for every renderer, built-in or registered (after Pygments' test_basic_api).

:func:`check_well_formed` is shared with the property tests: it knows, for
each media type, what "well-formed and inert" means.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any

import attrs
import pytest

import journeykit as jk
from journeykit import renderers
from tests.conftest import ROOT
from tests.strategies import HOSTILE

CAR = ROOT / "examples" / "car-purchase.yaml"
BUILTINS = ("markdown", "graphviz", "mermaid", "grid")
HAS_DOT = shutil.which("dot") is not None


def renderer_class(name: str) -> type[renderers.Renderer]:
    """The class, or a skip when its module is not written or installed yet."""
    try:
        return renderers.get(name)
    except ImportError as error:
        pytest.skip(f"the {name} renderer cannot be imported: {error}")


def check_well_formed(media_type: str, output: str | bytes) -> None:
    """Assert that output of this media type is well-formed and that no text in it is live."""
    assert isinstance(output, str)
    assert "\x00" not in output
    if media_type == "text/markdown":
        check_markdown(output)
    elif media_type == "text/vnd.graphviz":
        check_dot(output)
    elif media_type == "image/svg+xml":
        check_svg(output)
    elif media_type == "text/vnd.mermaid":
        check_mermaid(output)


def check_markdown(text: str) -> None:
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
    assert len(widths) <= 1, f"table rows with different numbers of cells: {widths}"
    assert not re.search(r"<(?!br>)", text), "raw HTML other than <br> in Markdown"
    assert text.endswith("\n")


def check_dot(text: str) -> None:
    assert text.startswith("digraph journey {")
    assert text.rstrip().endswith("}")
    if HAS_DOT:
        done = subprocess.run(
            ["dot", "-Tcanon"], input=text.encode(), capture_output=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr.decode()
        assert not done.stderr, done.stderr.decode()  # no warnings either


def check_svg(text: str) -> None:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    for element in root.iter():
        assert not element.tag.endswith("}script"), "a <script> element"
        assert not element.tag.endswith("}foreignObject"), "a <foreignObject> element"
        for attribute in element.attrib:
            assert not attribute.lower().startswith("on"), f"an event handler {attribute}"


def check_mermaid(text: str) -> None:
    lines = text.splitlines()
    assert lines[0].strip() == "journey"
    assert "<script" not in text


def hostile_journey() -> jk.Journey:
    texts = [*HOSTILE, "x" * 10_000, "\\N"]
    touchpoints = [
        jk.Touchpoint(
            id=f"t{i}",
            name=text,
            channel=text,
            action=text,
            thought=text,
            owner=text,
            pain_points=[text],
            opportunities=[text],
            emotion=(i % 5) - 2,
        )
        for i, text in enumerate(texts)
    ]
    return jk.Journey(
        title=texts[0],
        persona=jk.Persona(id="p", name=texts[1]),
        stages=[
            jk.Stage(id=f"s{i}", name=texts[i], touchpoints=touchpoints[i * 3 : i * 3 + 3])
            for i in range(len(texts) // 3 + 1)
        ],
        transitions=[
            jk.Transition(source="t4", target="t1", kind="return", label=texts[2]),
            jk.Transition(source="t2", kind="exit", label=texts[3]),
            jk.Transition(source="t0", target="t6", kind="skip", label=texts[4]),
        ],
    )


@pytest.fixture(params=BUILTINS)
def cls(request: pytest.FixtureRequest) -> type[renderers.Renderer]:
    return renderer_class(request.param)


def test_every_builtin_is_available() -> None:
    assert set(BUILTINS) <= set(renderers.available())


def test_it_says_what_it_is(cls: type[renderers.Renderer]) -> None:
    assert cls.name in BUILTINS
    assert renderers.get(cls.name) is cls
    for alias in cls.aliases:
        assert renderers.get(alias) is cls
    assert cls.outputs
    for output in cls.outputs:
        assert isinstance(output, renderers.Output)
        assert re.fullmatch(r"\.[a-z0-9]+", output.extension)
        assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", output.media_type)
        assert output.binary == (not output.media_type.startswith(("text/", "image/svg")))
    assert cls.__doc__, "a renderer documents itself"
    assert cls.render.__doc__


def test_its_output_option_takes_every_declared_output(cls: type[renderers.Renderer]) -> None:
    names = [output.name for output in cls.outputs]
    if len(names) == 1:
        assert "output" not in attrs.fields_dict(cls.Options)
        assert cls().output is cls.outputs[0]
        return
    assert cls().output is cls.outputs[0], "the first output is the default"
    for output in cls.outputs:
        assert cls(output=output.name).output is output
        assert cls.output_for({"output": output.name}) is output
    with pytest.raises(
        jk.ValidationError,
        match=re.escape(f"output: must be one of {', '.join(names)}, got 'bogus'"),
    ):
        cls(output="bogus")


def test_its_options_all_have_defaults(cls: type[renderers.Renderer]) -> None:
    assert attrs.has(cls.Options)
    for field in attrs.fields(cls.Options):
        assert field.default is not attrs.NOTHING, f"option {field.name} has no default"
    assert isinstance(cls().options, cls.Options)


def test_an_unknown_option_lists_the_real_ones(cls: type[renderers.Renderer]) -> None:
    names = ", ".join(f.name for f in attrs.fields(cls.Options)) or "none"
    with pytest.raises(
        jk.JourneyError,
        match=re.escape(f"the {cls.name} renderer has no option 'bogus'; its options: {names}"),
    ):
        cls(bogus=1)


def test_it_renders_the_examples_deterministically(cls: type[renderers.Renderer]) -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        first = cls().render(jk.load(path))
        assert isinstance(first, bytes) == cls().output.binary
        assert cls().render(jk.load(path)) == first, f"{path.name} changed between runs"
        check_well_formed(cls().output.media_type, first)


def test_hostile_text_is_inert(cls: type[renderers.Renderer]) -> None:
    output = cls().render(hostile_journey())
    check_well_formed(cls().output.media_type, output)
    assert cls().render(hostile_journey()) == output


def test_an_empty_journey_renders(cls: type[renderers.Renderer]) -> None:
    check_well_formed(cls().output.media_type, cls().render(jk.Journey(title="Nothing yet")))


def loadable() -> dict[str, type[renderers.Renderer]]:
    """Every registered renderer that loads here, by name (for tests parametrised over them)."""
    found = {}
    for name in renderers.available():
        try:
            found[name] = renderers.get(name)
        except (ImportError, jk.JourneyError):
            continue
    return found


def having(option: str) -> list[str]:
    """The names of the loadable renderers with this option."""
    return [name for name, cls in loadable().items() if option in attrs.fields_dict(cls.Options)]


def every_declared_output() -> list[Any]:
    """(renderer, output) for every output of every registered renderer that loads."""
    return [
        pytest.param(name, output.name, id=f"{name}-{output.name}")
        for name, cls in loadable().items()
        for output in cls.outputs
    ]


def _backend_missing(name: str, output: str) -> str | None:
    if name == "graphviz" and output != "dot" and not HAS_DOT:
        return "Graphviz's dot is not installed"
    if name == "grid" and output in ("png", "pdf"):
        try:
            import cairosvg  # noqa: F401
        except (ImportError, OSError):
            return "cairosvg or the cairo library is not installed"
    return None


MAGIC = {"image/png": b"\x89PNG\r\n", "application/pdf": b"%PDF-"}


@pytest.mark.parametrize(("name", "output"), every_declared_output())
def test_every_output_returns_what_it_declares(name: str, output: str) -> None:
    missing = _backend_missing(name, output)
    if missing:
        pytest.skip(missing)
    cls = renderers.get(name)
    options = {"output": output} if len(cls.outputs) > 1 else {}
    renderer = cls(**options)
    declared = renderer.output
    assert declared.name == output
    assert declared is cls.output_for(options)
    result = renderer.render(jk.load(CAR))
    assert isinstance(result, bytes if declared.binary else str)
    assert jk.render(jk.load(CAR), name, **options) == result
    if declared.binary:
        assert isinstance(result, bytes)
        assert result.startswith(MAGIC.get(declared.media_type, b""))
    else:
        check_well_formed(declared.media_type, result)


def test_a_renderer_that_breaks_its_declaration_is_an_error() -> None:
    class Liar(renderers.Renderer):
        """Says text, gives bytes."""

        name = "liar"

        def render(self, journey: jk.Journey) -> str:
            """Return bytes, whatever the declaration says."""
            return b"not text"  # type: ignore[return-value]

    with pytest.raises(
        jk.RenderError,
        match=re.escape(
            "the liar renderer returned bytes for its text output, "
            "which it declares as text (text/plain)"
        ),
    ):
        Liar().render(jk.load(CAR))


def test_every_render_checks_its_journey(cls: type[renderers.Renderer]) -> None:
    with pytest.raises(
        jk.ValidationError, match=r"journey: must be a Journey, got str 'car\.yaml'"
    ):
        cls().render("car.yaml")  # type: ignore[arg-type]


def test_output_does_not_depend_on_hash_seeds(cls: type[renderers.Renderer]) -> None:
    code = (
        "import sys, journeykit as jk\n"
        f"out = jk.render(jk.load({str(CAR)!r}), {cls.name!r})\n"
        "sys.stdout.buffer.write(out if isinstance(out, bytes) else out.encode())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_a_registered_renderer_meets_the_contract_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(renderers, "_registered", {})

    class Outline(renderers.Renderer):
        """Stage names, one a line."""

        name = "outline"
        outputs = (renderers.Output(name="text", media_type="text/plain", extension=".txt"),)

        def render(self, journey: jk.Journey) -> str:
            """Return the outline."""
            return "".join(f"{s.name}\n" for s in journey.stages)

    renderers.register("outline", Outline)
    assert "outline" in renderers.available()
    assert jk.render(jk.load(CAR), "outline") == jk.render(jk.load(CAR), "outline")
    with pytest.raises(jk.JourneyError, match="no option 'bogus'; its options: none"):
        jk.render(jk.load(CAR), "outline", bogus=1)
    assert renderers.get_for_filename("stages.txt") == (Outline, {})
    with pytest.raises(jk.ValidationError, match="journey: must be a Journey"):
        Outline().render(None)  # type: ignore[arg-type]
