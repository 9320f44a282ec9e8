"""The live preview: a local web server showing a journey file's HTML map, redrawn on every save.

Two parts, each in its own threads, around the :class:`~journeykit._watched.WatchedMap`
that reads and renders the file:

* :class:`_Server` serves ``/`` (the page, or the error page when the file has
  never been good) and ``/events``, a stream of server-sent events per
  client: ``reload`` when the page changed, ``error`` (data
  ``{"message": ...}``) when the file broke, ``ok`` when it was fixed without
  changing the map, and a comment every few seconds to keep the connection.
  Everything else is a 404; a request naming another host is refused (a
  web page elsewhere cannot read the map through DNS rebinding).
* The watcher (watchfiles) watches the file's folder, not the file, since
  editors save by writing another file and renaming it over the first, and
  filters the changes down to the file's name; it also looks at the file's
  size and times once a second, for a change it was not told of.

Nothing is ever written to disk.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import socket
import socketserver
import threading
import webbrowser
from collections.abc import Callable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from journeykit._watched import EVENTS, WatchedMap
from journeykit.errors import JourneyError

if TYPE_CHECKING:
    pass

__all__ = ["LivePreview", "exposed", "serve", "visible"]

#: The address the preview listens on unless told otherwise: this machine only.
LOOPBACK = "127.0.0.1"
# Seconds between keep-alive comments on an idle event stream.
_KEEPALIVE = 15.0
# Seconds a client may take to send its request or read an answer.
_CLIENT_TIMEOUT = 5.0
# Milliseconds: changes are gathered until the folder is quiet this long (at most _DEBOUNCE).
_STEP, _DEBOUNCE = 50, 800
# Milliseconds between looks at the file's size and times, for a change not reported.
_LOOK = 1000


def exposed(host: str) -> bool:
    """Whether listening on ``host`` makes the map visible to other machines.

    Examples
    --------
    >>> exposed("127.0.0.1"), exposed("localhost"), exposed("::1"), exposed("0.0.0.0")
    (False, False, False, True)
    """
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may be anything
        return True


class _Handler(BaseHTTPRequestHandler):
    """``/``, ``/events`` and 404 for anything else."""

    server: _Server
    timeout = _CLIENT_TIMEOUT

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not self.server.allows(self.headers.get("Host", "")):
            self.send_error(HTTPStatus.FORBIDDEN, "this preview answers to its own address only")
        elif url.path == "/":
            body = self.server.map.page().encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self._headers("text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif url.path == EVENTS:
            self._events(parse_qs(url.query).get("since", [""])[0])
        else:
            self.send_error(HTTPStatus.NOT_FOUND, "the preview serves / and /events only")

    def _headers(self, media_type: str) -> None:
        self.send_header("Content-Type", media_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")

    def _events(self, since: str) -> None:
        self.send_response(HTTPStatus.OK)
        self._headers("text/event-stream; charset=utf-8")
        self.end_headers()
        self.close_connection = True
        with self.server.following(), contextlib.suppress(OSError):  # the client went away
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            for told in self.server.map.follow(
                int(since) if since.isdigit() else None, self.server.keepalive
            ):
                event = b": keep-alive\n\n" if told is None else _event(*told)
                self.wfile.write(event)
                self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing per request: the command line reports the changes only."""


def _event(name: str, data: dict[str, str]) -> bytes:
    r"""One server-sent event: its name, and its data as JSON on one line.

    Examples
    --------
    >>> _event("error", {"message": "map.yaml:3: title:\nmust not be empty"})
    b'event: error\ndata: {"message": "map.yaml:3: title:\\nmust not be empty"}\n\n'
    """
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


class _Server(ThreadingHTTPServer):
    """The HTTP server, joining its request threads when closed."""

    daemon_threads = False  # so that server_close() waits for the streams to end
    keepalive = _KEEPALIVE

    def __init__(self, address: tuple[str, int], preview: WatchedMap) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.map = preview
        self.clients = 0
        self._counting = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse lookup of the host name (slow, and not needed)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def allows(self, host: str) -> bool:
        """Whether a request's ``Host`` header names this server (any, when exposed)."""
        port = self.server_address[1]
        bound = str(self.server_address[0])
        if exposed(bound):
            return True
        named = {LOOPBACK, "localhost", "[::1]", f"[{bound}]" if ":" in bound else bound}
        return host in {f"{name}:{port}" for name in named}

    @contextlib.contextmanager
    def following(self) -> Iterator[None]:
        """Count the clients following the event stream while one does."""
        with self._counting:
            self.clients += 1
        try:
            yield
        finally:
            with self._counting:
                self.clients -= 1


