"""What the codecs do beyond the laws: leniency, error locations, lexical forms, the model."""

from __future__ import annotations

import copy
import gc
import json
import pickle
import sys
import threading
import warnings
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
import yaml

from conftest import corpus_entries, corpus_text
from infobip_logs_spec import (
    ContractWarning,
    DecodeError,
    EncodeError,
    LenientWarning,
    Record,
    ValidationError,
    decode_json,
    decode_xml,
    encode_json,
    encode_xml,
)
from infobip_logs_spec._contract import parse_spec
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec._safe_parse import no_cyclic_gc
from infobip_logs_spec.models import MessagePrice, OmniLogsResponse, VoiceLogsResponse, VoicePrice

VOICE_XML = corpus_text(
    corpus_entries(id="tts-logs/06-response-xml-getting-logs-without-any-query-parameter")[0]
)
MALFORMED_OMNI = [
    e
    for e in corpus_entries(endpoint="/omni/1/logs", kind="response")
    if e["outcome"] == "not-well-formed"
]


# --------------------------------------------------------------------------- leniency


@pytest.mark.parametrize("entry", MALFORMED_OMNI, ids=[e["id"] for e in MALFORMED_OMNI])
def test_strict_decoding_refuses_the_printed_example_with_its_line(entry: dict[str, Any]) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_json(corpus_text(entry), endpoint="/omni/1/logs")
    assert caught.value.line is not None
    assert caught.value.message == "not JSON: Expecting property name enclosed in double quotes"


