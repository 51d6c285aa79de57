"""The live corpus through the package's own engine, and through a second one per format.

Each body of tests/live_corpus/ has, in its manifest, an outcome under each profile: the
documented one judged strictly (a field the documentation does not name is a departure from
it), the live one as a user's CI judges it (warnings allowed). The package must agree with the
manifest; so must jsonschema (JSON) and xmlschema (XML) against the shipped schema files of the
profile, on the body with its aliases renamed by this file's own table, so that neither engine
leans on the package's reading of the overlay. Every body valid under live decodes, keeps its
values through the other format and back, and keeps the vendor's extra fields.
"""

from __future__ import annotations

import json
import re
import warnings
from functools import cache
from typing import Any

import jsonschema
import pytest
import xmlschema
from lxml import etree

from conftest import REPO
from infobip_logs_spec import (
    ContractWarning,
    EncodeError,
    ValidationError,
    decode_json,
    decode_xml,
    encode_json,
    encode_xml,
    iter_errors,
)

CORPUS = REPO / "tests" / "live_corpus"
ENTRIES: list[dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text("utf-8"))["entries"]
JSON = "application/json"
XML = "application/xml"
# A range in the manifest stands for any status in it.
STATUS = {"4XX": "418", "5XX": "503"}
IDS = [entry["id"] for entry in ENTRIES]
LIVE_VALID = [entry for entry in ENTRIES if entry["live"]["outcome"] == "valid"]


def _body(entry: dict[str, Any]) -> bytes:
    return (CORPUS / entry["file"]).read_bytes()


def _status(entry: dict[str, Any]) -> str:
    return STATUS.get(entry["status"], entry["status"])


def _outcome(entry: dict[str, Any], profile: str) -> tuple[str, list[str]]:
    problems = list(
        iter_errors(
            _body(entry),
            endpoint=entry["endpoint"],
            status=_status(entry),
            media_type=entry["media_type"],
            profile=profile,
            strict=profile == "documented",
        )
    )
    errors = [str(p) for p in problems if p.severity == "error"]
    return ("invalid" if errors else "valid"), errors


@pytest.mark.parametrize("profile", ["documented", "live"])
@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_the_package_gives_the_recorded_outcome(entry: dict[str, Any], profile: str) -> None:
    outcome, errors = _outcome(entry, profile)
    assert outcome == entry[profile]["outcome"], errors


# ---------------------------------------------------------------- a second engine per format


@cache
def _index() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((REPO / "schemas" / "live" / "index.json").read_text())
    return loaded


def _files(entry: dict[str, Any], media_type: str) -> list[dict[str, Any]]:
    for operation in _index()["operations"].values():
        if operation["path"] == entry["endpoint"]:
            responses = operation["responses"]
            status = entry["status"]
            key = status if status in responses else f"{status[0]}XX"
            found: list[dict[str, Any]] = responses[key][media_type]
            return found
    raise KeyError(entry["endpoint"])


# The live overlay's XML aliases, written out independently of the package: (element, the
# name of its parent or None for the root) -> the canonical name the XSD knows.
XML_RENAMES = {
    ("voiceLogsResponse", None): "smsLogsResponse",
    ("results", "results"): "result",
    ("pricePerSecond", "price"): "pricePerMessage",
}
# Logs spell the network code mccmnc (reports: mccMnc, documented so).
LOG_RENAMES = {("mccMnc", "result"): "mccmnc"}


def _canonical_xml(body: bytes, endpoint: str) -> etree._Element:
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    renames = {**XML_RENAMES, **(LOG_RENAMES if endpoint.endswith("/logs") else {})}
    if endpoint == "/omni/1/logs" and root.find("results/result") is not None:
        root.tag = "smsLogsResponse"  # omniLogsResponse with wrapped results: the vendor's shape
    for element in list(root.iter()):  # document order: a parent is renamed before its child
        parent = element.getparent()
        key = (element.tag, None if parent is None else parent.tag)
        if key in renames:
            element.tag = renames[key]
    return root


