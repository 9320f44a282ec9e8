"""Hypothesis strategies for journeys, shared by every test module.

``journeys()`` draws valid journeys of any shape the model allows, and every
field of every model class (``tests/test_strategies.py`` checks that each one is
drawn with a non-default value): several personas with every persona field and
their own emotions per touchpoint, evidence, every standard metric within its
range and free-form metrics, empty stages, skips, self-loops, back-edges, exits
with and without a probability, probabilities that add up to at most 1 per
source touchpoint (sometimes exactly 1), counts, weights, non-linear maps, maps
in English and Spanish, nested metadata, and hostile text (markup, quotes,
newlines, emoji, right-to-left scripts) in every text field.

Each optional field draws its default often, so journeys stay small and shrink
towards plain ones. Ids are ``s0, s1...`` for stages, ``p0, p1...`` for personas
and ``t<n>`` for touchpoints, sometimes with a suffix that ids may hold
(``t3.b``, ``t4-ñ``, ``t5_注册``) so that renderers' quoting of ids is tried too.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any, TypeVar, get_args

from hypothesis import strategies as st

import journeykit as jk
from journeykit import model

_T = TypeVar("_T")

HOSTILE = [
    "<script>alert(1)</script>",
    '"]; a -> b [',
    "|",
    "`code`",
    "a\nb",
    "x: 1; y # z",
    "&amp; & < > ' \"",
    "</svg>",
    "😀👍🏽",
    "שלום עולם",
    "مرحبا",
    "{{ template }}",
    "\\",
    "]]>",
    "--> | --- |",
]

TRANSITION_KINDS: tuple[model.TransitionKind, ...] = get_args(model.TransitionKind)
VISIBILITIES: tuple[model.Visibility, ...] = get_args(model.Visibility)
EVIDENCE_KINDS: tuple[model.EvidenceKind, ...] = get_args(model.EvidenceKind)
STATES: tuple[model.State, ...] = get_args(model.State)
LANGUAGES: tuple[str, ...] = tuple(jk.vocab.LANGUAGES)

# Text a user may type: anything printable, plus the hostile cases above. Surrogates
# and most control characters cannot go into YAML or XML, so the model keeps them out
# (they are tried separately in the bad-input tests).
_alphabet = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn"), whitelist_characters="\n\t"
)
texts = st.one_of(st.text(_alphabet, max_size=30), st.sampled_from(HOSTILE))
names = texts.filter(lambda s: s.strip() != "")
scores = st.one_of(st.integers(-2, 2), st.floats(-2, 2, allow_nan=False, allow_infinity=False))
emotions = st.one_of(st.none(), scores)
channels = st.one_of(st.sampled_from(sorted(jk.vocab.CHANNELS)), texts)
text_lists = st.lists(texts, max_size=3)


def sometimes(strategy: st.SearchStrategy[_T], default: _T) -> st.SearchStrategy[_T]:
    """``default`` (what the model gives when the field is left out) or a drawn value."""
    return st.one_of(st.just(default), strategy)


optional_text = sometimes(texts, "")
optional_texts = sometimes(st.lists(texts, min_size=1, max_size=3), [])


def _known_metric(info: jk.vocab.MetricInfo) -> st.SearchStrategy[float]:
    low = -1e9 if info.low is None else info.low
    high = 1e9 if info.high is None else info.high
    floats = st.floats(low, high, allow_nan=False, allow_infinity=False)
    if float(low).is_integer() and float(high).is_integer():
        return st.one_of(st.integers(int(low), int(high)), floats)
    return floats


# Every standard metric within its range, and names the vocabulary does not know.
_free_metric_names = st.one_of(
    st.sampled_from(["weird-metric", "median_seconds", "Ünïcode metric"]), names
).filter(lambda name: name not in jk.vocab.METRICS)
_free_numbers = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
)
metrics = st.builds(
    lambda known, free: {**free, **known},
    st.fixed_dictionaries(
        {}, optional={name: _known_metric(info) for name, info in jk.vocab.METRICS.items()}
    ),
    st.dictionaries(_free_metric_names, _free_numbers, max_size=2),
)
free_metrics = st.dictionaries(_free_metric_names, _free_numbers, max_size=2)

# Plain data for metadata: what YAML and JSON can both hold.
_metadata_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    texts,
)
_metadata_values = st.recursive(
    _metadata_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
    max_leaves=6,
)
metadata = st.dictionaries(
    st.one_of(st.sampled_from(["author", "version", "source", "date"]), names),
    _metadata_values,
    max_size=3,
)

evidence = st.builds(
    jk.Evidence,
    kind=st.sampled_from(EVIDENCE_KINDS),
    source=optional_text,
    about=sometimes(st.sampled_from(["emotion", "pain_points", "metrics.csat"]) | texts, ""),
    confidence=sometimes(st.floats(0, 1), None),
    note=optional_text,
)


def details(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for the optional fields of a model object: none at all, or some.

    Drawing none half of the time keeps journeys quick to draw and to shrink.
    """
    return st.one_of(st.just({}), st.fixed_dictionaries(fields))


