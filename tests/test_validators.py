"""One way to say no: the same mistake gets the same error type and words everywhere.

The renderers, ``render``, ``dumps``/``dump`` and the analysis helpers are
found through the registry and ``analysis.__all__``, so that a new one is
held to the same words without being listed here.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import journeykit as jk
from journeykit import analysis, cli, renderers, validators
from journeykit.renderers._fit import SIMPLIFY
from journeykit.renderers.graphviz import LAYOUTS, VIEWS
from journeykit.renderers.theme import THEMES
from tests.conftest import ROOT
from tests.renderers.test_contract import having, loadable

CAR = ROOT / "examples" / "car-purchase.yaml"
NOT_A_JOURNEY = "car.yaml"


RENDERERS = loadable()


def _no_journey(parameter: str) -> str:
    """The one message for a non-Journey argument, as check_journey writes it."""
    return (
        f"{parameter}: must be a Journey, got str {NOT_A_JOURNEY!r} "
        "(load files with journeykit.load)"
    )


# -- a non-Journey argument ---------------------------------------------------------


def _takers() -> list[Any]:
    """(what, call, the parameter named in the error) for everything that takes a journey."""
    journey = jk.load(CAR)
    takers: list[Any] = []
    wrong: Any = NOT_A_JOURNEY
    for name, cls in RENDERERS.items():
        takers.append(pytest.param(lambda cls=cls: cls().render(wrong), "journey", id=name))
        takers.append(
            pytest.param(lambda name=name: jk.render(wrong, name), "journey", id=f"render-{name}")
        )
    for name in analysis.__all__:
        helper = getattr(analysis, name)
        if not inspect.isfunction(helper):
            continue
        parameters = list(inspect.signature(helper).parameters)
        for index, parameter in enumerate(parameters):
            if inspect.signature(helper).parameters[parameter].annotation != "Journey":
                continue
            arguments = _arguments(helper, journey, index)
            takers.append(
                pytest.param(
                    lambda helper=helper, arguments=arguments: _drain(helper(*arguments)),
                    parameter,
                    id=f"analysis.{name}({parameter})",
                )
            )
    takers.append(pytest.param(lambda: jk.dumps(wrong), "journey", id="dumps"))
    return takers


def _arguments(helper: Callable[..., Any], journey: jk.Journey, index: int) -> list[Any]:
    """Good arguments for ``helper``, with the non-Journey one at ``index``."""
    required = [
        p
        for p in inspect.signature(helper).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    good = [journey if p.annotation == "Journey" else journey.touchpoints[0].id for p in required]
    return [NOT_A_JOURNEY if i == index else value for i, value in enumerate(good)]


def _drain(result: object) -> object:
    """Run a lazy result (a generator) far enough to see its checks."""
    if inspect.isgenerator(result):
        return next(result, None)
    return result


@pytest.mark.parametrize(("call", "parameter"), _takers())
def test_a_non_journey_gets_the_same_error_everywhere(
    call: Callable[[], object], parameter: str
) -> None:
    with pytest.raises(jk.ValidationError) as raised:
        call()
    assert str(raised.value) == _no_journey(parameter)


def test_dump_refuses_a_non_journey_the_same_way(tmp_path: Path) -> None:
    with pytest.raises(jk.ValidationError, match=re.escape(_no_journey("journey"))):
        jk.dump(NOT_A_JOURNEY, tmp_path / "map.yaml")  # type: ignore[arg-type]
    assert not (tmp_path / "map.yaml").exists()


# Helpers that take a journey or a table of paths: a wrong argument names both.
EITHER = {"attribution": "journey_or_paths"}
# Helpers that take journeys by name: each one that is not a journey is named.
BY_NAME = {"compare_segments": "journeys", "trends": "journeys"}
# Helpers of plain numbers (their arguments are checked in tests of their own).
NUMBERS = {"wilson"}


def test_every_analysis_helper_is_covered() -> None:
    ids = {param.id for param in _takers()}
    helpers = [n for n in analysis.__all__ if inspect.isfunction(getattr(analysis, n))]
    assert helpers
    for name in helpers:
        covered = name in EITHER or name in BY_NAME or name in NUMBERS
        assert covered or any(i.startswith(f"analysis.{name}(") for i in ids), name


@pytest.mark.parametrize(("name", "parameter"), BY_NAME.items())
def test_a_helper_of_named_journeys_names_the_one_that_is_not(name: str, parameter: str) -> None:
    message = _no_journey(f"{parameter}['mobile']")
    with pytest.raises(jk.ValidationError, match=rf"^{re.escape(message)}$"):
        getattr(analysis, name)({"mobile": NOT_A_JOURNEY})


@pytest.mark.parametrize(("name", "parameter"), EITHER.items())
def test_a_helper_of_journeys_or_paths_names_what_it_takes(name: str, parameter: str) -> None:
    with pytest.raises(jk.ValidationError, match=rf"^{parameter}: must be .* or a journey, got "):
        getattr(analysis, name)(NOT_A_JOURNEY)


# -- an option value that is not one of the choices ----------------------------------


def _choices() -> list[Any]:
    """Every renderer option with a fixed set of choices, and those choices."""
    found = []
    for name, cls in RENDERERS.items():
        for field, choices in _choice_fields(cls).items():
            found.append(pytest.param(name, field, choices, id=f"{name}-{field}"))
    return found


def _choice_fields(cls: type[renderers.Renderer]) -> dict[str, tuple[str, ...]]:
    known: dict[str, tuple[str, ...]] = {
        "lang": jk.vocab.LANGUAGES,
        "theme": tuple(THEMES),
        "output": tuple(output.name for output in cls.outputs),
        "layout": LAYOUTS,
        "view": VIEWS,
        "simplify": SIMPLIFY,
        "actors": ("all", "personas", "owners", "none"),
    }
    fields = attrs.fields_dict(cls.Options)
    return {field: choices for field, choices in known.items() if field in fields}


@pytest.mark.parametrize(("name", "field", "choices"), _choices())
def test_an_unknown_choice_is_refused_in_the_same_words(
    name: str, field: str, choices: tuple[str, ...]
) -> None:
    expected = f"{field}: must be one of {', '.join(choices)}, got 'bogus'"
    for attempt in (
        lambda: RENDERERS[name](**{field: "bogus"}),
        lambda: jk.render(jk.load(CAR), name, **{field: "bogus"}),
    ):
        with pytest.raises(jk.ValidationError) as raised:
            attempt()
        assert str(raised.value) == expected


def test_every_renderer_with_choices_is_covered() -> None:
    assert {"markdown", "graphviz", "mermaid", "grid"} <= {p.values[0] for p in _choices()}


def test_the_command_line_says_it_in_the_same_words(capsys: pytest.CaptureFixture[str]) -> None:
    for name, cls in RENDERERS.items():
        if "lang" not in attrs.fields_dict(cls.Options):
            continue
        code = cli.main(["render", str(CAR), "-f", name, "-O", "lang=fr"])
        _, err = capsys.readouterr()
        assert code == 2
        assert err == "journeykit: error: lang: must be one of en, es, pt, got 'fr'\n"


# -- a wrong number --------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?P<field>\w+): must be (a|a whole) number (of at least -?[\d.]+|from -?[\d.]+ to [\d.]+), "
    r"got (?P<got>.+)"
)


def _numbers() -> list[Any]:
    """Every number option of every renderer (its validator is validators.number)."""
    found = []
    for name, cls in RENDERERS.items():
        for field in attrs.fields(cls.Options):
            # touchpoints and transitions take simplify's rule, tested below.
            sliders = field.name in {"touchpoints", "transitions"}
            if field.type in ("int", "float", "int | None", "float | None") and not sliders:
                found.append(pytest.param(name, field.name, id=f"{name}-{field.name}"))
    return found


@pytest.mark.parametrize("bad", ["many", True, math.nan, -1e9])
@pytest.mark.parametrize(("name", "field"), _numbers())
def test_a_wrong_number_is_refused_in_the_same_words(name: str, field: str, bad: object) -> None:
    with pytest.raises(jk.ValidationError) as raised:
        RENDERERS[name](**{field: bad})
    matched = _NUMBER.fullmatch(str(raised.value))
    assert matched, str(raised.value)
    assert matched["field"] == field
    assert matched["got"] == validators.describe(bad)


@pytest.mark.parametrize("bad", ["many", True, math.nan, -1e9, 0, 1.5])
@pytest.mark.parametrize("name", ["grid", "graphviz"])
@pytest.mark.parametrize("field", ["touchpoints", "transitions"])
def test_a_slider_is_refused_in_simplifys_words(name: str, field: str, bad: object) -> None:
    with pytest.raises(jk.ValidationError) as drawing:
        RENDERERS[name](**{field: bad})
    with pytest.raises(jk.ValidationError) as simplifying:
        jk.analysis.simplify(jk.load(CAR), **{field: bad})  # type: ignore[arg-type]
    assert str(drawing.value) == str(simplifying.value)
    assert str(drawing.value).endswith(f"got {validators.describe(bad)}")


def test_the_same_number_option_says_the_same_thing() -> None:
    # moments is a whole number in both; the words differ only in the bounds.
    with pytest.raises(jk.ValidationError, match=r"^moments: must be a whole number .*, got 2\.5$"):
        jk.render(jk.load(CAR), "markdown", moments=2.5)
    with pytest.raises(jk.ValidationError, match=r"^moments: must be a whole number .*, got 2\.5$"):
        jk.render(jk.load(CAR), "grid", moments=2.5)


# -- lane lists ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", having("lanes"))
@pytest.mark.parametrize(
    ("lanes", "message"),
    [
        ("actions,gossip", r"lanes: no lane 'gossip'; must be any of \w+, "),
        (["gossip"], r"lanes: no lane 'gossip'; must be any of \w+, "),
        ("emotions, emotions", r"lanes: each lane may appear once, got 'emotions' twice"),
        (3, r"lanes: must be a list of lane names, got 3"),
        ([3], r"lanes: must hold lane names, got int 3"),
    ],
)
def test_lanes_are_read_and_refused_the_same_way(name: str, lanes: object, message: str) -> None:
    with pytest.raises(jk.ValidationError, match=f"^{message}"):
        RENDERERS[name](lanes=lanes)


@pytest.mark.parametrize("name", having("lanes"))
def test_a_comma_separated_list_is_a_list(name: str) -> None:
    cls = RENDERERS[name]
    assert cls(lanes="actions, emotions").options.lanes == ("actions", "emotions")
    assert cls(lanes="emotions").options.lanes == ("emotions",)


# -- the small checks themselves ---------------------------------------------------------


def test_check_runs_a_validator_on_a_plain_value() -> None:
    assert validators.check("k", 3, validators.number(1, whole=True)) == 3
    with pytest.raises(jk.ValidationError, match=r"^k: must be one of a, b, got 'c'$"):
        validators.check("k", "c", validators.one_of(("a", "b")))


def test_pattern_and_journey_validators() -> None:
    @attrs.frozen
    class A:
        code: str = attrs.field(validator=validators.pattern("[a-z]+", "a lower-case word"))
        other: object = attrs.field(
            default=None, validator=attrs.validators.optional(validators.journey)
        )

    assert A("abc").code == "abc"
    with pytest.raises(jk.ValidationError, match=r"^code: must be a lower-case word, got 'ABC'$"):
        A("ABC")
    with pytest.raises(jk.ValidationError, match=r"^code: must be a lower-case word, got 3$"):
        A(3)  # type: ignore[arg-type]
    with pytest.raises(jk.ValidationError, match=r"^other: must be a Journey, got int 3"):
        A("abc", 3)
    assert A("abc", jk.Journey(title="T")).other == jk.Journey(title="T")