@pytest.mark.parametrize("entry", LIVE_VALID, ids=[e["id"] for e in LIVE_VALID])
def test_a_second_engine_accepts_every_body_valid_under_live(entry: dict[str, Any]) -> None:
    """jsonschema or xmlschema, on the shipped live schema file: the package's verdict is not
    its own alone. Fields every documented example has are only expected under live, so the
    shipped files do not require them; unknown fields none of these bodies has."""
    if entry["media_type"] == JSON:
        (file,) = _files(entry, JSON)
        schema = json.loads((REPO / "schemas" / "live" / file["file"]).read_text())
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.loads(_body(entry))))
        assert not errors, [e.message for e in errors]
        return
    root = _canonical_xml(_body(entry), entry["endpoint"])
    verdicts = []
    for file in _files(entry, XML):
        if file["root"] != root.tag:
            continue
        schema = xmlschema.XMLSchema10(str(REPO / "schemas" / "live" / file["file"]))
        verdicts.append(schema.is_valid(etree.tostring(root).decode()))
    assert any(verdicts), (root.tag, verdicts)


# ---------------------------------------------------------------- decoding loses nothing


VALID_200 = [e for e in ENTRIES if e["live"]["outcome"] == "valid" and e["status"] == "200"]


def _decode(entry: dict[str, Any], **options: Any) -> Any:
    decode = decode_json if entry["media_type"] == JSON else decode_xml
    return decode(_body(entry), endpoint=entry["endpoint"], status=_status(entry), **options)


@pytest.mark.parametrize("entry", VALID_200, ids=[e["id"] for e in VALID_200])
def test_every_live_answer_decodes_and_keeps_its_value_through_the_other_format(
    entry: dict[str, Any],
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ContractWarning)  # none of these has anything unknown
        value = _decode(entry)
    endpoint = entry["endpoint"]
    assert decode_xml(encode_xml(value), endpoint=endpoint) == value
    assert decode_json(encode_json(value), endpoint=endpoint) == value


@pytest.mark.parametrize("entry", VALID_200, ids=[e["id"] for e in VALID_200])
def test_the_documented_profile_refuses_what_it_does_not_describe(entry: dict[str, Any]) -> None:
    if entry["documented"]["outcome"] == "valid":
        assert _decode(entry, profile="documented", strict=True) == _decode(entry)
    else:
        with pytest.raises(ValidationError):
            _decode(entry, profile="documented", strict=True)


def test_the_vendor_spelling_mccmnc_is_read_into_the_documented_field() -> None:
    (entry,) = [e for e in ENTRIES if e["id"] == "tts-logs/01-vendor-openapi-200-json"]
    log = _decode(entry).results[0]
    assert log.mccmnc == json.loads(_body(entry))["results"][0]["mccMnc"]
    written = encode_json(log)
    assert b'"mccmnc"' in written
    assert b"mccMnc" not in written


def test_the_vendor_extra_report_fields_are_typed() -> None:
    reports = [e for e in VALID_200 if e["endpoint"] == "/tts/3/reports"]
    assert reports
    for entry in reports:
        report = _decode(entry).results[0]
        assert report.startTime is None or report.startTime.tzinfo is not None


# ---------------------------------------------------------------- one policy for tolerances


VOICE_LOG = {
    "bulkId": "b",
    "messageId": "m",
    "to": "41793026727",
    "from": "41793026700",
    "text": "Hi",
    "sentAt": "2022-12-06T13:37:15Z",
    "doneAt": "2022-12-06T13:37:16.5+01:00",
    "duration": 10,
    "mccMnc": "22801",
    "price": {"pricePerSecond": 0.01, "currency": "EUR"},
    "status": {"groupId": 3, "groupName": "DELIVERED", "id": 5, "name": "D", "description": "d"},
}


def _logs(**changes: Any) -> bytes:
    log = {**VOICE_LOG, **changes}
    return json.dumps({"results": [{k: v for k, v in log.items() if v is not None}]}).encode()


