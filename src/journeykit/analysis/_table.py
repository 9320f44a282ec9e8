"""Analysis results as tables: in a notebook (``_repr_html_``) and as dataframes (``to_frame``).

Results that are lists (:func:`~journeykit.analysis.lint`,
:func:`~journeykit.analysis.moments_that_matter`...) are a :class:`Table`,
a list that knows its row class; results of several parts (a funnel's
touchpoints and stages) are :class:`Tabular`. Both draw their HTML with
:func:`html_table`, the one table writer, and make their frames with
:func:`journeykit.analysis._frames.rows_frame`.

In the HTML, a column is a field of the row class, headed in words (the
catalogue's ``table.heading.<field>``, under a ``table.caption.<topic>``: see
:mod:`journeykit.i18n`), in the result's language (its ``lang``, English when
it has none); numbers are rounded (:func:`journeykit.figures.number`),
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
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from journeykit import figures, i18n, validators
from journeykit.analysis import _frames

__all__ = [
    "MAX_ROWS",
    "SHARES",
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
_MISSING = "—"

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


def words(key: str, values: Mapping[str, object] | None = None, lang: str = "en") -> str:
    """Return the catalogue's ``table.<key>`` in ``lang``, its fields filled with ``values``.

    Each value is written as :func:`cell` writes the field of that name.

    Examples
    --------
    >>> words("caption.Funnel.stages", {"unit": "customers"})
    'Funnel by stage, in customers'
    >>> words("more", {"shown": 100, "rows": 1200}, "es")
    '(las primeras 100 de 1.200 filas)'
    """
    filled = {name: cell(name, value, lang) for name, value in (values or {}).items()}
    return i18n.message(f"table.{key}", lang, **filled)


def cell(name: str, value: object, lang: str = "en") -> str:
    r"""Return the text a table shows for the value of the field ``name`` (not yet escaped).

    Examples
    --------
    >>> cell("share", 0.35000000000000001), cell("reached", 1.428571429), cell("count", 3200)
    ('35%', '1.43', '3,200')
    >>> cell("path", ("ad", "cart")), cell("owners", ("Web", "Sales")), cell("emotion", None)
    ('ad → cart', 'Web; Sales', '—')
    >>> cell("metrics", {"csat": 4.123}), cell("partial", True), cell("share", 0.55, "es")
    ('csat: 4.12', 'yes', '55\xa0%')
    """
    if value is None or value in ((), {}):
        return _MISSING
    if isinstance(value, bool):
        return i18n.message("table.yes" if value else "table.no", lang)
    if isinstance(value, int | float):
        return figures.percent(value, lang) if name in SHARES else figures.number(value, lang)
    if isinstance(value, tuple):
        return (" → " if name == "path" else "; ").join(map(str, value))
    if isinstance(value, Mapping):
        return "; ".join(
            f"{key}: {cell(key, number, lang)}" for key, number in sorted(value.items())
        )
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


def rows_html(caption: str, cls: type[Any], rows: Sequence[Any], lang: str = "en") -> str:
    """Return ``rows`` (of the row class ``cls``) as an HTML table, a column a field."""
    shown = rows[:MAX_ROWS]
    names = [
        n
        for n in _frames.columns(cls)
        if not shown or any(getattr(r, n) is not None for r in shown)
    ]
    if len(rows) > len(shown):
        caption += " " + words("more", {"shown": len(shown), "rows": len(rows)}, lang)
    head = [i18n.message(f"table.heading.{name}", lang) for name in names]
    body = ([cell(n, getattr(r, n), lang) for n in names] for r in shown)
    return html_table(caption, head, body)


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
        What the rows are, for the caption (the catalogue's ``table.caption.<topic>``).
    lang:
        The language of the caption and headings (the rows' own texts are
        written by the analysis that made them, in the same language).

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["A", "B"])])
    >>> found = analysis.lint(j)
    >>> isinstance(found, list), found.caption, found.row.__name__
    (True, 'Lint findings', 'Finding')
    >>> analysis.lint(j, lang="es").caption
    'Hallazgos del análisis'
    """

    __slots__ = ("lang", "row", "topic")

    def __init__(
        self, items: Iterable[_Row] = (), *, row: type[_Row], topic: str, lang: str = "en"
    ) -> None:
        super().__init__(items)
        self.row = row
        self.topic = topic
        self.lang = lang

    @property
    def caption(self) -> str:
        """What the rows are, in words."""
        return words(f"caption.{self.topic}", lang=self.lang)

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
        return rows_html(self.caption, self.row, self, self.lang)


class Tabular:
    """A result of one or more parts, each a tuple of rows: it shows as tables and has ``to_frame``.

    :class:`Funnel`, :class:`EmotionCurve`, :class:`Comparison`,
    :class:`Attribution`, :class:`SegmentComparison` and :class:`Trends` are
    tabular: in a notebook each part is a table, and :meth:`to_frame` gives
    one part. A result class lists its parts (the names of its fields that
    hold rows) in ``_parts``, the first being what :meth:`to_frame` gives by
    default; a result that knows its language has a ``lang`` field, and its
    tables are in that language (English otherwise).

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
        lang = self._lang()
        return "\n".join(
            rows_html(self._caption(part), *self._rows(part), lang) for part in self._parts
        )

    def _lang(self) -> str:
        lang: str = getattr(self, "lang", "en")
        return lang

    def _topic(self, part: str) -> str:
        return f"{type(self).__name__}.{part}"

    def _caption(self, part: str) -> str:
        key, lang = f"caption.{self._topic(part)}", self._lang()
        names = sorted(i18n.placeholders(i18n.message(f"table.{key}", lang)))
        return words(key, {name: self._shown(name) for name in names}, lang)

    def _shown(self, name: str) -> object:
        """The value a caption shows for its field ``name``."""
        return getattr(self, name)

    def _rows(self, part: str) -> tuple[type[Any], Sequence[Any]]:
        """The row class of a part (from its ``tuple[Row, ...]`` annotation) and its rows."""
        hint = typing.get_type_hints(type(self))[part]
        return typing.get_args(hint)[0], getattr(self, part)
