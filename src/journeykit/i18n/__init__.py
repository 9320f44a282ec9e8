r"""The one message catalogue: every word journeykit shows people, in each language it speaks.

How it is kept
--------------
The catalogue speaks English (``en``), Spanish (``es``) and Brazilian
Portuguese (``pt``). A language is a module of this package (``en.py``,
``es.py``, ``pt.py``) holding one ``MESSAGES`` table: a ``dict[str, str]``
from a dotted message key (``"lane.pain_points"``, ``"moment.leave"``,
``"lint.dead-end"``) to a template with ``{named}`` placeholders. Every
language has every key, with the same placeholders (``tests/test_i18n.py``
checks it). A typed table rather than gettext catalogues: the words are
checked by mypy and the tests, need no compile step, and ship as plain Python.

To add a language, copy ``en.py`` to ``<code>.py`` (its ISO 639-1 code),
translate every template, keeping its placeholders and its ``|`` forms, and
add the code to :data:`LANGUAGES` and :data:`Lang`; the catalogue's tests
then check it key by key.

A journey's ``lang`` may carry a region (``pt-BR``, ``es_MX``): when the
whole code is not a language of the catalogue, :func:`language` reads the
part before the ``-`` or ``_``.

The keys are grouped by their first part: ``lane`` (lane titles), ``grid``
(the poster), ``page`` (the web page), ``process`` and ``fit`` (Graphviz and
the drawings' captions), ``markdown``, ``metric``, ``channel``, ``stage``
(stage templates), ``emotion`` and ``valence``, ``table`` (notebook tables),
``moment``, ``lint`` and ``funnel``.

The rule for numbers
--------------------
:func:`message` writes every ``int`` or ``float`` value with
:func:`journeykit.figures.number` in the message's language (``3.200`` in
Spanish); every other value goes in as it is. A share is therefore passed
already written, as :func:`journeykit.figures.percent` writes it (``55 %``),
and so is a signed emotion score (:func:`journeykit.figures.signed`).

A template with two forms, ``"one|many"``, is a plural: :func:`plural`
picks the form for a count (English, Spanish and Portuguese all say "one"
for 1 and "many" for any other number).

Examples
--------
>>> from journeykit.i18n import message, plural
>>> message("lane.pain_points", "es")
'Puntos de dolor'
>>> message("metric.traffic", "es") + " " + message("moment.customers_of", "es", n=3200)
'Tráfico 3.200 clientes'
>>> plural("grid.stages", 1, "en"), plural("grid.stages", 3, "es")
('stage', 'etapas')

Portuguese writes numbers the Brazilian way (Babel's ``pt``), a share
without a space before the sign:

>>> message("metric.traffic", "pt") + " " + message("moment.customers_of", "pt", n=3200)
'Tráfego 3.200 clientes'
>>> message("moment.leave", "pt", share=figures.percent(0.55, "pt"))
'55% dos clientes saem aqui'
"""

from __future__ import annotations

import functools
import importlib
import string
from collections.abc import Mapping
from typing import Literal

from journeykit import figures

__all__ = [
    "LANGUAGES",
    "Lang",
    "catalogue",
    "language",
    "message",
    "placeholders",
    "plural",
    "section",
]

