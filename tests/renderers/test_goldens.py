"""Golden files for the text renderers: Markdown, Graphviz (DOT source) and Mermaid.

Every example in ``examples/*.yaml``, and one small hand-made journey whose every
text is hostile (:func:`hostile`), is rendered with ``jk.render(j, name)`` and
compared byte for byte with ``tests/renderers/goldens/<example>.<ext>`` (``.md``,
``.dot``, ``.mmd``). A difference fails with the first lines of a unified diff.

After a deliberate change to a renderer (or a new example), look at the new
output, then rewrite the golden files, the grid's ones included, with::

    .venv/bin/python -m pytest tests/renderers --update-goldens -p no:cacheprovider -q

and read ``git diff tests/renderers`` before committing them. The flag is
defined in ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import journeykit as jk
from tests.conftest import DIFF_LINES, EXAMPLES, UPDATE_COMMAND, Golden, check_golden
from tests.strategies import HOSTILE

GOLDENS = Path(__file__).parent / "goldens"
#: The renderers with text goldens, and the ending of their golden files.
ENDINGS = {"markdown": "md", "graphviz": "dot", "mermaid": "mmd"}


def hostile() -> jk.Journey:
    """A small journey whose texts are markup, quotes, separators, newlines, emoji and RTL script.

    It holds a skip, a return, a self-loop, exits with and without a probability,
    a backstage step, an empty stage, two personas with their own emotions, and
    ids with the punctuation ids may hold.
    """
    h = HOSTILE
    personas = [
        jk.Persona(id="p.1", name=h[0], role=h[1], goals=[h[2], h[4]], frustrations=[h[9]]),
        jk.Persona(id="p-2", name=h[10], quote=h[6]),
    ]
    return jk.Journey(
        title=f"{h[0]} {h[1]}",
        description=h[4],
        personas=personas,
        goal=h[5],
        scenario=h[11],
        expectations=[h[6], h[12]],
        stages=[
            jk.Stage(
                id="s-1",
                name=h[1],
                goal=h[2],
                touchpoints=[
                    jk.Touchpoint(
                        id="a.b",
                        name=h[0],
                        channel=h[3],
                        action=h[4],
                        thought=h[6],
                        questions=[h[5]],
                        emotion=2,
                        emotions={"p.1": -2, "p-2": 1.5},
                        pain_points=[h[2], h[7]],
                        happy_moments=[h[8]],
                        opportunities=[h[13]],
                        tech_limits=[h[14]],
                        owner=h[9],
                        metrics={"csat": 4.5, "nps": -40, h[1]: 3},
                        tags=[h[3]],
                    ),
                    jk.Touchpoint(
                        id="注册-1",
                        name=h[10],
                        channel="email",
                        emotion=-1.5,
                        owner=h[2],
                        visibility="backstage",
                        moment_of_truth=True,
                    ),
                ],
            ),
            jk.Stage(id="s_2", name=h[12]),
            jk.Stage(
                id="s.3",
                name=h[4],
                touchpoints=[
                    jk.Touchpoint(id="x_y", name=h[7], channel="web", emotion=0, owner=h[11]),
                    jk.Touchpoint(id="z", name=h[14], thought=h[13], emotion=None),
                ],
            ),
        ],
        transitions=[
            jk.Transition(source="a.b", target="x_y", kind="skip", label=h[1], probability=0.25),
            jk.Transition(source="x_y", target="a.b", kind="return", label=h[0], count=12),
            jk.Transition(source="注册-1", target="注册-1", kind="return", label=h[4], weight=2),
            jk.Transition(source="x_y", kind="exit", label=h[2], probability=0.5),
            jk.Transition(source="z", kind="exit", label=h[14]),
        ],
    )


def _loader(path: Path) -> Callable[[], jk.Journey]:
    return lambda: jk.load(path)


JOURNEYS: dict[str, Callable[[], jk.Journey]] = {
    **{path.stem: _loader(path) for path in EXAMPLES},
    "hostile": hostile,
}


def test_every_example_has_goldens() -> None:
    assert len(EXAMPLES) >= 4  # the examples are found
    assert set(JOURNEYS) == {path.stem for path in EXAMPLES} | {"hostile"}


@pytest.mark.parametrize("renderer", sorted(ENDINGS))
@pytest.mark.parametrize("name", sorted(JOURNEYS))
def test_output_matches_the_golden_file(name: str, renderer: str, golden: Golden) -> None:
    output = jk.render(JOURNEYS[name](), renderer)
    assert isinstance(output, str)
    golden(GOLDENS / f"{name}.{ENDINGS[renderer]}", output)


def test_no_golden_file_is_left_over() -> None:
    expected = {f"{name}.{ending}" for name in JOURNEYS for ending in ENDINGS.values()}
    found = {path.name for path in GOLDENS.iterdir()} if GOLDENS.exists() else set()
    assert found - expected == set(), "golden files for no journey: delete them"


def test_a_changed_output_fails_with_a_diff_and_the_command(tmp_path: Path) -> None:
    path = tmp_path / "example.md"
    old = "".join(f"line {i}\n" for i in range(100))
    path.write_text(old, encoding="utf-8")
    check_golden(path, old, update=False)
    new = old.replace("line 3\n", "line three\n").replace("line 90\n", "")
    with pytest.raises(pytest.fail.Exception) as failure:
        check_golden(path, new, update=False)
    message = str(failure.value)
    assert "-line 3\n+line three\n" in message
    assert "--- example.md (golden)" in message
    assert UPDATE_COMMAND in message
    assert len(message.splitlines()) <= DIFF_LINES + 6
    check_golden(path, new, update=True)
    assert path.read_text(encoding="utf-8") == new


def test_a_missing_golden_says_how_to_write_it(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"(?s)no golden file .*--update-goldens"):
        check_golden(tmp_path / "new.dot", "digraph {}", update=False)
