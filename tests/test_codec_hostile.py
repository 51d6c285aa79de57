"""Hostile documents get a DecodeError, promptly, and never read a file or open a socket.

File access is detected with a named pipe: opening one for reading blocks until a writer comes,
so a parser that tried would hang the decode, which the watchdog reports. Network access is
detected with a listening socket on loopback that must see no connection.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from infobip_logs_spec import DecodeError, Limits, decode_json, decode_xml

WATCHDOG_SECONDS = 5  # a hang, not a benchmark: tools/bench.py measures the real times


def _outcome(call: Callable[[], Any]) -> BaseException | None:
    """Run ``call`` in a thread; fail if it does not finish, else return what it raised."""
    box: list[BaseException | None] = [None]

    def run() -> None:
        try:
            call()
        except BaseException as error:
            box[0] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WATCHDOG_SECONDS)
    assert not thread.is_alive(), "decoding hung: it touched the file or the network"
    return box[0]


def _decode_error(call: Callable[[], Any]) -> DecodeError:
    error = _outcome(call)
    assert isinstance(error, DecodeError), repr(error)
    return error


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "secret"
    os.mkfifo(path)
    return path


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def _no_connection(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def _voice(xml: str) -> Callable[[], Any]:
    return lambda: decode_xml(xml.encode(), endpoint="/tts/3/logs")


def test_external_entity_is_refused_without_reading_the_file(fifo: Path) -> None:
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{fifo}">]>'
        "<smsLogsResponse><results>&x;</results></smsLogsResponse>"
    )
    error = _decode_error(_voice(xml))
    assert error.message.startswith("document type declarations are not allowed")


def test_parameter_entity_is_refused_without_reading_the_file(fifo: Path) -> None:
    xml = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{fifo}"> %p;]><smsLogsResponse/>'
    _decode_error(_voice(xml))


def test_external_dtd_is_refused_without_a_connection(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    xml = f'<!DOCTYPE r SYSTEM "http://127.0.0.1:{port}/x.dtd"><smsLogsResponse/>'
    _decode_error(_voice(xml))
    assert _no_connection(listener)


def test_xinclude_is_never_processed(fifo: Path) -> None:
    xml = (
        '<smsLogsResponse xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<xi:include href="file://{fifo}" parse="text"/></smsLogsResponse>'
    )
    error = _outcome(_voice(xml))
    assert error is not None
    assert "unexpected namespaced element" in str(error)


def test_entity_bomb_is_refused() -> None:
    entities = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    xml = f"<!DOCTYPE r [{''.join(entities)}]><smsLogsResponse>&a9;</smsLogsResponse>"
    _decode_error(_voice(xml))


def test_deep_xml_nesting_is_refused() -> None:
    xml = "<a>" * 100_000 + "</a>" * 100_000
    error = _decode_error(_voice(xml))
    assert error.line is not None


def test_deep_json_nesting_is_refused() -> None:
    error = _decode_error(
        lambda: decode_json("[" * 100_000 + "]" * 100_000, endpoint="/tts/3/logs")
    )
    assert "nested deeper" in error.message


def test_long_number_is_refused_before_conversion() -> None:
    document = '{"results": [], "n": ' + "9" * 100_000 + "}"
    error = _decode_error(lambda: decode_json(document, endpoint="/tts/3/logs"))
    assert error.message == "a number of 100000 digits is over the limit of 100"
    fraction = '{"results": [0.' + "1" * 100_000 + "]}"
    _decode_error(lambda: decode_json(fraction, endpoint="/tts/3/logs"))


@pytest.mark.parametrize("decode", [decode_json, decode_xml])
def test_size_limit(decode: Callable[..., Any]) -> None:
    with pytest.raises(DecodeError, match="document of 2048 bytes is over the limit of 1024"):
        decode(b" " * 2048, endpoint="/tts/3/logs", limits=Limits(max_bytes=1024))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"results": NaN}', "not JSON: NaN is not JSON"),
        (b'{"results": "\xff"}', "not UTF-8: byte 13 cannot be decoded"),
        ("", "not JSON: Expecting value"),
    ],
)
def test_what_is_not_json_is_refused(document: str | bytes, message: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_json(document, endpoint="/tts/3/logs")
    assert caught.value.message == message


def test_wide_encodings_are_decoded_first_so_the_doctype_check_cannot_be_dodged() -> None:
    xml = '<!DOCTYPE r [<!ENTITY x "y">]><smsLogsResponse/>'.encode("utf-16")
    error = _decode_error(lambda: decode_xml(xml, endpoint="/tts/3/logs"))
    assert error.message == (
        "document type declarations are not allowed: they can define entities or load files"
    )


def test_doctype_is_reported_at_its_line() -> None:
    xml = '<?xml version="1.0"?>\n\n<!DOCTYPE smsLogsResponse>\n<smsLogsResponse/>'
    error = _decode_error(_voice(xml))
    assert str(error) == (
        "line 3: document type declarations are not allowed: they can define entities or load files"
    )


def test_of_duplicate_keys_the_last_counts_as_in_json_schema_validators() -> None:
    # orjson, Python's json, JavaScript and every JSON Schema validator read the last one; the
    # decoder does too, so validate() (orjson + jsonschema-rs) and decode_json agree.
    value = decode_json('{"results": [{"x": 1}], "results": []}', endpoint="/omni/1/logs")
    assert value.results == ()
