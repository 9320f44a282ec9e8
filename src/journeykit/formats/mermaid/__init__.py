"""Mermaid ``journey`` diagrams: write a journey as one, and read one back.

A Mermaid user journey holds a title, sections and tasks; each task has a
score from 1 to 5 and the actors who take part. journeykit maps them so:

==========================  =================================================
Mermaid                     journeykit
==========================  =================================================
``title``                   :attr:`Journey.title`
``accDescr``                :attr:`Journey.description`
``section``                 a :class:`~journeykit.Stage`
task                        a :class:`~journeykit.Touchpoint` (its name)
score 1..5                  ``emotion + 3``, exactly (``3.5`` is ``0.5``)
actors                      the personas, then the touchpoint's owner
==========================  =================================================

Writing
-------
:func:`dumps` writes one task per touchpoint. Its score is the
touchpoint's ``emotion + 3``, written exactly (Mermaid reads decimals); a
touchpoint with no ``emotion`` takes the mean of its per-persona
``emotions``, and one with neither is written as neutral (3), since Mermaid
needs a score on every task. Its actors are the personas it concerns (those
with an entry in ``emotions``, or every persona when it has none) followed by
its owner; a journey read from a diagram keeps the actors of the tasks this
rule would not give back in ``metadata["mermaid"]["actors"]`` (by touchpoint
id), and they are written while they still fit the touchpoint.

A diagram holds only part of a journey. :func:`dumps` warns, with one
:class:`~journeykit.errors.JourneyWarning`, naming what it leaves out with
counts ("Mermaid cannot hold 3 transitions, 5 pain points, 14 channels: they
are not written"); :func:`dropped` says it without writing. The Mermaid
renderer does not warn: a drawing is a view of the map, as every renderer's is.
When any actor is written, a comment line ``%% journeykit personas: ...``
(Mermaid ignores comments) names the personas, so that reading the diagram
back tells them from owners.

Mermaid silently misreads some characters: ``:`` ends a task name, ``,``
splits an actor, ``#`` starts a comment, ``;`` breaks the parse, a new line
ends the statement, ``%%`` hides the rest of a line, ``<br>`` breaks a label,
its sanitiser rewrites ``<``, ``>`` and ``&`` in titles, and a ``:#`` on a
line with ``style`` in it makes it drop the line's last ``;``. So these
characters (``:`` everywhere, ``,`` in actors, ``%`` next to another ``%`` or
first), control characters, line and paragraph separators, and spaces at
either end of a text are written as Mermaid's entity codes (``#58;`` for
``:``), which Mermaid shows as the character itself; so is the first letter
of a task named like a keyword (``Section two`` would start a new section).
Nothing else is touched, so the diagram stays readable. Checked against
Mermaid 11.17's own parser.

Reading
-------
:func:`loads` reads diagrams the way Mermaid 11 does (its lexer is ported
rule for rule): comments (``%%``), directives, front matter, ``accTitle``,
``accDescr`` on one line or in a ``{ ... }`` block, blank lines, any
indentation, tasks without actors, and entity codes (``#58;``, ``#amp;``).
What Mermaid rejects is a :class:`~journeykit.FormatError` naming the line,
and so is a task name that is blank once read. A score is read as
JavaScript's ``Number()`` reads it, as Mermaid does (``0x3`` is 3, a blank
score 0, ``X`` and ``2rem`` NaN); one outside 1..5 (``0``, ``9``, ``X``), which
Mermaid draws without complaint, is an error listing every such line, or with
``strict=False`` a :class:`~journeykit.errors.JourneyWarning` per line and a
touchpoint with no emotion, its score kept as written in
``metadata["mermaid"]["scores"]`` so that writing the journey back gives it
again. Front matter may be indented like the ``journey`` line, as Mermaid's
rule allows; ``journey`` itself must be in lower case (Mermaid's detector
minds the case, its lexer does not). Further choices:

- the title is the ``title`` statement, else the front matter's ``title``
  (a text or a number, as written), else ``accTitle``, else
  ``"Untitled journey"``; an ``accTitle`` that is not the title is kept in
  ``metadata["mermaid"]["accTitle"]`` (and written back);
- the rest of the front matter is read but not built (no number in it is
  converted), and it may nest at most :data:`MAX_FRONT_MATTER_DEPTH` levels;
- tasks before the first section (Mermaid allows them), and sections with a
  blank name, go into a stage named :data:`UNNAMED_STAGE`;
- ids come from the names through :func:`journeykit.slugify` (cut to 60
  characters), made unique in document order with ``-2``, ``-3``...
  (``stage``, ``touchpoint`` or ``persona`` when the name has no letter or
  digit);
- personas are the ones the ``%% journeykit personas:`` comment names, else
  the first five actors to appear (a map follows at most five); the other
  actors of a task become its owner (joined with ``", "``);
- a task that lists some but not all personas gets an entry in
  ``emotions`` for each one listed; one that lists all of them or none gets
  none (the model cannot say "none of them"), and its actors are kept as
  described above, so it is written back as it was;
- a score with decimals (``3.5``) is kept (``0.5``); what follows a second
  ``:`` in a task is ignored, as Mermaid does; blank actors name nobody.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(
...     title="Buying a car",
...     persona=jk.Persona(name="Daniela Vargas"),
...     stages=[jk.Stage(name="Purchase", touchpoints=[
...         jk.Touchpoint(name="Test drive: sedan", emotion=1, owner="Sales"),
...         jk.Touchpoint(name="Signs; pays", emotion=-1),
...     ])],
... )
>>> print(jk.dumps(j, format="mermaid"), end="")
journey
  title Buying a car
  %% journeykit personas: Daniela Vargas
  section Purchase
    Test drive#58; sedan: 4: Daniela Vargas, Sales
    Signs#59; pays: 2: Daniela Vargas
>>> back = jk.loads(jk.dumps(j, format="mermaid"), format="mermaid")
>>> [(t.name, t.emotion, t.owner) for t in back.touchpoints]
[('Test drive: sedan', 1, 'Sales'), ('Signs; pays', -1, '')]
"""

from __future__ import annotations

from journeykit.formats.mermaid._dump import dropped, dumps
from journeykit.formats.mermaid._front import MAX_FRONT_MATTER_DEPTH
from journeykit.formats.mermaid._read import UNNAMED_STAGE, loads
from journeykit.formats.mermaid._write import ACTORS, Actors, check_actors

__all__ = [
    "ACTORS",
    "MAX_FRONT_MATTER_DEPTH",
    "UNNAMED_STAGE",
    "Actors",
    "check_actors",
    "dropped",
    "dumps",
    "loads",
]
