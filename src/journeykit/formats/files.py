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
unknown keys and unknown format versions refused, duplicate keys refused, and
only regular files opened (a FIFO or a device is refused before it is read).
Every file keeps the same limits, checked while it is parsed so that a
hostile file is refused in bounded time and memory: :data:`MAX_BYTES` bytes,
:data:`MAX_VALUES` values (counting a YAML alias each time it is used),
:data:`MAX_DEPTH` levels of nesting and :data:`MAX_DIGITS` digits in a whole
number. Every problem comes back as one :class:`~journeykit.ValidationError`
(or a :class:`~journeykit.FormatError` for text that is not YAML or JSON, or
past a limit) naming the file, the line where the YAML parser knows it, the
field path and the rule; it lists the first :data:`MAX_PROBLEMS` problems and
counts the others.

Writing is deterministic (the same journey always gives the same bytes) and
atomic (a temporary file, then a rename). It keeps the same limits: whatever
:func:`dump` writes, :func:`load` reads, and a journey past them is refused
before anything is written.

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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import attrs
from cattrs.errors import ClassValidationError

from journeykit._atomic import encoded, write_atomic
from journeykit._gc import collector_paused
from journeykit.errors import FormatError, NotFoundError, Problem, ValidationError
from journeykit.formats import _json, _yaml
from journeykit.formats._convert import (
    CONVERTER,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_PROBLEMS,
    MAX_VALUES,
    VERSION_KEY,
    bytes_message,
    check_data,
    check_least_values,
    counting_unlisted,
    describe,
    file_key,
    problems,
)
from journeykit.formats._input import (
    MAX_BYTES,
    file_name,
    open_regular,
    read_limited,
    text_of,
)
from journeykit.model import Journey
from journeykit.validators import check, check_journey, number

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_PROBLEMS",
    "MAX_VALUES",
    "Format",
    "dump",
    "dumps",
    "file_key",
    "format_of",
    "from_data",
    "load",
    "loads",
    "read_limited",
    "to_data",
]

#: The version of the file format this release reads and writes.
FORMAT_VERSION = 1

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
    return _checked(data, source)


def _checked(
    data: object, source: str | None, lines: Callable[[str], int | None] | None = None
) -> Journey:
    """Build the journey, or raise the first :data:`MAX_PROBLEMS` problems and a count."""
    with counting_unlisted() as unlisted:
        try:
            return _structure(data, source)
        except ValidationError as error:
            found: Sequence[Problem] = error.problems
    listed = list(found[:MAX_PROBLEMS])
    if lines is not None:
        listed = [attrs.evolve(p, line=lines(p.path)) for p in listed]
    rest = len(found) - len(listed) + unlisted[0]
    if rest:
        listed.append(Problem("", f"... and {rest:,} more problem{'s' if rest > 1 else ''}"))
    raise ValidationError(listed, source=source)


def _structure(data: object, source: str | None) -> Journey:
    """:func:`from_data`, raising with every problem found."""
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


def _check_format(format: str) -> Format:
    if format not in FORMATS:
        raise NotFoundError("format", format, FORMATS)
    return cast(Format, format)


def _limits(max_bytes: int, max_values: int) -> None:
    check("max_bytes", max_bytes, number(0, whole=True))
    check("max_values", max_values, number(1, whole=True))


