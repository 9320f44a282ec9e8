r"""The details the web page shows: every field of each touchpoint and flow, as plain data.

The page's script shows them in its details panel, searches them and filters
by them; it never builds markup from them (it writes them as text). Each
touchpoint and each flow has ``rows``: its fields as ``[name, [values...],
curve]`` in the page's language, only the fields that have something, where
``curve`` names the emotion curve a row belongs to (a persona's id, or
``current``/``future`` with the ``compare`` option; empty for the rest), so the
page's curve switch can keep just that curve's rows. A flow's figures are
:func:`journeykit.figures.edge_figures` of the journey's graph: the very
figures the poster prints. A flow is keyed by its edge's index in
``journey.graph.edges``, as the poster's ``data-flow`` hooks name it.

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers.html._details import details
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="Buy", touchpoints=[
...     jk.Touchpoint(name="Pays", channel="web", emotion=-1, owner="Sales")])],
...     transitions=[jk.Transition(source="pays", kind="exit", count=30)])
>>> data = details(j, "en")
>>> point = data["touchpoints"][0]
>>> point["id"], point["owner"], point["channel"]
('pays', 'Sales', 'Website')
>>> [row[0] for row in point["rows"]]
['Stage', 'Channels', 'Emotion', 'Owners', 'Visibility']
>>> data["flows"]["0"]["rows"][1:]
[['Kind', ['exit'], ''], ['Share', ['100%'], ''], ['Customers', ['n=30'], '']]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from journeykit import figures, i18n, vocab
from journeykit.graph import Edge
from journeykit.model import Journey, Touchpoint
from journeykit.renderers._text import clean
from journeykit.renderers.grid._words import badge
from journeykit.renderers.theme import MOMENT_SYMBOL, TRUTH_SYMBOL, lane_title

__all__ = ["curves", "details"]

#: A field: its name, its values (one or more texts), and the curve it belongs to.
Row = list[Any]
_LISTS = ("questions", "pain_points", "happy_moments", "opportunities", "tech_limits")


def curves(journey: Journey, compare: Journey | None, lang: str) -> list[dict[str, str]]:
    """The curves the poster draws that a reader can switch between, each ``{key, label}``.

    The current and future states with ``compare``; else one per persona when
    the touchpoints record emotions per persona (as the grid draws them); else
    none.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", personas=["Ana", "Bo"], stages=[jk.Stage(name="S",
    ...     touchpoints=[jk.Touchpoint(name="A", emotions={"ana": 1, "bo": -1})])])
    >>> [c["key"] for c in curves(j, None, "en")], curves(j, j, "es")[1]["label"]
    (['ana', 'bo'], 'Futuro')
    """
    words = i18n.section("page", lang)
    if compare is not None:
        return [{"key": key, "label": words[key]} for key in ("current", "future")]
    if len(journey.personas) > 1 and any(t.emotions for t in journey.touchpoints):
        return [{"key": p.id, "label": clean(p.name)} for p in journey.personas]
    return []


def details(
    journey: Journey,
    lang: str,
    compare: Journey | None = None,
    drawn: Collection[int] | None = None,
    moments: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return the page's data: each touchpoint's fields and each flow's, in ``lang``.

    ``compare`` is the future state the poster draws a second curve for: its
    emotions join the touchpoints' rows. ``drawn`` keeps just the flows with
    these edge indices (the ones the poster draws: a dense map draws a few
    hundred of its tens of thousands of flows); all of them when ``None``.
    ``moments`` are the computed moments that matter the poster marks (id to
    reason): each gets a row with its reason, apart from the author's
    "moment of truth" flag.
    """
    future = {t.id: t.emotion for t in compare.touchpoints} if compare is not None else None
    graph = journey.graph
    return {
        "touchpoints": [
            _touchpoint(journey, t, lang, future, (moments or {}).get(t.id))
            for t in journey.touchpoints
        ],
        "flows": {
            str(edge.index): _flow(journey, edge, lang)
            for edge in graph.edges
            if edge.direction != "forward" and (drawn is None or edge.index in drawn)
        },
    }


def _row(name: str, values: Iterable[str], curve: str = "") -> Row | None:
    shown = [clean(value) for value in values if value and value.strip()]
    return [name, shown, curve] if shown else None


def _emotion(score: float, lang: str) -> str:
    return f"{vocab.emotion_label(score, lang=lang)} ({figures.signed(score, lang)})"


