"""The shared vocabulary of journey maps: channels, stage templates, emotions, metrics.

Everything here is plain data plus small lookups. The names people read
(channel names, stage names of the templates, emotion labels) are the message
catalogue's (:mod:`journeykit.i18n`: ``channel.<id>``, ``stage.<template>.<id>``,
``emotion.*``, ``valence.*``), in every language it has.

The emotion scale
-----------------
An emotion is a number from -2 (very negative) to +2 (very positive), 0 being
neutral. Its *valence*, the three colours of the simplest maps (red, grey,
green), uses these thresholds:

========================  ===========
score                     valence
========================  ===========
``score <= -0.5``         negative
``-0.5 < score < 0.5``    neutral
``score >= 0.5``          positive
========================  ===========

Mermaid's ``journey`` diagrams score tasks 1..5; ``mermaid = score + 3``.

Examples
--------
>>> from journeykit import vocab
>>> vocab.valence(-1)
'negative'
>>> vocab.emotion_label(2, lang="es")
'muy positiva'
>>> [name for _, name in vocab.stage_template("hubspot", lang="es")]
['Reconocimiento', 'Consideración', 'Compra', 'Uso', 'Valoración']
>>> vocab.channel("boca-a-boca").id
'word-of-mouth'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

import attrs

from journeykit import i18n
from journeykit.errors import NotFoundError
from journeykit.validators import Range

__all__ = [
    "CHANNELS",
    "EMOTION_MAX",
    "EMOTION_MIN",
    "LANGUAGES",
    "METRICS",
    "STAGE_TEMPLATES",
    "Channel",
    "Lang",
    "MetricInfo",
    "Valence",
    "channel",
    "channel_name",
    "emotion_label",
    "from_mermaid_score",
    "stage_template",
    "to_mermaid_score",
    "valence",
]

#: A language code journeykit has labels for (the catalogue's, :data:`journeykit.i18n.Lang`).
Lang = i18n.Lang
#: How an emotion reads: negative, neutral or positive.
Valence = Literal["negative", "neutral", "positive"]

#: The languages journeykit speaks in labels and lane titles (the catalogue's).
LANGUAGES: tuple[Lang, ...] = i18n.LANGUAGES

#: The lowest emotion score (very negative).
EMOTION_MIN = -2
#: The highest emotion score (very positive).
EMOTION_MAX = 2
_VALENCE_THRESHOLD = 0.5


# ---------------------------------------------------------------------------
# Channels


@attrs.frozen
class Channel:
    """A standard channel: an id used in files, and its names in each language (the catalogue's).

    Examples
    --------
    >>> c = channel("email")
    >>> c.names["es"], c.online, c.controlled
    ('Correo electrónico', True, True)
    """

    id: str
    names: Mapping[str, str]
    online: bool
    controlled: bool
    aliases: tuple[str, ...] = ()


def _c(
    id: str,
    *,
    online: bool = True,
    controlled: bool = True,
    aliases: tuple[str, ...] = (),
) -> Channel:
    """A channel from its id, named as the catalogue's ``channel.<id>`` says."""
    names: dict[str, str] = {lang: i18n.message(f"channel.{id}", lang) for lang in LANGUAGES}
    return Channel(id, names, online, controlled, aliases)


#: The standard channels named by the seed material, by id. A touchpoint may use
#: any other channel name too; these ones get names in both languages and icons.
CHANNELS: Mapping[str, Channel] = {
    c.id: c
    for c in (
        _c("web", aliases=("website", "sitio-web", "portal")),
        _c("landing-page", aliases=("landing",)),
        _c("search", aliases=("seo", "sem", "google")),
        _c("ads", aliases=("ad", "advertising", "publicidad")),
        _c("social", aliases=("social-media", "redes-sociales")),
        _c(
            "email",
            aliases=("e-mail", "correo", "correo-electronico"),
        ),
        _c("newsletter"),
        _c("blog"),
        _c(
            "review-sites",
            controlled=False,
            aliases=("reviews", "resenas", "opiniones"),
        ),
        _c(
            "word-of-mouth",
            online=False,
            controlled=False,
            aliases=("boca-a-boca", "boca-en-boca", "referral"),
        ),
        _c("chat", aliases=("chatbot", "live-chat")),
        _c("app", aliases=("mobile-app", "aplicacion")),
        _c("sms", aliases=("whatsapp", "messaging")),
        _c(
            "phone",
            online=False,
            aliases=("call", "call-center", "telefono"),
        ),
        _c(
            "in-person",
            online=False,
            aliases=("store", "tienda", "face-to-face", "en-persona", "dealership"),
        ),
        _c("event", online=False, aliases=("evento", "fair", "feria")),
        _c("radio", online=False),
        _c("tv", online=False, aliases=("television", "televisión")),
        _c("print", online=False, aliases=("press", "impresos")),
        _c("mail", online=False, aliases=("post", "postal")),
        _c("delivery", online=False, aliases=("shipping", "envio")),
        _c("product", aliases=("usage", "uso")),
        _c("backoffice", aliases=("internal", "interno")),
    )
}

_CHANNEL_LOOKUP: dict[str, Channel] = {}
for _channel in CHANNELS.values():
    for _key in (_channel.id, *_channel.aliases):
        _CHANNEL_LOOKUP[_key] = _channel


def channel(name: str) -> Channel:
    """Return the standard channel called ``name`` (an id or an alias, any case).

    Raises
    ------
    NotFoundError
        When the name is no standard channel; the message lists the ids.

    Examples
    --------
    >>> channel("Redes-Sociales").id
    'social'
    >>> channel("carrier pigeon")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no channel 'carrier pigeon'; known: 'web', ...
    """
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    try:
        return _CHANNEL_LOOKUP[key]
    except KeyError:
        raise NotFoundError("channel", name, CHANNELS) from None


def channel_name(name: str, lang: str = "en") -> str:
    """Return the display name of a channel, or ``name`` itself when it is not standard.

    Examples
    --------
    >>> channel_name("word-of-mouth", lang="es")
    'Boca a boca'
    >>> channel_name("carrier pigeon")
    'carrier pigeon'
    """
    try:
        found = channel(name).id
    except NotFoundError:
        i18n.catalogue(lang)  # a wrong language is wrong for any channel
        return name
    return i18n.message(f"channel.{found}", lang)


# ---------------------------------------------------------------------------
# Stage templates

#: Stage sets seen in the seed material, by template name: the ids of their stages,
#: named by the catalogue's ``stage.<template>.<id>``. ``classic`` is the five-stage
#: funnel most articles use.
STAGE_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "classic": ("awareness", "consideration", "purchase", "retention", "advocacy"),
    "hubspot": ("awareness", "consideration", "purchase", "use", "evaluation"),
    "questionpro": ("awareness", "consideration", "decision", "action", "loyalty"),
    "asana": ("awareness", "comparison", "retention"),
    "lifecycle": (
        "discovery",
        "consideration",
        "decision",
        "purchase",
        "experience",
        "loyalty",
        "advocacy",
    ),
}


