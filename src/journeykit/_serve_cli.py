"""``journeykit serve FILE``: the live preview, until Ctrl-C.

It prints the page's address, opens it in the browser (unless ``--no-open``)
and one line per save: the file reloaded, or its error. Ctrl-C stops it
cleanly, printing ``stopped``, with exit code 0.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser)
>>> args = parser.parse_args(["map.yaml", "--port", "0", "-O", "lang=es"])
>>> args.host, args.port, args.open, args.option
('127.0.0.1', 0, True, ['lang=es'])
"""

from __future__ import annotations

import argparse

from journeykit import _render_args
from journeykit._serve import LOOPBACK, LivePreview, exposed, visible
from journeykit._watched import WatchedMap

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``journeykit serve`` to ``parser``."""
    parser.description = (
        "Show a journey's HTML map in the browser and reload it each time the file is saved; "
        "a broken save shows its error over the last good map. Ctrl-C stops it."
    )
    parser.add_argument("file", metavar="FILE", help="a journey file (.yaml, .json, .mmd)")
    parser.add_argument(
        "--host",
        default=LOOPBACK,
        help="the address to listen on (%(default)s: this machine only; 0.0.0.0 shows the map "
        "to the network)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="the port (%(default)s; 0 picks a free one)"
    )
    parser.add_argument(
        "--no-open", dest="open", action="store_false", help="do not open the browser"
    )
    _render_args.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``journeykit serve``; errors are :class:`~journeykit.JourneyError` for the CLI."""
    import sys

    from journeykit import renderers, validators
    from journeykit._terminal import one_line
    from journeykit.cli import _print

    validators.check("--port", args.port, validators.number(0, 65535, whole=True))
    options, prepare = _render_args.options(renderers.get("html"), args)
    if exposed(args.host) and sys.stderr is not None:
        print(f"journeykit: warning: {one_line(visible(args.host))}", file=sys.stderr)
    preview = LivePreview(
        WatchedMap(args.file, options, prepare),
        host=args.host,
        port=args.port,
        report=lambda message: _print(one_line(message, "; ")),
    )
    _print(one_line(f"serving {args.file} at {preview.url} (Ctrl-C stops)"))
    if preview.error:
        _print(one_line(preview.error, "; "))
    try:
        preview.start(open_browser=args.open).wait()
    except KeyboardInterrupt as stop:
        preview.stop()
        _print("stopped")
        if type(stop) is not KeyboardInterrupt:  # SIGTERM, SIGHUP: the command's exit code
            raise
    return 0
