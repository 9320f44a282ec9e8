"""Channel icons, emotion markers and the two moment marks as SVG path data (no icon font).

Icons are drawn on a 24 by 24 grid with absolute ``M``, ``L``, ``C``, ``Q`` and
``Z`` commands only; :func:`icon_path` moves and scales them to where they go,
so every coordinate in the output is a plain point on the page.

Examples
--------
>>> from journeykit.renderers.grid.icons import icon_path, marker_path
>>> icon_path("email", 0, 0, 12)
'M1.5,3 L10.5,3 L10.5,9 L1.5,9 Z M1.5,3 L6,6.5 L10.5,3'
>>> marker_path("negative", 10, 10, 4)
'M5.4,7.2 L14.6,7.2 L10,15 Z'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from journeykit import vocab
from journeykit.renderers.grid._geometry import XY
from journeykit.renderers.grid._svg import xy

__all__ = ["ICONS", "circle_path", "icon_path", "marker_path"]

_PAIR = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def circle_path(cx: float, cy: float, r: float) -> str:
    """A circle as four cubic curves (keeps paths to M, L, C, Q and Z only).

    Examples
    --------
    >>> circle_path(0, 0, 1).split()[0]
    'M1,0'
    """
    k = 0.5523 * r
    return (
        f"M{xy(cx + r, cy)} "
        f"C{xy(cx + r, cy + k)} {xy(cx + k, cy + r)} {xy(cx, cy + r)} "
        f"C{xy(cx - k, cy + r)} {xy(cx - r, cy + k)} {xy(cx - r, cy)} "
        f"C{xy(cx - r, cy - k)} {xy(cx - k, cy - r)} {xy(cx, cy - r)} "
        f"C{xy(cx + k, cy - r)} {xy(cx + r, cy - k)} {xy(cx + r, cy)} Z"
    )


def _rect(x: float, y: float, w: float, h: float) -> str:
    return f"M{xy(x, y)} L{xy(x + w, y)} L{xy(x + w, y + h)} L{xy(x, y + h)} Z"


_ENVELOPE = _rect(3, 6, 18, 12) + " M3,6 L12,13 L21,6"
_BUBBLE = "M4,5 L20,5 L20,15 L11,15 L7,19 L7,15 L4,15 Z"
_PAGE = "M6,3 L15,3 L19,7 L19,21 L6,21 Z M9,10 L16,10 M9,14 L16,14 M9,18 L13,18"

#: Path data of each standard channel's icon on a 24 by 24 grid (keys: the ids of
#: :data:`journeykit.vocab.CHANNELS`).
ICONS: Mapping[str, str] = {
    "web": _rect(3, 4, 18, 12) + " M9,20 L15,20 M12,16 L12,20",
    "landing-page": _PAGE,
    "search": circle_path(10, 10, 6) + " M14.5,14.5 L20,20",
    "ads": "M3,10 L3,14 L7,14 L15,19 L15,5 L7,10 Z M18,9 Q20.5,12 18,15",
    "social": (
        circle_path(6, 12, 2.5)
        + " "
        + circle_path(18, 6, 2.5)
        + " "
        + circle_path(18, 18, 2.5)
        + " M8.2,10.8 L15.8,7.2 M8.2,13.2 L15.8,16.8"
    ),
    "email": _ENVELOPE,
    "newsletter": _ENVELOPE + " M7,15 L11,15",
    "blog": "M4,20 L8,19 L19,8 L16,5 L5,16 Z M14,7 L17,10",
    "review-sites": (
        "M12,3 L14.6,8.6 L20.6,9.2 L16.1,13.3 L17.4,19.3 L12,16.2 L6.6,19.3 L7.9,13.3 "
        "L3.4,9.2 L9.4,8.6 Z"
    ),
    "word-of-mouth": _BUBBLE,
    "chat": _BUBBLE + " M8,10 L8.5,10 M12,10 L12.5,10 M16,10 L16.5,10",
    "app": _rect(7, 3, 10, 18) + " M11,18 L13,18",
    "sms": "M5,6 L19,6 L19,15 L10,15 L6,18 L6,15 L5,15 Z M8,10.5 L16,10.5",
    "phone": (
        "M6,3 L9,3 L10.5,7.5 L8.5,9 Q10,13 15,15.5 L16.5,13.5 L21,15 L21,18 Q21,21 18,21 "
        "Q4,20 3,6 Q3,3 6,3 Z"
    ),
    "in-person": circle_path(12, 7, 3.5) + " M5,21 Q5,13 12,13 Q19,13 19,21",
    "event": _rect(4, 5, 16, 15) + " M4,9.5 L20,9.5 M8,3 L8,7 M16,3 L16,7",
    "radio": _rect(3, 9, 18, 11) + " " + circle_path(15.5, 14.5, 3) + " M6,9 L17,4 M6,13 L10,13",
    "tv": _rect(3, 5, 18, 12) + " M8,21 L16,21 M12,17 L12,21",
    "print": _rect(4, 4, 16, 16) + " M7,8 L17,8 M7,12 L11,12 M13,12 L17,12 M7,16 L17,16",
    "mail": _ENVELOPE + " M15,9 L18,9",
    "delivery": (
        _rect(2, 7, 12, 9)
        + " M14,10 L18,10 L21,13 L21,16 L14,16 "
        + circle_path(7, 18, 2)
        + " "
        + circle_path(17, 18, 2)
    ),
    "product": "M12,3 L20,7.5 L20,16.5 L12,21 L4,16.5 L4,7.5 Z M4,7.5 L12,12 L20,7.5 M12,12 L12,21",
    "backoffice": (
        _rect(5, 3, 14, 18) + " M8,7 L10,7 M14,7 L16,7 M8,11 L10,11 M14,11 L16,11 "
        "M10,21 L10,17 L14,17 L14,21"
    ),
}
# The moment marks on a unit radius: a diamond, and a flag waving from its pole.
_MARKS = {
    "moment": "M0,-1.3 L1,0 L0,1.3 L-1,0 Z",
    "truth": (
        "M-0.8,1.3 L-0.8,-1.2 Q-0.3,-1.45 0.2,-1.2 Q0.7,-0.95 1.2,-1.2 L1.2,0.1 "
        "Q0.7,0.35 0.2,0.1 Q-0.3,-0.15 -0.8,0.1"
    ),
}
_UNKNOWN = circle_path(12, 12, 7) + " " + circle_path(12, 12, 2)


def icon_path(channel: str, x: float, y: float, size: float) -> str:
    """Path data of the icon for ``channel`` (any name or alias) in the square at ``x, y``.

    A channel that is not standard (or none) gets a plain ring with a dot.

    Examples
    --------
    >>> icon_path("carrier pigeon", 0, 0, 24) == _UNKNOWN
    True
    """
    try:
        data = ICONS[vocab.channel(channel).id]
    except LookupError:
        data = _UNKNOWN
    return _place(data, x, y, size / 24)


def _place(data: str, x: float, y: float, scale: float) -> str:
    """Move path data drawn on the icon grid to ``x, y``, scaled by ``scale``."""
    first, between = _parsed(data)
    return first + "".join(
        [xy(x + px * scale, y + py * scale) + text for (px, py), text in between]
    )


@functools.cache
def _parsed(data: str) -> tuple[str, tuple[tuple[XY, str], ...]]:
    """Path data split once: the text before its first point, then each point and the text after.

    Examples
    --------
    >>> _parsed("M1,2 L3,4 Z")
    ('M', (((1.0, 2.0), ' L'), ((3.0, 4.0), ' Z')))
    """
    pieces = _PAIR.split(data)  # text, x, y, text, x, y, ..., text
    points = zip(pieces[1::3], pieces[2::3], pieces[3::3], strict=True)
    return pieces[0], tuple(((float(px), float(py)), text) for px, py, text in points)


def marker_path(kind: str, cx: float, cy: float, r: float) -> str:
    """Path data of an emotion marker centred at ``cx, cy``: the shape carries the meaning.

    ``positive`` is a triangle pointing up, ``negative`` one pointing down,
    ``neutral`` and ``none`` a circle (``none`` is drawn hollow). Two more
    marks are no emotion: ``moment`` (a computed moment that matters) is a
    diamond, ``truth`` (the author's ``moment_of_truth`` flag) a flag on its
    pole. Neither is a channel's icon: the star is review sites' alone.

    Examples
    --------
    >>> marker_path("positive", 0, 0, 2)
    'M0,-2.5 L2.3,1.4 L-2.3,1.4 Z'
    >>> marker_path("moment", 0, 0, 2)
    'M0,-2.6 L2,0 L0,2.6 L-2,0 Z'
    """
    if kind == "positive":
        return _place("M0,-1.25 L1.15,0.7 L-1.15,0.7 Z", cx, cy, r)
    if kind == "negative":
        return _place("M-1.15,-0.7 L1.15,-0.7 L0,1.25 Z", cx, cy, r)
    if kind in _MARKS:
        return _place(_MARKS[kind], cx, cy, r)
    return circle_path(cx, cy, r * 0.95)
