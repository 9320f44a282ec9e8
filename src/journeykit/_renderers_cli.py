"""``journeykit renderers``: every renderer, what it writes, and its options.

Each renderer is a line ``name: .ending media/type``, then one line per
option: its name, type, default and help (read from the renderer's class
by :mod:`journeykit._renderer_options`, as the docs' table is). A renderer
that cannot be loaded says so on its line instead. On a terminal, each
renderer's options are a table.

Examples
--------
>>> import contextlib, io
>>> with contextlib.redirect_stdout(io.StringIO()) as out:
...     code = run(None)
>>> [line for line in out.getvalue().splitlines() if line.startswith("mermaid")]
['mermaid: .mmd text/vnd.mermaid']
"""

from __future__ import annotations

import functools
from typing import Any

from journeykit._renderer_options import Option, options_of
from journeykit._speech import say
from journeykit._tables import Table, emit
from journeykit._terminal import one_line
from journeykit.errors import JourneyError

__all__ = ["run"]

# The columns, by their keys in the catalogue (``cli.column.*``).
COLUMNS = ("option", "type", "default", "help")


def run(_args: Any) -> int:
    """Run ``journeykit renderers``."""
    found = _tables()
    emit("\n".join(table.plain() for table in found), lambda: found)
    return 0


def _tables() -> list[Table]:
    from journeykit import renderers

    found = []
    for name in renderers.available():
        try:
            cls = renderers.get(name)
        except (ImportError, JourneyError) as error:
            title = one_line(f"{name}: {say('cli.renderers.unavailable')} ({error})")
            found.append(Table(title, _columns(), (), line=str, empty=""))
            continue
        default = cls.output_for()
        rows = tuple(_cells(option) for option in options_of(cls))
        widths = [max((len(c) for c in cells), default=0) for cells in zip(*rows, strict=False)]
        title = one_line(f"{name}: {default.extension} {default.media_type}")
        line = functools.partial(_line, widths=widths)
        found.append(
            Table(title, _columns(), rows, line=line, empty=f"  {say('cli.renderers.none')}")
        )
    return found


def _columns() -> tuple[str, ...]:
    return tuple(say(f"cli.column.{column}") for column in COLUMNS)


def _cells(option: Option) -> tuple[str, ...]:
    return tuple(one_line(t) for t in (option.name, option.type, option.default_text, option.brief))


def _line(row: tuple[str, ...], *, widths: list[int]) -> str:
    """An option's line: its name, type and default in columns, then its help."""
    cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
    return f"  {'  '.join(cells)}  {row[-1]}".rstrip()
