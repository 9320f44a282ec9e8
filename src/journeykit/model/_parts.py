"""The parts of a journey map: personas, evidence, touchpoints, stages and transitions.

Each is a frozen, slotted attrs value object whose fields check themselves
(see :mod:`journeykit.model._convert`); the rules that concern the whole map
are the :class:`~journeykit.model.Journey`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from journeykit import validators, vocab
from journeykit.errors import ValidationError
from journeykit.model._convert import (
    Field,
    flag,
    items,
    labels,
    not_blank,
    numbers,
    optional_number,
    optional_text,
    pass_field,
    text,
    text_field,
    texts,
    whole,
)
from journeykit.model._ids import derive_id
from journeykit.model._kinds import (
    EVIDENCE_KINDS,
    MAX_COUNT,
    MAX_MAGNITUDE,
    TRANSITION_KINDS,
    VISIBILITIES,
    EvidenceKind,
    TransitionKind,
    Visibility,
)

__all__ = ["Evidence", "Persona", "Stage", "Touchpoint", "Transition"]

# The ranges of the numbers on a map, worded as "between 0 and 1", "at least 0"; the
# upper ends of counts and weights are worded apart ("at most 1e+15").
_EMOTION = validators.Range(vocab.EMOTION_MIN, vocab.EMOTION_MAX, wording="between")
_SHARE = validators.number(0, 1, optional=True, wording="between")
_WEIGHT = (
    validators.number(0, optional=True, wording="between"),
    validators.at_most(MAX_MAGNITUDE, optional=True),
)
_AGE = validators.Range(0, 150, whole=True, wording="between")
_COUNT = validators.Range(0, whole=True, wording="between")
_MOST_CUSTOMERS = validators.at_most(MAX_COUNT)


@attrs.frozen(kw_only=True, field_transformer=pass_field)
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

    kind: EvidenceKind = attrs.field(default="stated", validator=validators.one_of(EVIDENCE_KINDS))
    source: str = text_field()
    about: str = text_field()
    confidence: float | None = attrs.field(
        default=None, converter=optional_number, validator=_SHARE
    )
    note: str = text_field()


@attrs.frozen(kw_only=True, field_transformer=pass_field)
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

    id: str = text_field()
    name: str = attrs.field(converter=text, validator=not_blank)
    role: str = text_field()
    age: int | None = attrs.field(default=None, converter=whole)
    bio: str = text_field()
    quote: str = text_field()
    demographics: Mapping[str, str] = attrs.field(factory=dict, converter=labels)
    goals: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    frustrations: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    needs: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    motivations: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    interests: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    habits: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    channels: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    brands: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    image: str = text_field()

    def __attrs_post_init__(self) -> None:
        derive_id(self)
        if self.age is not None:
            _AGE.check("age", self.age)


def _evidence_items(
    value: Iterable[Evidence] | None, field: Field | None = None
) -> tuple[Evidence, ...]:
    return items(value, field, Evidence)


# Made once: a mined journey checks five metrics of each of its touchpoints.
_METRIC_RANGES = {
    name: validators.Range(info.low, info.high, wording="between")
    for name, info in vocab.METRICS.items()
    if info.low is not None
}


def _known_metrics(instance: object, attribute: Field, value: Mapping[str, float]) -> None:
    """Standard metrics (:data:`journeykit.vocab.METRICS`) must lie in their range."""
    for name, number in value.items():
        bounds = _METRIC_RANGES.get(name)
        if bounds is not None:
            bounds.check(f"{attribute.name}.{name}", number, note=vocab.METRICS[name].description)


@attrs.frozen(kw_only=True, field_transformer=pass_field)
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

    id: str = text_field()
    name: str = attrs.field(converter=text, validator=not_blank)
    channel: str = text_field()
    description: str = text_field()
    action: str = text_field()
    thought: str = text_field()
    questions: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    emotion: float | None = attrs.field(default=None, converter=optional_number)
    emotions: Mapping[str, float] = attrs.field(factory=dict, converter=numbers)
    pain_points: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    happy_moments: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    opportunities: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    tech_limits: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    owner: str = text_field()
    visibility: Visibility = attrs.field(
        default="frontstage", validator=validators.one_of(VISIBILITIES)
    )
    controlled: bool = attrs.field(default=True, converter=flag)
    moment_of_truth: bool = attrs.field(default=False, converter=flag)
    metrics: Mapping[str, float] = attrs.field(
        factory=dict, converter=numbers, validator=_known_metrics
    )
    evidence: tuple[Evidence, ...] = attrs.field(factory=tuple, converter=_evidence_items)
    tags: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)

    def __attrs_post_init__(self) -> None:
        derive_id(self)
        if self.emotion is not None:
            _EMOTION.check("emotion", self.emotion)
        for persona, score in self.emotions.items():
            _EMOTION.check(f"emotions.{persona}", score)

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


def _touchpoint_items(
    value: Iterable[Touchpoint | str] | None, field: Field | None = None
) -> tuple[Touchpoint, ...]:
    return items(value, field, Touchpoint, _touchpoint_named)


def _touchpoint_named(name: str) -> Touchpoint:
    return Touchpoint(name=name)


@attrs.frozen(kw_only=True, field_transformer=pass_field)
class Stage:
    """A phase of the journey (awareness, consideration...) and its touchpoints in order.

    Examples
    --------
    >>> s = Stage(name="Consideración", goal="Find the right tool",
    ...           touchpoints=["Compara herramientas", "Lee reseñas"])
    >>> s.id, [t.id for t in s.touchpoints]
    ('consideracion', ['compara-herramientas', 'lee-resenas'])
    """

    id: str = text_field()
    name: str = attrs.field(converter=text, validator=not_blank)
    description: str = text_field()
    goal: str = text_field()
    expectations: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    kpis: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    touchpoints: tuple[Touchpoint, ...] = attrs.field(factory=tuple, converter=_touchpoint_items)

    def __attrs_post_init__(self) -> None:
        derive_id(self)

    @classmethod
    def from_template(cls, name: str = "classic", *, lang: str = "en") -> tuple[Stage, ...]:
        """Return the empty stages of a named template, ready to fill with touchpoints.

        The templates are the stage sets of the seed material, in English and
        Spanish (see :data:`journeykit.vocab.STAGE_TEMPLATES`).

        Raises
        ------
        NotFoundError
            For an unknown template or language; the message lists the known ones.

        Examples
        --------
        >>> [s.id for s in Stage.from_template("questionpro")]
        ['awareness', 'consideration', 'decision', 'action', 'loyalty']
        >>> [s.name for s in Stage.from_template("hubspot", lang="es")]
        ['Reconocimiento', 'Consideración', 'Compra', 'Uso', 'Valoración']
        >>> Stage.from_template("nope")
        Traceback (most recent call last):
        ...
        journeykit.errors.NotFoundError: no stage template 'nope'; known: 'classic', ...
        """
        rows = vocab.stage_template(name, lang=lang)
        return tuple(cls(id=stage_id, name=stage_name) for stage_id, stage_name in rows)


@attrs.frozen(kw_only=True, field_transformer=pass_field)
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

    source: str = attrs.field(converter=text, validator=not_blank)
    target: str | None = attrs.field(default=None, converter=optional_text)
    kind: TransitionKind = attrs.field(
        default="next", validator=validators.one_of(TRANSITION_KINDS)
    )
    label: str = text_field()
    condition: str = text_field()
    probability: float | None = attrs.field(
        default=None, converter=optional_number, validator=_SHARE
    )
    count: int | None = attrs.field(default=None, converter=whole)
    weight: float | None = attrs.field(
        default=None, converter=optional_number, validator=list(_WEIGHT)
    )
    metrics: Mapping[str, float] = attrs.field(factory=dict, converter=numbers)

    def __attrs_post_init__(self) -> None:
        if self.kind == "exit" and self.target is not None:
            raise ValidationError.single("to", "an exit has no target; leave 'to' out")
        if self.kind != "exit" and self.target is None:
            raise ValidationError.single("to", f"a {self.kind} needs a target touchpoint")
        if self.count is not None:
            _COUNT.check("count", self.count)
            validators.check("count", self.count, _MOST_CUSTOMERS)
