"""Writing a journey as a Mermaid ``journey`` diagram, coding what Mermaid would misread.

See :mod:`journeykit.formats.mermaid` for the mapping and for which
characters are coded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, Final, Literal, cast

from journeykit import validators, vocab
from journeykit.formats.mermaid._syntax import JS_SPACE_CHARS, PERSONAS_HINT, S
from journeykit.model import Journey, Touchpoint

__all__ = ["ACTORS", "Actors", "check_actors", "dumps"]

#: Which actors a Mermaid export lists on each task.
Actors = Literal["all", "personas", "owners", "none"]
#: Who is listed as a task's actors: personas and owner, one of them, or nobody.
ACTORS: Final[tuple[Actors, ...]] = ("all", "personas", "owners", "none")
_INDENT: Final = "  "

# A task name Mermaid's lexer would take for a keyword ("accDescr" is one as soon
# as the ": score" follows it). Python's IGNORECASE also folds a few non-ASCII
# letters (U+017F, U+212A) that JavaScript's does not: escaping those is harmless.
_KEYWORD_START = re.compile(
    rf"journey(?![A-Za-z0-9_])|title{S}|section{S}|acc(?:title|descr)",
    re.IGNORECASE,
)


def _must_escape(char: str, always: str) -> bool:
    return char in always or unicodedata.category(char) in ("Cc", "Zl", "Zp")


def _escape(text: str, always: str) -> str:
    """Write ``text`` so Mermaid shows it as it is, with entity codes where needed.

    ``always`` lists the characters that must be coded in this place (``:``
    in a task name, ``,`` in an actor...). ``%`` is coded where it could
    start a comment or directive: first, or next to another ``%``.
    """
    if not _PLAIN_HEAVY.search(text) and _plain_ends(text) and not _ALWAYS[always].search(text):
        return text  # the common case: nothing to code
    start = 0
    end = len(text)
    while start < end and (text[start] in JS_SPACE_CHARS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in JS_SPACE_CHARS or text[end - 1].isspace()):
        end -= 1
    out: list[str] = []
    for index, char in enumerate(text):
        if index < start or index >= end or _must_escape(char, always):
            out.append(f"#{ord(char)};")
        elif char == "%" and (index == 0 or "%" in (text[index - 1], text[index + 1 : index + 2])):
            out.append("#37;")
        else:
            out.append(char)
    return "".join(out)


# Characters every text needs coded: the comment and statement breakers, the
# markup characters Mermaid would sanitise or turn into line breaks (<br>), and
# the first letters of Mermaid's own entity markers (see _lex.shown).
# ":" is coded everywhere, not only where it ends a name: a raw ":#" on a line
# with "style" in it makes Mermaid drop the line's last ";" (encodeEntities).
_TEXT = "#;:&<>\ufb02\u00b6"
_ACTOR = _TEXT + ","
# What _escape may code anywhere: control characters (Cc), line and paragraph separators
# (Zl, Zp) and "%"; a text with none of them, nor one of its ``always`` characters, nor
# white space at its ends, is written as it is.
_PLAIN_HEAVY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029%]")
_ALWAYS = {chars: re.compile(f"[{re.escape(chars)}]") for chars in (_TEXT, _ACTOR)}


def _plain_ends(text: str) -> bool:
    """Whether ``text`` neither starts nor ends with white space (Mermaid's or Python's)."""
    if not text:
        return True
    first, last = text[0], text[-1]
    return not (
        first in JS_SPACE_CHARS or first.isspace() or last in JS_SPACE_CHARS or last.isspace()
    )


def _task_name(name: str) -> str:
    text = _escape(name, _TEXT)
    if _KEYWORD_START.match(text):
        text = f"#{ord(text[0])};{text[1:]}"
    return text


def _score(touchpoint: Touchpoint) -> int:
    if touchpoint.emotion is not None:
        return vocab.to_mermaid_score(touchpoint.emotion)
    if touchpoint.emotions:
        values = [touchpoint.emotions[key] for key in sorted(touchpoint.emotions)]
        return vocab.to_mermaid_score(sum(values) / len(values))
    return 3


def _actors(journey: Journey, touchpoint: Touchpoint, actors: Actors) -> list[str]:
    names: list[str] = []
    if actors in ("all", "personas"):
        names += [
            p.name
            for p in journey.personas
            if not touchpoint.emotions or p.id in touchpoint.emotions
        ]
    if actors in ("all", "owners") and touchpoint.owner.strip() and touchpoint.owner not in names:
        names.append(touchpoint.owner)
    return names


def check_actors(value: object) -> Actors:
    """Return ``value`` if it is one of :data:`ACTORS`, else raise :class:`ValidationError`.

    Examples
    --------
    >>> check_actors("owners")
    'owners'
    >>> check_actors("staff")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: actors: must be one of all, personas, ..., got 'staff'
    """
    return cast(Actors, validators.check("actors", value, validators.one_of(ACTORS)))


def _as_written(text: str) -> str:
    return text


def dumps(
    journey: Journey, *, actors: Actors = "all", clean: Callable[[str], str] | None = None
) -> str:
    """Write a journey as a Mermaid ``journey`` diagram.

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
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Tea", stages=[
    ...     jk.Stage(name="Morning", touchpoints=[
    ...         jk.Touchpoint(name="Make tea", emotion=2, owner="Me"),
    ...         jk.Touchpoint(name="Section two, at 9:00 # late"),
    ...     ]),
    ... ])
    >>> print(dumps(j), end="")
    journey
      title Tea
      %% journeykit personas:
      section Morning
        Make tea: 5: Me
        #83;ection two, at 9#58;00 #35; late: 3
    >>> print(dumps(j, actors="none").splitlines()[3])
        Make tea: 5
    """
    actors = check_actors(actors)
    prepare = clean or _as_written

    def code(text: str, always: str = _TEXT) -> str:
        return _escape(prepare(text), always)

    lines = ["journey", f"{_INDENT}title {code(journey.title)}"]
    if journey.description:
        lines.append(f"{_INDENT}accDescr: {code(journey.description)}")
    acc_title = _mermaid_metadata(journey).get("accTitle")
    if isinstance(acc_title, str) and acc_title.strip():
        lines.append(f"{_INDENT}accTitle: {code(acc_title)}")
    body: list[str] = []
    anyone = False
    for stage in journey.stages:
        body.append(f"{_INDENT}section {code(stage.name)}")
        for touchpoint in stage.touchpoints:
            task = f"{_INDENT * 2}{_task_name(prepare(touchpoint.name))}: {_score(touchpoint)}"
            listed = _actors(journey, touchpoint, actors)
            if listed:
                anyone = True
                task += ": " + ", ".join(code(name, _ACTOR) for name in listed)
            body.append(task)
    if journey.personas or anyone:
        # Without it, a reader could not tell an owner from a persona.
        names = "".join(f" {code(p.name, _ACTOR)}," for p in journey.personas)
        lines.append(f"{_INDENT}%% {PERSONAS_HINT}{names.rstrip(',')}")
    return "\n".join(lines + body) + "\n"


def _mermaid_metadata(journey: Journey) -> dict[str, Any]:
    found = journey.metadata.get("mermaid")
    return cast(dict[str, Any], found) if isinstance(found, dict) else {}
