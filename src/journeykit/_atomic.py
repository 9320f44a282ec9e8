r"""Atomic file writes: a user's file is either the old one or the new one, never half of each.

:func:`write_atomic` writes a regular file through a temporary file beside it
and a rename. What is not a regular file is never replaced by one:

- a symbolic link stays a link: the file it points to is replaced;
- a FIFO or a character device (``/dev/null``, a terminal) is written
  through, as the shell's ``>`` would;
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N``
  write to that open descriptor;
- a folder, a block device or a socket is refused.

A write killed before its rename (``SIGKILL``, a power cut) leaves its
temporary file, named ``.NAME.XXXXXXXX.tmp``; the next write to the same
folder removes such files once they are :data:`STALE_SECONDS` old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path

from journeykit.errors import FormatError

__all__ = [
    "STALE_SECONDS",
    "encoded",
    "kind_of",
    "open_without_waiting",
    "remove_stale",
    "write_atomic",
    "writes_through",
]

#: How old (in seconds) a temporary file left by a killed write is before the next write to
#: the same folder removes it (younger ones may belong to a write still running).
STALE_SECONDS = 300

# The temporary files of write_atomic: ".NAME." + 8 characters of this alphabet + ".tmp",
# as tempfile.mkstemp names them too (so the ones older releases left behind are cleaned).
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
_DESCRIPTOR = re.compile(r"/dev/fd/(\d+)|/proc/self/fd/(\d+)")
_STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
# Bytes as they are (Windows), and no descriptor left open in programs this one starts.
_PLAIN = getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """Name the kind of file a ``st_mode`` describes, for error messages.

    Examples
    --------
    >>> import os
    >>> kind_of(os.stat(".").st_mode), kind_of(os.stat("/dev/null").st_mode)
    ('a folder', 'a character device')
    """
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def encoded(text: str | bytes, source: str | None = None) -> bytes:
    r"""Return ``text`` as UTF-8 bytes, refusing a lone surrogate (which UTF-8 cannot hold).

    Examples
    --------
    >>> encoded("café")
    b'caf\xc3\xa9'
    >>> encoded("a\ud800")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: cannot write '\ud800' at position 1: a lone surrogate...
    """
    if isinstance(text, bytes):
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FormatError(
            f"cannot write {error.object[error.start : error.end]!r} at position {error.start}: "
            "a lone surrogate, which UTF-8 cannot encode",
            source=source,
        ) from None


def open_without_waiting(path: str | os.PathLike[str], flags: int) -> int:
    """Open a file with ``os.open`` without waiting, then make it blocking again.

    A FIFO opened for reading would wait for a writer, and opened for writing
    for a reader; with ``O_NONBLOCK`` the first returns at once and the second
    fails with ``ENXIO``. Terminals do not become the controlling terminal.
    Raises ``OSError`` as ``os.open`` does.

    Examples
    --------
    >>> import os
    >>> handle = open_without_waiting("/dev/null", os.O_RDONLY)
    >>> os.get_blocking(handle)
    True
    >>> os.close(handle)
    """
    more = _NONBLOCK | getattr(os, "O_NOCTTY", 0) | _PLAIN
    handle = os.open(path, flags | more)
    if _NONBLOCK:
        try:
            os.set_blocking(handle, True)
        except BaseException:
            os.close(handle)
            raise
    return handle


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    r"""Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Text is written as UTF-8 with ``\n`` line ends. The new file keeps the
    permissions of the one it replaces (a new one gets those the umask
    allows). On any failure the temporary file is removed and the original
    file, if any, is untouched. Special files are written through, not
    replaced (see the module's description).

    Raises
    ------
    FormatError
        Naming the file: a missing folder, a folder or device that cannot be
        written, a FIFO no program reads, or the system's reason.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "map.md"
    >>> write_atomic(target, "# A map\n")
    >>> target.read_text()
    '# A map\n'
    """
    name = os.fspath(path)
    if "\x00" in name:
        raise FormatError("cannot write: a file name holds no NUL character", source=repr(name))
    payload = encoded(data, name)
    descriptor = _descriptor(name)
    if descriptor is not None:
        _write_to_descriptor(descriptor, payload, name)
        return
    target = Path(os.path.realpath(name))  # a link stays a link: the file it names is replaced
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise FormatError(f"cannot write: {error.strerror}", source=name) from None
    if mode is not None and not stat.S_ISREG(mode):
        _write_through(target, mode, payload, name)
    else:
        _replace(target, payload, mode, name)


def writes_through(path: str | os.PathLike[str]) -> bool:
    """Whether :func:`write_atomic` writes through ``path`` (a descriptor, a FIFO, a device).

    Such a target gets what standard output would, and has no file ending
    to go by.

    Examples
    --------
    >>> writes_through("/dev/stdout"), writes_through("/dev/null"), writes_through("map.md")
    (True, True, False)
    """
    name = os.fspath(path)
    if _descriptor(name) is not None:
        return True
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _descriptor(name: str) -> int | None:
    """The open descriptor a path such as ``/dev/stdout`` or ``/dev/fd/3`` stands for."""
    if name in _STANDARD:
        return _STANDARD[name]
    found = _DESCRIPTOR.fullmatch(name)
    return int(found.group(1) or found.group(2)) if found else None


def _write_all(handle: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(handle, view) :]


def _write_to_descriptor(handle: int, payload: bytes, name: str) -> None:
    for stream in (sys.stdout, sys.stderr):  # what Python buffered goes first
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    try:
        _write_all(handle, payload)
    except OSError as error:
        raise FormatError(f"cannot write: {error.strerror}", source=name) from None


def _write_through(target: Path, mode: int, payload: bytes, name: str) -> None:
    """Write into a FIFO or a character device; refuse other special files."""
    if stat.S_ISDIR(mode):
        raise FormatError("is a folder, not a file", source=name)
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise FormatError(
            f"is {kind_of(mode)}; journeykit writes to regular files, FIFOs and character "
            "devices only",
            source=name,
        )
    try:
        handle = open_without_waiting(target, os.O_WRONLY)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise FormatError(
                "cannot write: no program is reading from this FIFO", source=name
            ) from None
        raise FormatError(f"cannot write: {error.strerror}", source=name) from None
    try:
        _write_all(handle, payload)
    except OSError as error:
        raise FormatError(f"cannot write: {error.strerror}", source=name) from None
    finally:
        os.close(handle)


def _replace(target: Path, payload: bytes, mode: int | None, name: str) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise FormatError(f"cannot write: the folder {str(folder)!r} does not exist", source=name)
    remove_stale(folder)
    temporary: str | None = None
    try:
        handle, temporary = _create_temporary(folder, target.name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, target)
    except BaseException as error:  # SIGTERM in the command line arrives as an exception too
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(error, OSError):
            raise FormatError(f"cannot write: {error.strerror}", source=name) from None
        raise


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """Create ``.NAME.XXXXXXXX.tmp`` in ``folder``; its permissions are those the umask allows."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _PLAIN
    for _ in range(100):
        random = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        temporary = str(folder / f".{name}.{random}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def remove_stale(folder: str | os.PathLike[str], *, age: float = STALE_SECONDS) -> list[str]:
    """Remove the temporary files that killed writes left in ``folder``; return their names.

    Only regular files named like :func:`write_atomic`'s (``.NAME.XXXXXXXX.tmp``),
    owned by this user and not changed for ``age`` seconds are removed; any
    error is ignored (another process may remove them first).

    Examples
    --------
    >>> import os, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> left = folder / ".map.yaml.abcd1234.tmp"
    >>> _ = left.write_text("half a map")
    >>> os.utime(left, (0, 0))
    >>> remove_stale(folder), left.exists()
    (['.map.yaml.abcd1234.tmp'], False)
    """
    cutoff = time.time() - age
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    removed: list[str] = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not _TEMPORARY.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if (
                    stat.S_ISREG(info.st_mode)
                    and info.st_mtime < cutoff
                    and owner in (None, info.st_uid)
                ):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed
