"""Small journeys shared by the analysis tests."""

from __future__ import annotations

import journeykit as jk
from tests.conftest import ROOT


def example(name: str) -> jk.Journey:
    return jk.load(ROOT / "examples" / f"{name}.yaml")


def line(
    *names: str | jk.Touchpoint, transitions: tuple[jk.Transition, ...] = (), linear: bool = True
) -> jk.Journey:
    """One stage, touchpoints named A, B, C... with ids a, b, c..."""
    return jk.Journey(
        title="Line",
        stages=[jk.Stage(name="S", touchpoints=list(names))],
        transitions=transitions,
        linear=linear,
    )


def dense(n: int, *, weighted: bool = False) -> jk.Journey:
    """A complete digraph: every touchpoint leads to every other one."""
    return jk.Journey(
        title="Dense",
        linear=False,
        stages=[
            jk.Stage(
                name="S",
                touchpoints=[
                    jk.Touchpoint(id=f"t{i}", name=f"T{i}", emotion=i % 5 - 2) for i in range(n)
                ],
            )
        ],
        transitions=[
            jk.Transition(
                source=f"t{i}", target=f"t{k}", weight=1 + (i * k) % 7 if weighted else None
            )
            for i in range(n)
            for k in range(n)
            if i != k
        ],
    )


def cart() -> jk.Journey:
    """Flowers: an abandoned cart brought back by an email."""
    return jk.Journey(
        title="Flowers",
        stages=[
            jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Ad", emotion=1, owner="Ads")]),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(name="Cart", emotion=-2, pain_points=["Fees", "Slow", "Login"]),
                    jk.Touchpoint(name="Email", emotion=0, owner="CRM"),
                    jk.Touchpoint(name="Pays", emotion=1, owner="Web"),
                ],
            ),
        ],
        transitions=[
            jk.Transition(source="cart", target="email", probability=0.6),
            jk.Transition(source="cart", target="pays", kind="skip", probability=0.4),
            jk.Transition(source="email", target="cart", kind="return", probability=0.3),
            jk.Transition(source="email", kind="exit", probability=0.7),
        ],
    )


def counted() -> jk.Journey:
    """A map as mining builds one: 7 customers at A, 5 go on to C, 2 to B, where they leave.

    Journey order is A, B, C; the main path (the most travelled) is A, C.
    """
    return line(
        jk.Touchpoint(name="A", emotion=2, metrics={"entries": 7, "exits": 0}),
        jk.Touchpoint(name="B", emotion=-2, metrics={"entries": 0, "exits": 2}),
        jk.Touchpoint(name="C", emotion=-1, metrics={"entries": 0, "exits": 5}),
        transitions=(
            jk.Transition(source="a", target="b", kind="next", count=2, probability=2 / 7),
            jk.Transition(source="a", target="c", kind="skip", count=5, probability=5 / 7),
            jk.Transition(source="b", kind="exit", count=2, probability=1.0),
            jk.Transition(source="c", kind="exit", count=5, probability=1.0),
        ),
        linear=False,
    )
