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
from typing import TYPE_CHECKING, cast

from journeykit.errors import JourneyError
from journeykit.renderers import get
from journeykit.validators import check_journey

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["repr_html", "repr_markdown"]

_SVG = "image/svg+xml"

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
    # The Markdown renderer declares text, and render() holds it to that.
    return cast(str, get("markdown")().render(journey))


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
    check_journey(journey)  # a wrong argument is an error, not "no picture"
    for name, options in (("grid", {}), ("graphviz", {"output": "svg"})):
        try:
            renderer = get(name)(**options)
            if renderer.output.media_type != _SVG or renderer.output.binary:
                continue  # not a picture a page can hold as it is
            picture = renderer.render(journey)
        except (ImportError, JourneyError):
            # Not installed, or its backend (svgwrite, dot) is missing: try the next.
            continue
        # SVG text, as the output declares (render() holds the renderer to it).
        return _PROLOG.sub("", cast(str, picture), count=1)
    return None
