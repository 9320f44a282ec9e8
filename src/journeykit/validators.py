"""One way to say no: the small checks every part of journeykit uses.

The model's fields, every renderer's options and the command line check their
values with these callables, so the same mistake gets the same error type
(:class:`~journeykit.ValidationError`, a ``ValueError``) and the same wording
everywhere, naming the field and listing what is allowed. They follow attrs'
own shapes: ``one_of``, ``number`` and ``boolean`` are validators
(``validator=``), ``names`` is a converter (``converter=``) that also reads
the comma-separated lists the command line passes (``-O lanes=actions,emotions``).
:class:`Range` checks a number anywhere else (a value inside a mapping, say)
with the same words as ``number``.

Third-party renderers are welcome to use them for their own options.

Examples
--------
>>> import attrs
>>> from journeykit import validators
>>> @attrs.frozen(kw_only=True)
... class Options:
...     output: str = attrs.field(default="svg", validator=validators.one_of(("svg", "png")))
...     scale: float = attrs.field(default=1.0, validator=validators.number(0.1, 4))
...     lanes: tuple[str, ...] = attrs.field(
...         default=(), converter=validators.names(("actions", "emotions"), "lane"))
>>> Options(lanes="actions, emotions").lanes
('actions', 'emotions')
>>> Options(output="jpg")
Traceback (most recent call last):
...
journeykit.errors.ValidationError: output: must be one of svg, png, got 'jpg'
>>> Options(lanes=["gossip"])
Traceback (most recent call last):
...
journeykit.errors.ValidationError: lanes: no lane 'gossip'; must be any of actions, emotions
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import attrs

from journeykit.errors import ValidationError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = [
    "UNPRINTABLE",
    "Range",
    "Validator",
    "at_most",
    "boolean",
    "check",
    "check_journey",
    "describe",
    "journey",
    "names",
    "number",
    "one_of",
    "pattern",
    "printable",
    "trends",
]

#: The shape of an attrs validator: ``(instance, attribute, value) -> None``, raising when wrong.
Validator = Callable[[object, "attrs.Attribute[Any]", Any], None]


#: What no text may hold: control characters (tab, line feed and carriage return are
#: text) and unpaired surrogates, which YAML, XML and terminals cannot carry.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# How many leading digits a whole number too long to show keeps.
_LEADING_DIGITS = 7


def describe(value: object, limit: int = 60) -> str:
    """Return ``repr(value)``, cut to ``limit`` characters: how errors show what they got.

    A whole number too long for ``limit`` shows its first digits and how many
    it has, whatever its size (Python cannot print one of over 4,300 digits).

    Examples
    --------
    >>> describe("x" * 100, limit=10)
    "'xxxxxx..."
    >>> describe(-(10**400))
    '-1000000…(401 digits)'
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return _whole(value, limit)
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _whole(value: int, limit: int) -> str:
    """A whole number in full when it fits ``limit``, else its first digits and its length."""
    sign = "-" if value < 0 else ""
    size = abs(value)
    try:
        digits = str(size)
    except ValueError:  # more digits than Python prints: count them by arithmetic
        count = int(math.log10(size)) + 1
        count += size >= 10**count  # the logarithm is a float: it may be one off either way
        count -= size < 10 ** (count - 1)
        head = str(size // 10 ** (count - _LEADING_DIGITS))
    else:
        if len(sign) + len(digits) <= limit:
            return sign + digits
        count, head = len(digits), digits[:_LEADING_DIGITS]
    return f"{sign}{head}…({count} digits)"


def one_of(choices: Sequence[object]) -> Validator:
    """Return a validator that accepts only the given choices.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     layout: str = attrs.field(validator=one_of(("rows", "columns")))
    >>> A("grid")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: layout: must be one of rows, columns, got 'grid'
    """
    listed = ", ".join(str(c) for c in choices)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise ValidationError.single(
                attribute.name, f"must be one of {listed}, got {describe(value)}"
            )

    return check


@attrs.frozen
class Range:
    """A range of finite numbers, from ``low`` to ``high`` (no upper end: None), and its words.

    ``whole`` asks for an ``int``. ``True`` and ``False`` are not numbers here,
    though Python counts them as ``int``. ``wording`` says how errors word the
    rule: ``"from"`` names the kind of number ("a number from 0 to 1", "a whole
    number of at least 8"); ``"between"`` words the range alone ("between -2
    and 2", "at least 0"), for values whose type is checked already (the
    model's emotions, shares and counts).

    Examples
    --------
    >>> emotion = Range(-2, 2, wording="between")
    >>> emotion.rule, 1.5 in emotion, float("nan") in emotion, True in emotion
    ('between -2 and 2', True, False, False)
    >>> emotion.check("emotions.ana", 7)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: emotions.ana: must be between -2 and 2, got 7
    >>> Range(0, 1).check("csat", 3, note="a share")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: csat: must be a number from 0 to 1 (a share), got 3
    """

    low: float
    high: float | None = None
    whole: bool = False
    wording: Literal["from", "between"] = "from"

    @property
    def rule(self) -> str:
        """What the range allows, as errors word it after "must be"."""
        low, high = f"{self.low:g}", None if self.high is None else f"{self.high:g}"
        if self.wording == "between":
            return f"between {low} and {high}" if high is not None else f"at least {low}"
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {low} to {high}" if high is not None else f"{kind} of at least {low}"

    def __contains__(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int if self.whole else (int, float)):
            return False
        # A whole number is finite, and may be too large for a float: compare it as it is.
        finite = not isinstance(value, float) or math.isfinite(value)
        return finite and self.low <= value and (self.high is None or value <= self.high)

    def check(self, path: str, value: object, note: str = "") -> None:
        """Raise a :class:`~journeykit.ValidationError` at ``path`` unless ``value`` is in range.

        ``note`` goes in brackets after the rule: what the number means.
        """
        if value not in self:
            explained = f"{self.rule} ({note})" if note else self.rule
            raise ValidationError.single(path, f"must be {explained}, got {describe(value)}")


def number(
    low: float,
    high: float | None = None,
    *,
    whole: bool = False,
    optional: bool = False,
    wording: Literal["from", "between"] = "from",
) -> Validator:
    """Return a validator for a finite number from ``low`` to ``high`` (no upper end: None).

    ``whole`` asks for an ``int``; ``optional`` lets ``None`` through. ``True``
    and ``False`` are not numbers here, though Python counts them as ``int``.
    ``wording`` says how the error words the rule (see :class:`Range`).

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     wrap: int = attrs.field(validator=number(8, whole=True))
    ...     share: float = attrs.field(default=0, validator=number(0, 1, wording="between"))
    >>> A(4)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: wrap: must be a whole number of at least 8, got 4
    >>> A(8, share=1.5)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: share: must be between 0 and 1, got 1.5
    """
    bounds = Range(low, high, whole=whole, wording=wording)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        bounds.check(attribute.name, value)

    return check


def at_most(high: float, *, optional: bool = False) -> Validator:
    """Return a validator for a number no greater than ``high``; ``optional`` lets None through.

    For a bound on top of a rule that checks the number's type and lower end
    already (:func:`number` with no upper end), so that each end of the range
    is worded on its own: "at least 0" for a negative count, "at most 1e+15"
    for a huge one.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     count: int = attrs.field(validator=[number(0, whole=True), at_most(10**15)])
    >>> A(10**400)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: count: must be at most 1e+15, got 1000000…(401 digits)
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if isinstance(value, int | float) and value > high:
            raise ValidationError.single(
                attribute.name, f"must be at most {high:g}, got {describe(value)}"
            )

    return check


def printable(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    r"""Accept text that holds nothing :data:`UNPRINTABLE`: no control character, no lone surrogate.

    Tabs and line breaks are text. Every text of a journey keeps this rule, so
    that whatever is written to a file can be read back, and no terminal or
    XML document receives a control character.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     name: str = attrs.field(validator=printable)
    >>> A("Tab\there").name
    'Tab\there'
    >>> A("Bell\x07")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: name: must not contain control characters, got U+0007 ...
    >>> A(3)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: name: must be text, got int 3
    """
    if not isinstance(value, str):
        raise ValidationError.single(
            attribute.name, f"must be text, got {type(value).__name__} {describe(value)}"
        )
    bad = UNPRINTABLE.search(value)
    if bad:
        raise ValidationError.single(
            attribute.name,
            f"must not contain control characters, got U+{ord(bad.group()):04X} "
            f"at position {bad.start()}",
        )


def boolean(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept ``True`` and ``False`` only (not ``1``, not ``"yes"``).

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     compact: bool = attrs.field(validator=boolean)
    >>> A("yes")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: compact: must be true or false, got 'yes'
    """
    if not isinstance(value, bool):
        raise ValidationError.single(
            attribute.name, f"must be true or false, got {describe(value)}"
        )


def names(
    choices: Sequence[str], what: str, *, optional: bool = False, unique: bool = True
) -> attrs.Converter[Any, Any]:
    """Return a converter for a list of names taken from ``choices`` (lanes, say).

    It takes a list or tuple of names, one name, or names separated by commas
    (what the command line gives), and returns a tuple. ``optional`` lets
    ``None`` through; ``unique`` refuses a name given twice.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     lanes: tuple[str, ...] = attrs.field(converter=names(("a", "b"), "lane"))
    >>> A("b,a").lanes
    ('b', 'a')
    >>> A(["a", "a"])
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: lanes: each lane may appear once, got 'a' twice
    """
    listed = ", ".join(choices)

    def convert(value: object, attribute: attrs.Attribute[Any]) -> tuple[str, ...] | None:
        field = attribute.name
        if value is None and optional:
            return None
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, Iterable) or isinstance(value, dict):
            raise ValidationError.single(
                field, f"must be a list of {what} names, got {describe(value)}"
            )
        items = tuple(value)
        seen: set[str] = set()
        for item in items:
            if not isinstance(item, str):
                raise ValidationError.single(
                    field, f"must hold {what} names, got {type(item).__name__} {describe(item)}"
                )
            if item not in choices:
                raise ValidationError.single(
                    field, f"no {what} {describe(item)}; must be any of {listed}"
                )
            if unique and item in seen:
                raise ValidationError.single(
                    field, f"each {what} may appear once, got {describe(item)} twice"
                )
            seen.add(item)
        return items

    return attrs.Converter(convert, takes_field=True)


