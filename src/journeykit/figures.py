r"""How the figures of a journey read: one formatter for every renderer and the CLI.

Every renderer that labels an edge with its share or its count calls
:func:`edge_figures`, so the same edge shows the same text in a poster, a
Graphviz map, a Markdown page and the command line. Numbers, percentages and
times are written the way the journey's language writes them (through
`Babel <https://babel.pocoo.org>`_'s CLDR data): ``3,200`` and ``55%`` in
English, ``3.200`` and ``55 %`` in Spanish.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import figures
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
...     transitions=[jk.Transition(source="a", target="c", kind="skip", probability=0.2),
...                  jk.Transition(source="a", kind="exit", count=1200)])
>>> [figures.edge_figures(e) for e in j.graph.outgoing["a"]]
[('20%',), ('40%', 'n=1,200'), ('40%',)]
>>> figures.edge_figures(j.graph.outgoing["a"][1], lang="es")
('40\xa0%', 'n=1.200')
>>> figures.edge_figures(j.graph.outgoing["b"][0])  # no data at b: no figure to show
()
"""

from __future__ import annotations

import functools
import math
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

    from journeykit.graph import Edge
    from journeykit.model import Journey

__all__ = ["count", "day", "duration", "edge_figures", "number", "percent", "signed", "size"]


@functools.cache
def _locale(lang: str) -> Locale:
    # Babel is imported on first use: `import journeykit` stays quick.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_"))  # Babel reads pt_BR, not pt-BR
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse("en")


@functools.cache
def _pattern(text: str) -> NumberPattern:
    # Parsed once: Babel parses a pattern given as text on every call, a third of its time
    # on the two million figures of a map with a million transitions.
    from babel.numbers import parse_pattern

    return parse_pattern(text)


@functools.cache
def _percent_pattern(lang: str, decimals: int) -> NumberPattern:
    """The locale's own percent pattern ("#,##0 %" in Spanish), with the decimals asked for."""
    pattern = str(_locale(lang).percent_formats[None].pattern)
    if decimals > 0:
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    return _pattern(pattern)


def number(value: float, lang: str = "en", *, decimals: int = 2, fixed: bool = False) -> str:
    """Return a number as the language writes it: grouped thousands, at most ``decimals``.

    ``fixed`` writes exactly ``decimals`` decimals. An unknown language reads as English.

    Examples
    --------
    >>> number(3200), number(3200, "es"), number(1234567.891), number(0.5, "es")
    ('3,200', '3.200', '1,234,567.89', '0,5')
    >>> number(0.1986), number(0.1986, decimals=4), number(1.5, "es", fixed=True)
    ('0.2', '0.1986', '1,50')
    """
    from babel.numbers import format_decimal

    if not math.isfinite(value):
        return str(value)
    pattern = "#,##0." + ("0" if fixed else "#") * decimals if decimals > 0 else "#,##0"
    return format_decimal(value, format=_pattern(pattern), locale=_locale(lang))


def signed(value: float, lang: str = "en") -> str:
    """Return an emotion score with its sign, as the language writes the number: ``+2``, ``-1,5``.

    As Python's ``+g`` format, zero reads ``+0``.

    Examples
    --------
    >>> signed(2), signed(-1.5), signed(-1.5, "es"), signed(0)
    ('+2', '-1.5', '-1,5', '+0')
    """
    written = number(value, lang)
    return written if value < 0 else "+" + written


def percent(share: float, lang: str = "en", *, decimals: int = 0) -> str:
    r"""Return a share as a percentage with ``decimals``; shares that round to 0 or 100 say so.

    Examples
    --------
    >>> percent(0.4), percent(0.001), percent(0.9999), percent(0), percent(1)
    ('40%', '<1%', '>99%', '0%', '100%')
    >>> percent(0.55, "es"), percent(0.3517, decimals=1), percent(0.0001, "es", decimals=1)
    ('55\xa0%', '35.2%', '<0,1\xa0%')
    """
    from babel.numbers import format_percent

    locale, pattern = _locale(lang), _percent_pattern(lang, decimals)
    least = 10.0 ** -(2 + decimals)  # the smallest share the pattern shows as not 0
    if 0 < share <= least / 2:  # at half, rounding to even would say 0
        return "<" + format_percent(least, format=pattern, locale=locale)
    if 1 - least / 2 <= share < 1:
        return ">" + format_percent(1 - least, format=pattern, locale=locale)
    return format_percent(share, format=pattern, locale=locale)


# Kept: the counts of a mined map's transitions repeat (most are small), and a map of a
# million of them writes one on every edge.
@functools.lru_cache(maxsize=4096)
def count(number_: int, lang: str = "en") -> str:
    """Return how many customers took a way: ``n=12``, ``n=3,200``.

    Examples
    --------
    >>> count(12), count(3200), count(3200, "es")
    ('n=12', 'n=3,200', 'n=3.200')
    """
    return f"n={number(number_, lang)}"


def day(text: str, lang: str = "en") -> str:
    """Return an ISO date (``2024-05-06``, a period's first day) as the language writes it.

    Any other text (a period named by hand) comes back as it is.

    Examples
    --------
    >>> day("2024-05-06"), day("2024-05-06", "es"), day("spring")
    ('May 6, 2024', '6 may 2024', 'spring')
    """
    import datetime

    from babel.dates import format_date

    try:
        when = datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return text
    if len(text) != 10:  # "20240506" is a valid ISO date too, but no period is named so
        return text
    return format_date(when, "medium", locale=_locale(lang))


def duration(seconds: float, lang: str = "en") -> str:
    """Return a length of time, rounded to its largest unit, as the language abbreviates it.

    Examples
    --------
    >>> duration(298), duration(14897.5), duration(259200), duration(259200, "es")
    ('5 min', '4 hr', '3 days', '3 d')
    """
    from babel.dates import format_timedelta

    if not math.isfinite(seconds):
        return str(seconds)
    return format_timedelta(timedelta(seconds=seconds), format="short", locale=_locale(lang))


def edge_figures(edge: Edge, lang: str = "en") -> tuple[str, ...]:
    """Return the figures to print on an edge: its share where informed, then its count.

    The share is :attr:`Edge.share <journeykit.graph.Edge.share>`, shown only
    where :attr:`Edge.informed <journeykit.graph.Edge.informed>` is true; the
    count is the transition's own.
    """
    shown = [percent(edge.share, lang)] if edge.informed else []
    if edge.count is not None:
        shown.append(count(edge.count, lang))
    return tuple(shown)


def size(journey: Journey, lang: str = "en") -> str:
    """Return how big a journey is, as ``journeykit analyze`` and ``journeykit mine`` say it.

    ``transitions`` counts the journey's own (those its file lists); the
    back-edges and exits among the ways of its flow come from its graph view.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])],
    ...     transitions=[jk.Transition(source="b", target="a", kind="return"),
    ...                  jk.Transition(source="a", kind="exit")])
    >>> size(j)
    '1 stage, 2 touchpoints, 2 transitions (1 going back, 1 exit)'
    >>> size(j, "es")
    '1 etapa, 2 puntos de contacto, 2 transiciones (1 de vuelta, 1 salida)'
    """
    from journeykit.i18n import message, plural

    directions = journey.graph.directions  # the shape alone: no shares needed
    return message(
        "size.journey",
        lang,
        stages=plural("size.stages", len(journey.stages), lang),
        touchpoints=plural("size.touchpoints", len(journey.touchpoints), lang),
        transitions=plural("size.transitions", len(journey.transitions), lang),
        back=plural("size.back", directions.count("back"), lang),
        exits=plural("size.exits", directions.count("exit"), lang),
    )
