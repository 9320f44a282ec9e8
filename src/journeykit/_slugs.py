"""Ids made from names: :func:`slugify`, and unique ids for a set of names.

This module imports nothing of the model, so mining the paths of a log (which
names touchpoints but builds no journey) does not load it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["slugify", "touchpoint_ids", "unique_ids"]


def slugify(text: str) -> str:
    """Turn a name into an id: lower case, accents dropped, words joined by ``-``.

    Letters outside the Latin alphabet (CJK, Arabic, Cyrillic...) are kept, so
    every name with a letter or digit in it gives a usable id.

    Examples
    --------
    >>> slugify("Compara con otras herramientas")
    'compara-con-otras-herramientas'
    >>> slugify("¿Recomendación? ¡Sí!")
    'recomendacion-si'
    >>> slugify("注册 试用")
    '注册-试用'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", stripped).casefold())
    return "-".join(words)


def touchpoint_ids(names: Iterable[str]) -> dict[str, str]:
    """Give each activity name a valid, unique touchpoint id.

    Names are slugified; a name with nothing left (only punctuation) becomes
    ``touchpoint``. Names are taken in sorted order and the second, third...
    name with the same slug gets ``-2``, ``-3``..., so the ids never depend
    on the order of the events.

    Examples
    --------
    >>> touchpoint_ids(["Adds to cart", "adds to cart!", "???"])
    {'???': 'touchpoint', 'Adds to cart': 'adds-to-cart', 'adds to cart!': 'adds-to-cart-2'}
    """
    return unique_ids(sorted(set(names)), taken=set())


def unique_ids(names: Sequence[str], *, taken: set[str], suffix: str = "") -> dict[str, str]:
    """Give each name an id not in ``taken`` (which it grows), in the order given.

    With a ``suffix``, a slug already taken tries ``slug + suffix`` first and
    an empty slug falls back to ``stage``, as stage ids do.

    Examples
    --------
    >>> unique_ids(["Buy", "Visit"], taken={"buy"}, suffix="-stage")
    {'Buy': 'buy-stage', 'Visit': 'visit'}
    """
    ids: dict[str, str] = {}
    fallback = "stage" if suffix else "touchpoint"
    for name in names:
        base = slugify(name) or fallback
        candidate = base
        if candidate in taken and suffix:
            candidate = f"{base}{suffix}"
        number = 2
        while candidate in taken:
            candidate = f"{base}-{number}"
            number += 1
        taken.add(candidate)
        ids[name] = candidate
    return ids
