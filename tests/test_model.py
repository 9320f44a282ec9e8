from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest

import journeykit as jk


def small() -> jk.Journey:
    return jk.Journey(
        title="Buying a car",
        persona=jk.Persona(name="Daniela Vargas", age=32),
        stages=[
            jk.Stage(name="Awareness", touchpoints=["Sees an ad", "Asks friends"]),
            jk.Stage(
                name="Purchase",
                touchpoints=[
                    jk.Touchpoint(name="Negotiates", emotion=-2),
                    jk.Touchpoint(name="Picks up the car", emotion=2),
                ],
            ),
        ],
        transitions=[jk.Transition(source="negotiates", kind="exit", label="walks away")],
    )


# -- building ---------------------------------------------------------------


def test_ids_derive_from_names_including_spanish_accents() -> None:
    stage = jk.Stage(name="Consideración", touchpoints=["Lee reseñas", "¿Compara precios?"])
    assert stage.id == "consideracion"
    assert [t.id for t in stage.touchpoints] == ["lee-resenas", "compara-precios"]


def test_explicit_ids_are_kept() -> None:
    assert jk.Touchpoint(id="ad", name="Sees an ad").id == "ad"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Sees an ad", "sees-an-ad"),
        ("  ÑANDÚ  ", "nandu"),
        ("a__b--c", "a-b-c"),
        ("注册 试用", "注册-试用"),
        ("Ünïcödé façade", "unicode-facade"),
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert jk.slugify(text) == slug


def test_an_underivable_id_asks_for_one() -> None:
    with pytest.raises(jk.ValidationError, match="id: cannot be derived from the name '!!!'"):
        jk.Touchpoint(name="!!!")


def test_main_path_and_lookups() -> None:
    j = small()
    assert j.main_path == ("sees-an-ad", "asks-friends", "negotiates", "picks-up-the-car")
    assert j.touchpoint("negotiates").emotion == -2
    assert j.stage("purchase").name == "Purchase"
    assert j.stage_of("asks-friends").id == "awareness"
    assert j.position("picks-up-the-car") == 3
    assert j.persona is not None
    assert j.persona.id == "daniela-vargas"


def test_lookups_of_unknown_ids_list_the_known_ones() -> None:
    j = small()
    with pytest.raises(jk.NotFoundError, match="no touchpoint 'x'; known: 'sees-an-ad'"):
        j.touchpoint("x")
    with pytest.raises(KeyError):
        j.stage("nope")
    with pytest.raises(LookupError, match="no persona 'bob'; known: 'daniela-vargas'"):
        j.persona_by_id("bob")


def test_flow_adds_implied_main_path_steps() -> None:
    j = small()
    pairs = [(t.source, t.target, t.kind) for t in j.flow]
    assert pairs == [
        ("negotiates", None, "exit"),
        ("sees-an-ad", "asks-friends", "next"),
        ("asks-friends", "negotiates", "next"),
        ("negotiates", "picks-up-the-car", "next"),
    ]
    assert [t.target for t in j.transitions_from("negotiates")] == [None, "picks-up-the-car"]


def test_explicit_next_replaces_the_implied_step() -> None:
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
        transitions=[jk.Transition(source="a", target="c")],
    )
    assert [(t.source, t.target) for t in j.flow] == [("a", "c"), ("b", "c")]


def test_explicit_odds_adding_to_one_leave_no_implied_step() -> None:
    j = jk.Journey(
        title="T",
        stages=[jk.Stage(name="S", touchpoints=["A", "B", "C"])],
        transitions=[
            jk.Transition(source="b", target="a", kind="return", probability=0.4),
            jk.Transition(source="b", kind="exit", probability=0.6),
        ],
    )
    assert ("b", "c") not in [(t.source, t.target) for t in j.flow]


def test_non_linear_journeys_have_only_their_explicit_transitions() -> None:
    j = attrs.evolve(small(), linear=False)
    assert j.flow == j.transitions


def test_persona_shorthands() -> None:
    assert jk.Journey(title="T", persona="Ana").personas == (jk.Persona(name="Ana"),)
    assert jk.Journey(title="T", personas=["Ana", "Luis"]).persona == jk.Persona(name="Ana")
    assert jk.Journey(title="T").persona is None
    with pytest.raises(jk.ValidationError, match="persona: give persona or personas, not both"):
        jk.Journey(title="T", persona="Ana", personas=["Luis"])


