"""YAML text: a safe loader and a tidy dumper, the checks that keep reading safe, and lines.

Reading uses PyYAML's safe loader only (no Python objects), without
timestamps (dates stay the text the author wrote). Before the document is
built, its node tree is checked in bounded time: duplicate keys, recursive
aliases and alias bombs are refused. :func:`line_of` finds the line of the
value at a field path, so a validation error can name it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from journeykit.errors import FormatError

__all__ = ["MAX_VALUES", "dump", "line_of", "parse"]

#: The most values a YAML document may expand to, counting aliases each time used.
MAX_VALUES = 2_000_000


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader without timestamps: dates stay the text the author wrote."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# YAML 1.1 reads `1e-09` (valid JSON, no dot) as text; read it as the number it is.
_EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+0123456789."))


class _Dumper(yaml.SafeDumper):
    """A safe dumper that indents block lists under their key and writes long text as blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text and text == text.strip() and "\r" not in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)
# The writer must quote whatever the reader would take for a number.
_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+0123456789."))


def dump(data: object) -> str:
    r"""Write plain data as block-style YAML, keys in the order given.

    Examples
    --------
    >>> print(dump({"title": "T", "tags": ["a"], "note": "two\nlines"}), end="")
    title: T
    tags:
    - a
    note: |-
      two
      lines
    """
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)


def parse(text: str, source: str | None) -> tuple[object, yaml.Node | None]:
    r"""Read a YAML document: the plain data, and the node tree for :func:`line_of`.

    Raises
    ------
    FormatError
        For text that is not YAML, a duplicate key, a recursive alias, a
        document that expands past :data:`MAX_VALUES` values, or one nested
        too deeply; with the line where it is known.

    Examples
    --------
    >>> parse("a: 1e-09", None)[0]
    {'a': 1e-09}
    >>> parse("a: 1\na: 2", "f.yaml")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: f.yaml:2: duplicate key 'a' (first at line 1)
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_nodes(node, source)
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        if error.context:
            problem = f"{error.context}: {problem}"
        raise FormatError(
            f"invalid YAML: {problem}",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise FormatError(f"invalid YAML: {error}", source=source) from None
    except RecursionError:
        raise FormatError("nested too deeply to read", source=source) from None
    finally:
        loader.dispose()


def _check_nodes(root: yaml.Node, source: str | None) -> None:
    """Refuse duplicate keys, recursive aliases and alias bombs, without recursion."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > MAX_VALUES:
                raise FormatError(
                    f"the document expands to more than {MAX_VALUES:,} values through its "
                    "aliases; refusing to read it",
                    source=source,
                    line=node.start_mark.line + 1,
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise FormatError(
                "an alias refers to a value that contains it (a recursive alias)",
                source=source,
                line=node.start_mark.line + 1,
            )
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    name = key_node.value
                    if name in seen:
                        raise FormatError(
                            f"duplicate key {name!r} (first at line {seen[name]})",
                            source=source,
                            line=key_node.start_mark.line + 1,
                        )
                    seen[name] = key_node.start_mark.line + 1
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def line_of(root: yaml.Node | None, path: str) -> int | None:
    r"""The line of the value at a field path, or of the nearest enclosing one.

    Examples
    --------
    >>> _, root = parse("title: T\nstages:\n  - name: S\n    id: s", None)
    >>> line_of(root, "stages[0].id"), line_of(root, "stages[0].colour"), line_of(None, "")
    (4, 3, None)
    """
    if root is None:
        return None
    node: yaml.Node = root
    line: int | None = root.start_mark.line + 1
    for step in _steps(path):
        found: yaml.Node | None = None
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            found = node.value[step] if step < len(node.value) else None
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == step:
                    found = value_node
                    break
        if found is None:
            break
        node = found
        line = node.start_mark.line + 1
    return line


def _steps(path: str) -> Iterator[str | int]:
    for part in path.replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            yield int(part[1:-1])
        elif part:
            yield part
