"""Journeys the grid tests, images and benchmarks share: small ones, generated and mined ones."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import attrs

import journeykit as jk

_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

_CHANNELS = (
    "social",
    "search",
    "web",
    "email",
    "phone",
    "in-person",
    "app",
    "review-sites",
    "chat",
)
_VERBS = ("Compares", "Reads", "Asks about", "Signs up for", "Pays for", "Waits for", "Returns")
_THINGS = ("the plans", "the delivery", "a discount", "the reviews", "the invoice", "support")
_STAGES = ("Awareness", "Consideration", "Purchase", "Onboarding", "Use", "Renewal", "Advocacy")


def big(touchpoints: int, *, stages: int = 0, personas: int = 1) -> jk.Journey:
    """A deterministic journey of ``touchpoints`` touchpoints, with loops, skips and exits.

    ``stages`` defaults to about one stage per 12 touchpoints; with ``personas`` > 1,
    each touchpoint carries one emotion per persona.
    """
    stage_count = stages or max(1, min(60, touchpoints // 12))
    people = [jk.Persona(id=f"p{i}", name=f"Persona {i + 1}") for i in range(personas)]
    made: list[list[jk.Touchpoint]] = [[] for _ in range(stage_count)]
    for i in range(touchpoints):
        emotion = ((i * 7) % 5) - 2
        made[i * stage_count // touchpoints].append(
            jk.Touchpoint(
                id=f"t{i}",
                name=f"{_VERBS[i % len(_VERBS)]} {_THINGS[(i // 3) % len(_THINGS)]} ({i})",
                channel=_CHANNELS[i % len(_CHANNELS)],
                action="Looks for the answer on the site" if i % 3 == 0 else "",
                thought="Is this worth it?" if i % 4 == 1 else "",
                emotion=emotion if i % 11 else None,
                emotions={p.id: ((i + 2 * k) * 3 % 5) - 2 for k, p in enumerate(people)}
                if personas > 1
                else {},
                pain_points=["Slow page"] if emotion < 0 else [],
                owner=("Marketing", "Sales", "Support")[i % 3],
                metrics={"traffic": max(0, 10_000 - i)} if i % 5 == 0 else {},
                visibility="backstage" if i % 17 == 16 else "frontstage",
            )
        )
    transitions = []
    for i in range(5, touchpoints, 9):
        transitions.append(
            jk.Transition(source=f"t{i}", target=f"t{i - 3}", kind="return", label="goes back")
        )
    for i in range(2, touchpoints - 4, 13):
        transitions.append(jk.Transition(source=f"t{i}", target=f"t{i + 3}", kind="skip"))
    for i in range(7, touchpoints, 23):
        transitions.append(jk.Transition(source=f"t{i}", kind="exit", label="gives up"))
    return jk.Journey(
        title=f"A journey of {touchpoints} touchpoints",
        personas=people,
        goal="Show that large maps stay legible",
        stages=[
            jk.Stage(
                id=f"s{k}",
                name=f"{_STAGES[k % len(_STAGES)]} {k // len(_STAGES) + 1}",
                touchpoints=points,
            )
            for k, points in enumerate(made)
        ],
        transitions=transitions,
    )


def flowers() -> jk.Journey:
    """Small, English, one persona: every lane, a skip, a return, an exit and a backstage step."""
    return jk.Journey(
        title="Sending flowers for a birthday",
        persona=jk.Persona(
            name="Ana Ruiz",
            age=41,
            role="Nurse, lives far from her mother",
            quote="I just want them to arrive on the day.",
            goals=["Flowers delivered on the birthday"],
            frustrations=["Hidden delivery fees"],
            channels=["search", "web", "email"],
        ),
        goal="Find out why buyers abandon the checkout",
        scenario="Ana remembers the birthday two days before.",
        stages=[
            jk.Stage(
                name="Discovery",
                goal="Find a shop that delivers in time",
                touchpoints=[
                    jk.Touchpoint(
                        name="Sees a Google ad",
                        channel="search",
                        action="Searches for same-day flowers",
                        thought="Can they deliver by Friday?",
                        emotion=1,
                        owner="Marketing",
                        metrics={"traffic": 5400},
                    ),
                    jk.Touchpoint(
                        name="Browses roses and tulips",
                        channel="web",
                        action="Filters by price and delivery date",
                        emotion=0,
                        opportunities=["Show the delivery date on every bouquet"],
                        owner="Digital",
                    ),
                ],
            ),
            jk.Stage(
                name="Purchase",
                goal="Pay without surprises",
                touchpoints=[
                    jk.Touchpoint(
                        name="Checks out",
                        channel="web",
                        action="Enters the address and pays",
                        thought="Why is delivery 12 euros?",
                        emotion=-2,
                        pain_points=["Delivery fee shown only at the end", "Card form resets"],
                        opportunities=["Show the fee on the product page"],
                        owner="Digital",
                        metrics={"conversion": 0.42, "csat": 2.1},
                    ),
                    jk.Touchpoint(
                        name="Florist prepares the bouquet",
                        channel="backoffice",
                        visibility="backstage",
                        owner="Operations",
                    ),
                ],
            ),
            jk.Stage(name="Follow-up", goal="Know it arrived"),
            jk.Stage(
                name="Delivery",
                touchpoints=[
                    jk.Touchpoint(
                        name="Gets the delivery photo",
                        channel="email",
                        thought="She loved them!",
                        emotion=2,
                        moment_of_truth=True,
                        happy_moments=["A photo of her mother with the flowers"],
                        owner="Customer care",
                        metrics={"nps": 64},
                    )
                ],
            ),
        ],
        transitions=[
            jk.Transition(source="checks-out", kind="exit", label="abandons the cart"),
            jk.Transition(
                source="checks-out",
                target="browses-roses-and-tulips",
                kind="return",
                label="looks for a cheaper bouquet",
            ),
            jk.Transition(source="sees-a-google-ad", target="checks-out", kind="skip"),
        ],
    )


def measured() -> jk.Journey:
    """:func:`flowers` with measured flows: shares and counts that the flow labels print."""
    journey = flowers()
    # The exit, the return and the skip of flowers(), in that order.
    figures: list[tuple[float | None, int]] = [(0.58, 290), (0.12, 60), (None, 35)]
    transitions = [
        attrs.evolve(transition, probability=probability, count=count)
        for transition, (probability, count) in zip(journey.transitions, figures, strict=True)
    ]
    long = "closes the tab after comparing every bouquet with the florist down the road"
    transitions.append(
        jk.Transition(source="browses-roses-and-tulips", kind="exit", label=long, probability=0.2)
    )
    return attrs.evolve(journey, title="Sending flowers, measured", transitions=transitions)


def sally() -> jk.Journey:
    """Small, in Spanish: lane titles and labels come out in Spanish."""
    return jk.Journey(
        title="Sally elige una herramienta de tareas",
        lang="es",
        persona=jk.Persona(name="Sally", quote="Necesito solucionar este problema."),
        stages=[
            jk.Stage(
                name="Reconocimiento",
                goal="Entender qué necesita",
                touchpoints=[
                    jk.Touchpoint(
                        name="Ve un anuncio en redes sociales",
                        channel="redes-sociales",
                        thought="Este producto parece interesante.",
                        emotion=1,
                    ),
                ],
            ),
            jk.Stage(
                name="Consideración",
                touchpoints=[
                    jk.Touchpoint(
                        name="Compara con otras herramientas",
                        channel="web",
                        questions=["¿Qué herramienta se adapta mejor a mis necesidades?"],
                        emotion=-1,
                        pain_points=["Demasiadas opciones parecidas"],
                        metrics={"importance": 5},
                    ),
                    jk.Touchpoint(
                        name="Se registra para una prueba gratuita",
                        channel="web",
                        emotion=1,
                        owner="Producto",
                    ),
                ],
            ),
        ],
        transitions=[
            jk.Transition(
                source="se-registra-para-una-prueba-gratuita",
                target="compara-con-otras-herramientas",
                kind="return",
                label="vuelve a comparar",
            )
        ],
    )


def team() -> jk.Journey:
    """Three personas, each with their own emotions: three curves and a legend."""
    people = [
        jk.Persona(id="ana", name="Ana"),
        jk.Persona(id="ben", name="Ben"),
        jk.Persona(id="caro", name="Caro"),
    ]
    scores = [(1, 0, 2), (-1, 0, 1), (-2, -1, 0), (2, 1, 1)]
    names = ["Hears about it", "Tries the demo", "Reads the price", "Signs up"]
    return jk.Journey(
        title="Choosing a team tool",
        personas=people,
        stages=[
            jk.Stage(
                name="Evaluate",
                touchpoints=[
                    jk.Touchpoint(
                        name=name,
                        emotions=dict(zip(("ana", "ben", "caro"), row, strict=True)),
                    )
                    for name, row in zip(names, scores, strict=True)
                ],
            )
        ],
    )


@functools.cache
def shop(events: int = 20_000) -> jk.Journey:
    """The online shop of ``examples/shop_events.py``, mined from ``events`` events.

    A real log's shape: 40 touchpoints, every transition counted, and far more
    skips, loops and exits than a row can draw.
    """
    if str(_EXAMPLES) not in sys.path:
        sys.path.insert(0, str(_EXAMPLES))
    from shop_events import generate  # an example script, found on the path set above

    return jk.mining.from_events(
        generate(events, seed=5),
        customer="customer_id",
        touchpoint="event",
        timestamp="ts",
        stage="stage",
        channel="channel",
        emotion="emotion",
    )
