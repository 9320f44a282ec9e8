"""Reading, second step: Mermaid's journey grammar over the tokens, and the journey it describes.

See :mod:`journeykit.formats.mermaid` for the choices made where Mermaid's
diagram and the model differ.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal, localcontext
from typing import Any, Final, TypeVar

import attrs

from journeykit.errors import FormatError, JourneyWarning, ValidationError
from journeykit.formats.mermaid._lex import Token, preprocess, shown, tokens
from journeykit.formats.mermaid._syntax import JS_SPACE_TRIM, S, js_number
from journeykit.formats.mermaid._write import SAFE_SCORE, listed_actors
from journeykit.model import MAX_PERSONAS, Journey, Persona, Stage, Touchpoint, slugify

__all__ = ["UNNAMED_STAGE", "loads"]

#: The name of the stage that holds tasks written before any section.
UNNAMED_STAGE: Final = "Tasks"
_UNTITLED: Final = "Untitled journey"
_T = TypeVar("_T")

_LENIENT_HINT: Final = (
    "read with strict=False (the command line's --lenient) to import such scores as no emotion"
)


@attrs.define
class _Task:
    name: str
    line: int
    emotion: float | None
    actors: list[str]
    score: str  # as written


@attrs.define
class _Section:
    name: str
    line: int
    tasks: list[_Task] = attrs.Factory(list)


def _describe(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 40 else text[:37] + "...")


class _Reader:
    """Mermaid's journey grammar over the tokens, collecting what the diagram holds."""

    def __init__(self, source: str | None, hinted: list[str] | None, *, strict: bool) -> None:
        self.source = source
        self.hinted = hinted
        self.strict = strict
        self.bad_scores: list[FormatError] = []
        self.title: str | None = None
        self.acc_title: str | None = None
        self.description = ""
        self.sections: list[_Section] = []

    def fail(self, message: str, line: int) -> FormatError:
        return FormatError(message, source=self.source, line=line)

    def read(self, tokens: Iterator[Token]) -> None:
        for token in tokens:
            if token.kind == "NEWLINE":
                continue
            if token.kind == "journey" and token.text != "journey":
                # Mermaid's detector (/^\s*journey/) minds the case; its lexer does not.
                raise self.fail(
                    f"Mermaid knows a journey only by 'journey' in lower case, got {token.text!r}",
                    token.line,
                )
            if token.kind != "journey":
                raise self.fail(
                    f"a Mermaid journey starts with 'journey', got {_describe(token.text)}",
                    token.line,
                )
            break
        else:
            raise self.fail("a Mermaid journey starts with 'journey'; the text has none", 1)
        pending: Token | None = None
        for token in tokens:
            if pending is not None:
                if token.kind != "task_data":
                    name = _describe(shown(pending.text))
                    raise self.fail(
                        f"the task {name} needs a score from 1 to 5 after ':' "
                        f"(write a ':' in a name as #58;)",
                        pending.line,
                    )
                self.task(pending, token)
                pending = None
            elif token.kind == "task_name":
                pending = token
            else:
                self.statement(token)
        if pending is not None:
            name = _describe(shown(pending.text))
            raise self.fail(f"the task {name} needs a score from 1 to 5 after ':'", pending.line)
        if self.bad_scores:
            raise _all_at_once(self.bad_scores)

    def statement(self, token: Token) -> None:
        kind, text = token.kind, token.text
        if kind == "NEWLINE":
            return
        if kind == "title":
            self.title = shown(text[6:])
        elif kind == "acc_title":
            self.acc_title = shown(text)
        elif kind == "acc_descr":
            trimmed = re.sub(f"\n{S}+", "\n", text.strip(JS_SPACE_TRIM))
            self.description = shown(trimmed)
        elif kind == "section":
            self.sections.append(_Section(shown(text[8:]), token.line))
        elif kind == "task_data":
            raise self.fail(
                f"{_describe(text)} has no task name before it "
                "(a section name cannot hold ':'; write it as #58;)",
                token.line,
            )
        elif kind == "colon":
            raise self.fail("':' must be followed by a score from 1 to 5", token.line)
        elif kind == "journey":
            raise self.fail("'journey' may appear only once, at the start", token.line)
        else:
            raise self.fail(
                f"Mermaid cannot read {text!r} here (write ';' as #59; and '#' as #35;)",
                token.line,
            )

    def task(self, name_token: Token, data: Token) -> None:
        name = shown(name_token.text)
        pieces = data.text[1:].split(":")
        emotion = self.emotion(name, pieces[0], name_token.line)
        # Like Mermaid, ignore what follows a second ':'; blank actors name nobody.
        listed = pieces[1].split(",") if len(pieces) > 1 else []
        actors = [a for a in map(shown, listed) if a.strip()]
        if not self.sections:
            self.sections.append(_Section("", name_token.line))
        score = pieces[0].strip(JS_SPACE_TRIM)
        self.sections[-1].tasks.append(_Task(name, name_token.line, emotion, actors, score))

    def emotion(self, name: str, raw: str, line: int) -> float | None:
        """The emotion of a score read as Mermaid reads it, if our scale holds it."""
        score = js_number(raw)
        if score.is_finite() and 1 <= score <= 5:
            return _minus_three(score)
        problem = self.fail(
            f"the score of the task {_describe(name)} must be a number from 1 to 5, "
            f"got {_describe(raw.strip(JS_SPACE_TRIM))} (Mermaid reads it as {_js_text(score)})",
            line,
        )
        if self.strict:
            self.bad_scores.append(problem)
        else:
            warnings.warn(f"{problem}; read as no emotion", JourneyWarning, stacklevel=5)
        return None

    def journey(self, front_title: str | None) -> Journey:
        personas = self.personas()
        persona_ids = {p.name: p.id for p in personas}
        ids = _Ids()
        stages = []
        # The actors of the tasks whose touchpoint would be written with others.
        actors: dict[str, list[str]] = {}
        scores: dict[str, str] = {}  # those journeykit's scale cannot hold (lenient mode)
        for index, section in enumerate(self.sections):
            name = section.name if section.name.strip() else UNNAMED_STAGE
            stage_id = ids.take(name, "stage")
            points = [self.touchpoint(task, ids, persona_ids) for task in section.tasks]
            for task, point in zip(section.tasks, points, strict=True):
                if listed_actors(personas, point, "all", {}) != task.actors:
                    actors[point.id] = task.actors
                if task.emotion is None and SAFE_SCORE.fullmatch(task.score):
                    scores[point.id] = task.score
            where = f"stages[{index}]"
            stages.append(
                self.build(Stage, section.line, where, id=stage_id, name=name, touchpoints=points)
            )
        title = next(
            (t for t in (self.title, front_title, self.acc_title) if t and t.strip()), _UNTITLED
        )
        kept: dict[str, Any] = {"actors": actors} if actors else {}
        if scores:
            kept["scores"] = scores
        if self.acc_title and self.acc_title != title:
            kept["accTitle"] = self.acc_title
        metadata = {"mermaid": kept} if kept else {}
        return self.build(
            Journey,
            1,
            "",
            title=title,
            description=self.description,
            personas=personas,
            stages=stages,
            metadata=metadata,
        )

    def personas(self) -> list[Persona]:
        if self.hinted is not None:
            names = list(dict.fromkeys(self.hinted))
        else:
            seen = (a for s in self.sections for t in s.tasks for a in t.actors)
            names = list(dict.fromkeys(seen))[:MAX_PERSONAS]
        ids = _Ids()
        return [
            self.build(Persona, 1, f"personas[{index}]", id=ids.take(name, "persona"), name=name)
            for index, name in enumerate(names)
        ]

    def touchpoint(self, task: _Task, ids: _Ids, persona_ids: dict[str, str]) -> Touchpoint:
        listed = [persona_ids[a] for a in dict.fromkeys(task.actors) if a in persona_ids]
        others = [a for a in dict.fromkeys(task.actors) if a not in persona_ids]
        every = len(listed) == len(persona_ids) or task.emotion is None
        return self.build(
            Touchpoint,
            task.line,
            "touchpoint",
            id=ids.take(task.name, "touchpoint"),
            name=task.name,
            emotion=task.emotion,
            emotions={} if every else dict.fromkeys(listed, task.emotion),
            owner=", ".join(others),
        )

    def build(self, kind: Callable[..., _T], line: int, where: str, **fields: Any) -> _T:
        """Build a model object; a broken rule becomes a FormatError at the line."""
        try:
            return kind(**fields)
        except ValidationError as error:
            problem = error.problems[0].within(where)
            raise self.fail(str(problem), line) from None