@pytest.mark.parametrize("entry", MALFORMED_OMNI, ids=[e["id"] for e in MALFORMED_OMNI])
def test_lenient_decoding_forgives_and_reports_each_repair(entry: dict[str, Any]) -> None:
    (twin,) = corpus_entries(id=entry["corrected_twin"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = decode_json(corpus_text(entry), endpoint="/omni/1/logs", lenient=True)
    assert value == decode_json(corpus_text(twin), endpoint="/omni/1/logs")
    forgiven = [w.message for w in caught if isinstance(w.message, LenientWarning)]
    assert [f"{w.message} on line {w.line}" for w in forgiven] == twin["correction"]


def test_lenient_decoding_still_refuses_what_it_cannot_repair() -> None:
    with pytest.raises(DecodeError, match="not JSON"):
        decode_json('{"results": [1 2]}', endpoint="/omni/1/logs", lenient=True)


def test_lenient_decoding_repairs_a_missing_closing_brace() -> None:
    printed = corpus_text(
        corpus_entries(
            id="inbox-logs/16-response-json-getting-messages-received-within-a-specified"
        )[0]
    )
    broken = printed.decode().replace('"smsCount":1\n}\n]', '"smsCount":1\n]', 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = decode_json(broken, endpoint="/sms/1/inbox/logs", lenient=True)
    assert value == decode_json(printed, endpoint="/sms/1/inbox/logs")
    line = broken.splitlines().index("]") + 1
    assert [str(w.message) for w in caught] == [
        f"line {line}: inserted the missing '}}' before the ']'"
    ]


# --------------------------------------------------------------------------- error locations


def test_xml_error_names_xpath_line_and_json_pointer() -> None:
    broken = VOICE_XML.replace(
        b"<pricePerMessage>0.0100</pricePerMessage>", b"<pricePerMessage>1E-2</pricePerMessage>", 1
    )
    with pytest.raises(ValidationError) as caught:
        decode_xml(broken, endpoint="/tts/3/logs")
    error = caught.value
    assert error.xpath == "/smsLogsResponse/results/result[1]/price/pricePerMessage"
    assert error.pointer == "/results/0/price/pricePerSecond"
    assert error.line == 14
    assert broken.splitlines()[13].strip() == b"<pricePerMessage>1E-2</pricePerMessage>"
    assert str(error) == (
        "/smsLogsResponse/results/result[1]/price/pricePerMessage (line 14): "
        "expected a decimal number (no exponent), got '1E-2'"
    )


@pytest.mark.parametrize(
    ("mutation", "message", "xpath"),
    [
        (
            (b"<duration>1</duration>", b"<duration>1</duration><duration>1</duration>"),
            "<duration> appears more than once",
            "/smsLogsResponse/results/result[1]/duration",
        ),
        (
            (b"<mccmnc>22801</mccmnc>", b"<mccMnc>22801</mccMnc>"),
            "unexpected element <mccMnc>; did you mean <mccmnc>? (quirk mccmnc-case)",
            "/smsLogsResponse/results/result[1]/mccMnc",
        ),
        ((b"<results>", b"<results>text"), "unexpected text 'text'", "/smsLogsResponse/results"),
        (
            (b"<to>", b'<to lang="en">'),
            "unexpected attribute 'lang'",
            "/smsLogsResponse/results/result[1]/to",
        ),
        (
            (b"<permanent>true</permanent>", b"<permanent>yes</permanent>"),
            "expected true, false, 1 or 0, got 'yes'",
            "/smsLogsResponse/results/result[1]/error/permanent",
        ),
        (
            (b"<duration>1</duration>", b""),
            "required element <duration> is missing",
            "/smsLogsResponse/results/result[1]",
        ),
    ],
)
def test_xml_errors_are_precise(mutation: tuple[bytes, bytes], message: str, xpath: str) -> None:
    with pytest.raises(ValidationError) as caught:
        decode_xml(
            VOICE_XML.replace(*mutation, 1),
            endpoint="/tts/3/logs",
            profile="documented",
            strict=True,
        )
    assert (caught.value.message, caught.value.xpath) == (message, xpath)


def test_unexpected_root_names_the_documented_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        decode_xml(
            VOICE_XML.replace(b"smsLogsResponse>", b"LogsResponse>"), endpoint="/omni/1/logs"
        )
    assert (
        caught.value.message == "unexpected root element <LogsResponse>; "
        "expected <smsLogsResponse> or <omniLogsResponse>"
    )


@pytest.mark.parametrize(
    ("document", "message", "pointer"),
    [
        ('{"results": [{"messageId": 1}]}', "expected a string, got 1", "/results/0/messageId"),
        ('{"results": {}}', "expected an array, got {}", "/results"),
        ('{"results": [], "extra": 1}', "unexpected field", "/extra"),
        ("{}", "required field is missing", "/results"),
    ],
)
def test_json_errors_carry_the_pointer(document: str, message: str, pointer: str) -> None:
    with pytest.raises(ValidationError) as caught:
        decode_json(document, endpoint="/tts/3/logs", profile="documented", strict=True)
    assert (caught.value.errors[0].message, caught.value.errors[0].pointer) == (message, pointer)


# --------------------------------------------------------------------------- lexical forms


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("1", True), ("false", False), ("0", False), (" true\n", True)],
)
def test_xs_boolean_lexical_forms_are_read_and_true_false_written(text: str, value: bool) -> None:
    document = VOICE_XML.replace(
        b"<permanent>true</permanent>", f"<permanent>{text}</permanent>".encode(), 1
    )
    decoded = decode_xml(document, endpoint="/tts/3/logs")
    assert decoded.results[0].error.permanent is value
    assert f"<permanent>{'true' if value else 'false'}</permanent>".encode() in encode_xml(decoded)


def test_cdata_comments_and_both_declaration_quote_styles() -> None:
    document = VOICE_XML.replace(
        b"<text>Test SMS.</text>", b"<text><![CDATA[a < b & c]]></text><!-- note -->", 1
    )
    for declaration in (
        b"<?xml version='1.0' encoding='UTF-8'?>\n",
        b'<?xml version="1.0" encoding="UTF-8"?>\n',
        b"",
    ):
        decoded = decode_xml(declaration + document, endpoint="/tts/3/logs")
        assert decoded.results[0].text == "a < b & c"


def test_empty_collections_in_every_shape() -> None:
    empty = OmniLogsResponse(results=[])
    assert encode_json(empty) == b'{"results":[]}'
    assert encode_xml(empty, declaration=False) == b"<smsLogsResponse><results/></smsLogsResponse>"
    assert encode_xml(empty, root="omniLogsResponse", declaration=False) == b"<omniLogsResponse/>"
    for xml in (
        b"<smsLogsResponse><results/></smsLogsResponse>",
        b"<omniLogsResponse/>",
        b"<omniLogsResponse>\n</omniLogsResponse>",
    ):
        assert decode_xml(xml, endpoint="/omni/1/logs") == empty


def test_decimals_are_never_written_in_exponent_form() -> None:
    price = VoicePrice(pricePerSecond=Decimal("1E-7"), currency="EUR")
    assert encode_json(price) == b'{"pricePerSecond":0.0000001,"currency":"EUR"}'
    assert b"<pricePerMessage>0.0000001</pricePerMessage>" in encode_xml(price)
    assert decode_json(b'{"results":[]}', endpoint="/tts/3/logs") == decode_json(
        b'{"results": [ ]}', endpoint="/tts/3/logs"
    )


def test_strings_xml_cannot_carry_get_an_encode_error_with_their_location() -> None:
    log = decode_xml(VOICE_XML, endpoint="/tts/3/logs")
    bad = log.replace(results=[log.results[0].replace(text="bell\x07")])
    with pytest.raises(EncodeError) as caught:
        encode_xml(bad)
    assert str(caught.value) == (
        "/smsLogsResponse/results/result[1]/text: "
        "character '\\x07' at offset 4 cannot be written in XML 1.0"
    )
    assert caught.value.pointer == "/results/0/text"
    assert b'"text":"bell\\u0007"' in encode_json(bad)  # JSON can carry it


def test_dates_the_api_format_cannot_carry_are_refused() -> None:
    # Records take what the live profile reads (microseconds), but never a date with no zone
    # (a constructor is strict: what live only tolerates, it refuses).
    with pytest.raises(ValidationError, match="a date with no offset"):
        _voice_log_with(sentAt=datetime(2015, 2, 23, 17, 40, 31, 773000))
    precise = _voice_log_with(sentAt=datetime(2015, 2, 23, 17, 40, 31, 773001, tzinfo=UTC))
    written = encode_json(VoiceLogsResponse(results=[precise]))
    assert b'"2015-02-23T17:40:31.773001+0000"' in written
    with pytest.raises(ValidationError, match=r"expected a date like 2015-02-23T17:40:31\.773"):
        decode_json(written, endpoint="/tts/3/logs", profile="documented")
    assert decode_json(written, endpoint="/tts/3/logs").results[0].sentAt == precise.sentAt


def _voice_log_with(**changes: Any) -> Record:
    log = decode_xml(VOICE_XML, endpoint="/tts/3/logs").results[0]
    return log.replace(**changes)


# --------------------------------------------------------------------------- the model


def test_model_reads_by_spec_names_and_tells_absent_from_present() -> None:
    logs = decode_xml(VOICE_XML, endpoint="/tts/3/logs")
    log = logs.results[0]
    assert log.price.pricePerSecond == Decimal("0.0100")
    assert str(log.price.pricePerSecond) == "0.0100"
    assert log.from_ == log["from"] == "InfoSMS"
    assert log.sentAt == datetime(
        2015, 2, 23, 17, 41, 18, 20000, tzinfo=timezone(timedelta(hours=1))
    )
    assert "bulkId" in log
    without = log.replace(bulkId=None)
    assert "bulkId" not in without
    assert without.bulkId is None
    with pytest.raises(KeyError):
        without["bulkId"]
    assert list(without)[:2] == ["messageId", "to"]


def test_model_is_immutable_and_checks_what_it_is_given() -> None:
    price = MessagePrice(pricePerMessage=Decimal("0.01"), currency="EUR")
    with pytest.raises(AttributeError, match="immutable"):
        price.currency = "USD"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="float"):
        MessagePrice(pricePerMessage=0.01, currency="EUR")
    with pytest.raises(ValidationError) as caught:
        MessagePrice(currency="EUR")
    assert caught.value.pointer == "/pricePerMessage"
    with pytest.raises(TypeError, match="no field 'price'"):
        MessagePrice(price=1, currency="EUR")