_persona_details = details(
    role=optional_text,
    age=sometimes(st.integers(0, 150), None),
    bio=optional_text,
    quote=optional_text,
    demographics=sometimes(
        st.dictionaries(st.sampled_from(["city", "income", "family"]) | names, texts, max_size=2),
        {},
    ),
    goals=optional_texts,
    frustrations=optional_texts,
    needs=optional_texts,
    motivations=optional_texts,
    interests=optional_texts,
    habits=optional_texts,
    channels=sometimes(st.lists(channels, min_size=1, max_size=3), []),
    brands=optional_texts,
    image=sometimes(st.sampled_from(["daniela.png", "https://example.com/p.jpg"]), ""),
)


@st.composite
def persona(draw: st.DrawFn, id: str) -> jk.Persona:
    """A persona with this id and any of the persona fields filled in."""
    return jk.Persona(id=id, name=draw(names), **draw(_persona_details))


_touchpoint_details = details(
    description=optional_text,
    action=optional_text,
    thought=optional_text,
    questions=optional_texts,
    pain_points=optional_texts,
    happy_moments=optional_texts,
    opportunities=optional_texts,
    tech_limits=optional_texts,
    owner=optional_text,
    controlled=st.sampled_from([True, False]),
    moment_of_truth=st.booleans(),
    metrics=sometimes(metrics, {}),
    evidence=sometimes(st.lists(evidence, min_size=1, max_size=2), []),
    tags=optional_texts,
)


@st.composite
def touchpoints(draw: st.DrawFn, id: str, personas: list[str]) -> jk.Touchpoint:
    """A touchpoint with this id; per-persona emotions use the given persona ids."""
    per_persona = draw(st.lists(st.sampled_from(personas), unique=True)) if personas else []
    return jk.Touchpoint(
        id=id,
        name=draw(names),
        channel=draw(sometimes(channels, "")),
        emotion=draw(emotions),
        emotions={p: draw(scores) for p in per_persona},
        visibility=draw(st.sampled_from(VISIBILITIES)),
        **draw(_touchpoint_details),
    )


# Suffixes an id may carry after its ``t<n>``: ids hold letters, digits, '-', '_' and '.'.
_ID_SUFFIXES = ["", "", "", ".b", "-ñ", "_注册", "-x.y_z"]


def _share(ways: int) -> st.SearchStrategy[float]:
    """A probability for one of ``ways`` transitions from a source: at most ``1 / ways``.

    Exactly ``1 / ways`` is drawn often, so that a source's probabilities add up to 1.
    """
    return st.one_of(st.just(1 / ways), st.floats(0, 1 / ways))


@st.composite
def transitions(draw: st.DrawFn, ids: list[str], count: int) -> list[jk.Transition]:
    """Up to ``count`` transitions between the touchpoints ``ids`` (in journey order).

    Targets are the source itself (a self-loop), an earlier touchpoint (a
    back-edge), the next one or a later one (a skip), or none (an exit). Each
    probability is at most ``1 / n`` for a source with ``n`` transitions, so the
    probabilities of a source add up to at most 1, also when a caller redraws
    some of them in the same bound.
    """
    drawn: list[tuple[str, str | None, model.TransitionKind]] = []
    for _ in range(draw(st.integers(0, count))):
        here = draw(st.integers(0, len(ids) - 1))
        kind = draw(st.sampled_from(TRANSITION_KINDS))
        target: str | None = None
        if kind != "exit":
            where = draw(st.sampled_from(["self", "back", "next", "ahead", "any"]))
            if where == "self":
                there = here
            elif where == "back":
                there = draw(st.integers(0, here))
            elif where == "next":
                there = min(here + 1, len(ids) - 1)
            elif where == "ahead":
                there = draw(st.integers(here, len(ids) - 1))
            else:
                there = draw(st.integers(0, len(ids) - 1))
            target = ids[there]
        drawn.append((ids[here], target, kind))
    out_of: dict[str, int] = {}
    for source, _, _ in drawn:
        out_of[source] = out_of.get(source, 0) + 1
    return [
        jk.Transition(
            source=source,
            target=target,
            kind=kind,
            label=draw(optional_text),
            condition=draw(optional_text),
            probability=draw(sometimes(_share(out_of[source]), None)),
            count=draw(sometimes(st.integers(0, 1000), None)),
            weight=draw(sometimes(st.floats(0, 10, allow_nan=False), None)),
            metrics=draw(sometimes(free_metrics, {})),
        )
        for source, target, kind in drawn
    ]


