"""The cattrs converter between plain data in the file structure and the model.

Scalars and mappings pass through untouched: the model's own converters check
them and name the field, so messages read the same from Python and from files.
cattrs builds the nested objects and refuses unknown keys; :func:`problems`
flattens its tree of failures into :class:`~journeykit.errors.Problem` lines
with the field path as written in files (``stages[2].touchpoints[0].emotion``).

It also holds the limits every journey file keeps, read or written (the
values a document holds, how deeply it nests, the digits of its numbers), and
:func:`check_data`, which holds plain data to them; the readers check the
same limits while they parse.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, Literal

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from journeykit._suggest import hint
from journeykit.errors import FormatError, Problem, ValidationError
from journeykit.model import Evidence, Journey, Persona, Stage, Touchpoint, Transition

__all__ = [
    "CONVERTER",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_PROBLEMS",
    "MAX_VALUES",
    "VERSION_KEY",
    "bytes_message",
    "check_data",
    "check_least_values",
    "counting_unlisted",
    "depth_message",
    "describe",
    "digits_message",
    "file_key",
    "problems",
    "values_message",
    "whole_fits",
]

#: The key of the format version, first in every file.
VERSION_KEY = "journeykit"

#: The most values (texts, numbers, lists, mappings, keys included) one journey file holds,
#: counting a YAML alias each time it is used; ``load`` and ``dump`` take ``max_values``.
MAX_VALUES = 250_000
#: The deepest nesting of lists and mappings in a journey file (the document itself is level 1).
MAX_DEPTH = 50
#: The most digits a whole number in a journey file has (Python's own default for text to int).
MAX_DIGITS = 4_300
#: The most problems one ValidationError from a file lists; a last line counts the others.
MAX_PROBLEMS = 20

_WHOLE_BOUND: int = 10**MAX_DIGITS
_SIMPLER = "simplify the journey, e.g. mine it with a larger --min-share; in Python, pass"
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


def describe(value: object) -> str:
    """Name the kind of a value read from a file, for error messages.

    Examples
    --------
    >>> describe([1]), describe(None)
    ('a list', 'nothing (null)')
    """
    names = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
             bool: "true/false", type(None): "nothing (null)"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


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


def _mapping_first(
    cls: type, structure: Callable[[Any, Any], Any], fields: list[str], renames: Mapping[str, str]
) -> Callable[[Any, Any], Any]:
    keys = [renames.get(name, name) for name in fields]

    def hook(value: Any, kind: Any) -> Any:
        if not isinstance(value, Mapping):
            raise ValidationError.single(
                "",
                f"must be a mapping with keys such as {', '.join(keys[:4])}, got {describe(value)}",
            )
        return structure(value, kind)

    return hook


def _items_of(converter: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    """Lists of model objects; strings pass through (the model turns a name into an object)."""

    def hook(value: Any, kind: Any) -> Any:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ValidationError.single("", f"must be a list, got {describe(value)}")
        out: list[Any] = []
        found: list[Problem] = []
        unlisted = _UNLISTED.get()
        for index, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
                continue
            try:
                out.append(converter.structure(item, cls))
            except Exception as error:  # flattened at once: no traceback is kept per item
                if unlisted is not None and len(found) >= MAX_PROBLEMS:
                    unlisted[0] += sum(1 for _ in problems(error))
                else:
                    found.extend(problem.within(f"[{index}]") for problem in problems(error))
        if found:
            raise ValidationError(found)
        return tuple(out)

    return hook


#: Structures plain data into the model (refusing unknown keys) and back.
CONVERTER = _make_converter()

# While a file is read: how many problems were counted and not kept (see counting_unlisted).
_UNLISTED: ContextVar[list[int] | None] = ContextVar("unlisted", default=None)


@contextlib.contextmanager
def counting_unlisted() -> Iterator[list[int]]:
    """Within, each list of model objects keeps its first :data:`MAX_PROBLEMS` problems only.

    The others are counted in the one-item list yielded, so that a file with
    a hundred thousand broken touchpoints costs the checks, not a hundred
    thousand problems carried up through every enclosing object. The first
    :data:`MAX_PROBLEMS` problems of the whole document are always kept.

    Examples
    --------
    >>> with counting_unlisted() as unlisted:
    ...     try:
    ...         CONVERTER.structure([{"name": "T", "emotion": 9}] * 25, tuple[Touchpoint, ...])
    ...     except ValidationError as error:
    ...         print(len(error.problems), unlisted[0])
    20 5
    """
    unlisted = [0]
    token = _UNLISTED.set(unlisted)
    try:
        yield unlisted
    finally:
        _UNLISTED.reset(token)


def problems(error: BaseException, path: str = "") -> Iterator[Problem]:
    """Flatten cattrs' tree of failures into problems with field paths."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            yield problem.within(path)
    elif isinstance(error, ForbiddenExtraKeysError):
        allowed = sorted(file_key(error.cl, f.name) for f in attrs.fields(error.cl) if f.init)
        if error.cl is Journey:
            allowed = sorted([*allowed, "persona", VERSION_KEY])
        for count, key in enumerate(sorted(error.extra_fields, key=str)):
            close = hint(str(key), allowed) if count < MAX_PROBLEMS else ""  # the listed only
            yield Problem(
                _join(path, str(key)), f"unknown key; allowed keys are {', '.join(allowed)}{close}"
            )
    elif isinstance(error, ClassValidationError | IterableValidationError):
        for inner in error.exceptions:
            yield from problems(inner, _join(path, _step(inner, error.cl)))
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
# The limits of a journey file


