"""The public codec functions: bytes of either format ⇄ the typed model, for any operation.

Which schema a document follows comes from the contract: the operation (path or
``operationId``), the status, and, for XML, the root element. A value decoded from XML is an
instance of the JSON payload's class, so both formats of one answer decode to equal values.
"""

from __future__ import annotations

from lxml import etree

from ._contract import Contract, PayloadSchema, load_contract
from ._errors import EncodeError, ValidationError
from ._json_codec import from_json_document, to_json_text
from ._json_lines import add_lines
from ._model import RECORDS, Record
from ._safe_parse import DEFAULT_LIMITS, Limits, lone_surrogate_path, parse_json, parse_xml
from ._shape import ObjectNode, object_node, payload_node
from ._xml_codec import from_xml_element, line_of, to_xml_element

__all__ = ["decode_json", "decode_xml", "encode_json", "encode_xml", "xml_shapes"]

JSON = "application/json"
XML = "application/xml"


def _json_payload(contract: Contract, endpoint: str, status: int | str) -> PayloadSchema:
    payloads = contract.operation(endpoint).payloads(status, JSON)
    return payloads[0]


def decode_json(
    data: bytes | str,
    *,
    endpoint: str,
    status: int | str = 200,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    contract: Contract | None = None,
) -> Record:
    """Read a JSON answer of ``endpoint`` into its model.

    Raises ``DecodeError`` for input that is not JSON or breaks a limit, ``ValidationError``
    (with the JSON Pointer of the fault) for JSON that does not follow the contract. With
    ``lenient``, the faults the vendor's own examples have (trailing commas, a missing closing
    brace) are repaired and each repair is reported as a ``LenientWarning``.
    """
    contract = contract or load_contract()
    payload = _json_payload(contract, endpoint, status)
    document = parse_json(data, limits, lenient=lenient)
    node = object_node(contract, payload.name)
    try:
        record: Record = from_json_document(contract, node, document, RECORDS, limits=limits)
    except ValidationError as error:
        text = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
        add_lines(text, error.errors)
        error.line = error.errors[0].line
        raise
    return record


def encode_json(value: Record, *, indent: int | None = None) -> bytes:
    """The JSON form of a record, UTF-8, compact unless ``indent`` is given."""
    text = to_json_text(value._shape(), value, indent)
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
    status: int | str = 200,
    limits: Limits = DEFAULT_LIMITS,
    contract: Contract | None = None,
) -> Record:
    """Read an XML answer of ``endpoint`` into its model, whichever documented shape it has.

    Raises ``DecodeError`` for input that is not well-formed, declares a document type or
    breaks a limit, ``ValidationError`` (with XPath, line and JSON Pointer) for XML that does
    not follow the contract.
    """
    contract = contract or load_contract()
    model = _json_payload(contract, endpoint, status).name
    root = parse_xml(data, limits)
    shapes = contract.operation(endpoint).payloads(status, XML)
    for shape in shapes:
        if shape.xml_root == root.tag:
            node = payload_node(contract, shape.name, model)
            record: Record = from_xml_element(contract, node, root, RECORDS, limits=limits)
            return record
    expected = " or ".join(f"<{shape.xml_root}>" for shape in shapes)
    raise ValidationError(
        f"unexpected root element <{root.tag}>; expected {expected}",
        xpath=f"/{root.tag}",
        line=line_of(root),
    )


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

    ``root`` picks one of the documented shapes by its root element (for omni logs,
    ``"omniLogsResponse"`` writes the unwrapped shape); by default the canonical one, the first
    the spec lists. Aliases (``smsCount``) are read, never written.
    """
    shapes = xml_shapes(value)
    if root is not None:
        shapes = [shape for shape in shapes if shape.xml_root == root]
        if not shapes:
            known = ", ".join(shape.xml_root for shape in xml_shapes(value))
            raise EncodeError(f"no XML shape with root <{root}>; expected one of {known}")
    element = to_xml_element(shapes[0], value)
    return etree.tostring(
        element, encoding="UTF-8", xml_declaration=declaration, pretty_print=pretty
    )