def loads(  # noqa: PLR0913 (keyword-only limits and the Mermaid leniency, as load takes)
    text: str | bytes,
    *,
    format: str = "yaml",
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_values: int = MAX_VALUES,
    strict: bool = True,
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
        Refuse larger input (:data:`MAX_BYTES`, 16 MiB, by default).
    max_values:
        Refuse a YAML or JSON document of more values (:data:`MAX_VALUES` by
        default), counting an alias each time it is used.
    strict:
        For Mermaid, whether a score Mermaid reads but journeykit's scale
        cannot hold (``0``, ``9``, ``X``) is an error (the default) or a
        :class:`~journeykit.errors.JourneyWarning` and no emotion (see
        :func:`journeykit.formats.mermaid.loads`). YAML and JSON are read the
        same either way: they have no lenient mode.

    Raises
    ------
    FormatError
        Text that is not valid YAML/JSON/UTF-8, or past a limit (size, values,
        depth, digits of a number).
    ValidationError
        A document that breaks the model's rules; the first
        :data:`MAX_PROBLEMS` problems are listed, and the others counted.

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
    _limits(max_bytes, max_values)
    document = text_of(text, source, max_bytes)
    if format == "mermaid":
        from journeykit.formats import mermaid

        return mermaid.loads(document, source=source, strict=strict)
    with collector_paused():
        lines: Callable[[str], int | None] | None = None
        if format == "json":
            data = _json.parse(document, source, max_values)
        else:
            data, lines = _yaml.parse(document, source, max_values)
        return _checked(data, source, lines)


def dumps(
    journey: Journey,
    *,
    format: str = "yaml",
    max_bytes: int = MAX_BYTES,
    max_values: int = MAX_VALUES,
) -> str:
    """Write a journey as YAML, JSON or Mermaid text; the same journey always gives the same text.

    What it writes, :func:`loads` reads: a journey past the limits that
    ``loads`` keeps with the same ``max_bytes`` and ``max_values`` is refused.
    Mermaid holds only part of a journey; writing one that has more (pain
    points, channels, transitions...) warns, with one
    :class:`~journeykit.errors.JourneyWarning` naming what is left out
    (:func:`journeykit.formats.mermaid.dropped`); so does :func:`dump`.

    Raises
    ------
    FormatError
        When the text would be larger than ``max_bytes`` bytes, hold more
        than ``max_values`` values, nest deeper than :data:`MAX_DEPTH` or have
        a whole number of more than :data:`MAX_DIGITS` digits.

    Examples
    --------
    >>> import journeykit as jk
    >>> print(jk.dumps(jk.Journey(title="T"), format="json"))
    {
      "journeykit": 1,
      "title": "T"
    }
    >>> jk.dumps(jk.Journey(title="T" * 100), max_bytes=100)
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: the journey's texts alone are more than the 100 bytes ...
    """
    return _dumped(journey, format, max_bytes, max_values)[0]


def _dumped(journey: Journey, format: str, max_bytes: int, max_values: int) -> tuple[str, bytes]:
    """The text of a journey file and its UTF-8 bytes, held to the limits that reading keeps."""
    check_journey(journey)
    format = _check_format(format)
    _limits(max_bytes, max_values)
    if format == "mermaid":
        from journeykit.formats import mermaid

        text = mermaid.dumps(journey)
    else:
        check_least_values(journey, max_values)  # before the slow part: a huge one fails fast
        data = to_data(journey)
        check_data(data, max_values=max_values, max_bytes=max_bytes, mode="write")
        text = _json.dump(data) if format == "json" else _yaml.dump(data)
    payload = encoded(text)
    if len(payload) > max_bytes:
        raise FormatError(bytes_message(max_bytes, len(payload), format))
    return text, payload


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
    suffix = Path(file_name(path)).suffix.lower()
    for name, endings in FORMATS.items():
        if suffix in endings:
            return cast(Format, name)
    raise NotFoundError(
        "format for the file ending", suffix, [e for endings in FORMATS.values() for e in endings]
    )


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_values: int = MAX_VALUES,
    strict: bool = True,
) -> Journey:
    """Read a journey file; the format comes from the file ending unless given.

    Only a regular file is read: a folder, a FIFO, a device or a socket is
    refused before anything is read from it (a FIFO would wait for a writer
    forever). Errors name the file and, for YAML, the line. ``max_bytes`` and
    ``max_values`` are the limits :func:`loads` keeps, and ``strict`` is its
    choice for Mermaid scores journeykit's scale cannot hold.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.load("examples/car-purchase.yaml")
    >>> j.persona.name
    'Daniela Vargas'
    """
    name = file_name(path)
    chosen = format_of(name, format)
    _limits(max_bytes, max_values)
    with os.fdopen(open_regular(name), "rb") as stream:
        try:
            data = read_limited(stream, max_bytes, source=name, what="the file")
        except OSError as error:
            raise FormatError(f"cannot read: {error.strerror}", source=name) from None
    return loads(
        data,
        format=chosen,
        source=name,
        max_bytes=max_bytes,
        max_values=max_values,
        strict=strict,
    )


def dump(
    journey: Journey,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_values: int = MAX_VALUES,
) -> None:
    """Write a journey file atomically; the format comes from the file ending unless given.

    The text is produced in full and held to the limits :func:`load` keeps
    (``max_bytes`` and ``max_values``, as there) before the file is touched,
    then written to a temporary file beside it and renamed over it, so a
    failure leaves the old file as it was. A symbolic link stays a link (the
    file it points to is replaced); a FIFO or a character device such as
    ``/dev/null`` is written through, and ``/dev/stdout`` writes to standard
    output: none is ever replaced by a regular file.

    Examples
    --------
    >>> import journeykit as jk, pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "t.json"
    >>> jk.dump(jk.Journey(title="T"), target)
    >>> jk.load(target).title
    'T'
    """
    name = file_name(path)
    chosen = format_of(name, format)
    try:
        payload = _dumped(journey, chosen, max_bytes, max_values)[1]
    except FormatError as error:
        raise FormatError(error.message, source=name, line=error.line) from None
    write_atomic(name, payload)
