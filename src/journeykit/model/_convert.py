"""What a model field accepts: the converters, each naming the field it refuses a value for.

A converter takes the value given and the attrs field it converts, and
returns the value the object keeps (a tuple for a list, a dict for a
mapping). When it refuses the value it raises
``ValidationError.single(field.name + below, message)``, ``below`` being
where inside the value the fault is (``[2]``, ``.nps``), so the message reads
the same whether the object came from Python or from a file (the file
readers add the path of the object: ``stages[0].touchpoints[1].emotion``).

attrs hands a converter its field when it is wrapped in
``attrs.Converter(converter, takes_field=True)``; every model class does that
for all its converters at once with ``field_transformer=pass_field``. The
converters keep a plain ``(value, field=None)`` signature so that attrs' type
stubs and mypy's attrs plugin, which expect one-argument converters, read the
constructor's parameter types from the first parameter.

Examples
--------
>>> import attrs
>>> @attrs.frozen(kw_only=True, field_transformer=pass_field)
... class Note:
...     body: str = attrs.field(converter=text, validator=not_blank)
...     tags: tuple[str, ...] = attrs.field(factory=tuple, converter=texts)
>>> Note(body="Hi", tags="short").tags
('short',)
>>> Note(body="Hi", tags=["ok", 3])
Traceback (most recent call last):
...
journeykit.errors.ValidationError: tags[1]: must be text, got int 3
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias, TypeGuard, TypeVar, cast

import attrs

from journeykit import validators
from journeykit.errors import ValidationError
from journeykit.model._kinds import MAX_MAGNITUDE, MAX_METADATA_DEPTH
from journeykit.validators import UNPRINTABLE, describe

__all__ = [
    "flag",
    "items",
    "labels",
    "not_blank",
    "numbers",
    "optional_number",
    "optional_text",
    "pass_field",
    "plain_data",
    "text",
    "text_field",
    "texts",
    "whole",
]

Field: TypeAlias = "attrs.Attribute[Any]"
_T = TypeVar("_T")

# How large a number a map may hold, either sign (standard metrics have narrower ranges).
_MAGNITUDE = validators.Range(-MAX_MAGNITUDE, MAX_MAGNITUDE, wording="between")


def pass_field(cls: type, fields: list[Field]) -> list[Field]:
    """An attrs field transformer: hand every converter its field (``takes_field=True``)."""
    return [_passing_field(field) for field in fields]


def _passing_field(field: Field) -> Field:
    converter: object = field.converter  # the function given (attrs' stubs say a Converter)
    if callable(converter) and not isinstance(converter, attrs.Converter):
        return field.evolve(converter=_taking_field(converter))
    return field


@functools.cache
def _taking_field(converter: Callable[..., object]) -> attrs.Converter[Any, object]:
    # One wrapper a converter, shared by its fields: making one reads the
    # function's signature, and the model has 70-odd fields but a dozen converters.
    return attrs.Converter(converter, takes_field=True)


def _path(field: Field | None, below: str = "") -> str:
    """Where a refused value is: the field's name, then ``below`` it."""
    return (field.name if field is not None else "") + below


def _not_a(what: str, value: object, path: str) -> ValidationError:
    """The refusal of a value of the wrong type: what was wanted, and what came."""
    return ValidationError.single(
        path, f"must be {what}, got {type(value).__name__} {describe(value)}"
    )


