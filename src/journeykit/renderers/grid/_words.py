r"""The sentences the poster makes of the catalogue's words, in the map's language.

The words are the message catalogue's (:mod:`journeykit.i18n`): lane titles
(``lane.*``), the grid's own (``grid.*``: legend, flow labels, notes) and
metric names (``metric.*``). The layout resolves every text with them, so the
drawing never needs the language.
Numbers and percentages are written by :mod:`journeykit.figures`, the way the
language writes them.

Examples
--------
>>> from journeykit.renderers.grid._words import badge, words
>>> words("es")["exit"], badge("conversion", 0.42, "es"), badge("traffic", 3200, "es")
('salida', 'Conversión 42\xa0%', 'Tráfico 3.200')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from journeykit import figures, i18n, vocab
from journeykit.model import Journey, Touchpoint
from journeykit.renderers.grid.text import clean
from journeykit.renderers.theme import lane_title

__all__ = ["badge", "counted", "describe", "left_out", "plural", "summary", "words"]

_SHARES = ("conversion", "drop_off", "bounce_rate")


def words(lang: str) -> Mapping[str, str]:
    """Return the grid's own words (legend, flow labels...) in ``lang``: the catalogue's ``grid.*``.

    The flow words are keyed by the edge's direction (:class:`journeykit.graph.EdgeClass`).

    Examples
    --------
    >>> words("es")["back"]
    'vuelve a'
    """
    return i18n.section("grid", lang)


def counted(lang: str, touchpoints: int, stages: int) -> str:
    """Say how many touchpoints and stages a map has, in ``lang``.

    Examples
    --------
    >>> counted("en", 1, 1), counted("es", 12, 3)
    ('1 touchpoint in 1 stage', '12 puntos de contacto en 3 etapas')
    """

    def say(number: int, key: str) -> str:
        return f"{figures.number(number, lang)} {plural(lang, key, number)}"

    return i18n.message(
        "grid.summary", lang, n=say(touchpoints, "touchpoints"), s=say(stages, "stages")
    )


def plural(lang: str, key: str, number: int) -> str:
    """The grid's word ``key`` in the form for ``number`` (``one|many`` in the catalogue).

    Examples
    --------
    >>> plural("en", "stages", 1), plural("es", "stages", 3)
    ('stage', 'etapas')
    """
    return i18n.plural(f"grid.{key}", number, lang)


def left_out(lang: str, flows: int, share: float | None) -> str:
    r"""The note on the flows a row leaves out: how many, and their share of moves when known.

    Examples
    --------
    >>> left_out("en", 12, 0.031), left_out("en", 1, None)
    ('12 rarer flows, 3% of moves, not drawn', '1 more flow not drawn')
    >>> left_out("es", 1200, 0.5)
    '1.200 flujos menos frecuentes, 50\xa0% de los movimientos, sin dibujar'
    """
    if share is None:
        return i18n.plural("grid.more_flows", flows, lang)
    return i18n.plural("grid.rarer_flows", flows, lang, share=figures.percent(share, lang))


def badge(name: str, value: float, lang: str) -> str:
    """A metric as badge text: ``NPS 72``, ``Conversion 46%``, ``Traffic 12,000``.

    Numbers and shares are written as the language writes them (:mod:`journeykit.figures`).

    Examples
    --------
    >>> badge("nps", 72, "en"), badge("traffic", 12000, "en"), badge("time_spent", 2.5, "es")
    ('NPS 72', 'Traffic 12,000', 'Tiempo (s) 2,5')
    """
    known = f"metric.{name}" in i18n.catalogue(lang)
    label = i18n.message(f"metric.{name}", lang) if known else name.replace("_", " ").capitalize()
    shown = figures.percent(value, lang) if name in _SHARES else figures.number(value, lang)
    return f"{label} {shown}"


def summary(journey: Journey, lang: str) -> str:
    """The accessible description of the whole map: size, persona, goal, highest and lowest.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", goal="Eat", stages=[jk.Stage(name="S", touchpoints=["A"])])
    >>> summary(j, "en")
    '1 touchpoint in 1 stage. Goal: Eat'
    """
    parts = [counted(lang, len(journey.touchpoints), len(journey.stages))]
    if journey.persona is not None:
        parts.append(f"{lane_title('persona', lang)}: {journey.persona.name}")
    if journey.goal:
        parts.append(f"{lane_title('goal', lang)}: {journey.goal}")
    scored = [t for t in journey.touchpoints if t.emotion is not None]
    if scored:
        low = min(scored, key=lambda t: t.emotion or 0.0)
        high = max(scored, key=lambda t: t.emotion or 0.0)
        parts.append(
            f"{high.name} ({figures.signed(high.emotion or 0.0, lang)}) … "
            f"{low.name} ({figures.signed(low.emotion or 0.0, lang)})"
        )
    return clean(". ".join(parts))


def describe(journey: Journey, touchpoint: Touchpoint, lang: str) -> str:
    """The accessible description of a touchpoint: stage, channel, feeling, pains.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Pays", channel="web", emotion=-1)])])
    >>> describe(j, j.touchpoints[0], "en")
    'Stages: Buy. Channels: Website. Emotions: negative (-1)'
    """
    parts = [f"{lane_title('stages', lang)}: {journey.stage_of(touchpoint.id).name}"]
    if touchpoint.channel:
        parts.append(
            f"{lane_title('channels', lang)}: {vocab.channel_name(touchpoint.channel, lang)}"
        )
    if touchpoint.emotion is not None:
        parts.append(
            f"{lane_title('emotions', lang)}: {vocab.emotion_label(touchpoint.emotion, lang=lang)} "
            f"({figures.signed(touchpoint.emotion, lang)})"
        )
    for lane in ("pain_points", "opportunities"):
        items: Sequence[str] = getattr(touchpoint, lane)
        if items:
            parts.append(f"{lane_title(lane, lang)}: {'; '.join(items)}")
    return clean(". ".join(parts))
