"""The questions people map journeys to answer, as free functions over a journey.

One topic per module, re-exported here: :mod:`~journeykit.analysis.paths`
(every way through, the most likely ones), :mod:`~journeykit.analysis.loops`
(back-edges and the loops they close), :mod:`~journeykit.analysis.curve`
(the emotion curve), :mod:`~journeykit.analysis.moments` (moments that
matter), :mod:`~journeykit.analysis.funnel` (reach and drop-off),
:mod:`~journeykit.analysis.summary` (per stage), :mod:`~journeykit.analysis.lint`
(what a map is missing), :mod:`~journeykit.analysis.compare` (current
against future state), :mod:`~journeykit.analysis.simplify` (the busiest
touchpoints and ways of a dense journey, and what was folded away) and
:mod:`~journeykit.analysis.attribution` (which touchpoints earn the
conversions, from paths or a mined journey) and :mod:`~journeykit.analysis.segments`
(where segments' journeys differ, with the Wilson intervals of
:mod:`~journeykit.analysis.intervals`) and :mod:`~journeykit.analysis.trends`
(each touchpoint's numbers period by period).

Every helper takes the journey first, checks its arguments when called
(even the lazy ones), never hangs (what can explode is a lazy generator
and/or takes a bound) and returns frozen values with readable reprs. Every result shows as a
table in a notebook and has ``to_frame(backend="pandas" | "polars")``; the
results that are lists are a :class:`Table`, a list that knows its rows' class,
and those of several parts (a funnel's touchpoints and stages) are :class:`Tabular`.
A frame has one row per item and one typed column per field: whole numbers
``Int64``, numbers ``Float64``, texts ``String``, yes/no ``Boolean``, tuples of
ids or texts ``List(String)``, a transition its ``"source → target"`` text and
metrics their JSON text; pandas frames hold them as pyarrow-backed columns
(``int64[pyarrow]``, ``list<item: string>[pyarrow]``...), which keep missing
numbers and lists typed, so journeykit needs pyarrow for pandas frames.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="Flowers", stages=[
...     jk.Stage(name="Buy", touchpoints=[
...         jk.Touchpoint(name="Cart", emotion=-1, owner="Web"),
...         jk.Touchpoint(name="Pays", emotion=1, owner="Web")])],
...     transitions=[jk.Transition(source="pays", target="cart", kind="return")])
>>> [loop.path for loop in analysis.loops(j)]
[('cart', 'pays')]
>>> [m.touchpoint for m in analysis.moments_that_matter(j)]
['pays', 'cart']
"""

from journeykit.analysis._table import Table, Tabular
from journeykit.analysis.attribution import MODELS, Attribution, AttributionRow, attribution
from journeykit.analysis.compare import (
    Comparison,
    StageChange,
    TouchpointChange,
    compare,
)
from journeykit.analysis.curve import EmotionChange, EmotionCurve, EmotionPoint, emotion_curve
from journeykit.analysis.funnel import Funnel, FunnelRow, expected_visits, funnel
from journeykit.analysis.intervals import wilson
from journeykit.analysis.lint import RULES, Finding, lint
from journeykit.analysis.loops import Loop, back_edges, closed_loops, loops
from journeykit.analysis.moments import Moment, moments_that_matter
from journeykit.analysis.paths import MAX_TOP_PATHS, RankedPath, paths, shortest_path, top_paths
from journeykit.analysis.segments import (
    Difference,
    SegmentComparison,
    SegmentRow,
    SegmentSummary,
    compare_segments,
)
from journeykit.analysis.simplify import Folded, folded, simplify
from journeykit.analysis.summary import StageSummary, stage_summary
from journeykit.analysis.trends import TrendPeriod, TrendRow, Trends, trends

__all__ = [
    "MAX_TOP_PATHS",
    "MODELS",
    "RULES",
    "Attribution",
    "AttributionRow",
    "Comparison",
    "Difference",
    "EmotionChange",
    "EmotionCurve",
    "EmotionPoint",
    "Finding",
    "Folded",
    "Funnel",
    "FunnelRow",
    "Loop",
    "Moment",
    "RankedPath",
    "SegmentComparison",
    "SegmentRow",
    "SegmentSummary",
    "StageChange",
    "StageSummary",
    "Table",
    "Tabular",
    "TouchpointChange",
    "TrendPeriod",
    "TrendRow",
    "Trends",
    "attribution",
    "back_edges",
    "closed_loops",
    "compare",
    "compare_segments",
    "emotion_curve",
    "expected_visits",
    "folded",
    "funnel",
    "lint",
    "loops",
    "moments_that_matter",
    "paths",
    "shortest_path",
    "simplify",
    "stage_summary",
    "top_paths",
    "trends",
    "wilson",
]
