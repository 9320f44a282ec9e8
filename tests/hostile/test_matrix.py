"""The matrix of hostile strings, fields and renderers (issue 15, "done when").

Every text field of every model class (found with :func:`attrs.fields`, so a new
field joins the matrix by itself) gets each hostile string, in a small journey
that every built-in renderer draws. Whatever the text, each output is

- **well formed**: the grid's SVG parses as XML, the Markdown reads as the same
  blocks and tags, the Mermaid diagram has the same lines and fields and the DOT
  source the same statements as with a plain word in that field (and ``dot``
  draws it, for a sample, when Graphviz is installed);
- **inert**: no ``<script``, no ``on...=`` attribute, no element that the plain
  word does not make, and the text shows as text wherever the plain word shows;
- **deterministic**: the same journey, built again, renders to the same bytes.

Hypothesis samples pairs of a field and a string with a bounded number of examples, so the
module runs in well under two minutes.
"""

from __future__ import annotations

import functools
import html
import json
import re
import typing
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import journeykit as jk
from journeykit import model, renderers
from journeykit.renderers.grid.layout import GRID_LANES
from journeykit.renderers.grid.text import clean
from journeykit.renderers.markdown import LANES
from tests.strategies import HOSTILE

#: What a field holds when it does not hold the hostile string: a plain word that
#: every renderer shows as it is (it tells which fields a renderer shows at all).
MARKER = "zqxv"

#: The hostile strings: the shared list, and the issue's own additions.
STRINGS: tuple[str, ...] = (
    *HOSTILE,
    "[31mred[0m and \\x1b]8;;http://x\\x1b\\\\",  # terminal escapes without the ESC
    "tab\there\r\nCRLF\rCR",
    "line\u2028separator\u2029paragraph",
    "non\ufffecharacter\uffff",
    "\u202eevil\u202c and \u200fmark\u200e \u2067isolate\u2069",
    "x" * 10_000,
    "word " * 2_000,
    "---",
    "1. one",
    "- item",
    "    indented code",
    "# heading",
    "> quote",
    "=====",
    "<b onmouseover=alert(1)>bold</b>",
    "javascript:alert(1)",
    '"; } digraph x { a -> b; //',
)

#: The field types that hold text, and how a string goes into each.
_SHAPES: Mapping[object, Callable[[str], object]] = {
    str: lambda text: text,
    str | None: lambda text: text,
    tuple[str, ...]: lambda text: (text,),
    Mapping[str, str]: lambda text: {text: text},
    Mapping[str, float]: lambda text: {text: 1},
    Mapping[str, Any]: lambda text: {text: text},
}
_CLASSES: tuple[type, ...] = (model.Journey, model.Persona, model.Stage, model.Touchpoint)
_CLASSES += (model.Transition, model.Evidence)
# Fields that name or point at another part: the text goes in as an id, and every
# reference to that part follows it, so the journey stays valid.
_RENAMES: Mapping[str, str] = {
    "Persona.id": "persona",
    "Touchpoint.emotions": "persona",  # its keys are persona ids
    "Touchpoint.id": "a",
    "Transition.target": "a",
    "Transition.source": "b",
}
#: Fields the model may refuse a hostile string in, with a ValidationError naming them:
#: the language, and ids (letters, digits, ``-``, ``_`` and ``.``) and references to them.
#: They are names, not text: a renderer may quote them, or use names of its own.
MAY_REFUSE = frozenset({"Journey.lang", "Stage.id", *_RENAMES})


@attrs.frozen
class Field:
    """A text field of a model class, and how a string goes into it."""

    owner: type
    name: str
    shape: Callable[[str], object]

    def __str__(self) -> str:
        return f"{self.owner.__name__}.{self.name}"


def text_fields() -> list[Field]:
    """Every text field of every model class, read from the classes themselves."""
    found = []
    for cls in _CLASSES:
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            shape = _SHAPES.get(hints[field.name])
            if field.init and shape is not None:
                found.append(Field(cls, field.name, shape))
    return found


FIELDS = text_fields()


