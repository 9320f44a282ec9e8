"""Writing, with a warning: what of a journey a Mermaid diagram cannot hold.

What is lost is found by reading the diagram back and comparing the two
journeys as file data, so the warning names exactly what does not come back:
transitions, pain points, channels, metrics, ids that differ from the names,
an owner who is also a persona... counted by kind, in the order of the file.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any, Final

from journeykit.errors import JourneyWarning
from journeykit.formats.files import to_data
from journeykit.formats.mermaid._read import loads
from journeykit.formats.mermaid._write import Actors, diagram
from journeykit.model import Journey

__all__ = ["dropped", "dumps"]

# The lists of parts that are compared item by item, and what one item is called.
_PARTS: Final = {"persona": "persona", "personas": "persona", "stages": "stage",
                 "touchpoints": "touchpoint"}  # fmt: skip
# How each kind of dropped value is named (plural, singular), by part and key;
# any other is named by its key.
_NAMES: Final = {
    ("", "transitions"): ("transitions", "transition"),
    ("", "goal"): ("goals", "goal"),
    ("", "lang"): ("languages", "language"),
    ("", "metadata"): ("metadata values", "metadata value"),
    ("touchpoint", "channel"): ("channels", "channel"),
    ("touchpoint", "pain_points"): ("pain points", "pain point"),
    ("touchpoint", "metrics"): ("metrics", "metric"),
    ("touchpoint", "emotions"): ("per-persona emotions", "per-persona emotion"),
    ("touchpoint", "evidence"): ("pieces of evidence", "piece of evidence"),
    ("touchpoint", "visibility"): ("visibilities", "visibility"),
    ("touchpoint", "controlled"): ("'controlled' flags", "'controlled' flag"),
    ("touchpoint", "moment_of_truth"): ("moment-of-truth flags", "moment-of-truth flag"),
    ("touchpoint", "owner"): ("owners", "owner"),
    ("touchpoint", "id"): ("touchpoint ids", "touchpoint id"),
    ("touchpoint", "description"): ("touchpoint descriptions", "touchpoint description"),
}


def _name(part: str, key: str, count: int) -> str:
    plural, singular = _NAMES.get((part, key), ("", ""))
    if not plural:
        words = key.replace("_", " ")
        owner = f"{part} " if part and part != "touchpoint" else ""
        plural = singular = f"{owner}{words}"
        if plural.endswith("ies"):
            singular = plural[:-3] + "y"
        elif plural.endswith("s"):
            singular = plural[:-1]
        else:
            plural += "s"
    return f"{count} {singular if count == 1 else plural}"


def _size(value: Any) -> int:
    """How many things a value holds: the items of a list or mapping (nested ones counted)."""
    if isinstance(value, dict):
        return sum(_size(item) for item in value.values()) or 1
    if isinstance(value, list):
        return len(value)
    return 1


def _missing(old: Any, new: Any) -> int:
    """How many of the things in ``old`` are not the same in ``new``."""
    if isinstance(old, dict) and isinstance(new, dict):
        return sum(_size(v) if k not in new else _missing(v, new[k]) for k, v in old.items())
    if isinstance(old, list) and isinstance(new, list):
        left = list(new)
        count = 0
        for item in old:
            if item in left:
                left.remove(item)
            else:
                count += 1
        return count
    return 0 if old == new else _size(old)


def _compare(
    old: dict[str, Any], new: dict[str, Any], part: str, lost: Counter[tuple[str, str]]
) -> None:
    for key, value in old.items():
        other = new.get(key)
        if value == other:
            continue
        item = _PARTS.get(key)
        if item is not None:
            olds = value if isinstance(value, list) else [value]
            news = other if isinstance(other, list) else [other]
            for index, entry in enumerate(olds):
                again = news[index] if index < len(news) else {}
                _compare(entry, again if isinstance(again, dict) else {}, item, lost)
        elif (count := _missing(value, other)) > 0:
            lost[part, key] += count


def dropped(journey: Journey, text: str) -> str | None:
    """Say what of ``journey`` the diagram ``text`` does not hold, or None when it holds all.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Pays", channel="web", pain_points=["slow", "dear"]),
    ... ])])
    >>> print(dropped(j, diagram(j)))
    Mermaid cannot hold 1 channel, 2 pain points: they are not written; 1 touchpoint without
    an emotion is written as neutral (3)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JourneyWarning)  # scores kept as written, read leniently
        back = loads(text, strict=False)
    lost: Counter[tuple[str, str]] = Counter()
    _compare(to_data(journey), to_data(back), "", lost)
    parts = [_name(part, key, count) for (part, key), count in lost.items()]
    pairs = zip(journey.touchpoints, back.touchpoints, strict=True)
    blank = sum(t.emotion is None and not t.emotions and b.emotion is not None for t, b in pairs)
    pronoun = "it is" if sum(lost.values()) == 1 else "they are"
    said = [f"Mermaid cannot hold {', '.join(parts)}: {pronoun} not written"] if parts else []
    if blank:
        plural = "s without an emotion are" if blank != 1 else " without an emotion is"
        said.append(f"{blank} touchpoint{plural} written as neutral (3)")
    return "; ".join(said) or None


def dumps(
    journey: Journey,
    *,
    actors: Actors = "all",
    clean: Callable[[str], str] | None = None,
    warn: bool = True,
) -> str:
    """Write a journey as a Mermaid ``journey`` diagram, warning of what it cannot hold.

    Parameters
    ----------
    journey:
        The journey to write.
    actors:
        Who each task lists as its actors: ``all`` (the personas, then the
        owner; the default), ``personas``, ``owners`` or ``none``.
    clean:
        What every text goes through before it is coded; by default nothing,
        so that the diagram reads back as it was. The Mermaid renderer passes
        the text-cleaning rule every renderer keeps.
    warn:
        Whether to warn, with one :class:`~journeykit.errors.JourneyWarning`, when
        the diagram leaves part of the journey out (see :func:`dropped`). The
        Mermaid renderer passes False: a drawing is a view of the map, not a
        copy of it.

    Returns
    -------
    str
        The diagram, ending with a new line; the same journey always gives
        the same text.

    Raises
    ------
    ValidationError
        For an ``actors`` value that is not one of :data:`ACTORS`.

    Examples
    --------
    >>> import journeykit as jk, warnings
    >>> j = jk.Journey(title="Tea", stages=[jk.Stage(name="Morning", touchpoints=[
    ...     jk.Touchpoint(name="Make tea", emotion=2, owner="Me", channel="app"),
    ... ])])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     text = dumps(j)
    >>> print(text.splitlines()[-1])
        Make tea: 5: Me
    >>> print(caught[0].message)
    Mermaid cannot hold 1 channel: it is not written
    """
    text = diagram(journey, actors=actors, clean=clean)
    if warn and (message := dropped(journey, text)):
        warnings.warn(message, JourneyWarning, stacklevel=2)
    return text
