"""Text the command line prints, made safe for a terminal: one way, for every command."""

from __future__ import annotations

import re

__all__ = ["one_line", "shown"]

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
