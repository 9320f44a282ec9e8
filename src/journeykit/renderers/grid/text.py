"""Measure, clean and wrap text for the grid, with the advance widths of DejaVu Sans.

The grid never guesses a text's width from its length: :func:`measure` adds up
the advance width of every character as DejaVu Sans (the first family of the
default theme's font stack) draws it, read from a committed table
(``_widths.py``) so nothing is needed at run time. Characters the font lacks
get a conservative width: none for combining marks, one em for wide East Asian
characters, more than that for emoji, which come from a colour font.
:func:`clean` is the text-cleaning rule every renderer keeps
(:mod:`journeykit.renderers._text`), applied before measuring and wrapping.

:func:`wrap` breaks lines at spaces (never at a no-break space: Babel writes
``55\u00a0%`` in Spanish) and a word wider than its line where the text's
language hyphenates it (`pyphen <https://pyphen.org>`_'s dictionaries, loaded
on first use), with a hyphen: ``abandon-`` / ``ment``, never a bare split.

Examples
--------
>>> from journeykit.renderers.grid.text import measure, wrap
>>> round(measure("Buys the car", 12), 1)
75.4
>>> wrap("Compara con otras herramientas de gestión", 120, 12).lines
('Compara con otras', 'herramientas de', 'gestión')
>>> wrap("Compara con otras herramientas de gestión", 120, 12, max_lines=1)
Wrapped(lines=('Compara con otr…',), truncated=True)
>>> wrap("Gets a cart abandonment email", 70, 12, lang="en").lines
('Gets a cart', 'abandon-', 'ment email')
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from journeykit.renderers._text import clean
from journeykit.renderers.grid import _widths

if TYPE_CHECKING:
    from pyphen import Pyphen  # type: ignore[import-untyped]  # pyphen ships no types

__all__ = ["ELLIPSIS", "HYPHEN", "Wrapped", "clean", "is_rtl", "measure", "wrap"]

#: What ends a text cut short.
ELLIPSIS = "…"
#: What ends the first part of a word broken across two lines.
HYPHEN = "-"

# A word runs to the next breaking space: no-break spaces (U+00A0, U+2007, U+202F) hold.
_WORD = re.compile("(?:[^\\s]|[\u00a0\u2007\u202f])+")
_BREAK_AFTER = frozenset("-\u2010\u2013\u2014/")  # a word may break after these, as it is
_LETTERS = re.compile(r"[^\W\d_]+")
_LONGEST_WORD = 64  # longer runs of letters are no word a dictionary knows: cut them
# The dictionaries of the journeys' languages; other languages get pyphen's nearest one.
_DICTIONARIES = {"en": "en_US", "es": "es"}
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


@functools.cache
def _dictionary(lang: str) -> Pyphen | None:
    """The hyphenation dictionary of ``lang`` (``en`` and ``es`` and pyphen's others), or None."""
    try:
        # Imported on first use: most texts never need a word broken.
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency; without it, cut plainly
        return None
    name: str | None = _DICTIONARIES.get(lang) or pyphen.language_fallback(lang.replace("-", "_"))
    # Two letters at least before a break and three after, as TeX sets English.
    found: Pyphen | None = pyphen.Pyphen(lang=name, left=2, right=3) if name else None
    return found


@functools.lru_cache(maxsize=4096)
def _points(word: str, lang: str) -> frozenset[int]:
    """Where the dictionary of ``lang`` lets ``word`` break (offsets into it)."""
    dictionary = _dictionary(lang) if lang else None
    if dictionary is None:
        return frozenset()
    found: set[int] = set()
    for run in _LETTERS.finditer(word):  # punctuation and digits are no part of a syllable
        if len(run.group()) <= _LONGEST_WORD:
            found.update(run.start() + point for point in dictionary.positions(run.group()))
    return frozenset(found)


def _letter(char: str) -> bool:
    """Whether a hyphen belongs next to ``char``: a letter of a script that hyphenates."""
    return char.isalpha() and unicodedata.east_asian_width(char) not in ("W", "F")


@attrs.frozen
class _Word:
    """A word too wide for its line, in pieces that must stay together, and where it may break.

    ``breaks`` maps a piece's index to whether a break before it needs a hyphen.
    """

    clusters: tuple[str, ...]
    ends: tuple[float, ...]  # the width up to the end of each piece
    breaks: dict[int, bool]
    order: tuple[int, ...]  # the keys of ``breaks``, sorted

    @classmethod
    def of(cls, word: str, size: float, bold: bool, lang: str) -> _Word:
        clusters = tuple(_clusters(word))
        ends = tuple(itertools.accumulate(measure(c, size, bold=bold) for c in clusters))
        starts = list(itertools.accumulate((len(c) for c in clusters), initial=0))
        points = _points(word, lang)
        breaks = {
            index: True
            for index, offset in enumerate(starts[1:-1], start=1)
            if offset in points and _letter(word[offset - 1])
        }
        for index, cluster in enumerate(clusters[:-1], start=1):
            if cluster[-1] in _BREAK_AFTER:
                breaks[index] = False
        return cls(clusters, ends, breaks, tuple(sorted(breaks)))

    def width(self, start: int, end: int) -> float:
        return self.ends[end - 1] - (self.ends[start - 1] if start else 0.0)

    def cut(self, start: int, room: float, hyphen: float, *, forced: bool) -> tuple[int, bool]:
        """The end of the piece from ``start`` that fits ``room``, and whether it takes a hyphen.

        At the last break that fits; without one, ``forced`` cuts between the
        letters that fit, else the end is ``start`` (nothing fits).
        """
        base = self.ends[start - 1] if start else 0.0
        limit = bisect.bisect_right(self.ends, base + room)  # pieces [start, limit) fit
        at = bisect.bisect_right(self.order, limit) - 1
        while at >= 0 and self.order[at] > start:
            end = self.order[at]
            needs = self.breaks[end]
            if self.width(start, end) + (hyphen if needs else 0.0) <= room:
                return end, needs
            at -= 1
        if not forced:
            return start, False
        last = len(self.clusters) - 1
        end = min(max(start + 1, limit), last)
        if not self.between_letters(end):  # between digits or signs: no hyphen to make room for
            return end, False
        end = min(max(start + 1, bisect.bisect_right(self.ends, base + room - hyphen)), last)
        return end, self.between_letters(end)

    def between_letters(self, end: int) -> bool:
        """Whether a break before piece ``end`` falls between two letters (and takes a hyphen)."""
        return _letter(self.clusters[end - 1][-1]) and _letter(self.clusters[end][0])

    def pieces(self, room: float, width: float, hyphen: float) -> Iterator[tuple[str, bool]]:
        """Yield each line's piece (the first one for ``room``: "" if none fits) and its hyphen."""
        start, count = 0, len(self.clusters)
        # A last piece wider than any line (an emoji in a narrow column) stays whole.
        while start < count - 1 and self.width(start, count) > room:
            end, needs = self.cut(start, room, hyphen, forced=room >= width)
            yield "".join(self.clusters[start:end]), needs
            start, room = end, width
        yield "".join(self.clusters[start:]), False


def _lines(
    text: str, width: float, size: float, bold: bool, lang: str
) -> Iterator[tuple[str, str]]:
    """Greedy line breaking, lazily, so a 10,000-character text costs only the lines used.

    Yields each line and what joins it to the next in the text: a space, or
    nothing when the line ends inside a word (after its hyphen, if one was added).
    """
    space = measure(" ", size, bold=bold)
    hyphen = measure(HYPHEN, size, bold=bold)
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for match in _WORD.finditer(paragraph):
            word = match.group()
            needed = measure(word, size, bold=bold)
            if line and used + space + needed <= width:
                line, used = f"{line} {word}", used + space + needed
                continue
            if needed <= width:
                if line:
                    yield line, " "
                line, used = word, needed
                continue
            # A word wider than a line breaks where its language lets it, the first
            # part filling the room left on the line.
            room = width - used - space if line else width
            *broken, (last, _) = _Word.of(word, size, bold, lang).pieces(room, width, hyphen)
            for index, (piece, needs) in enumerate(broken):
                shown = piece
                if index == 0 and line:
                    if not piece:
                        yield line, " "
                        continue
                    shown = f"{line} {piece}"
                yield (shown + HYPHEN, HYPHEN) if needs else (shown, "")
            line = last
            used = measure(last, size, bold=bold)
        if line:
            yield line, " "


def _ellipsize(line: str, width: float, size: float, bold: bool) -> str:
    budget = width - measure(ELLIPSIS, size, bold=bold)
    pieces = list(_clusters(line))
    while pieces and measure("".join(pieces), size, bold=bold) > budget:
        pieces.pop()
    return "".join(pieces).rstrip() + ELLIPSIS


def _rejoin(line: str, glue: str, following: str) -> str:
    """A line and the one after it as the text has them: a broken word made whole again."""
    if glue == HYPHEN:
        return line.removesuffix(HYPHEN) + following
    return f"{line}{glue}{following}"


def wrap(  # noqa: PLR0913 (the text, its room, and how it is set: as place() gives them)
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
    lang: str = "",
) -> Wrapped:
    r"""Break ``text`` into lines no wider than ``width`` pixels at ``size`` pixels.

    Words are kept whole when they fit a line. A word wider than its line is
    broken where the dictionary of ``lang`` (the text's language: ``en``,
    ``es``...) hyphenates it, the first part ending with :data:`HYPHEN`;
    without a dictionary, or when no syllable fits, between the letters that
    fit, with a hyphen all the same (none next to a digit, a sign or a wide
    East Asian character). With ``max_lines``, text that needs more lines is
    cut short and the last line ends with an ellipsis. Text is :func:`clean`-ed
    first (the rule every renderer keeps: :func:`journeykit.renderers._text.clean`).

    Examples
    --------
    >>> wrap("", 100, 12)
    Wrapped(lines=(), truncated=False)
    >>> wrap("x" * 20, 60, 12).lines
    ('xxxxxxx-', 'xxxxxxx-', 'xxxxxx')
    >>> wrap("Administración", 60, 12, lang="es").lines
    ('Adminis-', 'tración')
    >>> wrap("Tráfico 55\xa0%", 50, 12).lines  # a no-break space holds
    ('Tráfico', '55\xa0%')
    >>> wrap("a\nb", 100, 12).lines
    ('a', 'b')
    """
    lines: list[str] = []
    glue = " "
    for line, after in _lines(clean(text), max(width, size), size, bold, lang):
        if max_lines is not None and len(lines) == max_lines:
            lines[-1] = _ellipsize(_rejoin(lines[-1], glue, line), width, size, bold)
            return Wrapped(tuple(lines), True)
        lines.append(line)
        glue = after
    return Wrapped(tuple(lines), False)
