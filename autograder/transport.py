"""Plain-data messages between the grader and the sandboxed student code.

A value (numbers, strings, ndarrays, and lists, tuples and dicts of them) is
sent as one ``.npz`` archive: the arrays as ``.npy`` members, the structure as
JSON. Nothing is pickled, so a message from student code can only ever decode
to plain data. Objects of other types arrive as :class:`Opaque` stand-ins that
keep the original type name, so a check can say "expected ndarray, got Foo".
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from typing import Any, BinaryIO

import numpy as np

MAX_MESSAGE_BYTES = 256 * 2**20
MAX_DEPTH = 64
HEADER = struct.Struct("!Q")  # length prefix of every message


class TransportError(ValueError):
    """A message is malformed, too deep or too large."""


class Opaque:
    """Stand-in for a value whose type cannot cross the sandbox boundary."""

    def __init__(self, description: str):
        self.description = description

    def __repr__(self) -> str:
        return self.description


def _opaque(type_name: str, description: str) -> Opaque:
    safe_name = "".join(ch for ch in type_name if ch.isalnum() or ch == "_") or "object"
    return type(safe_name, (Opaque,), {})(description)


def _to_tree(value: Any, arrays: dict[str, np.ndarray], depth: int = 0) -> dict:
    if depth > MAX_DEPTH:
        raise TransportError("value is nested too deeply")
    if value is None:
        return {"t": "none"}
    if type(value) is bool:
        return {"t": "bool", "v": value}
    if isinstance(value, int) and type(value) is int:
        return {"t": "int", "v": str(value)}
    if isinstance(value, float) and type(value) is float:
        return {"t": "float", "v": value.hex()}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, np.generic):
        return _array_leaf(np.asarray(value), arrays, "scalar")
    if isinstance(value, np.ndarray) and value.dtype.kind in "biufcSU":
        return _array_leaf(value, arrays, "array")
    if type(value) in (list, tuple):
        return {"t": type(value).__name__, "v": [_to_tree(v, arrays, depth + 1) for v in value]}
    if type(value) is dict:
        items = [[_to_tree(k, arrays, depth + 1), _to_tree(v, arrays, depth + 1)] for k, v in value.items()]
        return {"t": "dict", "v": items}
    return {"t": "opaque", "type": type(value).__name__, "repr": _safe_repr(value)}


def _safe_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a student's __repr__ may raise anything
        text = f"<{type(value).__name__} object>"
    return text[:300]


def _array_leaf(array: np.ndarray, arrays: dict[str, np.ndarray], kind: str) -> dict:
    key = f"a{len(arrays)}"
    arrays[key] = np.ascontiguousarray(array) if array.ndim else array
    return {"t": kind, "k": key}


def _from_tree(tree: Any, arrays: dict[str, np.ndarray], depth: int = 0) -> Any:
    if depth > MAX_DEPTH or not isinstance(tree, dict):
        raise TransportError("malformed message")
    kind = tree.get("t")
    if kind == "none":
        return None
    if kind == "bool":
        return bool(tree["v"])
    if kind == "int":
        return int(str(tree["v"])[:5000])
    if kind == "float":
        return float.fromhex(tree["v"])
    if kind == "str":
        return str(tree["v"])
    if kind == "array":
        return arrays[tree["k"]]
    if kind == "scalar":
        return arrays[tree["k"]][()]
    if kind in ("list", "tuple"):
        items = [_from_tree(v, arrays, depth + 1) for v in tree["v"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {_hashable(_from_tree(k, arrays, depth + 1)): _from_tree(v, arrays, depth + 1) for k, v in tree["v"]}
    if kind == "opaque":
        return _opaque(str(tree.get("type", "object")), str(tree.get("repr", ""))[:300])
    raise TransportError(f"unknown value kind {kind!r}")


def _hashable(key: Any) -> Any:
    if isinstance(key, np.ndarray):
        raise TransportError("dict keys must be numbers or strings")
    return key


def encode(value: Any) -> bytes:
    """Serialise ``value`` to the bytes of an ``.npz`` archive."""
    arrays: dict[str, np.ndarray] = {}
    tree = _to_tree(value, arrays)
    buffer = io.BytesIO()
    np.savez(buffer, __tree__=np.array(json.dumps(tree)), **arrays)
    return buffer.getvalue()


def decode(data: bytes) -> Any:
    """Rebuild a value from :func:`encode`'s bytes, refusing anything but plain data."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_MESSAGE_BYTES:
                raise TransportError("message unpacks to more than the size limit")
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        tree = json.loads(str(arrays.pop("__tree__")))
        return _from_tree(tree, arrays)
    except TransportError:
        raise
    except Exception as error:  # any other failure means the bytes were not one of our messages
        raise TransportError(f"undecodable message ({type(error).__name__})") from None


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
