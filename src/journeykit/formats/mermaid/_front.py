r"""Reading, step zero: the YAML front matter a Mermaid diagram may open with, and its title.

Mermaid 11 finds it with ``^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+``
(``frontMatterRegex``): the opening ``---`` may be indented, and the closing one
then has the same indentation, which is taken off every line of the YAML. That
regex backtracks badly on long runs of blank lines, so it is followed here by hand.
"""

from __future__ import annotations

import yaml

from journeykit.errors import FormatError
from journeykit.formats.mermaid._syntax import JS_SPACE_CHARS

__all__ = ["MAX_FRONT_MATTER_DEPTH", "cut_front_matter"]

#: How deeply the YAML front matter of a Mermaid diagram may nest, counting each mapping
#: and list inside another (Mermaid's own settings nest three or four levels).
MAX_FRONT_MATTER_DEPTH = 50

_INDENT_CHARS = JS_SPACE_CHARS - {"\n", "\r"}  # the regex's [^\S\n\r]


def _space_run(text: str, start: int) -> tuple[int, int]:
    """Where the white space run at ``start`` ends, and where its last new line ends (or -1)."""
    end = start
    last = -1
    while end < len(text) and text[end] in JS_SPACE_CHARS:
        end += 1
        if text[end - 1] == "\n":
            last = end
    return end, last


def _front_matter(text: str) -> tuple[str, int, int] | None:
    r"""The YAML of the front matter (indentation taken off), where it starts, and where it ends.

    ``text`` has ``\n`` line ends only (Mermaid turns ``\r\n`` and ``\r`` into it first).
    """
    start = 0
    while start < len(text) and text[start] in _INDENT_CHARS:
        start += 1
    indent = text[:start]
    if not text.startswith("---", start):
        return None
    opened = _space_run(text, start + 3)[1]
    if opened < 0:
        return None
    closing = "\n" + indent + "---"
    # The regex prefers the last new line of the opening run, then the first closing line.
    body_start, pos = opened, text.find(closing, opened)
    while pos >= 0 and _space_run(text, pos + len(closing))[1] < 0:
        pos = text.find(closing, pos + 1)
    if pos < 0:
        # Else the closing "---" is right after the run, and the body is the blank
        # between the run's last two new lines.
        pos = opened - 1
        body_start = text.rfind("\n", start + 3, pos) + 1
        if not body_start or not text.startswith(closing, pos):
            return None
    end = _space_run(text, pos + len(closing))[1]
    if end < 0:
        return None
    body = text[body_start:pos]
    if indent:
        body = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line for line in body.split("\n")
        )
    return body, body_start, end


def cut_front_matter(text: str, source: str | None) -> tuple[str, str | None]:
    r"""Return the text with its front matter blanked out (lines kept), and its title.

    Examples
    --------
    >>> cut_front_matter("  ---\n  title: Tea\n  ---\njourney\n", None)
    ('\n\n\njourney\n', 'Tea')
    """
    front = _front_matter(text)
    if front is None:
        return text, None
    body, body_start, end = front
    first_line = text.count("\n", 0, body_start) + 1
    try:
        title = _front_title(body, source, first_line)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # libyaml may mark the end of the text, past its last line: the closing "---".
        line = min(mark.line, body.count("\n")) if mark is not None else 0
        raise FormatError(
            f"the front matter is not valid YAML: {getattr(error, 'problem', error)}",
            source=source,
            line=line + first_line,
        ) from None
    return "\n" * text.count("\n", 0, end) + text[end:], title


_RESOLVER = yaml.resolver.Resolver()
_TITLE_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float"))


def _front_title(body: str, source: str | None, first_line: int) -> str | None:
    """The ``title`` of the front matter: a text or number, as written; else None.

    The YAML is read event by event and nothing is built from it, so that no
    nesting recurses (it is refused past :data:`MAX_FRONT_MATTER_DEPTH`
    levels) and no number is converted (a 5,000-digit one, say).
    """
    anchors: dict[str, str | None] = {}  # the anchored plain values, by anchor
    depth = 0
    mapping = False  # whether the front matter is a mapping
    in_key = True  # whether the next value at the top level is a key
    key: str | None = None
    title: str | None = None
    for event in yaml.parse(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if depth == 0 and isinstance(event, yaml.NodeEvent):
            mapping = isinstance(event, yaml.MappingStartEvent)
        elif depth == 1 and mapping and isinstance(event, yaml.NodeEvent):
            if in_key:
                key = event.value if isinstance(event, yaml.ScalarEvent) else None
            elif key == "title":
                title = _plain_value(event, anchors)
            in_key = not in_key
        if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            anchors[event.anchor] = _plain_value(event, anchors)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                raise FormatError(
                    f"the front matter nests more than {MAX_FRONT_MATTER_DEPTH} levels deep",
                    source=source,
                    line=(event.start_mark.line if event.start_mark else 0) + first_line,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return title


def _plain_value(event: yaml.Event, anchors: dict[str, str | None]) -> str | None:
    """The text of a scalar that YAML reads as a text or a number, as written; else None."""
    if isinstance(event, yaml.AliasEvent):
        return anchors.get(str(event.anchor))
    if not isinstance(event, yaml.ScalarEvent):
        return None
    tag = event.tag if event.tag not in (None, "!") else None
    if tag is None:
        tag = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, event.value, event.implicit
        )
    return str(event.value) if tag in _TITLE_TAGS else None
