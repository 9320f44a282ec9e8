"""One mining run: read and count the events, then build the journey from the counts.

:func:`collect` is all that :func:`~journeykit.mining.variants` runs, so the
model and the graph load only in :func:`run`, when a journey is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from journeykit.mining._columns import Columns, EventDataError, check_min_share, prepare
from journeykit.mining._progress import ProgressCallback, Tracker, tracker
from journeykit.mining._variants import Discovery, sorted_variants

if TYPE_CHECKING:
    from journeykit.mining._aggregate import Aggregates

__all__ = ["collect", "run"]


def collect(
    frame: object, columns: Columns, *, journey: bool, variants: bool, track: Tracker
) -> Aggregates:
    """Read ``frame`` and count what ``journey`` and ``variants`` ask for.

    Examples
    --------
    >>> import polars as pl
    >>> from journeykit.mining._options import spec
    >>> from journeykit.mining._progress import SILENT
    >>> events = pl.DataFrame({"customer_id": [1, 1], "event": ["A", "B"], "ts": [1, 2]})
    >>> found = collect(events, spec("customer_id", "event", "ts"), journey=False,
    ...                 variants=True, track=SILENT)
    >>> found.events, found.customers
    (2, 1)
    """
    from journeykit.mining._aggregate import aggregate

    track.start(frame)
    prepared = prepare(frame, columns)
    track.loaded()
    return aggregate(prepared, journey=journey, variants=variants, track=track)


def run(  # noqa: PLR0913 (the public calls' options, passed on)
    frame: object,
    columns: Columns,
    *,
    stage: str | Mapping[str, str] | None,
    min_share: float,
    stage_order: Sequence[str] | None,
    title: str,
    journey: bool,
    variants: bool,
    progress: ProgressCallback | None,
) -> Discovery:
    """Mine ``frame`` into a journey (and its variants, with ``variants``).

    Examples
    --------
    >>> import polars as pl
    >>> from journeykit.mining._options import spec
    >>> events = pl.DataFrame({"customer_id": [1, 1], "event": ["A", "B"], "ts": [1, 2]})
    >>> found = run(events, spec("customer_id", "event", "ts"), stage=None, min_share=0.0,
    ...             stage_order=None, title="T", journey=True, variants=True, progress=None)
    >>> found.journey.main_path, [v.path for v in found.variants]
    (('a', 'b'), [('a', 'b')])
    """
    from journeykit.mining._build import build, vote

    track = tracker(progress)
    check_min_share(min_share)
    if stage is not None and not isinstance(stage, str | Mapping):
        raise EventDataError(
            "stage must be a column name or a mapping of activities to stages, "
            f"got {type(stage).__name__}"
        )
    found = collect(frame, columns, journey=journey, variants=variants, track=track)
    track.phase("building")
    stage_of = stage if isinstance(stage, Mapping) else None
    if isinstance(stage, str):
        stage_of = vote(found.stages)
    built = build(
        found,
        title=title,
        stage_of=stage_of,
        stage_order=stage_order,
        min_share=min_share,
        columns=columns,
    )
    discovered = Discovery(journey=built, variants=sorted_variants(found))
    track.phase("done")
    return discovered
