"""The compiled fast paths give what the exact walks give, or step aside.

The JSON decoder's Structs and builders, the JSON writer's compiled writers, the XML
decoder's compiled readers and the XML encoder's compiled writers are generated per shape; these laws hold them to the exact walk and writer over every payload of both
profiles: the same record (or ``None``, never another record), the same bytes (or ``None``),
and the fast path really taken wherever a document is valid with no warning.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from conftest import REPO, corpus_entries, corpus_text
from infobip_logs_spec import (
    ContractWarning,
    DecodeError,
    Record,
    ValidationError,
    _limits,
    decode_json,
    decode_xml,
    encode_json,
    encode_xml,
    validate,
)
from infobip_logs_spec._codec import xml_shapes
from infobip_logs_spec._contract import Contract, load_contract
from infobip_logs_spec._json_codec import from_json_document, to_json_text
from infobip_logs_spec._json_structs import fast_decode_json
from infobip_logs_spec._json_writers import fast_encode_json
from infobip_logs_spec._lexical import DATETIME, api_date_text
from infobip_logs_spec._limits import DEFAULT_LIMITS
from infobip_logs_spec._model import RECORDS
from infobip_logs_spec._safe_parse import parse_blankless, parse_json, parse_xml, xml_bytes
from infobip_logs_spec._shape import ArrayNode, ObjectNode, ScalarNode, object_node, quick_date
from infobip_logs_spec._xml_codec import from_xml_element, root_candidates, to_xml_element
from infobip_logs_spec._xml_readers import fast_decode_xml, stream_decode_xml
from infobip_logs_spec._xml_writers import fast_encode_xml
from infobip_logs_spec.strategies import json_documents, models, xml_documents

PROFILES = {name: load_contract(name) for name in ("documented", "live")}
# One (profile, endpoint, status) per distinct payload of each profile, so every shape is drawn
# as often (the error body answers most statuses).
_FIRST: dict[tuple[str, str], tuple[str, str, str, str]] = {}
for _profile, _contract in PROFILES.items():
    for _operation in _contract.operations:
        for _status, _media in _operation.responses.items():
            _name = _media["application/json"][0].name
            if _status.isdigit():
                _FIRST.setdefault((_profile, _name), (_profile, _operation.path, _status, _name))
CASES = sorted(_FIRST.values())


def _exact(contract: Contract, name: str, body: bytes) -> Record | None:
    """The exact walk's record of a document valid with no warning, else ``None``."""
    try:
        document = parse_json(body)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ContractWarning)
            record: Record = from_json_document(
                contract, object_node(contract, name), document, RECORDS, strict=True
            )
    except Exception:
        return None
    return record


def _laid_out(record: Any) -> bool:
    """Each value where its class keeps it: one per field of the class's shape, then the
    unknown members (a dict, or None when there are none), never an empty dict."""
    if not isinstance(record, Record):
        return True
    fields = record._shape().fields
    values = record._values
    return (
        type(values) is tuple
        and len(values) == len(fields) + 1
        and (values[-1] is None or (type(values[-1]) is dict and bool(values[-1])))
        and all(
            _laid_out(item)
            for value in values[:-1]
            for item in (value if isinstance(value, tuple) else (value,))
        )
    )


@st.composite
def _documents(draw: st.DrawFn) -> tuple[Contract, str, bytes]:
    profile, path, status, name = draw(st.sampled_from(CASES))
    contract = PROFILES[profile]
    return contract, name, draw(json_documents(path, status, contract=contract))


def _fast_json(contract: Contract, name: str, body: bytes, streamed: bool) -> Record | None:
    """The compiled decoder's record, its pages read at once or an item at a time."""
    saved = _limits.STREAMED_BYTES
    _limits.STREAMED_BYTES = -1 if streamed else len(body)
    try:
        return fast_decode_json(contract, name, body, DEFAULT_LIMITS)
    finally:
        _limits.STREAMED_BYTES = saved


