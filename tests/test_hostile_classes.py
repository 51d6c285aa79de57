"""Hostile input, one test per class of attack (issue 8): each class is fixed, not one input.

The timing bounds here catch hangs, not speed: ``tools/bench.py`` measures refusal times.
"""

from __future__ import annotations

import os
import re
import stat
import threading
import time
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import corpus_entries, corpus_text
from hostile_corpus import hostile_documents  # tools/, put on the path by conftest
from infobip_logs_spec import (
    ContractWarning,
    DecodeError,
    EncodeError,
    Limits,
    ValidationError,
    decode_json,
    decode_xml,
    encode_json,
    encode_xml,
    is_valid,
    iter_errors,
    validate,
)
from infobip_logs_spec.models import ApiException, RequestError, ServiceException

VOICE = "/tts/3/logs"
VOICE_XML = corpus_text(
    corpus_entries(endpoint=VOICE, kind="response", media_type="application/xml")[0]
)
VOICE_JSON = corpus_text(
    corpus_entries(endpoint=VOICE, kind="response", media_type="application/json")[0]
)
SECONDS = 5.0


def _put(document: bytes, field: str, value: str) -> bytes:
    """``document`` with the first value of ``field`` (a JSON member or an XML element)
    spelled ``value``; ``value`` may add members after it."""
    if document.lstrip().startswith(b"<"):
        pattern = rf"<{field}>[^<]*<".encode()
        replacement = f"<{field}>{value}<".encode()
    else:
        pattern = rf'"{field}"\s*:\s*("[^"]*"|[-0-9.eE+]+)'.encode()
        replacement = f'"{field}": {value}'.replace("\\", "\\\\").encode()
    changed, count = re.subn(pattern, replacement, document, count=1)
    assert count == 1
    return changed


def _verdicts(data: bytes, fmt: str, **options: Any) -> tuple[str, str]:
    """What the decoder and the validator say of one document: 'valid' or the error class."""

    def outcome(call: Callable[[], Any]) -> str:
        start = time.perf_counter()
        try:
            call()
            said = "valid"
        except ValidationError as error:
            said = type(error).__name__
        assert time.perf_counter() - start < SECONDS
        return said

    decode = decode_json if fmt == "json" else decode_xml
    return (
        outcome(lambda: decode(data, endpoint=VOICE, **options)),
        outcome(lambda: validate(data, endpoint=VOICE, **options)),
    )


@pytest.mark.parametrize(
    ("klass", "name", "fmt", "data"),
    [pytest.param(*entry, id=entry[1]) for entry in hostile_documents()],
)
def test_every_hostile_document_is_refused_by_both_paths_alike(
    klass: str, name: str, fmt: str, data: bytes
) -> None:
    decoded, validated = _verdicts(data, fmt, profile="documented")
    assert decoded != "valid"
    assert validated != "valid"
    # Live expects most fields rather than requiring them, so a flood of empty records is only
    # a flood of warnings there: bounded in time (``outcome`` checks it), judged alike.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ContractWarning)
        assert len(set(_verdicts(data, fmt, profile="live"))) == 1


# --------------------------------------------------------------------------- 1. encodings


