"""SVG syntax: numbers, points and path data, written short and stable.

The layout gives geometry as numbers and :class:`~journeykit.renderers.grid.layout.Path`
values; only the drawing writes them as SVG, with the functions here.

Examples
--------
>>> from journeykit.renderers.grid._geometry import Cubic, Line, Path, Quad
>>> path = Path((0, 0), (Line((10, 0)), Quad((20, 0), (20, 10)), Cubic((20, 14), (1, 2), (0, 3))))
>>> path_data(path)
'M0,0 L10,0 Q20,0 20,10 C20,14 1,2 0,3'
"""

from __future__ import annotations

from journeykit.renderers.grid._geometry import Cubic, Line, Path

__all__ = ["number", "path_data", "xy"]


def number(value: float) -> str:
    """Write a coordinate as short, stable text: two decimals at most, no ``-0``.

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
