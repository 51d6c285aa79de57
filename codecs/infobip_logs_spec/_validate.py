"""Validation of payloads and requests: is this what the contract says?

A valid payload costs about a parse: JSON is parsed by orjson and checked by jsonschema-rs, XML
is parsed safely and checked by libxml2 against the generated XSD, each validator compiled once
per process. Only a payload that fails that check is walked again, by the decoders' walk, to
explain every problem in the spec's vocabulary: JSON Pointer always, and for XML also the
XPath and the line. The generated schemas and the walk express one contract; should they ever
disagree on a payload, the schema's own messages are reported, so nothing passes silently.
"""

from __future__ import annotations

import codecs
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any, cast
from urllib.parse import urlsplit

import jsonschema_rs
import msgspec
import orjson
from lxml import etree

from ._codec import unlisted_status
from ._contract import SCHEMA_FOLDERS, Contract, Operation, contract_for
from ._errors import DecodeError, PathPart, Severity, UsageError, ValidationError
from ._json_codec import from_json_document
from ._json_lines import add_lines
from ._problems import Problems
from ._request import iter_request_errors
from ._resources import read_bytes
from ._safe_parse import (
    DEFAULT_LIMITS,
    Limits,
    fast_json_allowed,
    no_cyclic_gc,
    parse_json,
    parse_xml_bytes,
    read_file,
    xml_bytes,
)
from ._shape import ObjectNode, object_node, shape_traits
from ._xml_codec import from_xml_element, root_candidates, unexpected_root

__all__ = [
    "Payload",
    "is_valid",
    "iter_errors",
    "read_payload",
    "sniff",
    "validate",
    "validate_request",
]

JSON = "application/json"
XML = "application/xml"


@dataclass(frozen=True)
class Payload:
    """A body to validate, with what its source says about it (a response knows more)."""

    body: bytes
    media_type: str | None = None
    status: int | None = None
    endpoint: str | None = None


def _media_type(header: str | None) -> str | None:
    if not header:
        return None
    media = header.split(";", 1)[0].strip().lower()
    if media in (JSON, "text/json") or media.endswith("+json"):
        return JSON
    if media in (XML, "text/xml") or media.endswith("+xml"):
        return XML
    return media


def sniff(body: bytes) -> str:
    """XML when the body starts with ``<`` (after blanks, in UTF-8, -16 or -32); else JSON."""
    for bom in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if body.startswith(bom):
            return XML  # JSON is UTF-8 only; a wide byte order mark can only be XML's
    start = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return XML if start == b"<" else JSON


def read_payload(payload: Any, limits: Limits = DEFAULT_LIMITS) -> Payload:
    """Bytes, text, parsed JSON, a path, or a ``requests``/``httpx`` response, as a ``Payload``.

    Text is always the document, never a file name: a caller passing ``response.text`` must not
    let the remote side pick a local file. A file is named by an ``os.PathLike`` (``Path``), and
    is read only when regular, and only up to ``limits.max_bytes``. A ``dict`` or ``list`` (what
    ``response.json()`` gives) is written back as JSON, so it is judged as its JSON text.
    From a response, the status, the media type and the endpoint (the path of the request URL)
    are read too.
    """
    if isinstance(payload, Payload):
        return payload
    if isinstance(payload, bytes | bytearray | memoryview):
        return Payload(bytes(payload))
    if isinstance(payload, str):
        return Payload(payload.encode("utf-8", "surrogatepass"))
    if isinstance(payload, os.PathLike):
        return Payload(read_file(payload, limits))
    if isinstance(payload, dict | list):
        try:
            return Payload(_json_text(payload), media_type=JSON)
        except (TypeError, ValueError, msgspec.EncodeError) as error:
            raise TypeError(
                f"cannot write this {type(payload).__name__} as JSON: {error}"
            ) from None
    if hasattr(payload, "status_code") and hasattr(payload, "content"):
        url = getattr(payload, "url", None)
        return Payload(
            bytes(payload.content),
            media_type=_media_type(payload.headers.get("content-type")),
            status=int(payload.status_code),
            endpoint=urlsplit(str(url)).path or None if url is not None else None,
        )
    raise TypeError(
        f"cannot validate a {type(payload).__name__}: give bytes, text, parsed JSON, a Path "
        "or a response"
    )


_JSON_WRITER = msgspec.json.Encoder(decimal_format="number")  # Decimals keep their spelling


def _json_text(document: Any) -> bytes:
    return _JSON_WRITER.encode(document)


