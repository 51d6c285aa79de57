"""One reading of the contract: what the compiled shapes refuse, no generator emits and no
codec meets mid-document; and the modules keep their layers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from infobip_logs_spec import ContractError, decode_json, decode_xml
from infobip_logs_spec._contract import Contract, parse_spec
from infobip_logs_spec._generate import generated_files
from infobip_logs_spec._jsonschema_gen import json_schema
from infobip_logs_spec._models_gen import models_source
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec._xsd_gen import xsd


def _spec_with(prop: dict[str, Any], extra: dict[str, Any] | None = None) -> Contract:
    """The packaged spec with one more property on the voice log."""
    spec = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    spec = copy.deepcopy(spec)
    spec["components"]["schemas"]["VoiceLog"]["properties"]["odd"] = prop
    spec["components"]["schemas"].update(extra or {})
    return parse_spec(yaml.safe_dump(spec, sort_keys=False))


UNSUPPORTED = {
    "an XML attribute": ({"type": "string", "xml": {"attribute": True}}, "XML attributes"),
    "an XML namespace": ({"type": "string", "xml": {"namespace": "urn:x"}}, "namespaces"),
    "an inline object": (
        {"type": "object", "properties": {"a": {"type": "string"}}},
        "an object must be a named component",
    ),
    "a float": ({"type": "number", "format": "double"}, "binary floating point"),
    "an array of arrays": (
        {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
        "an array of arrays has no XML form",
    ),
    "a map of objects": (
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Status"}},
        "only maps of scalars",
    ),
}
READERS: dict[str, Callable[[Contract], Any]] = {
    "the XSD generator": lambda c: xsd(c, "VoiceLogsResponse"),
    "the JSON Schema generator": lambda c: json_schema(c, "VoiceLogsResponse"),
    "the models generator": models_source,
    "every generated file": generated_files,
    "decode_json": lambda c: decode_json(b'{"results":[]}', endpoint="/tts/3/logs", contract=c),
    "decode_xml": lambda c: decode_xml(
        b"<smsLogsResponse><results/></smsLogsResponse>", endpoint="/tts/3/logs", contract=c
    ),
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("construct", UNSUPPORTED)
def test_a_construct_the_shapes_refuse_is_refused_by_every_reader(
    construct: str, reader: str
) -> None:
    prop, message = UNSUPPORTED[construct]
    contract = _spec_with(prop)
    with pytest.raises(ContractError, match=message):
        READERS[reader](contract)
