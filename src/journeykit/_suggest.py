"""Suggestions for a name that is not found ("did you mean"): one rule, for every message.

A suggestion is the closest known name by :func:`difflib.get_close_matches`
(a typo, a letter too many or missing), or nothing when no known name is close.

Examples
--------
>>> "no channel 'webb'" + hint("webb", ["web", "email", "phone"])
"no channel 'webb'; did you mean 'web'?"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "hint"]

# Close enough to be a slip of the keyboard, far enough not to guess at random.
_CUTOFF = 0.75


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The known name closest to ``name``, or None when none is close (or ``name`` is known).

    Examples
    --------
    >>> closest("pain_point", ["pain_points", "opportunities"])
    'pain_points'
    >>> closest("chekout", ["cart", "checkout"]), closest("zzz", ["cart"]), closest("a", ["a"])
    ('checkout', None, None)
    """
    known = [str(choice) for choice in choices]
    if name in known:
        return None
    found = difflib.get_close_matches(name, known, n=1, cutoff=_CUTOFF)
    return found[0] if found else None


def hint(name: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest known name, or ``""`` when none is close.

    It goes at the end of a message (after any list of the known names), so
    that the message reads the same up to there with or without it.

    Examples
    --------
    >>> hint("grd", ["grid", "html"]), hint("pdf", ["grid", "html"])
    ("; did you mean 'grid'?", '')
    """
    found = closest(name, choices)
    return f"; did you mean {found!r}?" if found is not None else ""