class _VerdictOnly:
    """A validator needs the problems, not the records: its walks build none (a hundred
    thousand records would cost more than the walk that checks them)."""

    def make(
        self, contract: Contract, node: ObjectNode, values: dict[str, Any], unknown: dict[str, Any]
    ) -> None:
        return None

    def made(self, contract: Contract, node: ObjectNode, value: Any) -> bool:
        return False


VERDICT_ONLY = _VerdictOnly()


# --------------------------------------------------------------------------- compiled checks


def _shipped(contract: Contract, strict: bool) -> tuple[str, ...] | None:
    """Where the schema files of ``contract`` are, or ``None`` when they must be generated: a
    caller's own contract, or the strict variant of a profile with expected fields (the shipped
    files are what the profile accepts; ``strict`` also requires every ``x-expected`` field)."""
    if contract.profile is None or (strict and contract.profile != "documented"):
        return None
    return ("schemas", *SCHEMA_FOLDERS[contract.profile])


@cache
def _json_check(contract: Contract, operation_id: str, status: str, strict: bool = False) -> Any:
    """The compiled JSON Schema of an answer. The fast path asks the ``strict`` one, which says
    yes only to what has no warning; the other judges what is left once warnings are set aside."""
    name = contract.operation(operation_id).payloads(status, JSON)[0].name
    folder = _shipped(contract, strict)
    if folder is not None:
        schema = orjson.loads(read_bytes(*folder, "json", f"{name}.json"))
    else:
        from ._jsonschema_gen import json_schema

        schema = json_schema(contract, name, strict=strict)
    return jsonschema_rs.validator_for(schema)


_thread = threading.local()


def _xml_check(contract: Contract, name: str, strict: bool = False) -> etree.XMLSchema:
    """The compiled XSD, one per thread: an ``XMLSchema`` keeps the error log of its last run,
    which another thread would otherwise reset between ``validate`` and reading the log."""
    compiled: dict[tuple[Contract, str, bool], etree.XMLSchema] = _thread.__dict__.setdefault(
        "schemas", {}
    )
    key = (contract, name, strict)
    if key not in compiled:
        compiled[key] = etree.XMLSchema(etree.fromstring(_xsd_text(contract, name, strict)))
    return compiled[key]


@cache
def _xsd_text(contract: Contract, name: str, strict: bool) -> bytes:
    folder = _shipped(contract, strict)
    if folder is not None:
        return read_bytes(*folder, "xml", f"{name}.xsd")
    from ._xsd_gen import xsd

    return xsd(contract, name, strict=strict).encode("utf-8")


# --------------------------------------------------------------------------- the fast paths
#
# A schema engine's "valid" is trusted only where it judges exactly as the decoders do. Where
# it cannot (a number's exact value, a long spelling, an attribute XSD always allows, a map's
# free element names) or where it would cost too much (libxml2 spends time in the number of
# siblings for every error it reports, so a wide, broken document would take minutes), the
# decoders' walk judges instead. Every route gives the same verdict; only its cost differs.


class _InexactNumberError(Exception):
    """A number whose float reading may differ from its exact value: let the walk judge."""


# A float keeps 15 significant digits exactly, so a spelling of up to 16 characters of digits
# and a point (sign apart) has the value it says: whole only if its text is.
FLOAT_EXACT_LENGTH = 16


@cache
def _json_reader(limits: Limits) -> msgspec.json.Decoder[Any]:
    longest = min(FLOAT_EXACT_LENGTH, limits.max_number_length)

    def exact_float(text: str) -> float:
        if len(text.lstrip("-")) > longest or "e" in text or "E" in text:
            raise _InexactNumberError
        return float(text)

    return msgspec.json.Decoder(float_hook=exact_float)


def _fast_json(body: bytes, limits: Limits) -> Any:
    """The document, or ``None`` when the walk must judge it."""
    if not fast_json_allowed(body, limits):
        return None
    try:
        with no_cyclic_gc():
            return _json_reader(limits).decode(body)
    except (
        msgspec.DecodeError,
        msgspec.ValidationError,
        _InexactNumberError,
        ValueError,
        RecursionError,
    ):
        return None


def _drop(document: Any, path: tuple[PathPart, ...]) -> None:
    """Remove the member at ``path`` (an unknown field the walk named) from a parsed document."""
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    if isinstance(parent, dict):
        parent.pop(path[-1], None)


