"""Every documented body decodes, and re-encodes to a document equal to the printed one.

Differences allowed, because they carry no data: whitespace between elements or tokens, the
order of an object's members (JSON) or of an object's child elements (XML ``xs:all``), the XML
declaration and its quote style, and number spelling (``1e2`` for ``100``). One more for XML:
an alias is read but the canonical name is written (``smsCount`` comes back as
``messageCount``). Decimal scale is not among them: ``0.0100`` comes back as ``0.0100``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from conftest import corpus_entries, corpus_text
from infobip_logs_spec import decode_json, decode_xml, encode_json, encode_xml
from infobip_logs_spec._contract import load_contract

BODIES = corpus_entries(kind="response", outcome="valid")
ALIASES = {"smsCount": "messageCount"}
# omni logs are the one endpoint whose XML says messageCount; inbox logs say smsCount natively.
ALIASED_ENDPOINTS = {"/omni/1/logs"}


def _json_form(text: bytes) -> Any:
    return json.loads(text, parse_float=Decimal)


def _xml_form(element: etree._Element, endpoint: str) -> Any:
    tag = element.tag
    if endpoint in ALIASED_ENDPOINTS:
        tag = ALIASES.get(tag, tag)
    children = [child for child in element if isinstance(child.tag, str)]
    if not children:
        return (tag, element.text or "")
    return (tag, sorted((_xml_form(child, endpoint) for child in children), key=repr))


@pytest.mark.parametrize("entry", BODIES, ids=[e["id"] for e in BODIES])
def test_documented_body_round_trips(entry: dict[str, Any]) -> None:
    printed = corpus_text(entry)
    endpoint, status = entry["endpoint"], entry["status"]
    if entry["media_type"] == "application/json":
        value = decode_json(printed, endpoint=endpoint, status=status)
        assert _json_form(encode_json(value)) == _json_form(printed)
    else:
        value = decode_xml(printed, endpoint=endpoint, status=status)
        root = etree.fromstring(printed).tag
        again = encode_xml(value, root=root)
        assert _xml_form(etree.fromstring(again), endpoint) == _xml_form(
            etree.fromstring(printed), endpoint
        )


@pytest.mark.parametrize("entry", BODIES, ids=[e["id"] for e in BODIES])
def test_documented_body_keeps_decimal_scale_and_date_offset(entry: dict[str, Any]) -> None:
    printed = corpus_text(entry).decode("utf-8")
    endpoint, status = entry["endpoint"], entry["status"]
    if entry["media_type"] == "application/json":
        again = encode_json(decode_json(printed, endpoint=endpoint, status=status)).decode()
    else:
        again = encode_xml(decode_xml(printed, endpoint=endpoint, status=status)).decode()
    # Every decimal and every date, as spelled: the scale and the offset come back unchanged.
    assert _spellings(again) == _spellings(printed)
    assert _spellings(printed)  # every documented answer has a price or a date


def _spellings(text: str) -> list[str]:
    text = re.sub(r"<\?xml[^>]*\?>", "", text)  # version="1.0" is not a value
    date = r"\d{4}-\d\d-\d\dT[\d:.]+[+-]\d{4}"
    dates = re.findall(date, text)
    decimals = re.findall(r"(?<![\w.])-?\d+\.\d+(?![\w.])", re.sub(date, "", text))
    return sorted(dates + decimals)


def test_both_formats_of_a_documented_answer_decode_to_values_of_one_class() -> None:
    contract = load_contract()
    for operation in contract.operations:
        entries = corpus_entries(endpoint=operation.path, kind="response", outcome="valid")
        classes = set()
        for entry in entries:
            decode = decode_json if entry["media_type"] == "application/json" else decode_xml
            classes.add(type(decode(corpus_text(entry), endpoint=operation.path)))
        assert len(classes) == 1, operation.path
