"""Plain data as bytes: numbers, strings, ndarrays, and lists, tuples and dicts of them.

A value is stored as one ``.npz`` archive: the arrays (of numbers, dates or
strings) as ``.npy`` members, the structure as JSON. Nothing is pickled, so
bytes from anywhere (a student's process, a file in a student's folder) can
only ever decode to plain data. Objects of other types become :class:`Opaque`
stand-ins that keep the original type name, so a check can say "expected
ndarray, got Foo".

Two users: the grader's messages across the sandbox boundary
(``autograder/transport.py``) and the public-test data that ships with each
student release (``utils/public_tests.py``).

Limits
------
The sandboxed side may send any bytes it likes, so every value is bounded.
:func:`encode` refuses a value over a limit and :func:`decode` refuses bytes
over one, with a :class:`PlainDataError` naming it; decode checks each limit
before it builds the Python objects the limit is about.

MAX_BYTES = 256 MiB
    The encoded bytes and the members' total unpacked size.
MAX_MEMBERS = 10_000
    Arrays in one value (the archive holds one more member, the structure).
MAX_TREE_CHARS = 4_000_000
    Characters of the structure's JSON text. Parsing it is the one step that
    builds objects before they can be counted; the worst case (a text of
    empty lists) costs about 25 bytes a character, so about 100 MB here.
MAX_NODES = 200_000
    Values in the structure: each None, bool, int, float, str, array,
    list, tuple, dict, dict key and opaque stand-in counts one.
MAX_STRING_CHARS = 1_000_000
    Characters of one string, and of one item of an array of strings.
MAX_INT_DIGITS = 100
    Decimal digits of an int (turning an int into text takes quadratic time,
    and Python refuses past 4300 digits). :func:`encode` sends a longer int
    as an :class:`Opaque` stand-in of type ``int_over_100_digits`` whose repr
    gives its size, so a function returning one is reported ("expected a
    number, got int_over_100_digits") instead of its message failing;
    :func:`decode` refuses an int leaf that is longer.
MAX_DEPTH = 64
    Nesting of lists, tuples and dicts.

A list, tuple or dict that holds itself (``caches.append(caches)``) is not
refused: the place where the loop closes travels as a :class:`SelfReference`
saying how many levels up the container it repeats is, so the grader can say
where the loop is (:func:`utils.checks.self_reference`).

Every string that comes out of :func:`decode` can be written as UTF-8: lone
surrogates (and, in arrays of strings, code points past U+10FFFF) become
U+FFFD, so a notebook that shows one can still be saved.
"""

from __future__ import annotations

import io
import json
import math
import re
import struct
import zipfile
from typing import Any

import numpy as np

MAX_BYTES = 256 * 2**20
MAX_MEMBERS = 10_000
MAX_TREE_CHARS = 4_000_000
MAX_NODES = 200_000
MAX_STRING_CHARS = 1_000_000
MAX_INT_DIGITS = 100
MAX_DEPTH = 64

_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# An object array this small is looked into for a stub's None (Opaque.only_none); larger ones never are.
MAX_NONE_PLACEHOLDERS = 64
_ARRAY_KINDS = "biufcmMSU"  # numbers, dates and strings; never objects or structured records
_INT_LIMIT = 10**MAX_INT_DIGITS
_MIN_NODE_CHARS = len('{"t": "none"}')  # the shortest node's JSON, to bound the text before writing it
# The zip's end record as encode writes it: signature, this disk, the directory's disk, entries on this
# disk, entries, directory size, directory offset, comment length.
_END_RECORD = struct.Struct("<4s4H2LH")
_DIRECTORY_ENTRY_MAX = 46 + 64  # fixed part of a directory entry, plus room for a name and extras
_READ_CHUNK = 2**20
_HEADER_ROOM = 4096  # an .npy header is at most a few hundred bytes for the dtypes we accept
_BAD_TEXT = re.compile("[\ud800-\udfff]")


class PlainDataError(ValueError):
    """Bytes or a value that are not plain data: malformed, too deep or too large."""


