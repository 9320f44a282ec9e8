"""Atomic file writes: a user's file is either the old one or the new one, never half of each."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from journeykit.errors import FormatError

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    r"""Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Text is written as UTF-8 with ``\n`` line ends. The new file keeps the
    permissions of the one it replaces. On any failure the temporary file is
    removed and the original file, if any, is untouched.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "map.md"
    >>> write_atomic(target, "# A map\n")
    >>> target.read_text()
    '# A map\n'
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent
    if not folder.is_dir():
        raise FormatError(
            f"cannot write: the folder {str(folder)!r} does not exist", source=str(target)
        )
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as error:
        raise FormatError(f"cannot write: {error.strerror}", source=str(target)) from None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FormatError(f"cannot write: {error.strerror}", source=str(target)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise FormatError(f"cannot write: {error.strerror}", source=str(target)) from None
        raise
