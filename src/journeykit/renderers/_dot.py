"""DOT text: quoting plain and HTML-like labels, wrapping lines, tinting colours.

The Graphviz renderer's one place for what a string must become to reach
``dot`` intact and show as written, as the ``graphviz`` package keeps its own
quoting apart from the graph it builds.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable
from typing import Any, cast

from journeykit.errors import RenderError
from journeykit.renderers._text import clean

__all__ = ["cut", "html_label", "package", "plain", "tint", "wrap"]

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def package() -> Any:
    """Import the ``graphviz`` package, or say how to install it."""
    try:
        import graphviz
    except ImportError:
        raise RenderError(
            "the graphviz renderer needs the Python package 'graphviz': "
            "pip install 'journeykit[graphviz]'"
        ) from None
    return graphviz


def plain(lines: Iterable[str]) -> str:
    """Return text for a quoted DOT string: cleaned, backslashes literal, never HTML, one line each.

    Each line is :func:`~journeykit.renderers._text.clean`-ed first, as every
    renderer's text is: ``dot`` refuses U+FFFE and U+FFFF, among others.
    ``dot`` reads entities even in plain strings (``&amp;`` would show as ``&``),
    so ``&`` becomes ``&amp;``.
    """
    graphviz = package()
    text = "\\n".join(clean(line).replace("\\", "\\\\").replace("&", "&amp;") for line in lines)
    # nohtml marks the text as a plain string even when it looks like <...>.
    return cast(str, graphviz.nohtml(text))


def wrap(text: str, width: int, limit: int) -> list[str]:
    r"""Wrap text into at most ``limit`` lines, the last one cut with "…" when needed.

    The text is :func:`~journeykit.renderers._text.clean`-ed first, so that
    every line break is ``\n`` and widths count composed characters.
    """
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
        if len(lines) > limit:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return lines


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def html_label(lines: Iterable[str]) -> str:
    r"""Return lines for an HTML-like label: entities for markup, ``\\`` for a backslash.

    Graphviz expands ``\N`` and friends even in HTML-like labels (and after
    decoding entities), so backslashes are doubled, not turned into entities.
    Its HTML lexer reads a lone ``]`` as the end of a CDATA section (``<B>]</B>``
    is a syntax error), so ``]`` becomes an entity too. Each line is
    :func:`~journeykit.renderers._text.clean`-ed before it is escaped: ``dot``
    refuses U+FFFE and U+FFFF, which XML cannot hold.
    """
    return "<BR/>".join(
        html.escape(clean(line).replace("\\", "\\\\"), quote=True).replace("]", "&#93;")
        for line in lines
    )


def tint(color: str, share: float = 0.85) -> str:
    """Mix a ``#rrggbb`` colour with white (``share`` of white) for a light fill.

    Any other colour (a name, ``#rgb``) is left as it is: Graphviz reads those too.

    Examples
    --------
    >>> tint("#000000", 0.5), tint("red")
    ('#808080', 'red')
    """
    if not _HEX.fullmatch(color):
        return color
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * share) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)