class Opaque:
    """Stand-in for a value that is not plain data (its type cannot cross the sandbox boundary).

    An ndarray of objects keeps its ``shape``, so a message can say
    "ndarray of shape ()" on both sides of the boundary; others have none.
    ``only_none`` says that such an array holds nothing but None: a stub's
    placeholder wrapped by template code (``np.squeeze(np.array(None))``),
    which the checks report as None on both sides.
    """

    def __init__(self, description: str, shape: tuple[int, ...] | None = None, only_none: bool = False):
        self.description, self.shape, self.only_none = description, shape, only_none

    def __repr__(self) -> str:
        return self.description


class SelfReference(Opaque):
    """Where a list, tuple or dict holds itself: the container ``levels`` levels up, which holds this place."""

    def __init__(self, levels: int):
        super().__init__(f"<the container {levels} level{'s' if levels > 1 else ''} up, which holds this>")
        self.levels = levels


class _Count:
    """How much of the per-value limits a value has used so far, counted while it is walked.

    ``holding`` lists the ids of the lists, tuples and dicts from the top of
    the value down to where the walk is, to find one that holds itself.
    """

    def __init__(self) -> None:
        self.nodes, self.chars, self.nbytes = 0, 0, 0
        self.holding: list[int] = []

    def node(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise PlainDataError(f"more than MAX_NODES={MAX_NODES} values")

    def text(self, chars: int) -> None:
        """Count a lower bound of a node's JSON text, to refuse a value before writing the text."""
        self.chars += chars
        if self.chars > MAX_TREE_CHARS:
            raise PlainDataError(f"structure longer than MAX_TREE_CHARS={MAX_TREE_CHARS} characters")

    def array(self, array: np.ndarray) -> None:
        self.nbytes += array.nbytes
        if self.nbytes > MAX_BYTES:
            raise PlainDataError(f"arrays larger than MAX_BYTES={MAX_BYTES} bytes")


def _opaque(type_name: str, description: str, shape: tuple[int, ...] | None = None, only_none: bool = False) -> Opaque:
    safe_name = "".join(ch for ch in type_name[:100] if ch.isalnum() or ch == "_") or "object"
    return type(safe_name, (Opaque,), {})(description, shape, only_none)


def _check_string(text: Any) -> str:
    if not isinstance(text, str):
        raise PlainDataError("malformed data")
    if len(text) > MAX_STRING_CHARS:
        raise PlainDataError(f"a string longer than MAX_STRING_CHARS={MAX_STRING_CHARS} characters")
    return text


def _clean(text: str) -> str:
    # A lone surrogate (a JSON "\ud800" escape) cannot be encoded as UTF-8, so nbformat could not save it.
    return text if text.isascii() else _BAD_TEXT.sub("\ufffd", text)


def _to_tree(value: Any, arrays: dict[str, np.ndarray], count: _Count, depth: int = 0) -> dict:
    if depth > MAX_DEPTH:
        raise PlainDataError(f"value is nested more than MAX_DEPTH={MAX_DEPTH} deep")
    count.node()
    count.text(_MIN_NODE_CHARS + (len(_check_string(value)) if isinstance(value, str) else 0))
    if value is None:
        return {"t": "none"}
    if type(value) is bool:
        return {"t": "bool", "v": value}
    if type(value) is int:
        if -_INT_LIMIT < value < _INT_LIMIT:
            return {"t": "int", "v": str(value)}
        digits = int(value.bit_length() * math.log10(2)) + 1  # str() of a huge int is slow, or refused
        return {"t": "opaque", "type": f"int_over_{MAX_INT_DIGITS}_digits", "repr": f"<int of about {digits} digits>"}
    if type(value) is float:
        return {"t": "float", "v": value.hex()}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, np.generic) and value.dtype.kind in _ARRAY_KINDS:
        return _array_leaf(np.asarray(value), arrays, count, "scalar")
    if isinstance(value, np.ndarray) and value.dtype.kind in _ARRAY_KINDS:
        return _array_leaf(value, arrays, count, "array")
    if type(value) in (list, tuple, dict):
        return _container_tree(value, arrays, count, depth)
    opaque = {"t": "opaque", "type": type(value).__name__[:100], "repr": _safe_repr(value)}
    if isinstance(value, np.ndarray):
        opaque["shape"] = list(value.shape)
        if value.dtype == object and 0 < value.size <= MAX_NONE_PLACEHOLDERS:
            opaque["none"] = all(item is None for item in value.flat)
    return opaque


