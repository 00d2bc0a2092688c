"""Plain data as bytes: numbers, strings, ndarrays, and lists, tuples and dicts of them.

A value is stored as one ``.npz`` archive: the arrays as ``.npy`` members, the
structure as JSON. Nothing is pickled, so bytes from anywhere (a student's
process, a file in a student's folder) can only ever decode to plain data.
Objects of other types become :class:`Opaque` stand-ins that keep the
original type name, so a check can say "expected ndarray, got Foo".

Two users: the grader's messages across the sandbox boundary
(``autograder/transport.py``) and the public-test data that ships with each
student release (``utils/public_tests.py``).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import numpy as np

MAX_BYTES = 256 * 2**20
MAX_DEPTH = 64
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


class PlainDataError(ValueError):
    """Bytes or a value that are not plain data: malformed, too deep or too large."""


class Opaque:
    """Stand-in for a value that is not plain data (its type cannot cross the sandbox boundary).

    An ndarray of objects keeps its ``shape``, so a message can say
    "ndarray of shape ()" on both sides of the boundary; others have none.
    """

    def __init__(self, description: str, shape: tuple[int, ...] | None = None):
        self.description, self.shape = description, shape

    def __repr__(self) -> str:
        return self.description


def _opaque(type_name: str, description: str, shape: tuple[int, ...] | None = None) -> Opaque:
    safe_name = "".join(ch for ch in type_name if ch.isalnum() or ch == "_") or "object"
    return type(safe_name, (Opaque,), {})(description, shape)


def _to_tree(value: Any, arrays: dict[str, np.ndarray], depth: int = 0) -> dict:
    if depth > MAX_DEPTH:
        raise PlainDataError("value is nested too deeply")
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
    opaque = {"t": "opaque", "type": type(value).__name__, "repr": _safe_repr(value)}
    if isinstance(value, np.ndarray):
        opaque["shape"] = list(value.shape)
    return opaque


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
        raise PlainDataError("malformed data")
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
        shape = tree.get("shape")
        shape = tuple(int(n) for n in shape[:64]) if isinstance(shape, list) else None
        return _opaque(str(tree.get("type", "object")), str(tree.get("repr", ""))[:300], shape)
    raise PlainDataError(f"unknown value kind {kind!r}")


def _hashable(key: Any) -> Any:
    if isinstance(key, np.ndarray):
        raise PlainDataError("dict keys must be numbers or strings")
    return key


def encode(value: Any, compress: bool = False) -> bytes:
    """Serialise ``value`` to the bytes of an ``.npz`` archive.

    The same value always gives the same bytes (members carry a fixed date),
    so a file written from it changes only when the value does. ``compress``
    deflates the members, for files; messages stay uncompressed, for speed.
    """
    arrays: dict[str, np.ndarray] = {}
    tree = _to_tree(value, arrays)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        for name, array in {"__tree__": np.array(json.dumps(tree)), **arrays}.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_FIXED_DATE)
            info.compress_type = archive.compression
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def decode(data: bytes) -> Any:
    """Rebuild a value from :func:`encode`'s bytes, refusing anything but plain data."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_BYTES:
                raise PlainDataError("data unpack to more than the size limit")
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        tree = json.loads(str(arrays.pop("__tree__")))
        return _from_tree(tree, arrays)
    except PlainDataError:
        raise
    except Exception as error:  # any other failure means the bytes were not one of our messages
        raise PlainDataError(f"undecodable data ({type(error).__name__})") from None
