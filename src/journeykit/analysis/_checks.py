"""Argument checks shared by the analysis helpers (run before any generator starts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from journeykit import validators
from journeykit.errors import ValidationError
from journeykit.model import Journey


def whole(value: object, name: str, *, most: int | None = None) -> int:
    """Return ``value`` when it is a whole number from 0 (to ``most``), else raise."""
    return cast(int, validators.check(name, value, validators.number(0, most, whole=True)))


def bound(value: object, name: str) -> int | None:
    """Return ``value`` when it is None or a whole number from 0, else raise."""
    return None if value is None else whole(value, name)


def touchpoint_ids(journey: Journey, value: object, name: str) -> tuple[str, ...]:
    """Return ``value`` as a tuple of known touchpoint ids, else raise naming the place."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValidationError.single(
            name, f"must be a list of touchpoint ids, got {type(value).__name__} {value!r:.40}"
        )
    for index, id in enumerate(value):
        if not isinstance(id, str):
            raise ValidationError.single(
                f"{name}[{index}]", f"must be a touchpoint id, got {type(id).__name__}"
            )
        journey.position(id)
    return tuple(value)
