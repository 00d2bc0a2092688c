"""Messages across the sandbox boundary carry plain data only."""

import io
import json
import pickle
import struct
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder import transport
from utils import plain_data


@pytest.mark.parametrize("value", [
    None, True, 3, 2**70, 0.1, float("inf"), "text", np.float64(0.5), np.int64(3),
    np.arange(6.0).reshape(2, 3), [1, (2.0, "x")], {"dW1": np.ones((2, 2)), "db1": 0.0, 3: None},
])
def test_round_trip_is_exact(value):
    back = transport.decode(transport.encode(value))
    if isinstance(value, np.ndarray):
        np.testing.assert_array_equal(back, value)
        assert back.dtype == value.dtype
    elif isinstance(value, dict):
        assert set(back) == set(value)
    else:
        assert back == value and type(back) is type(value)


def test_unknown_objects_become_opaque_with_their_type_name():
    class Weird:
        def __repr__(self):
            return "<weird>"

    back = transport.decode(transport.encode(Weird()))
    assert isinstance(back, transport.Opaque) and type(back).__name__ == "Weird" and repr(back) == "<weird>"


def test_object_arrays_are_not_unpickled():
    buffer = io.BytesIO()
    np.savez(buffer, __tree__=np.array('{"t": "array", "k": "a0"}'), a0=np.array([object()], dtype=object))
    with pytest.raises(transport.TransportError):
        transport.decode(buffer.getvalue())


def test_a_pickle_is_refused():
    with pytest.raises(transport.TransportError):
        transport.decode(pickle.dumps({"value": 1}))


def test_deep_nesting_is_refused():
    value = []
    for _ in range(200):
        value = [value]
    with pytest.raises(transport.TransportError):
        transport.encode(value)


def test_stream_framing():
    stream = io.BytesIO()
    transport.send(stream, {"a": 1})
    transport.send(stream, [2])
    stream.seek(0)
    assert transport.receive(stream) == {"a": 1}
    assert transport.receive(stream) == [2]
    with pytest.raises(EOFError):
        transport.receive(stream)


def test_an_array_of_objects_keeps_its_shape_and_its_stub_none_so_both_sides_describe_it_alike():
    from utils.checks import compare

    stub_cost = np.squeeze(np.array(None))  # what a `cost = None` stub gives after np.squeeze(np.array(cost))
    back = transport.decode(transport.encode(stub_cost))
    assert isinstance(back, transport.Opaque) and back.shape == () and back.only_none
    assert compare(0.5, back) == compare(0.5, stub_cost) == [
        "result is None: did you replace every `= None` placeholder and return the value?"]
    other = transport.decode(transport.encode(np.array([None, "x"], dtype=object)))
    assert not other.only_none and compare(0.5, other) == compare(0.5, np.array([None, "x"], dtype=object)) == [
        "result has the wrong type: expected a number, got ndarray of shape (2,)"]


# ---- limits: hostile bytes cost little to refuse, and every limit holds on both sides ----

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_DATA_FILES = sorted(ROOT.glob("release/*/utils/public_test_data/*.npz"))
CHEAP = 4 * 2**20  # traced bytes a refusal may cost; the naive decoder spends 28 MiB to 1 GiB on these inputs


def _npy_header(descr: str, shape: tuple) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def _text_member(middle: str, repeat: int = 1, head: str = "", tail: str = ""):
    """The chunks of a 0-d string .npy (how the structure is stored), without building the text at once."""
    yield _npy_header(f"<U{len(head) + len(middle) * repeat + len(tail)}", ())
    yield head.encode("utf-32-le")
    chunk = middle.encode("utf-32-le")
    for _ in range(repeat):
        yield chunk
    yield tail.encode("utf-32-le")