def values_message(limit: int, *, aliases: bool = False, writing: bool = False) -> str:
    """The rule a document with too many values breaks, in the words every reader and writer uses.

    Examples
    --------
    >>> values_message(10)
    'holds more than 10 values; a journey file holds at most 10 (pass max_values to read more)'
    """
    held = "expands through its aliases to" if aliases else "holds"
    if writing:
        return (
            f"the journey {held} more than {limit:,} values, and load reads at most {limit:,} "
            f"from one file; it was not written ({_SIMPLER} max_values to both dump and load)"
        )
    return (
        f"{held} more than {limit:,} values; a journey file holds at most {limit:,} "
        "(pass max_values to read more)"
    )


def bytes_message(limit: int, size: int | None = None, format: str | None = None) -> str:
    """The rule a journey too large to write breaks: its size in ``format``, or its texts alone.

    Examples
    --------
    >>> bytes_message(100, 122, "yaml")
    'the journey is 122 bytes as yaml, more than the 100 bytes load reads from one file; ...'
    """
    held = (
        f"the journey is {size:,} bytes as {format}," if size else "the journey's texts alone are"
    )
    return (
        f"{held} more than the {limit:,} bytes load reads from one file; it was not written "
        f"({_SIMPLER} max_bytes to both dump and load)"
    )


def depth_message(*, writing: bool = False) -> str:
    """The rule a document nested too deeply breaks.

    Examples
    --------
    >>> depth_message()
    'nested more than 50 levels deep; a journey file nests at most 50'
    """
    rule = f"nested more than {MAX_DEPTH} levels deep; a journey file nests at most {MAX_DEPTH}"
    return f"{rule}, so it was not written" if writing else rule


def digits_message(digits: int | None = None, *, writing: bool = False) -> str:
    """The rule a whole number with too many digits breaks.

    Examples
    --------
    >>> digits_message(5000)
    'a whole number of 5,000 digits; numbers in journey files have at most 4,300 digits'
    """
    size = f"{digits:,} digits" if digits is not None else f"more than {MAX_DIGITS:,} digits"
    rule = f"a whole number of {size}; numbers in journey files have at most {MAX_DIGITS:,} digits"
    return f"{rule}, so it was not written" if writing else rule


