"""Reading, first step: Mermaid 11's preprocessing and journey lexer, ported rule for rule.

:func:`preprocess` does what Mermaid does before it parses (front matter,
directives, comments, entity codes), noting the title and personas it reads
on the way; :func:`tokens` is Mermaid's lexer over the result, and
:func:`shown` the text a browser shows for a token, as Mermaid draws it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from journeykit.errors import FormatError
from journeykit.formats.mermaid._front import cut_front_matter
from journeykit.formats.mermaid._syntax import JS_SPACE_CHARS, JS_SPACE_TRIM, PERSONAS_HINT, S

__all__ = ["Prepared", "Token", "preprocess", "shown", "tokens"]

# Mermaid swaps entity codes for these markers before parsing and swaps them back
# into HTML entities in the SVG it draws (encodeEntities / decodeEntities).
_NUMERIC_MARK = "\ufb02\u00b0\u00b0"
_NAMED_MARK = "\ufb02\u00b0"
_END_MARK = "\u00b6\u00df"
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")
_NOT_LINE_END = r"[^\n\r\u2028\u2029]"  # JavaScript's "."
_DIRECTIVE = re.compile(
    rf"%{{2}}{{{S}*(?:([A-Za-z0-9_]+){S}*:|([A-Za-z0-9_]+)){S}*"
    rf"(?:([A-Za-z0-9_]+)|((?:(?!}}%{{2}}){_NOT_LINE_END}|\r?\n)*))?{S}*(?:}}%{{2}})?",
    re.IGNORECASE,
)

# Mermaid's lexer rules in order, as (pattern, token); a None token is skipped.
# jison takes the first rule that matches, as a regex alternation does, so they
# are joined into one pattern with a group per rule.
_RULES: Final[Sequence[tuple[str, str | None]]] = (
    (r"%(?!\{)[^\n]*", None),
    # JavaScript's [^}] is one UTF-16 unit: half of an emoji, never followed by "%".
    (r"[^}\U00010000-\U0010FFFF]%%[^\n]*", None),
    (r"\n+", "NEWLINE"),
    (f"{S}+", None),
    (r"#[^\n]*", None),
    (r"journey(?![A-Za-z0-9_])", "journey"),
    (rf"title{S}[^#\n;]+", "title"),
    (rf"accTitle{S}*:{S}*", "acc_title"),
    (rf"accDescr{S}*:{S}*", "acc_descr"),
    (rf"accDescr{S}*\{{{S}*", "acc_descr_block"),
    (rf"section{S}[^#:\n;]+", "section"),
    (r"[^#:\n;]+", "task_name"),
    (r":[^#\n;]+", "task_data"),
    (r":", "colon"),
    (r".", "invalid"),
)
_LEXER = re.compile(
    "|".join(f"(?P<r{index}>{pattern})" for index, (pattern, _) in enumerate(_RULES)),
    re.IGNORECASE | re.ASCII,  # JavaScript's /i without the u flag
)
_REST_OF_LINE = re.compile(r"[^\n]*")
_BLOCK = re.compile(r"[^}]*")


@attrs.frozen
class Token:
    kind: str
    text: str
    line: int


def _blank_out(match: re.Match[str]) -> str:
    """Replace a match by its line breaks only, so line numbers stay right."""
    return "\n" * match[0].count("\n")


def _drop_semicolon_after(keyword: str, line: str) -> str:
    r"""Drop the last ``;`` of a line matching ``style.*:\S*#.*;``, as Mermaid does.

    Mermaid's encodeEntities does so for ``style`` and ``classDef`` lines; here
    it is checked in one pass, as that regex backtracks badly on long lines.
    """
    found = line.find(keyword)
    last = line.rfind(";")
    if found < 0 or last < 0:
        return line
    colon = False
    for index in range(found + len(keyword), last):
        char = line[index]
        if char == ":":
            colon = True
        elif char == "#" and colon:
            return line[:last] + line[last + 1 :]
        elif char in JS_SPACE_CHARS:
            colon = False
    return line


_COMMENT = re.compile(r"%%(?!\{)[^\n]")
_HINT = re.compile(rf"%%{S}*{re.escape(PERSONAS_HINT)}(.*)", re.IGNORECASE)


def _drop_comment(line: str) -> str:
    r"""Cut a ``%%`` comment that starts the line, as Mermaid's cleanupComments does.

    Mermaid removes ``^\s*%%(?!{)[^\n]+`` (multiline) before it parses; a line
    starts after U+2028 and U+2029 too. Done by hand, as that regex is
    quadratic on runs of blank lines.
    """
    for found in _COMMENT.finditer(line):
        start = found.start()
        while start > 0 and line[start - 1] in JS_SPACE_CHARS:
            start -= 1
        if start == 0:
            return ""
        separators = [line.find(c, start, found.start()) for c in "\u2028\u2029"]
        if max(separators) >= 0:
            return line[: min(i for i in separators if i >= 0) + 1]
    return line


def _mark_entity(match: re.Match[str]) -> str:
    inner = match[1]
    return f"{_NUMERIC_MARK if inner.isdigit() else _NAMED_MARK}{inner}{_END_MARK}"


@attrs.frozen
class Prepared:
    text: str  # what Mermaid's lexer sees
    title: str | None  # the front matter's
    personas: list[str] | None  # named by a "%% journeykit personas:" comment


def preprocess(text: str, source: str | None) -> Prepared:
    """Do what Mermaid does before it parses, noting what we read on the way."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, title = cut_front_matter(text, source)
    text = _DIRECTIVE.sub(_blank_out, text)
    pieces: list[str] = []
    personas: list[str] | None = None
    for line in text.split("\n"):
        kept = _drop_comment(line)
        # Mermaid takes the comment's line break too: a comment after U+2028 joins
        # the next line to this one (the line numbers after it are then one off).
        pieces += (kept, "" if kept and kept != line else "\n")
        hint = _HINT.search(line, len(kept)) if kept != line else None
        if hint:
            names = (shown(_ENTITY.sub(_mark_entity, n)) for n in hint[1].split(","))
            personas = [name for name in names if name.strip()]
    text = "".join(pieces[:-1])
    # JavaScript's "." stops at U+2028 and U+2029 too, so they end a line here.
    text = "".join(
        _drop_semicolon_after("classDef", _drop_semicolon_after("style", part))
        for part in re.split(r"([\n\u2028\u2029])", text)
    )
    return Prepared(_ENTITY.sub(_mark_entity, text), title, personas)


def tokens(text: str, source: str | None) -> Iterator[Token]:
    """Mermaid's journey lexer: the first rule that matches wins, as in jison."""
    pos = 0
    line = 1
    size = len(text)
    while pos < size:
        match = _LEXER.match(text, pos)
        # The last rule matches any character but "\n", which the third takes.
        assert match is not None
        assert match.lastgroup is not None
        kind = _RULES[int(match.lastgroup[1:])][1]
        pos = match.end()
        if kind in ("acc_title", "acc_descr"):
            if pos >= size:  # Mermaid's lexer ends before it reads the (empty) value
                raise FormatError(
                    f"{match[0].strip(JS_SPACE_TRIM)!r} needs a text after it",
                    source=source,
                    line=line,
                )
            value = _REST_OF_LINE.match(text, pos)
            assert value is not None  # it matches the empty string
            yield Token(kind, value[0], line)
            pos = value.end()
        elif kind == "acc_descr_block":
            value = _BLOCK.match(text, pos)
            assert value is not None
            if value.end() >= size:
                raise FormatError(
                    "the 'accDescr {' block is never closed with '}'", source=source, line=line
                )
            if value[0]:
                yield Token("acc_descr", value[0], line)
            pos = value.end() + 1
        elif kind is not None:
            yield Token(kind, match[0], line)
        line += text.count("\n", match.start(), pos)


def shown(raw: str) -> str:
    """Return the text a browser shows for ``raw``, as Mermaid draws it.

    Mermaid writes the text into the SVG (escaping ``&``, ``<``, ``>``), turns
    its entity markers back into ``&#58;`` or ``&amp;``, and the browser reads
    those as characters.
    """
    serialised = html.escape(raw.strip(JS_SPACE_TRIM), quote=False)
    marked = serialised.replace(_NUMERIC_MARK, "&#").replace(_NAMED_MARK, "&")
    return html.unescape(marked.replace(_END_MARK, ";"))
