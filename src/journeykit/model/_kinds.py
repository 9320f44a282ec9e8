"""The closed choices of the model: visibilities, transition kinds, evidence kinds, states.

And its limits: how many personas, how large a number, how deep the metadata.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "EVIDENCE_KINDS",
    "MAX_COUNT",
    "MAX_MAGNITUDE",
    "MAX_METADATA_DEPTH",
    "MAX_PERSONAS",
    "STATES",
    "TRANSITION_KINDS",
    "VISIBILITIES",
    "EvidenceKind",
    "State",
    "TransitionKind",
    "Visibility",
]

#: Where a touchpoint happens: seen by the customer, out of sight, or in supporting systems.
Visibility = Literal["frontstage", "backstage", "support"]
#: What a transition means: the expected step, a jump ahead, a way back, or leaving.
TransitionKind = Literal["next", "skip", "return", "exit"]
#: How a fact is known: said by someone, seen in data, or guessed by the team.
EvidenceKind = Literal["stated", "observed", "inferred"]
#: Whether a map shows today's experience or the designed one.
State = Literal["current", "future"]

VISIBILITIES: tuple[Visibility, ...] = ("frontstage", "backstage", "support")
TRANSITION_KINDS: tuple[TransitionKind, ...] = ("next", "skip", "return", "exit")
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("stated", "observed", "inferred")
STATES: tuple[State, ...] = ("current", "future")

#: How many personas one map may follow (each can have its own emotion per touchpoint).
MAX_PERSONAS = 5

#: The largest ``count`` a transition may give: 10**15 customers. Every count up to it is
#: exact as a float, so shares, JSON readers in every language and every renderer show it.
MAX_COUNT = 10**15

#: The largest size of any other number on a map, either sign: metrics (standard ones have
#: their own, smaller ranges), weights and numbers in metadata. 10**15, exact as a float.
MAX_MAGNITUDE = 10**15

#: How deeply a map's metadata may nest, counting each mapping and list inside another.
MAX_METADATA_DEPTH = 20