def test_single_texts_become_one_item_lists() -> None:
    t = jk.Touchpoint(name="Pays", pain_points="Slow", tags="vip")
    assert t.pain_points == ("Slow",)
    assert t.tags == ("vip",)


def test_per_persona_emotions() -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(id="ana", name="Ana"), jk.Persona(id="luis", name="Luis")],
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="Pays", emotion=0, emotions={"ana": 2, "luis": -1})
                ],
            )
        ],
    )
    t = j.touchpoints[0]
    assert (t.emotion_for("ana"), t.emotion_for("luis"), t.emotion_for()) == (2, -1, 0)


def test_evolve_revalidates() -> None:
    t = jk.Touchpoint(name="Pays", emotion=1)
    assert attrs.evolve(t, emotion=-1).valence == "negative"
    with pytest.raises(jk.ValidationError, match="emotion: must be between -2 and 2, got 3"):
        attrs.evolve(t, emotion=3)


def test_values_are_frozen_and_comparable() -> None:
    j = small()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        j.title = "Other"  # type: ignore[misc]
    assert small() == j
    assert attrs.evolve(j, title="Other") != j


def test_pickle_round_trip() -> None:
    j = small()
    assert pickle.loads(pickle.dumps(j)) == j


def test_errors_pickle() -> None:
    error = jk.ValidationError([jk.Problem("a.b", "bad", line=3)], source="f.yaml")
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) == "f.yaml:3: a.b: bad"


