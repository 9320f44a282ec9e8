"""Render the grid images of the docs (``docs/images/grid-*.png``) from the examples.

Run from the repository root after a change to the grid, then look at every image::

    .venv/bin/python -m tests.renderers.grid.make_images

Images are drawn with cairosvg, reduced to a 256-colour palette and compressed, so
they stay small in the repository.
"""

from __future__ import annotations

import io
from pathlib import Path

import attrs

import journeykit as jk
from journeykit._atomic import write_atomic
from tests.renderers.grid.journeys import big, shop, team

ROOT = Path(__file__).resolve().parents[3]
IMAGES = ROOT / "docs" / "images"


def _future(journey: jk.Journey) -> jk.Journey:
    """The designed future state: every negative touchpoint one point better."""
    stages = [
        attrs.evolve(
            stage,
            touchpoints=[
                attrs.evolve(t, emotion=t.emotion + 1)
                if t.emotion is not None and t.emotion < 0
                else t
                for t in stage.touchpoints
            ],
        )
        for stage in journey.stages
    ]
    return attrs.evolve(journey, state="future", stages=stages)


def images() -> dict[str, tuple[jk.Journey, dict[str, object]]]:
    """The images to make: file stem, journey and grid options."""
    car = jk.load(ROOT / "examples" / "car-purchase.yaml")
    return {
        "grid-car-purchase": (car, {}),
        "grid-sally-task-tool": (jk.load(ROOT / "examples" / "sally-task-tool.yaml"), {}),
        "grid-flower-delivery": (jk.load(ROOT / "examples" / "flower-delivery.yaml"), {}),
        "grid-website-contact": (jk.load(ROOT / "examples" / "website-contact.yaml"), {}),
        "grid-personas": (team(), {}),
        "grid-compare": (
            car,
            {
                "compare": _future(car),
                "lanes": ["touchpoints", "emotions", "pain_points", "opportunities"],
                "theme": "colorblind",
            },
        ),
        "grid-200-touchpoints": (big(200), {"compact": True, "simplify": "off"}),
        "grid-shop": (shop(), {"compact": True, "simplify": "off"}),  # a dense flow lane, whole
    }


def png(journey: jk.Journey, options: dict[str, object], scale: float) -> bytes:
    """The poster as a small palette PNG."""
    from PIL import Image

    data = jk.render(journey, "grid", output="png", scale=scale, **options)
    assert isinstance(data, bytes)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image = image.quantize(colors=256, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    """Write every image."""
    for stem, (journey, options) in images().items():
        scale = 0.6 if stem in {"grid-200-touchpoints", "grid-shop"} else 0.75
        data = png(journey, options, scale)
        write_atomic(IMAGES / f"{stem}.png", data)
        print(f"{stem}.png: {len(data) // 1024} KiB")


if __name__ == "__main__":
    main()
