"""The base of every renderer and the declaration of what it returns.

:class:`Output` says what one output of a renderer is; :class:`Renderer` is the
class every renderer subclasses. Both are used as :mod:`journeykit.renderers`
names: this module only keeps them apart from the registry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from journeykit import validators
from journeykit._suggest import hint
from journeykit.errors import Problem, RenderError, ValidationError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["NoOptions", "Output", "Renderer"]


def _as_tuple(endings: Iterable[str]) -> tuple[str, ...]:
    return tuple(endings)


_ENDING = validators.pattern(r"\.[a-z0-9][a-z0-9.+_-]*", "a file ending such as '.svg'")


@attrs.frozen(kw_only=True)
class Output:
    """One output a renderer can give: what :meth:`Renderer.render` returns, and how to store it.

    Attributes
    ----------
    name:
        The value of the renderer's ``output`` option that asks for it
        (``"png"``); any name for a renderer with one output.
    media_type:
        Its MIME type (``"image/png"``).
    extension:
        The ending of the files it is written to (``".png"``).
    binary:
        True when ``render`` returns bytes, False when it returns text.
    filenames:
        The file endings that pick this renderer and output in
        :func:`get_for_filename` (and so in ``journeykit render -o FILE``);
        by default just :attr:`extension`, and none for an output that
        another renderer should answer for (Graphviz leaves ``.svg`` to the
        grid).

    Examples
    --------
    >>> png = Output(name="png", media_type="image/png", extension=".png", binary=True)
    >>> png.filenames
    ('.png',)
    >>> Output(name="md", media_type="text/markdown", extension="md")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: extension: must be a file ending such as '.svg', got 'md'
    """

    name: str = attrs.field(
        validator=validators.pattern(r"[a-z0-9][a-z0-9.+_-]*", "a lower-case name such as 'svg'")
    )
    media_type: str = attrs.field(
        validator=validators.pattern(
            r"[a-z]+/[a-z0-9][a-z0-9.+_-]*", "a media type such as 'image/svg+xml'"
        )
    )
    extension: str = attrs.field(validator=_ENDING)
    binary: bool = attrs.field(default=False, validator=validators.boolean)
    filenames: tuple[str, ...] = attrs.field(
        converter=_as_tuple, validator=attrs.validators.deep_iterable(_ENDING)
    )

    @filenames.default
    def _just_the_extension(self) -> tuple[str, ...]:
        return (self.extension,)

    @property
    def kind(self) -> str:
        """``"bytes"`` or ``"text"``: what :meth:`Renderer.render` returns for this output.

        Examples
        --------
        >>> Output(name="svg", media_type="image/svg+xml", extension=".svg").kind
        'text'
        """
        return "bytes" if self.binary else "text"


@attrs.frozen(kw_only=True)
class NoOptions:
    """The options of a renderer that takes none.

    Examples
    --------
    >>> Renderer.Options is NoOptions
    True
    """


_LEGACY = ("binary", "extension", "media_type")


class Renderer:
    """The base of every renderer: say what you are and what you give, take typed options, render.

    Subclasses set the class attributes below and implement :meth:`render`.
    Options are an attrs class named ``Options`` (keyword-only, every field
    with a default); ``Renderer(**options)`` builds it, so unknown options
    and wrong values fail early with the list of valid ones. The validators
    of :mod:`journeykit.validators` say no in the words the built-in
    renderers use.

    Attributes
    ----------
    name:
        The registry name (``"markdown"``).
    aliases:
        Other names it answers to (``"md"``).
    outputs:
        Every :class:`Output` it can give, the default first. With more than
        one, ``Options`` has an ``output`` field that takes their names and
        defaults to the first.

    Examples
    --------
    >>> import attrs, journeykit as jk
    >>> class Count(jk.renderers.Renderer):
    ...     name = "count"
    ...     outputs = (Output(name="text", media_type="text/plain", extension=".txt"),)
    ...     @attrs.frozen(kw_only=True)
    ...     class Options:
    ...         word: str = "touchpoints"
    ...     def render(self, journey):
    ...         return f"{len(journey.touchpoints)} {self.options.word}"
    >>> Count(word="steps").render(jk.Journey(title="T"))
    '0 steps'
    >>> Count().output.media_type
    'text/plain'
    >>> Count(colour="red")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: the count renderer has no option 'colour'; its options: word
    >>> Count().render("map.yaml")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: journey: must be a Journey, got str 'map.yaml'
    (load files with journeykit.load)
    """

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    outputs: ClassVar[tuple[Output, ...]] = (
        Output(name="text", media_type="text/plain", extension=".txt"),
    )
    Options: ClassVar[type[Any]] = NoOptions

    options: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _check_declaration(cls)
        own = cls.__dict__.get("render")
        if own is not None and not getattr(own, "_checks_its_output", False):
            cls.render = _checked(own)  # type: ignore[method-assign]

    def __init__(self, **options: Any) -> None:
        allowed = [f.name for f in attrs.fields(self.Options)]
        for key in options:
            if key not in allowed:
                listed = ", ".join(allowed) or "none"
                message = f"the {_label(type(self))} renderer has no option {key!r}; "
                listed += hint(key, allowed)
                raise ValidationError([Problem("", message + f"its options: {listed}")])
        self.options = self.Options(**options)

    @classmethod
    def output_for(cls, options: Mapping[str, Any] | None = None) -> Output:
        """Return the declaration of what :meth:`render` gives with these options.

        Raises
        ------
        ValidationError
            When ``options["output"]`` names no declared output.

        Examples
        --------
        >>> from journeykit.renderers import get
        >>> get("grid").output_for({"output": "png"}).binary
        True
        >>> get("markdown").output_for().media_type
        'text/markdown'
        >>> get("graphviz").output_for({"output": "gif"})
        Traceback (most recent call last):
        ...
        journeykit.errors.ValidationError: output: must be one of dot, svg, png, pdf, got 'gif'
        """
        outputs = cls.outputs
        if len(outputs) == 1:
            return outputs[0]
        names = tuple(output.name for output in outputs)
        chosen = validators.check(
            "output", (options or {}).get("output", names[0]), validators.one_of(names)
        )
        return outputs[names.index(chosen)]

    @classmethod
    def output_for_filename(cls, filename: str) -> Output | None:
        """Return the output to write to ``filename`` by its ending, or None when none fits.

        The ending may be an output's :attr:`~Output.extension` or one of its
        :attr:`~Output.filenames`; the longest one that fits wins.

        Examples
        --------
        >>> from journeykit.renderers import get
        >>> get("graphviz").output_for_filename("flow.PNG").name
        'png'
        >>> get("graphviz").output_for_filename("notes.txt") is None
        True
        """
        lowered = filename.lower()
        fits = [
            (len(ending), -index, output)
            for index, output in enumerate(cls.outputs)
            for ending in {output.extension, *output.filenames}
            if lowered.endswith(ending)
        ]
        return max(fits, key=lambda fit: fit[:2])[2] if fits else None

    @property
    def output(self) -> Output:
        """The declaration of what :meth:`render` returns with this renderer's options.

        Examples
        --------
        >>> from journeykit.renderers import get
        >>> get("grid")(output="pdf").output.media_type
        'application/pdf'
        """
        chosen = getattr(self.options, "output", None)
        return self.output_for(None if chosen is None else {"output": chosen})

    def render(self, journey: Journey) -> str | bytes:
        """Return the journey rendered: text, or bytes when :attr:`output` is binary."""
        raise NotImplementedError


def _label(cls: type[Renderer]) -> str:
    return cls.name or cls.__name__


def _check_declaration(cls: type[Renderer]) -> None:
    """Refuse a renderer class whose declaration cannot be kept, naming what is wrong."""
    label = _label(cls)
    legacy = [name for name in _LEGACY if name in cls.__dict__]
    if legacy:
        raise RenderError(
            f"the {label} renderer sets {', '.join(legacy)}: declare its outputs instead, "
            "outputs = (journeykit.renderers.Output(name=..., media_type=..., extension=...),)"
        )
    outputs = cls.outputs
    if not (
        isinstance(outputs, tuple)
        and outputs
        and all(isinstance(output, Output) for output in outputs)
    ):
        raise RenderError(
            f"the {label} renderer's outputs must be a tuple of Output, got {outputs!r}"
        )
    names = [output.name for output in outputs]
    if len(set(names)) != len(names):
        raise RenderError(f"the {label} renderer declares two outputs of one name: {names}")
    if len(outputs) > 1:
        fields = attrs.fields_dict(cls.Options) if attrs.has(cls.Options) else {}
        if "output" not in fields or fields["output"].default != names[0]:
            raise RenderError(
                f"the {label} renderer declares outputs {', '.join(names)}: its options need "
                f"an 'output' field that defaults to {names[0]!r}"
            )


def _checked(render: Callable[[Any, Journey], str | bytes]) -> Callable[..., str | bytes]:
    """Wrap a renderer's ``render``: a journey in, the declared kind of result out."""

    @functools.wraps(render)
    def checked(self: Renderer, journey: Journey) -> str | bytes:
        result = render(self, validators.check_journey(journey))
        output = self.output
        if not isinstance(result, bytes if output.binary else str):
            raise RenderError(
                f"the {_label(type(self))} renderer returned {type(result).__name__} for its "
                f"{output.name} output, which it declares as {output.kind} ({output.media_type})"
            )
        return result

    checked._checks_its_output = True  # type: ignore[attr-defined]
    return checked


# Documented, and looked up, where they are used: journeykit.renderers.
Output.__module__ = NoOptions.__module__ = Renderer.__module__ = "journeykit.renderers"