def stage_template(name: str = "classic", *, lang: str = "en") -> tuple[tuple[str, str], ...]:
    """Return the stages of a named template as ``(id, name)`` pairs, named in ``lang``.

    :meth:`journeykit.model.Stage.from_template` makes them into empty stages,
    ready to fill with touchpoints.

    Examples
    --------
    >>> stage_template("asana", lang="es")
    (('awareness', 'Reconocimiento'), ('comparison', 'Comparación'),
     ('retention', 'Retención y promoción'))
    >>> stage_template("nope")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no stage template 'nope'; known: 'classic', ...
    """
    try:
        ids = STAGE_TEMPLATES[name]
    except KeyError:
        raise NotFoundError("stage template", name, STAGE_TEMPLATES) from None
    return tuple((id, i18n.message(f"stage.{name}.{id}", lang)) for id in ids)


# ---------------------------------------------------------------------------
# Emotions

# The five points of the scale, -2 to +2, as the catalogue's ``emotion.<point>`` names them.
_POINTS = ("very_negative", "negative", "neutral", "positive", "very_positive")


def valence(score: float) -> Valence:
    """Return the valence of an emotion score: ``negative``, ``neutral`` or ``positive``.

    Examples
    --------
    >>> [valence(s) for s in (-2, -0.5, -0.4, 0.49, 0.5)]
    ['negative', 'negative', 'neutral', 'neutral', 'positive']
    """
    if score <= -_VALENCE_THRESHOLD:
        return "negative"
    if score >= _VALENCE_THRESHOLD:
        return "positive"
    return "neutral"


