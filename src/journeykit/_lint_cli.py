r"""``journeykit lint FILE``: every problem of a map in one round, one a line, with its line.

A file that does not load is not the end of the check: the problems loading
found (a bad value, an unknown key) are listed, the fields at fault are set
aside, and the rest is read again, so that the problems across objects
(a duplicate id, a transition to no touchpoint) come in the same round. A
map that loads gets :func:`journeykit.analysis.lint`'s findings, and a
warning for a channel that is a slip of the keyboard away from a standard
one (``webb``). Each line reads ``FILE:LINE: severity rule path: message``
(``FILE:`` alone when the line is not known), with "did you mean" where a
name is close to a known one.

The exit code is :data:`FINDINGS` (1) for errors, or warnings with
``--strict``; a file that cannot be read at all (no such file, not YAML) is
a failure of the command, for :func:`journeykit.cli.main` (2).

Examples
--------
>>> import argparse, contextlib, io, pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "map.yaml"
>>> _ = path.write_text('''journeykit: 1
... title: Shop
... stages:
...   - name: Buy
...     touchpoints:
...       - {id: cart, name: Cart, emotion: 7}
...       - {id: checkout, name: Checkout}
... transitions:
...   - {from: cart, to: chekout}
... ''')
>>> args = argparse.Namespace(file=str(path), input_format=None, strict=False)
>>> with contextlib.redirect_stdout(io.StringIO()) as out:
...     code = run(args)
>>> code
1
>>> for line in out.getvalue().splitlines():
...     print(line.replace(str(path), "map.yaml"))
map.yaml:6: error invalid stages[0].touchpoints[0].emotion: must be between -2 and 2, got 7
map.yaml:9: error invalid transitions[0].to: no touchpoint 'chekout'; did you mean 'checkout'?
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from journeykit import _speech
from journeykit._speech import say
from journeykit._suggest import hint
from journeykit._terminal import one_line
from journeykit.errors import Problem, ValidationError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["FINDINGS", "OK", "Line", "check", "run"]

#: Exit codes: the map is clean (infos only), or it has errors (or warnings with --strict).
OK, FINDINGS = 0, 1

# Loading is tried again at most this many times, each time without the fields at fault.
_ROUNDS = 5
_STEP = re.compile(r"\[(\d+)\]|([^.\[]+)")
_LOADING = "invalid"  # the rule of a problem found while loading
# The columns of the table on a terminal, by their keys in the catalogue (``cli.column.*``).
COLUMNS = ("line", "severity", "rule", "field", "message")
_MARKS = {"error": "bold red", "warning": "yellow", "info": "dim"}


@attrs.frozen
class Line:
    """One problem or finding as lint prints it.

    Examples
    --------
    >>> print(Line("warning", "empty-stage", "stages[1]", "stage 'Later' is empty", 12))
    warning empty-stage stages[1]: stage 'Later' is empty
    >>> Line("warning", "empty-stage", "stages[1]", "stage 'Later' is empty", 12).at("m.yaml")
    "m.yaml:12: warning empty-stage stages[1]: stage 'Later' is empty"
    """

    severity: str
    rule: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" {self.path}:" if self.path else ":"
        return f"{self.severity} {self.rule}{where} {self.message}"

    def at(self, source: str) -> str:
        """The line as printed: ``FILE:LINE: ...``, the file alone when the line is unknown."""
        place = f"{source}:{self.line}" if self.line is not None else source
        return f"{place}: {self}"


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit lint``: print every line, a summary on stderr, return the exit code."""
    from journeykit._tables import Table, emit

    source = "<stdin>" if args.file == "-" else args.file
    found = check(_text(args), source=source, format=_format(args))
    if found:
        rows = tuple(
            tuple(one_line(cell) for cell in (f"{f.line or ''}", f.severity, f.rule, f.path,
                                              f.message))
            for f in found
        )  # fmt: skip
        plain = "\n".join(one_line(f.at(source)) for f in found)
        columns = tuple(say(f"cli.column.{column}") for column in COLUMNS)
        emit(plain, lambda: [Table(source, columns, rows, line=str, marks=_MARKS)])
    counts = {s: sum(f.severity == s for f in found) for s in ("error", "warning", "info")}
    summary = ", ".join(_speech.plural(f"cli.lint.{s}", n) for s, n in counts.items())
    if sys.stderr is not None:
        print(one_line(f"{source}: {summary}"), file=sys.stderr)
    failing = ("error", "warning") if args.strict else ("error",)
    return FINDINGS if any(f.severity in failing for f in found) else OK


def _text(args: argparse.Namespace) -> bytes:
    import os

    from journeykit.formats._input import file_name, open_regular, read_limited

    if args.file == "-":
        from journeykit.errors import JourneyError

        if sys.stdin is None:
            raise JourneyError("standard input is closed; give a journey FILE instead of -")
        return read_limited(sys.stdin.buffer, source="<stdin>")
    name = file_name(args.file)
    with os.fdopen(open_regular(name), "rb") as stream:
        return read_limited(stream, source=name, what="the file")


def _format(args: argparse.Namespace) -> str:
    from journeykit.formats.files import format_of

    if args.input_format or args.file == "-":
        return str(args.input_format or "yaml")
    return format_of(args.file)


