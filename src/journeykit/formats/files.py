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

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, cast

import attrs
import yaml
from cattrs.errors import ClassValidationError

from journeykit._atomic import write_atomic
from journeykit.errors import FormatError, NotFoundError, Problem, ValidationError
from journeykit.formats import _json, _yaml
from journeykit.formats._convert import CONVERTER, VERSION_KEY, describe, file_key, problems
from journeykit.model import Journey
from journeykit.validators import check_journey

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

#: The names of the formats journeys are read from and written to.
Format = Literal["yaml", "json", "mermaid"]
#: File formats by name, with the file endings that select them.
FORMATS: Mapping[str, tuple[str, ...]] = {
    "yaml": (".yaml", ".yml"),
    "json": (".json",),
    "mermaid": (".mmd", ".mermaid"),
}


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
            [Problem("", f"the top level must be a mapping (one journey), got {describe(data)}")],
            source=source,
        )
    fields = dict(data)
    _check_version(fields.pop(VERSION_KEY, None), source)
    if "persona" in fields:
        if "personas" in fields:
            raise ValidationError(
                [Problem("persona", "give persona or personas, not both")], source=source
            )
        fields["personas"] = [fields.pop("persona")]
    try:
        return CONVERTER.structure(fields, Journey)
    except (ClassValidationError, ValidationError) as error:
        found = list(problems(error))
        if "personas" in data or "persona" not in data:
            raise ValidationError(found, source=source) from None
        renamed = [
            attrs.evolve(p, path="persona" + p.path[len("personas[0]") :])
            if p.path.startswith("personas[0]")
            else p
            for p in found
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
    raise ValidationError([Problem(VERSION_KEY, message)], source=source)


def to_data(journey: Journey) -> dict[str, Any]:
    """Return the journey as plain data in the file structure (what :func:`dumps` writes).

    Fields at their default value are left out, so files stay short.

    Examples
    --------
    >>> import journeykit as jk
    >>> to_data(jk.Journey(title="T", persona="Ana"))
    {'journeykit': 1, 'title': 'T', 'persona': {'id': 'ana', 'name': 'Ana'}}
    """
    data: dict[str, Any] = CONVERTER.unstructure(check_journey(journey), Journey)
    personas = data.pop("personas", [])
    head: dict[str, Any] = {VERSION_KEY: FORMAT_VERSION, "title": data.pop("title")}
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
# Text and files


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
        data = _json.parse(text, source)
    else:
        data, node = _yaml.parse(text, source)
    try:
        return from_data(data, source=source)
    except ValidationError as error:
        located = [attrs.evolve(p, line=_yaml.line_of(node, p.path)) for p in error.problems]
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
    check_journey(journey)
    format = _check_format(format)
    if format == "mermaid":
        from journeykit.formats import mermaid

        return mermaid.dumps(journey)
    data = to_data(journey)
    return _json.dump(data) if format == "json" else _yaml.dump(data)


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
    text = dumps(check_journey(journey), format=format_of(path, format))
    write_atomic(path, text)
