"""Plain-data messages between the grader and the sandboxed student code.

Each message is one value encoded by :mod:`utils.plain_data` (an ``.npz``
archive, never a pickle) behind a length prefix. Nothing the sandbox sends can
decode to anything but plain data, and each message is bounded by the codec's
limits (``MAX_BYTES``, ``MAX_NODES``, ``MAX_STRING_CHARS``... see
:mod:`utils.plain_data`), checked before decoding builds what they bound.
"""

from __future__ import annotations

import struct
from typing import Any, BinaryIO

from utils.plain_data import MAX_BYTES, Opaque, PlainDataError, decode, encode

__all__ = ["HEADER", "MAX_MESSAGE_BYTES", "Opaque", "TransportError", "decode", "encode", "frame", "receive",
           "read_exactly", "send"]

MAX_MESSAGE_BYTES = MAX_BYTES
HEADER = struct.Struct("!Q")  # length prefix of every message
TransportError = PlainDataError


def frame(value: Any) -> bytes:
    """One message as sent on a pipe: the length prefix, then the encoded value."""
    payload = encode(value)
    return HEADER.pack(len(payload)) + payload


def send(stream: BinaryIO, value: Any) -> None:
    """Write one length-prefixed message."""
    stream.write(frame(value))
    stream.flush()


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes or raise ``EOFError`` if the stream ends first."""
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive(stream: BinaryIO) -> Any:
    """Read one length-prefixed message."""
    (size,) = HEADER.unpack(read_exactly(stream, HEADER.size))
    if size > MAX_MESSAGE_BYTES:
        raise TransportError(f"message of {size} bytes is over the limit")
    return decode(read_exactly(stream, size))