@given(_documents(), st.booleans())
def test_the_compiled_decoder_gives_the_exact_record_or_none(
    case: tuple[Contract, str, bytes], streamed: bool
) -> None:
    contract, name, body = case
    fast = _fast_json(contract, name, body, streamed)
    if fast is not None:
        assert fast == _exact(contract, name, body)
        assert type(fast) is type(_exact(contract, name, body))
        assert _laid_out(fast)


@given(_documents(), st.data())
def test_the_compiled_decoder_never_accepts_a_mutation_the_walk_refuses(
    case: tuple[Contract, str, bytes], data: st.DataObject
) -> None:
    contract, name, body = case
    document = json.loads(body)
    target = document
    # Walk down to some object, and spoil one member of it.
    while True:
        objects = [
            (key, value)
            for key, value in (target.items() if isinstance(target, dict) else enumerate(target))
            if isinstance(value, dict | list) and value
        ]
        if not objects or data.draw(st.booleans()):
            break
        target = data.draw(st.sampled_from(objects))[1]
    if isinstance(target, dict) and target:
        key = data.draw(st.sampled_from(sorted(target)))
        spoiled: Any = data.draw(
            st.sampled_from(["", "x", -1, 2**40, 1.5, True, None, [], {}, "2015-02-30T00:00:00Z"])
        )
        target[key] = spoiled
    mutated = json.dumps(document).encode()
    fast = _fast_json(contract, name, mutated, data.draw(st.booleans()))
    if fast is not None:
        assert fast == _exact(contract, name, mutated)


@given(st.sampled_from(CASES).flatmap(lambda c: models(*c[1:3], contract=PROFILES[c[0]])))
def test_the_compiled_writer_gives_the_exact_bytes_or_none(value: Record) -> None:
    assert _laid_out(value)
    node = value._shape()
    for indent in (None, 2):
        fast = fast_encode_json(node, value, indent)
        if fast is not None:
            assert fast == to_json_text(node, value, indent).encode("utf-8")


def test_the_fast_paths_are_taken_for_a_page_and_the_corpus() -> None:
    """Not a timing: that the compiled paths serve what they can, so the figures of
    tools/bench.py are theirs."""
    taken = 0
    for entry in corpus_entries():
        if entry["kind"] != "response" or entry["media_type"] != "application/json":
            continue
        if entry["outcome"] != "valid":
            continue
        contract = PROFILES["documented"]
        operation = contract.operation(entry["endpoint"])
        payload = operation.payloads(entry["status"], "application/json")
        body = corpus_text(entry)
        exact = _exact(contract, payload[0].name, body)
        fast = fast_decode_json(contract, payload[0].name, body, DEFAULT_LIMITS)
        if exact is not None and payload[0].name.endswith("Response"):
            assert fast == exact, entry["id"]
            assert _fast_json(contract, payload[0].name, body, True) == exact, entry["id"]
            node = exact._shape()
            assert fast_encode_json(node, exact, None) == to_json_text(node, exact).encode()
            taken += 1
    assert taken >= 10


def test_what_the_fast_path_leaves_is_still_judged_exactly() -> None:
    corpus = REPO / "tests" / "live_corpus" / "tts-logs"
    log = json.loads((corpus / "17-java-client-voice-logs-200-json.json").read_bytes())
    both = {**log["results"][0], "mccmnc": "22801", "mccMnc": "22801"}
    with pytest.raises(Exception, match="given twice"):
        decode_json(json.dumps({"results": [both]}), endpoint="/tts/3/logs")
    price = {**log["results"][0], "price": {"pricePerSecond": "0.01", "currency": "EUR"}}
    with pytest.raises(Exception, match="expected a number"):
        decode_json(json.dumps({"results": [price]}), endpoint="/tts/3/logs")
    zero = {**log["results"][0], "price": {"pricePerSecond": -0.0000001, "currency": "EUR"}}
    value = decode_json(json.dumps({"results": [zero]}), endpoint="/tts/3/logs")
    assert str(value.results[0].price.pricePerSecond) == "-1E-7"
    assert b'"pricePerSecond":-0.0000001' in encode_json(value)


