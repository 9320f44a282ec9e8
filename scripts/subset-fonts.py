"""Make the web page's fonts: DejaVu Sans and DejaVu Sans Bold, cut to what maps show, as WOFF2.

The grid measures its text with the widths of DejaVu Sans, so the interactive
page (``journeykit render map.yaml -o map.html``) embeds that font to draw the
poster exactly as it was laid out. This script is run once, by hand, and its
output committed as package data with the fonts' licence beside it:

    .venv/bin/python scripts/subset-fonts.py

It reads Debian's fonts-dejavu-core (``/usr/share/fonts/truetype/dejavu/``)
and needs fonttools and brotli (both in the ``dev`` extra). Text outside the
subset is drawn in the reader's own fonts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/dejavu")
LICENCE = Path("/usr/share/doc/fonts-dejavu-core/copyright")
TARGET = ROOT / "src" / "journeykit" / "renderers" / "html" / "fonts"
FONTS = {"DejaVuSans.ttf": "dejavu-sans.woff2", "DejaVuSans-Bold.ttf": "dejavu-sans-bold.woff2"}
#: Latin, Latin-1, Latin Extended-A, general punctuation, arrows, and the symbols the
#: grid draws: the minus sign, the emotion markers and the exit cross. The page's
#: style sheet declares the same ranges (``unicode-range``).
RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2000, 0x206F),
    (0x2190, 0x21FF),
    (0x2212, 0x2212),
    (0x25A0, 0x25CF),
    (0x2715, 0x2715),
)


def subset(source: Path, target: Path) -> int:
    """Write the subset of ``source`` to ``target`` as WOFF2; return its size in bytes."""
    from fontTools import subset as fonttools_subset  # type: ignore[import-untyped]

    options = fonttools_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]  # keep the copyright and licence names
    options.notdef_outline = True
    options.hinting = False  # browsers hint themselves; hints are half of a font's size
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's time stamps
    font = fonttools_subset.load_font(str(source), options)
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in RANGES for c in range(low, high + 1)])
    subsetter.subset(font)
    # The source's own time stamps are kept: the same fonts always give the same bytes.
    fonttools_subset.save_font(font, str(target), options)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of DejaVu's TTF files")
    parser.add_argument("--out", type=Path, default=TARGET, help="folder to write the fonts to")
    args = parser.parse_args(argv)
    missing = [name for name in FONTS if not (args.source / name).is_file()]
    if missing:
        print(f"missing {', '.join(missing)} in {args.source}: apt install fonts-dejavu-core")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, made in FONTS.items():
        size = subset(args.source / name, args.out / made)
        print(f"{made}: {size:,} bytes")
    if LICENCE.is_file():
        (args.out / "LICENSE-DejaVu.txt").write_text(LICENCE.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
