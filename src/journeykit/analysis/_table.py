"""Analysis results as tables: in a notebook (``_repr_html_``) and as dataframes (``to_frame``).

Results that are lists (:func:`~journeykit.analysis.lint`,
:func:`~journeykit.analysis.moments_that_matter`...) are a :class:`Table`,
a list that knows its row class; results of several parts (a funnel's
touchpoints and stages) are :class:`Tabular`. Both draw their HTML with
:func:`html_table`, the one table writer, and make their frames with
:func:`journeykit.analysis._frames.rows_frame`.

In the HTML, a column is a field of the row class, headed in words
(:data:`WORDS`); numbers are rounded (:func:`journeykit.figures.number`),
shares shown as percentages (:data:`SHARES`, :func:`journeykit.figures.percent`),
lists joined, a missing value is a dash, every text is escaped, and a column
no shown row has a value in is left out (an attribution that is not Markov
has no removal effects). At most :data:`MAX_ROWS` rows are shown; the frame
has them all.

Examples
--------
>>> from journeykit.analysis import RankedPath
>>> ranked = [RankedPath(path=("ad", "<b>"), probability=0.35000000000000001)]
>>> paths = Table(ranked, row=RankedPath, topic="top_paths")
>>> paths == ranked, isinstance(paths, list), paths[0].probability
(True, True, 0.35000000000000003)
>>> print(paths._repr_html_())
<table>
<caption>Most likely paths</caption>
<thead><tr><th>path</th><th>share of customers</th></tr></thead>
<tbody>
<tr><td>ad → &lt;b&gt;</td><td>35%</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import html
import string
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from journeykit import figures, validators
from journeykit.analysis import _frames

__all__ = [
    "MAX_ROWS",
    "SHARES",
    "WORDS",
    "Cell",
    "Table",
    "Tabular",
    "cell",
    "html_table",
    "rows_html",
    "words",
]

_Row = TypeVar("_Row")
#: A body cell: its text, or its text and what it says on hover.
Cell = str | tuple[str, str]

#: The most rows a notebook table shows (``to_frame`` gives every row).
MAX_ROWS = 100
# Results do not all know the journey's language yet: their tables are English.
_LANG = "en"
_MISSING = "—"

#: Every word the tables print: ``caption.<topic>`` (a template of the result's
#: fields), ``heading.<field>``, and the rest; one place for the message catalogue.
WORDS: Mapping[str, str] = {
    "caption.moments": "Moments that matter",
    "caption.lint": "Lint findings",
    "caption.top_paths": "Most likely paths",
    "caption.loops": "Loops closed by back-edges",
    "caption.back_edges": "Transitions going back",
    "caption.stage_summary": "Stages at a glance",
    "caption.variants": "Variants: the paths of {customers} customers",
    "caption.Funnel.touchpoints": "Funnel by touchpoint, in {unit}",
    "caption.Funnel.stages": "Funnel by stage, in {unit}",
    "caption.EmotionCurve.points": "Emotion curve",
    "caption.EmotionCurve.rises": "Rises of emotion, biggest first",
    "caption.EmotionCurve.drops": "Drops of emotion, biggest first",
    "caption.Comparison.changed": "Touchpoints changed (added: {added}; removed: {removed})",
    "caption.Comparison.stages": "Mean emotion per stage, before and after",
    "caption.Attribution.rows": "Attribution ({model}): {conversions} conversions, value {value}",
    "caption.Attribution.rows.markov": (
        "Attribution (markov, order {order}): {conversions} conversions, value {value}"
    ),
    "caption.SegmentComparison.rows": "Drop-off per touchpoint and segment",
    "caption.SegmentComparison.segments": "Segments, with {confidence} intervals",
    "caption.SegmentComparison.differences": "Notable differences",
    "caption.Trends.rows": "Drop-off per touchpoint and period ({confidence} intervals on hover)",
    "more": "(the first {shown} of {rows} rows)",
    "yes": "yes",
    "no": "no",
    "heading.after": "after",
    "heading.before": "before",
    "heading.channel": "channel",
    "heading.channels": "channels",
    "heading.condition": "condition",
    "heading.continued": "continued",
    "heading.conversion": "conversion",
    "heading.conversion_high": "conversion, high",
    "heading.conversion_low": "conversion, low",
    "heading.conversions": "conversions",
    "heading.count": "count",
    "heading.customers": "customers",
    "heading.drop_off": "drop-off",
    "heading.drop_off_high": "drop-off, high",
    "heading.drop_off_low": "drop-off, low",
    "heading.dropped": "dropped",
    "heading.emotion": "emotion",
    "heading.entry": "entry",
    "heading.fields": "fields changed",
    "heading.gap": "gap",
    "heading.higher": "higher",
    "heading.id": "id",
    "heading.index": "flow index",
    "heading.kind": "kind",
    "heading.label": "label",
    "heading.load": "load",
    "heading.lower": "lower",
    "heading.max_emotion": "highest emotion",
    "heading.mean_emotion": "mean emotion",
    "heading.measure": "measure",
    "heading.message": "message",
    "heading.metrics": "metrics",
    "heading.min_emotion": "lowest emotion",
    "heading.name": "name",
    "heading.opportunities": "opportunities",
    "heading.owners": "owners",
    "heading.pain_points": "pain points",
    "heading.partial": "partial",
    "heading.path": "path",
    "heading.period": "period",
    "heading.probability": "share of customers",
    "heading.reached": "reached",
    "heading.reason": "reason",
    "heading.reasons": "why",
    "heading.removal_effect": "removal effect",
    "heading.rule": "rule",
    "heading.segment": "segment",
    "heading.severity": "severity",
    "heading.share": "share",
    "heading.source": "from",
    "heading.stage": "stage",
    "heading.stages": "stages",
    "heading.target": "to",
    "heading.touchpoint": "touchpoint",
    "heading.touchpoints": "touchpoints",
    "heading.transition": "back-edge",
    "heading.value": "value",
    "heading.weight": "weight",
}

#: Fields that hold a share (0 to 1), shown as a percentage.
SHARES = frozenset(
    {
        "confidence",
        "conversion",
        "conversion_high",
        "conversion_low",
        "drop_off",
        "drop_off_high",
        "drop_off_low",
        "gap",
        "probability",
        "removal_effect",
        "share",
    }
)


def words(key: str, values: Mapping[str, object] | None = None) -> str:
    """Return the words :data:`WORDS` has for ``key``, its fields filled with ``values``.

    Each value is written as :func:`cell` writes the field of that name.

    Examples
    --------
    >>> words("caption.Funnel.stages", {"unit": "customers"})
    'Funnel by stage, in customers'
    """
    return WORDS[key].format(**{name: cell(name, value) for name, value in (values or {}).items()})


def cell(name: str, value: object, lang: str = _LANG) -> str:
    """Return the text a table shows for the value of the field ``name`` (not yet escaped).

    Examples
    --------
    >>> cell("share", 0.35000000000000001), cell("reached", 1.428571429), cell("count", 3200)
    ('35%', '1.43', '3,200')
    >>> cell("path", ("ad", "cart")), cell("owners", ("Web", "Sales")), cell("emotion", None)
    ('ad → cart', 'Web; Sales', '—')
    >>> cell("metrics", {"csat": 4.123}), cell("partial", True)
    ('csat: 4.12', 'yes')
    """
    if value is None or value in ((), {}):
        return _MISSING
    if isinstance(value, bool):
        return WORDS["yes" if value else "no"]
    if isinstance(value, int | float):
        return figures.percent(value, lang) if name in SHARES else figures.number(value, lang)
    if isinstance(value, tuple):
        return (" → " if name == "path" else "; ").join(map(str, value))
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {cell(key, number)}" for key, number in sorted(value.items()))
    return str(_frames.text(value))


def html_table(
    caption: str, head: Sequence[str], body: Iterable[Sequence[Cell]], *, row_heads: bool = False
) -> str:
    """Return an HTML table: every text escaped, a cell's hover text as its ``title``.

    ``row_heads`` makes each row's first cell a heading (``<th>``).

    Examples
    --------
    >>> print(html_table("<T>", ["a"], [[("1", "one & only")]]))
    <table>
    <caption>&lt;T&gt;</caption>
    <thead><tr><th>a</th></tr></thead>
    <tbody>
    <tr><td title="one &amp; only">1</td></tr>
    </tbody>
    </table>
    """
    lines = [
        "<table>",
        f"<caption>{html.escape(caption)}</caption>",
        "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    for row in body:
        shown = []
        for place, given in enumerate(row):
            text, tip = (given, "") if isinstance(given, str) else given
            tag = "th" if row_heads and place == 0 else "td"
            hover = f' title="{html.escape(tip, quote=True)}"' if tip else ""
            shown.append(f"<{tag}{hover}>{html.escape(text)}</{tag}>")
        lines.append("<tr>" + "".join(shown) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def rows_html(caption: str, cls: type[Any], rows: Sequence[Any]) -> str:
    """Return ``rows`` (of the row class ``cls``) as an HTML table, a column a field."""
    shown = rows[:MAX_ROWS]
    names = [
        n
        for n in _frames.columns(cls)
        if not shown or any(getattr(r, n) is not None for r in shown)
    ]
    if len(rows) > len(shown):
        caption += " " + words("more", {"shown": len(shown), "rows": len(rows)})
    head = [WORDS[f"heading.{name}"] for name in names]
    return html_table(caption, head, ([cell(n, getattr(r, n)) for n in names] for r in shown))


class Table(list[_Row]):
    """A list of analysis results that shows as a table in a notebook and has :meth:`to_frame`.

    It is a plain list in every other way: it compares equal to the list of
    the same items, and its ``repr`` is the list's.

    Parameters
    ----------
    items:
        The rows.
    row:
        Their class, whose fields are the columns.
    topic:
        What the rows are, for the caption (a ``caption.<topic>`` of :data:`WORDS`).

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
    >>> found = analysis.lint(j)
    >>> isinstance(found, list), found.caption, found.row.__name__
    (True, 'Lint findings', 'Finding')
    """

    __slots__ = ("row", "topic")

    def __init__(self, items: Iterable[_Row] = (), *, row: type[_Row], topic: str) -> None:
        super().__init__(items)
        self.row = row
        self.topic = topic

    @property
    def caption(self) -> str:
        """What the rows are, in words."""
        return words(f"caption.{self.topic}")

    def to_frame(self, backend: str = "pandas") -> Any:
        """Return the rows as a ``pandas`` or ``polars`` dataframe: a row an item, a column a field.

        Column types follow the fields' types (see :mod:`journeykit.analysis`).

        Raises
        ------
        ValidationError
            When ``backend`` is neither ``pandas`` nor ``polars``.
        JourneyError
            When narwhals or the backend is not installed.

        Examples
        --------
        >>> import journeykit as jk
        >>> from journeykit import analysis
        >>> found = analysis.stage_summary(jk.Journey(title="T", stages=[jk.Stage(name="Buy")]))
        >>> frame = found.to_frame("polars")
        >>> frame["stage"].to_list(), frame["channels"].to_list(), frame["touchpoints"].dtype
        (['buy'], [[]], Int64)
        """
        return _frames.rows_frame(self.row, self, backend)

    def _repr_html_(self) -> str:
        return rows_html(self.caption, self.row, self)


class Tabular:
    """A result of one or more parts, each a tuple of rows: it shows as tables and has ``to_frame``.

    :class:`Funnel`, :class:`EmotionCurve`, :class:`Comparison`,
    :class:`Attribution`, :class:`SegmentComparison` and :class:`Trends` are
    tabular: in a notebook each part is a table, and :meth:`to_frame` gives
    one part. A result class lists its parts (the names of its fields that
    hold rows) in ``_parts``, the first being what :meth:`to_frame` gives by
    default.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
    >>> curve = analysis.emotion_curve(j)
    >>> isinstance(curve, analysis.Tabular), curve._parts
    (True, ('points', 'rises', 'drops'))
    >>> print(analysis.compare(j, j)._repr_html_().splitlines()[1])
    <caption>Touchpoints changed (added: —; removed: —)</caption>
    """

    __slots__ = ()
    _parts: ClassVar[tuple[str, ...]]

    def to_frame(self, backend: str = "pandas", part: str | None = None) -> Any:
        """Return one part's rows as a ``pandas`` or ``polars`` dataframe, a column a field.

        Parameters
        ----------
        backend:
            ``pandas`` or ``polars``.
        part:
            Which rows, by the name of the field holding them; by default the
            first (a funnel's ``touchpoints``, a curve's ``points``...).

        Raises
        ------
        ValidationError
            When ``backend`` or ``part`` is not one of the choices.
        JourneyError
            When narwhals or the backend is not installed.

        Examples
        --------
        >>> import journeykit as jk
        >>> from journeykit import analysis
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
        >>> analysis.funnel(j).to_frame("polars", part="stages")["id"].to_list()
        ['s']
        """
        chosen = validators.check("part", part or self._parts[0], validators.one_of(self._parts))
        return _frames.rows_frame(*self._rows(chosen), backend)

    def _repr_html_(self) -> str:
        return "\n".join(rows_html(self._caption(part), *self._rows(part)) for part in self._parts)

    def _topic(self, part: str) -> str:
        return f"{type(self).__name__}.{part}"

    def _caption(self, part: str) -> str:
        key = f"caption.{self._topic(part)}"
        names = [name for _, name, _, _ in string.Formatter().parse(WORDS[key]) if name]
        return words(key, {name: getattr(self, name) for name in names})

    def _rows(self, part: str) -> tuple[type[Any], Sequence[Any]]:
        """The row class of a part (from its ``tuple[Row, ...]`` annotation) and its rows."""
        hint = typing.get_type_hints(type(self))[part]
        return typing.get_args(hint)[0], getattr(self, part)
