"""Render every bundled example journey with every built-in renderer.

Writes ``build/maps/<example>.<ending>`` (and PNG pictures of the poster and
the Graphviz diagram) and prints a summary of each journey.

    python scripts/render_examples.py [--out FOLDER] [EXAMPLE.yaml ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import journeykit as jk
from journeykit._atomic import write_atomic

ROOT = Path(__file__).resolve().parent.parent
# Each built-in renderer, the options for each file it writes, and the file ending.
OUTPUTS: list[tuple[str, dict[str, str], str]] = [
    ("markdown", {}, ".md"),
    ("mermaid", {}, ".mmd"),
    ("graphviz", {}, ".dot"),
    ("graphviz", {"output": "svg"}, ".graphviz.svg"),
    ("graphviz", {"output": "png"}, ".graphviz.png"),
    ("grid", {}, ".svg"),
    ("grid", {"output": "png"}, ".png"),
    ("html", {}, ".html"),
]


def summary(journey: jk.Journey) -> str:
    returns = sum(t.kind == "return" for t in journey.transitions)
    exits = sum(t.kind == "exit" for t in journey.transitions)
    persona = journey.persona.name if journey.persona else "no persona"
    counts = ", ".join(
        _plural(n, word)
        for n, word in (
            (len(journey.stages), "stage"),
            (len(journey.touchpoints), "touchpoint"),
            (returns, "return"),
            (exits, "exit"),
        )
    )
    return f"{journey.title} ({persona}): {counts}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "examples", nargs="*", type=Path, help="journey files (default: examples/*.yaml)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "maps", help="output folder")
    args = parser.parse_args(argv)
    paths = args.examples or sorted((ROOT / "examples").glob("*.yaml"))
    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in paths:
        journey = jk.load(path)
        print(summary(journey))
        for name, options, ending in OUTPUTS:
            target = args.out / f"{path.stem}{ending}"
            write_atomic(target, jk.render(journey, name, **options))
            written += 1
            print(f"  {name:<9} -> {target}")
    print(f"{written} maps written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