@st.composite
def journeys(
    draw: st.DrawFn,
    max_stages: int = 5,
    max_touchpoints: int = 6,
    *,
    max_personas: int = 3,
    max_transitions: int = 8,
) -> jk.Journey:
    """Valid journeys; ids are ``s<n>``, ``p<n>`` and ``t<n>[suffix]`` (see the module notes).

    ``max_stages`` and ``max_touchpoints`` (per stage) bound the size;
    ``max_personas=0`` draws journeys without personas and ``max_transitions=0``
    journeys whose only flow is the main path (or nothing, when not linear).
    """
    people = [draw(persona(f"p{i}")) for i in range(draw(st.integers(0, max_personas)))]
    persona_ids = [p.id for p in people]
    stages = []
    ids: list[str] = []
    for s in range(draw(st.integers(0, max_stages))):
        points = []
        for _ in range(draw(st.integers(0, max_touchpoints))):
            id = f"t{len(ids)}{draw(st.sampled_from(_ID_SUFFIXES))}"
            points.append(draw(touchpoints(id, persona_ids)))
            ids.append(id)
        stages.append(
            jk.Stage(
                id=f"s{s}",
                name=draw(names),
                description=draw(optional_text),
                goal=draw(optional_text),
                expectations=draw(optional_texts),
                kpis=draw(optional_texts),
                touchpoints=points,
            )
        )
    flow = draw(transitions(ids, min(max_transitions, 2 * len(ids)))) if ids else []
    extra: dict[str, Any] = {}
    if len(people) == 1 and draw(st.booleans()):
        extra["persona"] = people[0]  # the one-persona shorthand
    else:
        extra["personas"] = people
    return jk.Journey(
        title=draw(names),
        description=draw(optional_text),
        goal=draw(optional_text),
        scope=draw(optional_text),
        scenario=draw(optional_text),
        expectations=draw(optional_texts),
        state=draw(st.sampled_from(STATES)),
        lang=draw(st.sampled_from(LANGUAGES)),
        stages=stages,
        transitions=flow,
        linear=draw(st.sampled_from([True, False])),
        metadata=draw(sometimes(metadata, {})),
        tags=draw(optional_texts),
        **extra,
    )


@st.composite
def counted_journeys(
    draw: st.DrawFn, max_touchpoints: int = 9, max_transitions: int = 16
) -> jk.Journey:
    """Journeys with counts, as mining builds them and as people annotate them by hand.

    Ids are ``t0, t1...`` in up to three stages. Every transition has a count
    (0 too); its probability is its share of its source's counts, or none.
    Touchpoints carry mined metrics (``visits``, ``entries``, ``exits``), only
    ``traffic``, or nothing. Kinds are drawn freely (a ``next`` that skips
    ahead, say), exits have no target, and the map is linear or not, so the
    implied main path takes part too.
    """
    size = draw(st.integers(1, max_touchpoints))
    ids = [f"t{i}" for i in range(size)]
    spots = st.integers(0, size - 1)
    moves = draw(
        st.lists(
            st.tuples(spots, st.one_of(st.none(), spots), st.integers(0, 1000)),
            max_size=max_transitions,
        )
    )
    out: dict[int, int] = {}
    into: dict[int, int] = {}
    for source, target, count in moves:
        out[source] = out.get(source, 0) + count
        if target is not None:
            into[target] = into.get(target, 0) + count
    shares = draw(st.booleans())
    transitions = [
        jk.Transition(
            source=ids[source],
            target=None if target is None else ids[target],
            kind="exit" if target is None else draw(st.sampled_from(["next", "skip", "return"])),
            count=count,
            probability=count / out[source] if shares and out[source] else None,
        )
        for source, target, count in moves
    ]
    style = draw(st.sampled_from(["mined", "traffic", "none"]))
    points = []
    for i, id in enumerate(ids):
        metrics: dict[str, float] = {}
        if style == "mined":
            exits = sum(c for s, t, c in moves if s == i and t is None)
            entries = max(0, out.get(i, 0) - into.get(i, 0))
            metrics = {"visits": out.get(i, 0), "entries": entries, "exits": exits}
        elif style == "traffic" and draw(st.booleans()):
            metrics = {"traffic": draw(st.integers(0, 5000))}
        points.append(jk.Touchpoint(id=id, name=id.upper(), metrics=metrics))
    cuts = sorted(draw(st.lists(st.integers(0, size), max_size=2)))
    bounds = [0, *cuts, size]
    stages = [
        jk.Stage(id=f"s{n}", name=f"S{n}", touchpoints=points[a:b])
        for n, (a, b) in enumerate(pairwise(bounds))
    ]
    return jk.Journey(
        title="Counted", stages=stages, transitions=transitions, linear=draw(st.booleans())
    )
