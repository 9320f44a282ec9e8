r"""What Mermaid's journey syntax means by white space, and the comment naming the personas.

Mermaid's lexer matches white space with JavaScript's ``\s``, which is not
Python's; the writer and the reader both need the same set. The personas
comment (``%% journeykit personas: ...``) is journeykit's own: Mermaid
ignores it, and the reader uses it to tell personas from owners.
"""

from __future__ import annotations

from typing import Final

__all__ = ["JS_SPACE_CHARS", "JS_SPACE_TRIM", "PERSONAS_HINT", "S"]

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