def _mapping(value: object, field: Field | None, what: str) -> Mapping[Any, Any]:
    """The value as a mapping (``{}`` for None), or its refusal: ``must be a mapping{what}``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError.single(
            _path(field), f"must be a mapping{what}, got {type(value).__name__}"
        )
    return value


def _checked_text(value: object, path: str) -> str:
    """Text that keeps the one rule of every text (:func:`journeykit.validators.printable`)."""
    return cast(str, validators.check(path, value, validators.printable))


def _checked_key(key: object, path: str, *, empty: bool = False) -> str:
    """A key of a mapping at ``path``: text (not empty, unless ``empty``) keeping the text rule."""
    if not isinstance(key, str) or not (key or empty):
        kind = "texts" if empty else "non-empty texts"
        raise ValidationError.single(path, f"keys must be {kind}, got {describe(key)}")
    bad = UNPRINTABLE.search(key)
    if bad:
        raise ValidationError.single(
            path,
            f"keys must not contain control characters, got U+{ord(bad.group()):04X} "
            f"at position {bad.start()} of {describe(key)}",
        )
    return key


def _checked_number(value: object, path: str) -> float:
    """A finite number no larger than :data:`~journeykit.model.MAX_MAGNITUDE`, either sign."""
    if not _is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        raise ValidationError.single(path, f"must be a finite number, got {describe(value)}")
    _MAGNITUDE.check(path, value)
    return value


def _clean(value: object) -> bool:
    """Whether ``value`` is text that keeps the rule: the common case, checked cheaply first."""
    return type(value) is str and (not value or UNPRINTABLE.search(value) is None)


def text(value: str, field: Field | None = None) -> str:
    """Text without control characters."""
    return value if _clean(value) else _checked_text(value, _path(field))


def optional_text(value: str | None, field: Field | None = None) -> str | None:
    """Text, or None."""
    if value is None or _clean(value):
        return value
    return _checked_text(value, _path(field))


def text_field() -> Any:
    """An optional text field (``""`` when not given)."""
    return attrs.field(default="", converter=_taking_field(text))


def texts(value: Iterable[str] | str | None, field: Field | None = None) -> tuple[str, ...]:
    """A tuple of texts; one text alone is a one-item tuple."""
    if value is None or (type(value) is tuple and not value):  # the common case: left empty
        return ()
    if isinstance(value, str):
        return (value,)
    if type(value) not in (list, tuple) and (
        isinstance(value, Mapping) or not isinstance(value, Iterable)
    ):
        raise _not_a("a list of texts", value, _path(field))
    found = tuple(value)
    if all(_clean(item) for item in found):
        return found
    return tuple(_checked_text(item, _path(field, f"[{i}]")) for i, item in enumerate(found))


def items(
    value: object,
    field: Field | None,
    kind: type[_T],
    from_text: Callable[[str], _T] | None = None,
) -> tuple[_T, ...]:
    """A tuple of ``kind``, making one from each text when ``from_text`` is given.

    One item alone (an object, a text or a mapping) is a one-item tuple.
    """
    if value is None:
        return ()
    if isinstance(value, kind | str | Mapping):
        value = (value,)
    if not isinstance(value, Iterable):
        raise _not_a("a list", value, _path(field))
    return tuple(
        _item(item, _path(field, f"[{index}]"), kind, from_text)
        for index, item in enumerate(cast(Iterable[object], value))
    )


def _item(item: object, path: str, kind: type[_T], from_text: Callable[[str], _T] | None) -> _T:
    if isinstance(item, kind):
        return item
    if isinstance(item, str) and from_text is not None:
        try:
            return from_text(item)
        except ValidationError as error:
            raise error.within(path) from None
    raise _not_a(f"a {kind.__name__}", item, path)


def _plain(key: object, number: object) -> bool:
    """Whether a metric is a clean name and a plain finite number in range (cheaply)."""
    kind = type(number)
    return (
        (kind is int or (kind is float and math.isfinite(number)))  # type: ignore[arg-type]
        and -MAX_MAGNITUDE <= number <= MAX_MAGNITUDE  # type: ignore[operator]
        and key != ""
        and _clean(key)
    )


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numbers(value: Mapping[str, float] | None, field: Field | None = None) -> dict[str, float]:
    """A mapping of names to finite numbers (metrics, per-persona emotions)."""
    if value is None or (type(value) is dict and not value):
        return {}  # the common case: none
    if type(value) is dict and all(_plain(key, number) for key, number in value.items()):
        return dict(value)  # the common case again: nothing to report, so nothing to build
    path = _path(field)
    return {
        _checked_key(key, path): _checked_number(number, f"{path}.{key}")
        for key, number in _mapping(value, field, " of names to numbers").items()
    }


def optional_number(value: float | None, field: Field | None = None) -> float | None:
    """A number, or None (its range is a validator's business)."""
    if value is not None and not _is_number(value):
        raise _not_a("a number", value, _path(field))
    return value


def whole(value: int | None, field: Field | None = None) -> int | None:
    """A whole number, or None."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise _not_a("a whole number", value, _path(field))
    return value


def labels(value: Mapping[str, str] | None, field: Field | None = None) -> dict[str, str]:
    """A mapping of texts to texts (a persona's demographics), each keeping the text rule."""
    path = _path(field)
    out: dict[str, str] = {}
    for key, label in _mapping(value, field, " of names to texts").items():
        if not isinstance(key, str) or not isinstance(label, str):
            raise ValidationError.single(
                path, f"must map texts to texts, got {describe(key)}: {describe(label)}"
            )
        name = _checked_key(key, path, empty=True)  # before the value: its path holds the key
        out[name] = _checked_text(label, f"{path}.{name}")
    return out


def flag(value: bool, field: Field | None = None) -> bool:
    """True or false: :func:`journeykit.validators.boolean`, run as the value is converted."""
    given: object = value  # declared bool for the classes' signatures; anything may come
    if given is True or given is False:
        return given
    return validators.check(_path(field), value, validators.boolean)


def plain_data(value: Mapping[str, Any] | None, field: Field | None = None) -> dict[str, Any]:
    """Free data (a map's metadata) that every file format can hold: texts, numbers, lists..."""
    mapping = _mapping(value, field, "")
    _check_plain(mapping, _path(field))
    return dict(mapping)


def _check_plain(value: object, path: str, depth: int = 0) -> None:
    if depth > MAX_METADATA_DEPTH:
        raise ValidationError.single(
            path, f"nested too deeply (more than {MAX_METADATA_DEPTH} levels)"
        )
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        _checked_text(value, path)
        return
    if isinstance(value, int | float):
        _checked_number(value, path)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _check_plain(item, f"{path}.{_checked_key(key, path, empty=True)}", depth + 1)
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_plain(item, f"{path}[{index}]", depth + 1)
        return
    raise ValidationError.single(
        path,
        f"must be text, a number, true/false, a list or a mapping, got {type(value).__name__}",
    )


def not_blank(instance: object, attribute: Field, value: str) -> None:
    """A validator: text with something other than spaces in it."""
    if not value.strip():
        raise ValidationError.single(attribute.name, "must not be empty")
