"""The stage summary: what happens in each stage, at a glance.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="Car", stages=[jk.Stage(name="Purchase", touchpoints=[
...     jk.Touchpoint(name="Negotiates", channel="in-person", emotion=-2, owner="Sales",
...                   pain_points=["Pressure to sign"]),
...     jk.Touchpoint(name="Signs", channel="in-person", emotion=0, owner="Sales")])])
>>> s = analysis.stage_summary(j)[0]
>>> s.touchpoints, s.channels, s.mean_emotion, s.min_emotion, s.owners
(2, ('in-person',), -1.0, -2, ('Sales',))
"""

from __future__ import annotations

import math

import attrs

from journeykit.analysis._table import Table
from journeykit.model import Journey
from journeykit.validators import check_journey

__all__ = ["StageSummary", "stage_summary"]


@attrs.frozen(kw_only=True)
class StageSummary:
    """One stage at a glance.

    Attributes
    ----------
    stage, name:
        The stage id and name.
    touchpoints:
        How many touchpoints it has.
    channels, owners:
        The channels and owners used, in order of first use, without repeats.
    mean_emotion, min_emotion, max_emotion:
        Over the touchpoints that have an emotion; None when none has.
    pain_points, opportunities:
        Every pain point and opportunity of its touchpoints, in order.

    Examples
    --------
    >>> StageSummary(stage="buy", name="Buy", touchpoints=0, channels=(), owners=(),
    ...              mean_emotion=None, min_emotion=None, max_emotion=None,
    ...              pain_points=(), opportunities=()).touchpoints
    0
    """

    stage: str
    name: str
    touchpoints: int
    channels: tuple[str, ...]
    owners: tuple[str, ...]
    mean_emotion: float | None
    min_emotion: float | None
    max_emotion: float | None
    pain_points: tuple[str, ...]
    opportunities: tuple[str, ...]


def stage_summary(journey: Journey) -> Table[StageSummary]:
    """Return one :class:`StageSummary` per stage, in order.

    The summaries are a :class:`~journeykit.analysis.Table`: a list that
    shows as a table in a notebook and has ``to_frame()``.

    Empty stages are summarised too (no touchpoints, every emotion None).

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[
    ...     jk.Stage(name="Find", touchpoints=[
    ...         jk.Touchpoint(name="Ad", channel="social", emotion=1),
    ...         jk.Touchpoint(name="Site", channel="web", opportunities=["Clear prices"])]),
    ...     jk.Stage(name="Empty")])
    >>> [(s.stage, s.channels, s.mean_emotion, s.opportunities)
    ...  for s in analysis.stage_summary(j)]
    [('find', ('social', 'web'), 1.0, ('Clear prices',)), ('empty', (), None, ())]

    Notes
    -----
    Linear in the size of the journey.
    """
    check_journey(journey)
    summaries = []
    for stage in journey.stages:
        points = stage.touchpoints
        felt = [t.emotion for t in points if t.emotion is not None]
        summaries.append(
            StageSummary(
                stage=stage.id,
                name=stage.name,
                touchpoints=len(points),
                channels=tuple(dict.fromkeys(t.channel for t in points if t.channel)),
                owners=tuple(dict.fromkeys(t.owner for t in points if t.owner.strip())),
                mean_emotion=math.fsum(felt) / len(felt) if felt else None,
                min_emotion=min(felt, default=None),
                max_emotion=max(felt, default=None),
                pain_points=tuple(p for t in points for p in t.pain_points),
                opportunities=tuple(o for t in points for o in t.opportunities),
            )
        )
    return Table(summaries, row=StageSummary, topic="stage_summary")
