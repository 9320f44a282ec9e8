"""How a journey shows itself in Jupyter and other notebooks.

:class:`~journeykit.Journey` has ``_repr_html_`` and ``_repr_markdown_``
methods that call the two functions here. The HTML view is the best picture
the installed packages can make: the SVG poster grid when its renderer is
available, else the Graphviz drawing when the ``graphviz`` package and the
``dot`` program are both installed, else nothing, so that the notebook falls
back on the Markdown view, which always works.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Flowers", stages=[jk.Stage(name="Buy", touchpoints=["Pays"])])
>>> repr_markdown(j).splitlines()[0]
'# Flowers'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from journeykit.errors import JourneyError
from journeykit.renderers import render

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["repr_html", "repr_markdown"]

# What comes before the <svg> element in a standalone SVG file (XML declaration,
# DOCTYPE, comments), which has no place inside an HTML page.
_PROLOG = re.compile(r"\A(?:\s*<\?xml[^>]*\?>|\s*<!DOCTYPE[^>]*>|\s*<!--.*?-->)*\s*", re.DOTALL)


def repr_markdown(journey: Journey) -> str:
    """Return the journey as Markdown, for a notebook's Markdown view.

    Examples
    --------
    >>> import journeykit as jk
    >>> "| Stages | Buy |" in repr_markdown(jk.Journey(title="T", stages=["Buy"]))
    True
    """
    text = render(journey, "markdown")
    assert isinstance(text, str)  # the Markdown renderer returns text
    return text


def repr_html(journey: Journey) -> str | None:
    """Return the journey as an inline SVG picture for HTML, or None when none can be drawn.

    The grid renderer is tried first, then Graphviz. A renderer that is not
    installed, or whose backend is missing, is skipped; None tells the
    notebook to show :func:`repr_markdown` instead.

    Examples
    --------
    >>> import journeykit as jk
    >>> html = repr_html(jk.Journey(title="T", stages=["Buy"]))
    >>> html is None or html.startswith("<svg")
    True
    """
    for name, options in (("grid", {}), ("graphviz", {"output": "svg"})):
        try:
            picture = render(journey, name, **options)
        except (ImportError, JourneyError):
            # Not installed, or its backend (svgwrite, dot) is missing: try the next.
            continue
        if isinstance(picture, bytes):
            picture = picture.decode("utf-8")
        return _PROLOG.sub("", picture, count=1)
    return None
