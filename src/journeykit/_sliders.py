"""The command line's two sliders: ``--touchpoints`` and ``--transitions``.

``journeykit mine`` and ``journeykit render`` take them alike, read by
:func:`amount` and checked by the rule of :func:`journeykit.analysis.simplify`.
"""

from __future__ import annotations

import argparse

from journeykit.errors import JourneyError

__all__ = ["amount", "simplifying"]


def amount(text: str) -> float:
    """Read a ``--touchpoints``/``--transitions`` value: ``0.8``, ``80%`` or a top N such as ``12``.

    Examples
    --------
    >>> amount("0.8"), amount("80%"), amount("12"), amount("1.0")
    (0.8, 0.8, 12, 1.0)
    >>> amount("most")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: give a share of the traffic (0.8 or 80%) or a top N (12), got 'most'
    """
    from journeykit.analysis.simplify import amount as checked

    text = text.strip()
    try:
        value: float = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        if "." not in text and not text.endswith("%") and value.is_integer():
            value = int(value)
        return checked("value", value)
    except (ValueError, JourneyError):
        raise argparse.ArgumentTypeError(
            f"give a share of the traffic (0.8 or 80%) or a top N (12), got {text!r}"
        ) from None


def simplifying(parser: argparse.ArgumentParser, verb: str) -> None:
    """Add ``--touchpoints`` and ``--transitions`` (see :func:`journeykit.analysis.simplify`)."""
    parser.add_argument(
        "--touchpoints",
        type=amount,
        metavar="SHARE|N",
        help=f"{verb} only the touchpoints carrying this share of the traffic (0.8) "
        "or the N busiest (12)",
    )
    parser.add_argument(
        "--transitions",
        type=amount,
        metavar="SHARE|N",
        help=f"{verb} only the ways carrying this share of their traffic (0.8) "
        "or the N busiest (12)",
    )
