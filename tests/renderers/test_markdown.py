"""The Markdown renderer: a page that reads well on GitHub, whatever the text in the map."""

from __future__ import annotations

import re

import pytest

import journeykit as jk
from journeykit.renderers.markdown import LANES, MarkdownRenderer, escape
from tests.conftest import ROOT
from tests.strategies import HOSTILE

CAR = ROOT / "examples" / "car-purchase.yaml"
SALLY = ROOT / "examples" / "sally-task-tool.yaml"


def md(journey: jk.Journey, **options: object) -> str:
    text = jk.render(journey, "markdown", **options)
    assert isinstance(text, str)
    return text


def table(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ")]


def columns(row: str) -> int:
    """The cells of a table row as GitHub counts them: pipes not escaped by a backslash."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def small(**extra: object) -> jk.Journey:
    return jk.Journey(
        title="Buying flowers",
        stages=[
            jk.Stage(
                name="Find",
                touchpoints=[
                    jk.Touchpoint(
                        name="Sees a Google ad",
                        channel="ads",
                        emotion=1,
                        action="Clicks the ad",
                        owner="Marketing",
                    ),
                ],
            ),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(
                        name="Checks out",
                        channel="web",
                        emotion=-1.6,
                        pain_points=["Hidden fees", "Slow"],
                        opportunities="Show fees early",
                    ),
                    jk.Touchpoint(
                        name="Gets the flowers",
                        channel="delivery",
                        emotion=2,
                        visibility="backstage",
                        moment_of_truth=True,
                    ),
                ],
            ),
        ],
        transitions=[
            jk.Transition(source="checks-out", kind="exit", label="gives up", probability=0.4),
            jk.Transition(
                source="gets-the-flowers",
                target="checks-out",
                kind="return",
                label="orders again",
                count=12,
            ),
            jk.Transition(source="sees-a-google-ad", target="gets-the-flowers", kind="skip"),
        ],
        **extra,  # type: ignore[arg-type]
    )


def test_the_car_example_reads_as_a_map() -> None:
    text = md(jk.load(CAR))
    assert text.startswith("# Buying a family car\n")
    assert "## Persona: Daniela Vargas" in text
    assert "- **Age:** 32" in text
    rows = table(text)
    assert rows[0] == (
        "| Stages | Awareness | Consideration | Purchase | Delivery and use | Loyalty and advocacy |"
    )
    assert {columns(row) for row in rows} == {6}
    titles = [row.split(" | ")[0] for row in rows[2:]]
    assert titles == [
        "| **Actions**",
        "| **Touchpoints**",
        "| **Thoughts**",
        "| **Emotions**",
        "| **Pain points**",
        "| **Opportunities**",
        "| **Owners**",
    ]
    assert "11. **Picks up the car** · In person ⚑ ◆" in text  # flagged, and computed too
    assert "_⚑ Moment of truth · ◆ Moment that matters_" in text
    assert "7. 😡 very negative (-2)" in text
    # Loops, exits and moments that matter come from journeykit.analysis.
    assert (
        "- ↩ **4. Reads reviews and comparisons** → **3. Configures the car on the website** (30%)"
        in text
    )
    assert "- Leaves at **7. Negotiates the price** (25%): walks away over the price" in text
    moments = text.split("## Moments that matter\n\n")[1].splitlines()
    assert moments[0].startswith("1. **7. Negotiates the price** (Purchase), emotional load ")
    assert len(moments) == 3  # as many as the poster rings
    assert re.search(r"[^\n]\n\Z", text), "one newline at the end"


def test_a_spanish_map_gets_spanish_titles_by_itself() -> None:
    text = md(jk.load(SALLY))
    assert "| Etapas |" in text
    assert "| **Puntos de contacto** |" in text
    assert "## Bucles y salidas" in text
    assert "## Momentos que importan" in text
    assert "😐 neutral (0)" in text


def test_lang_overrides_the_map_language() -> None:
    text = md(small(), lang="es")
    assert "| **Emociones** | 1. 🙂 positiva (+1) |" in text
    assert "Sitio web" in text
    assert "### Salidas\n\n- Sale en **2. Checks out** (40\u00a0%): gives up" in text


def test_lanes_choose_and_order_the_rows_and_sections() -> None:
    text = md(small(), lanes=["emotions", "touchpoints"])
    assert [row.split(" | ")[0] for row in table(text)[2:]] == [
        "| **Emotions**",
        "| **Touchpoints**",
    ]
    assert "## Loops" not in text
    assert "## Moments" not in text


def test_lanes_as_comma_separated_text() -> None:
    assert MarkdownRenderer(lanes="actions, owners,flow").options.lanes == (
        "actions",
        "owners",
        "flow",
    )


def test_every_lane_renders() -> None:
    text = md(small(), lanes=LANES)
    assert "| **Channels** | 1. Paid ads | 2. Website<br>3. Delivery |" in text
    assert "| **Pain points** |  | 2. Hidden fees; Slow |" in text
    assert {columns(row) for row in table(text)} == {3}


def test_empty_rows_are_left_out_but_touchpoints_stay() -> None:
    j = jk.Journey(title="T", stages=[jk.Stage(name="S")])
    rows = table(md(j))
    assert rows == ["| Stages | S |", "| --- | --- |", "| **Touchpoints** |  |"]


def test_flow_lists_loops_skips_and_exits() -> None:
    text = md(small())
    flow = text.split("## Loops and exits\n\n")[1].split("## Moments")[0]
    assert flow == (
        "### Loops\n\n"
        "- ↩ **3. Gets the flowers** → **2. Checks out** (50%, n=12): orders again; "
        "through 2 → 3 (stages: Buy)\n\n"
        "### Skips\n\n"
        "- **1. Sees a Google ad** → **3. Gets the flowers**\n\n"
        "### Exits\n\n"
        "- Leaves at **2. Checks out** (40%): gives up\n\n"
    )


def test_moments_option() -> None:
    assert "## Moments that matter" not in md(small(), moments=0)
    text = md(small(), moments=1)
    assert len(text.split("## Moments that matter\n\n")[1].strip().splitlines()) == 1


def test_a_map_without_stages() -> None:
    text = md(jk.Journey(title="Empty"))
    assert text == "# Empty\n\n_No stages yet._\n"


def test_future_state_and_journey_facts() -> None:
    text = md(small(state="future", goal="Send flowers", scenario="A birthday"))
    assert text.startswith("# Buying flowers\n\n_Future state_\n\n- **Goal:** Send flowers\n")
    assert "- **Scenario:** A birthday" in text


def test_several_personas_each_get_a_card_and_their_emotions() -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(id="ana", name="Ana"), jk.Persona(id="bo", name="Bo", age=40)],
        stages=[
            jk.Stage(
                name="S", touchpoints=[jk.Touchpoint(name="Pays", emotion=1, emotions={"bo": -2})]
            )
        ],
    )
    text = md(j)
    assert "## Persona: Ana" in text
    assert "## Persona: Bo" in text
    assert "1. 🙂 positive (+1); Bo: 😡 very negative (-2)" in text


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (-2, "😡 very negative (-2)"),
        (-1, "🙁 negative (-1)"),
        (0, "😐 neutral (0)"),
        (0.4, "😐 neutral (+0.4)"),
        (1.5, "😄 very positive (+1.5)"),
        (2, "😄 very positive (+2)"),
    ],
)
def test_emotion_is_a_face_a_word_and_the_score(score: float, shown: str) -> None:
    j = jk.Journey(
        title="T", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", emotion=score)])]
    )
    assert f"| **Emotions** | 1. {shown} |" in md(j)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lanes": ["gossip"]}, "lanes: no lane 'gossip'; must be any of persona, goals,"),
        ({"lanes": "touchpoints,gossip"}, "lanes: no lane 'gossip'; must be any of persona"),
        ({"lanes": "emotions,emotions"}, "lanes: each lane may appear once, got 'emotions' twice"),
        ({"lang": "fr"}, "lang: must be one of en, es, pt, got 'fr'"),
        ({"lanes": 3}, "lanes: must be a list of lane names, got 3"),
        ({"lanes": [None]}, "lanes: must hold lane names, got NoneType None"),
        ({"moments": -1}, "moments: must be a whole number from 0 to 50, got -1"),
        ({"moments": True}, "moments: must be a whole number from 0 to 50, got True"),
        (
            {"colour": "red"},
            "the markdown renderer has no option 'colour'; its options: lanes, lang, moments",
        ),
    ],
)
def test_bad_options_are_named(options: dict[str, object], message: str) -> None:
    with pytest.raises(jk.JourneyError, match=re.escape(message)):
        MarkdownRenderer(**options)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a | b", "a \\| b"),
        ("`code`", "\\`code\\`"),
        ("*em* _em_ ~~s~~", "\\*em\\* \\_em\\_ \\~\\~s\\~\\~"),
        ("[link](http://x)", "\\[link\\](http://x)"),
        ("![img](x)", "!\\[img\\](x)"),
        ("$x^2$", "\\$x^2\\$"),
        ("C# ##", "C\\# \\#\\#"),
        ("back\\slash", "back\\\\slash"),
        ("&amp; &", "&amp;amp; &amp;"),
        ("a\nb\r\nc\u2028d", "a b c d"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_right_to_left_text_is_isolated() -> None:
    assert escape("مرحبا") == "\u2068مرحبا\u2069"  # noqa: RUF001
    assert escape("abc") == "abc"


def hostile_journey(text: str) -> jk.Journey:
    return jk.Journey(
        title=text,
        persona=jk.Persona(id="p", name=text, role=text, goals=[text], demographics={text: text}),
        goal=text,
        stages=[
            jk.Stage(
                id="s1",
                name=text,
                goal=text,
                touchpoints=[
                    jk.Touchpoint(
                        id="a",
                        name=text,
                        channel=text,
                        action=text,
                        thought=text,
                        questions=[text],
                        emotion=-1,
                        pain_points=[text, text],
                        opportunities=[text],
                        happy_moments=[text],
                        tech_limits=[text],
                        owner=text,
                        metrics={"nps": 10},
                    ),
                    jk.Touchpoint(id="b", name=text, emotion=1),
                ],
            ),
            jk.Stage(id="s2", name=text, touchpoints=[jk.Touchpoint(id="c", name=text)]),
        ],
        transitions=[
            jk.Transition(source="b", target="a", kind="return", label=text),
            jk.Transition(source="a", target="c", kind="skip", label=text),
            jk.Transition(source="c", kind="exit", label=text),
        ],
    )


@pytest.mark.parametrize("text", [*HOSTILE, "x" * 10_000, " padded ", "a\u2029b", "\u202eevil"])
def test_hostile_text_stays_inert(text: str) -> None:
    out = md(hostile_journey(text), lanes=LANES)
    rows = table(out)
    assert {columns(row) for row in rows} == {3}, "a text added or removed a column"
    assert len(rows) == 2 + 13
    assert "<script" not in out
    assert "</svg" not in out
    assert len(out.splitlines()) == len(md(hostile_journey("x"), lanes=LANES).splitlines())
    # Every heading line is still one heading; no text made a new block.
    headings = [line.split(" ", 1)[0] for line in out.splitlines() if line.startswith("#")]
    assert headings == ["#", "##", "##", "###", "###", "###", "##"]


def test_output_is_byte_identical_across_runs() -> None:
    j = jk.load(CAR)
    assert md(j) == md(jk.load(CAR))


# -- issue 15, item 14: no text can start a block ---------------------------------------------

BLOCK_STARTS = [
    "---",
    "- - -",
    "===",
    "1. one",
    "2) two",
    "- item",
    "+ item",
    "* item",
    "# x",
    "> q",
    "    indented code",
    "\tcode",
    "```",
    "~~~",
    "<div>",
    "| a | b |",
    "-",
    "1.",
]


def _blocks(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [t.type for t in tokens if t.block and t.type != "inline"]


@pytest.mark.parametrize("text", BLOCK_STARTS)
def test_text_at_the_start_of_a_line_never_starts_a_block(text: str) -> None:
    def page(value: str) -> str:
        persona = jk.Persona(name="Ana", bio=value, role=value, demographics={"k": value})
        j = small(description=value, goal=value, persona=persona)
        return md(j, lanes=LANES)

    assert _blocks(page(text)) == _blocks(page("plain"))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("- item", "\\- item"),
        ("1. one", "1\\. one"),
        ("10) ten", "10\\) ten"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("    code", "code"),
        ("-->", "--&gt;"),  # no block starts like that: left as written
        ("+34 600 000 000", "+34 600 000 000"),
        ("3.5 stars", "3.5 stars"),
    ],
)
def test_only_what_would_start_a_block_is_escaped(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_escape_cleans_first_as_every_renderer_does() -> None:
    # U+1FEF composes (NFC) to a backtick: it must be escaped once composed.
    assert escape("a\u1fefb\ufffe\x07") == "a\\`b"
    assert escape("two\u2028lines", newline="<br>") == "two<br>lines"


def _trends() -> jk.analysis.Trends:
    from journeykit.analysis.trends import TrendPeriod, TrendRow

    weeks = ("2024-05-06", "2024-05-13")
    rows = tuple(
        TrendRow(touchpoint="a", name="Sees <b>an ad</b>", period=week, customers=10,
                 dropped=dropped, drop_off=dropped / 10, drop_off_low=0.0, drop_off_high=1.0,
                 emotion=None)
        for week, dropped in zip(weeks, (2, 5), strict=True)
    )  # fmt: skip
    periods = tuple(
        TrendPeriod(period=week, customers=10, conversions=None, conversion=None,
                    conversion_low=None, conversion_high=None)
        for week in weeks
    )  # fmt: skip
    return jk.analysis.Trends(confidence=0.95, periods=periods, rows=rows)


@pytest.mark.parametrize(("lang", "title"), [("en", "## Trends"), ("es", "## Tendencias")])
def test_trends_are_a_last_section_of_the_page(lang: str, title: str) -> None:
    trends = _trends()
    text = jk.render(jk.load(CAR), "markdown", trends=trends, lang=lang)
    assert isinstance(text, str)
    section = text.split(f"\n{title}\n\n", 1)[1]
    assert section == trends.to_markdown().rstrip("\n") + "\n"
    assert "<b>" not in section  # the names are escaped as every text of the page


def test_trends_must_be_trends() -> None:
    with pytest.raises(jk.ValidationError, match=r"^trends: must be the Trends of .*, got 3$"):
        jk.render(jk.load(CAR), "markdown", trends=3)


def test_a_spanish_page_gives_moments_and_numbers_in_spanish() -> None:
    text = md(jk.load(ROOT / "examples" / "website-contact.yaml"))
    moments = text.split("## Momentos que importan", 1)[1]
    assert "carga emocional 8,10: la emoción más baja del recorrido (-2)" in moments
    assert "el 30\xa0% de los clientes se va aquí" in moments
    assert "lowest" not in moments
    assert "## Bucles y salidas" in text
    english = md(jk.load(ROOT / "examples" / "website-contact.yaml"), lang="en")
    assert "emotional load 8.10: lowest emotion in the journey (-2)" in english
