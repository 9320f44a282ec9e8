"""The Mermaid renderer: registry entry, options, and the examples drawn as diagrams."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import renderers
from journeykit.errors import JourneyWarning
from journeykit.formats import mermaid
from journeykit.renderers.mermaid import MermaidRenderer
from tests.conftest import EXAMPLES
from tests.formats.mermaid.real import MermaidParser, real_mermaid

J = jk.Journey(
    title="Flowers",
    persona=jk.Persona(name="Ana"),
    stages=[
        jk.Stage(
            name="Buy",
            touchpoints=[jk.Touchpoint(name="Checks out: card", emotion=-1, owner="Payments")],
        )
    ],
)


@pytest.fixture(scope="module")
def real() -> Iterator[MermaidParser]:
    yield from real_mermaid()


def test_registered_under_its_name_alias_and_file_endings() -> None:
    assert renderers.get("mermaid") is MermaidRenderer
    assert renderers.get("mmd") is MermaidRenderer
    assert renderers.get_for_filename("docs/map.MMD") == (MermaidRenderer, {})
    assert renderers.get_for_filename("map.mermaid") == (MermaidRenderer, {})
    output = MermaidRenderer().output
    assert (output.extension, output.media_type) == (".mmd", "text/vnd.mermaid")
    assert not output.binary


def test_renders_the_text_the_mermaid_format_writes() -> None:
    assert jk.render(J, "mermaid") == jk.dumps(J, format="mermaid")
    assert jk.render(J, "mermaid") == (
        "journey\n"
        "  title Flowers\n"
        "  %% journeykit personas: Ana\n"
        "  section Buy\n"
        "    Checks out#58; card: 2: Ana, Payments\n"
    )


@pytest.mark.parametrize(
    ("actors", "last"),
    [
        ("all", "    Checks out#58; card: 2: Ana, Payments"),
        ("personas", "    Checks out#58; card: 2: Ana"),
        ("owners", "    Checks out#58; card: 2: Payments"),
        ("none", "    Checks out#58; card: 2"),
    ],
)
def test_actors_option(actors: str, last: str) -> None:
    output = jk.render(J, "mermaid", actors=actors)
    assert isinstance(output, str)
    assert output.splitlines()[-1] == last


def test_bad_options_are_refused_with_the_choices() -> None:
    with pytest.raises(
        jk.ValidationError, match="actors: must be one of all, personas, owners, none, got 'staff'"
    ):
        jk.render(J, "mermaid", actors="staff")
    with pytest.raises(jk.JourneyError, match="has no option 'colour'; its options: actors"):
        jk.render(J, "mermaid", colour="red")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_render_and_read_back(path: Path) -> None:
    journey = jk.load(path)
    text = jk.render(journey, "mermaid")
    assert isinstance(text, str)
    back = mermaid.loads(text, source=path.name)
    assert back.title == journey.title
    assert [s.name for s in back.stages] == [s.name for s in journey.stages]
    assert [t.name for t in back.touchpoints] == [t.name for t in journey.touchpoints]
    assert [p.name for p in back.personas] == [p.name for p in journey.personas]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_real_mermaid_draws_the_examples(real: MermaidParser, path: Path) -> None:
    journey = jk.load(path)
    with pytest.warns(JourneyWarning, match="^Mermaid cannot hold .*transitions"):
        read = real.parse(jk.dumps(journey, format="mermaid"))
    assert read["title"] == journey.title
    assert read["sections"] == [s.name for s in journey.stages]
    assert [t["task"] for t in read["tasks"]] == [t.name for t in journey.touchpoints]
