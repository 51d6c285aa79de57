"""The other spellings a profile allows, written on purpose: a client must read every one.

The package's writers give the canonical form only. These rewrite an encoded answer, guided by
the shapes, into the spelling the vendor's own documents and SDKs show where the profile has
one: the first alias of each field and array item (``mccMnc``, ``<pricePerSecond>``,
``<results><results>``) and, for dates the profile reads in RFC 3339 forms, ``Z`` or
``+hh:mm``. Every rewritten answer still decodes to the same value.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
from lxml import etree

from .._lexical import LIVE_DATETIME, LIVE_DATETIME_OFFSETLESS
from .._shape import ArrayNode, Node, ObjectNode, ScalarNode

__all__ = ["vendor_json", "vendor_xml"]

_READER = msgspec.json.Decoder(float_hook=Decimal)
_WRITER = msgspec.json.Encoder(decimal_format="number")
_LIVE_DATES = (LIVE_DATETIME, LIVE_DATETIME_OFFSETLESS)


def _rfc3339(text: str) -> str:
    """``2015-02-23T17:40:31.773+0100`` as ``...+01:00``, and a zero offset as ``Z``."""
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")
    if moment.utcoffset() == timedelta(0):
        return text[:-5] + "Z"
    return text[:-2] + ":" + text[-2:]


def _is_live_date(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.lexical in _LIVE_DATES


def vendor_json(body: bytes, node: ObjectNode) -> bytes:
    """A compact JSON answer with JSON aliases and RFC 3339 dates where the shape has them."""
    return _WRITER.encode(_json_value(_READER.decode(body), node))


def _json_value(value: Any, node: Node) -> Any:
    if isinstance(node, ArrayNode):
        return [_json_value(item, node.item) for item in value]
    if isinstance(node, ObjectNode) and isinstance(value, dict):
        aliases = {field.name: alias for alias, field in node.json_aliases.items()}
        spelled = {}
        for key, item in value.items():
            field = node.by_name.get(key)
            spelled[aliases.get(key, key)] = (
                item if field is None else _json_value(item, field.node)
            )
        return spelled
    if _is_live_date(node) and isinstance(value, str) and value[-5:-4] in "+-":
        return _rfc3339(value)
    return value


def vendor_xml(body: bytes, node: ObjectNode) -> bytes:
    """An XML answer with element aliases and RFC 3339 dates where the shape has them."""
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    _xml_object(root, node)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _xml_object(element: etree._Element, node: ObjectNode) -> None:
    for child in element:
        field = node.by_xml.get(str(child.tag))
        if field is None:
            continue
        if isinstance(field.node, ArrayNode):
            items = list(child) if field.wrapped else [child]
            for item in items:
                _xml_value(item, field.node.item)
                if field.item_xml_aliases:
                    item.tag = field.item_xml_aliases[0]
            if not field.wrapped:
                continue
        else:
            _xml_value(child, field.node)
        if field.xml_aliases:
            child.tag = field.xml_aliases[0]


def _xml_value(element: etree._Element, node: Node) -> None:
    if isinstance(node, ObjectNode):
        _xml_object(element, node)
    elif _is_live_date(node) and element.text and element.text[-5:-4] in "+-":
        element.text = _rfc3339(element.text)