def _container_tree(value: list | tuple | dict, arrays: dict[str, np.ndarray], count: _Count, depth: int) -> dict:
    if id(value) in count.holding:  # the value holds itself: say how far up the loop closes
        return {"t": "loop", "v": len(count.holding) - count.holding.index(id(value))}
    count.holding.append(id(value))
    try:
        if type(value) is dict:
            items = [[_to_tree(k, arrays, count, depth + 1), _to_tree(v, arrays, count, depth + 1)]
                     for k, v in value.items()]
            return {"t": "dict", "v": items}
        return {"t": type(value).__name__, "v": [_to_tree(v, arrays, count, depth + 1) for v in value]}
    finally:
        count.holding.pop()


def _safe_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a student's __repr__ may raise anything
        text = f"<{type(value).__name__} object>"
    return text[:300]


def _array_leaf(array: np.ndarray, arrays: dict[str, np.ndarray], count: _Count, kind: str) -> dict:
    if len(arrays) >= MAX_MEMBERS:
        raise PlainDataError(f"more than MAX_MEMBERS={MAX_MEMBERS} arrays")
    _check_string_width(array.dtype)
    count.array(array)
    key = f"a{len(arrays)}"
    arrays[key] = np.ascontiguousarray(array) if array.ndim else array
    return {"t": kind, "k": key}


def _check_string_width(dtype: np.dtype) -> None:
    chars = dtype.itemsize // 4 if dtype.kind == "U" else dtype.itemsize if dtype.kind == "S" else 0
    if chars > MAX_STRING_CHARS:
        raise PlainDataError(f"an array of strings longer than MAX_STRING_CHARS={MAX_STRING_CHARS} characters")


def _from_tree(tree: Any, arrays: dict[str, np.ndarray], count: _Count, depth: int = 0) -> Any:
    if depth > MAX_DEPTH or not isinstance(tree, dict):
        raise PlainDataError("malformed data")
    count.node()
    kind, value = tree.get("t"), tree.get("v")
    if kind == "none":
        return None
    if kind == "bool" and type(value) is bool:
        return value
    if kind == "int" and isinstance(value, str):
        if len(value.lstrip("-")) > MAX_INT_DIGITS:
            raise PlainDataError(f"an int longer than MAX_INT_DIGITS={MAX_INT_DIGITS} digits")
        return int(value)
    if kind == "float":
        return float.fromhex(value)
    if kind == "str":
        return _clean(_check_string(value))
    if kind == "array":
        return arrays[tree["k"]]
    if kind == "scalar" and arrays[tree["k"]].ndim == 0:
        return arrays[tree["k"]][()]
    if kind in ("list", "tuple") and isinstance(value, list):
        items = [_from_tree(v, arrays, count, depth + 1) for v in value]
        return items if kind == "list" else tuple(items)
    if kind == "dict" and isinstance(value, list):
        return {_hashable(_from_tree(k, arrays, count, depth + 1)): _from_tree(v, arrays, count, depth + 1)
                for k, v in value}
    if kind == "loop" and type(value) is int and 0 < value <= depth:
        return SelfReference(value)
    if kind == "opaque":
        type_name, description, shape = tree.get("type", "object"), tree.get("repr", ""), tree.get("shape")
        if not (isinstance(type_name, str) and isinstance(description, str)):
            raise PlainDataError("malformed data")
        if shape is not None:
            if not (isinstance(shape, list) and len(shape) <= MAX_DEPTH
                    and all(type(n) is int and 0 <= n < 2**63 for n in shape)):
                raise PlainDataError("malformed data")
            shape = tuple(shape)
        return _opaque(type_name, _clean(description[:300]), shape, tree.get("none") is True and shape is not None)
    raise PlainDataError(f"malformed data (value kind {str(kind)[:40]!r})")