def _minus_three(score: Decimal) -> float:
    """``score - 3``, exactly as written (``3.1`` gives ``0.1``), whole when it is whole."""
    if score == score.to_integral_value():
        return int(score) - 3
    with localcontext() as context:
        context.prec = len(score.as_tuple().digits) + 2
        return float(score - 3)


def _js_text(score: Decimal) -> str:
    """A number as JavaScript would print it, for messages: NaN, Infinity, 0, 9, 2.5."""
    if score.is_nan():
        return "NaN (not a number)"
    if score.is_infinite():
        return "-Infinity" if score < 0 else "Infinity"
    if score == score.to_integral_value() and abs(score) < 10**21:
        return str(int(score))
    return str(score)


def _all_at_once(problems: list[FormatError]) -> FormatError:
    """One error for every bad score: the first is its place, the others follow, a line each."""
    first = problems[0]
    rest = "".join(f"\n{problem}" for problem in problems[1:])
    return FormatError(
        f"{first.message}{rest}\n{_LENIENT_HINT}", source=first.source, line=first.line
    )


class _Ids:
    """Unique ids from names, in the order asked for."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        # The last number tried per base, so many equal names stay linear.
        self.numbers: dict[str, int] = {}

    def take(self, name: str, fallback: str) -> str:
        base = slugify(name)[:60].strip("-") or fallback
        candidate = base
        while candidate in self.used:
            self.numbers[base] = number = self.numbers.get(base, 1) + 1
            candidate = f"{base}-{number}"
        self.used.add(candidate)
        return candidate


def loads(text: str, *, source: str | None = None, strict: bool = True) -> Journey:
    r"""Read a Mermaid ``journey`` diagram as a journey.

    Parameters
    ----------
    text:
        The diagram, as written in a ``.mmd`` file or a Markdown code block.
    source:
        A name for the text in error messages, such as its file name.
    strict:
        Whether a score that Mermaid reads but journeykit's scale cannot hold
        (``0``, ``9``, ``X``, ``2rem``: anything but a number from 1 to 5) is
        an error (the default; one error lists every such line) or, with
        ``False``, a :class:`~journeykit.errors.JourneyWarning` per line and a
        touchpoint with no emotion.

    Returns
    -------
    Journey
        One stage per section and one touchpoint per task, as the module
        documentation describes.

    Raises
    ------
    FormatError
        For what Mermaid cannot read (no ``journey`` header, a task without a
        score, a ``;``, an unclosed ``accDescr {``), a score that is not a
        number from 1 to 5 (in strict mode; every such line is listed), or a
        name that is empty once read; the message names the line.

    Examples
    --------
    >>> j = loads('''
    ... journey
    ...     title My working day
    ...     %% a comment
    ...     section Go to work
    ...       Make tea: 5: Me
    ...       Do work: 1: Me, Cat
    ...     section Go home
    ...       Sit down: 5
    ... ''')
    >>> [(t.id, t.emotion) for t in j.touchpoints]
    [('make-tea', 2), ('do-work', -2), ('sit-down', 2)]
    >>> [p.name for p in j.personas], j.touchpoints[1].emotions
    (['Me', 'Cat'], {})
    >>> loads("journey\n  section A\n    Make tea: X: Me", source="day.mmd")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: day.mmd:3: the score of the task 'Make tea' must be a number ...
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     j = loads("journey\n  section A\n    Make tea: 9: Me", strict=False)
    >>> j.touchpoints[0].emotion, str(caught[0].message)
    (None, "line 3: the score ... got '9' (Mermaid reads it as 9); read as no emotion")
    """
    if not isinstance(text, str):
        raise FormatError(f"Mermaid text must be a str, got {type(text).__name__}", source=source)
    prepared = preprocess(text, source)
    reader = _Reader(source, prepared.personas, strict=strict)
    reader.read(tokens(prepared.text, source))
    return reader.journey(prepared.title)
