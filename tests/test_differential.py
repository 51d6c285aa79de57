"""One verdict: the decoder, the validator and an independent engine on the shipped schemas
judge mutated documents alike, or the difference is one of the documented limits below.

Documents come from the package's own strategies and are then mutated: byte flips,
truncation, splices of two valid documents, boundary numbers, ``xsi:`` attributes, wide
encodings. The independent engines read exactly (JSON numbers as ``Decimal``, with JSON
Schema's mathematical notion of an integer), so no float rounding hides a difference.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import jsonschema
import xmlschema
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from _engines import XML_ALIASES, json_validators, schema_entries, xml_validators
from infobip_logs_spec import ValidationError, decode_json, decode_xml, is_valid
from infobip_logs_spec._contract import load_contract
from infobip_logs_spec.strategies import json_documents, xml_documents

CASES = sorted(
    {
        media["application/json"][0].name: (operation.path, status)
        for operation in load_contract("documented").operations
        for status, media in operation.responses.items()
    }.values()
)

BOUNDARY_NUMBERS = [
    "2147483647", "2147483648", "-2147483649", "-0", "0.0100", "1e2", "1E-2", "1.0",
    "9.99999999999999999999", "0.1e1", "-0.0", "1" * 99, "00", "01", ".5", "5.", "+1",
]  # fmt: skip
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
XSI_ATTRIBUTES = [
    f'{XSI} xsi:nil="true"',
    f'{XSI} xsi:type="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema"',
    f'{XSI} xsi:schemaLocation="urn:a b.xsd"',
    f'{XSI} xsi:foo="1"',
]


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> tuple[tuple[str, str], bytes]:
    case = draw(st.sampled_from(CASES))
    documents = json_documents if fmt == "json" else xml_documents
    document = draw(documents(*case, max_items=3, profile="documented"))
    kind = draw(st.sampled_from(["flip", "truncate", "splice", "number", "xsi", "encoding"]))
    if kind == "flip" and document:
        index = draw(st.integers(0, len(document) - 1))
        byte = draw(st.integers(0, 255))
        document = document[:index] + bytes([byte]) + document[index + 1 :]
    elif kind == "truncate":
        document = document[: draw(st.integers(0, len(document)))]
    elif kind == "splice":
        other = draw(documents(*draw(st.sampled_from(CASES)), max_items=2, profile="documented"))
        document = (
            document[: draw(st.integers(0, len(document)))]
            + other[draw(st.integers(0, len(other))) :]
        )
    elif kind == "number":
        spots = list(re.finditer(rb"(?<=[:>])-?[0-9][0-9.]*(?=[,}<\]])", document))
        if spots:
            spot = draw(st.sampled_from(spots))
            number = draw(st.sampled_from(BOUNDARY_NUMBERS)).encode()
            document = document[: spot.start()] + number + document[spot.end() :]
    elif kind == "xsi" and fmt == "xml":
        tags = list(re.finditer(rb"<([A-Za-z]+)>", document))
        if tags:
            tag = draw(st.sampled_from(tags))
            attribute = draw(st.sampled_from(XSI_ATTRIBUTES)).encode()
            inner = tag.group(1) + b" " + attribute
            document = document[: tag.start(1)] + inner + document[tag.end(1) :]
    elif kind == "encoding":
        codec = draw(st.sampled_from(["utf-16", "utf-32", "utf-8-sig"]))
        declared = {"utf-16": "UTF-16", "utf-32": "UTF-32"}.get(codec, "UTF-8")
        text = re.sub(r"encoding=(['\"])[^'\"]*\1", f"encoding='{declared}'", document.decode())
        document = text.encode(codec)
    return case, document


def _ours(case: tuple[str, str], document: bytes, fmt: str) -> tuple[bool, bool]:
    decode = decode_json if fmt == "json" else decode_xml
    try:
        decode(document, endpoint=case[0], status=case[1], profile="documented", strict=True)
        decoded = True
    except ValidationError:
        decoded = False
    valid = is_valid(document, endpoint=case[0], status=case[1], profile="documented", strict=True)
    return decoded, valid


def _is_integer(checker: Any, instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (
        isinstance(instance, Decimal) and instance.is_finite() and instance == int(instance)
    )


EXACT = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)


def _json_engine(case: tuple[str, str], document: bytes) -> bool | None:
    """jsonschema's verdict, or None where a documented limit of the package decides."""
    try:
        text = document.decode("utf-8")
        parsed = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return False
    if _over_limits(parsed) or re.search(r"\\u[dD][89a-fA-F]", text):
        return None  # numbers over Limits.max_number_length; lone surrogates (never sent)
    (entry,) = schema_entries(case[0], case[1], "application/json")
    validator, _ = json_validators(entry["file"])
    exact = jsonschema.validators.extend(type(validator), type_checker=EXACT)(validator.schema)
    return bool(exact.is_valid(parsed))


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _over_limits(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_over_limits(item) for item in value.values())
    if isinstance(value, list):
        return any(_over_limits(item) for item in value)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return len(format(Decimal(value), "f")) > 100
    return False


def _xml_engine(case: tuple[str, str], document: bytes) -> bool | None:
    """xmlschema's verdict on the shipped XSD, or None where a documented limit decides:
    any attribute (the package refuses xsi: ones, which XSD always allows), a document type,
    payloads with a map (XSD 1.0 cannot say a map's children hold text only)."""
    if b"xsi:" in document or b"<!" in document.upper():
        return None
    if any(entry["file"].endswith("ApiException.xsd") for entry in _xml_entries(case)):
        return None
    try:
        root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError):
        return False
    if root is None:
        return False
    text = etree.tostring(root, encoding="unicode")
    for alias, name in XML_ALIASES.get(case[0], {}).items():
        text = text.replace("<" + alias.decode(), "<" + name.decode())
        text = text.replace("</" + alias.decode(), "</" + name.decode())
    entries = [entry for entry in _xml_entries(case) if entry["root"] == root.tag]
    if not entries:
        return False
    engine, _ = xml_validators(entries[0]["file"])
    return bool(engine.is_valid(text))


def _xml_entries(case: tuple[str, str]) -> list[dict[str, Any]]:
    return schema_entries(case[0], case[1], "application/xml")


@given(mutated("json"))
@example((("/tts/3/logs", "200"), b'{"results":[{"duration":9.99999999999999999999}]}'))
def test_json_verdicts_agree(case_and_document: tuple[tuple[str, str], bytes]) -> None:
    case, document = case_and_document
    decoded, validated = _ours(case, document, "json")
    assert decoded == validated
    engine = _json_engine(case, document)
    if engine is None:
        assert not validated
    else:
        assert validated == engine


@given(mutated("xml"))
def test_xml_verdicts_agree(case_and_document: tuple[tuple[str, str], bytes]) -> None:
    case, document = case_and_document
    decoded, validated = _ours(case, document, "xml")
    assert decoded == validated
    engine = _xml_engine(case, document)
    if engine is None:
        return
    assert validated == engine, xmlschema.__version__
