r"""The ``journeykit`` command: render, convert, lint, analyze and mine journeys.

Every subcommand reads a journey file (YAML, JSON or Mermaid, by its ending;
``-`` reads standard input, up to the same size limit as a file) and writes to
standard output or, with ``-o``, to a file that is replaced atomically (a
FIFO, a device such as ``/dev/null`` or ``/dev/stdout`` is written through,
never replaced). Errors are one line on standard error and exit code 2;
``lint`` exits with 1 when it finds errors in the map. Every message shows
control characters escaped (``\x1b``), whatever text they come from.
``SIGTERM`` and ``SIGHUP`` stop the command as Ctrl-C does, removing the
temporary file of a write in progress (exit code 128 plus the signal's number).

Examples
--------
>>> import contextlib, io
>>> out = io.StringIO()
>>> with contextlib.redirect_stdout(out):
...     code = main(["--version"])
>>> code, out.getvalue().startswith("journeykit ")
(0, True)
>>> err = io.StringIO()
>>> with contextlib.redirect_stderr(err):
...     code = main(["render", "no-such-map.yaml"])
>>> code, err.getvalue()
(2, 'journeykit: error: no-such-map.yaml: no such file\n')
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO, cast

from journeykit import _render_args, _speech, i18n
from journeykit._analyze_cli import report
from journeykit._atomic import write_atomic, writes_through
from journeykit._speech import say
from journeykit._terminal import one_line as _one_line
from journeykit._terminal import shown as _shown
from journeykit._version import __version__
from journeykit.errors import JourneyError

if TYPE_CHECKING:
    from journeykit.model import Journey

__all__ = ["main", "missing", "report"]

# Exit codes: 0 all well, 1 lint found errors, 2 the command failed.
OK, FINDINGS, FAILED = 0, 1, 2

# The signals that stop the command as Ctrl-C does, so that a write in progress cleans up.
_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class _Stopped(KeyboardInterrupt):
    """A signal that ends the command, raised where the program is (so ``finally`` blocks run)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


