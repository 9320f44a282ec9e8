"""The domain model: a journey, its personas, stages, touchpoints and transitions.

Every class is a frozen, slotted attrs value object: build it with keyword
arguments, change it with :func:`attrs.evolve`, compare it with ``==``.
Collections are tuples; a single text where a list is expected becomes a
one-item tuple, and a plain string where a :class:`Touchpoint` or
:class:`Stage` is expected becomes one with that name, so short maps stay short.

Rules that concern one field are checked when the object is built; rules that
concern the whole map (unique ids, transitions that point at existing
touchpoints, per-persona emotions for known personas) are checked when the
:class:`Journey` is built. Every failure is a :class:`~journeykit.ValidationError`
whose message names the field path and the rule.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(
...     title="Buying a car",
...     persona=jk.Persona(name="Daniela Vargas", age=32),
...     stages=[
...         jk.Stage(name="Awareness", touchpoints=[
...             jk.Touchpoint(name="Sees an ad", channel="social", emotion=1),
...         ]),
...         jk.Stage(name="Purchase", touchpoints=[
...             jk.Touchpoint(name="Signs the contract", channel="in-person", emotion=0),
...             jk.Touchpoint(name="Picks up the car", channel="in-person", emotion=2),
...         ]),
...     ],
... )
>>> [t.id for t in j.touchpoints]
['sees-an-ad', 'signs-the-contract', 'picks-up-the-car']
>>> j.persona.name
'Daniela Vargas'
>>> [(t.source, t.target) for t in j.flow][:1]
[('sees-an-ad', 'signs-the-contract')]
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import attrs

from journeykit import vocab
from journeykit.errors import NotFoundError, Problem, ValidationError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "MAX_PERSONAS",
    "Evidence",
    "EvidenceKind",
    "Journey",
    "Persona",
    "Stage",
    "State",
    "Touchpoint",
    "Transition",
    "TransitionKind",
    "Visibility",
    "slugify",
]

#: Where a touchpoint happens: seen by the customer, out of sight, or in supporting systems.
Visibility = Literal["frontstage", "backstage", "support"]
#: What a transition means: the expected step, a jump ahead, a way back, or leaving.
TransitionKind = Literal["next", "skip", "return", "exit"]
#: How a fact is known: said by someone, seen in data, or guessed by the team.
EvidenceKind = Literal["stated", "observed", "inferred"]
#: Whether a map shows today's experience or the designed one.
State = Literal["current", "future"]

VISIBILITIES: tuple[Visibility, ...] = ("frontstage", "backstage", "support")
TRANSITION_KINDS: tuple[TransitionKind, ...] = ("next", "skip", "return", "exit")
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("stated", "observed", "inferred")
STATES: tuple[State, ...] = ("current", "future")

#: How many personas one map may follow (each can have its own emotion per touchpoint).
MAX_PERSONAS = 5

_ID = re.compile(r"\w[\w.\-]*")
_T = TypeVar("_T")


def slugify(text: str) -> str:
    """Turn a name into an id: lower case, accents dropped, words joined by ``-``.

    Letters outside the Latin alphabet (CJK, Arabic, Cyrillic...) are kept, so
    every name with a letter or digit in it gives a usable id.

    Examples
    --------
    >>> slugify("Compara con otras herramientas")
    'compara-con-otras-herramientas'
    >>> slugify("¿Recomendación? ¡Sí!")
    'recomendacion-si'
    >>> slugify("注册 试用")
    '注册-试用'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", stripped).casefold())
    return "-".join(words)


# ---------------------------------------------------------------------------
# Converters and validators. They raise ValidationError naming the field, so the
# message reads the same whether the object came from Python or from a file.


