"""The codec laws, each a hypothesis property over every payload of every operation.

The ``ci`` profile runs 500 examples per law; known nasties are pinned with ``@example``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from _engines import json_verdicts, xml_verdicts
from infobip_logs_spec import Record, decode_json, decode_xml, encode_json, encode_xml
from infobip_logs_spec._codec import xml_shapes
from infobip_logs_spec._contract import load_contract
from infobip_logs_spec.models import (
    MOLog,
    MOLogsResponse,
    OmniLog,
    OmniLogsResponse,
    VoiceLog,
    VoiceLogsResponse,
    VoicePrice,
)
from infobip_logs_spec.strategies import json_documents, models, xml_documents

# The laws over the documented profile, whose shipped schemas the engines use; the live
# profile's values obey them too (tests/test_live_corpus.py).
DOCUMENTED = load_contract("documented")
# One (endpoint, status) per distinct payload: 401 and 429 share the error body.
CASES: dict[str, tuple[str, str]] = {}
for _operation in DOCUMENTED.operations:
    for _status, _media in _operation.responses.items():
        CASES.setdefault(_media["application/json"][0].name, (_operation.path, _status))

PAYLOADS = st.sampled_from(sorted(CASES.values())).flatmap(
    lambda case: models(*case, contract=DOCUMENTED)
)
JSON_DOCUMENTS = st.sampled_from(sorted(CASES.values())).flatmap(
    lambda case: st.tuples(st.just(case), json_documents(*case, contract=DOCUMENTED))
)
XML_DOCUMENTS = st.sampled_from(sorted(CASES.values())).flatmap(
    lambda case: st.tuples(st.just(case), xml_documents(*case, contract=DOCUMENTED))
)


def _case(value: Record) -> tuple[str, str]:
    return CASES[type(value)._component]


# --------------------------------------------------------------------------- known nasties

SENT = datetime(2015, 2, 23, 17, 40, 31, 773000, tzinfo=timezone(timedelta(hours=1)))
STATUS = {"groupId": 3, "groupName": "DELIVERED", "id": 5, "name": "DELIVERED", "description": ""}


def _voice_log(**changes: Any) -> VoiceLog:
    fields: dict[str, Any] = {
        "messageId": "m",
        "to": "41793026727",
        "from": "InfoSMS",
        "text": "Test",
        "sentAt": SENT,
        "doneAt": SENT,
        "duration": 0,
        "price": VoicePrice(pricePerSecond=Decimal("0.0100"), currency="EUR"),
        "status": STATUS,
    }
    fields.update(changes)
    return VoiceLog(**fields)


EMPTY_STRINGS = VoiceLogsResponse(
    results=[_voice_log(messageId="", to="", text="", **{"from": ""}, mccmnc="", bulkId="")]
)
NON_BMP = VoiceLogsResponse(
    results=[_voice_log(text="\U0001f600 \U0001d11e \u4e2d", to="\U00010348")]
)
MARKUP = VoiceLogsResponse(results=[_voice_log(text="&<>\"' ]]> <!-- -->", bulkId="&amp;")])
WHITESPACE = VoiceLogsResponse(results=[_voice_log(text="  \t\r\n leading and trailing \r\n")])
ZERO_PRICE = VoiceLogsResponse(
    results=[_voice_log(price=VoicePrice(pricePerSecond=Decimal("0"), currency="EUR"))]
)
SCALED_PRICE = VoiceLogsResponse(
    results=[_voice_log(price=VoicePrice(pricePerSecond=Decimal("0.0005000000"), currency="EUR"))]
)
NEGATIVE_OFFSET = VoiceLogsResponse(
    results=[_voice_log(sentAt=SENT.replace(tzinfo=timezone(-timedelta(hours=3, minutes=30))))]
)
EMPTY_COLLECTION = OmniLogsResponse(results=[])
LARGEST_PAGE = MOLogsResponse(
    results=[
        MOLog(
            messageId=str(index),
            to="41793026727",
            receivedAt=SENT,
            text=f"message {index}",
            cleanText="",
            smsCount=1,
            **{"from": "385998779111"},
        )
        for index in range(1000)
    ]
)
SMS_COUNT_OMNI = OmniLogsResponse(
    results=[
        OmniLog(
            messageId="m",
            channel="VOICE",
            to="1",
            text="",
            sentAt=SENT,
            doneAt=SENT,
            messageCount=2**31 - 1,
            price={"pricePerMessage": Decimal("0.0104"), "currency": "EUR"},
            status=STATUS,
            **{"from": "x"},
        )
    ]
)
NASTIES = [
    EMPTY_STRINGS,
    NON_BMP,
    MARKUP,
    WHITESPACE,
    ZERO_PRICE,
    SCALED_PRICE,
    NEGATIVE_OFFSET,
    EMPTY_COLLECTION,
    SMS_COUNT_OMNI,
]


def pin_nasties(test: Any) -> Any:
    for nasty in NASTIES:
        test = example(value=nasty)(test)
    return test


def pin_nasties_in_every_shape(test: Any) -> Any:
    for nasty in NASTIES:
        for shape in range(len(xml_shapes(nasty))):
            test = example(value=nasty, shape=shape)(test)
    return test


def _root(value: Record, shape: int) -> str:
    roots = [candidate.xml_root for candidate in xml_shapes(value)]
    return roots[shape % len(roots)]


# --------------------------------------------------------------------------- laws


@given(value=PAYLOADS)
@pin_nasties
def test_decode_json_after_encode_json_is_identity(value: Record) -> None:
    endpoint, status = _case(value)
    assert decode_json(encode_json(value), endpoint=endpoint, status=status) == value


@given(value=PAYLOADS, shape=st.integers(min_value=0, max_value=1))
@pin_nasties_in_every_shape
def test_decode_xml_after_encode_xml_is_identity_in_every_shape(value: Record, shape: int) -> None:
    endpoint, status = _case(value)
    encoded = encode_xml(value, root=_root(value, shape))
    assert decode_xml(encoded, endpoint=endpoint, status=status) == value


@given(document=JSON_DOCUMENTS)
def test_json_and_xml_carry_the_same_data_from_json(
    document: tuple[tuple[str, str], bytes],
) -> None:
    (endpoint, status), body = document
    value = decode_json(body, endpoint=endpoint, status=status)
    assert decode_xml(encode_xml(value), endpoint=endpoint, status=status) == value


@given(document=XML_DOCUMENTS)
def test_json_and_xml_carry_the_same_data_from_xml(document: tuple[tuple[str, str], bytes]) -> None:
    (endpoint, status), body = document
    value = decode_xml(body, endpoint=endpoint, status=status)
    assert decode_json(encode_json(value), endpoint=endpoint, status=status) == value


@given(value=PAYLOADS)
@pin_nasties
def test_every_encoded_json_validates_with_both_engines(value: Record) -> None:
    endpoint, status = _case(value)
    document = json.loads(encode_json(value), parse_float=Decimal)
    assert json_verdicts(endpoint, status, document) == (True, True)


@given(value=PAYLOADS, shape=st.integers(min_value=0, max_value=1))
@pin_nasties_in_every_shape
def test_every_encoded_xml_validates_with_both_engines(value: Record, shape: int) -> None:
    endpoint, status = _case(value)
    encoded = encode_xml(value, root=_root(value, shape))
    assert xml_verdicts(endpoint, status, encoded) == (True, True)


@given(value=PAYLOADS)
def test_indented_and_pretty_forms_decode_to_the_same_value(value: Record) -> None:
    endpoint, status = _case(value)
    assert decode_json(encode_json(value, indent=2), endpoint=endpoint, status=status) == value
    pretty = encode_xml(value, pretty=True, declaration=False)
    assert decode_xml(pretty, endpoint=endpoint, status=status) == value


def test_the_largest_page_obeys_the_laws() -> None:
    # Once, not pinned into every law: 1000 records cost each law a second.
    endpoint, status = _case(LARGEST_PAGE)
    as_json = encode_json(LARGEST_PAGE)
    assert decode_json(as_json, endpoint=endpoint, status=status) == LARGEST_PAGE
    document = json.loads(as_json, parse_float=Decimal)
    assert json_verdicts(endpoint, status, document) == (True, True)
    as_xml = encode_xml(LARGEST_PAGE)
    assert decode_xml(as_xml, endpoint=endpoint, status=status) == LARGEST_PAGE
    assert xml_verdicts(endpoint, status, as_xml) == (True, True)