#: A language code the catalogue has every message in.
Lang = Literal["en", "es", "pt"]
#: The languages of the catalogue, each a module of this package.
LANGUAGES: tuple[Lang, ...] = ("en", "es", "pt")


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Return every message of one language, by key.

    Raises
    ------
    ValidationError
        When ``lang`` is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> catalogue("es")["lane.emotions"]
    'Emociones'
    >>> catalogue("fr")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: lang: must be one of en, es, pt, got 'fr'
    """
    if lang not in LANGUAGES:
        from journeykit import validators

        validators.check("lang", lang, validators.one_of(LANGUAGES))
    messages: Mapping[str, str] = importlib.import_module(f"journeykit.i18n.{lang}").MESSAGES
    return messages


def language(lang: str | None, default: str | None = None) -> Lang:
    """Return the language to speak: ``lang`` if given, else ``default`` when known, else English.

    ``lang`` is what a caller asked for (checked: it must be one of
    :data:`LANGUAGES`); ``default`` is usually the journey's own ``lang``,
    which may be any code (a French map reads in English). A code with a
    region the catalogue does not have reads as its language: ``pt-BR`` and
    ``pt_PT`` as ``pt``, ``es-MX`` as ``es``.

    Examples
    --------
    >>> language(None, "es"), language(None, "fr"), language("en", "es"), language(None)
    ('es', 'en', 'en', 'en')
    >>> language(None, "pt-BR"), language("pt_PT"), language(None, "fr-CA")
    ('pt', 'pt', 'en')
    >>> language("fr")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: lang: must be one of en, es, pt, got 'fr'
    """
    for code in (lang, default):
        known = _catalogued(code)
        if known is not None:
            return known
        if code is not None and code is lang:
            catalogue(code)  # says which languages there are
    return "en"


def _catalogued(code: str | None) -> Lang | None:
    """The catalogue's code for ``code``: itself, else its part before ``-`` or ``_``."""
    if code is None:
        return None
    for candidate in (code, code.replace("_", "-").partition("-")[0].lower()):
        if candidate in LANGUAGES:
            return candidate
    return None


def message(key: str, lang: str = "en", /, **values: object) -> str:
    r"""Return the message ``key`` in ``lang``, its ``{placeholders}`` filled with ``values``.

    Numbers (``int`` and ``float``, not ``bool``) are written as the language
    writes them (:func:`journeykit.figures.number`); any other value is put
    in with ``str``. Pass shares already written by
    :func:`journeykit.figures.percent`.

    Parameters
    ----------
    key:
        A dotted key of the catalogue, such as ``"lane.emotions"``.
    lang:
        One of :data:`LANGUAGES`; resolve ``None`` or a journey's language
        with :func:`language` first.
    **values:
        The placeholders of the template.

    Raises
    ------
    ValidationError
        When ``lang`` is not one of :data:`LANGUAGES`.
    NotFoundError
        When the catalogue has no such key.

    Examples
    --------
    >>> message("fit.moves", "es", share="3\xa0%")
    'el 3\xa0% de los movimientos'
    >>> message("grid.more", "es", n=1200)
    '+1.200 más'
    >>> message("lane.gossip")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no message 'lane.gossip'; known: 'lane.stages', ...
    """
    template = _template(key, lang)
    return template.format_map(_written(values, lang)) if values else template


def plural(key: str, count: int, lang: str = "en", /, **values: object) -> str:
    """Return the form of the plural message ``key`` (``"one|many"``) for ``count``.

    ``count`` fills the ``{n}`` placeholder, written as the language writes
    numbers; ``values`` fill the others, as :func:`message` fills them.

    Examples
    --------
    >>> plural("fit.touchpoints", 1, "en"), plural("fit.touchpoints", 4200, "es")
    ('1 rarer touchpoint', '4.200 puntos de contacto menos frecuentes')
    """
    one, many = _template(key, lang).split("|")
    return (one if count == 1 else many).format_map(_written({"n": count, **values}, lang))


@functools.cache
def section(prefix: str, lang: str) -> Mapping[str, str]:
    """Return the templates of one group of keys (``"page"``: ``page.*``), by the rest of the key.

    For code that looks many words up in one place (the web page's toolbar,
    the poster's legend); the templates are the catalogue's own.

    Examples
    --------
    >>> section("page", "es")["search"]
    'Buscar'
    """
    start = prefix + "."
    return {
        key.removeprefix(start): text
        for key, text in catalogue(lang).items()
        if key.startswith(start)
    }


def placeholders(template: str) -> frozenset[str]:
    """Return the names of the placeholders of a template.

    Examples
    --------
    >>> sorted(placeholders("{n} in {s}|{n} in {s}"))
    ['n', 's']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _template(key: str, lang: str) -> str:
    messages = catalogue(lang)
    try:
        return messages[key]
    except KeyError:
        from journeykit.errors import NotFoundError

        raise NotFoundError("message", key, messages) from None


def _written(values: Mapping[str, object], lang: str) -> dict[str, object]:
    return {
        name: figures.number(value, lang)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
        for name, value in values.items()
    }