def _hashable(key: Any) -> Any:
    if isinstance(key, np.ndarray):
        raise PlainDataError("dict keys must be numbers or strings")
    return key


def encode(value: Any, compress: bool = False) -> bytes:
    """Serialise ``value`` to the bytes of an ``.npz`` archive.

    The same value always gives the same bytes (members carry a fixed date),
    so a file written from it changes only when the value does. ``compress``
    deflates the members, for files; messages stay uncompressed, for speed.

    Parameters
    ----------
    value : object
        Plain data; anything else inside it becomes an :class:`Opaque`
        stand-in, and so does an int of more than ``MAX_INT_DIGITS`` digits.
    compress : bool
        Whether to deflate the members.

    Returns
    -------
    data : bytes
        What :func:`decode` turns back into ``value``.

    Raises
    ------
    PlainDataError
        If the value is over one of the limits in the module's docstring.
    """
    arrays: dict[str, np.ndarray] = {}
    tree = _to_tree(value, arrays, _Count())  # refuses as soon as a limit is passed, before any writing
    text = json.dumps(tree, ensure_ascii=False)  # so a string costs its length, not six characters a letter
    if len(text) > MAX_TREE_CHARS:
        raise PlainDataError(f"structure longer than MAX_TREE_CHARS={MAX_TREE_CHARS} characters")
    buffer, unpacked = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        for name, array in {"__tree__": np.array(text), **arrays}.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
            unpacked += member.tell()
            if unpacked > MAX_BYTES:
                raise PlainDataError(f"data larger than MAX_BYTES={MAX_BYTES} bytes")
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_FIXED_DATE)
            info.compress_type = archive.compression
            archive.writestr(info, member.getvalue())
    if buffer.tell() > MAX_BYTES:
        raise PlainDataError(f"data larger than MAX_BYTES={MAX_BYTES} bytes")
    return buffer.getvalue()


