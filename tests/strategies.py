"""Hypothesis strategies for journeys, shared by every test module.

``journeys()`` draws valid journeys of any shape the model allows: empty
stages, no transitions, self-loops, exits, back-edges, several personas with
their own emotions, and hostile text (markup, quotes, control characters,
emoji, right-to-left scripts) in every text field.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import journeykit as jk
from journeykit.model import TRANSITION_KINDS

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

# Text a user may type: anything printable, plus the hostile cases above. Surrogates
# and most control characters cannot go into YAML or XML, so the model keeps them out
# (they are tried separately in the bad-input tests).
_alphabet = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn"), whitelist_characters="\n\t"
)
texts = st.one_of(st.text(_alphabet, max_size=30), st.sampled_from(HOSTILE))
names = texts.filter(lambda s: s.strip() != "")
emotions = st.one_of(
    st.none(), st.integers(-2, 2), st.floats(-2, 2, allow_nan=False, allow_infinity=False)
)
channels = st.one_of(st.sampled_from(sorted(jk.vocab.CHANNELS)), texts)
text_lists = st.lists(texts, max_size=3)
metrics = st.fixed_dictionaries(
    {},
    optional={
        "nps": st.integers(-100, 100),
        "csat": st.floats(1, 5),
        "conversion": st.floats(0, 1),
        "traffic": st.integers(0, 10**6),
        "weird-metric": st.floats(-1e9, 1e9),
    },
)


@st.composite
def touchpoints(draw: st.DrawFn, id: str, personas: list[str]) -> jk.Touchpoint:
    per_persona = draw(st.lists(st.sampled_from(personas), unique=True)) if personas else []
    return jk.Touchpoint(
        id=id,
        name=draw(names),
        channel=draw(channels),
        action=draw(texts),
        thought=draw(texts),
        questions=draw(text_lists),
        emotion=draw(emotions),
        emotions={p: draw(st.integers(-2, 2)) for p in per_persona},
        pain_points=draw(text_lists),
        opportunities=draw(text_lists),
        happy_moments=draw(text_lists),
        owner=draw(texts),
        visibility=draw(st.sampled_from(["frontstage", "backstage", "support"])),
        controlled=draw(st.booleans()),
        moment_of_truth=draw(st.booleans()),
        metrics=draw(metrics),
        tags=draw(text_lists),
    )


@st.composite
def journeys(draw: st.DrawFn, max_stages: int = 5, max_touchpoints: int = 6) -> jk.Journey:
    """Valid journeys; ids are ``s0, s1...`` and ``t0, t1...`` so transitions can refer to them."""
    persona_count = draw(st.integers(0, 3))
    personas = [jk.Persona(id=f"p{i}", name=draw(names)) for i in range(persona_count)]
    persona_ids = [p.id for p in personas]
    stages = []
    counter = 0
    for s in range(draw(st.integers(0, max_stages))):
        points = []
        for _ in range(draw(st.integers(0, max_touchpoints))):
            points.append(draw(touchpoints(f"t{counter}", persona_ids)))
            counter += 1
        stages.append(jk.Stage(id=f"s{s}", name=draw(names), goal=draw(texts), touchpoints=points))
    ids = [f"t{i}" for i in range(counter)]
    transitions: list[jk.Transition] = []
    if ids:
        for _ in range(draw(st.integers(0, min(8, 2 * len(ids))))):
            source = draw(st.sampled_from(ids))
            kind = draw(st.sampled_from(TRANSITION_KINDS))
            target = None if kind == "exit" else draw(st.sampled_from(ids))
            transitions.append(
                jk.Transition(
                    source=source,
                    target=target,
                    kind=kind,
                    label=draw(texts),
                    count=draw(st.none() | st.integers(0, 1000)),
                    weight=draw(st.none() | st.floats(0, 10, allow_nan=False)),
                )
            )
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["metadata"] = {"author": draw(texts), "version": draw(st.integers(0, 9))}
    return jk.Journey(
        title=draw(names),
        personas=personas,
        goal=draw(texts),
        scenario=draw(texts),
        state=draw(st.sampled_from(["current", "future"])),
        stages=stages,
        transitions=transitions,
        linear=draw(st.booleans()),
        **extra,
    )
