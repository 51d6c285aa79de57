"""The one mapping from endpoint to schema files covers every endpoint x status x media type."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml
from lxml import etree

from _engines import schema_entries, xml_validators
from infobip_logs_spec._contract import Contract, load_contract
from infobip_logs_spec._resources import data_dir, data_file, read_bytes

CASES = [
    (op.path, status, media_type)
    for op in load_contract("documented").operations
    for status, media in op.responses.items()
    for media_type in media
]
XS = "{http://www.w3.org/2001/XMLSchema}"


def _spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    return loaded


def _media(spec: dict[str, Any], path: str, status: str, media_type: str) -> dict[str, Any]:
    response = spec["paths"][path]["get"]["responses"][status]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    media: dict[str, Any] = response["content"][media_type]
    return media


@pytest.mark.parametrize(("path", "status", "media_type"), CASES)
def test_endpoint_has_schema_files_roots_and_an_example(
    contract: Contract, path: str, status: str, media_type: str
) -> None:
    entries = schema_entries(path, status, media_type)
    payloads = contract.operation(path).payloads(status, media_type)
    assert [entry["schema"] for entry in entries] == [payload.name for payload in payloads]
    for entry in entries:
        text = data_file("schemas", *entry["file"].split("/")).read_bytes()
        if media_type == "application/json":
            jsonschema.Draft202012Validator.check_schema(json.loads(text))
        else:
            tree = etree.fromstring(text)
            roots = [e.get("name") for e in tree.findall(f"{XS}element")]
            assert entry["root"] in roots
            xml_validators(entry["file"])  # both engines compile it
    examples = _media(_spec(), path, status, media_type).get("examples", {})
    assert examples, f"no example for {path} {status} {media_type}"


def test_every_schema_file_is_in_the_index() -> None:
    index = json.loads(read_bytes("schemas", "index.json"))
    listed = {
        entry["file"]
        for operation in index["operations"].values()
        for media in operation["responses"].values()
        for entries in media.values()
        for entry in entries
    }
    shipped = {
        f"{folder}/{node.name}"
        for folder in ("json", "xml")
        for node in data_dir("schemas", folder).iterdir()
    }
    assert listed == shipped
