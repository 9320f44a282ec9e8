"""Attribution: which touchpoints earn the conversions, and their value.

:func:`attribution` reads the paths customers took (a path table, the
export shape of ChannelAttribution and Google Analytics, or a list of
paths) or a journey mined with counts, and credits each channel with a
part of the conversions and of their value. The models:

``markov``
    Removal effects on the absorbing Markov chain of the paths (order 1 to
    4: a state is the last ``order`` channels), computed exactly by solving
    the chain's linear system once, and once more without each channel; no
    simulation (see Notes of :func:`attribution`).
``first``, ``last``, ``linear``
    All of a path's credit to its first step, its last, or equal parts to
    every step (a channel twice in a path gets two parts).
``position``
    U-shaped: 40% to the first step, 40% to the last, 20% split over the
    steps between; a path of two steps gives 50% to each, of one 100%.
``time_decay``
    Paths have no times, so the decay is in steps: a step ``d`` steps before
    the last weighs ``2 ** (-d / half_life)``, the weights scaled to 1.
``shapley``
    Exact Shapley values over coalitions of channels, the worth of a
    coalition being the conversion rates of the sets of channels seen
    within it (see :func:`attribution`).

Examples
--------
>>> from journeykit import analysis
>>> paths = [("Search > Email", 3, 1), ("Search", 0, 4), ("Email", 1, 1)]
>>> result = analysis.attribution(paths, model="last")
>>> [(row.channel, row.conversions, row.share) for row in result.rows]
[('Email', 4.0, 1.0), ('Search', 0.0, 0.0)]
>>> markov = analysis.attribution(paths)
>>> [(row.channel, round(row.removal_effect, 3), round(row.conversions, 3))
...  for row in markov.rows]
[('Email', 1.0, 2.4), ('Search', 0.667, 1.6)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import attrs

from journeykit import validators
from journeykit.analysis import _credit, _markov
from journeykit.analysis._table import Tabular
from journeykit.errors import ValidationError
from journeykit.model import Journey

__all__ = ["MODELS", "Attribution", "AttributionRow", "attribution"]

#: The attribution models, in the order the command line lists them.
MODELS = ("markov", "first", "last", "linear", "position", "time_decay", "shapley")
#: The highest Markov order: a state of ``order`` channels; beyond this, states are rarely seen.
MAX_ORDER = 4

Model = Literal["markov", "first", "last", "linear", "position", "time_decay", "shapley"]


@attrs.frozen(kw_only=True)
class AttributionRow:
    """What one channel earns.

    Attributes
    ----------
    channel:
        The channel (a path's step, a touchpoint id, or a touchpoint channel).
    removal_effect:
        The share of conversions lost without it (``markov`` only; None for
        the other models).
    conversions, value:
        The conversions and the conversion value it is credited with.
    share:
        ``conversions`` as a share of all the conversions (0 to 1).

    Examples
    --------
    >>> AttributionRow(channel="Email", removal_effect=None, conversions=2.0, value=80.0,
    ...                share=0.5).share
    0.5
    """

    channel: str
    removal_effect: float | None
    conversions: float
    value: float
    share: float


@attrs.frozen(kw_only=True)
class Attribution(Tabular):
    """The credit of each channel under one model, most conversions first.

    Shows as a table in a notebook; ``to_frame()`` gives the rows.

    Attributes
    ----------
    model, order:
        The model and its Markov order (1 for the other models).
    conversions, value:
        The total conversions and conversion value shared out: the rows add
        up to them.
    rows:
        One :class:`AttributionRow` per channel seen, by conversions (then
        by value, then by name).

    Examples
    --------
    >>> Attribution(model="last", order=1, conversions=0, value=0.0, rows=()).rows
    ()
    """

    model: str
    order: int
    conversions: int
    value: float
    rows: tuple[AttributionRow, ...]

    _parts = ("rows",)

    def _topic(self, part: str) -> str:
        return f"Attribution.{part}.markov" if self.model == "markov" else f"Attribution.{part}"


def attribution(  # noqa: PLR0913 (the models' keyword-only options)
    journey_or_paths: object,
    *,
    model: Model = "markov",
    order: int = 1,
    by: Literal["touchpoint", "channel"] = "touchpoint",
    half_life: float = 1.0,
    sep: str = " > ",
    goal: str | None = None,
) -> Attribution:
    """Credit each channel with a part of the conversions and of their value.

    Parameters
    ----------
    journey_or_paths:
        The paths: a path table (any dataframe narwhals reads, with a
        ``path`` column of steps joined by ``sep`` and ``conversions``,
        ``nulls``, ``customers``, ``value`` columns; read with
        :func:`journeykit.mining.read_paths`, whose rules apply; for other
        column names, read it yourself and pass the ``PathTable``), a
        sequence of ``(path, conversions[, nulls[, value]])`` (the path a text
        joined by ``sep`` or a sequence of steps), or a
        :class:`~journeykit.Journey` with transition counts (``markov`` at
        order 1 only, see Notes).
    model:
        One of :data:`MODELS` (see the module notes).
    order:
        The Markov order, 1 to 4: a state is the last ``order`` steps (a
        path shorter than that is one state, all of it).
    by:
        For a journey: ``touchpoint`` credits each touchpoint, ``channel``
        each touchpoint ``channel`` (touchpoints without one by their id).
        Paths are credited by their steps.
    half_life:
        For ``time_decay``: the steps over which a step's weight halves.
    sep:
        The separator of the steps in path texts.
    goal:
        For a journey: the id of the touchpoint where customers convert
        (default: the touchpoint ``conversion``, as
        :func:`journeykit.mining.from_paths` makes it, else the last one in
        journey order).

    Returns
    -------
    Attribution
        One row per channel seen; attributed conversions add up to the
        total conversions, values to the total value.

    Raises
    ------
    ValidationError
        For an unknown model or ``by``, an order outside 1 to 4, a half-life
        that is not above 0, no paths, a path with no steps, counts that are
        not whole numbers of at least 0 or a value that is not a finite
        number (naming the argument and the path), or a journey with no
        counts or asked for a model that needs paths.

    Examples
    --------
    >>> from journeykit import analysis
    >>> paths = [(["Ad", "Site", "Email"], 2, 0, 100.0)]
    >>> [(r.channel, r.conversions) for r in analysis.attribution(paths, model="position").rows]
    [('Ad', 0.8), ('Email', 0.8), ('Site', 0.4)]
    >>> analysis.attribution(paths, model="magic")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: model: must be one of markov, first, last, linear, \
position, time_decay, shapley, got 'magic'

    Notes
    -----
    **Markov.** A path seen by ``w = conversions + nulls`` customers adds
    ``w`` to each of its moves (from the start, between its states) and its
    conversions and nulls to the two absorbing ends (ChannelAttribution's
    chain). ``P`` is the probability of converting from the start; the
    removal effect of channel ``c`` is ``1 - P_c / P``, ``P_c`` solved with
    every state holding ``c`` sent to null; a channel gets
    ``conversions * effect / sum(effects)``. The value is shared out the
    same way, by the removal effects on the expected conversion value
    (each state's conversions carry the value of the paths ending there).
    The linear systems are solved exactly (up to rounding) by sparse
    elimination in pure Python: the cost grows with the states and moves
    seen (order 1: the channels), not with the customers. ChannelAttribution
    builds the same chain (self-loops left out) but simulates it: one run
    at ``nsim_start=1e6`` varies by up to about 2.5% per channel from seed
    to seed, and its walks stop after as many steps as the longest path
    (``max_step``), which undercounts conversions that take longer; its
    runs average to these figures (``benchmarks/attribution.py``).

    **A journey.** ``markov`` at order 1 on its counts: customers start at
    each touchpoint by ``metrics["entries"]``, move by the transitions'
    ``count`` (self-loops left out), convert when they reach the goal and
    drop out by the counts of ``exit`` transitions (else
    ``metrics["exits"]``) elsewhere. The value is the goal's
    ``metrics["value"]`` (0 without), shared by conversions. The rule-based
    models and ``shapley`` need paths and refuse a journey.

    **Shapley.** The worth of a coalition ``S`` is the sum of the
    conversion rates (conversions per customer) of the sets of channels
    ``T`` seen as paths' channels with ``T`` inside ``S``; with no
    non-converting customers in the table, the conversions instead. Such a
    worth is a sum of one unanimity game per ``T``, so the exact Shapley
    value of a channel is ``sum(rate(T) / len(T))`` over the ``T`` holding
    it: linear in the paths, with no limit on the channels (enumerating
    the ``2 ** n`` coalitions gives the same figures). The values are
    scaled to the total conversions; the value likewise, with the value
    per customer.
    """
    validators.check("model", model, validators.one_of(MODELS))
    validators.check("order", order, validators.number(1, MAX_ORDER, whole=True))
    validators.check("by", by, validators.one_of(("touchpoint", "channel")))
    validators.Range(0).check("half_life", half_life)
    if half_life <= 0:
        raise ValidationError.single("half_life", f"must be above 0, got {half_life!r}")
    if model != "markov" and order != 1:
        raise ValidationError.single("order", f"applies to the markov model only, not {model!r}")
    if isinstance(journey_or_paths, Journey):
        from journeykit.analysis._journey_chain import journey_chain

        if model != "markov" or order != 1:
            raise ValidationError.single(
                "model",
                f"{model!r} at order {order} needs the paths customers took; a journey holds "
                "only its transition counts: use markov at order 1, or give a path table",
            )
        chain, total, value = journey_chain(journey_or_paths, by=by, goal=goal)
        return _markov_result(chain, 1, total, value)
    if by != "touchpoint":
        raise ValidationError.single(
            "by", "'channel' groups a journey's touchpoints; a path's steps are its channels"
        )
    paths = _records(journey_or_paths, sep)
    total = sum(p[1] for p in paths)
    total_value = math.fsum(p[3] for p in paths)
    if model == "markov":
        return _markov_result(_markov.chain_of_paths(paths, order), order, total, total_value)
    if model == "shapley":
        credit, worth = _credit.shapley(paths)
    else:
        credit, worth = _credit.split(model, paths, half_life)
    return _result(
        model, order=1, total=total, value=total_value, credit=credit, worth=worth, effects=None
    )


def _markov_result(chain: _markov.Chain, order: int, total: int, value: float) -> Attribution:
    effects = _markov.removals(chain)
    conversion = {c: e.conversion for c, e in effects.items()}
    worth = {c: e.value for c, e in effects.items()}
    return _result(
        "markov",
        order=order,
        total=total,
        value=value,
        credit=_spread(conversion, total),
        worth=_spread(worth, value),
        effects=conversion,
    )


def _spread(effects: dict[str, float], total: float) -> dict[str, float]:
    whole = math.fsum(effects.values())
    if not whole:
        return dict.fromkeys(effects, 0.0)
    return {c: total * e / whole for c, e in effects.items()}


def _result(  # noqa: PLR0913 (the parts of a result, named)
    model: str,
    *,
    order: int,
    total: int,
    value: float,
    credit: dict[str, float],
    worth: dict[str, float],
    effects: dict[str, float] | None,
) -> Attribution:
    rows = [
        AttributionRow(
            channel=channel,
            removal_effect=None if effects is None else effects.get(channel, 0.0),
            conversions=credited,
            value=worth.get(channel, 0.0),
            share=min(1.0, max(0.0, credited / total)) if total else 0.0,
        )
        for channel, credited in credit.items()
    ]
    rows.sort(key=lambda r: (-r.conversions, -r.value, r.channel))
    return Attribution(model=model, order=order, conversions=total, value=value, rows=tuple(rows))


def _records(given: object, sep: str) -> Sequence[_credit.Record]:
    """The paths as ``(steps, conversions, nulls, value)``, checked."""
    from journeykit.analysis._paths_in import records

    return records(given, sep)
