"""The renderer options of the command line: ``-O KEY=VALUE`` and the two sliders.

``journeykit render`` and ``journeykit serve`` take them alike: :func:`add_arguments`
adds them to a command, :func:`options` reads them for a renderer class.

Examples
--------
>>> import argparse
>>> from journeykit import renderers
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> args = parser.parse_args(["-O", "lang=es", "-O", "compact=true", "--touchpoints", "80%"])
>>> chosen, prepare = options(renderers.get("grid"), args)
>>> sorted(chosen.items())
[('compact', True), ('lang', 'es'), ('touchpoints', 0.8)]
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from journeykit._sliders import simplifying
from journeykit.errors import JourneyError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["add_arguments", "option_names", "options", "parse"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``-O KEY=VALUE`` (repeatable) and ``--touchpoints``/``--transitions`` to ``parser``."""
    parser.add_argument(
        "-O",
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a renderer option, e.g. -O lang=es -O lanes=actions,emotions (repeatable)",
    )
    simplifying(parser, "draw")


def _value(text: str) -> Any:
    """Read an option value: true/false, a whole or decimal number, else the text itself."""
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse(pairs: Sequence[str]) -> dict[str, Any]:
    """Read ``-O`` values: ``KEY=VALUE`` pairs, each value as :func:`_value` reads it.

    Examples
    --------
    >>> parse(["lang=es", "width=1200", "scale=1.5", "compact=false"])
    {'lang': 'es', 'width': 1200, 'scale': 1.5, 'compact': False}
    >>> parse(["lang"])
    Traceback (most recent call last):
    ...
    journeykit.errors.JourneyError: an option is KEY=VALUE, got 'lang'
    """
    found: dict[str, Any] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise JourneyError(f"an option is KEY=VALUE, got {pair!r}")
        found[key.strip()] = _value(value)
    return found


def option_names(cls: type[Any]) -> list[str]:
    """The names of a renderer class's options, in their order.

    Examples
    --------
    >>> from journeykit import renderers
    >>> option_names(renderers.get("mermaid"))
    ['actors']
    """
    import attrs

    return [field.name for field in attrs.fields(cls.Options)]


def _unchanged(journey: Journey) -> Journey:
    return journey


def options(
    cls: type[Any], args: argparse.Namespace, given: dict[str, Any] | None = None
) -> tuple[dict[str, Any], Callable[[Journey], Journey]]:
    """The options for renderer ``cls`` and what to do to a journey before it is drawn.

    ``given`` (options the command worked out itself) comes first, then ``-O``.
    The sliders go to a renderer that simplifies by itself (and says so in
    the drawing); for any other, the journey is simplified before it is drawn.
    """
    chosen = {**(given or {}), **parse(args.option)}
    asked = {k: v for k in ("touchpoints", "transitions") if (v := getattr(args, k)) is not None}
    if asked and "touchpoints" in option_names(cls):
        return {**chosen, **asked}, _unchanged
    if asked:
        from journeykit.analysis import simplify

        return chosen, functools.partial(simplify, **asked)
    return chosen, _unchanged
