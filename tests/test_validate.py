"""The validation API: every input kind, every error field, fast and detailed paths agreeing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from conftest import corpus_entries, corpus_text
from infobip_logs_spec import (
    DecodeError,
    Record,
    SpecError,
    ValidationError,
    encode_json,
    encode_xml,
    is_valid,
    iter_errors,
    iter_request_errors,
    validate,
    validate_request,
)
from infobip_logs_spec._codec import xml_shapes
from infobip_logs_spec._contract import load_contract
from infobip_logs_spec._shape import ArrayNode, ObjectNode
from infobip_logs_spec.strategies import models

VOICE_XML = corpus_text(
    corpus_entries(id="tts-logs/06-response-xml-getting-logs-without-any-query-parameter")[0]
)
VOICE_JSON = corpus_text(
    corpus_entries(id="tts-logs/05-response-json-getting-logs-without-any-query-parameter")[0]
)
ENDPOINT = "/tts/3/logs"


def _requests_response(
    body: bytes, content_type: str, status: int = 200, path: str = ENDPOINT
) -> requests.Response:
    response = requests.Response()
    response._content = body
    response.status_code = status
    response.headers["Content-Type"] = content_type
    response.url = f"https://api.infobip.com{path}?limit=2"
    return response


def _httpx_response(
    body: bytes, content_type: str, status: int = 200, path: str = ENDPOINT
) -> httpx.Response:
    request = httpx.Request("GET", f"https://api.infobip.com{path}")
    return httpx.Response(
        status, content=body, headers={"Content-Type": content_type}, request=request
    )


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("body", [VOICE_JSON, VOICE_XML])
def test_bytes_text_and_paths_are_read(body: bytes, tmp_path: Path) -> None:
    path = tmp_path / "answer"
    path.write_bytes(body)
    for payload in (body, body.decode("utf-8"), path):
        assert validate(payload, endpoint=ENDPOINT) == []
        assert is_valid(payload, endpoint="getVoiceLogs")
    # Text is a document, never a file name: a response's text cannot pick a local file.
    assert not is_valid(str(path), endpoint=ENDPOINT)


@pytest.mark.parametrize("make", [_requests_response, _httpx_response])
def test_responses_give_status_media_type_and_endpoint(make: Any) -> None:
    assert validate(make(VOICE_XML, "application/xml; charset=UTF-8")) == []
    assert validate(make(VOICE_JSON, "application/json")) == []
    error_body = b'{"requestError":{"serviceException":{"messageId":"UNAUTHORIZED","text":"no"}}}'
    assert validate(make(error_body, "application/json", status=401)) == []
    # The same body as a 200 answer is not a log page.
    assert not is_valid(make(error_body, "application/json", status=200))
    # A response's media type wins over sniffing: JSON declared, XML sent.
    (problem,) = iter_errors(make(VOICE_XML, "application/json"))
    assert isinstance(problem, DecodeError)


def test_usage_errors_are_spec_errors_not_validation_errors() -> None:
    with pytest.raises(SpecError, match="unknown endpoint '/nope'"):
        validate(VOICE_JSON, endpoint="/nope")
    with pytest.raises(SpecError, match="give the endpoint"):
        validate(VOICE_JSON)
    with pytest.raises(SpecError, match="no application/json answer for status 600"):
        validate(VOICE_JSON, endpoint=ENDPOINT, status=600)
    with pytest.raises(TypeError, match="cannot validate a int"):
        validate(42, endpoint=ENDPOINT)


# --------------------------------------------------------------------------- errors


def test_one_validation_error_lists_every_problem_in_document_order() -> None:
    broken = (
        VOICE_XML.replace(b"<duration>1</duration>", b"<duration>one</duration>", 1)
        .replace(
            b"<pricePerMessage>0.0100</pricePerMessage>",
            b"<pricePerMessage>1E-2</pricePerMessage>",
            1,
        )
        .replace(b"<permanent>true</permanent>", b"<permanent>yes</permanent>")
    )
    with pytest.raises(ValidationError) as caught:
        validate(broken, endpoint=ENDPOINT)
    errors = caught.value.errors
    assert [(e.line, e.xpath, e.pointer, e.message) for e in errors] == [
        (
            11,
            "/smsLogsResponse/results/result[1]/duration",
            "/results/0/duration",
            "expected an integer, got 'one'",
        ),
        (
            14,
            "/smsLogsResponse/results/result[1]/price/pricePerMessage",
            "/results/0/price/pricePerSecond",
            "expected a decimal number (no exponent), got '1E-2'",
        ),
        (
            30,
            "/smsLogsResponse/results/result[1]/error/permanent",
            "/results/0/error/permanent",
            "expected true, false, 1 or 0, got 'yes'",
        ),
        (
            60,
            "/smsLogsResponse/results/result[2]/error/permanent",
            "/results/1/error/permanent",
            "expected true, false, 1 or 0, got 'yes'",
        ),
    ]
    assert str(caught.value) == (
        "/smsLogsResponse/results/result[1]/duration (line 11): expected an integer, got 'one' (and 3 more problems)"
    )


def test_json_errors_name_the_pointer_and_the_spec_field() -> None:
    document = json.loads(VOICE_JSON)
    document["results"][1]["price"]["pricePerSecond"] = "0.01"
    del document["results"][0]["status"]
    text = json.dumps(document, indent=2)
    errors = list(iter_errors(text, endpoint=ENDPOINT, profile="documented"))
    # The line of the value, or of the object a missing member belongs in.
    assert [(e.pointer, e.message, e.xpath, e.line) for e in errors] == [
        ("/results/0/status", "required field is missing", None, 3),
        ("/results/1/price/pricePerSecond", "expected a number, got '0.01'", None, 37),
    ]


def test_unknown_fields_are_warnings_unless_strict() -> None:
    document = json.loads(VOICE_JSON)
    document["results"][0]["newField"] = 1
    body = json.dumps(document)
    (warning,) = validate(body, endpoint=ENDPOINT)
    assert (warning.severity, warning.pointer, warning.message) == (
        "warning",
        "/results/0/newField",
        "unexpected field",
    )
    assert is_valid(body, endpoint=ENDPOINT)
    with pytest.raises(ValidationError) as caught:
        validate(body, endpoint=ENDPOINT, strict=True)
    assert caught.value.severity == "error"
    xml = VOICE_XML.replace(b"<to>", b"<channel>VOICE</channel><to>", 1)
    (warning,) = validate(xml, endpoint=ENDPOINT)
    assert (warning.xpath, warning.line) == ("/smsLogsResponse/results/result[1]/channel", 6)
    assert not is_valid(xml, endpoint=ENDPOINT, strict=True)


def test_hostile_and_malformed_payloads_are_one_decode_error() -> None:
    (problem,) = iter_errors(b'<!DOCTYPE r [<!ENTITY x "y">]><smsLogsResponse/>', endpoint=ENDPOINT)
    assert isinstance(problem, DecodeError)
    (problem,) = iter_errors(b'{"results": [1,]}', endpoint=ENDPOINT)
    assert isinstance(problem, DecodeError)
    assert problem.line == 1


def test_request_lines_validate_with_every_problem() -> None:
    validate_request("GET /omni/1/logs?limit=1000&channel=VIBER")
    with pytest.raises(ValidationError) as caught:
        validate_request("GET /omni/1/logs?limit=5000&channel=FAX")
    assert [e.pointer for e in caught.value.errors] == ["/query/limit", "/query/channel"]


# --------------------------------------------------------------------------- laws

PAYLOADS = st.sampled_from(
    sorted({(op.path, status) for op in load_contract().operations for status in op.responses})
).flatmap(lambda case: st.tuples(st.just(case), models(*case)))


@given(case=PAYLOADS)
def test_every_encoded_value_validates_in_both_formats(
    case: tuple[tuple[str, str], Record],
) -> None:
    (endpoint, status), value = case
    assert validate(encode_json(value), endpoint=endpoint, status=status) == []
    for shape in xml_shapes(value):
        assert (
            validate(encode_xml(value, root=shape.xml_root), endpoint=endpoint, status=status) == []
        )


def _required_places(node: ObjectNode, value: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    places = [(*path, f.name) for f in node.fields if f.required and f.name in value]
    for field in node.fields:
        if field.name not in value:
            continue
        inner = field.node.item if isinstance(field.node, ArrayNode) else field.node
        if isinstance(inner, ObjectNode):
            items = value[field.name] if isinstance(field.node, ArrayNode) else [value[field.name]]
            for index, item in enumerate(items):
                where = (
                    (*path, field.name, index)
                    if isinstance(field.node, ArrayNode)
                    else (*path, field.name)
                )
                places += _required_places(inner, item, where)
    return places


def _other_type(value: Any) -> Any:
    """A JSON value of another type than ``value``'s, so no schema of the spec accepts it."""
    if isinstance(value, list):
        return {"x": 1}
    if isinstance(value, dict):
        return []
    if isinstance(value, str):
        return 0
    return "x"


