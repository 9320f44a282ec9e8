"""Mermaid ``journey`` diagrams: write a journey as one, and read one back.

A Mermaid user journey holds a title, sections and tasks; each task has a
score from 1 to 5 and the actors who take part. journeykit maps them so:

==========================  =================================================
Mermaid                     journeykit
==========================  =================================================
``title``                   :attr:`Journey.title`
``accDescr``                :attr:`Journey.description`
``section``                 a :class:`~journeykit.Stage`
task                        a :class:`~journeykit.Touchpoint` (its name)
score 1..5                  ``emotion + 3`` (:func:`journeykit.vocab.to_mermaid_score`)
actors                      the personas, then the touchpoint's owner
==========================  =================================================

Writing
-------
:func:`dumps` writes one task per touchpoint. Its score comes from the
touchpoint's ``emotion`` rounded to the five-point scale; a touchpoint with
no ``emotion`` takes the mean of its per-persona ``emotions``, and one with
neither is written as neutral (3), since Mermaid needs a score on every task.
Its actors are the personas it concerns (those with an entry in
``emotions``, or every persona when it has none) followed by its owner.
When any actor is written, a comment line ``%% journeykit personas: ...``
(Mermaid ignores comments) names the personas, so that reading the diagram
back tells them from owners.

Mermaid silently misreads some characters: ``:`` ends a task name, ``,``
splits an actor, ``#`` starts a comment, ``;`` breaks the parse, a new line
ends the statement, ``%%`` hides the rest of a line, ``<br>`` breaks a label,
its sanitiser rewrites ``<``, ``>`` and ``&`` in titles, and a ``:#`` on a
line with ``style`` in it makes it drop the line's last ``;``. So these
characters (``:`` everywhere, ``,`` in actors, ``%`` next to another ``%`` or
first), control characters, line and paragraph separators, and spaces at
either end of a text are written as Mermaid's entity codes (``#58;`` for
``:``), which Mermaid shows as the character itself; so is the first letter
of a task named like a keyword (``Section two`` would start a new section).
Nothing else is touched, so the diagram stays readable. Checked against
Mermaid 11.17's own parser.

Reading
-------
:func:`loads` reads diagrams the way Mermaid 11 does (its lexer is ported
rule for rule): comments (``%%``), directives, front matter, ``accTitle``,
``accDescr`` on one line or in a ``{ ... }`` block, blank lines, any
indentation, tasks without actors, and entity codes (``#58;``, ``#amp;``).
What Mermaid rejects is a :class:`~journeykit.FormatError` naming the line,
and so is a score that is not a number from 1 to 5 (Mermaid draws ``X`` or
``9`` without complaint, as nonsense) and a task name that is blank once
read. Further choices:

- the title is the ``title`` statement, else the front matter's ``title``,
  else ``accTitle``, else ``"Untitled journey"``; an ``accTitle`` that is not
  the title is kept in ``metadata["mermaid"]["accTitle"]`` (and written back);
- tasks before the first section (Mermaid allows them), and sections with a
  blank name, go into a stage named :data:`UNNAMED_STAGE`;
- ids come from the names through :func:`journeykit.slugify` (cut to 60
  characters), made unique in document order with ``-2``, ``-3``...
  (``stage``, ``touchpoint`` or ``persona`` when the name has no letter or
  digit);
- personas are the ones the ``%% journeykit personas:`` comment names, else
  the first five actors to appear (a map follows at most five); the other
  actors of a task become its owner (joined with ``", "``);
- a task that lists some but not all personas gets an entry in
  ``emotions`` for each one listed; one that lists all of them or none gets
  none, so a task without actors in a map with personas is written back
  with all of them;
- a score with decimals (``3.5``) is kept (``0.5``); what follows a second
  ``:`` in a task is ignored, as Mermaid does.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(
...     title="Buying a car",
...     persona=jk.Persona(name="Daniela Vargas"),
...     stages=[jk.Stage(name="Purchase", touchpoints=[
...         jk.Touchpoint(name="Test drive: sedan", emotion=1, owner="Sales"),
...         jk.Touchpoint(name="Signs; pays", emotion=-1),
...     ])],
... )
>>> print(jk.dumps(j, format="mermaid"), end="")
journey
  title Buying a car
  %% journeykit personas: Daniela Vargas
  section Purchase
    Test drive#58; sedan: 4: Daniela Vargas, Sales
    Signs#59; pays: 2: Daniela Vargas
>>> back = jk.loads(jk.dumps(j, format="mermaid"), format="mermaid")
>>> [(t.name, t.emotion, t.owner) for t in back.touchpoints]
[('Test drive: sedan', 1, 'Sales'), ('Signs; pays', -1, '')]
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, Literal, TypeVar, cast

import attrs
import yaml

from journeykit import vocab
from journeykit.errors import FormatError, NotFoundError, ValidationError
from journeykit.model import MAX_PERSONAS, Journey, Persona, Stage, Touchpoint, slugify

__all__ = ["ACTORS", "UNNAMED_STAGE", "Actors", "check_actors", "dumps", "loads"]

#: Which actors a Mermaid export lists on each task.
Actors = Literal["all", "personas", "owners", "none"]
#: Who is listed as a task's actors: personas and owner, one of them, or nobody.
ACTORS: Final[tuple[Actors, ...]] = ("all", "personas", "owners", "none")
#: The name of the stage that holds tasks written before any section.
UNNAMED_STAGE: Final = "Tasks"
_UNTITLED: Final = "Untitled journey"
_PERSONAS_HINT: Final = "journeykit personas:"
_INDENT: Final = "  "
_T = TypeVar("_T")

# JavaScript's \s, which Mermaid's lexer uses (Python's \s differs: it lacks
# U+FEFF and has U+001C..U+001F and U+0085).
_JS_SPACE: Final = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_S: Final = f"[{_JS_SPACE}]"
_JS_SPACE_CHARS: Final = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
_JS_SPACE_TRIM: Final = "".join(sorted(_JS_SPACE_CHARS))  # for str.strip


# ---------------------------------------------------------------------------
# Writing


# A task name Mermaid's lexer would take for a keyword ("accDescr" is one as soon
# as the ": score" follows it). Python's IGNORECASE also folds a few non-ASCII
# letters (U+017F, U+212A) that JavaScript's does not: escaping those is harmless.
_KEYWORD_START = re.compile(
    rf"journey(?![A-Za-z0-9_])|title{_S}|section{_S}|acc(?:title|descr)",
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
    start = 0
    end = len(text)
    while start < end and (text[start] in _JS_SPACE_CHARS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _JS_SPACE_CHARS or text[end - 1].isspace()):
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
# the first letters of Mermaid's own entity markers (see _shown).
# ":" is coded everywhere, not only where it ends a name: a raw ":#" on a line
# with "style" in it makes Mermaid drop the line's last ";" (encodeEntities).
_TEXT = "#;:&<>\ufb02\u00b6"
_ACTOR = _TEXT + ","


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
    """Return ``value`` if it is one of :data:`ACTORS`, else raise :class:`NotFoundError`.

    Examples
    --------
    >>> check_actors("owners")
    'owners'
    >>> check_actors("staff")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no actors option 'staff'; known: 'all', 'personas', ...
    """
    for choice in ACTORS:
        if value == choice:
            return choice
    raise NotFoundError("actors option", str(value), ACTORS)


def dumps(journey: Journey, *, actors: Actors = "all") -> str:
    """Write a journey as a Mermaid ``journey`` diagram.

    Parameters
    ----------
    journey:
        The journey to write.
    actors:
        Who each task lists as its actors: ``all`` (the personas, then the
        owner; the default), ``personas``, ``owners`` or ``none``.

    Returns
    -------
    str
        The diagram, ending with a new line; the same journey always gives
        the same text.

    Raises
    ------
    NotFoundError
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
    lines = ["journey", f"{_INDENT}title {_escape(journey.title, _TEXT)}"]
    if journey.description:
        lines.append(f"{_INDENT}accDescr: {_escape(journey.description, _TEXT)}")
    acc_title = _mermaid_metadata(journey).get("accTitle")
    if isinstance(acc_title, str) and acc_title.strip():
        lines.append(f"{_INDENT}accTitle: {_escape(acc_title, _TEXT)}")
    body: list[str] = []
    anyone = False
    for stage in journey.stages:
        body.append(f"{_INDENT}section {_escape(stage.name, _TEXT)}")
        for touchpoint in stage.touchpoints:
            task = f"{_INDENT * 2}{_task_name(touchpoint.name)}: {_score(touchpoint)}"
            listed = _actors(journey, touchpoint, actors)
            if listed:
                anyone = True
                task += ": " + ", ".join(_escape(name, _ACTOR) for name in listed)
            body.append(task)
    if journey.personas or anyone:
        # Without it, a reader could not tell an owner from a persona.
        names = "".join(f" {_escape(p.name, _ACTOR)}," for p in journey.personas)
        lines.append(f"{_INDENT}%% {_PERSONAS_HINT}{names.rstrip(',')}")
    return "\n".join(lines + body) + "\n"


