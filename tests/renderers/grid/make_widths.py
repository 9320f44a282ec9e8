"""Build ``journeykit/renderers/grid/_widths.py``, the advance widths of DejaVu Sans.

The grid measures text with this committed table, so it needs no font library at
run time. Regenerate it (needs ``fontTools``, a development-only tool) with::

    JOURNEYKIT_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/renderers/grid/test_text.py

``test_text.py`` checks that the committed table matches the installed font.
"""

from __future__ import annotations

from pathlib import Path

FONTS = {
    "regular": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
# The blocks map text is written in: Latin, Greek, Cyrillic, Hebrew, Arabic, punctuation,
# currency, arrows, mathematical operators, shapes, symbols and dingbats.
BLOCKS = (
    (0x20, 0x24F),
    (0x370, 0x52F),
    (0x590, 0x6FF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x22FF),
    (0x25A0, 0x27BF),
)
TARGET = Path(__file__).parents[3] / "src" / "journeykit" / "renderers" / "grid" / "_widths.py"


def runs(path: Path) -> tuple[int, list[tuple[int, list[int]]]]:
    """The font's units per em and its advance widths as runs of consecutive code points."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped, import-not-found, unused-ignore]

    font = TTFont(str(path))
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    found: list[tuple[int, list[int]]] = []
    for low, high in BLOCKS:
        for code in range(low, high + 1):
            glyph = cmap.get(code)
            if glyph is None:
                continue
            width = int(metrics[glyph][0])
            if found and found[-1][0] + len(found[-1][1]) == code:
                found[-1][1].append(width)
            else:
                found.append((code, [width]))
    return int(font["head"].unitsPerEm), found


def source() -> str:
    """The text of ``_widths.py``."""
    lines = [
        '"""Advance widths of DejaVu Sans (regular and bold), generated: do not edit.',
        "",
        "Made by ``tests/renderers/grid/make_widths.py`` from the font files with fontTools.",
        "Each run is a first code point and the widths of the code points that follow it,",
        "in font units, written as space-separated numbers.",
        '"""',
        "",
    ]
    units = set()
    for style, path in FONTS.items():
        per_em, found = runs(path)
        units.add(per_em)
        lines.append(f"{style.upper()}: tuple[tuple[int, str], ...] = (")
        for start, widths in found:
            text = " ".join(str(w) for w in widths)
            chunks = []
            while text:
                cut = len(text) if len(text) <= 80 else text.rindex(" ", 0, 80) + 1
                chunks.append(text[:cut])
                text = text[cut:]
            lines.append(f"    (\n        0x{start:04X},")
            lines.extend(f'        "{chunk}"' for chunk in chunks)
            lines.append("    ),")
        lines.append(")")
    (per_em,) = units
    lines.insert(7, f"UNITS_PER_EM = {per_em}\n")
    return "\n".join(lines) + "\n"


def write() -> None:
    """Write the table and format it the way the rest of the code is formatted."""
    import subprocess
    import sys

    TARGET.write_text(source(), encoding="utf-8")
    ruff = Path(sys.executable).with_name("ruff")
    subprocess.run([str(ruff), "format", "--quiet", str(TARGET)], check=True)


if __name__ == "__main__":
    write()
