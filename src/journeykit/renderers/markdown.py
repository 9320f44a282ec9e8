r"""The Markdown renderer: a journey map that reads well on GitHub and in notebooks.

The page has a title, the goal and scenario, one card per persona, then one
table with the stages as columns and the lanes (actions, touchpoints,
thoughts, emotions...) as rows, then the loops, skips and exits of the flow,
then the moments that matter. Touchpoints are numbered in journey order and
every cell refers to them by number, so a stage with several touchpoints
stays readable.

Two marks follow a touchpoint's name in the table, the same two every
renderer uses: ⚑ for a touchpoint its author flagged ``moment_of_truth``, ◆
for one of the computed moments that matter the page lists
(:func:`journeykit.analysis.moments_that_matter`); a line under the table
names the marks it shows. The star is no moment mark: it is the review-sites
channel's icon.

Every text from the journey is cleaned by the rule every renderer keeps
(:func:`journeykit.renderers._text.clean`), then escaped: Markdown
punctuation gets a backslash, ``<``, ``>`` and ``&`` become entities, line
breaks become ``<br>`` in the table (a space elsewhere), and what would start
a block at the start of a line (``-``, ``+``, ``=``, ``1.``, ``1)``, an
indent) is escaped or dropped, so no text can add a column, start a block
(a list, a heading, a rule, a code block, a quote), or inject HTML.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Buying flowers", stages=[
...     jk.Stage(name="Find", touchpoints=[
...         jk.Touchpoint(name="Sees a Google ad", channel="ads", emotion=1)]),
...     jk.Stage(name="Buy", touchpoints=[
...         jk.Touchpoint(name="Checks out", channel="web", emotion=-1,
...                       pain_points=["Shipping | fees <hidden>"])]),
... ])
>>> text = jk.render(j, "markdown", lanes=["touchpoints", "emotions", "pain_points"])
>>> print(text)
# Buying flowers
<BLANKLINE>
| Stages | Find | Buy |
| --- | --- | --- |
| **Touchpoints** | 1. **Sees a Google ad** · Paid ads | 2. **Checks out** · Website |
| **Emotions** | 1. 🙂 positive (+1) | 2. 🙁 negative (-1) |
| **Pain points** |  | 2. Shipping \| fees &lt;hidden&gt; |
<BLANKLINE>
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from journeykit import i18n, validators, vocab
from journeykit.figures import edge_figures, number, signed
from journeykit.renderers import Output, Renderer
from journeykit.renderers._text import clean
from journeykit.renderers.theme import (
    MOMENT_SYMBOL,
    TRUTH_SYMBOL,
    check_lang,
    lane_title,
    map_lang,
    moment_key,
    moments_marked,
)

if TYPE_CHECKING:
    from journeykit.analysis import Moment, Trends
    from journeykit.graph import Edge
    from journeykit.model import Journey, Persona, Touchpoint

__all__ = ["LANES", "TABLE_LANES", "MarkdownRenderer", "escape"]

#: Lanes that become rows of the table, in the order they are usually shown.
TABLE_LANES: tuple[str, ...] = (
    "goals",
    "actions",
    "touchpoints",
    "channels",
    "thoughts",
    "questions",
    "emotions",
    "pain_points",
    "happy_moments",
    "opportunities",
    "tech_limits",
    "owners",
    "metrics",
)
#: Every lane the renderer knows: the table rows plus the sections around the table.
LANES: tuple[str, ...] = ("persona", *TABLE_LANES, "flow", "moments")

_DEFAULT_LANES: tuple[str, ...] = (
    "persona",
    "actions",
    "touchpoints",
    "thoughts",
    "emotions",
    "pain_points",
    "opportunities",
    "owners",
    "flow",
    "moments",
)

#: More back-edges than this, and the flow lists them as returns, their loops not traced:
#: tracing is a search of the journey per back-edge, hours on a log of 100k activities, whose
#: thousands of loops would not read as loops anyway.
TRACED_LOOPS = 1_000

# Faces for the five points of the emotion scale, -2 to +2.
_FACES = ("😡", "🙁", "😐", "🙂", "😄")

# Everything CommonMark or GitHub gives a meaning to inside a line: emphasis,
# code, links and images, tables, strikethrough, math, headings' closing hashes.
_PUNCTUATION = re.compile(r"[\\`*_\[\]|~$#]")
# Right-to-left letters and the controls that change the direction of text.
_BIDI = frozenset({"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})
# What starts a block at the start of a line, once the punctuation above has its
# backslash: a list item ("-", "+", "1." or "1)" before a space or the end of the
# text), or a rule or heading underline ("---", "==="). "#", ">", "*", "_", "`", "~",
# "<" and "|" are escaped wherever they are; spaces and tabs before any of these
# are dropped, since four of them start a code block.
_BLOCK_START = re.compile(
    r"\A[ \t]*(?:(?P<marker>[-+](?=[ \t]|\Z)|[-=](?=[-= \t]*\Z))"
    r"|(?P<number>[0-9]{1,9})(?P<dot>[.)])(?=[ \t]|\Z))?"
)


def escape(text: str, *, newline: str = " ") -> str:
    r"""Return ``text`` as inert Markdown: shown as written, never as markup, never a block.

    Parameters
    ----------
    text:
        Any text.
    newline:
        What a line break becomes: a space (the default) or ``"<br>"`` in a
        table cell.

    Examples
    --------
    >>> print(escape("<script>alert(1)</script> | *bold* `code`"))
    &lt;script&gt;alert(1)&lt;/script&gt; \| \*bold\* \`code\`
    >>> escape("two\nlines", newline="<br>")
    'two<br>lines'

    Text cannot start a block, wherever it lands: a list marker, a rule or an
    indent at its start is escaped or dropped.

    >>> print(escape("- item"), escape("1. one"), escape("---"), escape("    code"))
    \- item 1\. one \--- code

    Right-to-left text is wrapped in Unicode isolates (U+2068, U+2069) so that
    it cannot reorder the text around it.

    >>> escape("\u05e9\u05dc\u05d5\u05dd") == "\u2068\u05e9\u05dc\u05d5\u05dd\u2069"
    True
    """
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\g<0>", text).replace("\n", newline)
    text = _BLOCK_START.sub(_inert_start, text, count=1)
    if not text.isascii() and any(unicodedata.bidirectional(c) in _BIDI for c in text):
        text = f"\u2068{text}\u2069"
    return text


def _inert_start(match: re.Match[str]) -> str:
    """The start of a text that would begin a block, as text: its marker escaped, no indent."""
    marker, number, dot = match.group("marker", "number", "dot")
    if marker:
        return f"\\{marker}"
    return f"{number}\\{dot}" if number else ""


def _cell(text: str) -> str:
    return escape(text, newline="<br>")


def _emotion(score: float, lang: str) -> str:
    point = max(vocab.EMOTION_MIN, min(vocab.EMOTION_MAX, math.floor(score + 0.5)))
    face = _FACES[point - vocab.EMOTION_MIN]
    shown = "0" if score == 0 else signed(score, lang)
    return f"{face} {vocab.emotion_label(score, lang=lang)} ({shown})"


class MarkdownRenderer(Renderer):
    """Render a journey as a GitHub-flavoured Markdown page.

    Parameters
    ----------
    lanes:
        The parts to show, in order: ``persona``, the table rows
        (:data:`TABLE_LANES`: ``goals``, ``actions``, ``touchpoints``,
        ``channels``, ``thoughts``, ``questions``, ``emotions``,
        ``pain_points``, ``happy_moments``, ``opportunities``,
        ``tech_limits``, ``owners``, ``metrics``), ``flow`` (loops, skips,
        exits; past :data:`TRACED_LOOPS` back-edges, the back-edges are listed
        as returns, their loops not traced) and ``moments`` (moments that
        matter), each at most once. A comma-separated text works too. Table
        rows with nothing in them are left out.
    lang:
        ``en``, ``es`` or ``pt`` for titles, channel names and emotion words; by
        default the journey's own language when it is one of those, else
        English.
    moments:
        How many moments that matter to list and mark with ◆ (from
        :func:`journeykit.analysis.moments_that_matter`), at most a third of
        the touchpoints (but one at least), as on the poster; 0 for none.
    trends:
        An :class:`~journeykit.analysis.Trends` (from
        :func:`journeykit.analysis.trends`): a last section tables the drop-off
        at each touchpoint in each period (:meth:`Trends.to_markdown
        <journeykit.analysis.Trends.to_markdown>`).

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Comprar flores", lang="es", stages=[
    ...     jk.Stage(name="Compra", touchpoints=[
    ...         jk.Touchpoint(name="Paga", channel="web", emotion=-2, owner="Ventas")])])
    >>> print(MarkdownRenderer(lanes="touchpoints,emotions,owners").render(j))
    # Comprar flores
    <BLANKLINE>
    | Etapas | Compra |
    | --- | --- |
    | **Puntos de contacto** | 1. **Paga** · Sitio web |
    | **Emociones** | 1. 😡 muy negativa (-2) |
    | **Responsables** | 1. Ventas |
    <BLANKLINE>
    >>> MarkdownRenderer(lanes=["gossip"])
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: lanes: no lane 'gossip'; must be any of persona, goals, ...
    """

    name = "markdown"
    aliases = ("md",)
    outputs = (
        Output(
            name="markdown",
            media_type="text/markdown",
            extension=".md",
            filenames=(".md", ".markdown"),
        ),
    )

    @attrs.frozen(kw_only=True)
    class Options:
        """The options of :class:`MarkdownRenderer`."""

        # mypy's attrs plugin cannot read an attrs.Converter (names() gives one).
        lanes: tuple[str, ...] = attrs.field(
            default=_DEFAULT_LANES,
            converter=validators.names(LANES, "lane"),  # type: ignore[misc]
        )
        lang: str | None = attrs.field(default=None, validator=check_lang)
        moments: int = attrs.field(default=3, validator=validators.number(0, 50, whole=True))
        trends: Trends | None = attrs.field(default=None, validator=validators.trends)

    def render(self, journey: Journey) -> str:
        """Return the journey as Markdown text ending in a newline."""
        options: MarkdownRenderer.Options = self.options
        lang = map_lang(journey, options.lang)
        # The moments the poster rings: as many, in the same order, with the same rule.
        found = moments_marked(journey, options.moments, lang) if "moments" in options.lanes else []
        page = _Page(journey, lang, found)
        blocks = [*page.header()]
        if "persona" in options.lanes:
            blocks.extend(page.persona(p) for p in journey.personas)
        lanes = [lane for lane in options.lanes if lane in TABLE_LANES]
        blocks.append(page.table(lanes))
        if "touchpoints" in lanes:
            blocks.append(page.key())
        if "flow" in options.lanes:
            blocks.extend(page.flow())
        blocks.extend(page.moments())
        if options.trends is not None:
            blocks.append(f"## {page.words['trends']}\n\n{options.trends.to_markdown()}")
        return "\n\n".join(block for block in blocks if block) + "\n"


class _Page:
    """The pieces of one page, in one language."""

    def __init__(self, journey: Journey, lang: str, moments: Sequence[Moment] = ()) -> None:
        self.journey = journey
        self.lang = lang
        self.found = moments  # the moments that matter the page lists, marked ◆ in the table
        self.marked = {moment.touchpoint for moment in moments}
        self.words = i18n.section("markdown", lang)  # beyond the lane titles
        self.number = {t.id: i + 1 for i, t in enumerate(journey.touchpoints)}

    def ref(self, touchpoint: str) -> str:
        """Name a touchpoint by number and name, in bold."""
        name = self.journey.touchpoint(touchpoint).name
        return f"**{self.number[touchpoint]}. {escape(name.strip())}**"

    def header(self) -> Iterator[str]:
        journey, words = self.journey, self.words
        yield f"# {escape(journey.title)}"
        if journey.state == "future":
            yield f"_{words['future']}_"
        if journey.description:
            yield escape(journey.description)
        facts = [
            (words["goal"], journey.goal),
            (words["scope"], journey.scope),
            (words["scenario"], journey.scenario),
            (words["expectations"], "; ".join(journey.expectations)),
        ]
        lines = [f"- **{label}:** {escape(text)}" for label, text in facts if text]
        yield "\n".join(lines)

    def persona(self, persona: Persona) -> str:
        words = self.words
        lines = [f"## {lane_title('persona', self.lang)}: {escape(persona.name)}"]
        if persona.quote:
            lines += ["", f"> “{escape(persona.quote)}”"]
        facts: list[tuple[str, str]] = [
            (words["role"], persona.role),
            (words["age"], "" if persona.age is None else str(persona.age)),
            *((key, value) for key, value in persona.demographics.items()),
            (words["goals"], "; ".join(persona.goals)),
            (words["frustrations"], "; ".join(persona.frustrations)),
            (words["needs"], "; ".join(persona.needs)),
            (words["motivations"], "; ".join(persona.motivations)),
            (
                words["channels"],
                ", ".join(vocab.channel_name(c, self.lang) for c in persona.channels),
            ),
            (words["brands"], ", ".join(persona.brands)),
        ]
        items = [f"- **{escape(label)}:** {escape(text)}" for label, text in facts if text]
        if persona.bio:
            items.append(f"- {escape(persona.bio)}")
        if items:
            lines += ["", *items]
        return "\n".join(lines)

    def table(self, lanes: Sequence[str]) -> str:
        stages = self.journey.stages
        if not stages:
            return f"_{self.words['no-stages']}_"
        head = [lane_title("stages", self.lang), *(_cell(s.name) for s in stages)]
        rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for lane in lanes:
            cells = [self.cell(lane, i) for i in range(len(stages))]
            if any(cells) or lane == "touchpoints":
                title = f"**{lane_title(lane, self.lang)}**"
                rows.append("| " + " | ".join([title, *cells]) + " |")
        return "\n".join(rows)

    def cell(self, lane: str, index: int) -> str:
        stage = self.journey.stages[index]
        if lane == "goals":
            return _cell(stage.goal)
        items = (self.item(lane, t) for t in stage.touchpoints)
        return "<br>".join(
            f"{self.number[t.id]}. {item}"
            for t, item in zip(stage.touchpoints, items, strict=True)
            if item
        )

    def item(self, lane: str, touchpoint: Touchpoint) -> str:
        """Return what one touchpoint puts in one lane (empty when nothing)."""
        t, lang = touchpoint, self.lang
        if lane == "touchpoints":
            # Bold needs no space inside its stars, or it shows as stars.
            parts = [f"**{_cell(t.name.strip())}**"]
            if t.channel:
                parts.append(_cell(vocab.channel_name(t.channel, lang)))
            if t.visibility != "frontstage":
                parts.append(f"_{self.words[t.visibility]}_")
            marks = f" {TRUTH_SYMBOL}" if t.moment_of_truth else ""
            marks += f" {MOMENT_SYMBOL}" if t.id in self.marked else ""
            return " · ".join(parts) + marks
        if lane == "emotions":
            parts = [] if t.emotion is None else [_emotion(t.emotion, lang)]
            parts += [
                f"{_cell(self.journey.persona_by_id(p).name)}: {_emotion(score, lang)}"
                for p, score in t.emotions.items()
            ]
            return "; ".join(parts)
        if lane == "metrics":
            return ", ".join(
                f"{_cell(k)} {number(v, lang, decimals=4)}" for k, v in sorted(t.metrics.items())
            )
        text: str | Sequence[str] = {
            "actions": t.action,
            "channels": vocab.channel_name(t.channel, lang) if t.channel else "",
            "thoughts": f"“{t.thought}”" if t.thought else "",
            "questions": t.questions,
            "pain_points": t.pain_points,
            "happy_moments": t.happy_moments,
            "opportunities": t.opportunities,
            "tech_limits": t.tech_limits,
            "owners": t.owner,
        }[lane]
        if not isinstance(text, str):
            return "; ".join(_cell(item) for item in text)
        return _cell(text)

    def flow(self) -> Iterator[str]:
        from journeykit import analysis

        words, edges = self.words, self.journey.graph.edges
        traced = self.journey.graph.directions.count("back") <= TRACED_LOOPS
        found = analysis.loops(self.journey) if traced else ()
        closing = {loop.index for loop in found}
        loops = [self.loop(edges[loop.index], loop.path, loop.stages) for loop in found]
        skips = [
            f"- {self.ref(e.source)} → {self.ref(e.target)}{self.odds(e)}"
            for e in edges
            if e.target is not None
            and e.direction != "forward"
            and e.index not in closing
            and (traced or e.direction != "back")
        ]
        if not traced:  # the returns themselves, under a heading that says why they stand alone
            loops = [
                f"- ↩ {self.ref(e.source)} → {self.ref(e.target)}{self.odds(e)}"
                for e in edges
                if e.direction == "back" and e.target is not None
            ]
        exits = [
            f"- {words['leaves-at']} {self.ref(e.source)}{self.odds(e)}"
            for e in edges
            if e.direction == "exit"
        ]
        heading = (
            words["loops"]
            if traced
            else i18n.message("markdown.returns", self.lang, n=TRACED_LOOPS)
        )
        groups = [(heading, loops), (words["skips"], skips), (words["exits"], exits)]
        if not any(items for _, items in groups):
            return
        yield f"## {lane_title('flow', self.lang)}"
        for title, items in groups:
            if items:
                yield f"### {title}\n\n" + "\n".join(items)

    def loop(self, closing: Edge, path: Sequence[str], stages: Sequence[str]) -> str:
        assert closing.target is not None  # a loop's closing edge goes somewhere
        line = f"- ↩ {self.ref(closing.source)} → {self.ref(closing.target)}{self.odds(closing)}"
        through = " → ".join(str(self.number[t]) for t in path)
        names = ", ".join(escape(self.journey.stage(s).name) for s in stages)
        return f"{line}; {self.words['through']} {through} ({self.words['stages']}: {names})"

    def odds(self, edge: Edge) -> str:
        """Describe an edge: its figures (share, count), then its label after a colon."""
        figures = [escape(figure) for figure in edge_figures(edge, self.lang)]
        text = f" ({', '.join(figures)})" if figures else ""
        if edge.transition.label:
            text += f": {escape(edge.transition.label)}"
        return text

    def key(self) -> str:
        """The line under the table naming the moment marks it shows (empty when none)."""
        truth = any(t.moment_of_truth for t in self.journey.touchpoints)
        key = moment_key(self.lang, truth=truth, moments=bool(self.marked))
        return f"_{key}_" if key else ""

    def moments(self) -> Iterator[str]:
        if not self.found:
            return
        lines = []
        for rank, moment in enumerate(self.found, 1):
            stage = self.journey.stage_of(moment.touchpoint)
            line = f"{rank}. {self.ref(moment.touchpoint)} ({escape(stage.name)}), "
            line += f"{self.words['load']} {number(moment.load, self.lang, decimals=2, fixed=True)}"
            if moment.reason:
                line += f": {escape(moment.reason)}"
            lines.append(line)
        yield f"## {lane_title('moments', self.lang)}\n\n" + "\n".join(lines)