def check(data: bytes | str, *, source: str, format: str = "yaml") -> list[Line]:
    r"""Every problem and finding of a journey document, in one round.

    Raises
    ------
    FormatError
        When the text is no YAML, JSON or Mermaid at all, or is past a limit.

    Examples
    --------
    >>> text = "journeykit: 1\ntitle: T\nstages: [{name: S, touchpoints: [{name: A, chanel: web}]}]"
    >>> [str(line) for line in check(text, source="t.yaml")]  # doctest: +ELLIPSIS
    ["error invalid stages[0].touchpoints[0].chanel: unknown key; ...; did you mean 'channel'?"]
    """
    import journeykit as jk
    from journeykit.formats import _json, _yaml
    from journeykit.formats._input import MAX_BYTES, text_of

    if format == "mermaid":
        try:
            return _findings(jk.loads(data, format="mermaid", source=source), _no_line, ())
        except ValidationError as error:
            return [_loading(p, p.line) for p in error.problems]
    document = text_of(data, source, MAX_BYTES)
    lines: Callable[[str], int | None] = _no_line
    if format == "json":
        plain = _json.parse(document, source)
    else:
        plain, lines = _yaml.parse(document, source)
    lang = plain.get("lang") if isinstance(plain, dict) else None
    if isinstance(lang, str):
        _speech.reading(lang)  # the map's language, even when the map does not load
    slips = list(_channel_slips(plain, lines))  # before the rounds take fields out
    return sorted(_rounds(plain, lines, source) + slips, key=_in_file_order)


def _in_file_order(line: Line) -> tuple[int, int]:
    return (0, line.line) if line.line is not None else (1, 0)


def _no_line(_path: str) -> int | None:
    return None


def _loading(problem: Problem, line: int | None) -> Line:
    return Line("error", _LOADING, problem.path, problem.message, line)


def _rounds(data: Any, lines: Callable[[str], int | None], source: str) -> list[Line]:
    """Load, and again without the fields at fault, until it loads or nothing more can go."""
    from journeykit.formats.files import from_data

    found: list[Line] = []
    aside: list[str] = []
    for _ in range(_ROUNDS):
        try:
            journey = from_data(data, source=source)
        except ValidationError as error:
            fresh = [p for p in error.problems if not _within(p.path, aside)]
            found += [_loading(p, lines(p.path)) for p in fresh]
            if not any(_set_aside(data, p) for p in fresh):
                return found
            aside += [p.path for p in fresh]
            continue
        return found + _findings(journey, lines, aside)
    return found


def _within(path: str, aside: Sequence[str], *, holding: bool = False) -> bool:
    """Whether ``path`` is a place set aside or inside one (or, ``holding``, holds one)."""
    return any(_under(path, p) or (holding and _under(p, path)) for p in aside if p)


def _under(path: str, place: str) -> bool:
    return path == place or path.startswith((f"{place}.", f"{place}["))


def _steps(path: str) -> list[str | int]:
    return [int(i) if i else str(k) for i, k in _STEP.findall(path)]


def _set_aside(data: Any, problem: Problem) -> bool:
    """Take the field at fault out of the data (a missing name gets one); whether it could."""
    steps = _steps(problem.path)
    if not steps or not isinstance(steps[-1], str):
        return False  # the document, or an item of a list: taking it out would move the others
    parent = data
    for step in steps[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(parent, dict):
        return False
    key = steps[-1]
    if key in parent:
        del parent[key]
        return True
    if key in ("name", "title") and problem.message.startswith("is required"):
        parent[key] = str(parent.get("id") or "?")
        return True
    return False


def _findings(
    journey: Journey, lines: Callable[[str], int | None], aside: Sequence[str]
) -> list[Line]:
    """The lint findings of a journey that loaded, but for the places already told."""
    from journeykit import analysis

    lang = _speech.reading(journey.lang)
    return [
        Line(f.severity, f.rule, f.path, f.message, lines(f.path))
        for f in analysis.lint(journey, lang=lang)
        if not _within(f.path, aside, holding=True)  # told, or to be checked once fixed
    ]


def _channel_slips(data: Any, lines: Callable[[str], int | None]) -> Iterator[Line]:
    """A warning for each channel a slip away from a standard one (a custom one is fine).

    Read from the file's data, so that it is told even when the map does not load.
    """
    from journeykit import vocab

    known = sorted({name for c in vocab.CHANNELS.values() for name in (c.id, *c.aliases)})
    for path, name in _channels(data):
        suggestion = hint(name, known) if name.lower() not in known else ""
        if suggestion:
            message = say("cli.lint.channel", name=repr(name)) + suggestion
            yield Line("warning", "unknown-channel", path, message, lines(path))


def _channels(data: Any) -> Iterator[tuple[str, str]]:
    """The path and value of every touchpoint's channel given as text in the data."""
    stages = data.get("stages") if isinstance(data, dict) else None
    for s_index, stage in enumerate(stages if isinstance(stages, list) else ()):
        touchpoints = stage.get("touchpoints") if isinstance(stage, dict) else None
        for t_index, touchpoint in enumerate(touchpoints if isinstance(touchpoints, list) else ()):
            name = touchpoint.get("channel") if isinstance(touchpoint, dict) else None
            if isinstance(name, str):
                yield f"stages[{s_index}].touchpoints[{t_index}].channel", name
