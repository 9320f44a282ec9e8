"""What comes in: bytes read within a limit, decoded as UTF-8, from regular files only.

Reading refuses, before a byte is read, anything that is not a regular file
(a FIFO would block for ever, a device never ends), reads a stream to at most
the size limit plus one byte, and names the file and line of bytes that are
not UTF-8.
"""

from __future__ import annotations

import os
import stat
from typing import IO

from journeykit._atomic import kind_of, open_without_waiting
from journeykit.errors import FormatError, ValidationError
from journeykit.validators import check, number
from journeykit.validators import describe as shown

__all__ = ["MAX_BYTES", "decode", "file_name", "open_regular", "read_limited", "text_of"]

#: The largest journey file read or written by default (in bytes: 16 MiB); pass ``max_bytes``
#: to both ``dump`` and ``load`` to go beyond.
MAX_BYTES = 16 * 1024 * 1024


def decode(data: bytes, source: str | None) -> str:
    """The bytes as UTF-8 text (a byte-order mark dropped), or a refusal naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormatError(
            f"not valid UTF-8 (byte {error.start}: {data[error.start : error.start + 1]!r}); "
            "save the file as UTF-8",
            source=source,
            line=line,
        ) from None


def text_of(text: object, source: str | None, max_bytes: int) -> str:
    """The document as text, refused when it is no text, too large, or not UTF-8."""
    if not isinstance(text, str | bytes | bytearray):
        raise ValidationError.single(
            "text", f"must be text (str) or bytes, got {type(text).__name__} {shown(text, 40)}"
        )
    if isinstance(text, str):
        # Each character is one byte at least: a text too long is refused before it is encoded.
        size = len(text) if len(text) > max_bytes else len(text.encode("utf-8", "surrogatepass"))
    else:
        size = len(text)
    if size > max_bytes:
        raise FormatError(
            f"the input is {size:,} bytes, more than the limit of {max_bytes:,}; "
            "pass max_bytes to read larger journeys",
            source=source,
        )
    return text if isinstance(text, str) else decode(bytes(text), source)


def read_limited(
    stream: IO[bytes],
    max_bytes: int = MAX_BYTES,
    *,
    source: str | None = None,
    what: str = "the input",
) -> bytes:
    """Read a binary stream to its end, refusing it past ``max_bytes`` (reading one byte more).

    ``what`` names the stream in the error ("the input", "the file").

    Raises
    ------
    FormatError
        When the stream holds more than ``max_bytes`` bytes.

    Examples
    --------
    >>> import io
    >>> read_limited(io.BytesIO(b"journeykit: 1"))
    b'journeykit: 1'
    >>> read_limited(io.BytesIO(b"x" * 11), 10, source="<stdin>")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: <stdin>: the input is larger than the limit of 10 bytes; ...
    """
    check("max_bytes", max_bytes, number(0, whole=True))
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = stream.read(max_bytes + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise FormatError(
            f"{what} is larger than the limit of {max_bytes:,} bytes; "
            "pass max_bytes to read larger journeys",
            source=source,
        )
    return b"".join(chunks)


def file_name(path: object) -> str:
    name = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    if not isinstance(name, str):
        raise ValidationError.single(
            "path",
            f"must be a file name (str or pathlib.Path), got {type(path).__name__} "
            f"{shown(path, 40)}",
        )
    if "\x00" in name:
        raise ValidationError.single("path", f"must not contain NUL characters, got {name!r}")
    return name


def open_regular(name: str) -> int:
    """Open a regular file for reading; anything else is refused before a byte is read."""
    try:
        handle = open_without_waiting(name, os.O_RDONLY)
    except FileNotFoundError:
        raise FormatError("no such file", source=name) from None
    except IsADirectoryError:
        raise FormatError("is a folder, not a file", source=name) from None
    except OSError as error:
        raise FormatError(f"cannot read: {error.strerror}", source=name) from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        if stat.S_ISDIR(mode):
            raise FormatError("is a folder, not a file", source=name)
        raise FormatError(
            f"is {kind_of(mode)}, not a regular file; read a stream as standard input instead "
            "('-' on the command line, loads() in Python)",
            source=name,
        )
    return handle
