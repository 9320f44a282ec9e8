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

import attrs

from journeykit import validators
from journeykit.errors import JourneyError

__all__ = ["BACKENDS", "rows_frame", "to_frame"]

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


# The narwhals type of each field type a result row may have (None is a missing value).
_TYPES = {"str": "String", "int": "Int64", "float": "Float64"}


def rows_frame(cls: type[Any], rows: Sequence[Any], backend: str) -> Any:
    """Return ``rows`` (instances of the attrs class ``cls``) as a dataframe, a column a field.

    Each column's type is its field's: ``str``, ``int`` or ``float``, optional or not.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class Row:
    ...     id: str
    ...     share: float | None
    >>> rows_frame(Row, [Row("a", 0.5), Row("b", None)], "polars")["share"].to_list()
    [0.5, None]
    """
    schema = {}
    for field in attrs.fields(cls):
        kind = str(field.type).removesuffix(" | None")
        schema[field.name] = _TYPES[kind]
    data = {name: [getattr(row, name) for row in rows] for name in schema}
    return to_frame(data, schema, backend)