def test_a_list_that_holds_itself_crosses_as_a_self_reference():
    caches = [1, {"cache": None}]
    caches[1]["cache"] = caches
    back = transport.decode(transport.encode((0, caches)))
    loop = back[1][1]["cache"]
    assert isinstance(loop, plain_data.SelfReference) and loop.levels == 2  # the list two levels up


@pytest.mark.parametrize("levels", [0, -1, 2, "1", True])
def test_a_forged_self_reference_must_point_at_a_container_around_it(levels):
    with pytest.raises(transport.TransportError, match="malformed"):
        transport.decode(_tree(json.dumps({"t": "list", "v": [{"t": "loop", "v": levels}]})))


def _array_member(array: np.ndarray):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array)
    yield buffer.getvalue()


def _forge(members: dict, compress: bool = False, compress_type: int | None = None) -> bytes:
    """An archive written by zipfile from members given as chunks of bytes (streamed, so huge ones are cheap)."""
    buffer = io.BytesIO()
    method = compress_type or (zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
    with zipfile.ZipFile(buffer, "w", method, compresslevel=1) as archive:
        for name, chunks in members.items():
            with archive.open(name, "w") as out:
                for chunk in chunks:
                    out.write(chunk)
    return buffer.getvalue()


def _tree(text: str, **arrays: np.ndarray) -> bytes:
    return _forge({"__tree__.npy": _text_member(text), **{f"{k}.npy": _array_member(a) for k, a in arrays.items()}})


def _many_entries(entries: int, declared: int | None = None, zip64: bool = False) -> bytes:
    """An archive whose directory repeats one entry ``entries`` times, its end record saying ``declared``."""
    one = _tree('{"t": "none"}')
    size, offset = struct.unpack_from("<LL", one, len(one) - 10)
    directory = one[offset:offset + size] * entries
    declared = entries if declared is None else declared
    if zip64:  # zipfile follows a zip64 locator before the end record to the counts and sizes it holds
        record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, declared, declared, len(directory), offset)
        locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, offset + len(directory), 1)
        end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
        return one[:offset] + directory + record + locator + end
    return one[:offset] + directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, declared, declared,
                                                  len(directory), offset, 0)


def _refusal_and_peak(data: bytes) -> tuple[str, int]:
    """decode's error message and the peak of memory it traced while refusing ``data``."""
    tracemalloc.start()
    try:
        with pytest.raises(transport.TransportError) as refused:
            transport.decode(data)
        return str(refused.value), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, np.ndarray) and value.dtype.kind == "U":
        yield from (str(item) for item in value.ravel())
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, transport.Opaque):
        yield repr(value)


def _list_of_empty_lists(thousands: int) -> bytes:
    """A deflated structure: one list of ``1000 * thousands`` empty lists (4 bytes a character unpacked)."""
    member = _text_member("[]," * 1000, thousands, head='{"t": "list", "v": [', tail="[]]}")
    return _forge({"__tree__.npy": member}, compress=True)