def build(field: Field, text: str) -> jk.Journey:
    """A small journey with every kind of part, ``text`` in ``field`` of the first of its kind."""
    key = str(field)
    ids = {"persona": "p", "a": "a", "b": "b"}
    if key in _RENAMES:
        ids[_RENAMES[key]] = text

    def part(cls: type, **values: object) -> Any:
        if cls is field.owner and key not in _RENAMES:
            values[field.name] = field.shape(text)
        return cls(**values)

    persona = ids["persona"]
    evidence = part(jk.Evidence, kind="observed", source="Interviews", about="fees", note="3 of 5")
    first = part(
        jk.Touchpoint,
        id=ids["a"],
        name="Sees an ad",
        channel="social",
        description="An ad on social media",
        action="Scrolls and stops",
        thought="Looks nice",
        questions=["Is it safe?"],
        emotion=1,
        emotions={persona: 1},
        pain_points=["Too loud"],
        happy_moments=["A discount"],
        opportunities=["Quieter ads"],
        tech_limits=["No retargeting"],
        owner="Marketing",
        metrics={"nps": 10, "traffic": 900},
        evidence=[evidence],
        tags=["paid"],
    )
    second = jk.Touchpoint(
        id=ids["b"], name="Pays", channel="web", emotion=-1, emotions={persona: -1}
    )
    third = jk.Touchpoint(id="c", name="Gets it", visibility="backstage", emotion=2)
    journey: jk.Journey = part(
        jk.Journey,
        title="Buying",
        description="A short map",
        personas=[
            part(
                jk.Persona,
                id=persona,
                name="Ana",
                role="Nurse",
                age=41,
                bio="Lives far away",
                quote="On time, please",
                demographics={"city": "Lyon"},
                goals=["Send flowers"],
                frustrations=["Fees"],
                needs=["Speed"],
                motivations=["Love"],
                interests=["Plants"],
                habits=["Mobile"],
                channels=["social", "web"],
                brands=["Acme"],
                image="ana.png",
            )
        ],
        goal="Buy flowers",
        scope="One purchase",
        scenario="A birthday",
        expectations=["On time"],
        stages=[
            part(
                jk.Stage,
                id="s1",
                name="Find",
                description="Looking around",
                goal="Find a shop",
                expectations=["Choice"],
                kpis=["Reach"],
                touchpoints=[first, second],
            ),
            jk.Stage(id="s2", name="Buy", touchpoints=[third]),
        ],
        transitions=[
            part(
                jk.Transition,
                source=ids["b"],
                target=ids["a"],
                kind="return",
                label="looks again",
                condition="if unsure",
                probability=0.3,
                count=12,
                metrics={"minutes": 2},
            ),
            jk.Transition(source="c", kind="exit", label="done"),
        ],
        metadata={"author": "Team"},
        tags=["flowers"],
    )
    return journey


# -- the renderers and what each output must be ------------------------------------

#: The options each renderer draws with: every lane, so every text has its place.
OPTIONS: Mapping[str, Mapping[str, object]] = {
    "grid": {"lanes": GRID_LANES},
    "html": {"lanes": GRID_LANES},
    "markdown": {"lanes": LANES},
}
RENDERERS = [name for name in renderers.available() if name in renderers._BUILTINS]
SVG = "{http://www.w3.org/2000/svg}"
_SVG_TAGS = {"svg", "title", "desc", "defs", "style", "g", "rect", "line", "circle", "path"}
_SVG_TAGS |= {"text", "tspan", "polygon", "polyline", "ellipse", "a"}  # Graphviz draws these too
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)")
_MERMAID_KEYWORDS = {"journey", "title", "section", "%%", "accTitle:", "accDescr:", "---"}
_DOT_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|->|--|[\w.\x80-\U0010ffff]+|\S', re.DOTALL)


def render(journey: jk.Journey, name: str) -> str:
    out = jk.render(journey, name, **OPTIONS.get(name, {}))
    assert isinstance(out, str), f"{name} returned {type(out).__name__}"
    return out


def squeezed(text: str) -> str:
    """Text compared as shown: without white space (lines wrap anywhere), case folded."""
    return "".join(text.split()).casefold()


def shown(text: str) -> str:
    """What a field's text looks like once drawn: cleaned as every renderer cleans it."""
    # Renderers cut long texts short (after a few lines, or with an ellipsis), but
    # every text begins as written.
    return squeezed(clean(text).split("\n")[0])[:12]


def svg_check(svg: str) -> str:
    """Parse an SVG strictly and check it runs nothing; its text."""
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag in _SVG_TAGS, f"unexpected element <{tag}>"
        for attribute in element.attrib:
            assert not attribute.lower().startswith("on"), f"event attribute {attribute}"
    assert "<script" not in svg.lower()
    return "".join(root.itertext())


class _Tags(HTMLParser):
    """The start tags of a page, with their attributes."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def html_check(page: str) -> str:
    """The page runs only its own script, its data block is JSON, its poster is inert; its text."""
    tags = _Tags(page).tags
    assert [tag for tag, _ in tags].count("script") == 2
    for tag, attributes in tags:
        assert not any(name.startswith("on") for name, _ in attributes), (
            f"event attribute in <{tag}>"
        )
    block = re.search(r'<script type="application/json" id="jk-data">(.*?)</script>', page, re.S)
    assert block is not None
    json.loads(block.group(1))
    return svg_check(page[page.index("<svg") : page.index("</svg>") + len("</svg>")])


def markdown_check(text: str, plain: str) -> str:
    """The Markdown reads as the same blocks and tags as with the plain word; its text."""
    page, plain_page = _MARKDOWN.render(text), _MARKDOWN.render(plain)
    assert "<script" not in page.lower()

    def tags(made: str) -> list[tuple[str, str]]:
        return [t for t in _TAG.findall(made) if t[1] != "br"]  # a line break may stay one

    assert tags(page) == tags(plain_page), "the text changed the Markdown's structure"
    return html.unescape(re.sub(r"<[^>]*>", "", page))


def mermaid_check(text: str, plain: str) -> None:
    """The diagram has the same lines, each with the same fields, as with the plain word.

    Mermaid's syntax takes some characters away (``:``, ``#``, ``;``), so the text
    itself is compared in what Mermaid's own parser reads (see below).
    """

    def shape(diagram: str) -> list[tuple[str, int]]:
        return [(_mermaid_kind(line), line.count(":")) for line in diagram.splitlines()]

    assert shape(text) == shape(plain), "the text changed the diagram's lines"
    assert "<script" not in text.lower()


def _mermaid_kind(line: str) -> str:
    """What a diagram line is: its keyword, else its indentation and ``task``."""
    words = line.split(maxsplit=1)
    if not words:
        return ""
    return words[0] if words[0] in _MERMAID_KEYWORDS else f"{len(line) - len(line.lstrip())}:task"


def dot_skeleton(source: str) -> list[str]:
    """DOT source as its statements' shape: every id, quoted string or HTML label is ``ID``."""
    tokens, index = [], 0
    while index < len(source):
        if source[index].isspace():
            index += 1
        elif source[index] == "<":  # an HTML label: up to its matching ">"
            depth = 0
            while True:
                depth += {"<": 1, ">": -1}.get(source[index], 0)
                index += 1
                if depth == 0:
                    break
            tokens.append("ID")
        else:
            match = _DOT_TOKEN.match(source, index)
            assert match is not None, source[index:]
            token = match.group()
            named = token[0] == '"' or token[0].isalnum() or token[0] in "_."
            tokens.append("ID" if named else token)  # "->" and "--" are kept as they are
            index = match.end()
    return tokens


