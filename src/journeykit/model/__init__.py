"""The domain model: a journey, its personas, stages, touchpoints and transitions.

Every class is a frozen, slotted attrs value object: build it with keyword
arguments, change it with :func:`attrs.evolve`, compare it with ``==``.
Collections are tuples; a single text where a list is expected becomes a
one-item tuple, and a plain string where a :class:`Touchpoint` or
:class:`Stage` is expected becomes one with that name, so short maps stay short.

Rules that concern one field are checked when the object is built; rules that
concern the whole map (unique ids, transitions that point at existing
touchpoints, per-persona emotions for known personas) are checked when the
:class:`Journey` is built. Every failure is a :class:`~journeykit.ValidationError`
whose message names the field path and the rule.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(
...     title="Buying a car",
...     persona=jk.Persona(name="Daniela Vargas", age=32),
...     stages=[
...         jk.Stage(name="Awareness", touchpoints=[
...             jk.Touchpoint(name="Sees an ad", channel="social", emotion=1),
...         ]),
...         jk.Stage(name="Purchase", touchpoints=[
...             jk.Touchpoint(name="Signs the contract", channel="in-person", emotion=0),
...             jk.Touchpoint(name="Picks up the car", channel="in-person", emotion=2),
...         ]),
...     ],
... )
>>> [t.id for t in j.touchpoints]
['sees-an-ad', 'signs-the-contract', 'picks-up-the-car']
>>> j.persona.name
'Daniela Vargas'
>>> [(t.source, t.target) for t in j.flow][:1]
[('sees-an-ad', 'signs-the-contract')]
"""

from __future__ import annotations

from journeykit.model._ids import slugify
from journeykit.model._journey import Journey

# The tuples of choices stay importable from here (``as`` re-exports them) but out
# of __all__ and of the reference, as before: the Literal types document them.
from journeykit.model._kinds import EVIDENCE_KINDS as EVIDENCE_KINDS
from journeykit.model._kinds import (
    MAX_COUNT,
    MAX_MAGNITUDE,
    MAX_METADATA_DEPTH,
    MAX_PERSONAS,
    EvidenceKind,
    State,
    TransitionKind,
    Visibility,
)
from journeykit.model._kinds import STATES as STATES
from journeykit.model._kinds import TRANSITION_KINDS as TRANSITION_KINDS
from journeykit.model._kinds import VISIBILITIES as VISIBILITIES
from journeykit.model._parts import Evidence, Persona, Stage, Touchpoint, Transition

__all__ = [
    "MAX_COUNT",
    "MAX_MAGNITUDE",
    "MAX_METADATA_DEPTH",
    "MAX_PERSONAS",
    "Evidence",
    "EvidenceKind",
    "Journey",
    "Persona",
    "Stage",
    "State",
    "Touchpoint",
    "Transition",
    "TransitionKind",
    "Visibility",
    "slugify",
]
