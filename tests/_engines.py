"""Two independent validators per format; tests compare them, so neither is trusted alone."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
import jsonschema_rs
import xmlschema
from lxml import etree

from infobip_logs_spec._resources import data_file, read_bytes


@cache
def _index() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(read_bytes("schemas", "index.json"))
    return loaded


def schema_entries(path: str, status: int | str, media_type: str) -> list[dict[str, Any]]:
    for operation in _index()["operations"].values():
        if operation["path"] == path:
            entries: list[dict[str, Any]] = operation["responses"][str(status)][media_type]
            return entries
    raise KeyError(path)


@cache
def json_validators(file: str) -> tuple[jsonschema.Draft202012Validator, Any]:
    schema = json.loads(read_bytes("schemas", *file.split("/")))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema), jsonschema_rs.validator_for(schema)


@cache
def xml_validators(file: str) -> tuple[xmlschema.XMLSchema10, etree.XMLSchema]:
    path = data_file("schemas", *file.split("/"))
    text = path.read_bytes()
    first = xmlschema.XMLSchema10(text.decode("utf-8"))
    second = etree.XMLSchema(etree.fromstring(text))
    return first, second


def json_verdicts(path: str, status: int | str, document: Any) -> tuple[bool, bool]:
    """(jsonschema, jsonschema-rs) verdicts for a parsed JSON document."""
    (entry,) = schema_entries(path, status, "application/json")
    first, second = json_validators(entry["file"])
    return first.is_valid(document), bool(second.is_valid(document))


SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


# The XSDs name each field by its canonical name only (an alias would need global elements,
# which every XSD engine accepts as document roots); the spec's x-xml-aliases, written out
# here so the engines stay independent of the package's own reading of them.
XML_ALIASES = {"/omni/1/logs": {b"smsCount>": b"messageCount>"}}


def xml_verdicts(
    path: str, status: int | str, text: bytes, *, canonical: bool = True
) -> tuple[bool, bool]:
    """(xmlschema, libxml2) verdicts, using the XSD whose root element the document has; with
    ``canonical``, on the document with its aliases renamed, as the package reads it."""
    if canonical:
        for alias, name in XML_ALIASES.get(path, {}).items():
            text = text.replace(b"<" + alias, b"<" + name).replace(b"</" + alias, b"</" + name)
    root = etree.fromstring(text, SAFE_PARSER)
    entries = [e for e in schema_entries(path, status, "application/xml") if e["root"] == root.tag]
    if not entries:
        return False, False
    first, second = xml_validators(entries[0]["file"])
    return bool(first.is_valid(text.decode("utf-8"))), bool(second.validate(root))
