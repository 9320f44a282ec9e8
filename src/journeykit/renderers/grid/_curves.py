"""The emotion lane: the five levels of the scale and one smooth curve per persona or state.

A journey has one curve; several personas with their own emotions have one
each, and a comparison draws the current and the future state. Curves of
several kinds are set a little apart so their markers do not hide each other.

Examples
--------
>>> from journeykit.renderers.grid._curves import smooth
>>> path = smooth([(0, 10), (10, 0), (20, 5)])
>>> path.start, len(path.segments), path.segments[-1].to
((0, 10), 2, (20, 5))
>>> all(0 <= y <= 10 for _, y in path.points())  # never beyond its points
True
"""

from __future__ import annotations

from collections.abc import Sequence

from journeykit import figures, vocab
from journeykit.model import Journey
from journeykit.renderers.grid._geometry import XY, Box, Cubic, Path
from journeykit.renderers.grid._job import CurveSpec, Job, Settings
from journeykit.renderers.grid._parts import Column, Curve, Level, Point
from journeykit.renderers.grid._words import words
from journeykit.renderers.grid.text import clean

__all__ = ["curve_specs", "emotions", "smooth"]


def curve_specs(journey: Journey, settings: Settings) -> list[CurveSpec]:
    """The curves to draw: current and future, one per persona, or the journey's one."""
    touchpoints = journey.touchpoints
    if settings.compare is not None:
        other = {t.id: t.emotion for t in settings.compare.touchpoints}
        w = words(settings.lang)
        first, second = journey.state, settings.compare.state
        labels = (
            (w[first], w[second]) if first != second else (journey.title, settings.compare.title)
        )
        return [
            CurveSpec(
                "current", clean(labels[0]), {i: t.emotion for i, t in enumerate(touchpoints)}
            ),
            CurveSpec(
                "future",
                clean(labels[1]),
                {i: other.get(t.id) for i, t in enumerate(touchpoints) if t.id in other},
            ),
        ]
    if len(journey.personas) > 1 and any(t.emotions for t in touchpoints):
        return [
            CurveSpec(
                persona.id,
                clean(persona.name),
                {i: t.emotion_for(persona.id) for i, t in enumerate(touchpoints)},
            )
            for persona in journey.personas
        ]
    return [CurveSpec("emotion", "", {i: t.emotion for i, t in enumerate(touchpoints)})]


def emotions(
    job: Job, columns: Sequence[Column], box: Box
) -> tuple[float, tuple[Level, ...], tuple[Curve, ...]]:
    """The neutral baseline, the five levels of the scale and each curve's points in this row."""
    sizes, curves = job.sizes, job.curves
    # Room above the top level for a marker and the moment star over it (see the drawing).
    inset = sizes.marker * 4.4 + 2
    top, bottom = box.y + inset, box.bottom - sizes.pad * 1.4
    step = (bottom - top) / (vocab.EMOTION_MAX - vocab.EMOTION_MIN)

    def level(score: float) -> float:
        return round(bottom - (score - vocab.EMOTION_MIN) * step, 2)

    made = []
    spread = sizes.icon * 0.22 if len(curves) > 1 else 0.0
    for style, spec in enumerate(curves):
        dx = (style - (len(curves) - 1) / 2) * spread
        points = []
        for column in columns:
            if column.touchpoint is None or column.touchpoint not in spec.scores:
                continue
            score = spec.scores[column.touchpoint]
            y = level(0) if score is None else level(score)
            x = round(column.center + dx, 2)
            points.append(_point(job, spec, style, (x, y), column.touchpoint))
        path = smooth([(p.x, p.y) for p in points if p.score is not None])
        made.append(Curve(spec.key, spec.label, style, tuple(points), path))
    levels = tuple(
        Level(score, level(score), f"{score:+d}".replace("-", "\u2212") if score else "0")
        for score in range(vocab.EMOTION_MIN, vocab.EMOTION_MAX + 1)
    )
    return level(0), levels, tuple(made)


def _point(job: Job, spec: CurveSpec, style: int, at: XY, index: int) -> Point:
    """A touchpoint's point on a curve, with its marker, its tooltip and its highlight."""
    w, lang = job.words, job.lang
    score = spec.scores[index]
    if score is None:
        feeling, marker = w["none"], "none"
    else:
        marker = vocab.valence(score)
        feeling = f"{vocab.emotion_label(score, lang=lang)} ({figures.signed(score, lang)})"
    who = f"{spec.label}: " if spec.label else ""
    why = job.settings.moments.get(index)
    moment = why is not None and style == 0
    because = f". {w['moment']}: {why}" if moment else ""
    name = job.journey.touchpoints[index].name
    title = clean(f"{who}{name} — {feeling}{because}")
    return Point(at[0], at[1], score, index, marker, title, moment)


def smooth(points: Sequence[XY]) -> Path | None:
    """A smooth path through the points that never overshoots them (no bumps beyond a point).

    None when there are no points; a lone point is a path with no segments.
    """
    if not points:
        return None
    segments = []
    for i in range(len(points) - 1):
        (x0, y0), (x1, y1) = points[i], points[i + 1]
        px, py = points[i - 1] if i > 0 else points[i]
        nx, ny = points[i + 2] if i + 2 < len(points) else points[i + 1]
        low, high = min(y0, y1), max(y0, y1)
        c1 = (x0 + (x1 - px) / 6, min(max(y0 + (y1 - py) / 6, low), high))
        c2 = (x1 - (nx - x0) / 6, min(max(y1 - (ny - y0) / 6, low), high))
        segments.append(Cubic(c1, c2, (x1, y1)))
    return Path(points[0], tuple(segments))
