"""Ids: made from names (:func:`slugify`), filled in when not given, and checked."""

from __future__ import annotations

import re
from typing import Protocol

from journeykit._slugs import slugify
from journeykit.errors import ValidationError
from journeykit.validators import describe

__all__ = ["derive_id", "slugify"]

_ID = re.compile(r"\w[\w.\-]*")


class _Named(Protocol):
    """A model object with an id and a name (a persona, a stage, a touchpoint)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


def derive_id(instance: _Named) -> None:
    """Fill an empty ``id`` from the name, then check it (call from ``__attrs_post_init__``).

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.Stage(name="Compra ¡ya!").id
    'compra-ya'
    >>> jk.Stage(id="-x", name="X")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: id: must start with a letter or digit and hold only ...
    """
    if not instance.id:
        derived = slugify(instance.name)
        if not derived:
            raise ValidationError.single(
                "id", f"cannot be derived from the name {describe(instance.name)}: give an id"
            )
        # Frozen classes are filled in through object.__setattr__, as attrs does.
        object.__setattr__(instance, "id", derived)
    if not _ID.fullmatch(instance.id):
        raise ValidationError.single(
            "id",
            "must start with a letter or digit and hold only letters, digits, '-', '_' "
            f"and '.', got {describe(instance.id)}",
        )
