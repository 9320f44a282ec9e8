"""Gaussian elimination without pivoting, for the funnel's expected visits.

The funnel solves ``(I - P^T) x = inflow`` one loop at a time
(:func:`journeykit.analysis.funnel`); its matrix is column diagonally dominant,
so no pivoting is needed, and a vanishing pivot means the loop has no way out.
Both solvers eliminate row by row in the same order, so they give the same
figures; :func:`dense` is several times faster on a loop with many ways inside.

Examples
--------
>>> rows = [{0: 1.0, 1: -0.5}, {0: -1.0, 1: 1.0}]
>>> sparse([dict(r) for r in rows], [1.0, 0.0]), dense(rows, [1.0, 0.0])
([2.0, 2.0], [2.0, 2.0])
"""

from __future__ import annotations

import heapq
import math

__all__ = ["dense", "sparse"]

# A pivot smaller than this vanishes: the loop has no way out.
_SINGULAR = 1e-12


def sparse(rows: list[dict[int, float]], rhs: list[float]) -> list[float] | None:
    """Eliminate the sparse rows in place and solve; None when a pivot vanishes."""
    for i, row in enumerate(rows):
        lower = [c for c in row if c < i]
        heapq.heapify(lower)
        while lower:
            j = heapq.heappop(lower)
            factor = row.pop(j) / rows[j][j]
            rhs[i] -= factor * rhs[j]
            for c, value in rows[j].items():
                if c == j:
                    continue
                if c not in row and c < i:
                    heapq.heappush(lower, c)
                row[c] = row.get(c, 0.0) - factor * value
        if abs(row.get(i, 0.0)) < _SINGULAR:
            return None
    x = [0.0] * len(rows)
    for i in range(len(rows) - 1, -1, -1):
        row = rows[i]
        x[i] = (rhs[i] - math.fsum(v * x[c] for c, v in row.items() if c != i)) / row[i]
    return x


def dense(sparse: list[dict[int, float]], rhs: list[float]) -> list[float] | None:
    """Eliminate the rows as a dense matrix and solve; None when a pivot vanishes."""
    size = len(sparse)
    matrix = [[0.0] * size for _ in range(size)]
    for i, given in enumerate(sparse):
        for c, value in given.items():
            matrix[i][c] = value
    for i, row in enumerate(matrix):
        for j in range(i):
            if not row[j]:
                continue
            factor = row[j] / matrix[j][j]
            row[j] = 0.0
            rhs[i] -= factor * rhs[j]
            pivot_row = matrix[j]
            row[j + 1 :] = [
                a - factor * b for a, b in zip(row[j + 1 :], pivot_row[j + 1 :], strict=True)
            ]
        if abs(row[i]) < _SINGULAR:
            return None
    x = [0.0] * size
    for i in range(size - 1, -1, -1):
        solved = matrix[i]
        rest = math.fsum(solved[c] * x[c] for c in range(i + 1, size) if solved[c])
        x[i] = (rhs[i] - rest) / solved[i]
    return x