@given(case=PAYLOADS, data=st.data())
def test_every_forbidden_mutation_is_rejected_at_its_place(
    case: tuple[tuple[str, str], Record], data: Any
) -> None:
    (endpoint, status), value = case
    document = json.loads(encode_json(value), parse_float=Decimal)
    place = data.draw(st.sampled_from(_required_places(value._shape(), document, ())))
    mutation = data.draw(st.sampled_from(["delete", "retype"]))
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    if mutation == "delete":
        del parent[place[-1]]
    else:
        parent[place[-1]] = _other_type(parent[place[-1]])
    body = json.dumps(document, default=str)
    errors = [
        e for e in iter_errors(body, endpoint=endpoint, status=status) if e.severity == "error"
    ]
    pointer = "".join(f"/{step}" for step in place)
    assert pointer in [e.pointer for e in errors]


def test_a_request_line_is_read_only_up_to_a_bound() -> None:
    (problem,) = iter_request_errors("GET /tts/3/logs?bulkId=" + "a" * 3_200_000)
    assert problem.message.startswith("the request line has 3200023 characters; at most 16384")
    flood = "&".join(f"x{i}=1" for i in range(1000))
    problems = list(iter_request_errors("GET /tts/3/logs?" + flood))
    assert len(problems) == 101
    assert problems[-1].message.startswith("more than 100 problems")
    (wide,) = iter_request_errors("GET /tts/3/logs?limit=" + "9" * 5000)
    assert wide.message == "expected an integer of at most 64 bits, got 5000 digits"
