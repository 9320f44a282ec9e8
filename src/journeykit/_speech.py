"""The language the command line speaks: ``--lang``, else the journey's, else English.

The command's own words (the ``analyze`` report, the ``lint`` summary, its
hints and errors) come from the message catalogue (:mod:`journeykit.i18n`)
in one language per run. :func:`asked` takes the ``--lang`` of the command
line; :func:`reading` a journey's language, once the journey is loaded,
unless ``--lang`` said otherwise. A message said before either (a usage
error, a file that cannot be read) is in English, or in ``--lang``.

Library errors (a :class:`~journeykit.errors.ValidationError`'s
``path: rule`` text) stay in English: they name fields and rules of the file
format, which are English words, and are what people search for.

Examples
--------
>>> with asked(None):
...     say("cli.analyze.exits")
...     reading("es")
...     say("cli.analyze.exits"), plural("cli.lint.error", 2)
'Exits'
'es'
('Salidas', '2 errores')
>>> with asked("en"):
...     reading("es")
'en'
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from journeykit import i18n

__all__ = ["asked", "plural", "reading", "say", "spoken"]

# (the --lang asked for, the language spoken now)
_NOW: contextvars.ContextVar[tuple[str | None, str]] = contextvars.ContextVar(
    "journeykit_cli_lang", default=(None, "en")
)


@contextlib.contextmanager
def asked(lang: str | None) -> Iterator[None]:
    """Speak ``lang`` (``--lang``, checked: a language of the catalogue) while the command runs."""
    spoken_now = i18n.language(lang)
    token = _NOW.set((lang, spoken_now))
    try:
        yield
    finally:
        _NOW.reset(token)


def reading(lang: str) -> str:
    """A journey in ``lang`` is loaded: speak it, unless ``--lang`` was given; return the choice."""
    wanted, _ = _NOW.get()
    chosen = i18n.language(wanted, lang)
    _NOW.set((wanted, chosen))
    return chosen


def spoken() -> str:
    """The language spoken now."""
    return _NOW.get()[1]


def say(key: str, /, **values: object) -> str:
    """The catalogue's message ``key`` in the language spoken now (see :func:`i18n.message`)."""
    return i18n.message(key, spoken(), **values)


def plural(key: str, count: int, /, **values: object) -> str:
    """The catalogue's plural ``key`` for ``count`` in the language spoken now."""
    return i18n.plural(key, count, spoken(), **values)