def _severities(body: bytes, **options: Any) -> list[str]:
    return [str(p.severity) for p in iter_errors(body, endpoint="/tts/3/logs", **options)]


@pytest.mark.parametrize(
    ("changes", "what"),
    [
        ({"carrier": "x"}, "unknown field"),
        ({"duration": None}, "missing expected field"),
        ({"sentAt": "2022-12-06T13:37:15"}, "tolerated spelling"),
    ],
)
def test_a_tolerance_is_a_warning_and_an_error_when_strict(
    changes: dict[str, Any], what: str
) -> None:
    body = _logs(**changes)
    assert _severities(body) == ["warning"], what
    assert _severities(body, strict=True) == ["error"], what
    with pytest.warns(ContractWarning):
        value = decode_json(body, endpoint="/tts/3/logs")
    with pytest.raises(ValidationError):
        decode_json(body, endpoint="/tts/3/logs", strict=True)
    with pytest.warns(ContractWarning):
        assert decode_json(encode_json(value), endpoint="/tts/3/logs") == value


def test_an_unknown_field_is_kept_and_written_back() -> None:
    with pytest.warns(ContractWarning, match="unexpected field"):
        value = decode_json(_logs(carrier={"name": "x", "ids": [1, 2]}), endpoint="/tts/3/logs")
    log = value.results[0]
    assert log.unknown_fields == {"carrier": {"name": "x", "ids": (1, 2)}}
    assert json.loads(encode_json(value))["results"][0]["carrier"] == {"name": "x", "ids": [1, 2]}
    xml = encode_xml(value)
    assert b"<carrier><name>x</name><ids>1</ids><ids>2</ids></carrier>" in xml
    with pytest.warns(ContractWarning):
        again = decode_xml(xml, endpoint="/tts/3/logs")
    assert again.results[0].unknown_fields == {"carrier": {"name": "x", "ids": ("1", "2")}}


def test_an_offsetless_date_is_never_read_as_local_time() -> None:
    with pytest.warns(ContractWarning, match="no offset"):
        value = decode_json(_logs(sentAt="2022-12-06T13:37:15"), endpoint="/tts/3/logs")
    assert value.results[0].sentAt.tzinfo is None
    assert b'"sentAt":"2022-12-06T13:37:15.000"' in encode_json(value)  # no offset added


# ---------------------------------------------------------------- what stays an error under live


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": {**VOICE_LOG["status"], "groupId": "3"}}, "expected an integer"),  # type: ignore[dict-item]
        ({"price": {"pricePerSecond": "0.01 EUR", "currency": "EUR"}}, "expected a number"),
        ({"sentAt": "2015-02-30T10:00:00Z"}, "not a valid date"),
        ({"sentAt": "2015-02-23T17:40:31.1234567891Z"}, "expected a date"),
        ({"mccmnc": "22801"}, "given twice"),
    ],
)
def test_live_keeps_a_broken_answer_an_error(changes: dict[str, Any], message: str) -> None:
    body = _logs(**changes)
    for profile in ("live", "documented"):
        errors = [p for p in iter_errors(body, endpoint="/tts/3/logs", profile=profile)
                  if p.severity == "error"]  # fmt: skip
        assert errors, profile
    live = [str(p) for p in iter_errors(body, endpoint="/tts/3/logs") if p.severity == "error"]
    assert any(message in each for each in live), live


def test_live_keeps_a_missing_results_an_error() -> None:
    for profile in ("live", "documented"):
        assert _severities(b"{}", profile=profile) == ["error"]


def test_live_keeps_a_list_where_an_object_belongs_an_error() -> None:
    assert "error" in _severities(_logs(price=[1]))


def test_a_wrong_root_no_source_shows_is_an_error_under_both() -> None:
    body = b"<logsResponse><results/></logsResponse>"
    for profile in ("live", "documented"):
        (problem,) = iter_errors(body, endpoint="/tts/3/logs", profile=profile)
        assert re.search("unexpected root element <logsResponse>", str(problem))