def valence_name(value: Valence, lang: str = "en") -> str:
    """Return the word for a valence in ``lang``.

    Examples
    --------
    >>> valence_name("positive", lang="es")
    'positiva'
    """
    return i18n.message(f"valence.{value}", lang)


def emotion_label(score: float, *, lang: str = "en") -> str:
    """Return the five-point label of an emotion score (rounded to the nearest point).

    Examples
    --------
    >>> emotion_label(-1.6), emotion_label(0.2), emotion_label(1, lang="es")
    ('very negative', 'neutral', 'positiva')
    """
    point = max(EMOTION_MIN, min(EMOTION_MAX, math.floor(score + 0.5)))
    return i18n.message(f"emotion.{_POINTS[point - EMOTION_MIN]}", lang)


_MERMAID_SCORE = Range(1, 5, whole=True)


def from_mermaid_score(score: int) -> int:
    """Convert a Mermaid ``journey`` task score (1..5) to an emotion (-2..2).

    Examples
    --------
    >>> from_mermaid_score(5), from_mermaid_score(1)
    (2, -2)
    >>> from_mermaid_score(9)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: score: must be a whole number from 1 to 5, got 9
    """
    _MERMAID_SCORE.check("score", score)
    return score - 3


def to_mermaid_score(emotion: float) -> int:
    """Convert an emotion (-2..2) to Mermaid's 1..5 score, rounding half up.

    Examples
    --------
    >>> to_mermaid_score(-2), to_mermaid_score(0.5), to_mermaid_score(1.4)
    (1, 4, 4)
    """
    point = max(EMOTION_MIN, min(EMOTION_MAX, math.floor(emotion + 0.5)))
    return point + 3


# ---------------------------------------------------------------------------
# Metrics


@attrs.frozen
class MetricInfo:
    """What a standard metric means and the range its values must lie in.

    Examples
    --------
    >>> METRICS["nps"].low, METRICS["nps"].high
    (-100.0, 100.0)
    """

    name: str
    description: str
    low: float | None = None
    high: float | None = None


#: Metrics with an agreed meaning. Touchpoints may carry any other metric name
#: too (any finite number); these ones are checked against their range and
#: used by the analysis helpers (``importance`` and ``traffic`` weigh moments
#: that matter; ``traffic``, ``entries``, ``exits`` and ``conversion`` feed the
#: funnel). :mod:`journeykit.mining` writes the counts.
METRICS: Mapping[str, MetricInfo] = {
    m.name: m
    for m in (
        MetricInfo("nps", "Net Promoter Score, -100 to 100", -100.0, 100.0),
        MetricInfo("csat", "customer satisfaction, mean on a 1 to 5 scale", 1.0, 5.0),
        MetricInfo(
            "ces", "customer effort score, mean on a 1 to 7 scale (7: effortless)", 1.0, 7.0
        ),
        MetricInfo(
            "importance", "how much the touchpoint matters to the customer, 1 to 5", 1.0, 5.0
        ),
        MetricInfo("conversion", "share of customers who move on from here, 0 to 1", 0.0, 1.0),
        MetricInfo("drop_off", "share of customers who leave the journey here, 0 to 1", 0.0, 1.0),
        MetricInfo("bounce_rate", "share of visits that leave at once, 0 to 1", 0.0, 1.0),
        MetricInfo(
            "expectation",
            "how the touchpoint met expectations: -1 misses, 0 meets, 1 exceeds",
            -1.0,
            1.0,
        ),
        MetricInfo("traffic", "customers who reach the touchpoint (a count)", 0.0, None),
        MetricInfo("entries", "journeys that started at the touchpoint (a count)", 0.0, None),
        MetricInfo("exits", "journeys that ended at the touchpoint (a count)", 0.0, None),
        MetricInfo("visits", "visits to the touchpoint, returns included (a count)", 0.0, None),
        MetricInfo("folded", "moves out of here too rare to map, folded away (a count)", 0.0, None),
        MetricInfo("time_spent", "time spent at the touchpoint, in seconds", 0.0, None),
    )
}
