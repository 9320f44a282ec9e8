"""The options of the mining calls: column names checked once, and their types for overloads.

:func:`spec` turns the column names the public calls take into
:class:`~journeykit.mining._columns.Columns`, refusing a name that is not
one; :class:`EventOptions` and :class:`PathOptions` are the keyword options
of :func:`~journeykit.mining.from_events` and
:func:`~journeykit.mining.from_paths` other than ``segment`` and ``window``,
so that their overloads (one journey, or one per segment or period) say
them once.

Examples
--------
>>> spec("customer_id", "event", "ts").touchpoint
'event'
>>> spec("customer_id", "", "ts")
Traceback (most recent call last):
...
journeykit.mining.EventDataError: touchpoint must be a column name, got ''
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict

from journeykit.mining._columns import Columns, EventDataError

if TYPE_CHECKING:
    from journeykit.mining._progress import ProgressCallback

__all__ = ["EventOptions", "PathOptions", "spec"]


class EventOptions(TypedDict, total=False):
    """The keyword options of :func:`~journeykit.mining.from_events` but ``segment`` and ``window``.

    Examples
    --------
    >>> EventOptions(customer="user", min_share=0.1)
    {'customer': 'user', 'min_share': 0.1}
    """

    customer: str
    touchpoint: str
    timestamp: str
    stage: str | Mapping[str, str] | None
    channel: str | None
    emotion: str | None
    min_share: float
    tie_break: str | None
    stage_order: Sequence[str] | None
    timestamp_format: str | None
    title: str
    progress: ProgressCallback | None


class PathOptions(TypedDict, total=False):
    """The keyword options of :func:`~journeykit.mining.from_paths` but ``segment``.

    Examples
    --------
    >>> PathOptions(path="channels", sep=";")
    {'path': 'channels', 'sep': ';'}
    """

    path: str
    customers: str | None
    conversions: str | None
    value: str | None
    nulls: str | None
    sep: str
    min_share: float
    stage_order: Sequence[str] | None
    conversion: str
    title: str
    progress: ProgressCallback | None


def spec(  # noqa: PLR0913 (one parameter a column of the public calls)
    customer: str,
    touchpoint: str,
    timestamp: str,
    *,
    tie_break: str | None = None,
    stage: str | Mapping[str, str] | None = None,
    channel: str | None = None,
    emotion: str | None = None,
    timestamp_format: str | None = None,
) -> Columns:
    """The columns of an event table, the three required ones checked to be names."""
    for role, value in (
        ("customer", customer),
        ("touchpoint", touchpoint),
        ("timestamp", timestamp),
    ):
        if not isinstance(value, str) or not value:
            raise EventDataError(f"{role} must be a column name, got {value!r}")
    return Columns(
        customer=customer,
        touchpoint=touchpoint,
        timestamp=timestamp,
        tie_break=tie_break,
        stage=stage if isinstance(stage, str) else None,
        channel=channel,
        emotion=emotion,
        timestamp_format=timestamp_format,
    )
