r"""SVG syntax: numbers, points, path data, and the writer that makes the document's text.

The layout gives geometry as numbers and :class:`~journeykit.renderers.grid.layout.Path`
values; only the drawing writes them as SVG, with the functions here, and the
drawing writes every element through a :class:`Writer`. The writer escapes
text and attribute values as XML needs, writes attributes in name order (so
output never depends on the order the drawing sets them in) and streams the
document as a flat list of strings: a poster of 100,000 touchpoints needs no
tree of element objects.

Every id the drawing writes starts with :data:`SCOPE`, a character XML cannot
hold (so no text of a journey has it). :meth:`Writer.finish` replaces it by a
prefix made from a hash of the document itself: the ids and style rules of
two different maps on one page never meet, and a map's output stays the same
from run to run.

Examples
--------
>>> from journeykit.renderers.grid._geometry import Cubic, Line, Path, Quad
>>> path = Path((0, 0), (Line((10, 0)), Quad((20, 0), (20, 10)), Cubic((20, 14), (1, 2), (0, 3))))
>>> path_data(path)
'M0,0 L10,0 Q20,0 20,10 C20,14 1,2 0,3'
>>> out = Writer()
>>> out.start("svg", {"id": SCOPE, "width": "10"})
>>> out.leaf("title", {"id": f"{SCOPE}-title"}, "Tea & <biscuits>")
>>> out.leaf("rect", {"y": "0", "x": "0", "fill": "", "stroke": None})
>>> out.end("svg")
>>> print(out.finish().replace("><", ">\n<"))
<svg id="jkb67d1f6a" width="10">
<title id="jkb67d1f6a-title">Tea &amp; &lt;biscuits&gt;</title>
<rect x="0" y="0" />
</svg>
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping

from journeykit.renderers.grid._geometry import Cubic, Line, Path

__all__ = ["SCOPE", "Attributes", "Writer", "escape", "number", "path_data", "xy"]

#: Stands for the map's own prefix in ids and style rules until the document is finished.
SCOPE = "\x01"
#: An element's attributes: names as SVG spells them; None or empty values are left out.
Attributes = Mapping[str, str | None]

_TEXT_SPECIAL = re.compile("[&<>]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')
_ATTRIBUTE_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\r": "&#13;",
    "\n": "&#10;",
    "\t": "&#09;",
}
_CHUNK_PARTS = 4096  # parts joined (and hashed) at a time: few calls, little memory


@functools.lru_cache(maxsize=1 << 16)
def number(value: float) -> str:
    """Write a coordinate as short, stable text: two decimals at most, no ``-0``.

    A poster writes the same few coordinates again and again (the rows of a
    lane share their heights), so the last 65,536 are remembered.

    Examples
    --------
    >>> number(12.0), number(3.14159), number(-0.001)
    ('12', '3.14', '0')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def xy(x: float, y: float) -> str:
    """Write a point of path data: ``x,y``, each with :func:`number`.

    Examples
    --------
    >>> xy(1.0, 2.345)
    '1,2.35'
    """
    return f"{number(x)},{number(y)}"


def path_data(path: Path) -> str:
    """Write a path as SVG path data with absolute ``M``, ``L``, ``Q`` and ``C`` commands."""
    parts = [f"M{xy(*path.start)}"]
    for segment in path.segments:
        if isinstance(segment, Line):
            parts.append(f"L{xy(*segment.to)}")
        elif isinstance(segment, Cubic):
            parts.append(f"C{xy(*segment.first)} {xy(*segment.second)} {xy(*segment.to)}")
        else:
            parts.append(f"Q{xy(*segment.control)} {xy(*segment.to)}")
    return " ".join(parts)


def escape(text: str) -> str:
    """Escape text for an element's content: ``&``, ``<`` and ``>``.

    Examples
    --------
    >>> escape("a < b & ]]>")
    'a &lt; b &amp; ]]&gt;'
    """
    if _TEXT_SPECIAL.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(value: str) -> str:
    """Escape an attribute value: markup, quotes, and line breaks and tabs as references."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    return _ATTRIBUTE_SPECIAL.sub(lambda match: _ATTRIBUTE_ESCAPES[match.group()], value)


def _attributes(attributes: Attributes) -> str:
    given = [(name, value) for name, value in sorted(attributes.items()) if value]
    text = "".join([f' {name}="{value}"' for name, value in given])
    if _ATTRIBUTE_SPECIAL.search("".join([value for _, value in given])) is None:
        return text  # nothing to escape, as almost always (numbers, colours, ids)
    return "".join([f' {name}="{_escape_attribute(value)}"' for name, value in given])


class Writer:
    """Write an SVG document element by element, as text.

    An element opened with :meth:`start` closes with :meth:`end`; one that
    gets nothing inside is written empty (``<g id="x" />``). The text is kept
    in chunks of a few thousand elements, each hashed as it is made, so a big
    poster costs little more memory than its own text.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._chunks: list[str] = []
        self._digest = hashlib.sha256()
        self._open = False  # the last start tag still lacks its ">"

    def _write(self, text: str) -> None:
        parts = self._parts
        if self._open:
            parts.append(">")
            self._open = False
        parts.append(text)
        if len(parts) >= _CHUNK_PARTS:
            self._flush()

    def _flush(self) -> None:
        chunk = "".join(self._parts)
        self._parts.clear()
        self._digest.update(chunk.encode("utf-8"))
        self._chunks.append(chunk)

    def start(self, tag: str, attributes: Attributes) -> None:
        """Open element ``tag``; what is written next goes inside it."""
        self._write(f"<{tag}{_attributes(attributes)}")
        self._open = True

    def end(self, tag: str) -> None:
        """Close the element ``tag`` opened last."""
        if self._open:
            self._open = False
            self._write(" />")
        else:
            self._write(f"</{tag}>")

    def raw(self, markup: str) -> None:
        """Write markup as it is (the style sheet's CDATA section)."""
        self._write(markup)

    def leaf(self, tag: str, attributes: Attributes, text: str = "") -> None:
        """Write a whole element with ``text`` (or nothing) inside."""
        shown = escape(text) if text else ""
        tail = f">{shown}</{tag}>" if shown else " />"
        self._write(f"<{tag}{_attributes(attributes)}{tail}")

    def finish(self) -> str:
        """The document, its :data:`SCOPE` marks replaced by a prefix made from its own hash."""
        self._flush()
        prefix = f"jk{self._digest.hexdigest()[:8]}"
        chunks = self._chunks
        for index, chunk in enumerate(chunks):
            chunks[index] = chunk.replace(SCOPE, prefix)  # one chunk at a time: little memory
        return "".join(chunks)