# -- rules checked on construction -----------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "x", "emotion": 7}, r"^emotion: must be between -2 and 2, got 7$"),
        ({"name": "x", "emotion": float("nan")}, r"^emotion: must be between -2 and 2, got nan$"),
        ({"name": "x", "emotion": True}, r"^emotion: must be a number, got bool True$"),
        ({"name": "x", "emotion": "1"}, r"^emotion: must be a number, got str '1'$"),
        ({"name": "   "}, r"^name: must not be empty$"),
        ({"name": 5}, r"^name: must be text, got int 5$"),
        ({"name": "x", "pain_points": ["ok", 3]}, r"^pain_points\[1\]: must be text, got int 3$"),
        ({"name": "x", "pain_points": {"a": 1}}, r"^pain_points: must be a list of texts"),
        (
            {"name": "x", "visibility": "hidden"},
            r"^visibility: must be one of frontstage, backstage, support",
        ),
        ({"name": "x", "controlled": "yes"}, r"^controlled: must be true or false, got 'yes'$"),
        ({"name": "x", "metrics": {"nps": 101}}, r"^metrics\.nps: must be between -100 and 100"),
        (
            {"name": "x", "metrics": {"conversion": -0.1}},
            r"^metrics\.conversion: must be between 0 and 1",
        ),
        ({"name": "x", "metrics": {"traffic": -1}}, r"^metrics\.traffic: must be at least 0"),
        (
            {"name": "x", "metrics": {"speed": float("inf")}},
            r"^metrics\.speed: must be a finite number",
        ),
        (
            {"name": "x", "metrics": [1]},
            r"^metrics: must be a mapping of names to numbers, got list$",
        ),
        (
            {"name": "x", "emotions": {"ana": 3}},
            r"^emotions\.ana: must be between -2 and 2, got 3$",
        ),
        ({"name": "x", "id": "has space"}, r"^id: must start with a letter or digit"),
        ({"name": "x", "id": "-lead"}, r"^id: must start with a letter or digit"),
        ({"name": "x", "evidence": ["workshop"]}, r"^evidence\[0\]: must be a Evidence, got str"),
    ],
)
def test_touchpoint_rules(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(jk.ValidationError, match=message):
        jk.Touchpoint(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"source": "a", "target": "b", "kind": "jump"},
            r"^kind: must be one of next, skip, return, exit",
        ),
        ({"source": "a", "target": "b", "kind": "exit"}, r"^to: an exit has no target"),
        ({"source": "a", "kind": "skip"}, r"^to: a skip needs a target touchpoint$"),
        (
            {"source": "a", "target": "b", "probability": 1.5},
            r"^probability: must be between 0 and 1, got 1.5$",
        ),
        ({"source": "a", "target": "b", "count": -1}, r"^count: must be at least 0, got -1$"),
        (
            {"source": "a", "target": "b", "count": 1.5},
            r"^count: must be a whole number, got float 1.5$",
        ),
        ({"source": "a", "target": "b", "weight": -2}, r"^weight: must be at least 0, got -2$"),
        ({"source": "", "target": "b"}, r"^source: must not be empty$"),
    ],
)
def test_transition_rules(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(jk.ValidationError, match=message):
        jk.Transition(**kwargs)


def test_persona_rules() -> None:
    with pytest.raises(jk.ValidationError, match=r"^age: must be between 0 and 150, got 200$"):
        jk.Persona(name="Old", age=200)
    with pytest.raises(jk.ValidationError, match=r"^demographics: must map texts to texts"):
        jk.Persona(name="P", demographics={"income": 3})  # type: ignore[dict-item]
    with pytest.raises(jk.ValidationError, match=r"^evidence|^confidence: must be between 0 and 1"):
        jk.Evidence(confidence=2)


def test_journey_collects_every_cross_object_problem_with_paths() -> None:
    with pytest.raises(jk.ValidationError) as caught:
        jk.Journey(
            title="T",
            personas=["Ana", "Ana"],
            stages=[
                jk.Stage(id="s", name="S", touchpoints=["A", jk.Touchpoint(name="A")]),
                jk.Stage(name="S2", touchpoints=[jk.Touchpoint(name="s", emotions={"bob": 1})]),
            ],
            transitions=[
                jk.Transition(source="zz", target="s2"),
                jk.Transition(source="a", kind="exit", probability=0.7),
                jk.Transition(source="a", target="s", kind="skip", probability=0.6),
            ],
        )
    lines = str(caught.value).splitlines()
    assert lines == [
        "personas[1].id: 'ana' is already used by personas[0]",
        "stages[0].touchpoints[1].id: 'a' is already used by stages[0].touchpoints[0]",
        "stages[1].touchpoints[0].id: 's' is already used by stages[0]",
        "stages[1].touchpoints[0].emotions.bob: no persona with id 'bob'; personas: ana",
        "transitions[0].from: no touchpoint 'zz'",
        "transitions[0].to: no touchpoint 's2' (that is a stage; transitions join touchpoints)",
        "transitions: the probabilities of the transitions from 'a' add up to 1.3, more than 1",
    ]
    assert caught.value.problems[0].path == "personas[1].id"


def test_at_most_five_personas() -> None:
    with pytest.raises(
        jk.ValidationError, match="personas: a map follows at most 5 personas, got 6"
    ):
        jk.Journey(title="T", personas=[f"P{i}" for i in range(6)])


def test_nested_errors_name_the_list_index() -> None:
    with pytest.raises(jk.ValidationError, match=r"^stages\[1\]: must be a Stage, got int 3$"):
        jk.Journey(title="T", stages=["A", 3])  # type: ignore[list-item]
    with pytest.raises(jk.ValidationError, match=r"^touchpoints\[0\]\.id: cannot be derived"):
        jk.Stage(name="S", touchpoints=["???"])


def test_metadata_must_be_plain_data() -> None:
    assert jk.Journey(title="T", metadata={"a": [1, {"b": None}]}).metadata == {
        "a": [1, {"b": None}]
    }
    with pytest.raises(jk.ValidationError, match=r"^metadata\.a\[0\]: must be text, a number"):
        jk.Journey(title="T", metadata={"a": [object()]})
    with pytest.raises(jk.ValidationError, match=r"^metadata\.x: must be a finite number, got nan"):
        jk.Journey(title="T", metadata={"x": float("nan")})
    deep: dict[str, Any] = {}
    cursor = deep
    for _ in range(30):
        cursor["k"] = {}
        cursor = cursor["k"]
    with pytest.raises(jk.ValidationError, match="nested too deeply"):
        jk.Journey(title="T", metadata=deep)


def test_a_large_journey_builds_fast_enough() -> None:
    stages = [
        jk.Stage(
            id=f"s{s}",
            name=f"Stage {s}",
            touchpoints=[jk.Touchpoint(id=f"t{s}-{i}", name="x") for i in range(100)],
        )
        for s in range(50)
    ]
    j = jk.Journey(title="Big", stages=stages)
    assert len(j.touchpoints) == 5000
    assert len(j.flow) == 4999


# -- issue 15: numbers are checked where they enter (item 5), and so are all texts (item 12) --


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda n: jk.Touchpoint(name="x", emotion=n),
            r"^emotion: must be between -2 and 2, got 1000000…\(401 digits\)$",
        ),
        (
            lambda n: jk.Touchpoint(name="x", emotions={"ana": n}),
            r"^emotions\.ana: must be between -1e\+15 and 1e\+15, got 1000000…\(401 digits\)$",
        ),
        (
            lambda n: jk.Touchpoint(name="x", metrics={"nps": n}),
            r"^metrics\.nps: must be between -1e\+15 and 1e\+15",
        ),
        (
            lambda n: jk.Transition(source="a", target="b", count=n),
            r"^count: must be at most 1e\+15, got 1000000…\(401 digits\)$",
        ),
        (
            lambda n: jk.Transition(source="a", target="b", weight=n),
            r"^weight: must be at most 1e\+15, got 1000000…\(401 digits\)$",
        ),
        (
            lambda n: jk.Transition(source="a", target="b", probability=n),
            r"^probability: must be between 0 and 1, got 1000000…\(401 digits\)$",
        ),
        (
            lambda n: jk.Transition(source="a", target="b", metrics={"s": n}),
            r"^metrics\.s: must be between -1e\+15 and 1e\+15",
        ),
        (lambda n: jk.Persona(name="P", age=n), r"^age: must be between 0 and 150, got 1000000…"),
        (
            lambda n: jk.Evidence(confidence=n),
            r"^confidence: must be between 0 and 1, got 1000000…",
        ),
        (
            lambda n: jk.Journey(title="T", metadata={"a": [n]}),
            r"^metadata\.a\[0\]: must be between -1e\+15 and 1e\+15, got 1000000…",
        ),
    ],
)
def test_a_401_digit_number_is_refused_naming_the_field(build: Any, message: str) -> None:
    # Python cannot make a float of 10**400: this was a raw OverflowError.
    with pytest.raises(jk.ValidationError, match=message):
        build(10**400)