@pytest.mark.parametrize("make, cap", [
    pytest.param(lambda: _forge({"__tree__.npy": _text_member("[" * 1000, plain_data.MAX_TREE_CHARS // 1000, "", "[")}),
                 "MAX_TREE_CHARS", id="one-character-over-stored"),
    pytest.param(lambda: _forge({"__tree__.npy": _text_member("[" * 1000, 50_000)}, compress=True),
                 "MAX_TREE_CHARS", id="200MB-of-brackets"),
    pytest.param(lambda: _list_of_empty_lists(16_000), "MAX_TREE_CHARS", id="16M-list-nodes-in-200MB"),
    pytest.param(lambda: _list_of_empty_lists(50_000), "MAX_BYTES", id="50M-list-nodes-in-600MB"),
])
def test_a_structure_over_the_limit_is_refused_before_it_is_parsed(make, cap):
    message, peak = _refusal_and_peak(make())
    assert cap in message and peak < CHEAP, (message, peak)


@pytest.mark.parametrize("make, cap", [
    pytest.param(lambda: _many_entries(60_000), "MAX_MEMBERS", id="60k-members"),
    pytest.param(lambda: _many_entries(plain_data.MAX_MEMBERS + 2), "MAX_MEMBERS", id="one-member-over"),
    pytest.param(lambda: _many_entries(1_000_000, declared=2), "directory", id="1M-entries-behind-a-count-of-2"),
    pytest.param(lambda: _many_entries(1_000_000, zip64=True), "not an archive as encode", id="1M-entries-zip64"),
])
def test_too_many_members_are_refused_before_zipfile_reads_the_directory(make, cap):
    message, peak = _refusal_and_peak(make())
    assert cap in message and peak < CHEAP, (message, peak)


def test_an_array_header_claiming_more_than_its_member_holds_is_refused_before_allocating():
    data = _forge({"__tree__.npy": _text_member('{"t": "array", "k": "a0"}'),
                   "a0.npy": [_npy_header("<f8", (2**27,)), b"\0" * 64]})  # 1 GiB claimed, 64 bytes held
    message, peak = _refusal_and_peak(data)
    assert "larger than its member" in message and peak < CHEAP, (message, peak)


@pytest.mark.parametrize("data", [
    pytest.param(_forge({"__tree__.npy": _text_member('{"t": "none"}')}, compress_type=zipfile.ZIP_BZIP2),
                 id="bzip2"),
    pytest.param(_forge({"__tree__.npy": _text_member('{"t": "none"}'), "a0.txt": [b"x"]}), id="not-npy"),
    pytest.param(_tree('{"t": "array", "k": "a0"}', a0=np.zeros(2, dtype=[("x", "f8")])), id="structured-dtype"),
    pytest.param(_tree('{"t": "none"}') + b"comment", id="bytes-after-the-end-record"),
    pytest.param(_forge({"__tree__.npy": _array_member(np.array(["a", "b"]))}), id="tree-not-one-string"),
])
def test_archives_encode_never_writes_are_refused(data):
    with pytest.raises(transport.TransportError):
        transport.decode(data)


def test_the_node_limit_holds_on_both_sides():
    at_the_limit = [None] * (plain_data.MAX_NODES - 1)  # and the list: MAX_NODES values
    assert transport.decode(transport.encode(at_the_limit)) == at_the_limit
    with pytest.raises(transport.TransportError, match="MAX_NODES"):
        transport.encode([None] * plain_data.MAX_NODES)  # the list itself is a value too
    with pytest.raises(transport.TransportError, match="MAX_NODES"):
        transport.encode({i: None for i in range(plain_data.MAX_NODES // 2)})  # keys count
    forged = '{"t": "list", "v": [' + ", ".join(['{"t": "none"}'] * plain_data.MAX_NODES) + "]}"
    assert len(forged) < plain_data.MAX_TREE_CHARS
    with pytest.raises(transport.TransportError, match="MAX_NODES"):
        transport.decode(_tree(forged))


LONG = "x" * (plain_data.MAX_STRING_CHARS + 1)


@pytest.mark.parametrize("value", [
    pytest.param(LONG, id="string"), pytest.param({LONG: 1}, id="key"), pytest.param([1, (LONG,)], id="nested"),
    pytest.param(np.array([LONG]), id="array-of-strings"), pytest.param(np.bytes_(LONG.encode()), id="bytes-scalar"),
])
def test_a_string_over_the_limit_is_refused_by_encode(value):
    with pytest.raises(transport.TransportError, match="MAX_STRING_CHARS"):
        transport.encode(value)


@pytest.mark.parametrize("data", [
    pytest.param(_tree(json.dumps({"t": "str", "v": LONG})), id="string"),
    pytest.param(_tree('{"t": "array", "k": "a0"}', a0=np.array([LONG])), id="array-of-strings"),
])
def test_a_string_over_the_limit_is_refused_by_decode(data):
    with pytest.raises(transport.TransportError, match="MAX_STRING_CHARS"):
        transport.decode(data)


def test_a_string_at_the_limit_round_trips():
    text = "é" * plain_data.MAX_STRING_CHARS  # non-ASCII: the structure's JSON keeps it as one character each
    assert transport.decode(transport.encode(text)) == text


@pytest.mark.parametrize("value", [
    pytest.param([np.zeros(1)] * (plain_data.MAX_MEMBERS + 1), id="MAX_MEMBERS"),
    pytest.param(["x" * 1_000_000] * 5, id="MAX_TREE_CHARS"),
    pytest.param([np.broadcast_to(np.float64(0), (plain_data.MAX_BYTES // 8 + 1,))], id="MAX_BYTES"),
])
def test_encode_refuses_a_value_over_a_limit_naming_it(request, value):
    with pytest.raises(transport.TransportError, match=request.node.callspec.id):
        transport.encode(value)


@pytest.mark.parametrize("value", [10**plain_data.MAX_INT_DIGITS - 1, -(10**plain_data.MAX_INT_DIGITS - 1), 2**70],
                         ids=["largest", "smallest", "2**70"])
def test_ints_up_to_the_digit_limit_round_trip(value):
    back = transport.decode(transport.encode(value))
    assert back == value and type(back) is int


@pytest.mark.parametrize("value", [10**plain_data.MAX_INT_DIGITS, -(10**400), 7**20_000],
                         ids=["one-digit-over", "-10**400", "past-str-limit"])
def test_a_longer_int_is_sent_as_an_opaque_int_a_report_can_print(value):
    from utils.checks import compare

    back = transport.decode(transport.encode(value))
    assert isinstance(back, transport.Opaque) and len(repr(back)) < 60 and "digits" in repr(back)
    assert compare(5, back) == ["result has the wrong type: expected a number, got int_over_100_digits"]
    assert compare((1, "a"), back) == ["result has the wrong type: expected a tuple, got int_over_100_digits"]


@pytest.mark.parametrize("digits", [plain_data.MAX_INT_DIGITS + 1, 5000])
def test_decode_refuses_an_int_longer_than_the_limit(digits):
    with pytest.raises(transport.TransportError, match="MAX_INT_DIGITS"):
        transport.decode(_tree(json.dumps({"t": "int", "v": "9" * digits})))


class _SurrogateRepr:
    def __repr__(self):
        return "bad \udc80 repr"


@pytest.mark.parametrize("data", [
    pytest.param(transport.encode("a\ud800b"), id="string"),
    pytest.param(transport.encode({"\udfffkey": ["\ud83d"]}), id="key-and-nested"),
    pytest.param(transport.encode(np.array(["ok", "x\ud800"])), id="array-of-strings"),
    pytest.param(transport.encode(_SurrogateRepr()), id="opaque-repr"),
    pytest.param(_tree('{"t": "str", "v": "escaped \\ud800"}'), id="json-escape"),
    pytest.param(_tree('{"t": "array", "k": "a0"}', a0=np.array([0x41, 0x110000], "<u4").view("<U2")),
                 id="past-U+10FFFF"),
])
def test_every_decoded_string_can_be_written_as_utf8(data):
    strings = list(_strings(transport.decode(data)))
    assert strings and all(text.encode("utf-8") for text in strings)
    assert any("\ufffd" in text for text in strings)


def test_there_are_public_data_files_to_check():
    assert len(PUBLIC_DATA_FILES) >= 5, PUBLIC_DATA_FILES


@pytest.mark.parametrize("path", PUBLIC_DATA_FILES, ids=lambda path: path.parents[2].name)
def test_every_release_public_data_file_decodes_and_re_encodes_to_the_same_bytes(path):
    data = path.read_bytes()
    suite = plain_data.decode(data)
    assert set(suite) == {"assignment", "exercises"} and suite["assignment"] == path.stem
    assert plain_data.encode(suite, compress=True) == data
