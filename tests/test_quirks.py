"""One test per row of the README's quirks table, named after the row's id.

Each test checks the quirk both ways where it can: the documented shape is accepted, and the
shape the quirk rules out is rejected by both engines of the format.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
import yaml
from lxml import etree

from _engines import json_verdicts, schema_entries, xml_validators, xml_verdicts
from conftest import REPO, corpus_entries, corpus_text
from infobip_logs_spec import is_valid
from infobip_logs_spec._contract import Contract
from infobip_logs_spec._request import iter_request_errors
from infobip_logs_spec._resources import read_bytes

BOTH = (True, True)
NEITHER = (False, False)


def _body(identifier: str) -> bytes:
    (entry,) = [e for e in corpus_entries() if e["id"] == identifier]
    return corpus_text(entry)


def _json(identifier: str) -> Any:
    return json.loads(_body(identifier))


def _xml(identifier: str) -> str:
    return _body(identifier).decode("utf-8")


def _xml_verdicts(path: str, text: str) -> tuple[bool, bool]:
    return xml_verdicts(path, 200, text.encode("utf-8"))


def _bodies(endpoint: str, media_type: str) -> list[bytes]:
    entries = corpus_entries(
        endpoint=endpoint, kind="response", media_type=media_type, outcome="valid"
    )
    return [corpus_text(e) for e in entries]


VOICE_LOG_JSON = "tts-logs/05-response-json-getting-logs-without-any-query-parameter"
VOICE_LOG_XML = "tts-logs/06-response-xml-getting-logs-without-any-query-parameter"
REPORT_JSON = "tts-reports/07-response-json-getting-the-two-initial-delivery-reports"
REPORT_XML = "tts-reports/04-response-xml-getting-reports-without-any-query-parameter"
OMNI_XML = "omni-logs/10-response-xml-getting-logs-with-from-to-and-limit-as-filters"
OMNI_SMS_COUNT_XML = "omni-logs/18-response-xml-getting-logs-with-date-range-and-general-status"
OMNI_UNWRAPPED_XML = "omni-logs/22-response-xml-getting-logs-with-channel-as-filter"
EMAIL_JSON = "email-logs/05-response-json-get-logs-with-multiple-messageid-filter"
EMAIL_XML = "email-logs/06-response-xml-get-logs-with-multiple-messageid-filter"
INBOX_XML = "inbox-logs/06-response-xml-getting-logs-without-any-query-parameter"


def test_voice_price_name(contract: Contract) -> None:
    voice = contract.component("VoicePrice")["properties"]["pricePerSecond"]
    assert voice["xml"]["name"] == "pricePerMessage"
    for body in _bodies("/tts/3/logs", "application/json") + _bodies(
        "/tts/3/reports", "application/json"
    ):
        assert b'"pricePerSecond"' in body
        assert b"pricePerMessage" not in body
    for body in _bodies("/tts/3/logs", "application/xml") + _bodies(
        "/tts/3/reports", "application/xml"
    ):
        assert b"<pricePerMessage>" in body
        assert b"pricePerSecond" not in body
    renamed = _json(VOICE_LOG_JSON)
    for log in renamed["results"]:
        log["price"]["pricePerMessage"] = log["price"].pop("pricePerSecond")
    assert json_verdicts("/tts/3/logs", 200, renamed) == NEITHER
    xml = _xml(VOICE_LOG_XML).replace("pricePerMessage>", "pricePerSecond>")
    assert _xml_verdicts("/tts/3/logs", xml) == NEITHER


def test_xml_root_names(contract: Contract) -> None:
    roots = {
        op.path: sorted(p.xml_root for p in op.payloads(200, "application/xml"))
        for op in contract.operations
    }
    assert roots == {
        "/tts/3/logs": ["smsLogsResponse"],
        "/tts/3/reports": ["reportResponse"],
        "/email/1/logs": ["LogsResponse"],
        "/omni/1/logs": ["omniLogsResponse", "smsLogsResponse"],
        "/sms/1/inbox/logs": ["moLogsResponse"],
    }
    swapped = _xml(EMAIL_XML).replace("LogsResponse>", "smsLogsResponse>")
    assert _xml_verdicts("/email/1/logs", swapped) == NEITHER


def test_omni_unwrapped_results() -> None:
    unwrapped = _xml(OMNI_UNWRAPPED_XML)
    assert _xml_verdicts("/omni/1/logs", unwrapped) == BOTH
    assert unwrapped.count("<results>") == 2
    assert "<result>" not in unwrapped
    # The unwrapped root with wrapped content, and the wrapped root with unwrapped content,
    # are both rejected: each root has exactly one shape.
    wrapped_under_omni_root = _xml(OMNI_XML).replace("smsLogsResponse>", "omniLogsResponse>")
    assert _xml_verdicts("/omni/1/logs", wrapped_under_omni_root) == NEITHER
    unwrapped_under_sms_root = unwrapped.replace("omniLogsResponse>", "smsLogsResponse>")
    assert _xml_verdicts("/omni/1/logs", unwrapped_under_sms_root) == NEITHER


def test_mccmnc_case() -> None:
    log = _json(VOICE_LOG_JSON)
    log["results"][0]["mccMnc"] = log["results"][0].pop("mccmnc")
    assert json_verdicts("/tts/3/logs", 200, log) == NEITHER
    report = _json(REPORT_JSON)
    report["results"][0]["mccmnc"] = report["results"][0].pop("mccMnc")
    assert json_verdicts("/tts/3/reports", 200, report) == NEITHER
    assert (
        _xml_verdicts("/tts/3/reports", _xml(REPORT_XML).replace("mccMnc>", "mccmnc>")) == NEITHER
    )


def test_sms_count_alias(contract: Contract) -> None:
    assert contract.component("OmniLog")["properties"]["messageCount"]["x-xml-aliases"] == [
        "smsCount"
    ]
    printed = _xml(OMNI_SMS_COUNT_XML)
    assert "<smsCount>1</smsCount>" in printed
    assert _xml_verdicts("/omni/1/logs", printed) == BOTH
    both_names = printed.replace(
        "<smsCount>1</smsCount>", "<smsCount>1</smsCount><messageCount>1</messageCount>"
    )
    assert _xml_verdicts("/omni/1/logs", both_names) == NEITHER
    neither_name = printed.replace("<smsCount>1</smsCount>", "")
    assert _xml_verdicts("/omni/1/logs", neither_name) == NEITHER
    # The package reads the alias itself; the XSD alone knows the canonical name only, so that
    # it accepts no document root but the documented ones (issue 8).
    assert is_valid(printed, endpoint="/omni/1/logs")
    raw = xml_verdicts("/omni/1/logs", 200, printed.encode(), canonical=False)
    assert raw == NEITHER
    for entry in schema_entries("/omni/1/logs", 200, "application/xml"):
        first, second = xml_validators(entry["file"])
        for lone in ("<messageCount>5</messageCount>", "<smsCount>5</smsCount>"):
            assert not first.is_valid(lone)
            assert not second.validate(etree.fromstring(lone))
    inbox = _xml(INBOX_XML)
    assert (
        _xml_verdicts("/sms/1/inbox/logs", inbox.replace("smsCount>", "messageCount>")) == NEITHER
    )


def test_omni_bulkid_parameter_case(contract: Contract) -> None:
    assert "bulkId" in contract.operation("/omni/1/logs").parameters
    assert "bulkid" not in contract.operation("/omni/1/logs").parameters
    (error,) = iter_request_errors("GET /omni/1/logs?bulkid=x", profile="documented")
    assert str(error) == "/query/bulkid: unknown query parameter; did you mean 'bulkId'?"


def test_reports_limit_string(contract: Contract) -> None:
    schema = contract.operation("/tts/3/reports").parameters["limit"].schema
    assert (schema["type"], schema["x-documented-type"]) == ("integer", "string")
    assert list(iter_request_errors("GET /tts/3/reports?limit=2", profile="documented")) == []
    (error,) = iter_request_errors("GET /tts/3/reports?limit=two", profile="documented")
    assert str(error) == "/query/limit: expected an integer, got 'two'"


def test_email_channel_undocumented(contract: Contract) -> None:
    email = contract.component("EmailLog")
    assert "channel" in email["properties"]
    assert "channel" not in email["required"]
    for body in _bodies("/email/1/logs", "application/json"):
        assert all(log["channel"] == "EMAIL" for log in json.loads(body)["results"])
    without = _json(EMAIL_JSON)
    for log in without["results"]:
        del log["channel"]
    assert json_verdicts("/email/1/logs", 200, without) == BOTH


def test_email_message_count_absent(contract: Contract) -> None:
    assert "messageCount" not in contract.component("EmailLog")["required"]
    for body in _bodies("/email/1/logs", "application/json") + _bodies(
        "/email/1/logs", "application/xml"
    ):
        assert b"messageCount" not in body
    present = _json(EMAIL_JSON)
    present["results"][0]["messageCount"] = 1
    assert json_verdicts("/email/1/logs", 200, present) == BOTH


def test_status_action(contract: Contract) -> None:
    assert "action" not in contract.component("Status")["required"]
    printed = _xml("tts-logs/10-response-xml-getting-logs-with-from-to-and-limit-as-filters")
    assert "<action>Contact account manager</action>" in printed
    assert _xml_verdicts("/tts/3/logs", printed) == BOTH


def test_optional_fields(contract: Contract) -> None:
    optional = {
        "VoiceLog": ["bulkId", "mccmnc", "error"],
        "VoiceReport": ["bulkId", "mccMnc", "error", "dtmfCodes", "recordedAudioFileUrl"],
        "EmailLog": ["bulkId", "error"],
        "OmniLog": ["bulkId", "mccmnc", "error"],
        "MOLog": ["keyword"],
    }
    for name, fields in optional.items():
        schema = contract.component(name)
        assert not set(fields) & set(schema["required"]), name
    # Documented bodies that lack them validate: a report without mccMnc, an e-mail without
    # bulkId, inbox logs without keyword, omni logs without error.
    report = _json(REPORT_JSON)
    assert "mccMnc" not in report["results"][1]
    assert json_verdicts("/tts/3/reports", 200, report) == BOTH
    no_keyword = _json("inbox-logs/13-response-json-getting-messages-without-a-keyword")
    assert all("keyword" not in log for log in no_keyword["results"])
    assert json_verdicts("/sms/1/inbox/logs", 200, no_keyword) == BOTH
    # ... and a required field removed is rejected.
    missing = _json(VOICE_LOG_JSON)
    del missing["results"][0]["status"]
    assert json_verdicts("/tts/3/logs", 200, missing) == NEITHER


@pytest.mark.parametrize("spelling", ["0.01", "0.0100", "0.0005000000", "0", "12"])
def test_decimal_spelling(spelling: str) -> None:
    xml = re.sub(r"<pricePerMessage>[^<]*<", f"<pricePerMessage>{spelling}<", _xml(EMAIL_XML))
    assert _xml_verdicts("/email/1/logs", xml) == BOTH
    document = _json(EMAIL_JSON)
    document["results"][0]["price"]["pricePerMessage"] = json.loads(spelling)
    assert json_verdicts("/email/1/logs", 200, document) == BOTH


@pytest.mark.parametrize("spelling", ["1E-2", "0.01e0", "", "NaN", "0,01"])
def test_decimal_spelling_rejects_exponents_and_non_numbers(spelling: str) -> None:
    xml = re.sub(r"<pricePerMessage>[^<]*<", f"<pricePerMessage>{spelling}<", _xml(EMAIL_XML))
    assert _xml_verdicts("/email/1/logs", xml) == NEITHER


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2015-02-23T17:40:31.773+0100", True),
        ("2016-09-01T10:29:00.440+0000", True),
        ("2015-02-23T17:40:31.773-0330", True),
        ("2015-02-23T17:40:31.773+01:00", False),
        ("2015-02-23T17:40:31+0100", False),
        ("2015-02-23T17:40:31.773Z", False),
        ("2015-13-23T17:40:31.773+0100", False),
        ("2015-02-23 17:40:31.773+0100", False),
    ],
)
def test_body_date_format(contract: Contract, value: str, accepted: bool) -> None:
    assert "format" not in contract.component("InfobipDateTime")
    expected = BOTH if accepted else NEITHER
    document = _json(VOICE_LOG_JSON)
    document["results"][0]["sentAt"] = value
    assert json_verdicts("/tts/3/logs", 200, document) == expected
    xml = re.sub(r"<sentAt>[^<]*<", f"<sentAt>{value}<", _xml(VOICE_LOG_XML), count=1)
    assert _xml_verdicts("/tts/3/logs", xml) == expected


def test_query_date_format() -> None:
    documented = "GET /tts/3/logs?sentSince=2015-02-22T17:42:05.390%2b01:00 HTTP/1.1"
    assert list(iter_request_errors(documented, profile="documented")) == []
    (error,) = iter_request_errors(
        "GET /tts/3/logs?sentSince=2015-02-22T17:42:05.390+01:00", profile="documented"
    )
    assert error.path == ("query", "sentSince")
    assert error.message.endswith("(a '+' in a query string means a space: write it as %2B)")
    (body_form,) = iter_request_errors(
        "GET /tts/3/logs?sentSince=2015-02-22T17:42:05.390%2b0100", profile="documented"
    )
    assert body_form.path == ("query", "sentSince")


def test_xml_declaration_quotes() -> None:
    declarations = {
        entry["id"]: corpus_text(entry).split(b"\n", 1)[0]
        for entry in corpus_entries(kind="response", media_type="application/xml")
    }
    single = [i for i, first in declarations.items() if first.startswith(b"<?xml version='1.0'")]
    double = [i for i, first in declarations.items() if first.startswith(b'<?xml version="1.0"')]
    none = [i for i, first in declarations.items() if not first.startswith(b"<?xml")]
    assert single
    assert double
    assert none
    assert _xml_verdicts("/email/1/logs", _xml(single[0])) == BOTH
    assert _xml_verdicts("/omni/1/logs", _xml(double[0])) == BOTH


def test_error_group_name_case() -> None:
    printed = _xml(VOICE_LOG_XML)
    assert "<groupName>Ok</groupName>" in printed
    assert _xml_verdicts("/tts/3/logs", printed) == BOTH
    assert '"groupName":"OK"' in _body(VOICE_LOG_JSON).decode("utf-8")


def test_xml_element_order() -> None:
    report = _xml(REPORT_XML)
    assert report.index("<id>5</id>") < report.index("<groupId>3</groupId>")  # printed id first
    assert _xml_verdicts("/tts/3/reports", report) == BOTH
    status = re.search(r"<status>.*?</status>", _xml(VOICE_LOG_XML), re.S)
    assert status is not None
    lines = status.group(0).split("\n")
    shuffled = "\n".join([lines[0], *reversed(lines[1:-1]), lines[-1]])
    assert (
        _xml_verdicts("/tts/3/logs", _xml(VOICE_LOG_XML).replace(status.group(0), shuffled)) == BOTH
    )
    omni = _xml(OMNI_XML)
    assert omni.index("<channel>") < omni.index("<to>")  # JSON prints channel last, XML second


def _rejected_and_twin(endpoint: str, kind: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    entries = {e["id"]: e for e in corpus_entries(endpoint=endpoint, kind=kind)}
    return [(e, entries[e["corrected_twin"]]) for e in entries.values() if e["outcome"] != "valid"]


def test_omni_json_trailing_commas() -> None:
    pairs = _rejected_and_twin("/omni/1/logs", "response")
    assert len(pairs) == 4
    for printed, twin in pairs:
        assert printed["reason"].startswith("Expecting property name enclosed in double quotes")
        assert all(edit.startswith("removed the trailing comma") for edit in twin["correction"])
        assert json_verdicts("/omni/1/logs", 200, json.loads(corpus_text(twin))) == BOTH


def test_inbox_json_well_formed() -> None:
    bodies = _bodies("/sms/1/inbox/logs", "application/json")
    assert len(bodies) == 5
    assert not [e for e in corpus_entries(endpoint="/sms/1/inbox/logs") if e["outcome"] != "valid"]
    for body in bodies:
        assert json_verdicts("/sms/1/inbox/logs", 200, json.loads(body)) == BOTH


def test_email_request_without_version() -> None:
    pairs = _rejected_and_twin("/email/1/logs", "request")
    assert [printed["outcome"] for printed, _ in pairs] == ["not-well-formed", "not-well-formed"]
    for printed, twin in pairs:
        assert (
            printed["request_line"]
            == "GET /email/1/logs?from=sender@infobip.com&to=recipient@infobip.com&limit=1"
        )
        assert twin["request_line"] == printed["request_line"] + " HTTP/1.1"


def test_omni_xml_request_post() -> None:
    pairs = _rejected_and_twin("/omni/1/logs", "request")
    assert len(pairs) == 2
    for printed, twin in pairs:
        assert printed["media_type"] == "application/xml"
        assert printed["request_line"].startswith("POST ")
        (error,) = iter_request_errors(printed["request_line"], profile="documented")
        assert str(error) == "/method: method POST is not defined for /omni/1/logs; expected GET"
        assert list(iter_request_errors(twin["request_line"], profile="documented")) == []


def test_email_obfuscated_address() -> None:
    reference = _json("email-logs/02-response-json-reference-example")
    assert reference["results"][0]["to"] == "recipient:::at:::infobip.com"
    assert json_verdicts("/email/1/logs", 200, reference) == BOTH


def test_multi_value_parameters() -> None:
    documented = (
        "GET /tts/3/logs"
        "?bulkId=1dece649-6c8f-404e-8c6e-c7e073be509a,bafdeb3d-719b-4cce-8762-54d47b40f3c5"
    )
    assert list(iter_request_errors(documented, profile="documented")) == []
    (error,) = iter_request_errors(
        "GET /email/1/logs?messageId=a&messageId=b", profile="documented"
    )
    assert (
        str(error)
        == "/query/messageId: given 2 times; expected separated by commas in one parameter"
    )
    # Reports take one ID: the comma has no special meaning there.
    assert list(iter_request_errors("GET /tts/3/reports?bulkId=a,b", profile="documented")) == []


def test_channel_values(contract: Contract) -> None:
    assert contract.component("Channel")["enum"] == [
        "SMS",
        "VOICE",
        "VIBER",
        "WHATSAPP",
        "PUSH",
        "EMAIL",
    ]
    seen = {
        log["channel"]
        for body in _bodies("/omni/1/logs", "application/json")
        for log in json.loads(body)["results"]
    }
    assert seen == {"SMS", "PUSH", "VIBER", "VOICE"}
    errors = [
        str(e)
        for e in iter_request_errors(
            "GET /omni/1/logs?limit=5000&channel=FAX", profile="documented"
        )
    ]
    assert errors == [
        "/query/limit: 5000 is greater than the maximum of 1000",
        "/query/channel: 'FAX' is not one of "
        "['SMS', 'VOICE', 'VIBER', 'WHATSAPP', 'PUSH', 'EMAIL']",
    ]


def test_email_path_version() -> None:
    spec = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    operation = spec["paths"]["/email/1/logs"]["get"]
    assert "/email/:version/logs" in operation["description"]
    lines = [r["request"] for r in operation["x-documented-requests"]]
    assert lines
    assert all(line.startswith("GET /email/1/logs") for line in lines)


def test_no_keyword_filter(contract: Contract) -> None:
    keyword = contract.operation("/sms/1/inbox/logs").parameters["keyword"]
    assert "NO_KEYWORD" in keyword.schema["examples"]
    assert (
        list(
            iter_request_errors(
                "GET /sms/1/inbox/logs?keyword=NO_KEYWORD HTTP/1.1", profile="documented"
            )
        )
        == []
    )


def test_error_body() -> None:
    spec = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    for response in spec["components"]["responses"].values():
        for media_type, media in response["content"].items():
            for example in media["examples"].values():
                if media_type == "application/json":
                    assert json_verdicts("/tts/3/logs", 401, example["value"]) == BOTH
                else:
                    assert xml_verdicts("/tts/3/logs", 401, example["value"].encode()) == BOTH
    bad = {"requestError": {"serviceException": {"messageId": "NOT_A_CODE", "text": "x"}}}
    assert json_verdicts("/tts/3/logs", 401, bad) == NEITHER
    mapped = copy.deepcopy(bad)
    mapped["requestError"]["serviceException"].update(
        messageId="BAD_REQUEST", validationErrors={"limit": ["must be at most 1000"]}
    )
    assert json_verdicts("/tts/3/logs", 401, mapped) == BOTH


# --------------------------------------------------------------------------- the table itself

ROW = re.compile(
    r"^\| `(?P<id>[a-z0-9-]+)` \| (?P<what>.+?) "
    r"\| `(?P<pointer>[^`]+)` \| `(?P<test>test_[a-z0-9_]+)` \|$"
)


def _rows() -> list[re.Match[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [match for line in readme.splitlines() if (match := ROW.match(line))]


def _resolve(document: Any, pointer: str) -> Any:
    node = document
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _quirk_ids(node: Any) -> set[str]:
    found = set()
    if isinstance(node, dict):
        if "x-quirk" in node:
            found.add(node["x-quirk"])
        for value in node.values():
            found |= _quirk_ids(value)
    elif isinstance(node, list):
        for value in node:
            found |= _quirk_ids(value)
    return found


def test_quirks_table_rows_name_a_spec_element_and_a_test_here() -> None:
    rows = _rows()
    assert len(rows) >= 25
    spec = yaml.safe_load((REPO / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids)
    for row in rows:
        _resolve(spec, row["pointer"])  # raises if the spec element is gone
        assert callable(globals().get(row["test"])), row["test"]
        assert row["test"] == "test_" + row["id"].replace("-", "_")
    assert _quirk_ids(spec) <= set(ids)
