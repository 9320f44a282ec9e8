"""How a journey shows itself in Jupyter and other notebooks.

:class:`~journeykit.Journey` has ``_repr_html_`` and ``_repr_markdown_``
methods that call the two functions here. The HTML view is the best picture
the installed packages can make: the interactive map of the ``html``
renderer, at full size (1:1, scrolled and zoomed inside its frame rather than
shrunk to the notebook's width), else the SVG poster grid, else the Graphviz
drawing when the ``graphviz`` package and the ``dot`` program are both
installed, else nothing, so that the notebook falls back on the Markdown
view, which always works.

The interactive map is a whole page, so it goes into an ``<iframe>`` whose
``srcdoc`` holds it: its script and style cannot reach the notebook, nor the
notebook's restyle it, and ``sandbox="allow-scripts"`` gives it no origin of
its own, so it can read nothing of the notebook's either. The page's own
Content-Security-Policy still forbids it every request.

A notebook shows many pictures in one page, so every picture keeps its ids and
style rules to itself: the grid scopes them under its root's id, and a picture
that does not (Graphviz's) gets its ids prefixed here with a short hash of its
own text (``jk1234abcd-node1``). The prefix comes from the content, so the
same journey shows the same page from run to run.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Flowers", stages=[jk.Stage(name="Buy", touchpoints=["Pays"])])
>>> repr_markdown(j).splitlines()[0]
'# Flowers'
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import TYPE_CHECKING, cast

from journeykit.errors import JourneyError
from journeykit.renderers import get
from journeykit.validators import check_journey

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["repr_html", "repr_markdown"]

_SVG = "image/svg+xml"
# The frame of the interactive map: tall enough for a poster's rows, never taller
# than a notebook's screen (the map scrolls and zooms inside it).
_FRAME_LEAST, _FRAME_MOST, _CHROME = 360, 820, 110
_VIEW_BOX = re.compile(r'<svg\b[^>]*?\sviewBox="0 0 [0-9.]+ ([0-9.]+)"')

# What comes before the <svg> element in a standalone SVG file (XML declaration,
# DOCTYPE, comments), which has no place inside an HTML page.
_PROLOG = re.compile(r"\A(?:\s*<\?xml[^>]*\?>|\s*<!DOCTYPE[^>]*>|\s*<!--.*?-->)*\s*", re.DOTALL)
_ROOT = re.compile(r"<svg\b[^>]*>")
# Ids and the references to them. Renderers escape quotes in text, so a quote
# here is always the end of an attribute value.
_ID = re.compile(r'(?<=\sid=")(?=[^"])')
_REFERENCE = re.compile(r'(?<=href="#)|(?<=url\(#)')


def repr_markdown(journey: Journey) -> str:
    """Return the journey as Markdown, for a notebook's Markdown view.

    Examples
    --------
    >>> import journeykit as jk
    >>> "| Stages | Buy |" in repr_markdown(jk.Journey(title="T", stages=["Buy"]))
    True
    """
    # The Markdown renderer declares text, and render() holds it to that.
    return cast(str, get("markdown")().render(journey))


def repr_html(journey: Journey) -> str | None:
    """Return the journey as HTML for a notebook, or None when no picture can be made.

    The interactive map (the ``html`` renderer, in a sandboxed frame) is tried
    first, then the grid's SVG poster, then Graphviz. A renderer that is not
    installed, or whose backend is missing, is skipped; None tells the
    notebook to show :func:`repr_markdown` instead.

    Examples
    --------
    >>> import journeykit as jk
    >>> html = repr_html(jk.Journey(title="T", stages=["Buy"]))
    >>> html is None or html.startswith(("<iframe", "<svg"))
    True
    """
    check_journey(journey)  # a wrong argument is an error, not "no picture"
    try:
        page = get("html")(fit="none").render(journey)
    except (ImportError, JourneyError):
        pass  # not installed: a picture without the page's controls
    else:
        return _framed(cast(str, page), journey.title)  # text, as the renderer declares
    for name, options in (("grid", {}), ("graphviz", {"output": "svg"})):
        try:
            renderer = get(name)(**options)
            if renderer.output.media_type != _SVG or renderer.output.binary:
                continue  # not a picture a page can hold as it is
            picture = renderer.render(journey)
        except (ImportError, JourneyError):
            # Not installed, or its backend (Graphviz's dot) is missing: try the next.
            continue
        # SVG text, as the output declares (render() holds the renderer to it).
        return _scoped(_PROLOG.sub("", cast(str, picture), count=1))
    return None


def _framed(page: str, title: str) -> str:
    """The whole page ``page`` in a sandboxed frame as wide as the cell, as tall as it needs.

    Examples
    --------
    >>> frame = _framed('<p>a & "b"</p><svg viewBox="0 0 900 400"></svg>', "Tea")
    >>> 'srcdoc="&lt;p&gt;a &amp; &quot;b&quot;' in frame, 'height:510px' in frame
    (True, True)
    """
    found = _VIEW_BOX.search(page)
    poster = float(found.group(1)) if found else _FRAME_MOST
    height = round(min(max(poster + _CHROME, _FRAME_LEAST), _FRAME_MOST))
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'title="{html.escape(title, quote=True)}" '
        f'style="width:100%;height:{height}px;border:1px solid #d0d4da;border-radius:4px">'
        "</iframe>"
    )


def _scoped(svg: str) -> str:
    """``svg`` with its ids under a prefix of its own, unless its root already has an id.

    The grid scopes its own ids and style rules under its root's id; any other
    picture gets that root id, made from a hash of its text, and every id and
    reference to one starts with it.

    Examples
    --------
    >>> _scoped('<svg><g id="n1"><use href="#n1"/></g></svg>')
    '<svg id="jkea4248e2"><g id="jkea4248e2-n1"><use href="#jkea4248e2-n1"/></g></svg>'
    >>> _scoped('<svg id="jk0000abcd"><g id="jk0000abcd-tp-0"/></svg>')
    '<svg id="jk0000abcd"><g id="jk0000abcd-tp-0"/></svg>'
    """
    root = _ROOT.match(svg)
    if root is None or " id=" in root.group():
        return svg
    prefix = f"jk{hashlib.sha256(svg.encode('utf-8')).hexdigest()[:8]}"
    body = _REFERENCE.sub(f"{prefix}-", _ID.sub(f"{prefix}-", svg[root.end() :]))
    return f'<svg id="{prefix}"{svg[4 : root.end()]}{body}'