def _touchpoint(
    journey: Journey,
    touchpoint: Touchpoint,
    lang: str,
    future: Mapping[str, float | None] | None,
    matters: str | None = None,
) -> dict[str, Any]:
    words = i18n.section("page", lang)
    channel = vocab.channel_name(touchpoint.channel, lang) if touchpoint.channel else ""
    rows = [
        _row(words["stage"], [journey.stage_of(touchpoint.id).name]),
        _row(lane_title("channels", lang), [channel]),
        _row(words["description"], [touchpoint.description]),
        _row(words["action"], [touchpoint.action]),
        _row(words["thought"], [touchpoint.thought]),
        *_emotions(journey, touchpoint, lang, future),
    ]
    for field in _LISTS:
        name = words["questions"] if field == "questions" else lane_title(field, lang)
        rows.append(_row(name, getattr(touchpoint, field)))
    rows += [
        _row(lane_title("owners", lang), [touchpoint.owner]),
        _row(words["visibility"], [words[touchpoint.visibility]]),
        # The two moments, named apart: the author's flag (⚑), the computed one (◆).
        _row(
            f"{TRUTH_SYMBOL} {words['moment_of_truth']}",
            [words["yes"]] if touchpoint.moment_of_truth else [],
        ),
        _row(f"{MOMENT_SYMBOL} {words['moment']}", [matters] if matters is not None else []),
        _row(
            lane_title("metrics", lang),
            [badge(name, value, lang) for name, value in sorted(touchpoint.metrics.items())],
        ),
        _row(words["evidence"], [_evidence(item, lang) for item in touchpoint.evidence]),
        _row(words["tags"], touchpoint.tags),
    ]
    return {
        "id": touchpoint.id,
        "name": clean(touchpoint.name),
        "owner": clean(touchpoint.owner),
        "channel": clean(channel),
        "rows": [row for row in rows if row is not None],
    }


def _emotions(
    journey: Journey, touchpoint: Touchpoint, lang: str, future: Mapping[str, float | None] | None
) -> list[Row | None]:
    """The emotion rows: the journey's, each persona's, or the current and the future one."""
    words = i18n.section("page", lang)
    if future is not None:
        later = future.get(touchpoint.id)
        return [
            _row(f"{words['emotion']}: {words['current']}", _scored(touchpoint.emotion, lang),
                 "current"),
            _row(f"{words['emotion']}: {words['future']}", _scored(later, lang), "future"),
        ]  # fmt: skip
    if len(journey.personas) > 1 and touchpoint.emotions:
        return [
            _row(
                words["emotion_of"].format(name=persona.name),
                _scored(touchpoint.emotion_for(persona.id), lang),
                persona.id,
            )
            for persona in journey.personas
        ]
    return [_row(words["emotion"], _scored(touchpoint.emotion, lang))]


def _scored(score: float | None, lang: str) -> Sequence[str]:
    return [] if score is None else [_emotion(score, lang)]


def _evidence(item: Any, lang: str) -> str:
    """One piece of evidence as a line: kind, source, what it backs, how sure, the note."""
    words = i18n.section("page", lang)
    parts = [words[item.kind], item.source]
    if item.about:
        parts.append(words["about"].format(field=item.about))
    if item.confidence is not None:
        parts.append(words["confidence"].format(share=figures.percent(item.confidence, lang)))
    parts.append(item.note)
    return " · ".join(part for part in parts if part)


def _flow(journey: Journey, edge: Edge, lang: str) -> dict[str, Any]:
    words = i18n.section("page", lang)
    transition = edge.transition
    source = journey.touchpoint(edge.source)
    target = journey.touchpoint(edge.target) if edge.target is not None else None
    end = target.name if target is not None else words["leave"]
    shown = figures.edge_figures(edge, lang)
    times = [
        f"{name.removesuffix('_seconds').replace('_', ' ')}: {figures.duration(value, lang)}"
        for name, value in sorted(transition.metrics.items())
        if name.endswith("_seconds")
    ]
    rows = [
        _row(words["flow"], [f"{source.name} → {end}"]),
        _row(words["kind"], [words[edge.direction]]),
        _row(words["label"], [transition.label]),
        _row(words["condition"], [transition.condition]),
        _row(words["share"], shown[:1] if edge.informed else []),
        _row(words["count"], shown[-1:] if edge.count is not None else []),
        _row(words["times"], times),
    ]
    return {
        "source": edge.source,
        "target": edge.target or "",
        "name": clean(f"{source.name} → {end}"),
        "rows": [row for row in rows if row is not None],
    }
