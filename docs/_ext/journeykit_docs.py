"""Pages the docs build writes itself, from the code, so they cannot drift.

A page asks for generated content with a marker line; this extension swaps the
marker for MyST Markdown when Sphinx reads the page:

``<!-- journeykit:gallery -->``
    Every journey in ``examples/*.yaml``, and the shop mined from the event log
    that ``examples/shop_events.py`` generates, rendered with every built-in renderer.
    The pictures and files are written into the build's ``_gallery/`` folder at
    build time. A built-in renderer that cannot be loaded, or that fails, stops
    the build with an error; only an absent external program (Graphviz's
    ``dot``, the Cairo library for PNG) is reported on the page instead.
``<!-- journeykit:renderers -->``
    A table of the registered renderers with their names, aliases, outputs
    (media type, file ending, text or bytes) and options, read from the
    registry and the classes' own declarations.
``<!-- journeykit:schema -->``
    The file format's keys, read from the shipped JSON Schema.
``<!-- journeykit:data MODULE -->``
    ``autodata`` entries for the public constants and type aliases of MODULE
    that ``automodule`` leaves out (it documents module data only when the
    source has a ``#:`` comment for it), so every name in ``__all__`` is in the
    API reference.

Pages holding a marker are read again on every build.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

import journeykit as jk
from journeykit._atomic import write_atomic
from journeykit._renderer_options import options_of

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GALLERY_FOLDER = "_gallery"
MARKER = re.compile(r"^<!-- journeykit:(\w+)(?: ([\w.]+))? -->$", re.M)
BUILTINS = ("grid", "html", "graphviz", "markdown", "mermaid")
SHOP_EVENTS = 20_000  # enough for a realistic map, quick enough for every docs build


# -- the gallery ---------------------------------------------------------------


def _render(journey: jk.Journey, name: str, source: Path, **options: Any) -> str | bytes:
    """Render, turning any failure into a build error that names the example."""
    try:
        return jk.render(journey, name, **options)
    except Exception as error:
        raise ExtensionError(
            f"gallery: the {name!r} renderer failed on {source.name} "
            f"(options {options}): {type(error).__name__}: {error}"
        ) from error


def _missing_program(name: str) -> str | None:
    """Say which external program a picture needs and this machine lacks, if any."""
    if name == "graphviz" and shutil.which("dot") is None:
        return "Graphviz's `dot` program"
    if name == "png":
        try:
            import cairosvg  # noqa: F401  (needs the Cairo library at import)
        except (ImportError, OSError):
            return "CairoSVG and the Cairo library"
    return None


def _raw(markup: str) -> str:
    """A raw HTML block, its fence longer than any run of backticks in ``markup``."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", markup)), default=0))
    return f"{fence}{{raw}} html\n{markup}\n{fence}\n"


def _details(summary: str, text: str, language: str) -> str:
    """A folded block of source text (raw HTML: MyST cannot fold a code block)."""
    return _raw(
        f"<details class='jk-source'><summary>{html.escape(summary)}</summary>"
        f"<pre class='highlight language-{language}'>{html.escape(text)}</pre></details>"
    )


def _picture(href: str, alt: str) -> str:
    return _raw(
        f"<a href='{href}'><img class='jk-gallery' src='{href}' alt='{html.escape(alt)}'></a>"
    )


def _links(label: str, files: dict[str, str]) -> str:
    """A line of links to generated files (raw HTML: they are not source documents)."""
    shown = " · ".join(f"<a href='{href}'>{html.escape(name)}</a>" for name, href in files.items())
    return _raw(f"<p>{html.escape(label)} {shown}</p>")


def _note(text: str) -> str:
    return f":::{{note}}\n{text}\n:::\n"


def gallery(app: Sphinx, argument: str | None = None) -> str:
    """Render every example with every built-in renderer; return the page text."""
    missing = [name for name in BUILTINS if name not in jk.renderers.available()]
    if missing:
        raise ExtensionError(f"gallery: built-in renderers missing: {', '.join(missing)}")
    folder = Path(app.outdir) / GALLERY_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    examples = sorted(EXAMPLES.glob("*.yaml"))
    if not examples:
        raise ExtensionError(f"gallery: no example journeys in {EXAMPLES}")
    parts: list[str] = []
    for source in examples:
        parts.append(_example(journey=jk.load(source), source=source, folder=folder))
    shop = EXAMPLES / "shop_events.py"
    mined = _mined_shop(shop)
    parts.append(_example(journey=mined, source=shop, folder=folder))
    parts.append(_levels(mined, shop, folder))
    return "\n".join(parts)


