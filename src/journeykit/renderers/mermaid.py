"""The Mermaid renderer: a journey as a Mermaid ``journey`` diagram.

The text is the one :func:`journeykit.dumps` writes with ``format="mermaid"``
(see :mod:`journeykit.formats.mermaid` for the mapping, the escaping and how
the diagram reads back), so a rendered diagram can be pasted into a Markdown
file on GitHub or GitLab, which draw it, and read back with
:func:`journeykit.loads`. Only, as in every renderer, each text is cleaned
first (:func:`journeykit.renderers._text.clean`): composed, without
non-characters such as U+FFFE, which would make the SVG Mermaid draws
ill-formed XML. A name made only of such characters shows as U+FFFD.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Flowers", persona=jk.Persona(name="Ana"), stages=[
...     jk.Stage(name="Buy", touchpoints=[
...         jk.Touchpoint(name="Checks out", emotion=-1, owner="Payments"),
...     ]),
... ])
>>> print(jk.render(j, "mermaid", actors="personas"), end="")
journey
  title Flowers
  %% journeykit personas: Ana
  section Buy
    Checks out: 2: Ana
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from journeykit import validators
from journeykit.formats import mermaid
from journeykit.renderers import Output, Renderer
from journeykit.renderers._text import clean

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["MermaidRenderer"]

# What stands for a name the cleaning rule would empty: Mermaid needs a name.
_REPLACEMENT = "\ufffd"


def _drawn(text: str) -> str:
    """A text as every renderer cleans it; one that cleaning would blank shows U+FFFD."""
    cleaned = clean(text)
    return cleaned if cleaned.strip() or not text.strip() else _REPLACEMENT


class MermaidRenderer(Renderer):
    """Render a journey as a Mermaid ``journey`` diagram (text).

    Options
    -------
    actors:
        Who each task lists as its actors: ``all`` (the personas, then the
        touchpoint's owner; the default), ``personas``, ``owners`` or ``none``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     jk.Touchpoint(name="Pays", emotion=2, owner="Billing")])])
    >>> MermaidRenderer().render(j).splitlines()[-1]
    '    Pays: 5: Billing'
    >>> MermaidRenderer(actors="none").render(j).splitlines()[-1]
    '    Pays: 5'
    >>> MermaidRenderer(actors="everyone")
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: actors: must be one of all, personas, owners, none, got ...
    """

    name = "mermaid"
    aliases = ("mmd",)
    outputs = (
        Output(
            name="mermaid",
            media_type="text/vnd.mermaid",
            extension=".mmd",
            filenames=(".mmd", ".mermaid"),
        ),
    )

    @attrs.frozen(kw_only=True)
    class Options:
        """The options of :class:`MermaidRenderer`."""

        actors: mermaid.Actors = attrs.field(
            default="all", validator=validators.one_of(mermaid.ACTORS)
        )

    def render(self, journey: Journey) -> str:
        """Return the diagram text, ending with a new line."""
        # A drawing is a view of the map: it leaves out what it does not draw without a word.
        return mermaid.dumps(journey, actors=self.options.actors, clean=_drawn, warn=False)
