"""Text the command line prints, made safe for a terminal, and whether to draw it: one way.

:func:`styled` is the one decision between tables and colour (rich) and
plain text: a terminal gets them, a pipe or a file gets plain text, the same
bytes as ever; ``NO_COLOR`` (any value) or ``TERM=dumb`` ask for plain text
on a terminal too, and ``FORCE_COLOR`` for rich output through a pipe.
Without rich installed (the ``cli`` extra), the output is plain text.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["console", "one_line", "shown", "styled"]

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# What a terminal would act on or hide: C0 and C1 controls but the line feed, DEL, the
# bidirectional controls and lone surrogates. Shown escaped, as Python writes them.
_UNSHOWN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def shown(text: str) -> str:
    r"""``text`` with what a terminal would act on or hide escaped (``\x1b``); line feeds kept."""
    return _UNSHOWN.sub(lambda found: repr(found.group())[1:-1], text)


def one_line(text: str, joint: str = " ") -> str:
    r"""``text`` on one line, safe to print: line breaks become ``joint``, controls are escaped.

    Examples
    --------
    >>> print(one_line("red \x1b[31mtext\x07\nand more"))
    red \x1b[31mtext\x07 and more
    """
    return shown(_LINE_BREAKS.sub(joint, text))


def styled(stream: Any) -> bool:
    """Whether to draw tables, colour and progress bars on ``stream``.

    Examples
    --------
    >>> import io
    >>> styled(io.StringIO()), styled(None)
    (False, False)
    """
    if stream is None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or the stream is closed
        return False


def console(stream: Any) -> Console | None:
    """A rich console drawing on ``stream`` when it is :func:`styled` and rich is there; else None.

    Examples
    --------
    >>> import io
    >>> console(io.StringIO()) is None
    True
    """
    if not styled(stream):
        return None
    try:
        from rich.console import Console
    except ImportError:  # the cli extra is not installed: plain text
        return None
    return Console(file=stream, force_terminal=True, highlight=False, soft_wrap=False)
