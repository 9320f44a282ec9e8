"""journeykit: customer journey maps as code.

Model a journey (persona, stages, touchpoints, channels, emotions, pain points,
opportunities, owners, metrics), keep it as a readable YAML or JSON file, analyse
it, and render it through interchangeable renderers.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Buying flowers", stages=[
...     jk.Stage(name="Find", touchpoints=[jk.Touchpoint(name="Sees a Google ad", emotion=1)]),
...     jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Checks out", emotion=-1)]),
... ])
>>> j2 = jk.loads(jk.dumps(j))
>>> j2 == j
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from journeykit._version import __version__
from journeykit.errors import (
    FormatError,
    JourneyError,
    JourneyWarning,
    NotFoundError,
    Problem,
    RenderError,
    ValidationError,
)

if TYPE_CHECKING:
    from journeykit import analysis, graph, mining, renderers, vocab
    from journeykit._serve import serve
    from journeykit._slugs import slugify
    from journeykit.formats.files import dump, dumps, load, loads
    from journeykit.model import Evidence, Journey, Persona, Stage, Touchpoint, Transition
    from journeykit.renderers import render

__all__ = [
    "Evidence",
    "FormatError",
    "Journey",
    "JourneyError",
    "JourneyWarning",
    "NotFoundError",
    "Persona",
    "Problem",
    "RenderError",
    "Stage",
    "Touchpoint",
    "Transition",
    "ValidationError",
    "__version__",
    "analysis",
    "dump",
    "dumps",
    "graph",
    "load",
    "loads",
    "mining",
    "render",
    "renderers",
    "serve",
    "slugify",
    "vocab",
]

_SUBMODULES = frozenset({"analysis", "graph", "mining", "renderers", "vocab"})
_FILES = frozenset({"dump", "dumps", "load", "loads"})
_MODEL = frozenset({"Evidence", "Journey", "Persona", "Stage", "Touchpoint", "Transition"})


def __getattr__(name: str) -> Any:
    value = _load(name)
    globals()[name] = value  # later look-ups find it without this hook
    return value


def _load(name: str) -> Any:
    # Submodules load on first use, so `import journeykit` stays light: no
    # renderer backend, dataframe library or Graphviz is imported up front.
    if name in _SUBMODULES:
        return importlib.import_module(f"journeykit.{name}")
    if name in _MODEL:  # the model too: mining a log's variants never builds a journey
        return getattr(importlib.import_module("journeykit.model"), name)
    if name == "slugify":
        from journeykit._slugs import slugify

        return slugify
    if name in _FILES:  # YAML, cattrs and the file checks: not needed to mine or draw a map
        return getattr(importlib.import_module("journeykit.formats.files"), name)
    if name == "render":
        from journeykit.renderers import render

        return render
    if name == "serve":  # the live preview: http.server and watchfiles only when asked for
        from journeykit._serve import serve

        return serve
    raise AttributeError(f"module 'journeykit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
