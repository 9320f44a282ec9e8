"""How much of a big journey a drawing shows: a poster's worth, simplified by traffic.

A journey mined from a real log has more touchpoints and ways than a poster or
a process map can show readably. The drawing renderers (the grid and Graphviz)
take the options of :class:`Simplifying` (declared with :func:`simplify_option`
and :func:`slider_option`) and draw :func:`drawn`:

- ``touchpoints`` and ``transitions`` given: the journey simplified by
  :func:`journeykit.analysis.simplify` with them (a share of the traffic to
  keep, such as ``0.8``, or the top N, such as ``12``);
- else, with ``simplify="auto"`` (the default), a journey that measures its
  traffic (a transition with a ``count``, or a touchpoint with a ``traffic`` or
  ``visits`` metric: every mined journey) and holds more than a poster's worth
  (more than :data:`POSTER_TOUCHPOINTS` touchpoints or :data:`POSTER_WAYS` ways
  in its flow) is simplified to a poster's worth: the touchpoints carrying 90%
  of the traffic, at most :data:`POSTER_TOUCHPOINTS`, then the ways carrying
  85% of theirs, at most :data:`POSTER_WAYS`;
- else, or with ``simplify="off"``, the journey as it is.

Hand-made maps are drawn whole: they measure no traffic. The drawing says what
was left out (it reads :func:`journeykit.analysis.folded`).

Examples
--------
>>> import journeykit as jk
>>> from journeykit.renderers import graphviz
>>> from journeykit.renderers._fit import drawn
>>> stages = [jk.Stage(name="S", touchpoints=[f"T{i}" for i in range(30)])]
>>> ways = [jk.Transition(source=f"t{i}", target=f"t{i + 1}", count=100 - i) for i in range(29)]
>>> j = jk.Journey(title="Big", stages=stages, transitions=ways, linear=False)
>>> def kept(**options):
...     return len(drawn(j, graphviz.GraphvizRenderer.Options(**options)).touchpoints)
>>> kept(), kept(simplify="off"), kept(touchpoints=10)
(24, 30, 10)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from journeykit import figures, i18n, validators
from journeykit.errors import ValidationError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = [
    "POSTER_TOUCHPOINTS",
    "POSTER_WAYS",
    "SIMPLIFY",
    "Simplifying",
    "caption",
    "drawn",
    "simplify_option",
    "slider_option",
]

#: More touchpoints than this, and a journey that measures its traffic is simplified.
POSTER_TOUCHPOINTS = 24
#: More ways in the flow than this (transitions and implied steps), likewise.
POSTER_WAYS = 48
#: The choices of the ``simplify`` option.
SIMPLIFY: tuple[Literal["auto", "off"], ...] = ("auto", "off")
# The shares of traffic a poster keeps, before the caps above.
_POSTER_SHARES = (0.9, 0.85)


def _amount(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check ``touchpoints``/``transitions``: None, or what ``analysis.simplify`` takes."""
    if value is None:
        return
    from journeykit.analysis.simplify import amount

    amount(attribute.name, value)
    if getattr(instance, "simplify", "auto") == "off":
        raise ValidationError.single(
            "simplify", f"is off, but {attribute.name} asks to simplify: give one or the other"
        )


def simplify_option() -> Any:
    """The ``simplify`` option of a drawing's options class: ``auto`` or ``off``."""
    return attrs.field(default="auto", validator=validators.one_of(SIMPLIFY))


def slider_option() -> Any:
    """A ``touchpoints`` or ``transitions`` option: None, a share of the traffic or a top N."""
    return attrs.field(default=None, validator=_amount)


class Simplifying(Protocol):
    """The options of a drawing that simplifies big journeys by traffic (see the module).

    Attributes
    ----------
    simplify:
        ``auto`` (simplify a journey that measures its traffic and holds more
        than a poster's worth) or ``off`` (draw every touchpoint and way).
    touchpoints:
        Keep the touchpoints carrying this share of the traffic (``0.8``), or
        the N busiest (``12``); None: as ``simplify`` says.
    transitions:
        Keep the ways carrying this share of their traffic, or the N busiest;
        None: as ``simplify`` says.
    """

    @property
    def simplify(self) -> Literal["auto", "off"]: ...
    @property
    def touchpoints(self) -> float | None: ...
    @property
    def transitions(self) -> float | None: ...


def drawn(journey: Journey, options: Simplifying) -> Journey:
    """Return the journey to draw: as the options say, simplified or whole."""
    from journeykit.analysis import simplify
    from journeykit.analysis._fold import chosen

    if (options.touchpoints, options.transitions) != (None, None):
        return simplify(
            journey,
            touchpoints=1.0 if options.touchpoints is None else options.touchpoints,
            transitions=1.0 if options.transitions is None else options.transitions,
        )
    if options.simplify == "off" or not _measured(journey) or not _too_big(journey):
        return journey
    share, ways = _POSTER_SHARES
    kept = None
    # When the share needs more touchpoints than a poster holds before they are even
    # connected, its journey (70k touchpoints of a 100k-activities log) is not built at all.
    if chosen(journey, share) <= POSTER_TOUCHPOINTS:
        kept = simplify(journey, touchpoints=share)
    if kept is None or len(kept.touchpoints) > POSTER_TOUCHPOINTS:
        kept = simplify(journey, touchpoints=POSTER_TOUCHPOINTS)
    fewer = simplify(kept, transitions=ways)
    if len(fewer.graph.directions) > POSTER_WAYS:
        fewer = simplify(kept, transitions=POSTER_WAYS)
    return fewer


def _measured(journey: Journey) -> bool:
    """Whether the journey counts its traffic, as mined journeys do."""
    return any(t.count is not None for t in journey.transitions) or any(
        "traffic" in t.metrics or "visits" in t.metrics for t in journey.touchpoints
    )


def _too_big(journey: Journey) -> bool:
    return (
        len(journey.touchpoints) > POSTER_TOUCHPOINTS or len(journey.graph.directions) > POSTER_WAYS
    )


def caption(journey: Journey, lang: str) -> str:
    r"""What a simplified journey left out (:func:`journeykit.analysis.folded`); "" when nothing.

    In the catalogue's ``fit.*`` words.

    Examples
    --------
    >>> import journeykit as jk
    >>> record = {"touchpoints": 0, "transitions": 12, "moves": 30, "of_moves": 1000}
    >>> caption(jk.Journey(title="T", metadata={"simplified": record}), "en")
    '12 rarer flows, 3% of moves, not drawn'
    >>> record["touchpoints"] = 1
    >>> spanish = caption(jk.Journey(title="T", metadata={"simplified": record}), "es")
    >>> spanish.split(" y ")[0], spanish.split(", ")[-1]
    ('Sin dibujar: 1 punto de contacto menos frecuente', 'el 3\xa0% de los movimientos')
    >>> caption(jk.Journey(title="T"), "en")
    ''
    """
    from journeykit.analysis import folded

    record = folded(journey)
    if record is None:
        return ""
    parts = [
        i18n.plural(f"fit.{key}", n, lang)
        for key, n in (("touchpoints", record.touchpoints), ("transitions", record.transitions))
        if n
    ]
    if not parts:
        return ""
    what = i18n.message("fit.and", lang).join(parts)
    if record.share is not None:
        what += ", " + i18n.message("fit.moves", lang, share=figures.percent(record.share, lang))
    return i18n.message("fit.not_drawn", lang, what=what)
