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

A body that does not follow the contract raises ``ValueError`` with every problem's location,
which both tools report as a deserialization failure.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ._codec import decode_xml, encode_json
from ._contract import load_contract
from ._errors import ValidationError
from ._safe_parse import parse_xml

__all__ = [
    "openapi_core_deserializers",
    "register_schemathesis",
    "schemathesis_xml_deserializer",
    "xml_to_json_data",
]

XML_MEDIA_TYPES = ("application/xml", "text/xml")


def _json_data(body: bytes, endpoint: str, status: int | str) -> Any:
    return json.loads(encode_json(decode_xml(body, endpoint=endpoint, status=status)))


def xml_to_json_data(
    body: bytes | str, *, endpoint: str | None = None, status: int | str = 200
) -> Any:
    """The JSON-form data of an XML answer; raises ``ValueError`` if it breaks the contract.

    Without ``endpoint`` (openapi-core does not tell), every answer of every operation whose
    root element is the document's is tried (voice logs and omni logs share
    ``smsLogsResponse``; every error answer is ``ApiException``), and the first that reads it
    wins; the spec's schema for the actual operation then judges the data.
    """
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    if endpoint is not None:
        return _json_data(raw, endpoint, status)
    root = parse_xml(raw).tag
    candidates: dict[str, tuple[str, str]] = {}
    for operation in load_contract().operations:
        for code, media in operation.responses.items():
            for payload in media.get("application/xml", ()):
                if payload.xml_root == root:
                    candidates.setdefault(payload.name, (operation.path, code))
    failures: list[str] = []
    for path, code in candidates.values():
        try:
            return _json_data(raw, path, code)
        except ValidationError as error:
            problems = "; ".join(str(e) for e in error.errors)
            failures.append(f"as an answer of {path}: {problems}")
    if not failures:
        raise ValueError(f"no documented answer has the root element <{root}>")
    raise ValueError(" | ".join(failures))


def schemathesis_xml_deserializer(ctx: Any, response: Any) -> Any:
    """For ``schemathesis.deserializer``: the operation and status come from the test."""
    return xml_to_json_data(
        response.content, endpoint=ctx.operation.path, status=response.status_code
    )


def register_schemathesis() -> None:
    """Register the XML deserializer with schemathesis, for ``application/xml`` and ``text/xml``."""
    import schemathesis

    schemathesis.deserializer(*XML_MEDIA_TYPES)(schemathesis_xml_deserializer)


def openapi_core_deserializers() -> dict[str, Callable[..., Any]]:
    """For openapi-core's ``Config(extra_media_type_deserializers=...)``."""

    def deserialize(value: bytes | str, **parameters: str) -> Any:
        return xml_to_json_data(value)

    return dict.fromkeys(XML_MEDIA_TYPES, deserialize)
