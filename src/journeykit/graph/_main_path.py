"""The most travelled path: from the busiest entry, the busiest move on, until none is left.

One function, so the graph view (:attr:`JourneyGraph.main_path
<journeykit.graph.JourneyGraph.main_path>`) and mining (which orders a mined
journey's touchpoints along it before the journey exists) walk by the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["busiest_path"]


def busiest_path(
    entries: Mapping[str, float],
    moves: Iterable[tuple[str, str | None, int | None]],
    rank: Mapping[str, int],
) -> tuple[str, ...]:
    """Return the most travelled path through counted moves.

    Start at the entry where most customers start, then repeatedly follow
    the move that most customers made (parallel moves added up) to a
    touchpoint not yet on the path, until there is none. Ties go to the
    smaller ``rank``. Exits, self-loops and moves without a count above 0
    are never followed, so every step is a move customers made.

    Parameters
    ----------
    entries:
        The customers starting at each entry (the candidates for the start).
    moves:
        ``(source, target, count)`` of every transition; ``target`` is None
        for an exit.
    rank:
        The place of every id that ``entries`` and ``moves`` name, for ties.

    Examples
    --------
    >>> moves = [("ad", "cart", 5), ("ad", "faq", 5), ("cart", "ad", 9), ("cart", None, 3)]
    >>> busiest_path({"ad": 10, "faq": 2}, moves, {"ad": 0, "cart": 1, "faq": 2})
    ('ad', 'cart')

    Notes
    -----
    Linear in the number of moves: each touchpoint's moves are looked at once.
    """
    if not entries:
        return ()
    onward: dict[str, dict[str, int]] = {}
    for source, target, count in moves:
        if target is not None and target != source and count is not None and count > 0:
            ways = onward.setdefault(source, {})
            ways[target] = ways.get(target, 0) + count
    here = min(entries, key=lambda id: (-entries[id], rank[id]))
    path = [here]
    on_path = {here}
    while True:
        ways = onward.get(here, {})
        best = min(
            ((-count, rank[there], there) for there, count in ways.items() if there not in on_path),
            default=None,
        )
        if best is None:
            return tuple(path)
        here = best[2]
        path.append(here)
        on_path.add(here)
