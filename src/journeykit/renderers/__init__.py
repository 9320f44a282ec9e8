r"""Interchangeable renderers: one small base class, a registry, and plug-ins.

A renderer turns a :class:`~journeykit.Journey` into text (Markdown, DOT,
Mermaid, SVG) or bytes (PNG, PDF). Built-in renderers are imported only when
asked for by name; third-party ones register with :func:`register` or through
the entry-point group ``journeykit.renderers`` and are loaded one at a time,
when first asked for, so one broken plug-in never breaks the others.

What a renderer returns
-----------------------
A renderer declares every output it can give as an :class:`Output` in its
``outputs`` table: a name, the media type, the file ending, and whether it is
text or bytes. A renderer with one output lists one. A renderer with several
(the grid gives SVG text, PNG or PDF bytes) has an ``output`` option whose
value is the name of one of them, the first one being the default;
:meth:`Renderer.output_for` returns the declaration for given options and
:attr:`Renderer.output` the one of a renderer built with them. (Pygments
writes one class per output instead; a table keeps ``jk.render(j, "grid",
output="png")`` one renderer with one set of options.)

The declaration is a promise that is checked: the base class wraps every
subclass's ``render`` so that it refuses anything but a journey
(:func:`journeykit.validators.check_journey`) and raises :class:`RenderError`,
naming the renderer, when the result is not the declared kind. Callers (the
command line, the notebook display) read the declaration and never look at the
type of the result.

The registry
------------
Every table of names is derived from the renderer classes: their ``name``,
``aliases`` and each output's ``filenames`` (the file endings that pick it).
The built-ins are listed in a static table with what their classes declare,
so that looking up an alias or a file ending imports nothing else (a test
checks the table against the classes, as Pygments checks its
``_mapping.py``). A registered renderer's aliases and file endings work at
once; a plug-in's once it has been loaded, by its name.

Examples
--------
>>> import journeykit as jk
>>> "markdown" in jk.renderers.available()
True
>>> class Titles(jk.renderers.Renderer):
...     '''Just the touchpoint names, one a line.'''
...     name = "titles"
...     aliases = ("names",)
...     outputs = (jk.renderers.Output(name="text", media_type="text/plain", extension=".txt"),)
...     def render(self, journey):
...         return "\n".join(t.name for t in journey.touchpoints)
>>> jk.renderers.register("titles", Titles)
>>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=["Sees an ad", "Buys"])])
>>> print(jk.render(j, "names"))
Sees an ad
Buys
>>> jk.renderers.get_for_filename("list.txt")[0] is Titles
True
>>> jk.renderers.unregister("titles")
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterator, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, NamedTuple

from journeykit import validators
from journeykit.errors import JourneyError, NotFoundError, RenderError
from journeykit.renderers._base import NoOptions, Output, Renderer

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = [
    "ENTRY_POINT_GROUP",
    "NoOptions",
    "Output",
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


class _Entry(NamedTuple):
    """A built-in renderer: where its class is, and what the class declares."""

    module: str
    attribute: str
    aliases: tuple[str, ...]
    #: (file ending, the output it picks), as the class's outputs list them.
    endings: tuple[tuple[str, str], ...]


# The built-ins, imported only when asked for, with what their classes declare so
# that an alias or a file ending is found without importing anything. Written out
# here from the classes; tests/renderers/test_registry.py checks that it says what
# they say (and prints the entry to paste when it does not). The order is the
# order of precedence for file endings.
_BUILTINS: Mapping[str, _Entry] = {
    "markdown": _Entry(
        "journeykit.renderers.markdown",
        "MarkdownRenderer",
        ("md",),
        ((".md", "markdown"), (".markdown", "markdown")),
    ),
    "graphviz": _Entry(
        "journeykit.renderers.graphviz",
        "GraphvizRenderer",
        ("dot", "gv"),
        ((".dot", "dot"), (".gv", "dot")),
    ),
    "mermaid": _Entry(
        "journeykit.renderers.mermaid",
        "MermaidRenderer",
        ("mmd",),
        ((".mmd", "mermaid"), (".mermaid", "mermaid")),
    ),
    "grid": _Entry(
        "journeykit.renderers.grid",
        "GridRenderer",
        ("svg", "poster"),
        ((".svg", "svg"), (".png", "png"), (".pdf", "pdf")),
    ),
    "html": _Entry(
        "journeykit.renderers.html",
        "HtmlRenderer",
        ("web",),
        ((".html", "html"), (".htm", "html")),
    ),
}

_registered: dict[str, type[Renderer]] = {}
_loaded: dict[str, type[Renderer]] = {}


def _declared(cls: type[Renderer]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """What a class declares for the registry: its aliases, and (file ending, output) pairs."""
    endings = tuple((ending, output.name) for output in cls.outputs for ending in output.filenames)
    return tuple(cls.aliases), endings


def _known() -> Iterator[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]]:
    """Every renderer whose declaration is known without importing: built-ins first."""
    for name, entry in _BUILTINS.items():
        yield name, entry.aliases, entry.endings
    for name, cls in _registered.items():
        yield (name, *_declared(cls))
    for name, cls in _loaded.items():
        if name not in _BUILTINS and name not in _registered:
            yield (name, *_declared(cls))


def _canonical(name: str) -> str:
    """The registry name that ``name`` is, or is an alias of (else ``name`` itself)."""
    known = list(_known())
    if any(name == own for own, _, _ in known):
        return name
    return next((own for own, aliases, _ in known if name in aliases), name)


def register(name: str, renderer: type[Renderer]) -> None:
    """Make a renderer class available under ``name`` and its aliases (replacing an earlier one).

    Built-in names and aliases cannot be taken over: a third-party renderer
    needs names of its own. Its ``aliases`` and its outputs' ``filenames``
    work at once, in :func:`get` and :func:`get_for_filename`.

    Examples
    --------
    >>> register("markdown", Renderer)
    Traceback (most recent call last):
    ...
    journeykit.errors.JourneyError: 'markdown' is a built-in renderer; choose another name
    """
    if not (isinstance(renderer, type) and issubclass(renderer, Renderer)):
        raise JourneyError(f"a renderer must be a subclass of Renderer, got {renderer!r}")
    taken = {*_BUILTINS, *(alias for entry in _BUILTINS.values() for alias in entry.aliases)}
    for claimed in (name, *renderer.aliases):
        if claimed in taken:
            raise JourneyError(f"{claimed!r} is a built-in renderer; choose another name")
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
    A plug-in answers to its aliases once it has been loaded by its name.

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
    name = _canonical(name)
    if name in _BUILTINS:
        if name not in _loaded:
            entry = _BUILTINS[name]
            _loaded[name] = getattr(importlib.import_module(entry.module), entry.attribute)
        return _loaded[name]
    if name in _registered:
        return _registered[name]
    if name not in _loaded:
        points = _entry_points()
        if name not in points:
            raise NotFoundError("renderer", name, available())
        _loaded[name] = _load_plugin(points[name])
    return _loaded[name]


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

    The endings are the ``filenames`` the renderers' outputs declare; the
    longest that fits wins, and between equals the built-ins, then
    registered renderers, then loaded plug-ins. An ending that picks an
    output other than the default one implies the ``output`` option.

    Examples
    --------
    >>> cls, options = get_for_filename("map.png")
    >>> cls.name, options
    ('grid', {'output': 'png'})
    >>> get_for_filename("map.docx")
    Traceback (most recent call last):
    ...
    journeykit.errors.NotFoundError: no renderer for the file 'map.docx'; known: '.md', ...
    >>> get_for_filename(None)
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: filename: must be a file name (text), got None
    """
    validators.check("filename", filename, validators.pattern("(?s).*", "a file name (text)"))
    lowered = filename.lower()
    best: tuple[str, str, str] | None = None
    for name, _, endings in _known():
        for ending, output in endings:
            if lowered.endswith(ending) and (best is None or len(ending) > len(best[2])):
                best = (name, output, ending)
    if best is None:
        every = (ending for _, _, endings in _known() for ending, _ in endings)
        raise NotFoundError("renderer for the file", filename, dict.fromkeys(every))
    cls = get(best[0])
    return cls, {} if best[1] == cls.outputs[0].name else {"output": best[1]}


def render(journey: Journey, name: str = "markdown", /, **options: Any) -> str | bytes:
    """Render a journey with the renderer called ``name`` and the given options.

    Returns what the renderer's :attr:`Renderer.output` declares: text, or
    bytes for binary outputs.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Buying flowers")
    >>> jk.render(j, "markdown").splitlines()[0]
    '# Buying flowers'
    >>> jk.render({"title": "Buying flowers"}, "markdown")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: journey: must be a Journey, got dict {'title': 'Buying ...
    """
    validators.check_journey(journey)
    return get(name)(**options).render(journey)
