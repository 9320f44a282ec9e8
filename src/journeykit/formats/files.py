"""Journey files: YAML and JSON, one journey per file, with a format version.

The structure is the same in both formats (see the file format page of the
docs, and the JSON Schema shipped as ``journeykit/formats/journeykit.schema.json``)::

    journeykit: 1
    title: Comprar un auto
    persona: {name: Daniela Vargas, age: 32}
    stages:
      - id: awareness
        name: Reconocimiento
        touchpoints:
          - {id: social-ad, name: Sees an ad on social media, channel: social, emotion: 1}
    transitions:
      - {from: social-ad, kind: exit, label: scrolls on}

Reading is strict and safe: PyYAML's safe loader only (no Python objects),
unknown keys and unknown format versions refused, duplicate keys refused,
alias bombs and oversized input refused in bounded time. Every problem comes
back as one :class:`~journeykit.ValidationError` (or a
:class:`~journeykit.FormatError` for text that is not YAML or JSON) naming
the file, the line where the YAML parser knows it, the field path and the rule.

Writing is deterministic (the same journey always gives the same bytes) and
atomic (a temporary file, then a rename).

Examples
--------
>>> import journeykit as jk
>>> j = jk.loads('''
... journeykit: 1
... title: Flowers
... stages:
...   - name: Find
...     touchpoints: [Sees a Google ad, Visits the site]
... ''')
>>> [t.id for t in j.touchpoints]
['sees-a-google-ad', 'visits-the-site']
>>> print(jk.dumps(j), end="")
journeykit: 1
title: Flowers
stages:
- id: find
  name: Find
  touchpoints:
  - id: sees-a-google-ad
    name: Sees a Google ad
  - id: visits-the-site
    name: Visits the site
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, cast

import attrs
import cattrs
import yaml
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from journeykit._atomic import write_atomic
from journeykit.errors import FormatError, NotFoundError, Problem, ValidationError
from journeykit.model import Evidence, Journey, Persona, Stage, Touchpoint, Transition

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "Format",
    "dump",
    "dumps",
    "file_key",
    "format_of",
    "from_data",
    "load",
    "loads",
    "to_data",
]

#: The version of the file format this release reads and writes.
FORMAT_VERSION = 1
#: The largest input read by default (in bytes); pass ``max_bytes`` to read more.
MAX_BYTES = 16 * 1024 * 1024
#: The most values a YAML document may expand to, counting aliases each time used.
MAX_VALUES = 2_000_000

#: The names of the formats journeys are read from and written to.
Format = Literal["yaml", "json", "mermaid"]
#: File formats by name, with the file endings that select them.
FORMATS: Mapping[str, tuple[str, ...]] = {
    "yaml": (".yaml", ".yml"),
    "json": (".json",),
    "mermaid": (".mmd", ".mermaid"),
}
_VERSION_KEY = "journeykit"
# Leaves first: a generated hook captures the hooks of the types inside it.
_MODEL = (Evidence, Transition, Touchpoint, Stage, Persona, Journey)
_RENAMES: Mapping[type, Mapping[str, str]] = {Transition: {"source": "from", "target": "to"}}


def file_key(cls: type, field: str) -> str:
    """The key a model field has in files (``Transition.source`` is ``from``).

    Examples
    --------
    >>> file_key(Transition, "target"), file_key(Transition, "kind")
    ('to', 'kind')
    """
    return _RENAMES.get(cls, {}).get(field, field)


# ---------------------------------------------------------------------------
# The cattrs converter. Scalars and mappings pass through untouched: the model's
# own converters check them and name the field, so messages read the same from
# Python and from files. cattrs builds the nested objects and refuses unknown keys.


def _passthrough(value: Any, _type: Any) -> Any:
    return value


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind in (str, int, float, bool):
        converter.register_structure_hook(kind, _passthrough)
    converter.register_structure_hook_func(_is_passthrough, _passthrough)
    for item in (Stage, Persona, Touchpoint, Evidence, Transition):
        converter.register_structure_hook_func(_is_tuple_of(item), _items_of(converter, item))
    for cls in _MODEL:
        renames = _RENAMES.get(cls, {})
        overrides = {name: override(rename=key) for name, key in renames.items()}
        fields = [f.name for f in attrs.fields(cls) if f.init]
        structure = make_dict_structure_fn(cls, converter, **overrides)  # type: ignore[arg-type]
        converter.register_structure_hook(cls, _mapping_first(cls, structure, fields, renames))
        unstructure = make_dict_unstructure_fn(
            cls,
            converter,
            _cattrs_omit_if_default=True,
            **overrides,  # type: ignore[arg-type]
        )
        converter.register_unstructure_hook(cls, _id_first(unstructure))
    return converter


def _is_tuple_of(item: type) -> Callable[[Any], bool]:
    wanted = tuple[item, ...]  # type: ignore[valid-type]
    return lambda kind: bool(kind == wanted)


def _id_first(unstructure: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """Files read best with each object's id on its first line."""

    def hook(value: Any) -> dict[str, Any]:
        data = unstructure(value)
        if "id" in data:
            data = {"id": data.pop("id"), **data}
        return data

    return hook