@pytest.mark.parametrize(
    "escape", ["\\ud800", "\\udfff", "\\ud800x", "\\udbff\\u0041", "\\udc00\\ud800"]
)
def test_the_fast_readers_refuse_a_lone_surrogate_escape_themselves(escape: str) -> None:
    # fast_json_allowed no longer looks for one: each fast path's parser must refuse it, and
    # the exact reading then names it.
    contract = PROFILES["live"]
    log = {"results": [{"messageId": "m", "text": "TEXT"}]}
    body = json.dumps(log).replace("TEXT", escape).encode()
    assert fast_decode_json(contract, "VoiceLogsResponse", body, DEFAULT_LIMITS) is None
    with pytest.raises(msgspec.DecodeError):
        msgspec.json.decode(body)
    with pytest.raises(DecodeError, match="unpaired surrogate"):
        decode_json(body, endpoint="/tts/3/logs")
    with pytest.raises(DecodeError, match="unpaired surrogate"):
        validate(body, endpoint="/tts/3/logs")


def test_a_page_past_the_streaming_size_reads_as_a_small_one_and_names_a_deep_fault(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Past STREAMED_BYTES both decoders read a page an item at a time (JSON: batches of raw
    # items; XML: iterparse); below it, at once. The same records either way, and a fault in
    # item 1,900 is found at its place. Lowered to 1 MiB, so that 2,000 records are past it.
    monkeypatch.setattr(_limits, "STREAMED_BYTES", 1 << 20)
    small = decode_json(encode_json(_voice_page(3)), endpoint="/tts/3/logs")
    page = _voice_page(2000)
    as_json, as_xml = encode_json(page), encode_xml(page)
    assert len(as_json) > _limits.STREAMED_BYTES
    assert len(as_xml) > _limits.STREAMED_BYTES
    assert decode_json(as_json, endpoint="/tts/3/logs") == page
    assert decode_xml(as_xml, endpoint="/tts/3/logs") == page
    assert decode_json(as_json, endpoint="/tts/3/logs").results[:3] == small.results
    with pytest.raises(ValidationError) as caught:
        decode_json(_spoil(as_json, b'"duration":10', b'"duration":"ten"', 1899), endpoint=VOICE)
    assert [e.pointer for e in caught.value.errors] == ["/results/1899/duration"]
    with pytest.raises(ValidationError) as caught:
        decode_xml(_spoil(as_xml, b"<duration>10<", b"<duration>ten<", 1899), endpoint=VOICE)
    assert [e.xpath for e in caught.value.errors] == [
        "/smsLogsResponse/results/result[1900]/duration"
    ]


def _spoil(body: bytes, old: bytes, new: bytes, index: int) -> bytes:
    """``body`` with the occurrence ``index`` of ``old`` replaced by ``new``."""
    parts = body.split(old)
    return old.join(parts[: index + 1]) + new + old.join(parts[index + 1 :])


def _voice_page(count: int) -> Record:
    corpus = REPO / "tests" / "live_corpus" / "tts-logs"
    body = (corpus / "17-java-client-voice-logs-200-json.json").read_bytes()
    one = decode_json(body, endpoint="/tts/3/logs").results[0]
    page_class = type(decode_json(body, endpoint="/tts/3/logs"))
    return page_class(
        results=[one.replace(messageId=f"{index:06d}", duration=10) for index in range(count)]
    )


VOICE = "/tts/3/logs"


def test_equal_statuses_share_one_record_and_prices_keep_their_spelling() -> None:
    corpus = REPO / "tests" / "live_corpus" / "tts-logs"
    log = json.loads((corpus / "17-java-client-voice-logs-200-json.json").read_bytes())
    first = log["results"][0]
    other = {**first["status"], "description": first["status"]["description"] + "."}
    results = [
        {**first, "price": {**first["price"], "pricePerSecond": "@0.01@"}},
        {**first, "price": {**first["price"], "pricePerSecond": "@0.0100@"}},
        {**first, "status": other, "price": {**first["price"], "pricePerSecond": "@0.01@"}},
        {**first, "price": {**first["price"], "pricePerSecond": "@1@"}},
        {**first, "price": {**first["price"], "pricePerSecond": "@1.0@"}},
        {**first, "price": {**first["price"], "pricePerSecond": "@1@"}},
    ]
    body = re.sub(r'"@([0-9.]+)@"', r"\1", json.dumps({"results": results}))
    for streamed in (False, True):
        value = _fast_json(PROFILES["live"], "VoiceLogsResponse", body.encode(), streamed)
        assert value is not None
        assert value == _exact(PROFILES["live"], "VoiceLogsResponse", body.encode())
        one, two, three = value.results[:3]
        assert one.status is two.status  # equal: one record serves both
        assert three.status != one.status
        assert three.status.description == one.status.description + "."
        prices = [str(item.price.pricePerSecond) for item in value.results]
        assert prices == ["0.01", "0.0100", "0.01", "1", "1.0", "1"]
        assert one.price is three.price  # one spelling, one record
        assert value.results[3].price is not value.results[4].price


_MINUTES = st.integers(-(24 * 60 - 2), 24 * 60 - 2)
_OFFSETS = st.one_of(
    _MINUTES.map(lambda minutes: timedelta(minutes=minutes)),
    # Within a second of a whole minute: a fraction of a second in an offset is not whole.
    st.builds(
        lambda minutes, micros: timedelta(minutes=minutes, microseconds=micros),
        _MINUTES,
        st.integers(-999_999, 999_999),
    ),
    st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23)),
)
_ZONES = st.one_of(st.none(), st.just(UTC), _OFFSETS.map(timezone))


