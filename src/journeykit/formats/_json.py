"""JSON text, read strictly: duplicate keys and NaN or Infinity refused; written stably.

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
from typing import Any

from journeykit.errors import FormatError

__all__ = ["dump", "parse"]


def parse(text: str, source: str | None) -> object:
    """Read a JSON document as plain data.

    Raises
    ------
    FormatError
        For text that is not JSON, a duplicate key, ``NaN`` or ``Infinity``,
        or a document nested too deeply; with the line where it is known.

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
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise FormatError(
            f"invalid JSON: {error.msg}", source=source, line=error.lineno, column=error.colno
        ) from None
    except ValueError as error:
        raise FormatError(f"invalid JSON: {error}", source=source) from None
    except RecursionError:
        raise FormatError("nested too deeply to read", source=source) from None


def dump(data: object) -> str:
    """Write plain data as indented JSON, keys in the order given, ending with a new line."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