class LivePreview:
    """A running live preview of a journey file; :func:`serve` starts one.

    Attributes
    ----------
    url:
        The address of the page, such as ``http://127.0.0.1:8000/``.
    path:
        The journey file shown.
    """

    def __init__(
        self,
        watched: WatchedMap,
        *,
        host: str = LOOPBACK,
        port: int = 8000,
        report: Callable[[str], None] | None = None,
    ) -> None:
        try:
            import watchfiles  # noqa: F401 (the extra is checked before anything starts)
        except ImportError:
            raise JourneyError(
                "the live preview needs watchfiles: pip install 'journeykit[serve]'"
            ) from None
        self._map = watched
        self.path = watched.path
        self._report = report or (lambda _message: None)
        watched.refresh()
        try:
            self._server = _Server((host, port), watched)
        except OSError as error:
            raise JourneyError(
                f"cannot serve on {host} port {port}: {error.strerror or error}; "
                "pick another --port (0 picks a free one)"
            ) from None
        bound, port = str(self._server.server_address[0]), self._server.server_address[1]
        shown = {"0.0.0.0": LOOPBACK, "::": "::1"}.get(bound, bound)
        self.url = f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._server.serve_forever, args=(0.1,), name="jk-serve"),
            threading.Thread(target=self._watch, name="jk-watch"),
        ]

    @property
    def error(self) -> str | None:
        """The error the page shows now (the file, line, field and rule), or None."""
        return self._map.error

    @property
    def clients(self) -> int:
        """How many pages follow the event stream now."""
        return self._server.clients

    def start(self, *, open_browser: bool = False) -> LivePreview:
        """Start serving and watching (in background threads) and return the preview."""
        for thread in self._threads:
            thread.start()
        if open_browser and not webbrowser.open(self.url):
            self._report(f"no browser could be opened: open {self.url}")
        return self

    def wait(self) -> None:
        """Wait until the preview is stopped (Ctrl-C interrupts the wait)."""
        while not self._stopping.wait(0.5):
            pass

    def stop(self) -> None:
        """Stop watching and serving: the event streams end, the port is free again."""
        self._stopping.set()
        self._map.close()
        if self._threads[0].is_alive():
            self._server.shutdown()
        self._server.server_close()  # joins the request threads
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=5)

    def __enter__(self) -> LivePreview:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _watch(self) -> None:
        import watchfiles

        name = Path(self.path).name
        try:
            for changes in watchfiles.watch(
                Path(self.path).parent,
                watch_filter=lambda _change, changed: Path(changed).name == name,
                debounce=_DEBOUNCE,
                step=_STEP,
                rust_timeout=_LOOK,
                yield_on_timeout=True,
                stop_event=self._stopping,
                recursive=False,
                raise_interrupt=False,
            ):
                if changes or self._map.moved():
                    self._told(self._map.refresh())
        except Exception as error:  # the page stays; the user is told
            self._report(f"{self.path}: stopped watching: {error}")

    def _told(self, event: str | None) -> None:
        if event == "error":
            self._report(self._map.error or "")
        elif event is not None:
            self._report(f"{self.path}: {'reloaded' if event == 'reload' else 'fixed'}")


def serve(
    path: str | os.PathLike[str],
    *,
    host: str = LOOPBACK,
    port: int = 8000,
    open_browser: bool = True,
    **options: Any,
) -> LivePreview:
    """Show a journey file's HTML map in the browser, redrawn each time the file is saved.

    The preview runs in background threads and this returns at once: edit
    the file in any editor and the page reloads; a broken save shows the
    error (file, line, field and rule) over the last good map, until fixed.
    Call :meth:`LivePreview.stop` (or use it in a ``with`` block) to end it.
    ``journeykit serve FILE`` is the same from the command line.

    Parameters
    ----------
    path:
        The journey file (YAML, JSON or Mermaid, by its ending).
    host:
        The address to listen on: this machine only by default. Any other
        (``0.0.0.0``) makes the map visible to the network, with a warning.
    port:
        The port; 0 picks a free one (see :attr:`LivePreview.url`).
    open_browser:
        Open the page in the web browser.
    **options:
        Options of the ``html`` renderer.

    Raises
    ------
    JourneyError
        A missing file, an unknown file ending, a port taken, bad renderer
        options, or watchfiles not installed (``pip install 'journeykit[serve]'``).

    Examples
    --------
    >>> import journeykit as jk, urllib.request
    >>> with jk.serve("examples/car-purchase.yaml", port=0, open_browser=False) as preview:
    ...     with urllib.request.urlopen(preview.url, timeout=5) as answer:
    ...         answer.status, answer.headers["Content-Type"]
    (200, 'text/html; charset=utf-8')
    """
    if exposed(host):
        import warnings

        warnings.warn(visible(host), UserWarning, stacklevel=2)
    preview = LivePreview(WatchedMap(path, options), host=host, port=port)
    return preview.start(open_browser=open_browser)


def visible(host: str) -> str:
    """The warning for a preview listening on an address other machines reach.

    Examples
    --------
    >>> visible("0.0.0.0")
    'listening on 0.0.0.0: anyone on your network who can reach this machine can see the map'
    """
    return f"listening on {host}: anyone on your network who can reach this machine can see the map"