@given(st.datetimes(timezones=_ZONES), st.booleans())
def test_the_fast_date_text_is_the_exact_writers_or_none(value: datetime, millis: bool) -> None:
    # Both compiled writers spell dates with api_date_text: the exact writer's text, always
    # given for a fixed zone of whole minutes and whole milliseconds.
    if millis:
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    fast = api_date_text(value)
    try:
        exact: str | None = DATETIME.to_text(value)
    except ValueError:
        exact = None
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60 == 0 and offset.microseconds == 0 and millis:
        assert fast == exact
    else:
        assert fast is None or fast == exact
    if exact is not None:  # what is written reads back as the same instant, offset and all
        read = DATETIME.from_xml(exact)
        assert read == value
        assert read.utcoffset() == offset


def test_a_date_of_a_subclass_never_changes_how_its_zone_is_written() -> None:
    zone = timezone(timedelta(hours=7))

    class Shifted(datetime):
        def utcoffset(self) -> timedelta:
            return timedelta(hours=5)

    assert api_date_text(Shifted(2015, 2, 23, 17, 40, 31, 773000, zone)) is None
    plain = datetime(2015, 2, 23, 17, 40, 31, 773000, zone)
    assert api_date_text(plain) == DATETIME.to_text(plain) == "2015-02-23T17:40:31.773+0700"


def _date_nodes(contract: Contract) -> list[ScalarNode]:
    """Every date of every JSON payload of ``contract``."""
    found: list[ScalarNode] = []
    seen: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, ArrayNode):
            visit(node.item)
        elif isinstance(node, ObjectNode) and node.component not in seen:
            seen.add(node.component)
            for field in node.fields:
                visit(field.node)
        elif isinstance(node, ScalarNode) and node.lexical.python_type == "datetime":
            found.append(node)

    for name in contract.json_models():
        visit(object_node(contract, name))
    return found