def _mermaid_metadata(journey: Journey) -> dict[str, Any]:
    found = journey.metadata.get("mermaid")
    return cast(dict[str, Any], found) if isinstance(found, dict) else {}


# ---------------------------------------------------------------------------
# Reading: Mermaid 11's preprocessing and journey lexer, ported rule for rule.

# Mermaid swaps entity codes for these markers before parsing and swaps them back
# into HTML entities in the SVG it draws (encodeEntities / decodeEntities).
_NUMERIC_MARK = "\ufb02\u00b0\u00b0"
_NAMED_MARK = "\ufb02\u00b0"
_END_MARK = "\u00b6\u00df"
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")
_NOT_LINE_END = r"[^\n\r\u2028\u2029]"  # JavaScript's "."
_DIRECTIVE = re.compile(
    rf"%{{2}}{{{_S}*(?:([A-Za-z0-9_]+){_S}*:|([A-Za-z0-9_]+)){_S}*"
    rf"(?:([A-Za-z0-9_]+)|((?:(?!}}%{{2}}){_NOT_LINE_END}|\r?\n)*))?{_S}*(?:}}%{{2}})?",
    re.IGNORECASE,
)

# Mermaid's lexer rules in order, as (pattern, token); a None token is skipped.
# jison takes the first rule that matches, as a regex alternation does, so they
# are joined into one pattern with a group per rule.
_RULES: Final[Sequence[tuple[str, str | None]]] = (
    (r"%(?!\{)[^\n]*", None),
    # JavaScript's [^}] is one UTF-16 unit: half of an emoji, never followed by "%".
    (r"[^}\U00010000-\U0010FFFF]%%[^\n]*", None),
    (r"\n+", "NEWLINE"),
    (f"{_S}+", None),
    (r"#[^\n]*", None),
    (r"journey(?![A-Za-z0-9_])", "journey"),
    (rf"title{_S}[^#\n;]+", "title"),
    (rf"accTitle{_S}*:{_S}*", "acc_title"),
    (rf"accDescr{_S}*:{_S}*", "acc_descr"),
    (rf"accDescr{_S}*\{{{_S}*", "acc_descr_block"),
    (rf"section{_S}[^#:\n;]+", "section"),
    (r"[^#:\n;]+", "task_name"),
    (r":[^#\n;]+", "task_data"),
    (r":", "colon"),
    (r".", "invalid"),
)
_LEXER = re.compile(
    "|".join(f"(?P<r{index}>{pattern})" for index, (pattern, _) in enumerate(_RULES)),
    re.IGNORECASE | re.ASCII,  # JavaScript's /i without the u flag
)
_REST_OF_LINE = re.compile(r"[^\n]*")
_BLOCK = re.compile(r"[^}]*")


