"""The paths an attribution reads: a list of paths, a ``PathTable`` or a dataframe, checked."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from journeykit import validators
from journeykit.errors import JourneyError, ValidationError

__all__ = ["COLUMNS", "records"]

#: The column names a dataframe's counts are read from, ours then ChannelAttribution's.
COLUMNS = {
    "customers": ("customers",),
    "conversions": ("conversions", "total_conversions"),
    "nulls": ("nulls", "total_null"),
    "value": ("value", "total_conversion_value"),
}

Record = tuple[tuple[str, ...], int, int, float]
_COUNT = validators.Range(0, whole=True)


def records(given: object, sep: str) -> list[Record]:
    """Return the paths of ``given`` as ``(steps, conversions, nulls, value)``.

    Raises
    ------
    ValidationError
        For no paths, or a path, count or value that is not one (its place named).
    """
    if not isinstance(sep, str) or not sep:
        raise ValidationError.single("sep", f"must be a non-empty text, got {sep!r}")
    if isinstance(given, str | bytes):
        raise ValidationError.single(
            "journey_or_paths", "must be a path table, a list of paths or a journey, got a text"
        )
    if hasattr(given, "paths") and hasattr(given, "nulls"):  # a PathTable
        table: Any = given
        found = list(zip(table.paths, table.conversions, table.nulls, table.value, strict=True))
    elif isinstance(given, Sequence):
        found = [_one(item, i, sep) for i, item in enumerate(given)]
    else:
        found = _frame(given, sep)
    if not found:
        raise ValidationError.single("journey_or_paths", "has no paths: nothing to attribute")
    return found


def _one(item: object, index: int, sep: str) -> Record:
    where = f"paths[{index}]"
    if isinstance(item, str | bytes) or not isinstance(item, Sequence) or not 2 <= len(item) <= 4:
        raise ValidationError.single(
            where, f"must be (path, conversions[, nulls[, value]]), got {validators.describe(item)}"
        )
    path, conversions, nulls, value = (*item, 0, 0.0)[:4] if len(item) < 4 else item
    if isinstance(path, str):
        steps = tuple(step.strip() for step in path.split(sep))
    elif isinstance(path, Sequence) and all(isinstance(s, str) for s in path):
        steps = tuple(path)
    else:
        raise ValidationError.single(
            f"{where}.path", f"must be a text or a list of steps, got {validators.describe(path)}"
        )
    if not steps or "" in steps:
        raise ValidationError.single(f"{where}.path", f"has an empty step: {path!r:.60}")
    _COUNT.check(f"{where}.conversions", conversions)
    _COUNT.check(f"{where}.nulls", nulls)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError.single(
            f"{where}.value", f"must be a finite number, got {validators.describe(value)}"
        )
    return steps, conversions, nulls, float(value)


def _frame(frame: object, sep: str) -> list[Record]:
    try:
        import narwhals as nw

        from journeykit.mining._path_table import read_paths
    except ImportError as error:
        raise JourneyError(
            f"reading a path table needs the mining extra: pip install 'journeykit[mining]' "
            f"({error})"
        ) from None
    try:
        native: Any = nw.from_native(frame)
    except TypeError:
        raise ValidationError.single(
            "journey_or_paths",
            "must be a path table (a dataframe), a list of paths or a journey, "
            f"got {type(frame).__name__}",
        ) from None
    names = set(native.collect_schema().names())
    chosen = {
        role: next((n for n in candidates if n in names), None)
        for role, candidates in COLUMNS.items()
    }
    table = read_paths(frame, path="path", sep=sep, **chosen)
    return list(zip(table.paths, table.conversions, table.nulls, table.value, strict=True))
