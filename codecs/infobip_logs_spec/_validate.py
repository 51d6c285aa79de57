"""Validation of payloads and requests: is this what the contract says?

A valid payload costs about a parse: JSON is parsed by orjson and checked by jsonschema-rs, XML
is parsed safely and checked by libxml2 against the generated XSD, each validator compiled once
per process. Only a payload that fails that check is walked again, by the decoders' walk, to
explain every problem in the spec's vocabulary: JSON Pointer always, and for XML also the
XPath and the line. The generated schemas and the walk express one contract; should they ever
disagree on a payload, the schema's own messages are reported, so nothing passes silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import jsonschema_rs
import orjson
from lxml import etree

from ._contract import Contract, Operation, load_contract
from ._errors import DecodeError, SpecError, ValidationError
from ._json_codec import from_json_document
from ._problems import Problems
from ._request import iter_request_errors
from ._resources import read_bytes
from ._safe_parse import DEFAULT_LIMITS, Limits, parse_json, parse_xml
from ._shape import object_node, payload_node
from ._xml_codec import from_xml_element, line_of

__all__ = ["Payload", "is_valid", "iter_errors", "read_payload", "validate", "validate_request"]

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


def _sniff(body: bytes) -> str:
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return XML if start == b"<" else JSON


def read_payload(payload: Any) -> Payload:
    """Bytes, text, a path, or a ``requests``/``httpx`` response, as a ``Payload``.

    Text that starts like JSON or XML is the document; other text, and any ``os.PathLike``,
    names a file. From a response, the status, the media type and the endpoint (the path of
    the request URL) are read too.
    """
    if isinstance(payload, Payload):
        return payload
    if isinstance(payload, bytes | bytearray | memoryview):
        return Payload(bytes(payload))
    if isinstance(payload, str):
        if payload.lstrip("\ufeff \t\r\n")[:1] in ("{", "[", "<"):
            return Payload(payload.encode("utf-8"))
        return Payload(Path(payload).read_bytes())
    if isinstance(payload, os.PathLike):
        return Payload(Path(payload).read_bytes())
    if hasattr(payload, "status_code") and hasattr(payload, "content"):
        url = getattr(payload, "url", None)
        return Payload(
            bytes(payload.content),
            media_type=_media_type(payload.headers.get("content-type")),
            status=int(payload.status_code),
            endpoint=urlsplit(str(url)).path or None if url is not None else None,
        )
    raise TypeError(
        f"cannot validate a {type(payload).__name__}: give bytes, text, a path or a response"
    )


# --------------------------------------------------------------------------- compiled checks


@cache
def _json_check(contract: Contract, operation_id: str, status: str) -> Any:
    name = contract.operation(operation_id).payloads(status, JSON)[0].name
    if contract is load_contract():
        schema = orjson.loads(read_bytes("schemas", "json", f"{name}.json"))
    else:  # a contract given by the caller: generate its schema
        from ._jsonschema_gen import json_schema

        schema = json_schema(contract, name)
    return jsonschema_rs.validator_for(schema)


@cache
def _xml_check(contract: Contract, name: str) -> etree.XMLSchema:
    if contract is load_contract():
        text = read_bytes("schemas", "xml", f"{name}.xsd")
    else:
        from ._xsd_gen import xsd

        text = xsd(contract, name).encode("utf-8")
    return etree.XMLSchema(etree.fromstring(text))


# --------------------------------------------------------------------------- validation


def _check_json(
    contract: Contract, operation: Operation, status: str, body: bytes, strict: bool, limits: Limits
) -> list[ValidationError]:
    fast = _json_check(contract, operation.operationId, status)
    document: Any = None
    if len(body) <= limits.max_bytes:
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            document = None
        else:
            if fast.is_valid(document):
                return []
    try:
        parsed = parse_json(body, limits)
    except DecodeError as error:
        return [error]
    problems = Problems(strict=strict)
    model = operation.payloads(status, JSON)[0].name
    from_json_document(contract, object_node(contract, model), parsed, problems)
    if not problems.items and document is not None:
        return [
            ValidationError(e.message, path=list(e.instance_path))
            for e in fast.iter_errors(document)
        ]
    return problems.sorted()


def _check_xml(
    contract: Contract, operation: Operation, status: str, body: bytes, strict: bool, limits: Limits
) -> list[ValidationError]:
    try:
        root = parse_xml(body, limits)
    except DecodeError as error:
        return [error]
    shapes = operation.payloads(status, XML)
    shape = next((s for s in shapes if s.xml_root == root.tag), None)
    if shape is None:
        expected = " or ".join(f"<{s.xml_root}>" for s in shapes)
        message = f"unexpected root element <{root.tag}>; expected {expected}"
        return [ValidationError(message, xpath=f"/{root.tag}", line=line_of(root))]
    fast = _xml_check(contract, shape.name)
    if fast.validate(root):
        return []
    problems = Problems(strict=strict)
    model = operation.payloads(status, JSON)[0].name
    from_xml_element(contract, payload_node(contract, shape.name, model), root, problems)
    if not problems.items:
        return [
            ValidationError(entry.message, xpath=entry.path or None, line=entry.line)
            for entry in cast(Iterable[Any], fast.error_log)
        ]
    return problems.sorted()


def iter_errors(
    payload: Any,
    *,
    endpoint: str | None = None,
    status: int | str | None = None,
    media_type: str | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    contract: Contract | None = None,
) -> Iterator[ValidationError]:
    """Every problem of a payload, in document order; none for a valid one.

    ``endpoint`` is the path (``/tts/3/logs``) or the ``operationId``; a response object
    supplies it (from its request URL), the status and the media type, which otherwise default
    to 200 and to what the body starts with. A field the spec does not name is a problem of
    severity ``"warning"``, or ``"error"`` when ``strict``. Not-well-formed or hostile input is
    one ``DecodeError``.
    """
    contract = contract or load_contract()
    source = read_payload(payload)
    endpoint = endpoint or source.endpoint
    if endpoint is None:
        raise SpecError("give the endpoint: its path or operationId")
    operation = contract.operation(endpoint)
    status = str(status if status is not None else (source.status or 200))
    media = _media_type(media_type) or source.media_type or _sniff(source.body)
    operation.payloads(status, media)  # a usage error for a status or media type not in the spec
    check = _check_json if media == JSON else _check_xml
    yield from check(contract, operation, status, source.body, strict, limits)


def validate(payload: Any, **options: Any) -> list[ValidationError]:
    """Raise one ``ValidationError`` listing every error (in ``.errors``); return the warnings.

    Takes the same arguments as ``iter_errors``.
    """
    problems = list(iter_errors(payload, **options))
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise ValidationError.of(errors)
    return problems


def is_valid(payload: Any, **options: Any) -> bool:
    """Whether the payload has no error (warnings allowed); same arguments as ``iter_errors``."""
    return not any(problem.severity == "error" for problem in iter_errors(payload, **options))


def validate_request(request: str, *, contract: Contract | None = None) -> None:
    """Raise one ``ValidationError`` listing every problem of a request line, if any.

    ``"GET /omni/1/logs?limit=5000&channel=FAX"``: the method (GET by default), the path and
    each query parameter are checked; see ``iter_request_errors`` for the problems one by one.
    """
    errors = list(iter_request_errors(request, contract=contract))
    if errors:
        raise ValidationError.of(errors)
