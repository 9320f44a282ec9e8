"""The one way an analysis result becomes a dataframe (``to_frame``), through narwhals.

A result's rows are instances of one row class (an attrs class or a named
tuple), and each field is one typed column, its type read from the field's
annotation:

=================================  ====================================================
field                              column
=================================  ====================================================
``str``, a ``Literal`` of texts    ``String``
``int`` / ``float`` / ``bool``     ``Int64`` / ``Float64`` / ``Boolean``
``tuple[str, ...]`` (ids, texts)   ``List(String)``, in the tuple's order
a :class:`~journeykit.Transition`  ``String``: ``"source → target"`` (:func:`text`)
a mapping of names to numbers      ``String``: the JSON object, names sorted
``X | None``                       ``X``'s column, None a missing value
=================================  ====================================================

``polars`` frames have those types; ``pandas`` frames hold them as
pyarrow-backed columns (``int64[pyarrow]``, ``list<item: string>[pyarrow]``...),
the one pandas form that keeps missing whole numbers and lists typed.

Examples
--------
>>> to_frame({"id": ["a", "b"], "share": [0.5, None]}, {"id": "String", "share": "Float64"},
...          "polars")["share"].to_list()
[0.5, None]
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, cast

import attrs

from journeykit import validators
from journeykit.errors import JourneyError
from journeykit.model import Transition

__all__ = ["BACKENDS", "columns", "rows_frame", "text", "to_frame"]

#: The dataframe libraries ``to_frame`` can return.
BACKENDS = ("pandas", "polars")

_LIST = "List(String)"
# The narwhals type of each plain field type a result row may have.
_SCALARS: dict[object, str] = {str: "String", int: "Int64", float: "Float64", bool: "Boolean"}


def to_frame(data: Mapping[str, Sequence[Any]], schema: Mapping[str, str], backend: str) -> Any:
    """Return the columns ``data`` as a ``backend`` dataframe with the narwhals types ``schema``.

    ``schema`` maps each column to the name of a narwhals data type
    (``"String"``, ``"Float64"``, ``"Int64"``, ``"Boolean"``, ``"List(String)"``).

    Raises
    ------
    ValidationError
        When ``backend`` is not one of :data:`BACKENDS`.
    JourneyError
        When narwhals or the backend is not installed (the message says what
        to install).
    """
    validators.check("backend", backend, validators.one_of(BACKENDS))
    # pandas frames are made in pyarrow, whose types pandas then keeps.
    built = "pyarrow" if backend == "pandas" else backend
    try:
        import narwhals as nw

        for needed in {backend, built}:
            __import__(needed)
    except ImportError as error:
        raise JourneyError(
            f"to_frame needs narwhals and {backend}: pip install 'journeykit[mining]' "
            f"{backend} ({error})"
        ) from None
    kinds = {
        name: nw.List(nw.String()) if kind == _LIST else getattr(nw, kind)()
        for name, kind in schema.items()
    }
    frame = nw.from_dict(dict(data), kinds, backend=cast(Any, built)).to_native()
    if backend == "pandas":
        import pandas as pd

        return frame.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def columns(cls: type[Any]) -> dict[str, str]:
    """Return each field of the row class ``cls`` and its column's narwhals type (see above).

    Raises
    ------
    JourneyError
        For a field of a type no column holds (a mistake in journeykit).

    Examples
    --------
    >>> from journeykit.analysis import RankedPath
    >>> columns(RankedPath)
    {'path': 'List(String)', 'probability': 'Float64'}
    """
    hints = typing.get_type_hints(cls)
    names = getattr(cls, "_fields", None) or [f.name for f in attrs.fields(cls)]
    return {name: _kind(hints[name], f"{cls.__name__}.{name}") for name in names}


def _kind(hint: Any, where: str) -> str:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        known = [arg for arg in args if arg is not type(None)]
        if len(known) == 1:
            return _kind(known[0], where)
    elif origin is typing.Literal and all(isinstance(arg, str) for arg in args):
        return "String"
    elif origin is tuple and args in ((str, ...), ()):
        return _LIST
    elif origin is Mapping or hint is Transition:
        return "String"
    elif hint in _SCALARS:
        return _SCALARS[hint]
    raise JourneyError(f"to_frame: {where} is a {hint}, which no column holds")


def text(value: object) -> object:
    """Return a value as its column holds it: tuples as lists, transitions and mappings as text.

    Examples
    --------
    >>> import journeykit as jk
    >>> text(jk.Transition(source="pays", target="cart", kind="return")), text({"b": 1, "a": 2})
    ('pays → cart', '{"a": 2, "b": 1}')
    >>> text(("a", "b")), text(0.5)
    (['a', 'b'], 0.5)
    """
    if isinstance(value, Transition):
        return f"{value.source} → {value.target or ''}".rstrip()
    if isinstance(value, Mapping):
        return json.dumps(dict(sorted(value.items())), ensure_ascii=False)
    if isinstance(value, tuple):
        return list(value)
    return value


def rows_frame(cls: type[Any], rows: Sequence[Any], backend: str) -> Any:
    """Return ``rows`` (instances of the row class ``cls``) as a dataframe, a column a field.

    Each column's type is its field's (see the module notes).

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class Row:
    ...     id: str
    ...     share: float | None
    ...     path: tuple[str, ...]
    >>> frame = rows_frame(Row, [Row("a", 0.5, ("x", "y")), Row("b", None, ())], "polars")
    >>> frame["share"].to_list(), frame["path"].to_list(), str(frame.schema["path"])
    ([0.5, None], [['x', 'y'], []], 'List(String)')
    """
    schema = columns(cls)
    data = {name: [text(getattr(row, name)) for row in rows] for name in schema}
    return to_frame(data, schema, backend)
