"""Adapters that let the tools people already run check ``application/xml`` answers too.

schemathesis skips XML responses and openapi-core rejects every XML body (it hands the schema
an ``Element``). Both accept a deserializer per media type; these turn an XML answer into the
data of its JSON form, through this package's decoder, so the spec's schemas judge it::

    import schemathesis
    from infobip_logs_spec.integrations import register_schemathesis
    register_schemathesis()

    from openapi_core import Config, OpenAPI
    from infobip_logs_spec.integrations import openapi_core_deserializers
    openapi = OpenAPI.from_dict(spec, config=Config(
        extra_media_type_deserializers=openapi_core_deserializers()))

A body that does not follow the contract is read tolerantly, so that the tool's own schema
check reports each problem as a schema violation; a fault only this package can see (a number
over the length bound, say) raises ``ValueError`` listing every problem.

Every function takes ``profile`` (``"live"``, the default, or ``"documented"``); give the tool
the same profile's document (``spec_path(profile)``). The tool's own JSON Schema check is the
judge, and the spec's objects are closed: a field no source names is an error there, as with
``strict=True`` here.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from ._codec import decode_xml, encode_json
from ._contract import DEFAULT_PROFILE, PROFILES, check_profile, contract_for
from ._errors import DecodeError, ValidationError
from ._resources import data_file, read_bytes
from ._safe_parse import parse_xml
from ._shape import ArrayNode, MapNode, Node, ScalarNode
from ._validate import is_valid, iter_errors
from ._xml_codec import root_candidates

__all__ = [
    "openapi_core_deserializers",
    "register_schemathesis",
    "schemathesis_xml_deserializer",
    "spec_document",
    "spec_path",
    "xml_to_json_data",
]

XML_MEDIA_TYPES = ("application/xml", "text/xml")


def _json_data(body: bytes, endpoint: str, status: int | str, profile: str | None) -> Any:
    value = decode_xml(body, endpoint=endpoint, status=status, profile=profile, strict=True)
    return json.loads(encode_json(value))


def _every_problem(error: ValidationError) -> str:
    return "\n".join(str(problem) for problem in error.errors)


def _tolerant(node: Node, element: etree._Element) -> Any:
    """The JSON-form data of an element as the shape names it, judging nothing: a value that
    does not convert stays text, and every XML fault becomes a JSON fault the spec's schema
    refuses (an attribute or stray text becomes a member no schema names, a repeated element
    a list where one value belongs). So the tool's own schema check reports every problem."""
    if isinstance(node, ScalarNode):
        if len(element) or element.attrib:
            return _unknown(element)
        text = element.text or ""
        try:
            value = node.lexical.from_xml(text)
        except ValueError:
            return text
        if isinstance(value, Decimal):
            return float(value)
        return text if node.lexical.json_quoted else value
    if isinstance(node, ArrayNode):
        return [_tolerant(node.item, child) for child in element if isinstance(child.tag, str)]
    data: dict[str, Any] = {f"@{name!s}": str(value) for name, value in element.attrib.items()}
    if element.text and element.text.strip():
        data["#text"] = element.text.strip()
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tail and child.tail.strip():
            data["#text"] = child.tail.strip()
        if isinstance(node, MapNode):
            inner = node.value.item if isinstance(node.value, ArrayNode) else node.value
            value = _tolerant(inner, child)
            if isinstance(node.value, ArrayNode):
                data.setdefault(child.tag, []).append(value)
            else:
                _put(data, child.tag, value)
            continue
        field = node.by_xml.get(child.tag)
        if field is None:
            _put(data, child.tag, _unknown(child))
        elif isinstance(field.node, ArrayNode) and not field.wrapped:
            data.setdefault(field.name, []).append(_tolerant(field.node.item, child))
        elif isinstance(field.node, ArrayNode):
            _put(data, field.name, [_tolerant(field.node.item, item) for item in child
                                    if isinstance(item.tag, str)])  # fmt: skip
        else:
            _put(data, field.name, _tolerant(field.node, child))
    return data


def _put(data: dict[str, Any], name: str, value: Any) -> None:
    if name in data:  # a second occurrence: a list where one value belongs
        previous = data[name]
        data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
    else:
        data[name] = value


def _unknown(element: etree._Element) -> Any:
    children = [child for child in element if isinstance(child.tag, str)]
    if not children and not element.attrib:
        return element.text or ""
    return {"@": dict(element.attrib), **{child.tag: _unknown(child) for child in children}}


