r"""The one text-cleaning rule of every renderer: what a map's text becomes before it is escaped.

The model keeps control characters and lone surrogates out of every text
(:func:`journeykit.validators.printable`); a renderer still cleans each text
it draws, so that its output holds only what SVG, DOT, Markdown and Mermaid
can carry, whatever it is given. :func:`clean` is that rule, used by the
grid, Graphviz, Markdown and Mermaid renderers alike:

- every line break (``\r\n``, ``\r``, U+0085, U+2028, U+2029, vertical tab,
  form feed, U+001C..U+001E) becomes ``\n``, and a tab a space;
- other control characters, unpaired surrogates and the 66 Unicode
  non-characters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, the last two code points
  of every plane) are dropped: XML 1.0 cannot hold U+FFFE and U+FFFF
  (``dot`` refuses them), and the others are never meant to be shown;
- the text is composed (NFC), so that "e" followed by a combining accent
  is measured, wrapped and compared as "é".

Clean first, then escape: composing can make characters that markup gives a
meaning to (U+037E GREEK QUESTION MARK composes to ``;``, U+1FEF to a
backtick), so the escaping must see the composed text.

Examples
--------
>>> clean("Pago\x00 con\ttarjeta\x1b[31m")
'Pago con tarjeta[31m'
>>> clean("Cafe\u0301\ufffe\r\nfin\u2028")
'Café\nfin\n'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean"]

# Every character Python (and so a reader splitting lines) takes as a line end.
_LINE_BREAK = re.compile("\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
# What no output may hold: control characters (tab and line feed are handled
# apart), unpaired surrogates and the non-characters.
_UNWANTED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NON_CHARACTERS}]")
# What the rule changes in ASCII text (which is composed already): controls and tabs.
_ASCII_CHANGED = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    r"""Return ``text`` ready to escape for any output: one kind of line break, nothing unshowable.

    Line breaks become ``\n`` (they separate paragraphs when wrapping), tabs
    become spaces, control characters, unpaired surrogates and non-characters
    are dropped, and the text is composed (NFC).

    Examples
    --------
    >>> clean("a\u2029b\tc\U0010ffff")
    'a\nb c'
    >>> clean("Cafe\u0301") == "Café"
    True
    """
    if text.isascii() and not _ASCII_CHANGED.search(text):
        return text  # the common case: nothing to change
    text = _LINE_BREAK.sub("\n", text).replace("\t", " ")
    return unicodedata.normalize("NFC", _UNWANTED.sub("", text))
