"""The `live` profile: the overlay applies, its result is a fresh valid OpenAPI document, and the
live corpus has the outcomes its manifest records under both profiles.

JSON bodies are judged here with jsonschema against each profile's OpenAPI document directly;
XML bodies are only recorded (well-formed, root as recorded) until the codecs learn the
overlay's XML extensions.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from lxml import etree
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import REPO

OVERLAY = REPO / "spec" / "overlays" / "live.yaml"
DOCUMENTED = REPO / "spec" / "openapi.yaml"
LIVE = REPO / "spec" / "generated" / "openapi.live.yaml"
CORPUS = REPO / "tests" / "live_corpus"
MANIFEST: dict[str, Any] = json.loads((CORPUS / "manifest.json").read_text("utf-8"))
ENTRIES: list[dict[str, Any]] = MANIFEST["entries"]
JSON_ENTRIES = [e for e in ENTRIES if e["media_type"] == "application/json"]
XML_ENTRIES = [e for e in ENTRIES if e["media_type"] == "application/xml"]
PROFILES = {"documented": DOCUMENTED, "live": LIVE}


def _tool() -> ModuleType:
    tools = str(REPO / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    spec = importlib.util.spec_from_file_location(
        "apply_overlay", REPO / "tools" / "apply_overlay.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


@cache
def _document(profile: str) -> dict[str, Any]:
    loaded: dict[str, Any] = _load(PROFILES[profile])
    return loaded


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _schema_pointer(
    document: dict[str, Any], endpoint: str, status: str, media_type: str
) -> str | None:
    """Where the response schema is, following a response `$ref`; None if the status is not listed."""
    responses = document["paths"][endpoint]["get"]["responses"]
    key = next((k for k in (status, f"{status[0]}XX", "default") if k in responses), None)
    if key is None:
        return None
    pointer = f"/paths/{_escape(endpoint)}/get/responses/{key}"
    response = responses[key]
    if "$ref" in response:
        pointer = response["$ref"][1:]
        response = document["components"]["responses"][pointer.rsplit("/", 1)[1]]
    if media_type not in response.get("content", {}):
        return None
    return f"{pointer}/content/{_escape(media_type)}/schema"


def _errors(profile: str, entry: dict[str, Any], body: Any) -> list[str]:
    document = _document(profile)
    pointer = _schema_pointer(document, entry["endpoint"], entry["status"], entry["media_type"])
    if pointer is None:
        return [f"status {entry['status']} is not listed"]
    registry = Registry().with_resource("urn:spec", Resource(document, DRAFT202012))
    validator = Draft202012Validator({"$ref": f"urn:spec#{pointer}"}, registry=registry)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)
    ]


def _body(entry: dict[str, Any]) -> bytes:
    return (CORPUS / entry["file"]).read_bytes()


# ---------------------------------------------------------------- the overlay and its result


def test_every_action_selects_at_least_one_node() -> None:
    tool = _tool()
    overlay = _load(OVERLAY)
    _, matched = tool.apply_overlay(_load(DOCUMENTED), overlay)
    assert len(matched) == len(overlay["actions"])
    assert all(count >= 1 for count in matched), matched


def test_an_action_that_selects_nothing_or_cannot_merge_is_an_error() -> None:
    tool = _tool()
    base = _load(DOCUMENTED)
    stale = {
        "overlay": "1.0.0",
        "info": {"title": "t", "version": "1"},
        "actions": [
            {
                "target": "$.components.schemas.NoSuchSchema",
                "description": "d",
                "update": {"x-a": 1},
            }
        ],
    }
    with pytest.raises(
        tool.OverlayError,
        match=r"actions\[0\]\.target '\$\.components\.schemas\.NoSuchSchema' selects nothing",
    ):
        tool.apply_overlay(base, stale)
    clash = copy.deepcopy(stale)
    clash["actions"][0] = {
        "target": "$.components.schemas.Channel",
        "description": "d",
        "update": {"type": ["string"]},
    }
    with pytest.raises(tool.OverlayError, match=r"cannot merge list into str"):
        tool.apply_overlay(base, clash)
    silent = copy.deepcopy(stale)
    silent["actions"][0] = {"target": "$.info", "update": {"x-a": 1}}
    with pytest.raises(tool.OverlayError, match="must say why and name its source"):
        tool.apply_overlay(base, silent)


def test_the_generated_live_document_is_fresh() -> None:
    tool = _tool()
    assert LIVE.read_text("utf-8") == tool.render("live"), "run python tools/apply_overlay.py"


def test_the_live_document_is_valid_openapi() -> None:
    validate_openapi(_document("live"))


def test_every_action_names_its_sources() -> None:
    for index, action in enumerate(_load(OVERLAY)["actions"]):
        assert action["description"].strip(), index
        sources = action["x-sources"]
        if action["target"] != "$.info":
            assert sources, f"action {index} ({action['target']}) names no source"
        for source in sources:
            assert {"repository", "path", "at"} <= set(source), (index, source)
            assert "version" in source or "commit" in source, (index, source)
            assert (
                source["repository"] in action["description"] or "vendor" in action["description"]
            ), index


# ---------------------------------------------------------------- the corpus


def test_the_manifest_lists_every_corpus_file_once_with_a_complete_source() -> None:
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()}
    listed = [e["file"] for e in ENTRIES]
    assert len(listed) == len(set(listed))
    assert files - {"manifest.json"} == set(listed)
    for entry in ENTRIES:
        source = entry["source"]
        assert {"repository", "path", "commit", "version"} <= set(source), entry["id"]
        assert len(source["commit"]) == 40, entry["id"]
        assert ("pointer" in source) != ("lines" in source), entry["id"]
        assert entry["documented"]["outcome"] in {"valid", "invalid"}
        assert entry["live"]["outcome"] in {"valid", "invalid"}
        # A body is invalid under a profile exactly when it departs from it, and says how.
        departs = bool(entry["differences"])
        assert (entry["documented"]["outcome"] == "invalid") == departs, entry["id"]
        if entry["live"]["outcome"] == "invalid":
            assert entry["live"]["reasons"], entry["id"]


@pytest.mark.parametrize("entry", JSON_ENTRIES, ids=[e["id"] for e in JSON_ENTRIES])
def test_json_differences_point_into_the_body(entry: dict[str, Any]) -> None:
    body = json.loads(_body(entry))
    for difference in entry["differences"]:
        if not difference["at"].startswith("/results"):
            continue
        node: Any = body
        for token in difference["at"].split("/")[1:]:
            node = node[int(token)] if isinstance(node, list) else node[token]


@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("entry", JSON_ENTRIES, ids=[e["id"] for e in JSON_ENTRIES])
def test_json_body_has_the_recorded_outcome(entry: dict[str, Any], profile: str) -> None:
    errors = _errors(profile, entry, json.loads(_body(entry)))
    expected = entry[profile]["outcome"]
    assert ("valid" if not errors else "invalid") == expected, errors


@pytest.mark.parametrize("entry", XML_ENTRIES, ids=[e["id"] for e in XML_ENTRIES])
def test_xml_body_is_well_formed_and_recorded(entry: dict[str, Any]) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(_body(entry), parser)
    roots = {d["at"].split("/")[1] for d in entry["differences"] if d["at"].startswith("/")}
    assert roots <= {root.tag}, (roots, root.tag)


def test_the_corpus_covers_each_documented_endpoint_of_the_vendor_sources() -> None:
    seen = {(e["endpoint"], e["status"]) for e in ENTRIES}
    for endpoint in ("/tts/3/logs", "/tts/3/reports", "/email/1/logs", "/omni/1/logs"):
        assert (endpoint, "200") in seen
    assert {s for _, s in seen} >= {"200", "400", "401", "403", "404", "429", "500", "4XX", "5XX"}


# ---------------------------------------------------------------- what stays an error under live

_JAVA_VOICE_LOGS = next(
    e for e in JSON_ENTRIES if e["id"].endswith("java-client-voice-logs-200-json")
)


def _mutated(edit: Any) -> list[str]:
    body = json.loads(_body(_JAVA_VOICE_LOGS))
    edit(body)
    return _errors("live", _JAVA_VOICE_LOGS, body)


def test_live_keeps_wrong_types_an_error() -> None:
    assert _mutated(lambda b: b["results"][0]["status"].update(groupId="3"))


def test_live_keeps_a_non_decimal_price_an_error() -> None:
    assert _mutated(lambda b: b["results"][0]["price"].update(pricePerSecond="0.01 EUR"))


@pytest.mark.parametrize(
    "date",
    [
        "2015-02-30T10:00:00Z",
        "2015-02-23T17:40:31.7731234567+0100",
        "2015-02-23T24:00:00Z",
        "2015-02-23 17:40:31Z",
    ],
)
def test_live_keeps_an_impossible_or_malformed_date_an_error(date: str) -> None:
    assert _mutated(lambda b: b["results"][0].update(sentAt=date))


@pytest.mark.parametrize(
    "date",
    [
        "2015-02-23T17:40:31.773+0100",
        "2015-02-23T17:40:31Z",
        "2015-02-23T17:40:31.123456000-05:30",  # nine digits, as java.time writes them
        "2016-02-29T00:00:00.0+00:00",
    ],
)
def test_live_accepts_each_rfc3339_form_the_vendor_uses(date: str) -> None:
    assert not _mutated(lambda b: b["results"][0].update(sentAt=date))


def test_live_keeps_a_missing_results_an_error() -> None:
    assert _mutated(lambda b: b.pop("results"))


def test_live_refuses_both_spellings_of_mccmnc_at_once() -> None:
    assert _mutated(lambda b: b["results"][0].update(mccmnc="22801"))


def test_live_refuses_a_field_no_source_names() -> None:
    assert _mutated(lambda b: b["results"][0].update(carrier="x"))


# ---------------------------------------------------------------- requests under each profile


def _parameters(profile: str, endpoint: str) -> dict[str, dict[str, Any]]:
    document = _document(profile)
    out = {}
    for parameter in document["paths"][endpoint]["get"]["parameters"]:
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        out[parameter["name"]] = parameter
    return out


def _date_errors(profile: str, value: str) -> list[str]:
    document = _document(profile)
    registry = Registry().with_resource("urn:spec", Resource(document, DRAFT202012))
    schema = {"$ref": "urn:spec#/components/schemas/QueryDateTime"}
    return [e.message for e in Draft202012Validator(schema, registry=registry).iter_errors(value)]


@pytest.mark.parametrize(
    ("value", "documented"),
    [
        ("2015-02-22T17:42:05.390+01:00", True),
        ("2021-01-02T01:00:00.123Z", False),
        ("2015-02-22T17:42:05.390+0100", False),
        ("2022-06-01T18:00:00.000000Z", False),
    ],
)
def test_query_dates_take_z_and_hhmm_offsets_under_live_only(value: str, documented: bool) -> None:
    assert not _date_errors("live", value)
    assert (not _date_errors("documented", value)) == documented


def test_query_dates_stay_calendar_checked_under_live() -> None:
    assert _date_errors("live", "2015-02-29T17:42:05.390Z")


def test_email_logs_take_the_vendor_filters_and_bound_under_live() -> None:
    documented = _parameters("documented", "/email/1/logs")
    live = _parameters("live", "/email/1/logs")
    added = {"campaignReferenceId", "applicationId", "entityId"}
    assert not added & set(documented)
    assert added <= set(live)
    assert "maximum" not in documented["limit"]["schema"]
    assert live["limit"]["schema"]["maximum"] == 1000
    assert len(live) == len(documented) + len(added)


@pytest.mark.parametrize("endpoint", ["/tts/3/logs", "/email/1/logs", "/omni/1/logs"])
def test_multi_value_ids_also_come_repeated_under_live(endpoint: str) -> None:
    for name in ("bulkId", "messageId"):
        assert _parameters("live", endpoint)[name].get("x-accept-explode") is True
        assert "x-accept-explode" not in _parameters("documented", endpoint)[name]


@pytest.mark.parametrize(
    "endpoint",
    ["/tts/3/logs", "/tts/3/reports", "/email/1/logs", "/omni/1/logs", "/sms/1/inbox/logs"],
)
def test_every_error_status_the_vendor_lists_is_an_error_body_under_live(endpoint: str) -> None:
    responses = _document("live")["paths"][endpoint]["get"]["responses"]
    assert {"400", "401", "403", "404", "429", "500", "4XX", "5XX"} <= set(responses)