def _is_passthrough(kind: Any) -> bool:
    """Literals, optionals of scalars, mappings and tuples of text: the model checks them."""
    text = str(kind)
    return text.startswith(
        ("typing.Literal", "typing.Mapping", "collections.abc.Mapping")
    ) or kind in (tuple[str, ...], str | None, int | None, float | None)


def _describe(value: object) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
             bool: "true/false", type(None): "nothing (null)"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def _mapping_first(
    cls: type, structure: Callable[[Any, Any], Any], fields: list[str], renames: Mapping[str, str]
) -> Callable[[Any, Any], Any]:
    keys = [renames.get(name, name) for name in fields]

    def hook(value: Any, kind: Any) -> Any:
        if not isinstance(value, Mapping):
            raise ValidationError.single(
                "",
                f"must be a mapping with keys such as {', '.join(keys[:4])}, "
                f"got {_describe(value)}",
            )
        return structure(value, kind)

    return hook


def _items_of(converter: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    """Lists of model objects; strings pass through (the model turns a name into an object)."""

    def hook(value: Any, kind: Any) -> Any:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ValidationError.single("", f"must be a list, got {_describe(value)}")
        out: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
                continue
            try:
                out.append(converter.structure(item, cls))
            except Exception as error:  # collected and reported with their paths
                note = IterableValidationNote(f"Structuring @ index {index}", index, cls)
                error.__notes__ = [*getattr(error, "__notes__", []), note]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cls.__name__} items", errors, kind)
        return tuple(out)

    return hook


_CONVERTER = _make_converter()


def _problems(error: BaseException, path: str = "") -> Iterator[Problem]:
    """Flatten cattrs' tree of failures into problems with field paths."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            yield problem.within(path)
    elif isinstance(error, ForbiddenExtraKeysError):
        allowed = sorted(file_key(error.cl, f.name) for f in attrs.fields(error.cl) if f.init)
        if error.cl is Journey:
            allowed = sorted([*allowed, "persona", _VERSION_KEY])
        for key in sorted(error.extra_fields, key=str):
            yield Problem(
                _join(path, str(key)), f"unknown key; allowed keys are {', '.join(allowed)}"
            )
    elif isinstance(error, ClassValidationError | IterableValidationError):
        for inner in error.exceptions:
            yield from _problems(inner, _join(path, _step(inner, error.cl)))
    elif isinstance(error, KeyError) and _step(error, None):
        yield Problem(path, "is required")
    else:
        yield Problem(path, str(error) or type(error).__name__)


def _step(error: BaseException, cls: type | None) -> str:
    """The path step a cattrs note names: ``[index]``, or a field's key in files."""
    for note in getattr(error, "__notes__", []):
        if isinstance(note, IterableValidationNote):
            return f"[{note.index}]"
        name = getattr(note, "name", None)
        if isinstance(name, str):
            return file_key(cls, name) if cls is not None else name
    return ""


def _join(path: str, step: str) -> str:
    if not step:
        return path
    if not path or step.startswith("["):
        return path + step
    return f"{path}.{step}"


# ---------------------------------------------------------------------------
# Data (plain dicts and lists) <-> Journey


