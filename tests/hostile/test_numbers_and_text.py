"""Hostile numbers and text as they enter the model, and the one text rule of every renderer.

Issue 15, items 5 (giant numbers), 11 (one text-cleaning rule), 12 (fields that
skipped the text rules), 14 (Markdown block structure) and, from 17, a
custom :class:`~journeykit.renderers.theme.Theme` with a wrong ``font_size``.
Every number is checked where it enters the model, naming the field and the
rule; every text of a map keeps the same rule, so whatever ``dumps`` writes,
``loads`` reads back; every renderer cleans text the same way.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import analysis, validators
from journeykit.errors import JourneyWarning
from journeykit.formats import mermaid
from journeykit.model import MAX_COUNT, MAX_MAGNITUDE, MAX_METADATA_DEPTH
from journeykit.renderers._text import clean
from journeykit.renderers.theme import DEFAULT, MAX_FONT_SIZE, MIN_FONT_SIZE, Theme

RENDERERS = ("markdown", "graphviz", "mermaid", "grid")
#: Every Unicode non-character: U+FDD0..U+FDEF, and the last two code points of each plane.
NON_CHARACTERS = "".join(chr(c) for c in range(0xFDD0, 0xFDF0)) + "".join(
    chr(plane << 16 | end) for plane in range(17) for end in (0xFFFE, 0xFFFF)
)
# C0 and C1 control characters other than the line feed: what no output may hold.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _journey(**transition: Any) -> jk.Journey:
    return jk.Journey(
        title="Numbers",
        persona=jk.Persona(name="Ana"),
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(name="A", emotion=1, metrics={"traffic": MAX_MAGNITUDE}),
                    jk.Touchpoint(name="B", emotion=-1, metrics={"x": -float(MAX_MAGNITUDE)}),
                    jk.Touchpoint(name="C"),
                ],
            )
        ],
        transitions=[
            jk.Transition(source="a", target="b", **transition),
            jk.Transition(source="a", target="c", kind="skip", count=MAX_COUNT),
            jk.Transition(source="b", kind="exit", count=MAX_COUNT, metrics={"m": MAX_MAGNITUDE}),
        ],
        metadata={"n": MAX_MAGNITUDE, "f": -1e15, "deep": [[1.5]]},
    )


def _rendered(journey: jk.Journey, name: str) -> str:
    out = jk.render(journey, name)
    assert isinstance(out, str)
    return out


# -- item 5: giant numbers ---------------------------------------------------------------


def test_the_limits_are_named_constants() -> None:
    assert (MAX_COUNT, MAX_MAGNITUDE, MAX_METADATA_DEPTH) == (10**15, 10**15, 20)
    assert mermaid.MAX_FRONT_MATTER_DEPTH == 50
    assert (MIN_FONT_SIZE, MAX_FONT_SIZE) == (4, 200)
    # Every count up to the limit is exact as a float (so in JSON, shares and renderers).
    assert float(MAX_COUNT) == MAX_COUNT
    assert float(MAX_COUNT - 1) == MAX_COUNT - 1


@pytest.mark.parametrize("transition", [{"count": MAX_COUNT}, {"weight": MAX_MAGNITUDE}])
def test_the_largest_numbers_go_everywhere(transition: dict[str, int]) -> None:
    # A count of 10**5000 broke funnel, Markdown, Graphviz, dumps and repr.
    j = _journey(**transition)
    for name in RENDERERS:
        assert _rendered(j, name)
    for format in ("yaml", "json"):
        assert jk.loads(jk.dumps(j, format=format), format=format) == j
    assert "1000000000000000" in repr(j)
    assert "1000000000000000" in repr(analysis.funnel(j))
    assert analysis.stage_summary(j)


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_a_401_digit_emotion_in_a_file_names_the_field(format: str) -> None:
    data = {
        "journeykit": 1,
        "title": "T",
        "stages": [{"name": "S", "touchpoints": [{"name": "A"}]}],
    }
    text = json.dumps(data).replace('"A"}', '"A", "emotion": ' + "1" * 401 + "}")
    with pytest.raises(
        jk.ValidationError,
        match=r"stages\[0\]\.touchpoints\[0\]\.emotion: must be between -2 and 2, "
        r"got 1111111…\(401 digits\)",
    ):
        jk.loads(text, format=format)


_HUGE = [10**400, -(10**400), 10**5000, float("inf"), float("nan"), 1e308, True, "1"]


@pytest.mark.parametrize("value", _HUGE, ids=validators.describe)
@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda v: jk.Touchpoint(name="x", emotion=v), "emotion"),
        (lambda v: jk.Touchpoint(name="x", emotions={"p": v}), "emotions.p"),
        (lambda v: jk.Touchpoint(name="x", metrics={"csat": v}), "metrics.csat"),
        (lambda v: jk.Touchpoint(name="x", metrics={"own": v}), "metrics.own"),
        (lambda v: jk.Transition(source="a", target="b", probability=v), "probability"),
        (lambda v: jk.Transition(source="a", target="b", count=v), "count"),
        (lambda v: jk.Transition(source="a", target="b", weight=v), "weight"),
        (lambda v: jk.Transition(source="a", target="b", metrics={"s": v}), "metrics.s"),
        (lambda v: jk.Persona(name="P", age=v), "age"),
        (lambda v: jk.Evidence(confidence=v), "confidence"),
    ],
)
def test_every_number_is_checked_where_it_enters(
    build: Callable[[object], object], field: str, value: object
) -> None:
    with pytest.raises(jk.ValidationError, match=rf"^{re.escape(field)}: must be ") as caught:
        build(value)
    assert len(str(caught.value)) < 200  # cut, never 5,000 digits


def test_metadata_numbers_are_checked_too() -> None:
    for value in (10**400, float("inf"), -1e16):
        with pytest.raises(jk.ValidationError, match=r"^metadata\.a\.b\[1\]: must be "):
            jk.Journey(title="T", metadata={"a": {"b": [0, value]}})
    # True and False are not numbers there, but plain values.
    assert jk.Journey(title="T", metadata={"a": True}).metadata == {"a": True}


def test_a_range_never_overflows() -> None:
    emotion = validators.Range(-2, 2)
    assert 10**400 not in emotion
    assert -(10**400) not in emotion
    assert 10**400 in validators.Range(0)
    assert validators.describe(10**400) == "1000000…(401 digits)"
    assert validators.describe(-(10**5000)) == "-1000000…(5001 digits)"
    assert validators.describe(10**59) == str(10**59)


# -- item 12: every text field keeps the same rules; whatever dump writes, load reads ------

# Any text at all, the tricky characters often: controls, lone surrogates, U+0085,
# line and paragraph separators, a byte-order mark, non-characters...
_TRICKY = "\x00\x07\x1b\x85\x9f\t\r\n\u2028\u2029\ufeff\ud800\udfff\ufffe\uffff: #'\"&"
_ANY_TEXT = st.text(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(_TRICKY)), max_size=8
)
# The fields that skipped the text rules, each with a text in every place it takes one,
# and the field its errors name.
_FIELDS: dict[str, tuple[str, Callable[[str], jk.Journey]]] = {
    "touchpoint metrics": ("metrics", lambda s: _text_journey(touchpoint={"metrics": {s: 1}})),
    "demographics": ("demographics", lambda s: _text_journey(persona={"demographics": {s: s}})),
    "transition metrics": ("metrics", lambda s: _text_journey(transition={"metrics": {s: 2.5}})),
    "metadata": ("metadata", lambda s: jk.Journey(title="T", metadata={s: [s, {s: s}]})),
}


def _text_journey(
    touchpoint: dict[str, Any] | None = None,
    persona: dict[str, Any] | None = None,
    transition: dict[str, Any] | None = None,
) -> jk.Journey:
    return jk.Journey(
        title="T",
        personas=[jk.Persona(name="Ana", **(persona or {}))],
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", **(touchpoint or {}))])],
        transitions=[jk.Transition(source="a", kind="exit", **(transition or {}))],
    )


@_SETTINGS
@given(st.sampled_from(sorted(_FIELDS)), _ANY_TEXT.filter(bool))
def test_whatever_dump_writes_load_reads(place: str, text: str) -> None:
    field, build = _FIELDS[place]
    if validators.UNPRINTABLE.search(text):
        with pytest.raises(jk.ValidationError, match=rf"^{field}\S*: (keys )?must not contain"):
            build(text)
        return
    journey = build(text)
    for format in ("yaml", "json"):
        assert jk.loads(jk.dumps(journey, format=format), format=format) == journey
    page = _rendered(journey, "markdown")
    assert not _CONTROLS.search(page)


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b", "\x85", "\ud800"])
def test_dump_never_meets_a_text_it_cannot_write(bad: str) -> None:
    # A lone surrogate reached dump (a raw UnicodeEncodeError), U+0085 came back as a line break.
    for field, build in _FIELDS.values():
        with pytest.raises(jk.ValidationError, match=rf"^{field}\S*: (keys )?must not contain"):
            build(f"a{bad}")


# -- item 11: one text-cleaning rule for every renderer -----------------------------------


def _everywhere(text: str) -> jk.Journey:
    return jk.Journey(
        title=f"T{text}",
        description=f"D{text}",
        persona=jk.Persona(name=f"Ana{text}", bio=f"B{text}", demographics={f"k{text}": text}),
        stages=[
            jk.Stage(
                id="s",
                name=f"S{text}",
                touchpoints=[
                    jk.Touchpoint(id="a", name=f"A{text}", action=text, owner=f"O{text}"),
                    jk.Touchpoint(id="b", name=f"B{text}", pain_points=[text], emotion=-1),
                ],
            )
        ],
        transitions=[jk.Transition(source="b", kind="exit", label=f"L{text}")],
    )


@pytest.mark.parametrize("name", RENDERERS)
def test_no_renderer_writes_a_non_character(name: str) -> None:
    out = _rendered(_everywhere(NON_CHARACTERS), name)
    assert not set(NON_CHARACTERS) & set(out)
    if name == "grid":
        assert ET.fromstring(out.encode("utf-8")) is not None


@pytest.mark.parametrize("name", RENDERERS)
def test_every_renderer_composes_text_before_it_escapes(name: str) -> None:
    # U+037E composes (NFC) to ";", which Mermaid reads as the end of a statement and
    # U+1FEF to "`", Markdown's code: escaped as if typed.
    assert _rendered(_everywhere("\u037e\u1fef"), name) == _rendered(_everywhere(";`"), name)


def test_a_mermaid_diagram_with_non_characters_reads_back() -> None:
    j = _everywhere("\ufffe")
    back = jk.loads(_rendered(j, "mermaid"), format="mermaid")
    assert [t.name for t in back.touchpoints] == ["A", "B"]
    # A name made of nothing the rule keeps still names something.
    lonely = jk.Journey(
        title="\uffff",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(id="t", name="\ufffe")])],
    )
    assert jk.loads(_rendered(lonely, "mermaid"), format="mermaid").touchpoints[0].name == "\ufffd"
    # The format itself keeps the text as it is.
    with pytest.warns(JourneyWarning):  # of what Mermaid cannot hold
        written = jk.dumps(j, format="mermaid")
    assert jk.loads(written, format="mermaid").title == j.title


def test_the_rule() -> None:
    assert clean("a\r\nb\rc\x85d\u2028e\u2029f\x0bg\tz") == "a\nb\nc\nd\ne\nf\ng z"
    assert clean("x\x00\x1b\x7f\x9f\ud800" + NON_CHARACTERS) == "x"
    assert clean("Cafe\u0301") == "Café"
    from journeykit.renderers.grid.text import clean as grid_clean

    assert grid_clean is clean


# -- from item 17: a theme's fields are checked where it is built -------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"font_size": 0}, r"^font_size: must be a number from 4 to 200, got 0$"),
        ({"font_size": "12"}, r"^font_size: must be a number from 4 to 200, got '12'$"),
        ({"font_size": 10**19}, r"^font_size: must be a number from 4 to 200, got 1{1}0{19}$"),
        ({"font_size": float("nan")}, r"^font_size: must be a number from 4 to 200, got nan$"),
        ({"font_size": True}, r"^font_size: must be a number from 4 to 200, got True$"),
        ({"stage_colors": ()}, r"^stage_colors: must be a list of one or more colours"),
        ({"stage_colors": "#123456"}, r"^stage_colors: must be a list of one or more colours"),
        ({"symbols": {"positive": "+"}}, r"^symbols: must give a symbol for each of positive"),
        ({"symbols": {**DEFAULT.symbols, "none": 3}}, r"^symbols\.none: must be text, got int"),
        ({"font_family": 3}, r"^font_family: must be text, got int 3$"),
        ({"name": "dark\x1b"}, r"^name: must not contain control characters, got U\+001B"),
    ],
)
def test_a_theme_says_what_is_wrong_as_it_is_built(change: dict[str, Any], message: str) -> None:
    with pytest.raises(jk.ValidationError, match=message):
        Theme(**change)
    with pytest.raises(jk.ValidationError, match=message):
        attrs.evolve(DEFAULT, **change)


@pytest.mark.parametrize("size", [MIN_FONT_SIZE, 12, MAX_FONT_SIZE])
def test_a_theme_at_the_font_size_limits_draws(size: float) -> None:
    theme = attrs.evolve(DEFAULT, font_size=size)
    assert jk.render(_everywhere("x"), "grid", theme=theme)
