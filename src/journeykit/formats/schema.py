"""The JSON Schema of journey files, made from the model so the two cannot drift.

The schema ships inside the package as ``journeykit.schema.json`` (next to this
module) so editors can complete and check journey files: point the YAML
language server at it with a first line such as
``# yaml-language-server: $schema=<path or URL of journeykit.schema.json>``.
Descriptions come from the model's docstrings.

Regenerate the shipped file after changing the model (a test fails until you do)::

    python -m journeykit.formats.schema > src/journeykit/formats/journeykit.schema.json

Examples
--------
>>> schema = load_schema()
>>> schema["properties"]["journeykit"]
{'const': 1, 'description': 'The format version of the file.'}
>>> schema == json_schema()
True
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

from journeykit import vocab
from journeykit.formats.files import file_key
from journeykit.model import (
    MAX_COUNT,
    MAX_MAGNITUDE,
    Evidence,
    Journey,
    Persona,
    Stage,
    Touchpoint,
    Transition,
)

__all__ = ["json_schema", "load_schema"]

_CLASSES = (Journey, Persona, Stage, Touchpoint, Transition, Evidence)
_FROM_TEXT = (Persona, Stage, Touchpoint)  # a bare string in a list is the object's name
_EMOTION = {"type": "number", "minimum": vocab.EMOTION_MIN, "maximum": vocab.EMOTION_MAX}
_SHARE = {"type": "number", "minimum": 0, "maximum": 1}
_ID_PATTERN = r"^[\w][\w.\-]*$"


def _field_docs(cls: type) -> dict[str, str]:
    """Read the numpydoc ``Attributes`` section of a class docstring."""
    doc = inspect.getdoc(cls) or ""
    docs: dict[str, str] = {}
    match = re.search(
        r"^(?:Attributes|Parameters)\n-+\n(.*?)(?:\n\n[A-Z][a-z]+\n-+\n|\Z)", doc, re.M | re.S
    )
    if not match:
        return docs
    names: list[str] = []
    for line in match.group(1).splitlines():
        if line and not line.startswith(" ") and line.rstrip().endswith(":"):
            names = [n.strip() for n in line.rstrip()[:-1].split(",")]
            for name in names:
                docs[name] = ""
        elif line.strip() and names:
            for name in names:
                docs[name] = (docs[name] + " " + line.strip()).strip()
    return docs


def _type_schema(cls: type, name: str, kind: Any) -> dict[str, Any]:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if kind is str:
        return {"type": "string"}
    if kind is bool:
        return {"type": "boolean"}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        base = _type_schema(cls, name, inner[0])
        return {"anyOf": [base, {"type": "null"}]}
    if kind is int:
        return {"type": "integer"}
    if kind is float:
        return {"type": "number"}
    if origin is tuple:
        item = args[0]
        if item is str:
            texts = {"type": "array", "items": {"type": "string"}}
            return {"anyOf": [{"type": "string"}, texts]}
        ref = {"$ref": f"#/$defs/{item.__name__}"}
        items = (
            {"anyOf": [ref, {"type": "string", "pattern": r"\S"}]} if item in _FROM_TEXT else ref
        )
        return {"type": "array", "items": items}
    if origin is Mapping:
        value = args[1]
        if value is float:
            return {"type": "object", "additionalProperties": {"type": "number"}}
        if value is str:
            return {"type": "object", "additionalProperties": {"type": "string"}}
        return {"type": "object"}
    raise TypeError(f"no schema for {cls.__name__}.{name}: {kind!r}")


def _refine(cls: type, name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The rules the types alone do not say."""
    if name == "id":
        return {"type": "string", "pattern": _ID_PATTERN}
    if name in ("name", "title") or (cls is Transition and name == "source"):
        return {"type": "string", "pattern": r"\S"}
    if cls is Touchpoint and name == "emotion":
        return {"anyOf": [_EMOTION, {"type": "null"}]}
    if cls is Touchpoint and name == "emotions":
        return {"type": "object", "additionalProperties": _EMOTION}
    if name in ("probability", "confidence"):
        return {"anyOf": [_SHARE, {"type": "null"}]}
    if cls is Persona and name == "age":
        return {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 150}, {"type": "null"}]}
    if cls is Transition and name in ("count", "weight"):
        number = "integer" if name == "count" else "number"
        most = MAX_COUNT if name == "count" else MAX_MAGNITUDE
        return {"anyOf": [{"type": number, "minimum": 0, "maximum": most}, {"type": "null"}]}
    if cls is Touchpoint and name == "metrics":
        known: dict[str, Any] = {}
        for metric in vocab.METRICS.values():
            rule: dict[str, Any] = {"type": "number", "description": metric.description}
            if metric.low is not None:
                rule["minimum"] = metric.low
            if metric.high is not None:
                rule["maximum"] = metric.high
            known[metric.name] = rule
        return {**schema, "properties": known}
    return schema


def _class_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    docs = _field_docs(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
    for field in fields:
        if not field.init or field.name.startswith("_"):
            continue
        key = file_key(cls, field.name)
        schema = _refine(cls, field.name, _type_schema(cls, field.name, hints[field.name]))
        if docs.get(field.name):
            schema = {**schema, "description": docs[field.name]}
        properties[key] = schema
        if field.default is attrs.NOTHING:
            required.append(key)
    summary = (inspect.getdoc(cls) or "").split("\n", 1)[0]
    out: dict[str, Any] = {
        "type": "object",
        "description": summary,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def json_schema() -> dict[str, Any]:
    """Build the JSON Schema (draft 2020-12) of journey files from the model.

    Examples
    --------
    >>> schema = json_schema()
    >>> sorted(schema["$defs"])
    ['Evidence', 'Persona', 'Stage', 'Touchpoint', 'Transition']
    >>> schema["$defs"]["Transition"]["required"]
    ['from']
    """
    root = _class_schema(Journey)
    root["properties"] = {
        "journeykit": {"const": 1, "description": "The format version of the file."},
        **root["properties"],
        "persona": {"$ref": "#/$defs/Persona", "description": "The one persona the map follows."},
    }
    # `persona` is the one-persona shorthand of `personas`; a file gives one or the other.
    root["required"] = ["journeykit", *root.get("required", [])]
    root["not"] = {"required": ["persona", "personas"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://journeykit.readthedocs.io/schema/journeykit-1.schema.json",
        "title": "journeykit journey map, format version 1",
        **root,
        "$defs": {cls.__name__: _class_schema(cls) for cls in _CLASSES if cls is not Journey},
    }


def load_schema() -> dict[str, Any]:
    """Return the JSON Schema shipped in the package.

    Examples
    --------
    >>> load_schema()["title"]
    'journeykit journey map, format version 1'
    """
    text = (
        resources.files("journeykit.formats").joinpath("journeykit.schema.json").read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _main() -> None:
    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    _main()
