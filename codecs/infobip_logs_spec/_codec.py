"""The public codec functions: bytes of either format ⇄ the typed model, for any operation.

Which schema a document follows comes from the contract: the operation (path or
``operationId``), the status, and, for XML, the root element. A value decoded from XML is an
instance of the JSON payload's class, so both formats of one answer decode to equal values.
"""

from __future__ import annotations

import re
from typing import Any, cast

from lxml import etree

from . import _limits as limits_module
from ._contract import Contract, Operation, PayloadSchema, contract_for
from ._errors import EncodeError, ValidationError
from ._json_codec import from_json_document, to_json_text
from ._json_lines import add_lines
from ._json_structs import fast_decode_json
from ._json_writers import fast_encode_json
from ._model import RECORDS, Record
from ._problems import Problems
from ._safe_parse import (
    DEFAULT_LIMITS,
    Limits,
    lone_surrogate_path,
    parse_blankless,
    parse_json,
    parse_xml_bytes,
    xml_bytes,
)
from ._shape import ObjectNode, object_node, payload_node
from ._xml_codec import from_xml_element, root_candidates, to_xml_element, unexpected_root
from ._xml_readers import fast_decode_xml, stream_decode_xml
from ._xml_writers import fast_encode_xml

__all__ = [
    "decode_json",
    "decode_xml",
    "encode_json",
    "encode_xml",
    "unlisted_status",
    "xml_shapes",
]

JSON = "application/json"
XML = "application/xml"
HTTP_STATUS = re.compile(r"^[1-5][0-9][0-9]\Z")


def unlisted_status(operation: Operation, status: str) -> ValidationError | None:
    """The fault of an answer whose HTTP status the contract does not list: one the API may
    well send, so a fault of the answer, not of the call (a status that is no HTTP status at
    all stays a usage error)."""
    if operation.response_key(status) is not None or not HTTP_STATUS.match(status):
        return None
    listed = ", ".join(operation.responses)
    return ValidationError(
        f"HTTP {status} is not an answer of {operation.path} in this contract (it lists {listed})"
    )


def _document(data: Any, reader: str) -> bytes | str:
    """The text a decoder reads: bytes or text, the document itself, never a file name."""
    if isinstance(data, bytes | str):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    opens = hasattr(data, "__fspath__")
    hint = " (read the file yourself: a decoder never opens one)" if opens else ""
    raise TypeError(
        f"{reader} reads a document as bytes or text, not a {type(data).__name__}{hint}"
    )


def _answer(contract: Contract, endpoint: str, status: int | str | None) -> tuple[Operation, str]:
    operation = contract.operation(endpoint)
    code = "200" if status is None else str(status)
    refused = unlisted_status(operation, code)
    if refused is not None:
        raise refused
    operation.payloads(code, JSON)  # a usage error for a status the spec cannot have
    return operation, code


def _json_payload(contract: Contract, endpoint: str, status: int | str | None) -> PayloadSchema:
    operation, code = _answer(contract, endpoint, status)
    return operation.payloads(code, JSON)[0]


def _record(value: Any, function: str) -> None:
    if not isinstance(value, Record):
        raise TypeError(
            f"{function} writes a record (of infobip_logs_spec.models, or decoded), not a "
            f"{type(value).__name__}; build one with the model's class, e.g. "
            "VoiceLogsResponse(results=[...])"
        )


def decode_json(
    data: bytes | str,
    *,
    endpoint: str,
    status: int | str | None = 200,
    profile: str | None = None,
    strict: bool = False,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    contract: Contract | None = None,
) -> Record:
    """Read a JSON answer of ``endpoint`` into its model, judged by ``profile`` (``"live"``,
    the default, or ``"documented"``).

    Raises ``DecodeError`` for input that is not JSON or breaks a limit, ``ValidationError``
    (with the JSON Pointer of the fault) for JSON that does not follow the contract. What the
    profile only tolerates (a member no source names, kept in ``Record.unknown_fields``; a
    missing expected field; a tolerated spelling) is one ``ContractWarning``, or an error with
    ``strict``. With ``lenient``, the faults the vendor's own examples have (trailing commas, a
    missing closing brace) are repaired and each repair is reported as a ``LenientWarning``.
    """
    data = _document(data, "decode_json")
    contract = contract_for(contract, profile)
    payload = _json_payload(contract, endpoint, status)
    fast = fast_decode_json(contract, payload.name, data, limits)
    if fast is not None:
        return fast  # valid with no warning: proved by its compiled Structs
    document = parse_json(data, limits, lenient=lenient)
    node = object_node(contract, payload.name)
    try:
        record: Record = from_json_document(
            contract, node, document, RECORDS, limits=limits, strict=strict
        )
    except ValidationError as error:
        text = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
        add_lines(text, error.errors)
        error.line = error.errors[0].line
        raise
    return record