def _check_json(
    contract: Contract, operation: Operation, status: str, body: bytes, strict: bool, limits: Limits
) -> list[ValidationError]:
    problems = _json_problems(contract, operation, status, body, strict, limits)
    if problems and not isinstance(problems[0], DecodeError):
        add_lines(body.decode("utf-8", "replace"), problems)
    return problems


def _json_problems(
    contract: Contract, operation: Operation, status: str, body: bytes, strict: bool, limits: Limits
) -> list[ValidationError]:
    fast = _json_check(contract, operation.operationId, status, True)
    document = _fast_json(body, limits)
    if document is not None and fast.is_valid(document):
        return []
    judge = _json_check(contract, operation.operationId, status)
    # The profile's schema says yes where only tolerances stand between the document and the
    # strict one: no error, so the walk need only name the first warnings.
    no_error = not strict and document is not None and judge.is_valid(document)
    try:
        parsed = parse_json(body, limits)
    except DecodeError as error:
        return [error]
    problems = Problems(strict=strict, limits=limits, warnings_only=no_error)
    model = operation.payloads(status, JSON)[0].name
    from_json_document(contract, object_node(contract, model), parsed, VERDICT_ONLY, problems)
    if no_error or problems.warnings_uncounted:
        return problems.sorted()
    if problems.error_count == 0 and not problems.truncated and document is not None:
        # The walk only warned; of its warnings the profile's schema refuses unknown fields
        # alone (its objects are closed; it accepts the tolerated spellings). Without every
        # unknown field, shown or only counted, it must say yes, or its verdict stands.
        for path in problems.unknown_nodes:
            _drop(document, path)
        if judge.is_valid(document):
            return problems.sorted()
        said = islice(judge.iter_errors(document), limits.max_problems)
        return [
            *problems.sorted(),
            *(ValidationError(e.message, path=list(e.instance_path)) for e in said),
        ]
    return problems.sorted()


# The largest page the API returns holds 1000 records; past these, the walk judges first.
FAST_XML_MAX_CHILDREN = 1100
FAST_XML_MAX_ELEMENTS = 100_000
_count_elements = etree.XPath("count(//*)")
_has_attributes = etree.XPath("boolean(//@*)")


def _schema_may_judge(raw: bytes, root: etree._Element, node: ObjectNode, limits: Limits) -> bool:
    traits = shape_traits(node)
    if traits.has_map:
        return False
    # XSD always allows xsi: attributes, which the walk refuses; an attribute needs a "=",
    # whatever character references spell its namespace with.
    if b"=" in raw and _has_attributes(root):
        return False
    try:
        if cast(float, _count_elements(root)) > FAST_XML_MAX_ELEMENTS:
            return False
    except etree.XPathEvalError:  # libxml2's own bound on node sets: far too wide to judge
        return False
    numbers = traits.xml_number_names
    for element in root.iter(*traits.xml_container_names, *numbers):
        if len(element) > FAST_XML_MAX_CHILDREN:
            return False
        if element.tag in numbers and len(element.text or "") > limits.max_number_length:
            return False
    return True


def _schema_says_yes(schema: etree.XMLSchema, root: etree._Element, node: ObjectNode) -> bool:
    """The XSD's verdict on the document read as the walk reads it: aliases (``smsCount``, an
    item's ``<results>``, a root's ``voiceLogsResponse``) by their canonical names, which alone
    the XSD knows. The tree is left as it was found."""
    renamed: list[tuple[etree._Element, str]] = []
    if root.tag != node.xml_root:
        renamed.append((root, str(root.tag)))
        root.tag = node.xml_root
    for alias, (name, parents) in shape_traits(node).xml_aliases.items():
        for element in root.iter(alias):
            parent = element.getparent()
            if parent is not None and parent.tag in parents:
                renamed.append((element, alias))
                element.tag = name
    try:
        return bool(schema.validate(root))
    finally:
        for element, alias in renamed:
            element.tag = alias


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)  # its tail is whitespace, or the walk reported an error


