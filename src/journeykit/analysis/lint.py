"""Lint: what a journey map is missing or gets wrong, with the place of each finding.

The rules (:data:`RULES`), each with its severity:

================================  ========  =====================================================
rule                              severity  finds
================================  ========  =====================================================
``no-touchpoints``                error     a map with no touchpoint at all
``closed-loop``                   error     a loop customers can enter but never leave
``unreachable``                   warning   a touchpoint no way leads to from the entries
``dead-end``                      warning   a touchpoint with no way on that is no exit
``empty-stage``                   warning   a stage with no touchpoints
``negative-without-opportunity``  warning   a negative touchpoint with no opportunity to improve
``missing-emotion``               info      a touchpoint with no emotion (for anyone)
``missing-owner``                 info      a touchpoint no team owns
================================  ========  =====================================================

Entries and exits follow :mod:`journeykit.graph`. Findings come in map
order (stage by stage, touchpoint by touchpoint), and in the order of the
table for one place.

Examples
--------
>>> import journeykit as jk
>>> from journeykit import analysis
>>> j = jk.Journey(title="T", stages=[
...     jk.Stage(name="Buy", touchpoints=[
...         jk.Touchpoint(name="Checkout", emotion=-2, owner="Web")]),
...     jk.Stage(name="Later")])
>>> for finding in analysis.lint(j):
...     print(finding)
warning negative-without-opportunity stages[0].touchpoints[0]: 'Checkout' feels negative (-2)
    and has no opportunity to improve it
warning empty-stage stages[1]: stage 'Later' has no touchpoints
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from journeykit import vocab
from journeykit.analysis._table import Table
from journeykit.analysis.loops import closed_loops
from journeykit.figures import signed
from journeykit.i18n import language, message
from journeykit.model import Journey, Touchpoint
from journeykit.validators import check_journey

__all__ = ["RULES", "Finding", "Severity", "lint"]

Severity = Literal["error", "warning", "info"]

_SEVERITY: Mapping[str, Severity] = {
    "no-touchpoints": "error",
    "closed-loop": "error",
    "unreachable": "warning",
    "dead-end": "warning",
    "empty-stage": "warning",
    "negative-without-opportunity": "warning",
    "missing-emotion": "info",
    "missing-owner": "info",
}
#: Every rule :func:`lint` checks, by id: its severity and what it finds (in
#: English; the catalogue's ``lint.rule.<rule>`` says it in each language).
RULES: Mapping[str, tuple[Severity, str]] = {
    rule: (severity, message(f"lint.rule.{rule}", "en")) for rule, severity in _SEVERITY.items()
}


@attrs.frozen(kw_only=True)
class Finding:
    """One lint finding: how bad, which rule, where, and what is wrong.

    Attributes
    ----------
    severity:
        ``error``, ``warning`` or ``info``.
    rule:
        The rule id (see :data:`RULES`).
    path:
        The field path of the place, such as ``stages[1].touchpoints[0]``.
    message:
        What is wrong, naming the touchpoint or stage.

    Examples
    --------
    >>> print(Finding(severity="info", rule="missing-owner", path="stages[0].touchpoints[1]",
    ...               message="'Pays' has no owner"))
    info missing-owner stages[0].touchpoints[1]: 'Pays' has no owner
    """

    severity: Severity
    rule: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} {self.path}: {self.message}"


def _finding(rule: str, path: str, lang: str, **values: object) -> Finding:
    text = message(f"lint.{rule}", lang, **values)
    return Finding(severity=_SEVERITY[rule], rule=rule, path=path, message=text)


def lint(journey: Journey, *, lang: str | None = None) -> Table[Finding]:
    """Return the findings of every rule in :data:`RULES`, in map order.

    The findings are a :class:`~journeykit.analysis.Table`: a list that shows
    as a table in a notebook and has ``to_frame()``. Their messages are in
    ``lang`` (one of :data:`journeykit.i18n.LANGUAGES`): by default the
    journey's own language when the catalogue has it, else English.

    Raises
    ------
    ValidationError
        When ``lang`` is no language of the catalogue.

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit import analysis
    >>> j = jk.Journey(title="T", linear=False, stages=[jk.Stage(name="S", touchpoints=[
    ...     jk.Touchpoint(name="A", emotion=0, owner="Web"),
    ...     jk.Touchpoint(name="B", emotion=0, owner="Web"),
    ...     jk.Touchpoint(name="C", emotion=0, owner="Web")])],
    ...     transitions=[jk.Transition(source="a", target="c")])
    >>> [(f.rule, f.path) for f in analysis.lint(j)]
    [('unreachable', 'stages[0].touchpoints[1]'), ('dead-end', 'stages[0].touchpoints[1]')]
    >>> analysis.lint(jk.Journey(title="Empty"))[0].rule
    'no-touchpoints'
    >>> print(analysis.lint(jk.Journey(title="Vacío", lang="es"))[0].message)
    el mapa no tiene puntos de contacto: añada alguno

    Notes
    -----
    Linear in the size of the journey.
    """
    check_journey(journey)
    spoken = language(lang, journey.lang)
    return Table(_findings(journey, spoken), row=Finding, topic="lint", lang=spoken)


@attrs.frozen
class _Flow:
    """What the journey's graph says of its touchpoints, for the rules on the flow."""

    reached: frozenset[str]
    dead: frozenset[str]
    loops: Mapping[str, tuple[str, ...]]  # a closed loop, by its first touchpoint


def _findings(journey: Journey, lang: str) -> Iterator[Finding]:
    if not journey.touchpoints:
        yield _finding("no-touchpoints", "stages", lang)
    view = journey.graph
    flow = _Flow(
        reached=view.reachable(view.entries),
        dead=frozenset(id for id in view.order if not view.adjacent[id]) - set(view.exits),
        loops={group[0]: group for group in closed_loops(journey)},
    )
    for s_index, stage in enumerate(journey.stages):
        if not stage.touchpoints:
            yield _finding("empty-stage", f"stages[{s_index}]", lang, name=repr(stage.name))
        for t_index, touchpoint in enumerate(stage.touchpoints):
            where = f"stages[{s_index}].touchpoints[{t_index}]"
            yield from _touchpoint_findings(touchpoint, where, lang, flow)


def _touchpoint_findings(
    touchpoint: Touchpoint, where: str, lang: str, flow: _Flow
) -> Iterator[Finding]:
    name = repr(touchpoint.name)
    loop = flow.loops.get(touchpoint.id)
    if loop is not None:
        members = ", ".join(repr(id) for id in loop[:5]) + (", ..." if len(loop) > 5 else "")
        yield _finding("closed-loop", where, lang, name=name, members=members)
    if touchpoint.id not in flow.reached:
        yield _finding("unreachable", where, lang, name=name)
    if touchpoint.id in flow.dead:
        yield _finding("dead-end", where, lang, name=name)
    emotion = touchpoint.emotion
    negative = emotion is not None and vocab.valence(emotion) == "negative"
    if emotion is not None and negative and not touchpoint.opportunities:
        score = signed(emotion, lang)
        yield _finding("negative-without-opportunity", where, lang, name=name, score=score)
    if emotion is None and not touchpoint.emotions:
        yield _finding("missing-emotion", where, lang, name=name)
    if not touchpoint.owner.strip():
        yield _finding("missing-owner", where, lang, name=name)
