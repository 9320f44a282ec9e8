"""JSON text, read strictly: duplicate keys and NaN or Infinity refused; written stably.

A document is held to the limits of a journey file as it is read: whole
numbers of more than :data:`~journeykit.formats._convert.MAX_DIGITS` digits are
refused by the parser itself, then the values and the nesting are counted in
one pass (:func:`~journeykit.formats._convert.check_data`).

Examples
--------
>>> parse('{"a": 1}', None)
{'a': 1}
>>> print(dump({"a": "é"}), end="")
{
  "a": "é"
}
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from journeykit.errors import FormatError
from journeykit.formats._convert import MAX_DIGITS, MAX_VALUES, check_data, digits_message

__all__ = ["dump", "parse"]


class _TooLongError(ValueError):
    """A whole number with more digits than a journey file holds: its text."""


def _whole(text: str) -> int:
    if len(text) - text.startswith("-") > MAX_DIGITS:
        raise _TooLongError(text)
    try:
        return int(text)
    except ValueError:  # past the interpreter's own limit, set lower than ours
        raise _TooLongError(text) from None


def _has_long_digits(text: str) -> bool:
    """Whether the text has a run of digits longer than a whole number may be, anywhere.

    Only then are numbers read one by one (a call for each is slower than the
    parser's own reading, by five times on a file of numbers).
    """
    limit = min(sys.get_int_max_str_digits() or MAX_DIGITS, MAX_DIGITS)
    return re.search(f"[0-9]{{{limit + 1}}}", text) is not None


def parse(text: str, source: str | None, max_values: int = MAX_VALUES) -> object:
    """Read a JSON document as plain data.

    Raises
    ------
    FormatError
        For text that is not JSON, a duplicate key, ``NaN`` or ``Infinity``,
        a whole number of more than :data:`MAX_DIGITS` digits, or a document
        past the limits of a journey file (values, depth); with the line
        where it is known.

    Examples
    --------
    >>> parse('{"a": 1, "a": 2}', "f.json")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: f.json: invalid JSON: duplicate key 'a'
    """

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
        whole = _whole if _has_long_digits(text) else None
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant, parse_int=whole)
    except _TooLongError as error:
        number = str(error)
        digits = len(number) - number.startswith("-")
        line = text.count("\n", 0, max(text.find(number), 0)) + 1
        raise FormatError(digits_message(digits), source=source, line=line) from None
    except json.JSONDecodeError as error:
        raise FormatError(
            f"invalid JSON: {error.msg}", source=source, line=error.lineno, column=error.colno
        ) from None
    except ValueError as error:
        raise FormatError(f"invalid JSON: {error}", source=source) from None
    except RecursionError:
        raise FormatError("nested too deeply to read", source=source) from None
    check_data(data, max_values=max_values, source=source)
    return data


def dump(data: object) -> str:
    """Write plain data as indented JSON, keys in the order given, ending with a new line."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
