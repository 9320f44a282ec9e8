"""Build the flower-delivery journey in Python: the same map as flower-delivery.yaml.

The seed: a shop that delivers flowers measures the experience from the moment
a person sees its Google ad, through the site and the search for roses, tulips
or sunflowers, to checkout and the follow-up after the sale. Only about 40% of
carts are paid for; an abandonment email brings some customers back.

Run it to print the journey as YAML, or with ``--write`` to refresh
``flower-delivery.yaml`` beside it::

    python examples/flower_delivery.py --write
"""

from __future__ import annotations

import sys
from pathlib import Path

import journeykit as jk
from journeykit import Stage, Touchpoint, Transition


def build() -> jk.Journey:
    """Return the flower-delivery journey."""
    return jk.Journey(
        title="Ordering flowers online",
        persona=jk.Persona(
            name="Lucía Gómez",
            age=28,
            role="Designer, sends flowers for birthdays",
            quote="I want them to arrive on the day, looking like the photo.",
            goals=["Surprise her mother on her birthday"],
            frustrations=["Delivery fees that appear at the end"],
            channels=["search", "web", "email"],
        ),
        goal="Find out where buyers drop off between the ad and a delivered bouquet",
        stages=[
            Stage(
                name="Discovery",
                touchpoints=[
                    Touchpoint(
                        name="Sees the Google ad",
                        channel="ads",
                        emotion=1,
                        owner="Marketing",
                        metrics={"traffic": 20000},
                    ),
                    Touchpoint(name="Lands on the shop", channel="web", emotion=0, owner="Digital"),
                ],
            ),
            Stage(
                name="Choice",
                touchpoints=[
                    Touchpoint(
                        name="Searches roses, tulips and sunflowers",
                        channel="web",
                        thought="Which of these will last the longest?",
                        emotion=1,
                        happy_moments=["Photos of real deliveries"],
                    ),
                    Touchpoint(
                        name="Adds a bouquet to the cart",
                        channel="web",
                        emotion=1,
                        metrics={"traffic": 5200},
                    ),
                ],
            ),
            Stage(
                name="Purchase",
                touchpoints=[
                    Touchpoint(
                        id="checkout",
                        name="Checks out",
                        channel="web",
                        thought="Why is delivery so expensive?",
                        emotion=-2,
                        pain_points=["Delivery fee shown only at the last step", "Forced sign-up"],
                        opportunities=[
                            "Show the delivery fee on the product page",
                            "Guest checkout",
                        ],
                        owner="Digital",
                        metrics={"traffic": 5200, "conversion": 0.4, "importance": 5},
                    ),
                    Touchpoint(
                        id="abandonment-email",
                        name="Gets a cart reminder email",
                        channel="email",
                        emotion=0,
                        owner="CRM",
                    ),
                    Touchpoint(name="Pays", channel="web", emotion=0, owner="Digital"),
                ],
            ),
            Stage(
                name="Delivery",
                touchpoints=[
                    Touchpoint(
                        name="Florist prepares the bouquet",
                        channel="backoffice",
                        visibility="backstage",
                        owner="Operations",
                    ),
                    Touchpoint(
                        name="Bouquet is delivered",
                        channel="delivery",
                        thought="She loved them!",
                        emotion=2,
                        moment_of_truth=True,
                        owner="Logistics",
                    ),
                ],
            ),
            Stage(
                name="Follow-up",
                touchpoints=[
                    Touchpoint(
                        name="Receives a follow-up email",
                        channel="email",
                        emotion=0,
                        owner="CRM",
                        metrics={"nps": 35},
                    ),
                    Touchpoint(
                        name="Leaves a review",
                        channel="review-sites",
                        emotion=1,
                        controlled=False,
                    ),
                ],
            ),
        ],
        transitions=[
            Transition(
                source="checkout",
                target="abandonment-email",
                kind="next",
                label="abandons the cart",
                probability=0.6,
            ),
            Transition(
                source="checkout", target="pays", kind="skip", label="pays at once", probability=0.4
            ),
            Transition(
                source="abandonment-email",
                target="checkout",
                kind="return",
                label="comes back to the cart",
                probability=0.3,
            ),
            Transition(
                source="abandonment-email", kind="exit", label="ignores the email", probability=0.7
            ),
        ],
    )


if __name__ == "__main__":
    journey = build()
    if sys.argv[1:] == ["--write"]:
        jk.dump(journey, Path(__file__).with_name("flower-delivery.yaml"))
    else:
        print(jk.dumps(journey), end="")