def check_journey(journey: object, name: str = "journey") -> Journey:
    """Return ``journey`` when it is a :class:`~journeykit.Journey`, else raise.

    Every public function that takes a journey (``render``, every renderer,
    ``dumps``, every analysis helper) calls this first, so a wrong argument
    gets the same clear error everywhere.

    Raises
    ------
    ValidationError
        When it is anything else; the message names the parameter.

    Examples
    --------
    >>> check_journey("car.yaml")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: journey: must be a Journey, got str 'car.yaml'
    (load files with journeykit.load)
    """
    from journeykit.model import Journey  # the model imports this module: look it up late

    if not isinstance(journey, Journey):
        raise ValidationError.single(
            name,
            f"must be a Journey, got {type(journey).__name__} {describe(journey, 40)} "
            "(load files with journeykit.load)",
        )
    return journey


def journey(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a :class:`~journeykit.Journey` only: :func:`check_journey` as a validator.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     compare: object = attrs.field(validator=journey)
    >>> A({"title": "T"})
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: compare: must be a Journey, got dict {'title': 'T'}
    (load files with journeykit.load)
    """
    check_journey(value, attribute.name)


def trends(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept None or the :class:`~journeykit.analysis.Trends` of a drawing's ``trends`` option.

    >>> import journeykit as jk
    >>> jk.render(jk.Journey(title="T"), "markdown", trends=3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    journeykit.errors.ValidationError: trends: must be the Trends of ..., got 3
    """
    from journeykit.analysis import Trends  # the analysis layer, only when one is given

    if value is not None and not isinstance(value, Trends):
        what = "the Trends of journeykit.analysis.trends"
        raise ValidationError.single(attribute.name, f"must be {what}, got {describe(value)}")


def pattern(regex: str | re.Pattern[str], what: str) -> Validator:
    """Return a validator for text that matches ``regex`` in full; ``what`` names what is wanted.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class A:
    ...     ending: str = attrs.field(validator=pattern("[.][a-z]+", "a file ending like '.svg'"))
    >>> A(".svg").ending
    '.svg'
    >>> A("svg")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: ending: must be a file ending like '.svg', got 'svg'
    """
    compiled = re.compile(regex)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not (isinstance(value, str) and compiled.fullmatch(value)):
            raise ValidationError.single(attribute.name, f"must be {what}, got {describe(value)}")

    return check


_T = TypeVar("_T")


@attrs.frozen
class _Named:
    """What a validator reads of an attrs field: its name (for checks outside a class)."""

    name: str


def check(name: str, value: _T, *validators: Validator) -> _T:
    """Run validators on one value outside an attrs class, naming it ``name``; return the value.

    For the arguments of plain functions and command-line flags, so that they
    say no in the same words as the options of a class.

    Examples
    --------
    >>> check("top", 3, number(1, whole=True))
    3
    >>> check("--top", 0, number(1, whole=True))
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: --top: must be a whole number of at least 1, got 0
    """
    field = cast("attrs.Attribute[Any]", _Named(name))
    for validator in validators:
        validator(None, field, value)
    return value