# The second level of detail the gallery shows the mined shop at: the story for a slide.
FEWER: dict[str, Any] = {"touchpoints": 12, "transitions": 0.7}


def _levels(journey: jk.Journey, source: Path, folder: Path) -> str:
    """The mined shop at a second level of detail, and its performance view."""
    out = ["### The shop at two levels of detail\n"]
    out.append(
        "Above, the shop as `render` draws a mined journey by default: simplified to a poster's "
        "worth of its busiest touchpoints and ways. Below, the two sliders set by hand, "
        f"`touchpoints={FEWER['touchpoints']}, transitions={FEWER['transitions']}`, and the "
        "performance view, which labels each way with its median time.\n"
    )
    pictures: dict[str, tuple[str, dict[str, Any]]] = {
        "shop-fewer.png": ("grid", {"output": "png", **FEWER}),
        "shop-fewer.graphviz.svg": ("graphviz", {"output": "svg", **FEWER}),
        "shop-performance.graphviz.svg": ("graphviz", {"output": "svg", "view": "performance"}),
    }
    for name, (renderer, options) in pictures.items():
        reason = _missing_program("png" if name.endswith(".png") else renderer)
        if reason:
            out.append(_note(f"No {name}: {reason} was not installed for this build."))
            continue
        write_atomic(folder / name, _render(journey, renderer, source, **options))
        shown = ", ".join(f"{key}={value!r}" for key, value in options.items())
        out.append(_picture(f"{GALLERY_FOLDER}/{name}", f"{journey.title}: {renderer}, {shown}"))
        out.append(f"Made with `jk.render(j, {renderer!r}, {shown})`.\n")
    return "\n".join(out)