def test_the_newer_error_envelope_is_named_not_listed_field_by_field() -> None:
    body = json.dumps(
        {"errorCode": "E400", "description": "d", "action": "a", "violations": [], "resources": []}
    ).encode()
    problems = list(iter_errors(body, endpoint="/email/1/logs", status=400))
    assert [p.message for p in problems] == [
        "a different error envelope (ApiError), not ApiException"
    ]


def test_an_unlisted_status_is_an_error_body_under_live_and_a_fault_under_documented() -> None:
    body = b'{"requestError":{"serviceException":{"messageId":"X","text":"t"}}}'
    assert _severities(body, status=418) == []
    (problem,) = iter_errors(body, endpoint="/tts/3/logs", status=418, profile="documented")
    assert "HTTP 418 is not an answer" in str(problem)


def test_the_newer_error_envelope_is_named_in_xml_too() -> None:
    body = (
        b"<ApiError><errorCode>E400</errorCode><description>d</description><action>a</action>"
        b"<violations/><resources/></ApiError>"
    )
    (problem,) = iter_errors(body, endpoint="/email/1/logs", status=400)
    assert problem.message == "a different error envelope (ApiError), not ApiException"
    with pytest.raises(ValidationError, match="a different error envelope"):
        decode_xml(body, endpoint="/email/1/logs", status=400)


def test_an_unknown_field_xml_cannot_name_is_an_encode_error_not_a_loss() -> None:
    with pytest.warns(ContractWarning):
        value = decode_json(_logs(**{"weird key": 1}), endpoint="/tts/3/logs")
    assert json.loads(encode_json(value))["results"][0]["weird key"] == 1
    with pytest.raises(EncodeError, match="the unknown field 'weird key' is not an XML element"):
        encode_xml(value)


# ---------------------------------------------------------------- one verdict, whatever the count


@cache
def _shipped_json(name: str) -> dict[str, Any]:
    return json.loads((REPO / "schemas" / "live" / "json" / f"{name}.json").read_text("utf-8"))


@cache
def _shipped_xsd(name: str) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(REPO / "schemas" / "live" / "xml" / f"{name}.xsd"))


def test_a_flood_of_unknown_fields_stays_warnings_past_the_budget() -> None:
    """Past Limits.max_problems warnings are counted, not shown; the verdict is still the
    walk's (no error), in both formats, and decoding agrees."""
    log = json.loads(_logs())["results"][0]
    body = json.dumps({"results": [{**log, "carrier": i} for i in range(150)]}).encode()
    problems = list(iter_errors(body, endpoint="/tts/3/logs"))
    assert {str(p.severity) for p in problems} == {"warning"}
    assert problems[-1].message.startswith("and 50 more warnings")
    with pytest.warns(ContractWarning):
        value = decode_json(body, endpoint="/tts/3/logs")
    xml = encode_xml(value)
    assert {str(p.severity) for p in iter_errors(xml, endpoint="/tts/3/logs")} == {"warning"}
    with pytest.warns(ContractWarning):
        again = decode_xml(xml, endpoint="/tts/3/logs")
    # XML keeps an unknown field's text, not its JSON type.
    assert [r.unknown_fields for r in again.results] == [{"carrier": str(i)} for i in range(150)]
    assert [r.unknown_fields for r in value.results] == [{"carrier": i} for i in range(150)]


def test_repeated_unknown_elements_are_kept_in_order() -> None:
    body = (
        b"<voiceLogsResponse><results/><zz>1</zz><zz>2</zz><zz><a>3</a><a>4</a></zz>"
        b"</voiceLogsResponse>"
    )
    with pytest.warns(ContractWarning):
        value = decode_xml(body, endpoint="/tts/3/logs")
    assert value.unknown_fields == {"zz": ("1", "2", {"a": ("3", "4")})}


