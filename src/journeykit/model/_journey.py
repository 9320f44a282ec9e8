"""The journey map itself, and the rules that concern the whole map.

A :class:`Journey` holds the personas, stages (with their touchpoints) and
transitions, checks what no single part can (unique ids, transitions that
point at touchpoints, per-persona emotions for known personas, odds that add
up to at most 1), and answers lookups by id and the flow of the map.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from journeykit import validators
from journeykit._suggest import hint as suggest
from journeykit.errors import NotFoundError, Problem, ValidationError
from journeykit.model._convert import (
    Field,
    flag,
    items,
    not_blank,
    pass_field,
    plain_data,
    text,
    text_field,
    texts,
)
from journeykit.model._kinds import MAX_PERSONAS, STATES, State
from journeykit.model._parts import Persona, Stage, Touchpoint, Transition

if TYPE_CHECKING:
    import networkx as nx

    from journeykit.graph import JourneyGraph

__all__ = ["Journey"]


def _persona_named(name: str) -> Persona:
    return Persona(name=name)


def _stage_named(name: str) -> Stage:
    return Stage(name=name)


def _persona_items(
    value: Iterable[Persona | str] | Persona | str | None, field: Field | None = None
) -> tuple[Persona, ...]:
    return items(value, field, Persona, _persona_named)


def _stage_items(
    value: Iterable[Stage | str] | None, field: Field | None = None
) -> tuple[Stage, ...]:
    return items(value, field, Stage, _stage_named)


def _transition_items(
    value: Iterable[Transition] | None, field: Field | None = None
) -> tuple[Transition, ...]:
    return items(value, field, Transition)


@attrs.frozen(kw_only=True, init=False, field_transformer=pass_field)
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
        Whether touchpoints in document order form the main path (default),
        each leading to the next; set it to false to spell out every step in
        ``transitions``. The main path of a journey that is not linear is
        the most travelled path by the transitions' counts (mined journeys),
        or journey order when the map has no counts (see ``Journey.main_path``).
    lang:
        The language the map is written in (``en``, ``es``...), for renderers'
        lane titles.
    metadata:
        Free data: author, date, version, source...

    Notes
    -----
    A journey draws itself in notebooks (Jupyter, VS Code...) through the
    display hooks ``_repr_markdown_`` and ``_repr_html_``. They are the model's
    one link to the renderers, and a lazy one: :mod:`journeykit.renderers.notebook`
    is imported on the first display, never when the model is.

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

    title: str = attrs.field(converter=text, validator=not_blank)
    description: str = text_field()
    personas: tuple[Persona, ...] = attrs.field(factory=tuple, converter=_persona_items)
    goal: str = text_field()
    scope: str = text_field()
    scenario: str = text_field()
    expectations: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
    state: State = attrs.field(default="current", validator=validators.one_of(STATES))
    lang: str = attrs.field(default="en", converter=text)
    stages: tuple[Stage, ...] = attrs.field(factory=tuple, converter=_stage_items)
    transitions: tuple[Transition, ...] = attrs.field(factory=tuple, converter=_transition_items)
    linear: bool = attrs.field(default=True, converter=flag)
    metadata: Mapping[str, Any] = attrs.field(factory=dict, converter=plain_data)
    tags: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)

    _touchpoints: tuple[Touchpoint, ...] = attrs.field(init=False, eq=False, repr=False)
    _by_id: Mapping[str, tuple[int, Touchpoint]] = attrs.field(init=False, eq=False, repr=False)
    _stage_by_id: Mapping[str, Stage] = attrs.field(init=False, eq=False, repr=False)
    _stage_of: Mapping[str, Stage] = attrs.field(init=False, eq=False, repr=False)
    # What is derived from the (frozen) journey once and kept: the flow, the graph view.
    _cache: dict[str, Any] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    # Keyword-only, one parameter a field as attrs would make it, plus the `persona` shorthand.
    def __init__(  # noqa: PLR0913 (one keyword a field, as attrs would make it)
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
        self.__attrs_init__(
            title=title,
            description=description,
            personas=personas,
            goal=goal,
            scope=scope,
            scenario=scenario,
            expectations=expectations,
            state=state,
            lang=lang,
            stages=stages,
            transitions=transitions,
            linear=linear,
            metadata=metadata or {},
            tags=tags,
        )

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
        """The touchpoint ids of the path most customers follow.

        For a :attr:`linear` journey, every touchpoint in journey order. For
        one that is not linear and counts customers (a ``count`` on a
        transition or ``entries`` in a touchpoint's metrics, as every mined
        journey does), the most travelled path: from the entry where most
        customers start, the busiest transition (largest ``count``, ties to
        the first in journey order) to a touchpoint not yet on the path,
        again and again until there is none; every step is a move customers
        made. Without counts, journey order. The rule is
        :mod:`journeykit.graph`'s; this reads ``graph.main_path``.

        Examples
        --------
        >>> import journeykit as jk
        >>> stage = jk.Stage(name="S", touchpoints=[
        ...     jk.Touchpoint(name="Ad", metrics={"entries": 5}), "Faq", "Cart"])
        >>> j = jk.Journey(title="T", stages=[stage], linear=False, transitions=[
        ...     jk.Transition(source="ad", target="faq", kind="next", count=1),
        ...     jk.Transition(source="ad", target="cart", kind="skip", count=4)])
        >>> j.main_path
        ('ad', 'cart')
        >>> jk.Journey(title="T", stages=[stage]).main_path
        ('ad', 'faq', 'cart')
        """
        return self.graph.main_path

    @property
    def flow(self) -> tuple[Transition, ...]:
        """Every transition: the explicit ones, then the implied steps of the main path.

        When :attr:`linear` is true, each touchpoint leads to the next one in
        journey order, unless an explicit ``next`` transition leaves it
        already, an explicit transition already joins the two, or the
        probabilities of its explicit transitions already add up to 1 (nobody
        is left to take the main path). Implied steps carry no probability or
        count: they take the share the explicit ones leave.

        Computed once: every call returns the same objects, so an implied step
        keeps its identity (:attr:`graph` numbers them).

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
        ...                transitions=[jk.Transition(source="a", target="c", kind="next")])
        >>> [(t.source, t.target, t.kind) for t in j.flow]
        [('a', 'c', 'next'), ('b', 'c', 'next')]
        >>> j.flow[1] is j.flow[1]
        True
        """
        flow: tuple[Transition, ...] | None = self._cache.get("flow")
        if flow is None:
            flow = self._cache["flow"] = self.transitions + tuple(self._implied_steps())
        return flow

    def _implied_steps(self) -> Iterator[Transition]:
        if not self.linear:
            return
        leaves_by_next = {t.source for t in self.transitions if t.kind == "next"}
        joined = {(t.source, t.target) for t in self.transitions if t.target is not None}
        shares = _explicit_shares(self.transitions)
        # Journey order, which is a linear journey's main path (and needs no graph view).
        ids = (t.id for t in self._touchpoints)
        for here, there in itertools.pairwise(ids):
            if (
                here not in leaves_by_next
                and (here, there) not in joined
                and shares.get(here, 0.0) < 1 - 1e-9
            ):
                yield Transition(source=here, target=there)

    @property
    def graph(self) -> JourneyGraph:
        """The journey's graph view: order, flow, edge classes, entries, exits, shares.

        Built on first use and kept (the journey is frozen); every analysis
        helper and renderer reads its figures from here. See
        :class:`journeykit.graph.JourneyGraph`.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
        >>> j.graph is j.graph, [e.direction for e in j.graph.edges]
        (True, ['forward'])
        """
        view: JourneyGraph | None = self._cache.get("graph")
        if view is None:
            from journeykit.graph import JourneyGraph  # the layer above: looked up late

            view = self._cache["graph"] = JourneyGraph(self)
        return view

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
    """The rules that concern the whole map, each problem with its path, in map order."""
    yield from _check_personas(journey.personas)
    persona_ids = dict.fromkeys(persona.id for persona in journey.personas)
    places: dict[str, str] = {}  # the id of every stage and touchpoint, and where it is first
    for s_index, stage in enumerate(journey.stages):
        where = f"stages[{s_index}]"
        yield from _check_unique(stage.id, where, places)
        for t_index, touchpoint in enumerate(stage.touchpoints):
            here = f"{where}.touchpoints[{t_index}]"
            yield from _check_unique(touchpoint.id, here, places)
            yield from _check_emotions(touchpoint, here, persona_ids)
    yield from _check_transitions(journey, places)


def _check_unique(id: str, where: str, places: dict[str, str]) -> Iterator[Problem]:
    """An id used before (in ``places``) is a problem; a new one is added to ``places``."""
    if id in places:
        yield Problem(f"{where}.id", f"{id!r} is already used by {places[id]}")
    places.setdefault(id, where)


def _check_personas(personas: Sequence[Persona]) -> Iterator[Problem]:
    if len(personas) > MAX_PERSONAS:
        yield Problem(
            "personas", f"a map follows at most {MAX_PERSONAS} personas, got {len(personas)}"
        )
    places: dict[str, str] = {}
    for index, persona in enumerate(personas):
        yield from _check_unique(persona.id, f"personas[{index}]", places)


def _check_emotions(
    touchpoint: Touchpoint, where: str, persona_ids: Collection[str]
) -> Iterator[Problem]:
    """Per-persona emotions must be for personas the map follows."""
    for persona_id in touchpoint.emotions:
        if persona_id not in persona_ids:
            known = ", ".join(persona_ids) or "none"
            yield Problem(
                f"{where}.emotions.{persona_id}",
                f"no persona with id {persona_id!r}; personas: {known}",
            )


def _check_transitions(journey: Journey, places: Mapping[str, str]) -> Iterator[Problem]:
    """Transitions join touchpoints of the map, and their odds add up to at most 1."""
    touchpoint_ids = {t.id for t in journey.touchpoints}
    for index, transition in enumerate(journey.transitions):
        for key, end in (("from", transition.source), ("to", transition.target)):
            if end is not None and end not in touchpoint_ids:
                hint = (
                    " (that is a stage; transitions join touchpoints)"
                    if end in places
                    else suggest(end, touchpoint_ids)
                )
                yield Problem(f"transitions[{index}].{key}", f"no touchpoint {end!r}{hint}")
    for source, total in _explicit_shares(journey.transitions).items():
        if total > 1 + 1e-6:
            yield Problem(
                "transitions",
                f"the probabilities of the transitions from {source!r} add up to {total:g}, "
                "more than 1",
            )