def from_data(data: object, *, source: str | None = None) -> Journey:
    """Build a journey from plain data (dicts, lists, strings, numbers) in the file structure.

    Raises
    ------
    ValidationError
        Listing every problem with its field path.

    Examples
    --------
    >>> j = from_data({"journeykit": 1, "title": "T", "stages": [{"name": "S"}]})
    >>> j.stages[0].id
    's'
    >>> from_data({"journeykit": 1, "title": "T", "colour": "red"})
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: colour: unknown key; allowed keys are description, ...
    """
    if not isinstance(data, Mapping):
        raise ValidationError(
            [Problem("", f"the top level must be a mapping (one journey), got {_describe(data)}")],
            source=source,
        )
    fields = dict(data)
    _check_version(fields.pop(_VERSION_KEY, None), source)
    if "persona" in fields:
        if "personas" in fields:
            raise ValidationError(
                [Problem("persona", "give persona or personas, not both")], source=source
            )
        fields["personas"] = [fields.pop("persona")]
    try:
        return _CONVERTER.structure(fields, Journey)
    except (ClassValidationError, ValidationError) as error:
        problems = list(_problems(error))
        if "personas" in data or "persona" not in data:
            raise ValidationError(problems, source=source) from None
        renamed = [
            attrs.evolve(p, path="persona" + p.path[len("personas[0]") :])
            if p.path.startswith("personas[0]")
            else p
            for p in problems
        ]
        raise ValidationError(renamed, source=source) from None


def _check_version(version: object, source: str | None) -> None:
    if version is None:
        message = f"is required: the format version, {FORMAT_VERSION} (write 'journeykit: 1' first)"
    elif version == FORMAT_VERSION and not isinstance(version, bool):
        return
    elif isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        message = (
            f"this file is format version {version}, newer than this journeykit reads "
            f"({FORMAT_VERSION}); upgrade journeykit"
        )
    else:
        message = (
            f"unknown format version {version!r}; this journeykit reads version {FORMAT_VERSION}"
        )
    raise ValidationError([Problem(_VERSION_KEY, message)], source=source)


def to_data(journey: Journey) -> dict[str, Any]:
    """Return the journey as plain data in the file structure (what :func:`dumps` writes).

    Fields at their default value are left out, so files stay short.

    Examples
    --------
    >>> import journeykit as jk
    >>> to_data(jk.Journey(title="T", persona="Ana"))
    {'journeykit': 1, 'title': 'T', 'persona': {'id': 'ana', 'name': 'Ana'}}
    """
    data: dict[str, Any] = _CONVERTER.unstructure(journey, Journey)
    personas = data.pop("personas", [])
    head: dict[str, Any] = {_VERSION_KEY: FORMAT_VERSION, "title": data.pop("title")}
    if len(personas) == 1:
        head["persona"] = personas[0]
    elif personas:
        head["personas"] = personas
    plain: dict[str, Any] = _plain({**head, **data})
    return plain


