"""Confidence intervals for shares of customers: how sure a share of 12 (or 12,000) is.

Examples
--------
>>> from journeykit import analysis
>>> [round(x, 4) for x in analysis.wilson(5, 10)]
[0.2366, 0.7634]
>>> [round(x, 4) for x in analysis.wilson(500, 1000)]
[0.4691, 0.5309]
"""

from __future__ import annotations

import math
from statistics import NormalDist

from journeykit import validators
from journeykit.errors import ValidationError

__all__ = ["wilson"]


def wilson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    r"""Return the Wilson score interval of ``successes`` out of ``trials``.

    With :math:`p = s/n` and :math:`z` the two-sided normal quantile of
    ``confidence``, the interval is

    .. math:: \frac{p + z^2/2n \pm z\sqrt{p(1-p)/n + z^2/4n^2}}{1 + z^2/n}

    It stays inside 0..1, is never empty (unlike the normal approximation at
    0 of n or n of n) and is wide for few trials.

    Parameters
    ----------
    successes, trials:
        Whole numbers, ``0 <= successes <= trials`` and ``trials >= 1``.
    confidence:
        The confidence level, a number strictly between 0 and 1.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``low`` is exactly 0 when ``successes`` is 0 and
        ``high`` exactly 1 when ``successes`` is ``trials``.

    Raises
    ------
    ValidationError
        For counts that are not whole numbers in range, or a confidence
        outside (0, 1).

    Examples
    --------
    >>> [round(x, 4) for x in wilson(5, 10)]
    [0.2366, 0.7634]
    >>> [round(x, 4) for x in wilson(0, 12)], [round(x, 4) for x in wilson(10, 10)]
    ([0.0, 0.2425], [0.7225, 1.0])
    >>> wilson(3, 2)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: successes: must be a whole number from 0 to 2, got 3
    """
    validators.check("trials", trials, validators.number(1, whole=True))
    validators.check("successes", successes, validators.number(0, trials, whole=True))
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise ValidationError.single(
            "confidence", f"must be a number between 0 and 1, got {confidence!r}"
        )
    if not 0 < confidence < 1:
        raise ValidationError.single(
            "confidence", f"must be between 0 and 1 (not included), got {confidence!r}"
        )
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    n, p = trials, successes / trials
    spread = z * z / n
    centre = (p + spread / 2) / (1 + spread)
    half = z / (1 + spread) * math.sqrt(p * (1 - p) / n + spread / (4 * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high
