"""The ``journeykit mine`` subcommand, for the command line to build on.

:func:`add_arguments` adds the subcommand's options to an
:class:`argparse.ArgumentParser`, and :func:`run` runs it on the parsed
arguments, returning the exit status (see :mod:`journeykit.cli`).

Examples
--------
>>> import argparse
>>> from journeykit.mining import cli
>>> parser = argparse.ArgumentParser(prog="journeykit mine")
>>> cli.add_arguments(parser)
>>> parser.parse_args(["events.csv", "-o", "map.yaml"]).output
'map.yaml'
"""

from __future__ import annotations

from journeykit.mining._cli import add_arguments, run

__all__ = ["add_arguments", "run"]
