"""The tables the analysis commands print: drawn by rich on a terminal, plain text elsewhere.

A :class:`Table` holds its cells and the way one row reads as a line of
plain text, so the two outputs come from the same figures, and the plain
text (what a pipe, a file or ``NO_COLOR`` gets) stays the command's
documented output, byte for byte. :func:`emit` picks one by
:func:`journeykit._terminal.console`.

Examples
--------
>>> table = Table("Exits", ("at", "odds"), (("Cart", "30%"),), line=lambda r: f"  at {r[0]}")
>>> print(table.plain())
Exits
  at Cart
>>> print(Table("Loops", ("from",), (), line=str).plain())
Loops
  none
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from journeykit._terminal import console

__all__ = ["Table", "emit"]

Row = tuple[str, ...]


@attrs.frozen
class Table:
    """A titled table: column names, rows of text cells, and each row as a plain line.

    ``title`` and ``empty`` are plain lines too (``empty`` stands for no rows;
    an empty ``title`` prints no line).
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    line: Callable[[Row], str] = attrs.field(kw_only=True)
    empty: str = attrs.field(default="  none", kw_only=True)
    marks: Mapping[str, str] = attrs.field(factory=dict, kw_only=True)  # cell -> rich style

    def plain(self) -> str:
        """The table as plain text: the title, then a line per row (or ``empty``)."""
        lines = [self.line(row) for row in self.rows] or [self.empty]
        return "\n".join([self.title, *lines] if self.title else lines)


def emit(plain: str, tables: Callable[[], Sequence[Table | str]]) -> None:
    """Print ``plain`` on standard output, or on a terminal ``tables()`` drawn by rich.

    ``tables()`` gives tables and lines of text (a heading, a note), in order.
    """
    from journeykit.cli import _print, _stdout

    drawing = console(_stdout())
    if drawing is None:
        _print(plain)
        return
    for part in tables():
        drawing.print(_drawn(part))


def _drawn(part: Table | str) -> Any:
    from rich.table import Table as RichTable
    from rich.text import Text

    if isinstance(part, str):
        return Text(part)  # a Text, so that no [markup] in a journey's words is read
    table = RichTable(title=Text(part.title, style="bold") if part.title else None,
                      title_justify="left", header_style="bold cyan")  # fmt: skip
    for column in part.columns:
        table.add_column(column, overflow="fold")
    for row in part.rows:
        table.add_row(*(Text(cell, style=part.marks.get(cell, "")) for cell in row))
    if not part.rows:
        table.add_row(*(Text(part.empty.strip(), style="dim") for _ in part.columns[:1]))
    return table