def _plain(value: Any) -> Any:
    """Tuples become lists and mappings plain dicts, so YAML writes no tags."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


# ---------------------------------------------------------------------------
# YAML and JSON text


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


def _parse_yaml(text: str, source: str | None) -> tuple[object, yaml.Node | None]:
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


def _line_of(root: yaml.Node | None, path: str) -> int | None:
    """The line of the value at a field path, or of the nearest enclosing one."""
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


def _parse_json(text: str, source: str | None) -> object:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise ValueError(f"duplicate key {key!r}")
            out[key] = value
        return out

    def constant(name: str) -> float:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise FormatError(
            f"invalid JSON: {error.msg}", source=source, line=error.lineno, column=error.colno
        ) from None
    except ValueError as error:
        raise FormatError(f"invalid JSON: {error}", source=source) from None
    except RecursionError:
        raise FormatError("nested too deeply to read", source=source) from None


def _decode(data: bytes, source: str | None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormatError(
            f"not valid UTF-8 (byte {error.start}: {data[error.start : error.start + 1]!r}); "
            "save the file as UTF-8",
            source=source,
            line=line,
        ) from None


def _check_format(format: str) -> Format:
    if format not in FORMATS:
        raise NotFoundError("format", format, FORMATS)
    return cast(Format, format)


def loads(
    text: str | bytes,
    *,
    format: str = "yaml",
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Journey:
    """Read a journey from YAML, JSON or Mermaid text.

    Parameters
    ----------
    text:
        The document, as text or UTF-8 bytes.
    format:
        ``yaml`` (the default; JSON is valid YAML too), ``json`` or ``mermaid``.
    source:
        A name for the text in error messages, such as its file name.
    max_bytes:
        Refuse larger input (16 MiB by default).

    Raises
    ------
    FormatError
        Text that is not valid YAML/JSON/UTF-8, too large, or an alias bomb.
    ValidationError
        A document that breaks the model's rules; every problem is listed.

    Examples
    --------
    >>> import journeykit as jk
    >>> text = '''
    ... journeykit: 1
    ... title: Car
    ... stages:
    ...   - name: Buy
    ...     touchpoints:
    ...       - {name: Test drive, emotion: 7}
    ... '''
    >>> try:
    ...     jk.loads(text, source="car.yaml")
    ... except jk.ValidationError as error:
    ...     print(error)
    car.yaml:7: stages[0].touchpoints[0].emotion: must be between -2 and 2, got 7
    """
    format = _check_format(format)
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise FormatError(
            f"the input is {size:,} bytes, more than the limit of {max_bytes:,}; "
            "pass max_bytes to read larger journeys",
            source=source,
        )
    if isinstance(text, bytes):
        text = _decode(text, source)
    if format == "mermaid":
        from journeykit.formats import mermaid

        return mermaid.loads(text, source=source)
    node: yaml.Node | None = None
    if format == "json":
        data = _parse_json(text, source)
    else:
        data, node = _parse_yaml(text, source)
    try:
        return from_data(data, source=source)
    except ValidationError as error:
        located = [attrs.evolve(p, line=_line_of(node, p.path)) for p in error.problems]
        raise ValidationError(located, source=source) from None


def dumps(journey: Journey, *, format: str = "yaml") -> str:
    """Write a journey as YAML, JSON or Mermaid text; the same journey always gives the same text.

    Examples
    --------
    >>> import journeykit as jk
    >>> print(jk.dumps(jk.Journey(title="T"), format="json"))
    {
      "journeykit": 1,
      "title": "T"
    }
    """
    format = _check_format(format)
    if not isinstance(journey, Journey):
        raise TypeError(f"dumps() takes a Journey, got {type(journey).__name__}")
    if format == "mermaid":
        from journeykit.formats import mermaid

        return mermaid.dumps(journey)
    data = to_data(journey)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)


def format_of(path: str | os.PathLike[str], format: str | None = None) -> Format:
    """Return the format named, or the one the file's ending selects.

    Examples
    --------
    >>> format_of("maps/car.yml")
    'yaml'
    >>> format_of("car.txt")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no format for the file ending '.txt'; known: '.yaml', ...
    """
    if format is not None:
        return _check_format(format)
    suffix = Path(path).suffix.lower()
    for name, endings in FORMATS.items():
        if suffix in endings:
            return cast(Format, name)
    raise NotFoundError(
        "format for the file ending", suffix, [e for endings in FORMATS.values() for e in endings]
    )


def load(
    path: str | os.PathLike[str], *, format: str | None = None, max_bytes: int = MAX_BYTES
) -> Journey:
    """Read a journey file; the format comes from the file ending unless given.

    Errors name the file and, for YAML, the line.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.load("examples/car-purchase.yaml")
    >>> j.persona.name
    'Daniela Vargas'
    """
    name = os.fspath(path)
    chosen = format_of(name, format)
    try:
        with open(name, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise FormatError("no such file", source=name) from None
    except IsADirectoryError:
        raise FormatError("is a folder, not a file", source=name) from None
    except OSError as error:
        raise FormatError(f"cannot read: {error.strerror}", source=name) from None
    if len(data) > max_bytes:
        raise FormatError(
            f"the file is larger than the limit of {max_bytes:,} bytes; "
            "pass max_bytes to read larger journeys",
            source=name,
        )
    return loads(data, format=chosen, source=name, max_bytes=max_bytes)


def dump(journey: Journey, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write a journey file atomically; the format comes from the file ending unless given.

    The text is produced in full before the file is touched, then written to a
    temporary file beside it and renamed over it, so a failure leaves the old
    file as it was.

    Examples
    --------
    >>> import journeykit as jk, pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "t.json"
    >>> jk.dump(jk.Journey(title="T"), target)
    >>> jk.load(target).title
    'T'
    """
    text = dumps(journey, format=format_of(path, format))
    write_atomic(path, text)