@attrs.frozen
class _Token:
    kind: str
    text: str
    line: int


def _blank_out(match: re.Match[str]) -> str:
    """Replace a match by its line breaks only, so line numbers stay right."""
    return "\n" * match[0].count("\n")


def _drop_semicolon_after(keyword: str, line: str) -> str:
    r"""Drop the last ``;`` of a line matching ``style.*:\S*#.*;``, as Mermaid does.

    Mermaid's encodeEntities does so for ``style`` and ``classDef`` lines; here
    it is checked in one pass, as that regex backtracks badly on long lines.
    """
    found = line.find(keyword)
    last = line.rfind(";")
    if found < 0 or last < 0:
        return line
    colon = False
    for index in range(found + len(keyword), last):
        char = line[index]
        if char == ":":
            colon = True
        elif char == "#" and colon:
            return line[:last] + line[last + 1 :]
        elif char in _JS_SPACE_CHARS:
            colon = False
    return line


_COMMENT = re.compile(r"%%(?!\{)[^\n]")
_HINT = re.compile(rf"%%{_S}*{re.escape(_PERSONAS_HINT)}(.*)", re.IGNORECASE)


def _drop_comment(line: str) -> str:
    r"""Cut a ``%%`` comment that starts the line, as Mermaid's cleanupComments does.

    Mermaid removes ``^\s*%%(?!{)[^\n]+`` (multiline) before it parses; a line
    starts after U+2028 and U+2029 too. Done by hand, as that regex is
    quadratic on runs of blank lines.
    """
    for found in _COMMENT.finditer(line):
        start = found.start()
        while start > 0 and line[start - 1] in _JS_SPACE_CHARS:
            start -= 1
        if start == 0:
            return ""
        separators = [line.find(c, start, found.start()) for c in "\u2028\u2029"]
        if max(separators) >= 0:
            return line[: min(i for i in separators if i >= 0) + 1]
    return line