def test_equality_is_exact_about_scale_and_offset() -> None:
    assert MessagePrice(pricePerMessage=Decimal("0.01"), currency="EUR") != MessagePrice(
        pricePerMessage=Decimal("0.0100"), currency="EUR"
    )
    log = _voice_log_with()
    same_instant = log.sentAt.astimezone(UTC)
    assert same_instant == log.sentAt  # Python's datetimes compare instants...
    assert log.replace(sentAt=same_instant) != log  # ...the model also compares offsets


def test_a_record_copies_and_pickles_as_itself() -> None:
    logs = decode_xml(VOICE_XML, endpoint="/tts/3/logs")
    for made in (copy.copy(logs), copy.deepcopy(logs), pickle.loads(pickle.dumps(logs))):
        assert made == logs
        assert type(made) is type(logs)
        assert encode_json(made) == encode_json(logs)


def test_a_field_given_twice_by_its_two_names_is_refused() -> None:
    log = _voice_log_with()
    with pytest.raises(TypeError, match="got the field 'from' twice"):
        log.replace(**{"from": "X", "from_": "Y"})
    with pytest.raises(TypeError, match="got the field 'from' twice"):
        type(log)(**{**log.to_dict(), "from_": "Y"})


def test_an_unknown_empty_object_is_not_an_unknown_empty_array() -> None:
    log = json.loads(encode_json(decode_xml(VOICE_XML, endpoint="/tts/3/logs")))
    values = []
    for empty in ({}, []):
        log["results"][0]["zz"] = empty
        with pytest.warns(ContractWarning):
            values.append(decode_json(json.dumps(log), endpoint="/tts/3/logs"))
    assert values[0] != values[1]
    assert encode_json(values[0]) != encode_json(values[1])


def test_the_encoders_take_records_only() -> None:
    for encode in (encode_json, encode_xml):
        with pytest.raises(TypeError, match=r"writes a record .* not a dict"):
            encode({"results": []})  # type: ignore[arg-type]