def test_counts_and_other_numbers_have_an_upper_bound() -> None:
    top = jk.model.MAX_COUNT
    assert jk.Transition(source="a", target="b", count=top).count == top
    with pytest.raises(jk.ValidationError, match=r"^count: must be at most 1e\+15, got 1\d{15}$"):
        jk.Transition(source="a", target="b", count=top + 1)
    with pytest.raises(jk.ValidationError, match=r"^count: must be at least 0, got -1$"):
        jk.Transition(source="a", target="b", count=-1)
    big = jk.model.MAX_MAGNITUDE
    assert jk.Touchpoint(name="x", metrics={"m": -big}).metrics == {"m": -big}
    with pytest.raises(jk.ValidationError, match=r"^metrics\.m: must be between -1e\+15"):
        jk.Touchpoint(name="x", metrics={"m": 1e16})
    with pytest.raises(jk.ValidationError, match=r"^metadata\.n: must be between -1e\+15"):
        jk.Journey(title="T", metadata={"n": 1e308})


def test_numbers_too_long_to_print_are_described_by_their_length() -> None:
    # str() refuses an int of over 4,300 digits; the error must not.
    with pytest.raises(jk.ValidationError, match=r"got 1000000…\(5001 digits\)$"):
        jk.Touchpoint(name="x", emotion=10**5000)
    with pytest.raises(jk.ValidationError, match=r"got -9999999…\(5000 digits\)$"):
        jk.Touchpoint(name="x", metrics={"m": 1 - 10**5000})


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x85", "\ud800", "\x1b[31m"])
@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda s: jk.Touchpoint(name="x", metrics={f"k{s}": 1}), "metrics"),
        (lambda s: jk.Touchpoint(name="x", emotions={f"k{s}": 1}), "emotions"),
        (lambda s: jk.Transition(source="a", target="b", metrics={f"k{s}": 1}), "metrics"),
        (lambda s: jk.Persona(name="P", demographics={f"k{s}": "v"}), "demographics"),
        (lambda s: jk.Persona(name="P", demographics={"k": f"v{s}"}), r"demographics\.k"),
        (lambda s: jk.Journey(title="T", metadata={f"k{s}": 1}), "metadata"),
        (lambda s: jk.Journey(title="T", metadata={"k": [f"v{s}"]}), r"metadata\.k\[0\]"),
        (lambda s: jk.Journey(title="T", metadata={"k": {f"k{s}": 1}}), r"metadata\.k"),
    ],
)
def test_keys_and_free_texts_keep_the_text_rule(build: Any, path: str, bad: str) -> None:
    with pytest.raises(jk.ValidationError, match=rf"^{path}: (keys )?must not contain control"):
        build(bad)