@contextlib.contextmanager
def _stopping_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`_Stopped` while the command runs (main thread only).

    A signal the caller set to be ignored (``nohup``) stays ignored.
    """
    previous: dict[int, Any] = {}

    def stop(number: int, _frame: FrameType | None) -> None:
        raise _Stopped(number)

    if threading.current_thread() is threading.main_thread():
        for number in _STOPPING:
            if signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``journeykit`` command with ``argv`` (default: the process arguments).

    Returns the exit code: 0 on success, 1 when ``lint`` finds errors, 2 on
    failure (bad file, unknown renderer, unwritable output...), with one
    line on standard error saying what went wrong.

    Examples
    --------
    >>> import contextlib, io
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     code = main(["convert", "map.yaml", "--to", "xml"])
    >>> code
    2
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors end here
        return stop.code if isinstance(stop.code, int) else FAILED
    run: Callable[[argparse.Namespace], int] = args.run
    with _stopping_on_signals(), _warnings_as_lines():
        try:
            with _speech.asked(getattr(args, "lang", None)):
                return run(args)
        except (JourneyError, OSError) as error:
            _fail(error)
            return FAILED
        except ImportError as error:  # an optional dependency the command needs
            _fail(JourneyError(missing(error)))
            return FAILED
        except UnicodeEncodeError as error:
            shown = error.object[error.start : error.end]
            _fail(JourneyError(say("cli.encoding", encoding=error.encoding, shown=repr(shown))))
            return FAILED
        except _Stopped as stop:
            return 128 + stop.number
        except KeyboardInterrupt:
            return 130


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Print each Python warning of the command as one line, ``warning: message``, on stderr.

    Not the place in journeykit's source that raised it: that is no news to the user.
    Deprecations are for programmers, and stay silent here.
    """

    def show(message: Warning | str, *_args: object, **_kwargs: object) -> None:
        if sys.stderr is not None:
            print(f"warning: {_one_line(str(message), '; ')}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        for quiet in (DeprecationWarning, PendingDeprecationWarning):
            warnings.simplefilter("ignore", quiet)
        warnings.showwarning = show
        yield


# The extra that installs each optional dependency a command may need.
_EXTRAS = {
    "polars": "mining",
    "narwhals": "mining",
    "pyarrow": "mining",
    "watchfiles": "serve",
    "cairosvg": "svg",
    "graphviz": "graphviz",
}


def missing(error: ImportError) -> str:
    """The one line that says which extra installs the module an :class:`ImportError` names.

    Examples
    --------
    >>> missing(ModuleNotFoundError("No module named 'polars'", name="polars"))
    "this needs polars, which is not installed: pip install 'journeykit[mining]'"
    """
    name = (error.name or "").partition(".")[0]
    extra = _EXTRAS.get(name)
    if extra is None:
        return say("cli.unimportable", error=error)
    return say("cli.missing", name=name, extra=extra)


def _fail(error: BaseException) -> None:
    message = str(error) or type(error).__name__
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        message = f"{where}{error.strerror}"
    if sys.stderr is not None:
        print(f"journeykit: error: {_one_line(message, '; ')}", file=sys.stderr)


def _stdout() -> TextIO:
    if sys.stdout is None:
        raise JourneyError(say("cli.stdout_closed"))
    return sys.stdout


def _print(text: str) -> None:
    """Print a line of the command's output (not of its messages) on standard output."""
    stream = _stdout()
    stream.write(text + "\n")
    stream.flush()


class _Parser(argparse.ArgumentParser):
    """argparse, printing usage errors and help with control characters escaped."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(_shown(message), file)


# ---------------------------------------------------------------------------
# The parser


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="journeykit",
        description="Customer journey maps as code: render, convert, lint, analyze and mine them.",
        epilog="Run 'journeykit COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"journeykit {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    render = commands.add_parser(
        "render",
        help="draw a journey with a renderer (Markdown, Graphviz, Mermaid, SVG grid...)",
        description="Render a journey. The renderer comes from -f, else from the ending of "
        "the -o file (.md, .dot, .mmd, .svg, .png, .pdf), else Markdown.",
    )
    _input(render)
    render.add_argument(
        "-f",
        "--format",
        metavar="RENDERER",
        help="renderer name; see 'journeykit renderers'",
    )
    _output(render)
    _render_args.add_arguments(render)
    render.set_defaults(run=_render)

    renderers = commands.add_parser(
        "renderers",
        help="list the renderers there are, with their options",
        description="List every renderer: what it writes, and each option's type, default "
        "and help (give them to render with -O KEY=VALUE).",
    )
    renderers.set_defaults(run=_lazy("journeykit._renderers_cli"))

    convert = commands.add_parser(
        "convert",
        help="convert a journey between YAML, JSON and Mermaid",
        description="Write a journey in another file format.",
    )
    _input(convert)
    convert.add_argument(
        "--to",
        choices=("yaml", "json", "mermaid"),
        help="the format to write (default: from the ending of -o)",
    )
    _output(convert)
    convert.set_defaults(run=_convert)

    lint = commands.add_parser(
        "lint",
        help="check a journey for mistakes and gaps (exit 1 on errors)",
        description="Check a journey: every problem in one round, each one line "
        "'FILE:LINE: severity rule path: message', with 'did you mean' for a misspelt key, "
        "channel or id. Exit code: 0 clean (infos only), 1 errors (or warnings, with --strict), "
        "2 the file cannot be read at all (no such file, no YAML) or a usage error.",
    )
    _input(lint)
    lint.add_argument("--strict", action="store_true", help="fail on warnings too")
    lint.set_defaults(run=_lazy("journeykit._lint_cli"))

    analyze = commands.add_parser(
        "analyze",
        help="report the likely paths, loops, exits and moments that matter",
        description="Print a readable report of a journey's paths, loops, exits and moments "
        "that matter.",
    )
    _input(analyze)
    analyze.add_argument(
        "-k", "--top", type=int, default=5, metavar="K", help="how many paths and moments (5)"
    )
    _output(analyze)
    analyze.set_defaults(run=_lazy("journeykit._analyze_cli"))

    mine = commands.add_parser(
        "mine",
        help="build a journey from event data (CSV, Parquet...)",
        description="Build a journey from a table of events.",
    )
    _plug(mine, "mine", "journeykit.mining.cli")
    segments = commands.add_parser(
        "segments",
        help="one journey per segment of event data (device, campaign...), and where they differ",
        description="Mine one journey per segment and compare them, with Wilson intervals.",
    )
    _plug(segments, "segments", "journeykit.mining._segments_cli")
    for name, module, about in _MODULES:
        found = importlib.import_module(module)
        found.add_arguments(command := commands.add_parser(name, help=about))
        command.set_defaults(run=found.run)
    return parser


# The commands whose module adds their options and runs them (each imports its needs when run).
_MODULES = (
    ("attribute", "journeykit.analysis._attribute_cli", "credit channels with the conversions "
     "of a path table (CSV, Parquet)"),
    ("serve", "journeykit._serve_cli", "live preview in the browser, reloaded on every save"),
)  # fmt: skip


def _plug(command: argparse.ArgumentParser, name: str, module: str) -> None:
    """Add a command whose module needs the mining extras; without them, it says so when run."""
    try:
        found = importlib.import_module(module)
    except ImportError as error:
        reason = missing(error)
        command.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        command.set_defaults(run=lambda _args: _unavailable(name, reason))
    else:
        found.add_arguments(command)
        command.set_defaults(run=found.run)


def _lazy(module: str) -> Callable[[argparse.Namespace], int]:
    """The ``run`` of a command module, imported when the command runs."""

    def run(args: argparse.Namespace) -> int:
        found: Callable[[argparse.Namespace], int] = importlib.import_module(module).run
        return found(args)

    return run


def _unavailable(name: str, reason: str) -> int:
    raise JourneyError(say("cli.unavailable", name=name, reason=reason))


def _input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a journey file (.yaml, .json, .mmd) or -")
    parser.add_argument(
        "--from",
        dest="input_format",
        choices=("yaml", "json", "mermaid"),
        help="the format of FILE (default: from its ending; YAML for -)",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="read Mermaid scores outside 1..5 (0, 9, X) as no emotion, with a warning each",
    )
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        help="the language of the output and the messages (default: the journey's, else en)",
    )


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write here (replaced atomically); default: stdout"
    )


# ---------------------------------------------------------------------------
# The commands


def _load(args: argparse.Namespace) -> Journey:
    import journeykit as jk
    from journeykit.formats.files import read_limited

    if args.file == "-":
        if sys.stdin is None:
            raise JourneyError(say("cli.stdin_closed"))
        data = read_limited(sys.stdin.buffer, source="<stdin>")
        journey = jk.loads(
            data, format=args.input_format or "yaml", source="<stdin>", strict=not args.lenient
        )
    else:
        journey = jk.load(args.file, format=args.input_format, strict=not args.lenient)
    _speech.reading(journey.lang)
    return journey


def _to_file(args: argparse.Namespace) -> str | None:
    """The -o file that is replaced, or None for standard output and files written through."""
    output: str | None = args.output
    return output if output and output != "-" and not writes_through(output) else None


def _write(args: argparse.Namespace, data: str | bytes, *, binary: bool = False) -> None:
    """Write to -o FILE or standard output; ``binary`` is what the renderer's output declares."""
    if args.output and args.output != "-":
        write_atomic(args.output, data)
        return
    stream = _stdout()
    if binary:
        raw = getattr(stream, "buffer", None)  # None when a program replaced stdout with text
        if raw is None or stream.isatty():
            raise JourneyError(say("cli.binary"))
        stream.flush()
        raw.write(cast(bytes, data))
        raw.flush()
    else:
        stream.write(cast(str, data))
        stream.flush()


def _render(args: argparse.Namespace) -> int:
    from journeykit import renderers

    options: dict[str, Any] = {}
    target = _to_file(args)  # a device or a FIFO gets what standard output would
    if args.format:
        cls = renderers.get(args.format)
        # "-f graphviz -o map.png": the ending picks one of the renderer's declared outputs.
        output = cls.output_for_filename(target) if target and len(cls.outputs) > 1 else None
        if output is not None:
            options["output"] = output.name
    elif target:
        cls, options = renderers.get_for_filename(target)
    else:
        cls = renderers.get("markdown")
    if args.lang and "lang" in _render_args.option_names(cls):
        options["lang"] = args.lang  # -O lang=... still wins
    options, prepare = _render_args.options(cls, args, options)
    renderer = cls(**options)
    _write(args, renderer.render(prepare(_load(args))), binary=renderer.output.binary)
    return OK


def _convert(args: argparse.Namespace) -> int:
    import journeykit as jk
    from journeykit.formats.files import format_of

    target = _to_file(args)
    if args.to:
        to = args.to
    elif target:
        to = format_of(target)
    else:
        raise JourneyError(say("cli.which_format", formats="yaml|json|mermaid"))
    _write(args, jk.dumps(_load(args), format=to))
    return OK
