r"""What Mermaid's journey syntax means by white space and scores, and the personas comment.

Mermaid's lexer matches white space with JavaScript's ``\s``, which is not
Python's, and reads a score with JavaScript's ``Number()``; the writer and the
reader both need the same rules. The personas comment (``%% journeykit
personas: ...``) is journeykit's own: Mermaid ignores it, and the reader uses
it to tell personas from owners.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

__all__ = ["JS_SPACE_CHARS", "JS_SPACE_TRIM", "PERSONAS_HINT", "S", "js_number"]

#: The start of the comment that names the personas, after ``%%``.
PERSONAS_HINT: Final = "journeykit personas:"

# JavaScript's \s, which Mermaid's lexer uses (Python's \s differs: it lacks
# U+FEFF and has U+001C..U+001F and U+0085).
_JS_SPACE: Final = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
#: JavaScript's ``\s`` as a regular expression's character class.
S: Final = f"[{_JS_SPACE}]"
#: The characters of JavaScript's ``\s``.
JS_SPACE_CHARS: Final = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
#: The same, as the argument of :meth:`str.strip`.
JS_SPACE_TRIM: Final = "".join(sorted(JS_SPACE_CHARS))

# JavaScript's StringToNumber grammar: a decimal literal (digits ASCII only, no "_"),
# or a hexadecimal, octal or binary integer without a sign.
_DECIMAL: Final = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_RADIX: Final = re.compile(r"0(?:([xX][0-9a-fA-F]+)|([oO][0-7]+)|([bB][01]+))")
_BASES: Final = (16, 8, 2)


def js_number(text: str) -> Decimal:
    """What JavaScript's ``Number(text)`` gives, exactly: Mermaid reads a task's score so.

    Blank text is 0, and text that is not a number is NaN.

    Examples
    --------
    >>> [str(js_number(t)) for t in (" 4 ", "3.50", "0x3", "1e0", "", "2rem", "X", "-Infinity")]
    ['4', '3.50', '3', '1', '0', 'NaN', 'NaN', '-Infinity']
    """
    text = text.strip(JS_SPACE_TRIM)
    if not text:
        return Decimal(0)
    if _DECIMAL.fullmatch(text):
        return Decimal(text)
    radix = _RADIX.fullmatch(text)
    if radix:
        index = next(i for i, digits in enumerate(radix.groups()) if digits)
        return Decimal(int(radix[index + 1][1:], _BASES[index]))
    return Decimal("NaN")
