"""The variants found in event data: the distinct paths customers took, packed until read.

:func:`sorted_variants` orders the counted paths in the engine and wraps
them as :class:`Variants`, a sequence that makes each :class:`Variant` only
when it is read (see :func:`journeykit.mining.variants`); a
:class:`Discovery` holds them with the journey found in the same pass.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, overload

import attrs

from journeykit._slugs import touchpoint_ids

if TYPE_CHECKING:
    from journeykit.mining._aggregate import Aggregates
    from journeykit.model import Journey

__all__ = ["Discovery", "Variant", "Variants", "sorted_variants"]


class Variant(NamedTuple):
    """One distinct path through the journey and how many customers took it.

    A named tuple rather than an attrs class: logs give hundreds of thousands
    of variants, and a tuple is several times cheaper to make.

    Attributes
    ----------
    path:
        The touchpoint ids in the order visited (the ids :func:`from_events`
        gives the same activities).
    customers:
        How many customers' whole journey was exactly this path.
    share:
        ``customers`` as a share of all customers.

    Examples
    --------
    >>> Variant(path=("ad", "buys"), customers=3, share=0.5).path[-1]
    'buys'
    """

    path: tuple[str, ...]
    customers: int
    share: float


class Variants(Sequence[Variant]):
    """The variants found, most common first: a read-only sequence of :class:`Variant`.

    The paths stay packed in one column until a variant is read, so listing a
    log's hundreds of thousands of variants costs little until they are used.
    Variants with the same number of customers come in order of their paths.

    Examples
    --------
    >>> import polars as pl
    >>> events = pl.DataFrame({"customer_id": [1, 1, 2], "event": ["A", "B", "A"], "ts": [0, 1, 0]})
    >>> from journeykit import mining
    >>> found = mining.variants(events)
    >>> len(found), found[0], found[-1].path
    (2, Variant(path=('a',), customers=1, share=0.5), ('a', 'b'))
    """

    __slots__ = ("_counts", "_customers", "_ids", "_keys", "_width")

    def __init__(
        self, ids: Mapping[str, str], width: int, keys: Any, counts: Sequence[int], customers: int
    ) -> None:
        self._ids = ids  # one touchpoint id for each key digit (see sorted_variants)
        self._width = width
        self._keys = keys
        self._counts = counts
        self._customers = customers

    def __len__(self) -> int:
        return len(self._counts)

    @overload
    def __getitem__(self, index: int) -> Variant: ...

    @overload
    def __getitem__(self, index: slice) -> list[Variant]: ...

    def __getitem__(self, index: int | slice) -> Variant | list[Variant]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = operator.index(index)
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(f"variant index {index} out of range ({len(self)} variants)")
        if not isinstance(self._keys, list):
            # Unpacked on the first read, not when mined: most callers never read them all.
            self._keys = self._keys.to_list()
        key, width = self._keys[position], self._width
        digits = key if width == 1 else (key[i : i + width] for i in range(0, len(key), width))
        path = tuple(map(self._ids.__getitem__, digits))
        customers = self._counts[position]
        return Variant(path, customers, customers / self._customers)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} variants of {self._customers} customers>"

    def to_frame(self, backend: str = "pandas") -> Any:
        """Return the variants as a ``pandas`` or ``polars`` dataframe, a row a variant.

        ``path`` is a list of touchpoint ids (``List(String)``), ``customers``
        an ``Int64`` and ``share`` a ``Float64`` column.

        Examples
        --------
        >>> import polars as pl
        >>> from journeykit import mining
        >>> events = pl.DataFrame({"customer_id": [1, 1, 2], "event": ["A", "B", "A"],
        ...                        "ts": [0, 1, 0]})
        >>> mining.variants(events).to_frame("polars")["path"].to_list()
        [['a'], ['a', 'b']]
        """
        from journeykit.analysis._frames import rows_frame

        return rows_frame(Variant, self, backend)

    def _repr_html_(self) -> str:
        from journeykit.analysis._table import rows_html, words

        caption = words("caption.variants", {"customers": self._customers})
        return rows_html(caption, Variant, self)


@attrs.frozen(kw_only=True)
class Discovery:
    """The journey and the variants found in one pass (see :func:`discover`).

    Examples
    --------
    >>> import polars as pl
    >>> from journeykit.mining import discover
    >>> events = pl.DataFrame({"customer_id": [1, 1], "event": ["A", "B"], "ts": [0, 1]})
    >>> found = discover(events)
    >>> found.journey.main_path, found.variants[0].path
    (('a', 'b'), ('a', 'b'))
    """

    journey: Journey
    variants: Variants

    def to_frame(self, backend: str = "pandas") -> Any:
        """Return the variants as a dataframe (see :meth:`Variants.to_frame`).

        Examples
        --------
        >>> import polars as pl
        >>> from journeykit.mining import discover
        >>> events = pl.DataFrame({"customer_id": [1, 1], "event": ["A", "B"], "ts": [0, 1]})
        >>> discover(events).to_frame("polars")["customers"].to_list()
        [1]
        """
        return self.variants.to_frame(backend)

    def _repr_html_(self) -> str:
        return self.variants._repr_html_()


# Shown where users meet them, like the other results of journeykit.mining.
Variant.__module__ = Variants.__module__ = Discovery.__module__ = "journeykit.mining"


# A path sorts as a text key, a fixed number of characters for each step: a
# text column sorts in a third of the time a column of lists takes.
_FIRST = 0x20  # after the control characters
_DIGITS = 0xD800 - _FIRST  # and before the surrogates, which text cannot hold


def _digits(count: int) -> tuple[int, list[str]]:
    """The key width for ``count`` ranks, and each rank's key, in the order of the ranks."""
    width = 1
    while _DIGITS**width < count:
        width += 1
    powers = [_DIGITS**k for k in reversed(range(width))]
    return width, [
        "".join(chr(_FIRST + rank // power % _DIGITS) for power in powers) for rank in range(count)
    ]


def sorted_variants(found: Aggregates, top: int | None = None) -> Variants:
    """Sort the variants in the engine (by customers, then by path) and wrap them."""
    import polars as pl

    if found.variants is None:
        return Variants({}, 1, [], [], 0)
    names = found.variants.names
    ids = touchpoint_ids(names.values())
    # Keys sort like the paths of ids they stand for: the ids are ranked first.
    width, keys = _digits(len(names))
    key_of = dict(zip(sorted(ids.values()), keys, strict=True))
    digit = {code: key_of[ids[name]] for code, name in names.items()}
    table = (
        found.variants.table.select(
            pl.col("path")
            .list.eval(pl.element().replace_strict(digit, return_dtype=pl.String))
            .list.join("")
            .alias("key"),
            pl.col("n"),
        )
        # Stable, on one thread: faster here than a two-key sort (measured).
        .sort("key", multithreaded=False)
        .sort("n", descending=True, maintain_order=True, multithreaded=False)
    )
    if top is not None:
        table = table.head(top)
    return Variants(
        {key: id for id, key in key_of.items()},
        width,
        table.get_column("key"),
        table.get_column("n").to_list(),
        found.customers,
    )