def encode_json(value: Record, *, indent: int | None = None) -> bytes:
    """The JSON form of a record, UTF-8, compact unless ``indent`` is given."""
    _record(value, "encode_json")
    node = value._shape()
    fast = fast_encode_json(node, value, indent)
    if fast is not None:
        return fast
    text = to_json_text(node, value, indent)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise EncodeError(
            "a string holds an unpaired surrogate, which UTF-8 cannot carry",
            path=lone_surrogate_path(value.to_dict(), ()) or (),
        ) from None


def decode_xml(
    data: bytes | str,
    *,
    endpoint: str,
    status: int | str | None = 200,
    profile: str | None = None,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    contract: Contract | None = None,
) -> Record:
    """Read an XML answer of ``endpoint`` into its model, whichever shape of ``profile`` it has.

    Raises ``DecodeError`` for input that is not well-formed, declares a document type or
    breaks a limit, ``ValidationError`` (with XPath, line and JSON Pointer) for XML that does
    not follow the contract. Tolerances are warned or refused as by ``decode_json``.
    """
    data = _document(data, "decode_xml")
    contract = contract_for(contract, profile)
    operation, status = _answer(contract, endpoint, status)
    raw = xml_bytes(data, limits)
    streamed = _streamed(contract, operation, status, raw, limits)
    if streamed is not None:
        return streamed  # a page valid with no warning, read while parsed
    # The compiled reader reads the tree without blank text between elements where there is
    # one (faster), else the whole tree; the walks always read the whole tree.
    blankless = parse_blankless(raw)
    tree = blankless if blankless is not None else parse_xml_bytes(raw)
    candidates = root_candidates(contract, operation, status, tree)
    if candidates:
        fast = fast_decode_xml(contract, candidates[0], tree, data, limits)
        if fast is not None:
            return fast  # valid with no warning, as its compiled reader found it
    root = tree if blankless is None else parse_xml_bytes(raw)
    candidates = root_candidates(contract, operation, status, root)
    if not candidates:
        raise unexpected_root(contract, operation, status, root)
    for node in candidates[:-1]:  # a shared root name: the first shape the content fits
        trial = Problems(strict=strict, limits=limits)
        found = from_xml_element(contract, node, root, RECORDS, trial)
        if trial.error_count == 0 and not trial.truncated:
            trial.raise_errors(stacklevel=3)  # warns of its warnings
            return cast(Record, found)
    last: Record = from_xml_element(
        contract, candidates[-1], root, RECORDS, limits=limits, strict=strict
    )
    return last


ROOT_TAG = re.compile(rb"(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*<([^\s/>!?]+)", re.DOTALL)


def _streamed(
    contract: Contract, operation: Operation, status: str, raw: bytes, limits: Limits
) -> Record | None:
    """The page read while parsed, where it is large and its root names one shape only (the
    omni logs' two shapes under one root name are told apart by their content, which needs
    the tree)."""
    if len(raw) <= limits_module.STREAMED_BYTES:
        return None  # parsed whole and read from its tree: faster
    found = ROOT_TAG.match(raw, 3 if raw.startswith(b"\xef\xbb\xbf") else 0)
    if found is None:
        return None
    tag = found.group(1).decode("utf-8", "replace")
    candidates = root_candidates(contract, operation, status, tag)
    if len(candidates) != 1:
        return None
    return stream_decode_xml(contract, candidates[0], raw, limits)


def xml_shapes(value: Record) -> list[ObjectNode]:
    """The XML shapes a record can be written in, the documented canonical one first."""
    contract = value._bound_contract()
    model = value._shape().model
    shapes = [payload_node(contract, p.name, model) for p in contract.xml_payloads(model)]
    return shapes or [value._shape()]  # a nested object: its own component is its shape


def encode_xml(
    value: Record,
    *,
    root: str | None = None,
    pretty: bool = False,
    declaration: bool = True,
) -> bytes:
    """The XML form of a record, UTF-8.

    ``root`` picks one of the shapes by its root element (for omni logs,
    ``"omniLogsResponse"`` writes the unwrapped shape), or names an alias of a root
    (``voiceLogsResponse``), written in that shape under that name; by default the canonical
    shape, the first the spec lists. Field aliases (``smsCount``) are read, never written.
    """
    _record(value, "encode_xml")
    shapes = xml_shapes(value)
    if root is not None:
        named = [shape for shape in shapes if shape.xml_root == root]
        named = named or [shape for shape in shapes if root in shape.xml_root_aliases]
        if not named:
            known = ", ".join(
                name for shape in shapes for name in (shape.xml_root, *shape.xml_root_aliases)
            )
            raise EncodeError(f"no XML shape with root <{root}>; expected one of {known}")
        shapes = named
    fast = fast_encode_xml(
        shapes[0], value, root or shapes[0].xml_root, pretty=pretty, declaration=declaration
    )
    if fast is not None:
        return fast
    element = to_xml_element(shapes[0], value, root)
    return etree.tostring(
        element, encoding="UTF-8", xml_declaration=declaration, pretty_print=pretty
    )
