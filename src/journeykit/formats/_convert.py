"""The cattrs converter between plain data in the file structure and the model.

Scalars and mappings pass through untouched: the model's own converters check
them and name the field, so messages read the same from Python and from files.
cattrs builds the nested objects and refuses unknown keys; :func:`problems`
flattens its tree of failures into :class:`~journeykit.errors.Problem` lines
with the field path as written in files (``stages[2].touchpoints[0].emotion``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from journeykit.errors import Problem, ValidationError
from journeykit.model import Evidence, Journey, Persona, Stage, Touchpoint, Transition

__all__ = ["CONVERTER", "VERSION_KEY", "describe", "file_key", "problems"]

#: The key of the format version, first in every file.
VERSION_KEY = "journeykit"
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


#: Structures plain data into the model (refusing unknown keys) and back.
CONVERTER = _make_converter()


def problems(error: BaseException, path: str = "") -> Iterator[Problem]:
    """Flatten cattrs' tree of failures into problems with field paths."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            yield problem.within(path)
    elif isinstance(error, ForbiddenExtraKeysError):
        allowed = sorted(file_key(error.cl, f.name) for f in attrs.fields(error.cl) if f.init)
        if error.cl is Journey:
            allowed = sorted([*allowed, "persona", VERSION_KEY])
        for key in sorted(error.extra_fields, key=str):
            yield Problem(
                _join(path, str(key)), f"unknown key; allowed keys are {', '.join(allowed)}"
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