def _as_data(raw: bytes, endpoint: str, status: int | str, profile: str | None) -> Any:
    """The data of an answer of ``endpoint``: exact when it follows the contract; otherwise the
    tolerant reading, for the tool's schema check to report, unless the schema would pass it
    (a fault only this package sees), which raises ``ValueError`` with every problem."""
    try:
        return _json_data(raw, endpoint, status, profile)
    except DecodeError as error:
        raise ValueError(_every_problem(error)) from None
    except ValidationError as error:
        found = error
    root = parse_xml(raw)
    contract = contract_for(None, profile)
    operation = contract.operation(endpoint)
    shapes = root_candidates(contract, operation, str(status), root)
    if not shapes:
        raise ValueError(_every_problem(found)) from None
    data = _tolerant(shapes[-1], root)
    body = json.dumps(data).encode()
    if is_valid(body, endpoint=endpoint, status=status, strict=True, contract=contract):
        raise ValueError(_every_problem(found)) from None
    return data


def xml_to_json_data(
    body: bytes | str,
    *,
    endpoint: str | None = None,
    status: int | str = 200,
    profile: str | None = None,
) -> Any:
    """The JSON-form data of an XML answer, for a tool whose JSON Schema check then judges it.

    With ``endpoint`` (schemathesis tells), the answer is read as that operation's: exactly
    when it follows the contract, else tolerantly, so the tool reports each problem as a schema
    violation (``ValueError`` listing every problem when only this package can see the fault).
    Without it (openapi-core does not tell), the operation is the one whose answer with this
    root element reads with the fewest problems (voice and omni logs share
    ``smsLogsResponse``), and the tool's own check judges the data against its operation.
    """
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    if endpoint is not None:
        return _as_data(raw, endpoint, status, profile)
    try:
        root = str(parse_xml(raw).tag)
    except DecodeError as error:
        raise ValueError(_every_problem(error)) from None
    contract = contract_for(None, profile)
    candidates: dict[str, tuple[str, str]] = {}
    for operation, code, media_type, payloads in contract.bodies():
        if media_type == "application/xml" and root_candidates(contract, operation, code, root):
            candidates.setdefault(payloads[0].name + code, (operation.path, code))
    if not candidates:
        raise ValueError(f"no documented answer has the root element <{root}>")
    fewest: tuple[int, str, str] | None = None
    for path, code in candidates.values():
        problems = iter_errors(raw, endpoint=path, status=code, strict=True, contract=contract)
        count = sum(1 for p in problems if p.severity == "error")
        if fewest is None or count < fewest[0]:
            fewest = (count, path, code)
    assert fewest is not None
    return _as_data(raw, fewest[1], fewest[2], profile)


def spec_path(profile: str = DEFAULT_PROFILE) -> Path:
    """Where a profile's OpenAPI document is on disk, for tools that take a file
    (``schemathesis run``, code generators). In a zipped installation it is copied out once
    per process."""
    with contextlib.ExitStack() as stack:
        path = stack.enter_context(resources.as_file(data_file(*PROFILES[check_profile(profile)])))
        _EXITS.append(stack.pop_all())  # a temporary copy, if one was made, lives on
        return Path(path)


_EXITS: list[contextlib.ExitStack] = []


def spec_document(profile: str = DEFAULT_PROFILE) -> dict[str, Any]:
    """A profile's OpenAPI document, parsed (a fresh copy each call: change it freely)."""
    import yaml

    text = read_bytes(*PROFILES[check_profile(profile)])
    loaded: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return loaded


def schemathesis_xml_deserializer(ctx: Any, response: Any, profile: str | None = None) -> Any:
    """For ``schemathesis.deserializer``: the operation and status come from the test."""
    return xml_to_json_data(
        response.content, endpoint=ctx.operation.path, status=response.status_code, profile=profile
    )


def register_schemathesis(profile: str = DEFAULT_PROFILE) -> None:
    """Register the XML deserializer with schemathesis, for ``application/xml`` and ``text/xml``."""
    import schemathesis

    check_profile(profile)

    def deserialize(ctx: Any, response: Any) -> Any:
        return schemathesis_xml_deserializer(ctx, response, profile)

    schemathesis.deserializer(*XML_MEDIA_TYPES)(deserialize)


def openapi_core_deserializers(profile: str = DEFAULT_PROFILE) -> dict[str, Callable[..., Any]]:
    """For openapi-core's ``Config(extra_media_type_deserializers=...)``."""
    check_profile(profile)

    def deserialize(value: bytes | str, **parameters: str) -> Any:
        return xml_to_json_data(value, profile=profile)

    return dict.fromkeys(XML_MEDIA_TYPES, deserialize)
