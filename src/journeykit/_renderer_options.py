"""What a renderer's options are: name, type, default and help, read from the class itself.

``journeykit renderers`` prints them and the docs' renderers table shows them,
both from here, so neither can drift from the code. The type is the
annotation of the ``Options`` attrs class (a ``Literal`` shown as its
choices, ``dot|svg``); the help is the first sentence of the option's entry
in the ``Attributes`` (or ``Parameters``, ``Options``) section of the
``Options`` docstring, else of the renderer's own docstring.

Examples
--------
>>> from journeykit import renderers
>>> [str(option) for option in options_of(renderers.get("mermaid"))]  # doctest: +ELLIPSIS
["actors: all|personas|owners|none = 'all' (Who each task lists as its actors: ...)"]
"""

from __future__ import annotations

import inspect
import re
import sys
import typing
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["Option", "options_of"]

_SECTION = re.compile(
    r"^(Attributes|Parameters|Options)\n-+\n(.*?)(?:\n\n[A-Z][\w ]*\n-+\n|\Z)", re.M | re.S
)
_ENTRY = re.compile(r"^(\w[\w, ]*):[ \t]*\n((?:[ \t]+.*\n?)+)", re.M)
_LITERAL = re.compile(r"``([^`]+)``|:\w+:`~?([^`]+)`")
_SHORT = 40  # the longest default shown whole
_BRIEF = 64  # the longest help shown whole on one line of the command's output


@attrs.frozen
class Option:
    """One option of a renderer, as people read it.

    Examples
    --------
    >>> print(Option("wrap", "int", 22, "Wrap node text at this many characters a line."))
    wrap: int = 22 (Wrap node text at this many characters a line.)
    """

    name: str
    type: str
    default: Any
    help: str = ""

    @property
    def default_text(self) -> str:
        """The default, short: a theme by its name, a long value cut with "…".

        Examples
        --------
        >>> Option("x", "str", "a" * 50).default_text
        "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…"
        """
        name = getattr(self.default, "name", None)
        named = isinstance(name, str) and not isinstance(self.default, str)
        text = repr(name) if named else repr(self.default)
        return text if len(text) <= _SHORT else text[: _SHORT - 2] + "…"

    @property
    def brief(self) -> str:
        """The help cut to fit a line, at a word, with "…".

        Examples
        --------
        >>> Option("x", "int", 1, "How many moments that matter to list (0 hides it).").brief
        'How many moments that matter to list (0 hides it).'
        >>> len(Option("x", "int", 1, "word " * 40).brief) <= 64
        True
        """
        if len(self.help) <= _BRIEF:
            return self.help
        return self.help[: _BRIEF - 1].rsplit(" ", 1)[0].rstrip(",;:(") + "…"

    def __str__(self) -> str:
        helped = f" ({self.brief})" if self.help else ""
        return f"{self.name}: {self.type} = {self.default_text}{helped}"


def options_of(cls: type[Any]) -> list[Option]:
    """The options of renderer class ``cls``, in their order.

    Examples
    --------
    >>> from journeykit import renderers
    >>> [o.name for o in options_of(renderers.get("markdown"))]
    ['lanes', 'lang', 'moments', 'trends']
    """
    helps = dict(_entries(cls.Options.__doc__))
    for name, text in _entries(cls.__doc__):
        helps.setdefault(name, text)
    found = []
    for field in attrs.fields(cls.Options):
        default: Any = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        kind = _type(cls.Options, field.type)
        found.append(Option(field.name, kind, default, helps.get(field.name, "")))
    return found


def _type(owner: type, annotation: object) -> str:
    """The annotation as people read it: a Literal as its choices, else as written."""
    value = annotation
    if isinstance(annotation, str):
        space = vars(sys.modules.get(owner.__module__, typing))
        try:
            value = eval(annotation, dict(space))
        except Exception:  # a name imported for type checking only
            return annotation
    if typing.get_origin(value) is typing.Literal:
        return "|".join(str(choice) for choice in typing.get_args(value))
    return annotation if isinstance(annotation, str) else getattr(value, "__name__", str(value))


def _entries(doc: str | None) -> Iterator[tuple[str, str]]:
    """(option, first sentence of its help) for each entry of a docstring's options section."""
    found = _SECTION.search(inspect.cleandoc(doc or ""))
    if found is None:
        return
    for match in _ENTRY.finditer(found.group(2) + "\n"):
        text = " ".join(match.group(2).split())
        text = _LITERAL.sub(lambda m: m.group(1) or m.group(2).rsplit(".", 1)[-1], text)
        first = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
        for name in match.group(1).split(","):
            yield name.strip(), first