def test_to_dict_never_drops_a_field_for_an_unknown_member_of_its_name() -> None:
    # pricePerSecond is the JSON name of XML's pricePerMessage: as an element, it is unknown.
    spoiled = VOICE_XML.replace(
        b"<currency>EUR</currency>",
        b"<currency>EUR</currency><pricePerSecond>5</pricePerSecond>",
        1,
    )
    with pytest.warns(ContractWarning):
        log = decode_xml(spoiled, endpoint="/tts/3/logs", profile="documented").results[0]
    assert log.price.pricePerSecond == Decimal("0.0100")
    assert dict(log.price.unknown_fields) == {"pricePerSecond": "5"}
    with pytest.raises(EncodeError, match="unknown field 'pricePerSecond' bears the JSON name"):
        log.to_dict()


def test_to_dict_is_the_json_shape() -> None:
    logs = decode_xml(VOICE_XML, endpoint="/tts/3/logs")
    plain = logs.to_dict()
    assert set(plain) == {"results"}
    assert plain["results"][0]["price"] == {"pricePerSecond": Decimal("0.0100"), "currency": "EUR"}
    assert type(logs)(**plain) == logs


# --------------------------------------------------------------------------- a sixth endpoint


def test_a_sixth_endpoint_needs_no_codec_code() -> None:
    spec = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    sixth = copy.deepcopy(spec["paths"]["/sms/1/inbox/logs"])
    sixth["get"]["operationId"] = "getSmsLogs"
    sixth["get"]["responses"]["200"]["content"] = {
        media: {"schema": {"$ref": "#/components/schemas/SmsLogsResponse"}}
        for media in ("application/json", "application/xml")
    }
    spec["paths"]["/sms/1/logs"] = sixth
    spec["components"]["schemas"]["SmsLog"] = {
        "type": "object",
        "required": ["messageId", "sentAt", "smsCount", "price"],
        "properties": {
            "messageId": {"type": "string"},
            "sentAt": {"$ref": "#/components/schemas/InfobipDateTime"},
            "smsCount": {"type": "integer", "format": "int32", "xml": {"name": "parts"}},
            "price": {"$ref": "#/components/schemas/MessagePrice"},
        },
    }
    spec["components"]["schemas"]["SmsLogsResponse"] = {
        "type": "object",
        "xml": {"name": "smsLogs"},
        "required": ["results"],
        "properties": {
            "results": {
                "type": "array",
                "xml": {"wrapped": True},
                "items": {"$ref": "#/components/schemas/SmsLog", "xml": {"name": "log"}},
            }
        },
    }
    contract = parse_spec(yaml.safe_dump(spec, sort_keys=False))
    xml = (
        b"<smsLogs><results><log><messageId>1</messageId><parts>2</parts>"
        b"<sentAt>2015-02-23T17:40:31.773-0330</sentAt>"
        b"<price><pricePerMessage>0.0100</pricePerMessage><currency>EUR</currency></price>"
        b"</log></results></smsLogs>"
    )
    value = decode_xml(xml, endpoint="/sms/1/logs", contract=contract)
    assert type(value).__name__ == "SmsLogsResponse"
    assert value.results[0].smsCount == 2
    json_form = encode_json(value)
    assert json_form == (
        b'{"results":[{"messageId":"1","sentAt":"2015-02-23T17:40:31.773-0330","smsCount":2,'
        b'"price":{"pricePerMessage":0.0100,"currency":"EUR"}}]}'
    )
    assert decode_json(json_form, endpoint="/sms/1/logs", contract=contract) == value
    assert encode_xml(value, declaration=False) == xml.replace(
        b"<parts>2</parts><sentAt>2015-02-23T17:40:31.773-0330</sentAt>",
        b"<sentAt>2015-02-23T17:40:31.773-0330</sentAt><parts>2</parts>",
    )


def test_repairs_never_touch_string_literals() -> None:
    from infobip_logs_spec._lenient import repair_json

    printed = '{"a": "x,]}\\"", "b": [1, 2,],\n "c": {"d": "{[",}\n'
    repaired, edits = repair_json(printed)
    assert json.loads(repaired) == {"a": 'x,]}"', "b": [1, 2], "c": {"d": "{["}}
    assert [str(edit) for edit in edits] == [
        "removed the trailing comma before the closing bracket on line 1",
        "removed the trailing comma before the closing bracket on line 2",
        "appended the missing '}' at the end",
    ]


def test_decoders_in_many_threads_leave_the_collector_as_they_found_it() -> None:
    # Each decode holds the cyclic collector off; threads that overlap must not leave it off
    # (a thread that looked while another held it off once took "off" for the state to keep).
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # a thread switch between any two bytecodes, nearly
    try:

        def work() -> None:
            for _ in range(3000):
                with no_cyclic_gc():
                    pass
                decode_json(b'{"results": []}', endpoint="/tts/3/logs")

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert gc.isenabled()
        gc.disable()
        try:
            with no_cyclic_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()  # off before: left off
        finally:
            gc.enable()
    finally:
        sys.setswitchinterval(switch)