@pytest.mark.parametrize("encoding", ["UTF-7", "ISO-2022-JP", "HZ-GB-2312", "ISO-8859-1", "EBCDIC"])
def test_only_the_encodings_the_api_uses_are_read(encoding: str) -> None:
    xml = f'<?xml version="1.0" encoding="{encoding}"?><smsLogsResponse/>'.encode("ascii")
    with pytest.raises(DecodeError) as caught:
        decode_xml(xml, endpoint=VOICE)
    assert caught.value.message == (
        f"encoding {encoding!r} is not accepted: only UTF-8 (or ASCII), and UTF-16 or UTF-32 "
        "with a byte order mark"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
def test_wide_documents_are_decoded_here_and_read_as_the_same_value(encoding: str) -> None:
    text = VOICE_XML.decode("utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-le":  # no byte order mark of its own
        data = b"\xff\xfe" + data
    assert decode_xml(data, endpoint=VOICE) == decode_xml(VOICE_XML, endpoint=VOICE)
    assert validate(data, endpoint=VOICE) == []


def test_a_stateful_encoding_cannot_smuggle_a_doctype(tmp_path: Path) -> None:
    trap = tmp_path / "trap"
    os.mkfifo(trap)
    smuggled = (
        '<?xml version="1.0" encoding="UTF-7"?>'
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{trap}"> %p;]><smsLogsResponse/>'
    ).encode("utf-7")
    assert _verdicts(smuggled, "xml") == ("DecodeError", "DecodeError")


# --------------------------------------------------------------------------- 2. numbers


@pytest.mark.parametrize("spelled", ["1e999999", "1e99999999999", "1E-999999", "-1e+4000"])
@pytest.mark.parametrize("field", ["duration", "price"])
def test_huge_exponents_are_refused_by_value_before_any_expansion(spelled: str, field: str) -> None:
    value = spelled if field == "duration" else f'{{"pricePerSecond": {spelled}}}'
    document = f'{{"results": [{{"{field}": {value}}}]}}'.encode()
    assert _verdicts(document, "json") == ("DecodeError", "DecodeError")


def test_a_short_exponent_is_a_plain_number() -> None:
    record = decode_json(VOICE_JSON, endpoint=VOICE).results[0]
    spelled = _put(VOICE_JSON, "duration", "1e1")
    assert spelled != VOICE_JSON
    assert decode_json(spelled, endpoint=VOICE).results[0] == record
    assert validate(spelled, endpoint=VOICE) == []


@pytest.mark.parametrize("spelled", ["9.99999999999999999999", "1.0000000000000000001", "1e-30"])
def test_integers_are_judged_on_the_exact_number_on_both_paths(spelled: str) -> None:
    document = _put(VOICE_JSON, "duration", spelled)
    assert _verdicts(document, "json") == ("ValidationError", "ValidationError")
    (error,) = [e for e in iter_errors(document, endpoint=VOICE) if e.severity == "error"]
    assert error.pointer == "/results/0/duration"


def test_one_number_bound_for_both_formats_and_both_paths() -> None:
    limits = Limits(max_number_length=10)
    xml = _put(VOICE_XML, "pricePerMessage", "0.01000000000")
    json_ = _put(VOICE_JSON, "pricePerSecond", "0.01000000000")
    assert _verdicts(xml, "xml", limits=limits) == ("DecodeError", "DecodeError")
    assert _verdicts(json_, "json", limits=limits) == ("DecodeError", "DecodeError")
    (error,) = list(iter_errors(xml, endpoint=VOICE, limits=limits))
    assert isinstance(error, DecodeError)
    assert error.xpath == "/smsLogsResponse/results/result[1]/price/pricePerMessage"
    assert error.message == "a number of 12 digits is over the limit of 10"


def test_an_integer_past_cpythons_own_guard_gets_this_packages_message() -> None:
    xml = _put(VOICE_XML, "duration", "1" * 5000)
    with pytest.raises(ValidationError) as caught:
        decode_xml(xml, endpoint=VOICE)
    assert caught.value.message == "a number of 5000 digits is over the limit of 100"


def test_limits_refuse_a_number_bound_over_what_python_can_convert() -> None:
    with pytest.raises(ValueError, match="max_number_length must be at most 4000"):
        Limits(max_number_length=5000)


# --------------------------------------------------------------------------- 3. floods


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_explaining_a_flood_of_problems_stops_at_the_budget(fmt: str) -> None:
    if fmt == "json":
        document = b'{"results":[' + b",".join([b"{}"] * 100_000) + b"]}"
    else:
        document = (
            b"<smsLogsResponse><results>" + b"<result/>" * 100_000 + b"</results></smsLogsResponse>"
        )
    start = time.perf_counter()
    # Documented: every field of a log is required there (live only expects most of them).
    limits = Limits(max_problems=7)
    problems = list(iter_errors(document, endpoint=VOICE, limits=limits, profile="documented"))
    assert time.perf_counter() - start < SECONDS
    assert len(problems) == 8
    assert problems[-1].message == (
        "more than 7 errors; the rest of the document was not checked (Limits.max_problems)"
    )
    decode = decode_json if fmt == "json" else decode_xml
    with pytest.raises(ValidationError) as caught:
        decode(document, endpoint=VOICE, profile="documented")
    assert len(caught.value.errors) == 101


def test_a_flood_of_warnings_is_summed_up_and_never_changes_the_verdict() -> None:
    document = VOICE_XML.replace(b"<to>", b"<x/>" * 50_000 + b"<to>", 1)
    start = time.perf_counter()
    problems = list(iter_errors(document, endpoint=VOICE))
    assert time.perf_counter() - start < SECONDS
    assert [p.severity for p in problems] == ["warning"] * 101
    assert problems[-1].message == (
        "and 49900 more warnings like these, not shown (Limits.max_problems)"
    )
    assert is_valid(document, endpoint=VOICE)  # a new field in every record: still valid
    assert not is_valid(document, endpoint=VOICE, strict=True)


# --------------------------------------------------------------------------- 4. text and files


@pytest.mark.parametrize("text", ["/dev/zero", "/etc/passwd", "null", "42", "answer.json"])
def test_text_is_a_document_never_a_file_name(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate(text, endpoint=VOICE)
    assert isinstance(caught.value, DecodeError | ValidationError)
    assert "/dev/zero" not in caught.value.message or "not JSON" in caught.value.message


def test_a_path_is_read_only_when_it_is_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), tmp_path):
        start = time.perf_counter()
        with pytest.raises(OSError, match=r"not a regular file|a directory"):
            validate(path, endpoint=VOICE)
        assert time.perf_counter() - start < SECONDS
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_file_is_read_no_further_than_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    with pytest.raises(DecodeError, match="file of over 1024 bytes is over the limit"):
        validate(big, endpoint=VOICE, limits=Limits(max_bytes=1024))


def test_parsed_json_is_judged_as_its_text() -> None:
    import json

    parsed = json.loads(VOICE_JSON, parse_float=Decimal)
    assert validate(parsed, endpoint=VOICE) == []
    parsed["results"][0]["duration"] = "one"
    assert not is_valid(parsed, endpoint=VOICE)


# --------------------------------------------------------------------------- 5, 6. xsi: and one verdict


@pytest.mark.parametrize(
    "attribute",
    [
        'xsi:nil="true"',
        'xsi:type="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema"',
        'xsi:foo="1"',
        'xsi:schemaLocation="a b"',
    ],
)
def test_no_attribute_is_allowed_xsi_ones_neither(attribute: str) -> None:
    xml = VOICE_XML.replace(
        b"<duration>",
        f'<duration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" {attribute}>'.encode(),
    )
    assert _verdicts(xml, "xml") == ("ValidationError", "ValidationError")
    assert not is_valid(xml, endpoint=VOICE, strict=False)
    name = attribute.split("=")[0]
    assert any(
        e.message == f"unexpected attribute {name!r}" for e in iter_errors(xml, endpoint=VOICE)
    )


def test_the_schemas_no_is_never_lost_to_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    # A walk that misses an error the schema sees: the schema's verdict must stand.
    from infobip_logs_spec import _validate

    def blind_walk(contract: Any, node: Any, document: Any, records: Any, problems: Any) -> None:
        problems.unknown(lambda: "unexpected field", path=("results", 0, "newField"))

    monkeypatch.setattr(_validate, "from_json_document", blind_walk)
    document = _put(VOICE_JSON, "duration", '"one", "newField": 1')
    problems = list(iter_errors(document, endpoint=VOICE))
    assert [p.severity for p in problems] == ["warning", "error"]
    assert problems[1].pointer == "/results/0/duration"
    # ... while an unknown field alone stays a warning, as the walk says.
    document = _put(VOICE_JSON, "duration", '1, "newField": 1')
    assert [p.severity for p in iter_errors(document, endpoint=VOICE)] == ["warning"]


# --------------------------------------------------------------------------- 8. maps


def _error_body(validation_errors: str) -> bytes:
    return (
        "<ApiException><requestError><serviceException><messageId>BAD_REQUEST</messageId>"
        f"<text>Bad request</text><validationErrors>{validation_errors}</validationErrors>"
        "</serviceException></requestError></ApiException>"
    ).encode()


@pytest.mark.parametrize(
    "children",
    ['<limit a="1">x</limit>', "<limit><b>x</b></limit>", '<x:limit xmlns:x="urn:x">y</x:limit>'],
)
def test_a_maps_children_are_held_to_the_walks_rules_on_both_paths(children: str) -> None:
    body = _error_body(children)
    assert not is_valid(body, endpoint=VOICE, status=401)
    with pytest.raises(ValidationError):
        decode_xml(body, endpoint=VOICE, status=401)


def test_a_non_ascii_map_key_round_trips() -> None:
    body = _error_body("<límite>too big</límite>")
    value = decode_xml(body, endpoint=VOICE, status=401)
    assert decode_xml(encode_xml(value), endpoint=VOICE, status=401) == value
    assert validate(encode_xml(value), endpoint=VOICE, status=401) == []


# --------------------------------------------------------------------------- 10. surrogates


def test_a_lone_surrogate_is_refused_on_reading_and_on_writing() -> None:
    document = _put(VOICE_JSON, "text", '"\\ud800"')
    assert _verdicts(document, "json") == ("DecodeError", "DecodeError")
    paired = _put(VOICE_JSON, "text", '"\\ud83d\\ude00"')
    assert decode_json(paired, endpoint=VOICE).results[0].text == "\U0001f600"
    error = ApiException(
        requestError=RequestError(
            serviceException=ServiceException(messageId="BAD_REQUEST", text="a\ud800b")
        )
    )
    for encode in (encode_json, encode_xml):
        with pytest.raises(EncodeError) as caught:
            encode(error)
        assert caught.value.pointer == "/requestError/serviceException/text"


# --------------------------------------------------------------------------- 11. decimals


@pytest.mark.parametrize(
    ("spelled", "canonical"), [("1e2", "100"), ("-0", "0"), ("-0.00", "0.00"), ("1.50E+1", "15.0")]
)
def test_a_decimal_has_one_value_whatever_its_spelling(spelled: str, canonical: str) -> None:
    document = _put(VOICE_JSON, "pricePerSecond", spelled)
    value = decode_json(document, endpoint=VOICE)
    assert value.results[0].price.pricePerSecond.as_tuple() == Decimal(canonical).as_tuple()
    assert decode_xml(encode_xml(value), endpoint=VOICE) == value
    assert decode_json(encode_json(value), endpoint=VOICE) == value


# --------------------------------------------------------------------------- 13. threads


def test_verdicts_do_not_change_under_concurrency() -> None:
    invalid = _put(VOICE_XML, "duration", "one")
    verdicts: list[bool] = []

    def work() -> None:
        for index in range(150):
            document = invalid if index % 2 else VOICE_XML
            verdicts.append(is_valid(document, endpoint=VOICE) == (not index % 2))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(verdicts) == 1200
    assert all(verdicts)


# --------------------------------------------------------------------------- 14. lenient


def test_the_lenient_repair_is_bounded() -> None:
    document = b'{"results":[' + b",".join([b"{}"] * 100_000) + b",]}"
    start = time.perf_counter()
    with pytest.raises(DecodeError) as caught:
        decode_json(document, endpoint=VOICE, lenient=True)
    assert time.perf_counter() - start < SECONDS
    assert caught.value.message == (
        "not JSON: Expecting value (no repair is tried on documents over 65536 bytes)"
    )


# --------------------------------------------------------------------------- the outside attack


def test_an_xsi_attribute_whose_namespace_is_spelled_with_references_gets_one_verdict() -> None:
    hidden = b"http://www.w3.org/2001/XMLSchema&#45;instance"
    xml = (
        b'<smsLogsResponse xmlns:i="' + hidden + b'" i:noNamespaceSchemaLocation="x.xsd">'
        b"<results/></smsLogsResponse>"
    )
    assert _verdicts(xml, "xml") == ("ValidationError", "ValidationError")
    assert not is_valid(xml, endpoint=VOICE, strict=True)


@pytest.mark.parametrize(
    ("document", "fmt", "message"),
    [
        (
            b"<smsLogsResponse><results/><x>" + b"<a/>" * 600_000 + b"</x></smsLogsResponse>",
            "xml",
            "more than 120000 elements, over the limit (Limits.max_elements)",
        ),
        (
            b'{"results":[],"x":[' + b",".join([b"[]"] * 1_100_000) + b"]}",
            "json",
            "more than 450000 values, over the limit (Limits.max_values)",
        ),
    ],
)
def test_what_a_parsed_tree_would_cost_is_bounded_before_parsing(
    document: bytes, fmt: str, message: str
) -> None:
    assert _verdicts(document, fmt) == ("DecodeError", "DecodeError")
    (error,) = list(iter_errors(document, endpoint=VOICE))
    assert error.message == message


@pytest.mark.parametrize(
    "document",
    [
        b"\xef\xbb\xbf" + VOICE_XML,  # one byte order mark: fine
        VOICE_XML.replace(b"<text>", b"<text><![CDATA[<!DOCTYPE html>]]>", 1),
        b"<!-- <!DOCTYPE x> -->" + VOICE_XML,
    ],
)
def test_what_only_looks_odd_is_read(document: bytes) -> None:
    assert _verdicts(document, "xml") == ("valid", "valid")


@pytest.mark.parametrize(
    "document",
    [
        b"\xef\xbb\xbf\xef\xbb\xbf" + VOICE_XML,  # two byte order marks
        "\ufeff".encode("utf-16") + VOICE_XML.decode().encode("utf-16-le"),
        b'<?xml version="1.0" encoding="US-ASCII"?>' + _put(VOICE_XML, "text", "caf\u00e9"),
    ],
)
def test_what_libxml2_and_expat_refuse_is_refused(document: bytes) -> None:
    assert _verdicts(document, "xml") == ("DecodeError", "DecodeError")


@pytest.mark.parametrize("price", ["1e-99", "-1e99", "1.5e-98"])
def test_whatever_is_read_is_written_back_readable(price: str) -> None:
    value = decode_json(_put(VOICE_JSON, "pricePerSecond", price), endpoint=VOICE)
    assert decode_json(encode_json(value), endpoint=VOICE) == value
    assert decode_xml(encode_xml(value), endpoint=VOICE) == value


def test_a_document_needing_more_repairs_than_the_budget_is_not_repaired() -> None:
    document = b'{"results":[],"x":[' + b"[1,]," * 1000 + b"1]}"
    start = time.perf_counter()
    with pytest.raises(DecodeError) as caught:
        decode_json(document, endpoint=VOICE, lenient=True)
    assert time.perf_counter() - start < SECONDS
    assert caught.value.message.startswith("not JSON")
