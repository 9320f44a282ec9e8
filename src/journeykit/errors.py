"""The errors journeykit raises.

Every error is a :class:`JourneyError`, and also the builtin exception a caller
would expect (``ValueError`` for bad values, ``LookupError`` for unknown names),
so ``except ValueError`` keeps working in code that does not know journeykit.

Examples
--------
>>> import journeykit as jk
>>> try:
...     jk.Touchpoint(name="Sees an ad", emotion=7)
... except jk.ValidationError as error:
...     print(error)
emotion: must be between -2 and 2, got 7
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "FormatError",
    "JourneyError",
    "JourneyWarning",
    "NotFoundError",
    "Problem",
    "RenderError",
    "ValidationError",
]


class JourneyError(Exception):
    """The base of every error journeykit raises.

    Examples
    --------
    >>> import journeykit as jk
    >>> issubclass(jk.ValidationError, jk.JourneyError)
    True
    """


@attrs.frozen
class Problem:
    """One broken rule: where it is (a field path) and what is wrong.

    Attributes
    ----------
    path:
        Where the problem is, as a field path such as
        ``stages[2].touchpoints[0].emotion``; empty for the journey itself.
    message:
        The rule and the value that broke it.
    line:
        The line in the source file, when the reader knows it.

    Examples
    --------
    >>> str(Problem("stages[0].name", "must not be empty"))
    'stages[0].name: must not be empty'
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"

    def within(self, prefix: str) -> Problem:
        """Return the same problem seen from an enclosing object at ``prefix``.

        Examples
        --------
        >>> print(Problem("emotion", "must be a number").within("stages[1].touchpoints[0]"))
        stages[1].touchpoints[0].emotion: must be a number
        """
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return attrs.evolve(self, path=path)


class ValidationError(JourneyError, ValueError):
    """A journey, or a part of it, breaks one or more rules of the model.

    The message lists every problem found, one a line, each with its field
    path; :attr:`problems` holds them as :class:`Problem` values.

    Examples
    --------
    >>> import journeykit as jk
    >>> try:
    ...     jk.Journey(title="", stages=[jk.Stage(name="Buy", touchpoints=["Pays"])])
    ... except jk.ValidationError as error:
    ...     print(error.problems[0])
    title: must not be empty
    """

    problems: tuple[Problem, ...]
    source: str | None

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(str(self))

    @classmethod
    def single(cls, path: str, message: str) -> ValidationError:
        """Build the error for one problem at ``path``.

        Examples
        --------
        >>> print(ValidationError.single("age", "must be at least 0, got -3"))
        age: must be at least 0, got -3
        """
        return cls([Problem(path, message)])

    @property
    def path(self) -> str:
        """The path of the first problem."""
        return self.problems[0].path if self.problems else ""

    def within(self, prefix: str, *, source: str | None = None) -> ValidationError:
        """Return this error with every path seen from ``prefix``."""
        return ValidationError(
            [p.within(prefix) for p in self.problems], source=source or self.source
        )

    def __str__(self) -> str:
        if not self.problems:
            return f"{self.source}: invalid journey" if self.source else "invalid journey"
        return "\n".join(_located(p, self.source) for p in self.problems)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (self.problems, self.source))


def _located(problem: Problem, source: str | None) -> str:
    if source is None:
        return str(problem)
    where = f"{source}:{problem.line}" if problem.line is not None else source
    return f"{where}: {attrs.evolve(problem, line=None)}"


def _rebuild_validation_error(problems: Sequence[Problem], source: str | None) -> ValidationError:
    return ValidationError(problems, source=source)


class FormatError(JourneyError, ValueError):
    r"""A file or text could not be read or written in the asked-for format.

    Attributes
    ----------
    source:
        The file name (or ``"<string>"``) when known.
    line, column:
        One-based position of the fault when the parser knows it.

    Examples
    --------
    >>> import journeykit as jk
    >>> try:
    ...     jk.loads("journeykit: 1\ntitle: a: b\n", source="map.yaml")
    ... except jk.FormatError as error:
    ...     print(error)
    map.yaml:2:9: invalid YAML: mapping values are not allowed ...
    """

    source: str | None
    line: int | None
    column: int | None

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where += f":{self.line}" if where else f"line {self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_format_error, (self.message, self.source, self.line, self.column))


def _rebuild_format_error(
    message: str, source: str | None, line: int | None, column: int | None
) -> FormatError:
    return FormatError(message, source=source, line=line, column=column)


class NotFoundError(JourneyError, KeyError):
    """A name (touchpoint id, renderer, template...) that does not exist.

    The message lists the names that do exist, so the caller can pick one.

    Examples
    --------
    >>> error = NotFoundError("touchpoint", "cart", ["ad", "checkout"])
    >>> print(error)
    no touchpoint 'cart'; known: 'ad', 'checkout'
    >>> isinstance(error, KeyError), isinstance(error, LookupError)
    (True, True)
    """

    kind: str
    name: str
    choices: tuple[str, ...]

    def __init__(self, kind: str, name: str, choices: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.choices = tuple(choices)
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = ", ".join(repr(c) for c in self.choices[:20])
        if len(self.choices) > 20:
            shown += f", ... ({len(self.choices)} in all)"
        known = f"; known: {shown}" if shown else "; there are none"
        from journeykit._suggest import hint

        return f"no {self.kind} {self.name!r}{known}{hint(self.name, self.choices)}"

    def __reduce__(self) -> tuple[object, ...]:
        return (NotFoundError, (self.kind, self.name, self.choices))


class RenderError(JourneyError):
    """A renderer could not produce its output (a missing backend, a failed tool).

    Examples
    --------
    >>> raise RenderError("Graphviz 'dot' was not found")
    Traceback (most recent call last):
    ...
    journeykit.errors.RenderError: Graphviz 'dot' was not found
    """


class JourneyWarning(UserWarning):
    """Something journeykit did that a caller may not expect, such as data a format cannot hold.

    Filter it like any warning: ``warnings.simplefilter("ignore", JourneyWarning)``
    silences it, ``"error"`` turns it into an exception.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("3 transitions are not written", JourneyWarning)
    >>> caught[0].category.__name__, str(caught[0].message)
    ('JourneyWarning', '3 transitions are not written')
    """
