"""The adapters: schemathesis and openapi-core check XML answers against the spec with them.

Each test shows the tool's behaviour without the adapter too, so the adapter's worth is pinned:
schemathesis passes an invalid XML answer unchecked, openapi-core rejects a valid one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from conftest import corpus_entries, corpus_text
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec.integrations import (
    openapi_core_deserializers,
    xml_to_json_data,
)

SPEC = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
VOICE_XML = corpus_text(
    corpus_entries(id="tts-logs/06-response-xml-getting-logs-without-any-query-parameter")[0]
)
BROKEN_XML = VOICE_XML.replace(b"<duration>1</duration>", b"<duration>one</duration>", 1)
OMNI_UNWRAPPED = corpus_text(
    corpus_entries(id="omni-logs/22-response-xml-getting-logs-with-channel-as-filter")[0]
)
UNAUTHORIZED = SPEC["components"]["responses"]["Unauthorized"]["content"]["application/xml"][
    "examples"
]["unauthorized"]["value"].encode()


SCHEMATHESIS_SCRIPT = """
import datetime, json, sys
import httpx, schemathesis, yaml
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec.integrations import register_schemathesis

spec = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
cases = json.loads(sys.stdin.read())

def verdict(body, path, status):
    operation = schemathesis.openapi.from_dict(spec)[path]["GET"]
    response = httpx.Response(
        status,
        content=body.encode(),
        headers={"Content-Type": "application/xml"},
        request=httpx.Request("GET", "https://api.infobip.com" + path),
    )
    response.elapsed = datetime.timedelta(0)
    try:
        operation.validate_response(response)
    except BaseException as error:  # an exception group of failures
        return str(error)
    return "valid"

before = [verdict(*case) for case in cases]
register_schemathesis()
after = [verdict(*case) for case in cases]
print(json.dumps({"before": before, "after": after}))
"""


def test_schemathesis_checks_xml_answers_with_the_adapter() -> None:
    # In a process of its own: schemathesis keeps registered deserializers for good.
    cases = [
        (BROKEN_XML.decode(), "/tts/3/logs", 200),
        (VOICE_XML.decode(), "/tts/3/logs", 200),
        (OMNI_UNWRAPPED.decode(), "/omni/1/logs", 200),
        (UNAUTHORIZED.decode(), "/tts/3/logs", 401),
    ]
    result = subprocess.run(
        [sys.executable, "-c", SCHEMATHESIS_SCRIPT],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    verdicts = json.loads(result.stdout)
    assert verdicts["before"] == ["valid"] * 4  # XML unchecked, even the broken answer
    broken, *documented = verdicts["after"]
    assert documented == ["valid"] * 3
    # Reported as what it is, a schema violation, by schemathesis's own check of the data.
    assert broken.startswith("Response violates schema")
    assert '"one" is not of type "integer"' in broken


def _openapi_core_verdict(
    openapi: OpenAPI, body: bytes, path: str = "/tts/3/logs", status: int = 200
) -> str:
    request = MockRequest("https://api.infobip.com", "get", path)
    response = MockResponse(body, status_code=status, content_type="application/xml")
    try:
        openapi.validate_response(request, response)
    except Exception as error:  # openapi-core's validation errors
        messages = []
        cause: BaseException | None = error
        while cause is not None:  # openapi-core wraps the deserializer's ValueError
            messages.append(str(cause))
            cause = cause.__cause__ or cause.__context__
        return " <- ".join(messages)
    return "valid"


def test_openapi_core_checks_xml_answers_with_the_adapter() -> None:
    plain = OpenAPI.from_dict(SPEC)
    assert "is not of type 'object'" in _openapi_core_verdict(plain, VOICE_XML)  # rejects all XML
    adapted = OpenAPI.from_dict(
        SPEC, config=Config(extra_media_type_deserializers=openapi_core_deserializers())
    )
    assert _openapi_core_verdict(adapted, VOICE_XML) == "valid"
    assert _openapi_core_verdict(adapted, OMNI_UNWRAPPED, "/omni/1/logs") == "valid"
    assert _openapi_core_verdict(adapted, UNAUTHORIZED, status=401) == "valid"
    # openapi-core's own check, against the operation it validates, names the problem.
    assert "'one' is not of type 'integer'" in _openapi_core_verdict(adapted, BROKEN_XML)
    # An omni answer where voice logs are expected decodes (as omni logs) but the spec's voice
    # schema, applied by openapi-core, refuses it.
    assert (
        _openapi_core_verdict(
            adapted, OMNI_UNWRAPPED.replace(b"omniLogsResponse", b"smsLogsResponse"), "/tts/3/logs"
        )
        != "valid"
    )


def test_xml_to_json_data_without_an_endpoint_tries_every_answer_with_that_root() -> None:
    data: Any = xml_to_json_data(VOICE_XML)
    assert data["results"][0]["price"] == {"pricePerSecond": 0.01, "currency": "EUR"}
    with pytest.raises(ValueError, match="no documented answer has the root element <nope>"):
        xml_to_json_data(b"<nope/>")
    # A broken answer is read tolerantly, as the answer it is closest to (voice logs here),
    # so that the tool's schema check reports its problems against its own operation.
    assert xml_to_json_data(BROKEN_XML)["results"][0]["duration"] == "one"


def test_a_fault_only_the_package_sees_is_a_value_error_listing_every_problem() -> None:
    long_price = b"<pricePerMessage>0." + b"1" * 120 + b"</pricePerMessage>"
    body = BROKEN_XML.replace(b"<pricePerMessage>0.0100</pricePerMessage>", long_price, 1)
    assert body != BROKEN_XML
    with pytest.raises(ValueError, match="a number of 121 digits is over the limit of 100"):
        xml_to_json_data(body.replace(b"<duration>one<", b"<duration>1<"), endpoint="/tts/3/logs")


def test_the_spec_is_public_as_a_path_and_as_a_document() -> None:
    from infobip_logs_spec.integrations import spec_document, spec_path

    assert spec_path("documented").read_bytes() == read_bytes("spec", "openapi.yaml")
    assert spec_path().read_bytes() == read_bytes("spec", "generated", "openapi.live.yaml")
    assert spec_document()["info"]["x-profile"] == "live"
    assert "x-profile" not in spec_document("documented")["info"]
    document = spec_document()
    assert document["openapi"].startswith("3.1")
    document["paths"].clear()
    assert spec_document()["paths"]  # each call a fresh copy