def _member_count(data: bytes) -> int:
    """The number of members, read from the archive's end record before :mod:`zipfile` reads its directory.

    :mod:`zipfile` builds one object per directory entry, as many as the
    directory's size allows, whatever the count says; so the count and the
    directory's size are both checked here. ``encode`` writes no comment and
    no zip64 records, so the end record is exactly the last 22 bytes.
    """
    if len(data) < _END_RECORD.size:
        raise PlainDataError("undecodable data (not an archive)")
    signature, disk, directory_disk, here, entries, size, offset, comment = _END_RECORD.unpack_from(
        data, len(data) - _END_RECORD.size)
    zip64 = data[-_END_RECORD.size - 20:-_END_RECORD.size - 16] == b"PK\x06\x07"  # zipfile would follow it
    if signature != b"PK\x05\x06" or comment or disk or directory_disk or here != entries or zip64:
        raise PlainDataError("undecodable data (not an archive as encode writes them)")
    if entries > MAX_MEMBERS + 1:
        raise PlainDataError(f"more than MAX_MEMBERS={MAX_MEMBERS} arrays")
    if offset + size != len(data) - _END_RECORD.size or size > entries * _DIRECTORY_ENTRY_MAX:
        raise PlainDataError("undecodable data (the archive's directory is not where encode writes it)")
    return entries


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, is_tree: bool = False) -> np.ndarray:
    """One member as an array, its header checked against the limits and the member's size before reading on."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # other decompressors have no output bound per read: a small member could expand hugely at once
        raise PlainDataError("undecodable data (a member compressed in a way encode never uses)")
    with archive.open(info) as member:
        version = np.lib.format.read_magic(member)
        if version not in ((1, 0), (2, 0)):
            raise PlainDataError(f"undecodable data (.npy format {version})")
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran_order, dtype = read_header(member)
        if dtype.kind not in _ARRAY_KINDS or dtype.hasobject:
            raise PlainDataError(f"arrays of dtype {str(dtype)[:40]} are not plain data")
        if is_tree and (dtype.kind != "U" or shape != ()):
            raise PlainDataError("malformed data (the structure is not one string)")
        if is_tree and dtype.itemsize // 4 > MAX_TREE_CHARS:
            raise PlainDataError(f"structure longer than MAX_TREE_CHARS={MAX_TREE_CHARS} characters")
        if not is_tree:
            _check_string_width(dtype)
        count = math.prod(shape)
        # the array is allocated before it is read, so its size must fit what the member holds
        if any(n < 0 for n in shape) or count * dtype.itemsize > info.file_size:
            raise PlainDataError("undecodable data (an array larger than its member)")
        array = np.ndarray(count, dtype)  # np.empty mishandles zero-width strings
        raw = memoryview(array.view(np.uint8)) if array.nbytes else memoryview(b"")
        for start in range(0, len(raw), _READ_CHUNK):  # in chunks, so no second copy of a large array
            chunk = raw[start:start + _READ_CHUNK]
            if member.readinto(chunk) != len(chunk):
                raise PlainDataError("undecodable data (a member shorter than its header says)")
    array = array.reshape(shape[::-1]).transpose() if fortran_order else array.reshape(shape)
    return _clean_array(array)


def _clean_array(array: np.ndarray) -> np.ndarray:
    """``array``, with code points that are not text (surrogates, past U+10FFFF) replaced if it holds strings."""
    if array.dtype.kind != "U" or array.size == 0 or array.dtype.itemsize == 0:
        return array
    order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
    codes = array.reshape(-1, order=order).view(np.dtype("u4").newbyteorder(array.dtype.byteorder))
    bad = ((codes >= 0xD800) & (codes <= 0xDFFF)) | (codes > 0x10FFFF)
    if not bad.any():
        return array
    return np.where(bad, 0xFFFD, codes).astype(codes.dtype).view(array.dtype).reshape(array.shape, order=order)


def decode(data: bytes) -> Any:
    """Rebuild a value from :func:`encode`'s bytes, refusing anything but plain data.

    Parameters
    ----------
    data : bytes
        Bytes from anywhere, trusted or not.

    Returns
    -------
    value : object
        Plain data and :class:`Opaque` stand-ins; every string in it can be
        encoded as UTF-8.

    Raises
    ------
    PlainDataError
        If ``data`` is not an archive written by :func:`encode`, holds
        anything but plain data, or is over a limit (the message names it).
        Limits are checked before the objects they bound are built.
    """
    if len(data) > MAX_BYTES:
        raise PlainDataError(f"data larger than MAX_BYTES={MAX_BYTES} bytes")
    entries = _member_count(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if len(infos) != entries or len(set(names)) != entries or not all(n.endswith(".npy") for n in names):
                raise PlainDataError("undecodable data (not the members encode writes)")
            if sum(info.file_size for info in infos) > MAX_BYTES:
                raise PlainDataError(f"data unpack to more than MAX_BYTES={MAX_BYTES} bytes")
            tree_info = archive.getinfo("__tree__.npy")
            if tree_info.file_size > 4 * MAX_TREE_CHARS + _HEADER_ROOM:  # stored as UTF-32
                raise PlainDataError(f"structure longer than MAX_TREE_CHARS={MAX_TREE_CHARS} characters")
            tree_text = str(_read_member(archive, tree_info, is_tree=True)[()])
            arrays = {info.filename[:-4]: _read_member(archive, info) for info in infos if info is not tree_info}
        return _from_tree(json.loads(tree_text), arrays, _Count())
    except PlainDataError:
        raise
    except Exception as error:  # any other failure means the bytes were not one of our messages
        raise PlainDataError(f"undecodable data ({type(error).__name__})") from None