def _mark_entity(match: re.Match[str]) -> str:
    inner = match[1]
    return f"{_NUMERIC_MARK if inner.isdigit() else _NAMED_MARK}{inner}{_END_MARK}"


def _front_matter(text: str) -> tuple[str, int] | None:
    """Return the YAML between the ``---`` lines the text opens with, and where it ends.

    Line by line rather than with Mermaid's regex, which backtracks badly.
    """
    head, newline, _ = text.partition("\n")
    if not newline or head.rstrip(_JS_SPACE_TRIM) != "---":
        return None
    pos = len(head)
    while (pos := text.find("\n---", pos)) >= 0:
        end = text.find("\n", pos + 4)
        end = len(text) if end < 0 else end
        if not text[pos + 4 : end].strip(_JS_SPACE_TRIM):
            return text[len(head) + 1 : pos], end
        pos += 1
    return None


@attrs.frozen
class _Prepared:
    text: str  # what Mermaid's lexer sees
    title: str | None  # the front matter's
    personas: list[str] | None  # named by a "%% journeykit personas:" comment


def _preprocess(text: str, source: str | None) -> _Prepared:
    """Do what Mermaid does before it parses, noting what we read on the way."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title: str | None = None
    front = _front_matter(text)
    if front:
        body, end = front
        try:
            data = yaml.safe_load(body)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 2
            raise FormatError(
                f"the front matter is not valid YAML: {getattr(error, 'problem', error)}",
                source=source,
                line=line,
            ) from None
        found = data.get("title") if isinstance(data, dict) else None
        # Only plain values: str() of a nest of YAML aliases could explode.
        if isinstance(found, str | int | float) and not isinstance(found, bool):
            title = str(found)
        text = "\n" * text.count("\n", 0, end) + text[end:]
    text = _DIRECTIVE.sub(_blank_out, text)
    pieces: list[str] = []
    personas: list[str] | None = None
    for line in text.split("\n"):
        kept = _drop_comment(line)
        # Mermaid takes the comment's line break too: a comment after U+2028 joins
        # the next line to this one (the line numbers after it are then one off).
        pieces += (kept, "" if kept and kept != line else "\n")
        hint = _HINT.search(line, len(kept)) if kept != line else None
        if hint:
            names = (_shown(_ENTITY.sub(_mark_entity, n)) for n in hint[1].split(","))
            personas = [name for name in names if name.strip()]
    text = "".join(pieces[:-1])
    # JavaScript's "." stops at U+2028 and U+2029 too, so they end a line here.
    text = "".join(
        _drop_semicolon_after("classDef", _drop_semicolon_after("style", part))
        for part in re.split(r"([\n\u2028\u2029])", text)
    )
    return _Prepared(_ENTITY.sub(_mark_entity, text), title, personas)


def _tokens(text: str, source: str | None) -> Iterator[_Token]:
    """Mermaid's journey lexer: the first rule that matches wins, as in jison."""
    pos = 0
    line = 1
    size = len(text)
    while pos < size:
        match = _LEXER.match(text, pos)
        # The last rule matches any character but "\n", which the third takes.
        assert match is not None
        assert match.lastgroup is not None
        kind = _RULES[int(match.lastgroup[1:])][1]
        pos = match.end()
        if kind in ("acc_title", "acc_descr"):
            if pos >= size:  # Mermaid's lexer ends before it reads the (empty) value
                raise FormatError(
                    f"{match[0].strip(_JS_SPACE_TRIM)!r} needs a text after it",
                    source=source,
                    line=line,
                )
            value = _REST_OF_LINE.match(text, pos)
            assert value is not None  # it matches the empty string
            yield _Token(kind, value[0], line)
            pos = value.end()
        elif kind == "acc_descr_block":
            value = _BLOCK.match(text, pos)
            assert value is not None
            if value.end() >= size:
                raise FormatError(
                    "the 'accDescr {' block is never closed with '}'", source=source, line=line
                )
            if value[0]:
                yield _Token("acc_descr", value[0], line)
            pos = value.end() + 1
        elif kind is not None:
            yield _Token(kind, match[0], line)
        line += text.count("\n", match.start(), pos)