def _fail(attribute: attrs.Attribute[Any], message: str) -> ValidationError:
    return ValidationError.single(attribute.name, message)


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Control characters and lone surrogates cannot be written to YAML, XML or most
# terminals; tab, line feed and carriage return are ordinary text.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class _ConversionError(Exception):
    """A converter's complaint: the message, and where below the field it applies."""

    def __init__(self, message: str, below: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.below = below


def _text(value: str) -> str:
    if not isinstance(value, str):
        raise _ConversionError(f"must be text, got {type(value).__name__} {_describe(value)}")
    bad = _UNPRINTABLE.search(value)
    if bad:
        raise _ConversionError(
            f"must not contain control characters, got U+{ord(bad.group()):04X} "
            f"at position {bad.start()}"
        )
    return value


def _texts(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """A tuple of strings; one string alone is a one-item tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise _ConversionError(
            f"must be a list of texts, got {type(value).__name__} {_describe(value)}"
        )
    items = tuple(value)
    for index, item in enumerate(items):
        try:
            _text(item)
        except _ConversionError as error:
            raise _ConversionError(error.message, f"[{index}]") from None
    return items


def _items(
    value: object, kind: type[_T], from_text: Callable[[str], _T] | None = None
) -> tuple[_T, ...]:
    """A tuple of ``kind``, making one from each string when ``from_text`` is given."""
    if value is None:
        return ()
    if isinstance(value, kind | str | Mapping):
        value = (value,)
    if not isinstance(value, Iterable):
        raise _ConversionError(f"must be a list, got {type(value).__name__} {_describe(value)}")
    out: list[_T] = []
    for index, item in enumerate(cast(Iterable[object], value)):
        if isinstance(item, kind):
            out.append(item)
        elif isinstance(item, str) and from_text is not None:
            try:
                out.append(from_text(item))
            except ValidationError as error:
                raise _ConversionError(
                    error.problems[0].message, f"[{index}].{error.problems[0].path}"
                ) from None
        else:
            raise _ConversionError(
                f"must be a {kind.__name__}, got {type(item).__name__} {_describe(item)}",
                f"[{index}]",
            )
    return tuple(out)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(value: Mapping[str, float] | None) -> dict[str, float]:
    """A mapping of names to finite numbers (metrics, per-persona emotions)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _ConversionError(f"must be a mapping of names to numbers, got {type(value).__name__}")
    out: dict[str, float] = {}
    for key, number in value.items():
        if not isinstance(key, str) or not key:
            raise _ConversionError(f"keys must be non-empty texts, got {_describe(key)}")
        if not _is_number(number) or not math.isfinite(number):
            raise _ConversionError(f"must be a finite number, got {_describe(number)}", f".{key}")
        out[key] = number
    return out


def _whole(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ConversionError(
            f"must be a whole number, got {type(value).__name__} {_describe(value)}"
        )
    return value


def _labels(value: Mapping[str, str] | None) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _ConversionError(f"must be a mapping of names to texts, got {type(value).__name__}")
    out: dict[str, str] = {}
    for key, text in value.items():
        if not isinstance(key, str) or not isinstance(text, str):
            raise _ConversionError(
                f"must map texts to texts, got {_describe(key)}: {_describe(text)}"
            )
        out[key] = text
    return out


def _optional_text(value: str | None) -> str | None:
    return None if value is None else _text(value)


def _optional_number(value: float | None) -> float | None:
    if value is None:
        return None
    if not _is_number(value):
        raise _ConversionError(f"must be a number, got {type(value).__name__} {_describe(value)}")
    return value


def _flag(value: bool) -> bool:
    if not isinstance(value, bool):
        raise _ConversionError(f"must be true or false, got {_describe(value)}")
    return value


def _not_blank(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise _fail(attribute, "must not be empty")


def _one_of(choices: Sequence[str]) -> Callable[[object, attrs.Attribute[Any], str], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in choices:
            listed = ", ".join(choices)
            raise _fail(attribute, f"must be one of {listed}, got {_describe(value)}")

    return check


def _between(
    low: float, high: float | None
) -> Callable[[object, attrs.Attribute[Any], float | None], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
        if value is None:
            return
        if not math.isfinite(value) or value < low or (high is not None and value > high):
            rule = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise _fail(attribute, f"must be {rule}, got {value!r}")

    return check


def _check_id(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _ID.fullmatch(value):
        raise _fail(
            attribute,
            f"must start with a letter or digit and hold only letters, digits, '-', '_' "
            f"and '.', got {_describe(value)}",
        )


def _check_emotion(path: str, value: float) -> None:
    if not math.isfinite(value) or not vocab.EMOTION_MIN <= value <= vocab.EMOTION_MAX:
        raise ValidationError.single(
            path, f"must be between {vocab.EMOTION_MIN} and {vocab.EMOTION_MAX}, got {value!r}"
        )


def _check_metrics(
    instance: object, attribute: attrs.Attribute[Any], value: Mapping[str, float]
) -> None:
    for name, number in value.items():
        info = vocab.METRICS.get(name)
        if info is None or info.low is None:
            continue
        if number < info.low or (info.high is not None and number > info.high):
            rule = (
                f"between {info.low:g} and {info.high:g}"
                if info.high is not None
                else f"at least {info.low:g}"
            )
            raise ValidationError.single(
                f"{attribute.name}.{name}", f"must be {rule} ({info.description}), got {number!r}"
            )


def _derive_id(instance: Any) -> None:
    """Fill an empty ``id`` from the name (frozen classes need object.__setattr__)."""
    if not instance.id:
        derived = slugify(instance.name)
        if not derived:
            raise ValidationError.single(
                "id",
                f"cannot be derived from the name {_describe(instance.name)}: give an id",
            )
        object.__setattr__(instance, "id", derived)
    _check_id(instance, attrs.fields(type(instance)).id, instance.id)


def _str_field() -> Any:
    """An optional text field (``""`` when not given)."""
    return attrs.field(default="", converter=_text)


def _named(cls: type[_T]) -> type[_T]:
    """Make ``cls.__init__`` name the field whose converter refused its value.

    attrs converters do not know their field, so a refusal is caught here and
    each converter is run again, in field order as attrs runs them, on the
    value given for it: the first that refuses is the field at fault.
    """
    init = cls.__init__

    @functools.wraps(init)
    def __init__(self: object, **kwargs: Any) -> None:  # noqa: N807
        try:
            init(self, **kwargs)
        except _ConversionError as error:
            raise _conversion_problem(cls, kwargs, error) from None

    cls.__init__ = __init__  # type: ignore[method-assign]
    return cls


def _conversion_problem(
    cls: type, kwargs: Mapping[str, Any], error: _ConversionError
) -> ValidationError:
    for field in attrs.fields(cls):
        name = field.alias or field.name
        if name in kwargs and callable(field.converter):
            try:
                field.converter(kwargs[name])
            except _ConversionError as refusal:
                return ValidationError.single(field.name + refusal.below, refusal.message)
    return ValidationError.single("", error.message)


def _metadata_value(value: Mapping[str, Any] | None) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _ConversionError(f"must be a mapping, got {type(value).__name__}")
    _check_plain(value, "")
    return dict(value)


def _check_plain(value: object, where: str, depth: int = 0) -> None:
    """Metadata must stay plain data so that every file format can hold it."""
    if depth > 20:
        raise _ConversionError("nested too deeply (more than 20 levels)", where)
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _ConversionError(f"must be a finite number, got {value!r}", where)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise _ConversionError(f"keys must be texts, got {_describe(key)}", where)
            _check_plain(item, f"{where}.{key}", depth + 1)
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_plain(item, f"{where}[{index}]", depth + 1)
        return
    raise _ConversionError(
        f"must be text, a number, true/false, a list or a mapping, got {type(value).__name__}",
        where,
    )


# ---------------------------------------------------------------------------
# The classes


@_named
@attrs.frozen(kw_only=True)
class Evidence:
    """Where a fact on the map came from and how sure the team is of it.

    Attributes
    ----------
    kind:
        ``stated`` (said in a workshop or interview), ``observed`` (seen in
        data: analytics, surveys, recordings) or ``inferred`` (the team's guess).
    source:
        Where to find it: a survey, a dashboard, a workshop and its date.
    about:
        Which fact it backs, by field name (``emotion``, ``pain_points``...);
        empty for the touchpoint as a whole.
    confidence:
        How sure, from 0 to 1.
    note:
        Anything else worth keeping.

    Examples
    --------
    >>> Evidence(kind="observed", source="CSAT survey Q3", about="emotion", confidence=0.8).kind
    'observed'
    """

    kind: EvidenceKind = attrs.field(default="stated", validator=_one_of(EVIDENCE_KINDS))
    source: str = _str_field()
    about: str = _str_field()
    confidence: float | None = attrs.field(
        default=None, converter=_optional_number, validator=_between(0, 1)
    )
    note: str = _str_field()


@_named
@attrs.frozen(kw_only=True)
class Persona:
    """The customer a map follows: who they are, what they want, where they are found.

    ``id`` is derived from the name when not given; per-persona emotions on
    touchpoints refer to it.

    Examples
    --------
    >>> p = Persona(name="Daniela Vargas", age=32, role="Mother of one, accountant",
    ...             goals=["A safe family car"], channels=["social", "review-sites"])
    >>> p.id, p.goals
    ('daniela-vargas', ('A safe family car',))
    """

    id: str = _str_field()
    name: str = attrs.field(converter=_text, validator=_not_blank)
    role: str = _str_field()
    age: int | None = attrs.field(default=None, converter=_whole)
    bio: str = _str_field()
    quote: str = _str_field()
    demographics: Mapping[str, str] = attrs.field(factory=dict, converter=_labels)
    goals: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    frustrations: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    needs: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    motivations: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    interests: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    habits: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    channels: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    brands: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    image: str = _str_field()

    def __attrs_post_init__(self) -> None:
        _derive_id(self)
        if self.age is not None and not 0 <= self.age <= 150:
            raise ValidationError.single("age", f"must be between 0 and 150, got {self.age}")


def _evidence_items(value: Iterable[Evidence] | None) -> tuple[Evidence, ...]:
    return _items(value, Evidence)


@_named
@attrs.frozen(kw_only=True)
class Touchpoint:
    """A moment where the customer meets the organisation, and what happens there.

    Attributes
    ----------
    id:
        Unique across the journey; derived from the name when empty.
    name:
        What happens, in a few words ("Reads user reviews").
    channel:
        Where: a standard channel id (see :data:`journeykit.vocab.CHANNELS`) or
        any other name.
    action, thought, questions:
        What the customer does, thinks (a quote) and asks here.
    emotion:
        How the customer feels, from -2 to +2 (see :mod:`journeykit.vocab`).
    emotions:
        One emotion per persona, by persona id, for maps that follow several.
    pain_points, happy_moments, opportunities, tech_limits:
        What hurts, what delights, what could be better, what technology blocks.
    owner:
        The team responsible inside the organisation.
    visibility:
        ``frontstage`` (the customer sees it), ``backstage`` (done for the
        customer, out of sight) or ``support`` (systems and processes behind).
    controlled:
        Whether the organisation controls the touchpoint (an ad) or not (word
        of mouth, review sites).
    moment_of_truth:
        Marked by the team as a moment that matters.
    metrics:
        Numbers by name: ``nps``, ``csat``, ``ces``, ``importance``,
        ``conversion``, ``traffic``, ``time_spent`` (see :data:`journeykit.vocab.METRICS`)
        or any other.
    evidence:
        Where the facts came from (:class:`Evidence`).

    Examples
    --------
    >>> t = Touchpoint(name="Lee reseñas de usuarios", channel="review-sites", emotion=-1,
    ...                pain_points="Too many options")
    >>> t.id, t.pain_points, t.valence
    ('lee-resenas-de-usuarios', ('Too many options',), 'negative')
    """

    id: str = _str_field()
    name: str = attrs.field(converter=_text, validator=_not_blank)
    channel: str = _str_field()
    description: str = _str_field()
    action: str = _str_field()
    thought: str = _str_field()
    questions: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    emotion: float | None = attrs.field(default=None, converter=_optional_number)
    emotions: Mapping[str, float] = attrs.field(factory=dict, converter=_numbers)
    pain_points: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    happy_moments: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    opportunities: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    tech_limits: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    owner: str = _str_field()
    visibility: Visibility = attrs.field(default="frontstage", validator=_one_of(VISIBILITIES))
    controlled: bool = attrs.field(default=True, converter=_flag)
    moment_of_truth: bool = attrs.field(default=False, converter=_flag)
    metrics: Mapping[str, float] = attrs.field(
        factory=dict, converter=_numbers, validator=_check_metrics
    )
    evidence: tuple[Evidence, ...] = attrs.field(factory=tuple, converter=_evidence_items)
    tags: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def __attrs_post_init__(self) -> None:
        _derive_id(self)
        if self.emotion is not None:
            _check_emotion("emotion", self.emotion)
        for persona, score in self.emotions.items():
            _check_emotion(f"emotions.{persona}", score)

    @property
    def valence(self) -> vocab.Valence | None:
        """The valence of :attr:`emotion`, or None when the map gives none.

        Examples
        --------
        >>> Touchpoint(name="Pays", emotion=0.2).valence
        'neutral'
        """
        return None if self.emotion is None else vocab.valence(self.emotion)

    def emotion_for(self, persona: str | None = None) -> float | None:
        """Return the emotion of one persona, falling back on :attr:`emotion`.

        Examples
        --------
        >>> t = Touchpoint(name="Pays", emotion=1, emotions={"carlos": -2})
        >>> t.emotion_for("carlos"), t.emotion_for("ana"), t.emotion_for()
        (-2, 1, 1)
        """
        if persona is not None and persona in self.emotions:
            return self.emotions[persona]
        return self.emotion


def _touchpoint_items(value: Iterable[Touchpoint | str] | None) -> tuple[Touchpoint, ...]:
    return _items(value, Touchpoint, _touchpoint_named)


def _touchpoint_named(name: str) -> Touchpoint:
    return Touchpoint(name=name)


@_named
@attrs.frozen(kw_only=True)
class Stage:
    """A phase of the journey (awareness, consideration...) and its touchpoints in order.

    Examples
    --------
    >>> s = Stage(name="Consideración", goal="Find the right tool",
    ...           touchpoints=["Compara herramientas", "Lee reseñas"])
    >>> s.id, [t.id for t in s.touchpoints]
    ('consideracion', ['compara-herramientas', 'lee-resenas'])
    """

    id: str = _str_field()
    name: str = attrs.field(converter=_text, validator=_not_blank)
    description: str = _str_field()
    goal: str = _str_field()
    expectations: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    kpis: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    touchpoints: tuple[Touchpoint, ...] = attrs.field(factory=tuple, converter=_touchpoint_items)

    def __attrs_post_init__(self) -> None:
        _derive_id(self)


@_named
@attrs.frozen(kw_only=True)
class Transition:
    """A way from one touchpoint to another, or out of the journey.

    Touchpoints in document order already form the main path (see
    :attr:`Journey.flow`); transitions add the rest: skips, returns to an
    earlier point, exits, and the odds of each.

    Attributes
    ----------
    source, target:
        Touchpoint ids (``from`` and ``to`` in files). An ``exit`` has no target.
    kind:
        ``next`` (the expected step), ``skip`` (jumps ahead), ``return`` (goes
        back: a loop) or ``exit`` (leaves the journey).
    label, condition:
        What happens, and when this way is taken ("if the cart is abandoned").
    probability:
        The share of customers at ``source`` who take this way, from 0 to 1.
    count:
        How many customers took this way (from data).
    weight:
        Any relative weight, when neither odds nor counts are known.
    metrics:
        Other numbers, such as ``median_seconds`` between the two touchpoints.

    Examples
    --------
    >>> Transition(source="cart", kind="exit", label="abandons the cart").target is None
    True
    >>> Transition(source="cart", kind="return")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: to: a return needs a target touchpoint
    """

    source: str = attrs.field(converter=_text, validator=_not_blank)
    target: str | None = attrs.field(default=None, converter=_optional_text)
    kind: TransitionKind = attrs.field(default="next", validator=_one_of(TRANSITION_KINDS))
    label: str = _str_field()
    condition: str = _str_field()
    probability: float | None = attrs.field(
        default=None, converter=_optional_number, validator=_between(0, 1)
    )
    count: int | None = attrs.field(default=None, converter=_whole)
    weight: float | None = attrs.field(
        default=None, converter=_optional_number, validator=_between(0, None)
    )
    metrics: Mapping[str, float] = attrs.field(factory=dict, converter=_numbers)

    def __attrs_post_init__(self) -> None:
        if self.kind == "exit" and self.target is not None:
            raise ValidationError.single("to", "an exit has no target; leave 'to' out")
        if self.kind != "exit" and self.target is None:
            raise ValidationError.single("to", f"a {self.kind} needs a target touchpoint")
        if self.count is not None and self.count < 0:
            raise ValidationError.single("count", f"must be at least 0, got {self.count}")


def _persona_named(name: str) -> Persona:
    return Persona(name=name)


def _stage_named(name: str) -> Stage:
    return Stage(name=name)


def _persona_items(value: Iterable[Persona | str] | Persona | str | None) -> tuple[Persona, ...]:
    return _items(value, Persona, _persona_named)


def _stage_items(value: Iterable[Stage | str] | None) -> tuple[Stage, ...]:
    return _items(value, Stage, _stage_named)


def _transition_items(value: Iterable[Transition] | None) -> tuple[Transition, ...]:
    return _items(value, Transition)


@attrs.frozen(kw_only=True, init=False)
class Journey:
    """A customer journey map: one goal, the personas it follows, stages, touchpoints and flow.

    Parameters
    ----------
    title:
        What the map is called.
    persona, personas:
        The customer the map follows, or up to five of them (``persona`` is a
        shorthand for a single one).
    goal:
        Why the map exists ("why do carts get abandoned?").
    scope:
        How wide it looks: one flow, or the whole lifecycle.
    scenario:
        The customer's situation when the journey starts.
    expectations:
        What the customer expects from the organisation.
    state:
        ``current`` (today's experience) or ``future`` (the designed one).
    stages:
        The phases in order, each with its touchpoints in order.
    transitions:
        Skips, returns, exits and branches beyond the main path.
    linear:
        Whether touchpoints in document order form the main path (default);
        set it to false to spell out every step in ``transitions``.
    lang:
        The language the map is written in (``en``, ``es``...), for renderers'
        lane titles.
    metadata:
        Free data: author, date, version, source...

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Flowers", stages=[
    ...     jk.Stage(name="Find", touchpoints=["Sees a Google ad", "Visits the site"]),
    ...     jk.Stage(name="Buy", touchpoints=["Checks out"]),
    ... ], transitions=[jk.Transition(source="checks-out", kind="exit", label="leaves")])
    >>> j.touchpoint("visits-the-site").name
    'Visits the site'
    >>> j.stage_of("checks-out").name
    'Buy'
    >>> j.main_path
    ('sees-a-google-ad', 'visits-the-site', 'checks-out')
    """

    title: str = attrs.field(converter=_text, validator=_not_blank)
    description: str = _str_field()
    personas: tuple[Persona, ...] = attrs.field(factory=tuple, converter=_persona_items)
    goal: str = _str_field()
    scope: str = _str_field()
    scenario: str = _str_field()
    expectations: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    state: State = attrs.field(default="current", validator=_one_of(STATES))
    lang: str = attrs.field(default="en", converter=_text)
    stages: tuple[Stage, ...] = attrs.field(factory=tuple, converter=_stage_items)
    transitions: tuple[Transition, ...] = attrs.field(factory=tuple, converter=_transition_items)
    linear: bool = attrs.field(default=True, converter=_flag)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, converter=_metadata_value)
    tags: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    _touchpoints: tuple[Touchpoint, ...] = attrs.field(init=False, eq=False, repr=False)
    _by_id: Mapping[str, tuple[int, Touchpoint]] = attrs.field(init=False, eq=False, repr=False)
    _stage_by_id: Mapping[str, Stage] = attrs.field(init=False, eq=False, repr=False)
    _stage_of: Mapping[str, Stage] = attrs.field(init=False, eq=False, repr=False)

    def __init__(
        self,
        *,
        title: str,
        persona: Persona | str | None = None,
        personas: Iterable[Persona | str] = (),
        description: str = "",
        goal: str = "",
        scope: str = "",
        scenario: str = "",
        expectations: Iterable[str] | str = (),
        state: State = "current",
        lang: str = "en",
        stages: Iterable[Stage | str] = (),
        transitions: Iterable[Transition] = (),
        linear: bool = True,
        metadata: Mapping[str, Any] | None = None,
        tags: Iterable[str] | str = (),
    ) -> None:
        if persona is not None:
            if personas:
                raise ValidationError.single("persona", "give persona or personas, not both")
            personas = (persona,)
        arguments: dict[str, Any] = {
            "title": title,
            "description": description,
            "personas": personas,
            "goal": goal,
            "scope": scope,
            "scenario": scenario,
            "expectations": expectations,
            "state": state,
            "lang": lang,
            "stages": stages,
            "transitions": transitions,
            "linear": linear,
            "metadata": metadata or {},
            "tags": tags,
        }
        try:
            self.__attrs_init__(**arguments)
        except _ConversionError as error:
            raise _conversion_problem(Journey, arguments, error) from None

    def __attrs_post_init__(self) -> None:
        touchpoints = tuple(t for s in self.stages for t in s.touchpoints)
        object.__setattr__(self, "_touchpoints", touchpoints)
        problems = list(_check_journey(self))
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "_by_id", {t.id: (i, t) for i, t in enumerate(touchpoints)})
        object.__setattr__(self, "_stage_by_id", {s.id: s for s in self.stages})
        object.__setattr__(self, "_stage_of", {t.id: s for s in self.stages for t in s.touchpoints})

    # -- lookups -------------------------------------------------------------

    @property
    def persona(self) -> Persona | None:
        """The first (main) persona, or None when the map names none."""
        return self.personas[0] if self.personas else None

    @property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        """Every touchpoint, in journey order (stage by stage)."""
        return self._touchpoints

    def touchpoint(self, id: str) -> Touchpoint:
        """Return the touchpoint with this id.

        Raises
        ------
        NotFoundError
            When there is none; the message lists the ids that exist.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A"])])
        >>> j.touchpoint("b")
        Traceback (most recent call last):
        ...
        journeykit.errors.NotFoundError: no touchpoint 'b'; known: 'a'
        """
        try:
            return self._by_id[id][1]
        except KeyError:
            raise NotFoundError("touchpoint", id, self._by_id) from None

    def position(self, id: str) -> int:
        """Return the place of a touchpoint in journey order, from 0.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
        >>> j.position("b")
        1
        """
        try:
            return self._by_id[id][0]
        except KeyError:
            raise NotFoundError("touchpoint", id, self._by_id) from None

    def stage(self, id: str) -> Stage:
        """Return the stage with this id (raises :class:`NotFoundError` listing the ids)."""
        try:
            return self._stage_by_id[id]
        except KeyError:
            raise NotFoundError("stage", id, self._stage_by_id) from None

    def stage_of(self, touchpoint: str) -> Stage:
        """Return the stage a touchpoint belongs to."""
        try:
            return self._stage_of[touchpoint]
        except KeyError:
            raise NotFoundError("touchpoint", touchpoint, self._by_id) from None

    def persona_by_id(self, id: str) -> Persona:
        """Return the persona with this id (raises :class:`NotFoundError` listing the ids)."""
        for persona in self.personas:
            if persona.id == id:
                return persona
        raise NotFoundError("persona", id, [p.id for p in self.personas])

    # -- flow ----------------------------------------------------------------

    @property
    def main_path(self) -> tuple[str, ...]:
        """The touchpoint ids in journey order: the path most customers follow."""
        return tuple(t.id for t in self._touchpoints)

    @property
    def flow(self) -> tuple[Transition, ...]:
        """Every transition: the explicit ones, then the implied steps of the main path.

        When :attr:`linear` is true, each touchpoint leads to the next one in
        journey order, unless an explicit ``next`` transition leaves it
        already, an explicit transition already joins the two, or the
        probabilities of its explicit transitions already add up to 1 (nobody
        is left to take the main path). Implied steps carry no probability or
        count: they take the share the explicit ones leave.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
        ...                transitions=[jk.Transition(source="a", target="c", kind="next")])
        >>> [(t.source, t.target, t.kind) for t in j.flow]
        [('a', 'c', 'next'), ('b', 'c', 'next')]
        """
        return self.transitions + tuple(self._implied_steps())

    def _implied_steps(self) -> Iterator[Transition]:
        if not self.linear:
            return
        leaves_by_next = {t.source for t in self.transitions if t.kind == "next"}
        joined = {(t.source, t.target) for t in self.transitions if t.target is not None}
        shares = _explicit_shares(self.transitions)
        ids = self.main_path
        for here, there in itertools.pairwise(ids):
            if (
                here not in leaves_by_next
                and (here, there) not in joined
                and shares.get(here, 0.0) < 1 - 1e-9
            ):
                yield Transition(source=here, target=there)

    def transitions_from(self, id: str) -> tuple[Transition, ...]:
        """Every transition of :attr:`flow` that leaves the touchpoint ``id``."""
        self.position(id)
        return tuple(t for t in self.flow if t.source == id)

    # -- other views -----------------------------------------------------------

    def to_networkx(self) -> nx.DiGraph:
        """Return the journey as a :class:`networkx.DiGraph` (see :mod:`journeykit.graph`)."""
        from journeykit.graph import to_networkx

        return to_networkx(self)

    @classmethod
    def from_networkx(cls, graph: nx.DiGraph) -> Journey:
        """Build a journey back from a graph made by :meth:`to_networkx`."""
        from journeykit.graph import from_networkx

        return from_networkx(graph)

    def _repr_markdown_(self) -> str:
        from journeykit.renderers.notebook import repr_markdown

        return repr_markdown(self)

    def _repr_html_(self) -> str | None:
        from journeykit.renderers.notebook import repr_html

        return repr_html(self)


def _explicit_shares(transitions: Iterable[Transition]) -> dict[str, float]:
    """The probabilities of the explicit transitions, added up by source touchpoint."""
    shares: dict[str, float] = {}
    for transition in transitions:
        if transition.probability is not None:
            shares[transition.source] = shares.get(transition.source, 0.0) + transition.probability
    return shares


def _check_journey(journey: Journey) -> Iterator[Problem]:
    """The rules that concern the whole map, each problem with its path."""
    if len(journey.personas) > MAX_PERSONAS:
        yield Problem(
            "personas",
            f"a map follows at most {MAX_PERSONAS} personas, got {len(journey.personas)}",
        )
    persona_ids: dict[str, int] = {}
    for index, persona in enumerate(journey.personas):
        if persona.id in persona_ids:
            first = persona_ids[persona.id]
            yield Problem(
                f"personas[{index}].id", f"{persona.id!r} is already used by personas[{first}]"
            )
        persona_ids.setdefault(persona.id, index)

    seen: dict[str, str] = {}
    for s_index, stage in enumerate(journey.stages):
        where = f"stages[{s_index}]"
        if stage.id in seen:
            yield Problem(f"{where}.id", f"{stage.id!r} is already used by {seen[stage.id]}")
        seen.setdefault(stage.id, where)
        for t_index, touchpoint in enumerate(stage.touchpoints):
            here = f"{where}.touchpoints[{t_index}]"
            if touchpoint.id in seen:
                yield Problem(
                    f"{here}.id", f"{touchpoint.id!r} is already used by {seen[touchpoint.id]}"
                )
            seen.setdefault(touchpoint.id, here)
            for persona_id in touchpoint.emotions:
                if persona_id not in persona_ids:
                    known = ", ".join(persona_ids) or "none"
                    yield Problem(
                        f"{here}.emotions.{persona_id}",
                        f"no persona with id {persona_id!r}; personas: {known}",
                    )

    touchpoint_ids = {t.id for t in journey.touchpoints}
    for index, transition in enumerate(journey.transitions):
        where = f"transitions[{index}]"
        for key, end in (("from", transition.source), ("to", transition.target)):
            if end is not None and end not in touchpoint_ids:
                hint = " (that is a stage; transitions join touchpoints)" if end in seen else ""
                yield Problem(f"{where}.{key}", f"no touchpoint {end!r}{hint}")
    for source, total in _explicit_shares(journey.transitions).items():
        if total > 1 + 1e-6:
            yield Problem(
                "transitions",
                f"the probabilities of the transitions from {source!r} add up to {total:g}, "
                "more than 1",
            )