def test_every_date_of_both_profiles_is_read_by_its_types_quick_reader() -> None:
    for contract in PROFILES.values():
        nodes = _date_nodes(contract)
        assert len(nodes) >= 5  # logs, reports, the inbox
        for node in nodes:
            quick = quick_date(contract, node)
            assert quick is not None
            assert quick is node.lexical.quick_read  # type: ignore[attr-defined]


# Strings near a date: the spec's own dates, with a character changed to one a lenient date
# parser might take (a 24th hour, a 60th offset minute, a week date, a comma, a non-ASCII
# digit, a space, a colon more or less, a longer fraction).
_NEAR = "0123456789+-:.,TZWz \u0661"
DOCUMENTED_DATE = PROFILES["documented"].component("InfobipDateTime")["pattern"]


@st.composite
def _near_dates(draw: st.DrawFn, pattern: str) -> str:
    text = draw(st.from_regex(pattern, fullmatch=True))
    change = draw(st.sampled_from(["none", "put", "insert", "delete", "hour", "offset"]))
    at = draw(st.integers(0, len(text)))
    char = draw(st.sampled_from(_NEAR))
    if change == "put":
        text = text[:at] + char + text[at + 1 :]
    elif change == "insert":
        text = text[:at] + char + text[at:]
    elif change == "delete":
        text = text[:at] + text[at + 1 :]
    elif change == "hour":
        text = text[:11] + draw(st.sampled_from(["24", "23", "00", "2", "240"])) + text[13:]
    elif change == "offset" and not text.endswith("Z"):  # its minutes
        text = text[:-2] + draw(st.sampled_from(["00", "59", "60", "75", "99"]))
    return text


def _first_date(profile: str) -> tuple[Any, st.SearchStrategy[str]]:
    """The first date field of ``profile``'s payloads (every one has its type's pattern), and
    texts near its dates."""
    node = _date_nodes(PROFILES[profile])[0]
    assert node.pattern is not None
    return node, _near_dates(node.pattern.pattern)


@pytest.mark.parametrize("profile", sorted(PROFILES))
@given(st.data())
def test_the_quick_date_reader_reads_exactly_what_the_spec_pattern_admits(
    profile: str, data: st.DataObject
) -> None:
    node, near = _first_date(profile)
    text = data.draw(near)
    quick = node.lexical.quick_read  # type: ignore[attr-defined]
    try:
        value = quick(text)
    except ValueError:
        # Refused: not a date of the pattern, or one the slow reader takes (7 to 9 digits).
        assert node.pattern.search(text) is None or re.search(r"\.[0-9]{7}", text)
        return
    assert node.pattern.search(text) is not None
    exact = node.lexical.from_json(text)
    assert (value, value.utcoffset(), value.microsecond) == (
        exact,
        exact.utcoffset(),
        exact.microsecond,
    )