def test_an_offsetless_date_in_xml_is_a_warning_for_every_engine() -> None:
    with pytest.warns(ContractWarning):
        value = decode_json(_logs(sentAt="2022-12-06T13:37:15"), endpoint="/tts/3/logs")
    xml = encode_xml(value)
    assert b"<sentAt>2022-12-06T13:37:15.000</sentAt>" in xml
    assert [str(p.severity) for p in iter_errors(xml, endpoint="/tts/3/logs")] == ["warning"]
    # The shipped live schemas accept it (their pattern is x-tolerated-pattern) ...
    assert _shipped_xsd("VoiceLogsResponse").is_valid(xml)
    jsonschema.validate(json.loads(encode_json(value)), _shipped_json("VoiceLogsResponse"))
    # ... and an offset that is no offset stays an error everywhere.
    assert not _shipped_xsd("VoiceLogsResponse").is_valid(xml.replace(b".000<", b".000+99<", 1))


@pytest.mark.parametrize(
    ("fraction", "micros"), [("123456789", None), ("1234567", None), ("123456000", 123456)]
)
def test_validate_and_decode_agree_on_digits_finer_than_a_microsecond(
    fraction: str, micros: int | None
) -> None:
    body = _logs(sentAt=f"2022-12-06T13:37:15.{fraction}Z")
    schema_says = jsonschema.Draft202012Validator(_shipped_json("VoiceLogsResponse")).is_valid(
        json.loads(body)
    )
    if micros is None:
        assert not schema_says
        with pytest.raises(ValidationError, match="finer than a microsecond"):
            decode_json(body, endpoint="/tts/3/logs")
        errors = [p for p in iter_errors(body, endpoint="/tts/3/logs") if p.severity == "error"]
        assert [p.pointer for p in errors] == ["/results/0/sentAt"]
    else:
        assert schema_says
        assert _severities(body) == []
        assert decode_json(body, endpoint="/tts/3/logs").results[0].sentAt.microsecond == micros
    # XML: libxml2 (validate's fast path), xmlschema and the decoder agree too.
    xml = (CORPUS / "tts-logs/02-vendor-openapi-200-xml.xml").read_bytes()
    xml = re.sub(rb"(<sentAt>[^<.]*)\.[0-9]+", rb"\1." + fraction.encode(), xml, count=1)
    errors = [p for p in iter_errors(xml, endpoint="/tts/3/logs") if p.severity == "error"]
    assert bool(errors) == (micros is None)
    assert _shipped_xsd("VoiceLogsResponse").is_valid(
        etree.tostring(_canonical_xml(xml, "/tts/3/logs"))
    ) == (micros is not None)


def test_a_fault_inside_a_wrapped_omni_record_is_judged_in_its_own_shape() -> None:
    """Both omni shapes may be rooted <omniLogsResponse>: a wrapped answer with a fault is not
    read as an unwrapped one whose records are all unknown fields."""
    good = (CORPUS / "omni-logs/03-vendor-openapi-200-xml-no-filter.xml").read_bytes()
    bad = good.replace(b"<groupId>3</groupId>", b"<groupId>three</groupId>", 1)
    (problem,) = iter_errors(bad, endpoint="/omni/1/logs")
    assert problem.xpath == "/omniLogsResponse/results/result[1]/status/groupId"
    assert "expected an integer" in problem.message
    with pytest.raises(ValidationError, match="expected an integer"):
        decode_xml(bad, endpoint="/omni/1/logs")
    assert len(decode_xml(good, endpoint="/omni/1/logs").results) > 1


def test_a_list_inside_a_list_cannot_go_through_xml() -> None:
    with pytest.warns(ContractWarning):
        value = decode_json(_logs(carrier=[[1, 2]]), endpoint="/tts/3/logs")
    assert json.loads(encode_json(value))["results"][0]["carrier"] == [[1, 2]]
    with pytest.raises(EncodeError, match="holds a list inside a list") as raised:
        encode_xml(value)
    assert raised.value.pointer == "/results/0/carrier"


