"""Measure, clean and wrap text for the grid, with the advance widths of DejaVu Sans.

The grid never guesses a text's width from its length: :func:`measure` adds up
the advance width of every character as DejaVu Sans (the first family of the
default theme's font stack) draws it, read from a committed table
(``_widths.py``) so nothing is needed at run time. Characters the font lacks
get a conservative width: none for combining marks, one em for wide East Asian
characters, more than that for emoji, which come from a colour font.
:func:`clean` is the text-cleaning rule every renderer keeps
(:mod:`journeykit.renderers._text`), applied before measuring and wrapping.

Examples
--------
>>> from journeykit.renderers.grid.text import measure, wrap
>>> round(measure("Buys the car", 12), 1)
75.4
>>> wrap("Compara con otras herramientas de gestión", 120, 12).lines
('Compara con otras', 'herramientas de', 'gestión')
>>> wrap("Compara con otras herramientas de gestión", 120, 12, max_lines=1)
Wrapped(lines=('Compara con otr…',), truncated=True)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

import attrs

from journeykit.renderers._text import clean
from journeykit.renderers.grid import _widths

__all__ = ["ELLIPSIS", "Wrapped", "clean", "is_rtl", "measure", "wrap"]

#: What ends a text cut short.
ELLIPSIS = "…"

_WORD = re.compile(r"\S+")
_FALLBACK_EM = 0.62  # a little wider than DejaVu Sans' average lower-case letter
_EMOJI_EM = 1.3  # colour emoji fonts draw about 1.25 em
_ZWJ = "\u200d"


@functools.cache
def _table(bold: bool) -> dict[str, float]:
    widths: dict[str, float] = {}
    for start, numbers in _widths.BOLD if bold else _widths.REGULAR:
        for offset, number in enumerate(numbers.split()):
            widths[chr(start + offset)] = int(number) / _widths.UNITS_PER_EM
    return widths


@functools.cache
def _fallback(char: str) -> float:
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F:
        return 0.0
    if 0x1F3FB <= ord(char) <= 0x1F3FF:  # skin tones join the emoji before them
        return 0.0
    if ord(char) >= 0x1F000 or category == "So":
        return _EMOJI_EM
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return _FALLBACK_EM


def _em(char: str, bold: bool) -> float:
    width = _table(bold).get(char)
    return _fallback(char) if width is None else width


def measure(text: str, size: float, *, bold: bool = False) -> float:
    """Return the width in pixels of ``text`` set in DejaVu Sans at ``size`` pixels.

    Kerning is left out, so the result errs on the wide side.

    Examples
    --------
    >>> measure("", 12)
    0.0
    >>> measure("W", 20, bold=True) > measure("W", 20) > measure("i", 20)
    True
    """
    table = _table(bold)
    total = 0.0
    for char in text:
        width = table.get(char)
        total += _fallback(char) if width is None else width
    return total * size


def is_rtl(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` reads right to left.

    Examples
    --------
    >>> is_rtl("שלום עולם"), is_rtl("123 مرحبا"), is_rtl("Hello שלום")
    (True, True, False)
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@attrs.frozen
class Wrapped:
    """Text broken into lines that fit a width.

    Attributes
    ----------
    lines:
        The lines, in order.
    truncated:
        Whether text was left out (the last line then ends with :data:`ELLIPSIS`).

    Examples
    --------
    >>> wrap("Pays at the counter", 80, 12)
    Wrapped(lines=('Pays at the', 'counter'), truncated=False)
    """

    lines: tuple[str, ...]
    truncated: bool


def _clusters(word: str) -> Iterator[str]:
    """Split a word into pieces that must stay together (a letter and its marks, emoji)."""
    piece = ""
    for char in word:
        glued = piece.endswith(_ZWJ) or char == _ZWJ or _fallback(char) == 0.0
        if piece and not glued:
            yield piece
            piece = ""
        piece += char
    if piece:
        yield piece


def _lines(text: str, width: float, size: float, bold: bool) -> Iterator[str]:
    """Greedy line breaking, lazily, so a 10,000-character text costs only the lines used."""
    space = measure(" ", size, bold=bold)
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for match in _WORD.finditer(paragraph):
            word = match.group()
            needed = measure(word, size, bold=bold)
            if line and used + space + needed <= width:
                line, used = f"{line} {word}", used + space + needed
                continue
            if line:
                yield line
            if needed <= width:
                line, used = word, needed
                continue
            # A word wider than the line is cut between characters.
            line, used = "", 0.0
            for piece in _clusters(word):
                piece_width = measure(piece, size, bold=bold)
                if line and used + piece_width > width:
                    yield line
                    line, used = "", 0.0
                line, used = line + piece, used + piece_width
        if line:
            yield line


def _ellipsize(line: str, width: float, size: float, bold: bool) -> str:
    budget = width - measure(ELLIPSIS, size, bold=bold)
    pieces = list(_clusters(line))
    while pieces and measure("".join(pieces), size, bold=bold) > budget:
        pieces.pop()
    return "".join(pieces).rstrip() + ELLIPSIS


def wrap(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
) -> Wrapped:
    r"""Break ``text`` into lines no wider than ``width`` pixels at ``size`` pixels.

    Words are kept whole when they fit a line and cut between characters when
    they do not. With ``max_lines``, text that needs more lines is cut short
    and the last line ends with an ellipsis. Text is :func:`clean`-ed first
    (the rule every renderer keeps: :func:`journeykit.renderers._text.clean`).

    Examples
    --------
    >>> wrap("", 100, 12)
    Wrapped(lines=(), truncated=False)
    >>> wrap("Supercalifragilistic", 60, 12).lines
    ('Supercalif', 'ragilistic')
    >>> wrap("a\nb", 100, 12).lines
    ('a', 'b')
    """
    lines: list[str] = []
    for line in _lines(clean(text), max(width, size), size, bold):
        if max_lines is not None and len(lines) == max_lines:
            lines[-1] = _ellipsize(f"{lines[-1]} {line}", width, size, bold)
            return Wrapped(tuple(lines), True)
        lines.append(line)
    return Wrapped(tuple(lines), False)