@pytest.mark.parametrize("profile", sorted(PROFILES))
@given(st.data())
def test_a_pages_dates_are_proved_together_exactly_as_one_by_one(
    profile: str, data: st.DataObject
) -> None:
    # The proof of a page's dates at once (in C, where each has the API's own form) agrees with
    # the quick reader's test of each: a page of near dates, and of the API's own form with one
    # spoiled, both ways.
    node, near = _first_date(profile)
    own = st.from_regex(DOCUMENTED_DATE, fullmatch=True)
    late = own.map(lambda text: text[:11] + "24" + text[13:])  # read as the next midnight
    texts = data.draw(st.lists(st.one_of(own, late, near), max_size=12))
    proved = node.lexical.quick_proof(texts)  # type: ignore[attr-defined]
    assert proved == all(map(node.lexical.quick_test, texts))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "date",
    [
        "2015-02-23T24:00:00.000+0100",  # read as the next midnight by newer Pythons
        "2015-02-23T17:41:11.833+0160",  # read as +0200 by fromisoformat
        "2015-02-30T17:41:11.833+0100",
        "0000-02-23T17:41:11.833+0100",
        "2015-02-23T17:41:11,833+0100",
        "2015-02-23 17:41:11.833+0100",
        "2015-02-23T17:41:11.833+2400",
        "2015-02-23T17:41:11.833+01",
        "2015-02-23T29:41:11.833+0100",
        "2015-02-23T17:41:11.833-0199",
        "2015-02-23T17:41:11.833\u22120100",  # a minus sign, not a hyphen
        "2015-02-23T17:41:11.833+0100 ",
    ],
)
def test_a_date_a_lenient_parser_would_bend_is_refused_on_every_path(date: str) -> None:
    body = REPO / "tests" / "live_corpus" / "tts-logs" / "17-java-client-voice-logs-200-json.json"
    document = json.loads(body.read_bytes())
    document["results"][0]["sentAt"] = date
    spoiled = json.dumps(document).encode()
    for profile, contract in PROFILES.items():
        node = _date_nodes(contract)[0]
        valid = "2015-02-23T17:41:11.833+0100"
        assert node.lexical.quick_proof([valid] * 3)  # type: ignore[attr-defined]
        if node.lexical.quick_proof([valid, date, valid]):  # type: ignore[attr-defined]
            with pytest.raises(ValueError, match=r"range|Invalid|must be"):  # its calendar
                datetime.fromisoformat(date)
        for streamed in (False, True):
            assert _fast_json(contract, "VoiceLogsResponse", spoiled, streamed) is None
        with pytest.raises(ValidationError) as raised:
            decode_json(spoiled, endpoint=VOICE, profile=profile)
        assert "/results/0/sentAt" in str(raised.value)


# --------------------------------------------------------------------------- XML


@st.composite
def _xml_documents(draw: st.DrawFn) -> tuple[Contract, str, str, bytes]:
    profile, path, status, _ = draw(st.sampled_from(CASES))
    contract = PROFILES[profile]
    return contract, path, status, draw(xml_documents(path, status, contract=contract))


def _both_xml(contract: Contract, path: str, status: str, body: bytes) -> tuple[Any, Any]:
    """The compiled reader's record and the exact walk's (``None`` for anything it reports);
    the streaming reader, where it reads the page, gives the compiled reader's record too."""
    root = parse_xml(body)
    candidates = root_candidates(contract, contract.operation(path), status, root)
    fast = fast_decode_xml(contract, candidates[0], root, body, DEFAULT_LIMITS)
    streamed = stream_decode_xml(contract, candidates[0], xml_bytes(body), DEFAULT_LIMITS)
    if streamed is not None:
        assert streamed == fast
        assert type(streamed) is type(fast)
    # The tree without blank text between elements, which decode_xml reads first: what its
    # reader reads is what the reader of the whole tree reads.
    blankless = parse_blankless(xml_bytes(body))
    if blankless is not None:
        found = root_candidates(contract, contract.operation(path), status, blankless)
        assert found == candidates
        from_blankless = fast_decode_xml(contract, found[0], blankless, body, DEFAULT_LIMITS)
        if from_blankless is not None:
            assert from_blankless == fast
            assert type(from_blankless) is type(fast)
            fast = from_blankless
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ContractWarning)
            exact = from_xml_element(contract, candidates[0], root, RECORDS, strict=True)
    except Exception:
        exact = None
    return fast, exact