def check_data(
    data: object,
    *,
    max_values: int = MAX_VALUES,
    max_bytes: int | None = None,
    source: str | None = None,
    mode: Literal["read", "write"] = "read",
) -> None:
    """Refuse plain data past the limits of a journey file: values, depth, digits, bytes.

    One pass without recursion, stopping at the first value past a limit, so
    the time it takes grows with ``max_values`` at most. ``mode`` words the
    error for a reader or for a writer (which refuses before it writes).
    ``max_bytes`` refuses data whose texts (keys included) are longer than
    that alone, before any time goes into writing them.

    Raises
    ------
    FormatError
        Naming the rule and, for a number or a nesting, the field path.

    Examples
    --------
    >>> check_data({"a": [1, 2]})
    >>> check_data({"a": [1, 2]}, max_values=3)
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: holds more than 3 values; a journey file holds at most 3 ...
    >>> check_data({"n": [10**5000]}, mode="write")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: n[0]: a whole number of more than 4,300 digits; ... not written
    """
    writing = mode == "write"
    _check_whole(data, "", source, writing)
    count = 1
    size = len(data) if isinstance(data, str) else 0
    stack: list[tuple[dict[Any, Any] | list[Any] | tuple[Any, ...], str, int]] = []
    if isinstance(data, dict | list | tuple):
        stack.append((data, "", 1))
    while stack:
        value, path, depth = stack.pop()
        count += 2 * len(value) if isinstance(value, dict) else len(value)
        if count > max_values:
            raise FormatError(values_message(max_values, writing=writing), source=source)
        if depth > MAX_DEPTH:
            raise FormatError(f"{path}: {depth_message(writing=writing)}", source=source)
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in pairs:
            if isinstance(key, str):
                size += len(key)
            if isinstance(item, dict | list | tuple):
                stack.append((item, _path_to(path, key), depth + 1))
            elif type(item) is int:
                _check_whole(item, path, source, writing, key)
            elif type(item) is str:
                size += len(item)
    if max_bytes is not None and size > max_bytes:  # each character is one byte at least
        raise FormatError(bytes_message(max_bytes), source=source)


def check_least_values(journey: Journey, max_values: int) -> None:
    """Refuse a journey that holds more than ``max_values`` values, counting only what it must.

    Each transition is written as a mapping of two keys at least (``from``, and
    ``to`` or ``kind``) and each touchpoint as a mapping of one key at least:
    five values and three. So a journey mined from 100k activities is refused
    at once, before the time it takes to turn a million objects into data.

    Raises
    ------
    FormatError
        When even that count is more than ``max_values``.

    Examples
    --------
    >>> j = Journey(title="T", stages=[Stage(name="S", touchpoints=["a", "b"])],
    ...             transitions=[Transition(source=t, kind="exit") for t in "ab"])
    >>> check_least_values(j, max_values=16)  # two of each: 2 * 5 + 2 * 3
    >>> check_least_values(j, max_values=15)
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: the journey holds more than 15 values, and load reads at most ...
    """
    if 5 * len(journey.transitions) + 3 * len(journey.touchpoints) > max_values:
        raise FormatError(values_message(max_values, writing=True))


def whole_fits(value: int) -> bool:
    """Whether a whole number has at most :data:`MAX_DIGITS` digits.

    Examples
    --------
    >>> whole_fits(-(10**4300) + 1), whole_fits(10**4300)
    (True, False)
    """
    return -_WHOLE_BOUND < value < _WHOLE_BOUND


def _check_whole(
    value: object, path: str, source: str | None, writing: bool, key: object = None
) -> None:
    if type(value) is int and not whole_fits(value):
        where = _path_to(path, key) if key is not None else path
        message = digits_message(writing=writing)
        raise FormatError(f"{where}: {message}" if where else message, source=source)


def _path_to(path: str, key: object) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else _join(path, str(key))