def _check_xml(
    contract: Contract, operation: Operation, status: str, body: bytes, strict: bool, limits: Limits
) -> list[ValidationError]:
    try:
        raw = xml_bytes(body, limits)
        root = parse_xml_bytes(raw)
    except DecodeError as error:
        return [error]
    candidates = root_candidates(contract, operation, status, root)
    if not candidates:
        return [unexpected_root(contract, operation, status, root)]
    no_error: ObjectNode | None = None
    for node in candidates:
        if not _schema_may_judge(raw, root, node, limits):
            continue
        if _schema_says_yes(_xml_check(contract, node.component, True), root, node):
            return []
        # As for JSON: the profile's schema says yes, so the walk need only name the first
        # warnings.
        profile_schema = _xml_check(contract, node.component)
        if no_error is None and not strict and _schema_says_yes(profile_schema, root, node):
            no_error = node
    if no_error is not None:
        problems = Problems(strict=False, limits=limits, warnings_only=True)
        from_xml_element(contract, no_error, root, VERDICT_ONLY, problems)
        return problems.sorted()
    # A shared root name: the shape the content fits, else the one with the fewest errors.
    judged: list[tuple[int, list[ValidationError]]] = []
    for node in candidates:
        found = _explain_xml(contract, node, root, strict, limits)
        errors = sum(problem.severity is Severity.ERROR for problem in found)
        if not errors:
            return found
        judged.append((errors, found))
    return min(judged, key=lambda each: each[0])[1]


def _explain_xml(
    contract: Contract, node: ObjectNode, root: etree._Element, strict: bool, limits: Limits
) -> list[ValidationError]:
    problems = Problems(strict=strict, limits=limits)
    from_xml_element(contract, node, root, VERDICT_ONLY, problems)
    if problems.error_count or problems.truncated:
        return problems.sorted()
    # Unknown elements are warnings here and errors to the closed schema: without them the
    # profile's schema must say yes (unless it cannot judge this shape), or its verdict stands.
    # The tree is the caller's parsed copy, read by nothing after this.
    for element in problems.unknown_nodes:
        _remove(element)
    schema = _xml_check(contract, node.component)
    if shape_traits(node).has_map or _schema_says_yes(schema, root, node):
        return problems.sorted()
    said = islice(cast(Iterable[Any], schema.error_log), limits.max_problems)
    return [
        *problems.sorted(),
        *(ValidationError(e.message, xpath=e.path or None, line=e.line) for e in said),
    ]


def iter_errors(
    payload: Any,
    *,
    endpoint: str | None = None,
    status: int | str | None = None,
    media_type: str | None = None,
    profile: str | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    contract: Contract | None = None,
) -> Iterator[ValidationError]:
    """Every problem of a payload, in document order; none for a valid one.

    ``endpoint`` is the path (``/tts/3/logs``) or the ``operationId``; a response object
    supplies it (from its request URL), the status and the media type, which otherwise default
    to 200 and to what the body starts with. ``profile`` is ``"live"`` (the default: what the
    API is known to send) or ``"documented"`` (the documentation pages exactly). What the
    profile only tolerates (a field no source names, a missing expected field, a tolerated
    spelling) is a problem of severity ``"warning"``, or ``"error"`` when ``strict``.
    Not-well-formed or hostile input is one ``DecodeError``.
    """
    contract = contract_for(contract, profile)
    source = read_payload(payload, limits)
    endpoint = endpoint or source.endpoint
    if endpoint is None:
        raise UsageError("give the endpoint: its path or operationId")
    operation = contract.operation(endpoint)
    status = str(status if status is not None else (source.status or 200))
    media = _media_type(media_type) or source.media_type or sniff(source.body)
    unlisted = unlisted_status(operation, status)
    if unlisted is not None:
        yield unlisted
        return
    operation.payloads(status, media)  # a usage error for a status or media type not in the spec
    check = _check_json if media == JSON else _check_xml
    yield from check(contract, operation, status, source.body, strict, limits)


def validate(payload: Any, **options: Any) -> list[ValidationError]:
    """Raise one ``ValidationError`` listing every error (in ``.errors``); return the warnings.

    Takes the same arguments as ``iter_errors``.
    """
    problems = list(iter_errors(payload, **options))
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        raise ValidationError.of(errors)
    return problems


def is_valid(payload: Any, **options: Any) -> bool:
    """Whether the payload has no error (warnings allowed); same arguments as ``iter_errors``."""
    problems = iter_errors(payload, **options)
    return not any(problem.severity is Severity.ERROR for problem in problems)


def validate_request(
    request: str, *, profile: str | None = None, contract: Contract | None = None
) -> None:
    """Raise one ``ValidationError`` listing every problem of a request line, if any.

    ``"GET /omni/1/logs?limit=5000&channel=FAX"``: the method (GET by default), the path and
    each query parameter are checked; see ``iter_request_errors`` for the problems one by one.
    """
    errors = list(iter_request_errors(request, profile=profile, contract=contract))
    if errors:
        raise ValidationError.of(errors)