def _mined_shop(script: Path) -> jk.Journey:
    """The online shop of ``examples/shop_events.py``, mined from a seeded log of its events."""
    spec = importlib.util.spec_from_file_location("shop_events", script)
    if spec is None or spec.loader is None:
        raise ExtensionError(f"gallery: cannot import {script}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    events = module.generate(events=SHOP_EVENTS)
    return jk.mining.from_events(
        events,
        stage="stage",
        channel="channel",
        emotion="emotion",
        title=f"An online shop, mined from {SHOP_EVENTS:,} events",
    )


def _example(*, journey: jk.Journey, source: Path, folder: Path) -> str:
    stem = source.stem
    out: list[str] = []
    persona = f" — {journey.persona.name}" if journey.persona else ""
    out.append(f"## {journey.title}\n")
    out.append(
        f"`examples/{source.name}`{persona}: {len(journey.stages)} stages, "
        f"{len(journey.touchpoints)} touchpoints, {len(journey.transitions)} transitions.\n"
    )

    def write(name: str, data: str | bytes) -> str:
        write_atomic(folder / name, data)
        return f"{GALLERY_FOLDER}/{name}"

    out.append("### The poster (`grid`)\n")
    poster = write(f"{stem}.svg", _render(journey, "grid", source))
    out.append(_picture(poster, f"The poster map of {journey.title}"))
    reason = _missing_program("png")
    if reason:
        out.append(_note(f"No PNG of the poster: {reason} was not installed for this build."))
    else:
        png = write(f"{stem}.png", _render(journey, "grid", source, output="png"))
        out.append(_links("Files:", {"SVG": poster, "PNG": png}))
    out.append('Made with `jk.render(j, "grid")` and `jk.render(j, "grid", output="png")`.\n')

    out.append("### The interactive map (`html`)\n")
    page = write(f"{stem}.html", _render(journey, "html", source))
    out.append(
        "The poster as one web page that works offline: hover or tab to a touchpoint for "
        "everything about it, hide lanes, search, zoom.\n"
    )
    out.append(_links("Open:", {f"{stem}.html": page}))
    out.append('Made with `jk.render(j, "html")`.\n')

    out.append("### The flow diagram (`graphviz`)\n")
    dot = _render(journey, "graphviz", source)
    assert isinstance(dot, str)
    dot_file = write(f"{stem}.dot", dot)
    reason = _missing_program("graphviz")
    if reason:
        out.append(_note(f"No drawing of the DOT source: {reason} was not installed."))
    else:
        drawing = write(f"{stem}.graphviz.svg", _render(journey, "graphviz", source, output="svg"))
        out.append(_picture(drawing, f"The flow of {journey.title} drawn by Graphviz"))
        out.append(_links("Files:", {"SVG": drawing, "DOT": dot_file}))
    out.append('Made with `jk.render(j, "graphviz", output="svg")`.\n')
    out.append(_details("DOT source", dot, "dot"))

    out.append("### Mermaid (`mermaid`)\n")
    mermaid = _render(journey, "mermaid", source)
    assert isinstance(mermaid, str)
    out.append("Paste it into a Mermaid editor, or a GitHub or GitLab comment.\n")
    out.append(_links("File:", {f"{stem}.mmd": write(f"{stem}.mmd", mermaid)}))
    out.append(_details("Mermaid source", mermaid, "mermaid"))

    out.append("### Markdown (`markdown`)\n")
    markdown = _render(journey, "markdown", source)
    assert isinstance(markdown, str)
    out.append("For READMEs, wikis and pull requests.\n")
    out.append(_links("File:", {f"{stem}.md": write(f"{stem}.md", markdown)}))
    out.append(_details("Markdown source", markdown, "markdown"))
    return "\n".join(out)


# -- the renderers table --------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _options(cls: type[jk.renderers.Renderer]) -> str:
    shown = [f"`{option.name}={option.default_text}`" for option in options_of(cls)]
    return ", ".join(shown) or "none"


def renderers_table(app: Sphinx | None = None, argument: str | None = None) -> str:
    """A table of every renderer the registry knows, built-ins first, from their declarations."""
    names = sorted(jk.renderers.available(), key=lambda name: (name not in BUILTINS, name))
    rows = [
        "| name | aliases | writes | options | class |",
        "|---|---|---|---|---|",
    ]
    for name in names:
        cls = jk.renderers.get(name)
        aliases = ", ".join(f"`{alias}`" for alias in sorted(cls.aliases)) or "—"
        target = f"{cls.__module__}.{cls.__qualname__}"
        rows.append(
            f"| `{name}` | {aliases} | {_outputs(cls)} "
            f"| {_cell(_options(cls))} | {{class}}`~{target}` |"
        )
    return "\n".join(rows) + "\n"


def _outputs(cls: type[jk.renderers.Renderer]) -> str:
    """What a renderer writes: each declared output, with the option that asks for it."""
    shown = []
    for index, output in enumerate(cls.outputs):
        ask = f"`output={output.name!r}`: " if len(cls.outputs) > 1 else ""
        default = " (default)" if index == 0 and len(cls.outputs) > 1 else ""
        shown.append(f"{ask}`{output.extension}` {output.media_type}, {output.kind}{default}")
    return "; ".join(shown)


# -- the file format --------------------------------------------------------------

_ROLE = re.compile(r":(\w+):`([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")


def _myst(text: str) -> str:
    """Docstring reST inline markup as MyST."""
    text = _ROLE.sub(lambda m: f"{{{m.group(1)}}}`{m.group(2)}`", text)
    return _cell(_LITERAL.sub(r"`\1`", text))


def _kind(schema: dict[str, Any]) -> str:
    """A short reading of a JSON Schema: what values a key takes."""
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        kinds = [_kind(option) for option in schema["anyOf"] if option.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_kind(schema.get('items', {}))}"
    if kind == "object":
        return "mapping of numbers" if "additionalProperties" in schema else "mapping"
    bounds = [
        f"{word} {schema[key]:g}"
        for key, word in (("minimum", "≥"), ("maximum", "≤"))
        if key in schema
    ]
    name = {
        "string": "text",
        "number": "number",
        "integer": "whole number",
        "boolean": "true/false",
    }
    shown: str = name.get(str(kind), str(kind))
    return shown + (f" ({', '.join(bounds)})" if bounds else "")


def _table(title: str, schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    rows = [f"### {title}\n", _myst(schema.get("description", "")) + "\n"]
    rows += ["| key | value | description |", "|---|---|---|"]
    for key, value in schema.get("properties", {}).items():
        mark = f"**`{key}`** (required)" if key in required else f"`{key}`"
        rows.append(f"| {mark} | {_kind(value)} | {_myst(value.get('description', ''))} |")
    return "\n".join(rows) + "\n"


def schema_tables(app: Sphinx, argument: str | None = None) -> str:
    """One table of keys per object of the file format, from the JSON Schema."""
    from journeykit.formats.schema import load_schema

    schema = load_schema()
    parts = [_table("Journey", schema)]
    parts += [_table(name, part) for name, part in schema.get("$defs", {}).items()]
    return "\n".join(parts)


# -- module data that automodule leaves out -----------------------------------------


def undocumented_data(app: Sphinx, argument: str | None = None) -> str:
    """``autodata`` directives for the public data of a module without a ``#:`` comment."""
    import importlib
    import inspect

    from sphinx.pycode import ModuleAnalyzer

    if not argument:
        raise ExtensionError("journeykit:data needs a module name")
    module = importlib.import_module(argument)
    commented = {name for _, name in ModuleAnalyzer.for_module(argument).find_attr_docs()}
    names = [
        name
        for name in module.__all__
        if name not in commented
        and not inspect.isclass(value := getattr(module, name))
        and not inspect.isroutine(value)
        and not inspect.ismodule(value)
    ]
    if not names:
        return ""
    lines = ["```{eval-rst}"]
    lines += [f".. autodata:: {argument}.{name}\n" for name in names]
    return "\n".join(lines) + "```\n"


def _data_docstring(  # noqa: PLR0913, PLR0917 (Sphinx passes the event's arguments by position)
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give a constant the doc comment it has where it is defined, or nothing.

    A constant re-exported by a package (``journeykit.analysis.RULES``) has its
    ``#:`` comment in the submodule that defines it; without one, autodoc would
    show the docstring of its type (int, dict, typing.Literal...).
    """
    if what not in ("data", "attribute"):
        return
    inherited = getattr(type(obj), "__doc__", None)
    if lines and not (
        isinstance(inherited, str) and "\n".join(lines).strip() == inspect_clean(inherited)
    ):
        return
    lines[:] = _comment_in_submodule(name, obj)


def _comment_in_submodule(name: str, obj: object) -> list[str]:
    """The ``#:`` comment of the same object in a submodule of its package or a sibling, if any."""
    import sys

    from sphinx.pycode import ModuleAnalyzer

    package, attribute = name.rpartition(".")[::2]
    # Its package's submodules, or its own siblings (files.MAX_BYTES lives in formats._input).
    homes = (package + ".", package.rpartition(".")[0] + ".")
    for module_name in sorted(sys.modules):
        if not module_name.startswith(homes):
            continue
        if getattr(sys.modules[module_name], attribute, None) is not obj:
            continue
        comments = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        if ("", attribute) in comments:
            return list(comments["", attribute])
    return []


def _skip_tuple_fields(  # noqa: PLR0913, PLR0917 (Sphinx passes the event's arguments by position)
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: object
) -> bool | None:
    # A named tuple's fields are properties documented "Alias for field number
    # 0"; the class docstring's Attributes section documents them already.
    doc = getattr(obj, "__doc__", None)
    if what == "class" and isinstance(doc, str) and doc.startswith("Alias for field number"):
        return True
    return None


def inspect_clean(text: str) -> str:
    import inspect

    return inspect.cleandoc(text).strip()


# -- wiring ----------------------------------------------------------------------

GENERATORS: dict[str, Callable[[Sphinx, str | None], str]] = {
    "gallery": gallery,
    "renderers": renderers_table,
    "schema": schema_tables,
    "data": undocumented_data,
}


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise ExtensionError(f"{docname}: unknown marker journeykit:{name}")
        return GENERATORS[name](app, match.group(2))

    source[0] = MARKER.sub(replace, source[0])


def _always_read(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    return [
        docname
        for docname in env.found_docs
        if MARKER.search(Path(env.doc2path(docname)).read_text(encoding="utf-8"))
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    app.connect("env-get-outdated", _always_read)
    app.connect("autodoc-process-docstring", _data_docstring)
    app.connect("autodoc-skip-member", _skip_tuple_fields)
    app.add_css_file("journeykit.css")
    return {"version": jk.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
