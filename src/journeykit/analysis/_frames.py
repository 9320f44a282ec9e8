"""The one way an analysis result becomes a dataframe (``to_frame``), through narwhals.

Examples
--------
>>> to_frame({"id": ["a", "b"], "share": [0.5, None]}, {"id": "String", "share": "Float64"},
...          "polars")["share"].to_list()
[0.5, None]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from journeykit import validators
from journeykit.errors import JourneyError

__all__ = ["BACKENDS", "to_frame"]

#: The dataframe libraries ``to_frame`` can return.
BACKENDS = ("pandas", "polars")


def to_frame(data: Mapping[str, Sequence[Any]], schema: Mapping[str, str], backend: str) -> Any:
    """Return the columns ``data`` as a ``backend`` dataframe with the narwhals types ``schema``.

    ``schema`` maps each column to the name of a narwhals data type
    (``"String"``, ``"Float64"``, ``"Int64"``...).

    Raises
    ------
    ValidationError
        When ``backend`` is not one of :data:`BACKENDS`.
    JourneyError
        When narwhals or the backend is not installed (the message says what
        to install).
    """
    validators.check("backend", backend, validators.one_of(BACKENDS))
    try:
        import narwhals as nw

        __import__(backend)
    except ImportError as error:
        raise JourneyError(
            f"to_frame needs narwhals and {backend}: pip install 'journeykit[mining]' "
            f"{backend} ({error})"
        ) from None
    types = {name: getattr(nw, kind)() for name, kind in schema.items()}
    return nw.from_dict(dict(data), types, backend=cast(Any, backend)).to_native()