@pytest.mark.parametrize(
    ("spelled", "text"),
    [
        (b" <![CDATA[x]]> ", " x "),
        (b" <!--c--> ", "  "),
        (b" <?pi x?> ", "  "),
        (b"   ", "   "),
        (b"a  b", "a  b"),
    ],
)
def test_blanks_inside_a_value_are_kept_on_every_path(spelled: bytes, text: str) -> None:
    # The blankless tree drops blanks beside a comment, a CDATA section or an instruction
    # inside a value: such documents are never read from it.
    page = encode_xml(_voice_page(2), pretty=True)
    text_element = re.search(rb"<text>[^<]*</text>", page)
    assert text_element is not None
    body = page.replace(text_element.group(), b"<text>" + spelled + b"</text>", 1)
    value = decode_xml(body, endpoint=VOICE)
    assert value.results[0].text == text
    if b"!" in spelled or b"?" in spelled:
        assert parse_blankless(body) is None
    else:
        assert parse_blankless(body) is not None


@given(_xml_documents())
def test_the_compiled_reader_gives_the_exact_record_or_none(
    case: tuple[Contract, str, str, bytes],
) -> None:
    fast, exact = _both_xml(*case)
    if fast is not None:
        assert fast == exact
        assert _laid_out(fast)


@given(_xml_documents(), st.data())
def test_the_compiled_reader_never_accepts_a_mutation_the_walk_refuses(
    case: tuple[Contract, str, str, bytes], data: st.DataObject
) -> None:
    contract, path, status, body = case
    spans = [(i, body.index(b">", i) + 1) for i in range(len(body)) if body[i : i + 1] == b"<"]
    start, end = data.draw(st.sampled_from(spans))
    inner = body[end : body.find(b"<", end)] if body.find(b"<", end) > 0 else b""
    mutation = data.draw(
        st.sampled_from(
            [
                body[:end] + b"x" + body[end:],  # text where none belongs, or a changed value
                body[:end] + body[start:end] + body[end:],  # an element opened twice
                body[:end] + b"<zz/>" + body[end:],  # an unknown element
                body[:end] + body[end + len(inner) :],  # a value emptied
                body[:end] + b" " + body[end:],  # a space before a value
                body[:end] + b"<!--c-->" + body[end:],  # a comment
                body[:end] + b" <!--c--> " + body[end:],  # blanks beside a comment
                body[:end] + b" <![CDATA[x]]> " + body[end:],  # blanks beside a CDATA section
                body[:end] + b" <?pi x?> " + body[end:],  # blanks beside an instruction
                body[:end] + b"\n  " + body[end:],  # a blank line
            ]
        )
    )
    try:
        parse_xml(mutation)
    except Exception:
        return  # not well-formed: no reader sees it
    fast, exact = _both_xml(contract, path, status, mutation)
    if fast is not None:
        assert fast == exact


@given(st.sampled_from(CASES).flatmap(lambda c: models(*c[1:3], contract=PROFILES[c[0]])))
def test_the_compiled_xml_writer_gives_lxmls_bytes_or_none(value: Record) -> None:
    for shape in xml_shapes(value):
        for root in (shape.xml_root, *shape.xml_root_aliases):
            for declaration in (True, False):
                fast = fast_encode_xml(shape, value, root, pretty=False, declaration=declaration)
                if fast is not None:
                    exact = etree.tostring(
                        to_xml_element(shape, value, root),
                        encoding="UTF-8",
                        xml_declaration=declaration,
                    )
                    assert fast == exact


def test_the_compiled_xml_writer_escapes_as_lxml_does() -> None:
    log = decode_json(
        (REPO / "tests/live_corpus/tts-logs/17-java-client-voice-logs-200-json.json").read_bytes(),
        endpoint="/tts/3/logs",
    )
    first = log.results[0]
    for text in ["a&b<c>d\"e'f", "x\ry\tz\nw", "", "é€😀", "]]>"]:
        value = type(log)(results=[first.replace(text=text)])
        shape = xml_shapes(value)[0]
        fast = fast_encode_xml(shape, value, shape.xml_root, pretty=False, declaration=True)
        assert fast == encode_xml(value, pretty=False)
        assert fast == etree.tostring(
            to_xml_element(shape, value, None), encoding="UTF-8", xml_declaration=True
        )
