"""The spec is valid OpenAPI 3.1 and says what the source documents say about each endpoint."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from openapi_spec_validator import validate

from infobip_logs_spec._contract import Contract
from infobip_logs_spec._resources import read_bytes

ENDPOINTS = {
    "/tts/3/logs": "getVoiceLogs",
    "/tts/3/reports": "getVoiceReports",
    "/email/1/logs": "getEmailLogs",
    "/omni/1/logs": "getOmniLogs",
    "/sms/1/inbox/logs": "getReceivedSmsLogs",
}
LOGS = ["/tts/3/logs", "/email/1/logs", "/omni/1/logs"]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    return loaded


def test_openapi_spec_validator_accepts_the_spec(document: dict[str, Any]) -> None:
    validate(document)


def test_every_endpoint_is_described_once_with_its_operation_id(contract: Contract) -> None:
    assert {op.path: op.operationId for op in contract.operations} == ENDPOINTS
    assert {op.method for op in contract.operations} == {"get"}


@pytest.mark.parametrize("path", ENDPOINTS)
def test_operation_has_summary_tags_and_description(document: dict[str, Any], path: str) -> None:
    operation = document["paths"][path]["get"]
    assert operation["summary"]
    assert operation["tags"]
    assert len(operation["description"]) > 40


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("status", ["200", "401", "429"])
def test_every_status_answers_in_json_and_xml(contract: Contract, path: str, status: str) -> None:
    assert set(contract.operation(path).responses[status]) == {
        "application/json",
        "application/xml",
    }


def test_prose_facts_are_in_the_descriptions(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for path in ["/tts/3/logs", "/email/1/logs", "/omni/1/logs", "/sms/1/inbox/logs"]:
        assert "48 hours" in paths[path]["get"]["description"]
    assert "only once" in paths["/tts/3/reports"]["get"]["description"]
    assert "empty collection" in paths["/tts/3/reports"]["get"]["description"]
    assert "429 Too Many Requests" in document["info"]["description"]
    assert "logs vs delivery" in document["info"]["description"]


def test_server_and_http_basic_security(document: dict[str, Any]) -> None:
    assert document["servers"][0]["url"] == "https://api.infobip.com"
    assert document["security"] == [{"basicAuth": []}]
    assert document["components"]["securitySchemes"]["basicAuth"] == {
        "type": "http",
        "scheme": "basic",
        "description": document["components"]["securitySchemes"]["basicAuth"]["description"],
    }


@pytest.mark.parametrize(
    ("path", "maximum"),
    [
        ("/tts/3/logs", None),
        ("/email/1/logs", None),
        ("/tts/3/reports", None),
        ("/omni/1/logs", 1000),
        ("/sms/1/inbox/logs", 1000),
    ],
)
def test_limit_defaults_to_50_with_the_documented_maximum(
    contract: Contract, path: str, maximum: int | None
) -> None:
    schema = contract.operation(path).parameters["limit"].schema
    assert schema["type"] == "integer"
    assert schema["default"] == 50
    assert schema.get("maximum") == maximum


@pytest.mark.parametrize("path", LOGS)
@pytest.mark.parametrize("name", ["bulkId", "messageId"])
def test_multi_value_ids_are_comma_separated(contract: Contract, path: str, name: str) -> None:
    parameter = contract.operation(path).parameters[name]
    assert (parameter.style, parameter.explode) == ("form", False)
    assert parameter.schema["type"] == "array"


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/tts/3/logs", "from to bulkId messageId generalStatus sentSince sentUntil limit mcc mnc"),
        ("/email/1/logs", "from to bulkId messageId generalStatus sentSince sentUntil limit"),
        (
            "/omni/1/logs",
            "from to bulkId messageId generalStatus sentSince sentUntil limit mcc mnc channel",
        ),
        ("/tts/3/reports", "bulkId messageId limit"),
        ("/sms/1/inbox/logs", "limit keyword to receivedSince receivedUntil"),
    ],
)
def test_query_parameters_are_the_documented_ones(
    contract: Contract, path: str, names: str
) -> None:
    parameters = contract.operation(path).parameters
    assert list(parameters) == names.split()
    assert not any(p.required for p in parameters.values())


def test_error_body_is_the_vendors_api_exception(contract: Contract) -> None:
    service = contract.component("ServiceException")
    assert service["properties"]["messageId"]["enum"] == [
        "BAD_REQUEST",
        "UNAUTHORIZED",
        "FORBIDDEN",
        "TOO_MANY_REQUESTS",
        "GENERAL_ERROR",
    ]
    assert service["properties"]["validationErrors"]["additionalProperties"] == {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string"},
    }
    assert contract.xml_root("ApiException") == "ApiException"
    for status in ("401", "429"):
        for media in ("application/json", "application/xml"):
            (payload,) = contract.operation("/tts/3/logs").payloads(status, media)
            assert payload.name == "ApiException"


@given(
    year=st.integers(min_value=0, max_value=9999),
    month=st.integers(min_value=0, max_value=13),
    day=st.integers(min_value=0, max_value=32),
)
@example(year=2000, month=2, day=29)  # divisible by 400: a leap year
@example(year=1900, month=2, day=29)  # divisible by 100 only: not one
@example(year=2016, month=2, day=29)
@example(year=0, month=1, day=1)  # no year 0000 in Python's calendar
@example(year=2015, month=4, day=31)
def test_date_patterns_follow_the_calendar(
    contract: Contract, year: int, month: int, day: int
) -> None:
    """The body and query date patterns accept exactly the dates a date parser accepts."""
    try:
        date(year, month, day)
        real = True
    except ValueError:
        real = False
    body = f"{year:04d}-{month:02d}-{day:02d}T23:59:59.999-0330"
    query = f"{year:04d}-{month:02d}-{day:02d}T00:00:00.000+14:00"
    for name, text in (("InfobipDateTime", body), ("QueryDateTime", query)):
        pattern = re.compile(contract.component(name)["pattern"][:-1] + r"\Z")
        assert bool(pattern.match(text)) is real, (name, text)