@pytest.mark.parametrize("decode", [decode_json, decode_xml])
def test_a_status_the_contract_does_not_list_is_a_fault_of_the_answer(decode: Any) -> None:
    body = b"{}" if decode is decode_json else b"<a/>"
    with pytest.raises(ValidationError, match=r"HTTP 302 is not an answer of /tts/3/logs"):
        decode(body, endpoint="/tts/3/logs", status=302)
    none = decode(
        b'{"results":[]}'
        if decode is decode_json
        else b"<smsLogsResponse><results/></smsLogsResponse>",
        endpoint="/tts/3/logs",
        status=None,
    )
    assert none.results == ()


@pytest.mark.parametrize("given", [{"results": []}, None, REPO / "README.md", 12])
def test_a_decoder_reads_documents_never_files_nor_parsed_values(given: Any) -> None:
    for decode in (decode_json, decode_xml):
        with pytest.raises(TypeError, match="reads a document as bytes or text"):
            decode(given, endpoint="/tts/3/logs")


@pytest.mark.parametrize(
    ("digits", "refused"), [(40, False), (41, False), (100, False), (101, True)]
)
def test_a_whole_price_is_bounded_alike_on_every_path(digits: int, refused: bool) -> None:
    """A decimal written as a whole number (no point) is bounded by Limits.max_number_length
    however the document is read: validate and the decoder agree."""
    body = _logs(price={"pricePerSecond": 10 ** (digits - 1), "currency": "EUR"})
    errors = [p for p in iter_errors(body, endpoint="/tts/3/logs") if p.severity == "error"]
    assert bool(errors) == refused
    if refused:
        with pytest.raises(ValidationError, match=f"a number of {digits} digits"):
            decode_json(body, endpoint="/tts/3/logs")
    else:
        price = decode_json(body, endpoint="/tts/3/logs").results[0].price.pricePerSecond
        assert price == 10 ** (digits - 1)


@pytest.mark.parametrize(
    ("body", "endpoint", "profile", "writer", "message"),
    [
        (b'{"results":[{"smsCount":2}]}', "/omni/1/logs", "live", encode_xml, "'messageCount'"),
        (
            b'{"results":[{"messageCount":1,"smsCount":2}]}',
            "/omni/1/logs",
            "live",
            encode_xml,
            "'messageCount'",
        ),
        (
            b'{"results":[{"price":{"pricePerSecond":0.01,"pricePerMessage":0.02}}]}',
            "/tts/3/logs",
            "live",
            encode_xml,
            "'pricePerSecond'",
        ),
    ],
)
def test_an_unknown_field_that_bears_a_fields_name_is_not_written_beside_it(
    body: bytes, endpoint: str, profile: str, writer: Any, message: str
) -> None:
    """Written, it would be read back as that field (or as the field twice): an EncodeError
    names it, rather than a document that decodes to another value or not at all."""
    with pytest.warns(ContractWarning):
        value = decode_json(body, endpoint=endpoint, profile=profile)
    with pytest.raises(EncodeError, match=f"bears an XML name of the field {message}"):
        writer(value)


def test_an_unknown_xml_element_that_bears_a_json_name_is_not_written_beside_it() -> None:
    body = (
        b"<reportResponse><results><result><bulkId>b</bulkId><messageId>m</messageId>"
        b"<to>1</to><from>2</from><sentAt>2015-02-23T17:41:11.833+0100</sentAt>"
        b"<doneAt>2015-02-23T17:41:11.843+0100</doneAt><duration>1</duration>"
        b"<mccMnc>22801</mccMnc><price><pricePerSecond>0.5</pricePerSecond>"
        b"<pricePerMessage>0.01</pricePerMessage><currency>EUR</currency></price>"
        b"<status><groupId>3</groupId><groupName>DELIVERED</groupName><id>5</id>"
        b"<name>D</name><description>d</description></status></result></results>"
        b"</reportResponse>"
    )
    with pytest.warns(ContractWarning):
        value = decode_xml(body, endpoint="/tts/3/reports", profile="documented")
    assert value.results[0].price.unknown_fields == {"pricePerSecond": "0.5"}
    with pytest.raises(EncodeError, match="bears the JSON name of the field 'pricePerSecond'"):
        encode_json(value)
