r"""Interchangeable renderers: one small base class, a registry, and plug-ins.

A renderer turns a :class:`~journeykit.Journey` into text (Markdown, DOT,
Mermaid, SVG) or bytes (PNG, PDF). Built-in renderers are imported only when
asked for by name; third-party ones register with :func:`register` or through
the entry-point group ``journeykit.renderers`` and are loaded one at a time,
when first asked for, so one broken plug-in never breaks the others.

Examples
--------
>>> import journeykit as jk
>>> "markdown" in jk.renderers.available()
True
>>> class Titles(jk.renderers.Renderer):
...     '''Just the touchpoint names, one a line.'''
...     name = "titles"
...     extension = ".txt"
...     media_type = "text/plain"
...     def render(self, journey):
...         return "\n".join(t.name for t in journey.touchpoints)
>>> jk.renderers.register("titles", Titles)
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Sees an ad", "Buys"])])
>>> print(jk.render(j, "titles"))
Sees an ad
Buys
>>> jk.renderers.unregister("titles")
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from journeykit.errors import JourneyError, NotFoundError, RenderError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = [
    "ENTRY_POINT_GROUP",
    "NoOptions",
    "Renderer",
    "available",
    "get",
    "get_for_filename",
    "register",
    "render",
    "unregister",
]

#: The entry-point group third-party packages use to offer renderers.
ENTRY_POINT_GROUP = "journeykit.renderers"


@attrs.frozen(kw_only=True)
class NoOptions:
    """The options of a renderer that takes none.

    Examples
    --------
    >>> Renderer.Options is NoOptions
    True
    """


class Renderer:
    """The base of every renderer: say what you are, take typed options, render.

    Subclasses set the class attributes below and implement :meth:`render`.
    Options are an attrs class named ``Options`` (keyword-only, every field
    with a default); ``Renderer(**options)`` builds it, so unknown options
    and wrong values fail early with the list of valid ones.

    Attributes
    ----------
    name:
        The registry name (``"markdown"``).
    aliases:
        Other names it answers to (``"md"``).
    extension:
        The file ending of its output (``".md"``).
    media_type:
        The MIME type of its output (``"text/markdown"``).
    binary:
        Whether :meth:`render` returns bytes rather than text.

    Examples
    --------
    >>> import attrs, journeykit as jk
    >>> class Count(jk.renderers.Renderer):
    ...     name = "count"
    ...     extension = ".txt"
    ...     media_type = "text/plain"
    ...     @attrs.frozen(kw_only=True)
    ...     class Options:
    ...         word: str = "touchpoints"
    ...     def render(self, journey):
    ...         return f"{len(journey.touchpoints)} {self.options.word}"
    >>> Count(word="steps").render(jk.Journey(title="T"))
    '0 steps'
    >>> Count(colour="red")
    Traceback (most recent call last):
    ...
    journeykit.errors.JourneyError: the count renderer has no option 'colour'; its options: word
    """

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    extension: ClassVar[str] = ""
    media_type: ClassVar[str] = "text/plain"
    binary: ClassVar[bool] = False
    Options: ClassVar[type[Any]] = NoOptions

    options: Any

    def __init__(self, **options: Any) -> None:
        allowed = [f.name for f in attrs.fields(self.Options)]
        for key in options:
            if key not in allowed:
                listed = ", ".join(allowed) or "none"
                raise JourneyError(
                    f"the {self.name or type(self).__name__} renderer has no option {key!r}; "
                    f"its options: {listed}"
                )
        self.options = self.Options(**options)

    def render(self, journey: Journey) -> str | bytes:
        """Return the journey rendered: text, or bytes when :attr:`binary` is set."""
        raise NotImplementedError


# Built-ins by name: the module and class, imported only when asked for.
_BUILTINS: Mapping[str, tuple[str, str]] = {
    "markdown": ("journeykit.renderers.markdown", "MarkdownRenderer"),
    "graphviz": ("journeykit.renderers.graphviz", "GraphvizRenderer"),
    "mermaid": ("journeykit.renderers.mermaid", "MermaidRenderer"),
    "grid": ("journeykit.renderers.grid", "GridRenderer"),
}
_BUILTIN_ALIASES: Mapping[str, str] = {
    "md": "markdown",
    "dot": "graphviz",
    "gv": "graphviz",
    "mmd": "mermaid",
    "svg": "grid",
    "poster": "grid",
}
# File endings that pick a renderer, and the output option they imply.
_ENDINGS: Mapping[str, tuple[str, dict[str, str]]] = {
    ".md": ("markdown", {}),
    ".markdown": ("markdown", {}),
    ".dot": ("graphviz", {}),
    ".gv": ("graphviz", {}),
    ".mmd": ("mermaid", {}),
    ".mermaid": ("mermaid", {}),
    ".svg": ("grid", {}),
    ".png": ("grid", {"output": "png"}),
    ".pdf": ("grid", {"output": "pdf"}),
}

_registered: dict[str, type[Renderer]] = {}
_loaded: dict[str, type[Renderer]] = {}


def register(name: str, renderer: type[Renderer]) -> None:
    """Make a renderer class available under ``name`` (replacing an earlier registration).

    Built-in names cannot be taken over: a third-party renderer needs a name of
    its own.

    Examples
    --------
    >>> register("markdown", Renderer)
    Traceback (most recent call last):
    ...
    journeykit.errors.JourneyError: 'markdown' is a built-in renderer; choose another name
    """
    if name in _BUILTINS or name in _BUILTIN_ALIASES:
        raise JourneyError(f"{name!r} is a built-in renderer; choose another name")
    if not (isinstance(renderer, type) and issubclass(renderer, Renderer)):
        raise JourneyError(f"a renderer must be a subclass of Renderer, got {renderer!r}")
    _registered[name] = renderer


def unregister(name: str) -> None:
    """Remove a renderer added with :func:`register` (no error when absent).

    Examples
    --------
    >>> register("nothing", Renderer)
    >>> "nothing" in available()
    True
    >>> unregister("nothing")
    >>> "nothing" in available()
    False
    """
    _registered.pop(name, None)


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name in found and found[point.name].value != point.value:
            warnings.warn(
                f"two packages offer the renderer {point.name!r} "
                f"({found[point.name].value} and {point.value}); using the first",
                stacklevel=3,
            )
            continue
        found.setdefault(point.name, point)
    return found


def available() -> list[str]:
    """Return the names of every renderer: built-in, registered and installed plug-ins.

    Plug-ins are listed by name without being imported.

    Examples
    --------
    >>> [name for name in available() if name in ("grid", "markdown", "mermaid", "graphviz")]
    ['graphviz', 'grid', 'markdown', 'mermaid']
    """
    return sorted({*_BUILTINS, *_registered, *_entry_points()})


def get(name: str) -> type[Renderer]:
    """Return the renderer class called ``name`` (or one of its aliases).

    Built-ins come first, then :func:`register`-ed classes, then plug-ins.

    Raises
    ------
    NotFoundError
        For an unknown name; the message lists the renderers there are.
    RenderError
        When a plug-in cannot be loaded; the message names it and the cause.

    Examples
    --------
    >>> get("md").name
    'markdown'
    >>> get("powerpoint")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no renderer 'powerpoint'; known: 'graphviz', 'grid', ...
    """
    name = _BUILTIN_ALIASES.get(name, name)
    if name in _loaded:
        return _loaded[name]
    if name in _BUILTINS:
        module, attribute = _BUILTINS[name]
        cls: type[Renderer] = getattr(importlib.import_module(module), attribute)
    elif name in _registered:
        return _registered[name]
    else:
        points = _entry_points()
        if name not in points:
            raise NotFoundError("renderer", name, available())
        cls = _load_plugin(points[name])
    _loaded[name] = cls
    return cls


def _load_plugin(point: EntryPoint) -> type[Renderer]:
    try:
        loaded = point.load()
    except Exception as error:
        raise RenderError(
            f"the renderer plug-in {point.name!r} ({point.value}) failed to load: "
            f"{type(error).__name__}: {error}"
        ) from error
    if not (isinstance(loaded, type) and issubclass(loaded, Renderer)):
        raise RenderError(
            f"the renderer plug-in {point.name!r} ({point.value}) is not a Renderer subclass"
        )
    return loaded


def get_for_filename(filename: str) -> tuple[type[Renderer], dict[str, str]]:
    """Return the renderer a file name asks for, with the options its ending implies.

    Examples
    --------
    >>> cls, options = get_for_filename("map.png")
    >>> cls.name, options
    ('grid', {'output': 'png'})
    """
    lowered = filename.lower()
    for ending, (name, options) in _ENDINGS.items():
        if lowered.endswith(ending):
            return get(name), dict(options)
    for name in sorted({*_registered, *_loaded}):
        cls = get(name)
        if cls.extension and lowered.endswith(cls.extension.lower()):
            return cls, {}
    raise NotFoundError("renderer for the file", filename, list(_ENDINGS))


def render(journey: Journey, name: str = "markdown", /, **options: Any) -> str | bytes:
    """Render a journey with the renderer called ``name`` and the given options.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Buying flowers")
    >>> jk.render(j, "markdown").splitlines()[0]
    '# Buying flowers'
    """
    from journeykit.model import Journey

    if not isinstance(journey, Journey):
        raise JourneyError(f"render() takes a Journey, got {type(journey).__name__}")
    return get(name)(**options).render(journey)