def _shown(raw: str) -> str:
    """Return the text a browser shows for ``raw``, as Mermaid draws it.

    Mermaid writes the text into the SVG (escaping ``&``, ``<``, ``>``), turns
    its entity markers back into ``&#58;`` or ``&amp;``, and the browser reads
    those as characters.
    """
    serialised = html.escape(raw.strip(_JS_SPACE_TRIM), quote=False)
    marked = serialised.replace(_NUMERIC_MARK, "&#").replace(_NAMED_MARK, "&")
    return html.unescape(marked.replace(_END_MARK, ";"))


_SCORE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@attrs.define
class _Task:
    name: str
    line: int
    emotion: float
    actors: list[str]


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

    def __init__(self, source: str | None, hinted: list[str] | None) -> None:
        self.source = source
        self.hinted = hinted
        self.title: str | None = None
        self.acc_title: str | None = None
        self.description = ""
        self.sections: list[_Section] = []

    def fail(self, message: str, line: int) -> FormatError:
        return FormatError(message, source=self.source, line=line)

    def read(self, tokens: Iterator[_Token]) -> None:
        for token in tokens:
            if token.kind == "NEWLINE":
                continue
            if token.kind != "journey":
                raise self.fail(
                    f"a Mermaid journey starts with 'journey', got {_describe(token.text)}",
                    token.line,
                )
            break
        else:
            raise self.fail("a Mermaid journey starts with 'journey'; the text has none", 1)
        pending: _Token | None = None
        for token in tokens:
            if pending is not None:
                if token.kind != "task_data":
                    name = _describe(_shown(pending.text))
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
            name = _describe(_shown(pending.text))
            raise self.fail(f"the task {name} needs a score from 1 to 5 after ':'", pending.line)

    def statement(self, token: _Token) -> None:
        kind, text = token.kind, token.text
        if kind == "NEWLINE":
            return
        if kind == "title":
            self.title = _shown(text[6:])
        elif kind == "acc_title":
            self.acc_title = _shown(text)
        elif kind == "acc_descr":
            trimmed = re.sub(f"\n{_S}+", "\n", text.strip(_JS_SPACE_TRIM))
            self.description = _shown(trimmed)
        elif kind == "section":
            self.sections.append(_Section(_shown(text[8:]), token.line))
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

    def task(self, name_token: _Token, data: _Token) -> None:
        name = _shown(name_token.text)
        pieces = data.text[1:].split(":")
        raw_score = pieces[0].strip(_JS_SPACE_TRIM)
        if not _SCORE.fullmatch(raw_score) or not 1 <= float(raw_score) <= 5:
            raise self.fail(
                f"the score of the task {_describe(name)} must be a number from 1 to 5, "
                f"got {_describe(raw_score)}",
                name_token.line,
            )
        score = float(raw_score)
        emotion = int(score) - 3 if score.is_integer() else score - 3
        # Like Mermaid, ignore what follows a second ':'; blank actors name nobody.
        listed = pieces[1].split(",") if len(pieces) > 1 else []
        actors = [a for a in map(_shown, listed) if a.strip()]
        if not self.sections:
            self.sections.append(_Section("", name_token.line))
        self.sections[-1].tasks.append(_Task(name, name_token.line, emotion, actors))

    def journey(self, front_title: str | None) -> Journey:
        personas = self.personas()
        persona_ids = {p.name: p.id for p in personas}
        ids = _Ids()
        stages = []
        for index, section in enumerate(self.sections):
            name = section.name if section.name.strip() else UNNAMED_STAGE
            stage_id = ids.take(name, "stage")
            points = [self.touchpoint(task, ids, persona_ids) for task in section.tasks]
            where = f"stages[{index}]"
            stages.append(
                self.build(Stage, section.line, where, id=stage_id, name=name, touchpoints=points)
            )
        title = next(
            (t for t in (self.title, front_title, self.acc_title) if t and t.strip()), _UNTITLED
        )
        metadata: dict[str, Any] = {}
        if self.acc_title and self.acc_title != title:
            metadata["mermaid"] = {"accTitle": self.acc_title}
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
        every = len(listed) == len(persona_ids)
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


def loads(text: str, *, source: str | None = None) -> Journey:
    r"""Read a Mermaid ``journey`` diagram as a journey.

    Parameters
    ----------
    text:
        The diagram, as written in a ``.mmd`` file or a Markdown code block.
    source:
        A name for the text in error messages, such as its file name.

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
        number from 1 to 5, or a name that is empty once read; the message
        names the line.

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
    """
    if not isinstance(text, str):
        raise FormatError(f"Mermaid text must be a str, got {type(text).__name__}", source=source)
    prepared = _preprocess(text, source)
    reader = _Reader(source, prepared.personas)
    reader.read(_tokens(prepared.text, source))
    return reader.journey(prepared.title)