def dot_check(source: str, plain: str) -> None:
    """The DOT source has the same statements as with the plain word.

    Its text is escaped for DOT, so it is compared in what ``dot`` draws (see below).
    """
    assert dot_skeleton(source) == dot_skeleton(plain), "the text changed the DOT statements"


@functools.cache
def plain(field: Field, name: str) -> tuple[str, bool]:
    """The output with the plain word in ``field``, and whether the word shows in it."""
    out = text = render(build(field, MARKER), name)
    if name == "grid":
        text = svg_check(out)
    elif name == "html":
        text = html_check(out)
    elif name == "markdown":
        text = markdown_check(out, out)
    return out, MARKER in squeezed(text)


def attempt(field: Field, text: str) -> jk.Journey | None:
    """The journey with ``text`` in ``field``, or None when the model refuses it, as it may."""
    refused = ""
    try:
        return build(field, text)
    except jk.ValidationError as error:
        refused = str(error)
    assert str(field) in MAY_REFUSE, f"{field} refused {text[:40]!r}: {refused}"
    assert re.match(r"[\w.\[\]]+: ", refused), f"the error names no field: {refused}"
    return None


def check(field: Field, text: str, name: str) -> None:
    """One case of the matrix: well formed, inert, the text shown as text, deterministic."""
    journey = attempt(field, text)
    if journey is None:
        return
    out = render(journey, name)
    assert render(build(field, text), name) == out, "a second run gave other bytes"
    reference, marker_shown = plain(field, name)
    checks: Mapping[str, Callable[[str], str | None]] = {
        "grid": svg_check,
        "html": html_check,
        "markdown": lambda o: markdown_check(o, reference),
        "mermaid": lambda o: mermaid_check(o, reference),
        "graphviz": lambda o: dot_check(o, reference),
    }
    assert name in checks, f"the matrix has no check for the built-in renderer {name!r}"
    visible = checks[name](out)
    if marker_shown and visible is not None and str(field) not in MAY_REFUSE:
        assert shown(text) in squeezed(visible), f"{text[:40]!r} is not shown as text"


# -- the tests ------------------------------------------------------------------------


def test_the_matrix_covers_every_text_field_and_renderer() -> None:
    names = {str(field) for field in FIELDS}
    assert {"Journey.title", "Persona.demographics", "Touchpoint.metrics"} <= names
    assert {"Transition.label", "Evidence.note", "Journey.metadata"} <= names
    assert len(FIELDS) >= 50
    assert set(RENDERERS) == {"grid", "graphviz", "html", "markdown", "mermaid"}
    for field in FIELDS:  # each field takes the plain word, and the journey stays valid
        build(field, MARKER)


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@given(st.sampled_from(FIELDS), st.sampled_from(STRINGS))
def test_hostile_text_in_any_field_is_inert_in_every_renderer(field: Field, text: str) -> None:
    for name in RENDERERS:
        check(field, text, name)


@pytest.mark.parametrize("text", STRINGS, ids=lambda text: repr(text[:12]))
def test_every_string_in_the_fields_every_renderer_shows(text: str) -> None:
    """Each string once in a field each renderer shows, whatever the sample above drew."""
    for name in RENDERERS:
        for key in ("Touchpoint.name", "Transition.label", "Persona.name"):
            field = next(f for f in FIELDS if str(f) == key)
            check(field, text, name)


@pytest.mark.parametrize("text", [HOSTILE[0], HOSTILE[6]], ids=["script", "entities"])
def test_markup_in_every_field_is_inert_in_every_renderer(text: str) -> None:
    """Markup and entities in each field in turn, whatever the sample above drew."""
    for field in FIELDS:
        for name in RENDERERS:
            check(field, text, name)
