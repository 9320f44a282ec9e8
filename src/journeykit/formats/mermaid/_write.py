"""Writing a journey as a Mermaid ``journey`` diagram, coding what Mermaid would misread.

See :mod:`journeykit.formats.mermaid` for the mapping and for which
characters are coded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import Any, Final, Literal, cast

from journeykit import validators
from journeykit.formats.mermaid._syntax import JS_SPACE_CHARS, PERSONAS_HINT, S
from journeykit.model import Journey, Persona, Touchpoint

__all__ = [
    "ACTORS",
    "SAFE_SCORE",
    "Actors",
    "check_actors",
    "diagram",
    "listed_actors",
    "mermaid_metadata",
]

#: Which actors a Mermaid export lists on each task.
Actors = Literal["all", "personas", "owners", "none"]
#: Who is listed as a task's actors: personas and owner, one of them, or nobody.
ACTORS: Final[tuple[Actors, ...]] = ("all", "personas", "owners", "none")
_INDENT: Final = "  "
#: A score kept as written (``metadata["mermaid"]["scores"]``) that is safe to write back.
SAFE_SCORE: Final = re.compile(r"[A-Za-z0-9.+-]*")

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


def _score(touchpoint: Touchpoint, kept: Mapping[str, object]) -> str:
    """``emotion + 3`` written exactly (``0.1`` gives ``3.1``), as Mermaid reads decimals too.

    A touchpoint with no emotion takes the score ``kept`` for it (one that
    journeykit's scale could not hold, read leniently), else neutral.
    """
    emotion = touchpoint.emotion
    score = kept.get(touchpoint.id)
    kept_score = isinstance(score, str) and SAFE_SCORE.fullmatch(score)
    if emotion is None and not touchpoint.emotions and kept_score:
        return str(score)
    if emotion is None and touchpoint.emotions:
        values = [touchpoint.emotions[key] for key in sorted(touchpoint.emotions)]
        emotion = sum(values) / len(values)
    if emotion is None:
        return "3"
    if float(emotion).is_integer():
        return str(int(emotion) + 3)
    with localcontext() as context:
        context.prec = 400  # enough for any float from -2 to 2, exactly
        return str(Decimal(repr(float(emotion))) + 3)


def listed_actors(
    personas: Sequence[Persona],
    touchpoint: Touchpoint,
    actors: Actors,
    recorded: Mapping[str, object],
) -> list[str]:
    """The actors a task lists: those ``recorded`` for it while they still fit, else derived.

    Derived, they are the personas it concerns (those with an entry in
    ``emotions``, or all of them) and then its owner. A diagram read by
    :func:`journeykit.formats.mermaid.loads` records the actors of each task
    whose actors those would not be (``metadata["mermaid"]["actors"]``).
    """
    kept = recorded.get(touchpoint.id)
    if isinstance(kept, list) and _fits(kept, personas, touchpoint):
        names = {p.name for p in personas}
        wanted = {"all": (True, False), "personas": (True,), "owners": (False,), "none": ()}
        return [str(a) for a in kept if (a in names) in wanted[actors]]
    listed: list[str] = []
    if actors in ("all", "personas"):
        listed += [
            p.name for p in personas if not touchpoint.emotions or p.id in touchpoint.emotions
        ]
    if actors in ("all", "owners") and touchpoint.owner.strip() and touchpoint.owner not in listed:
        listed.append(touchpoint.owner)
    return listed


def _fits(kept: list[Any], personas: Sequence[Persona], touchpoint: Touchpoint) -> bool:
    """Whether reading ``kept`` as a task's actors gives this touchpoint's personas and owner."""
    ids = {p.name: p.id for p in personas}
    if not all(isinstance(a, str) and a.strip() for a in kept):
        return False
    listed = {ids[a] for a in kept if a in ids}
    others = [a for a in dict.fromkeys(kept) if a not in ids]
    if ", ".join(others) != touchpoint.owner:
        return False
    if touchpoint.emotions:
        return listed == set(touchpoint.emotions)
    return not listed or len(listed) == len(ids) or touchpoint.emotion is None


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


def diagram(
    journey: Journey, *, actors: Actors = "all", clean: Callable[[str], str] | None = None
) -> str:
    """Write a journey as a Mermaid ``journey`` diagram, saying nothing of what it leaves out.

    :func:`journeykit.formats.mermaid.dumps` without its warning: the same
    ``actors`` and ``clean``, the same text, the same errors.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Tea", stages=[
    ...     jk.Stage(name="Morning", touchpoints=[
    ...         jk.Touchpoint(name="Make tea", emotion=2, owner="Me"),
    ...         jk.Touchpoint(name="Section two, at 9:00 # late"),
    ...     ]),
    ... ])
    >>> print(diagram(j), end="")
    journey
      title Tea
      %% journeykit personas:
      section Morning
        Make tea: 5: Me
        #83;ection two, at 9#58;00 #35; late: 3
    >>> print(diagram(j, actors="none").splitlines()[3])
        Make tea: 5
    """
    actors = check_actors(actors)
    prepare = clean or _as_written

    def code(text: str, always: str = _TEXT) -> str:
        return _escape(prepare(text), always)

    lines = ["journey", f"{_INDENT}title {code(journey.title)}"]
    if journey.description:
        lines.append(f"{_INDENT}accDescr: {code(journey.description)}")
    kept = mermaid_metadata(journey)
    acc_title = kept.get("accTitle")
    recorded, scores = (
        found if isinstance(found := kept.get(key), dict) else {} for key in ("actors", "scores")
    )
    if isinstance(acc_title, str) and acc_title.strip():
        lines.append(f"{_INDENT}accTitle: {code(acc_title)}")
    body: list[str] = []
    anyone = False
    for stage in journey.stages:
        body.append(f"{_INDENT}section {code(stage.name)}")
        for touchpoint in stage.touchpoints:
            task = (
                f"{_INDENT * 2}{_task_name(prepare(touchpoint.name))}: {_score(touchpoint, scores)}"
            )
            listed = listed_actors(journey.personas, touchpoint, actors, recorded)
            if listed:
                anyone = True
                task += ": " + ", ".join(code(name, _ACTOR) for name in listed)
            body.append(task)
    if journey.personas or anyone:
        # Without it, a reader could not tell an owner from a persona.
        names = "".join(f" {code(p.name, _ACTOR)}," for p in journey.personas)
        lines.append(f"{_INDENT}%% {PERSONAS_HINT}{names.rstrip(',')}")
    return "\n".join(lines + body) + "\n"


def mermaid_metadata(journey: Journey) -> dict[str, Any]:
    """What a journey keeps of a diagram it was read from: ``metadata["mermaid"]``, or ``{}``."""
    found = journey.metadata.get("mermaid")
    return cast(dict[str, Any], found) if isinstance(found, dict) else {}
