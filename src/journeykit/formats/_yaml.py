"""YAML text: a safe loader and a tidy dumper, the checks that keep reading safe, and lines.

Reading uses PyYAML's safe loader only (no Python objects), without
timestamps (dates stay the text the author wrote). Before any node is built,
one pass over the parser's events holds the document to the limits of a
journey file (:data:`~journeykit.formats._convert.MAX_VALUES` values, counting
an alias each time it is used, and
:data:`~journeykit.formats._convert.MAX_DEPTH` levels) and refuses recursive
aliases, in time and memory bounded by the limits whatever the text; building
the document then refuses duplicate keys and whole numbers of more than
:data:`~journeykit.formats._convert.MAX_DIGITS` digits, naming their line.
:class:`Lines` finds the line of the value at a field path, so a validation
error can name it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from journeykit.errors import FormatError
from journeykit.formats._convert import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_VALUES,
    depth_message,
    digits_message,
    values_message,
    whole_fits,
)

__all__ = ["Lines", "dump", "parse"]


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that a journey file may not hold (a limit, a duplicate key), at a mark."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader without timestamps, refusing duplicate keys and numbers too long."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[object, object]:
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicates(node)
        mapping: dict[object, object] = super().construct_mapping(node, deep=deep)
        return mapping


def _refuse_duplicates(node: yaml.MappingNode) -> None:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            name = key_node.value
            if name in seen:
                raise _Refused(
                    problem=f"duplicate key {name!r} (first at line {seen[name]})",
                    problem_mark=key_node.start_mark,
                )
            seen[name] = key_node.start_mark.line + 1


def _construct_int(loader: SafeConstructor, node: yaml.ScalarNode) -> int:
    """YAML whole numbers, refused past :data:`MAX_DIGITS` digits before Python converts them."""
    text = str(node.value)
    digits = sum(character.isalnum() for character in text) if len(text) > MAX_DIGITS else 0
    if digits > MAX_DIGITS:
        raise _Refused(problem=digits_message(digits), problem_mark=node.start_mark)
    try:
        value: int = SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:  # past the interpreter's own limit, set lower than ours
        value = _WHOLE_TOO_LONG
    if not whole_fits(value):  # hexadecimal and base 60 have fewer digits than their value
        raise _Refused(problem=digits_message(), problem_mark=node.start_mark)
    return value


_WHOLE_TOO_LONG = 10**MAX_DIGITS
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


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


def parse(text: str, source: str | None, max_values: int = MAX_VALUES) -> tuple[object, Lines]:
    r"""Read a YAML document: the plain data, and the :class:`Lines` of its values.

    Raises
    ------
    FormatError
        For text that is not YAML, a document past the limits (more than
        ``max_values`` values, counting an alias each time it is used, or
        nested deeper than :data:`MAX_DEPTH`), a recursive alias, a duplicate
        key or a whole number of more than :data:`MAX_DIGITS` digits; with the
        line where it is known.

    Examples
    --------
    >>> parse("a: 1e-09", None)[0]
    {'a': 1e-09}
    >>> parse("a: 1\na: 2", "f.yaml")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: f.yaml:2: duplicate key 'a' (first at line 1)
    >>> parse("[1, 2, 3]", "f.yaml", max_values=3)
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: f.yaml:1: holds more than 3 values; a journey file holds ...
    """
    loader = _Loader(text)
    try:
        _check_events(text, max_values)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as error:
        mark = error.problem_mark
        raise FormatError(
            str(error.problem), source=source, line=mark.line + 1 if mark else None
        ) from None
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
    return data, Lines(node)


def _check_events(text: str, max_values: int) -> None:
    """Hold the document to the limits from the parser's events alone, before any node is built.

    The memory it takes is the nesting depth and the anchors; it stops at the
    first event past a limit.
    """
    events = _Loader(text)
    nodes = values = 0
    sizes: dict[str, int] = {}  # the values an anchor stands for
    open_: list[tuple[str | None, int]] = []  # the collections open: anchor, values before
    try:
        while (kind := type(event := events.get_event())) is not yaml.StreamEndEvent:
            if kind is yaml.ScalarEvent:
                nodes += 1
                values += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif kind is yaml.AliasEvent:
                nodes += 1
                values += _alias(event, sizes, open_)
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                nodes += 1
                values += 1
                open_.append((event.anchor, values))
                if len(open_) > MAX_DEPTH:
                    raise _Refused(problem=depth_message(), problem_mark=event.start_mark)
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                anchor, before = open_.pop()
                if anchor is not None:
                    sizes[anchor] = values - before + 1
            if values > max_values:
                message = values_message(max_values, aliases=nodes <= max_values)
                raise _Refused(problem=message, problem_mark=event.start_mark)
    finally:
        events.dispose()


def _alias(
    event: yaml.AliasEvent, sizes: dict[str, int], open_: list[tuple[str | None, int]]
) -> int:
    """The values an alias stands for; an alias to a value still open is recursive."""
    anchor = str(event.anchor)
    if any(name == anchor for name, _ in open_):
        mark: Any = event.start_mark
        raise _Refused(
            problem="an alias refers to a value that contains it (a recursive alias)",
            problem_mark=mark,
        )
    return sizes.get(anchor, 1)


class Lines:
    r"""The line of the value at a field path in a YAML node tree, or of the nearest enclosing one.

    Each mapping's keys are indexed once, the first time a path goes through
    it, so finding the lines of many problems takes time in proportion to the
    document, not to the problems times the document.

    Examples
    --------
    >>> _, lines = parse("title: T\nstages:\n  - name: S\n    id: s", None)
    >>> lines("stages[0].id"), lines("stages[0].colour"), Lines(None)("")
    (4, 3, None)
    """

    def __init__(self, root: yaml.Node | None) -> None:
        self._root = root
        self._keys: dict[int, dict[object, yaml.Node]] = {}

    def __call__(self, path: str) -> int | None:
        if self._root is None:
            return None
        node = self._root
        for step in _steps(path):
            found = self._child(node, step)
            if found is None:
                break
            node = found
        return int(node.start_mark.line) + 1

    def _child(self, node: yaml.Node, step: str | int) -> yaml.Node | None:
        if isinstance(step, int):
            if isinstance(node, yaml.SequenceNode) and step < len(node.value):
                child: yaml.Node = node.value[step]
                return child
            return None
        if not isinstance(node, yaml.MappingNode):
            return None
        keys = self._keys.get(id(node))
        if keys is None:  # the last of equal keys wins, as in the data (a key after a merge)
            keys = {
                key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)
            }
            self._keys[id(node)] = keys
        return keys.get(step)


def _steps(path: str) -> Iterator[str | int]:
    for part in path.replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            yield int(part[1:-1])
        elif part:
            yield part
