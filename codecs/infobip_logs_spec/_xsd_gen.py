"""Generate an XSD 1.0 document for one payload of the spec, from its compiled shape.

The shape (``_shape``) is the one reading of the spec's ``xml`` objects and ``x-xml-aliases``;
this module writes what it says, so the XSDs cannot accept a construct the codecs refuse.

XSD 1.0 (not 1.1) so that libxml2 and ``xmllint`` can use the files too. The rules:

- an object is a complex type whose children may come in any order (``xs:all``): the documented
  examples print the same fields in different orders. An object holding an unwrapped, repeated
  array needs ``xs:sequence`` instead, since ``xs:all`` admits no repeated element in XSD 1.0;
- a wrapped array is an element holding its repeated items; an unwrapped array is the repeated
  items themselves;
- ``x-xml-aliases`` are not in the XSD, which names each field by its canonical name only. The
  one XSD 1.0 construct for "exactly one of these names" inside ``xs:all``, a substitution
  group, needs global elements, and every global element is a valid document root: the file
  would accept ``<messageCount>5</messageCount>`` as a whole answer. So each file accepts its
  documented root alone; the package reads an alias as its canonical name before the XSD judges;
- an object with only ``additionalProperties`` (a map) accepts any child element in no
  namespace; that its children hold text only is more than XSD 1.0 can say of free names, so
  the package's validators walk such payloads instead of trusting the XSD.
"""

from __future__ import annotations

import dataclasses
import re
from xml.etree import ElementTree as ET

from ._contract import Contract
from ._errors import ContractError
from ._shape import ArrayNode, Field, MapNode, Node, ObjectNode, ScalarNode, object_node

__all__ = ["xsd"]

XS = "http://www.w3.org/2001/XMLSchema"
ET.register_namespace("xs", XS)
HEADER = "Generated from {source} by tools/generate_schemas.py; do not edit."
UNSUPPORTED_REGEX = re.compile(r"\(\?|\\[dDwWsSbB]|.\^|[^\\]\$.")
FACETS = (
    ("minimum", "minInclusive"),
    ("maximum", "maxInclusive"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
)


def _xs(tag: str) -> str:
    return f"{{{XS}}}{tag}"


def xsd(contract: Contract, name: str, *, strict: bool = False) -> str:
    """The XSD of component ``name`` with its root element, as text."""
    return _XsdBuilder(strict).build(object_node(contract, name), contract.source)


def _xsd_pattern(pattern: str) -> str:
    """An ECMA-262 pattern as an XSD regular expression, which is implicitly anchored."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ContractError(
            f"pattern {pattern!r} must be anchored with ^ and $ to carry over to XSD"
        )
    body = pattern[1:-1]
    if UNSUPPORTED_REGEX.search(body):
        raise ContractError(f"pattern {pattern!r} uses syntax that XSD regular expressions lack")
    return body


class _XsdBuilder:
    def __init__(self, strict: bool = False) -> None:
        self.named_types: dict[str, ET.Element | None] = {}
        self.strict = strict

    def build(self, node: ObjectNode, source: str) -> str:
        schema = ET.Element(_xs("schema"), {"elementFormDefault": "unqualified"})
        root = ET.Element(_xs("element"), {"name": node.xml_root, "type": node.component})
        self._object_type(node)
        schema.append(root)
        for definition in self.named_types.values():
            assert definition is not None  # every reservation is filled before build returns
            schema.append(definition)
        ET.indent(schema, space="  ")
        body = ET.tostring(schema, encoding="unicode")
        header = HEADER.format(source=source)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {header} -->\n{body}\n'

    # -- types

    def _object_type(self, node: ObjectNode) -> str:
        """Declare an object's named type once; return its name."""
        if node.component not in self.named_types:
            self.named_types[node.component] = None  # reserve: objects may refer to each other
            definition = self._complex_type(node)
            definition.set("name", node.component)
            self.named_types[node.component] = definition
        return node.component

    def _type_of(self, node: Node) -> tuple[str | None, ET.Element | None]:
        """A type name, or an anonymous type definition, for a field's or an item's value."""
        if isinstance(node, ObjectNode):
            return self._object_type(node), None
        if isinstance(node, MapNode):
            return None, self._map_type(node)
        assert isinstance(node, ScalarNode)  # shapes refuse arrays of arrays
        if not node.restricted:
            return node.lexical.xsd_type, None
        if node.component is None:
            return None, self._simple_type(node)
        if node.component not in self.named_types:
            definition = self._simple_type(node)
            definition.set("name", node.component)
            self.named_types[node.component] = definition
        return node.component, None

    def _simple_type(self, node: ScalarNode) -> ET.Element:
        simple = ET.Element(_xs("simpleType"))
        self._document(simple, node.description)
        restriction = ET.SubElement(simple, _xs("restriction"), {"base": node.lexical.xsd_type})
        for value in node.enum or ():
            ET.SubElement(restriction, _xs("enumeration"), {"value": str(value)})
        source = node.pattern_source
        if not self.strict and node.tolerated_pattern_source is not None:
            source = node.tolerated_pattern_source  # the profile's file accepts its warnings
        if source is not None:
            pattern = _xsd_pattern(source)
            ET.SubElement(restriction, _xs("pattern"), {"value": pattern})
        for attribute, facet in FACETS:
            value = getattr(node, attribute)
            if value is not None:
                ET.SubElement(restriction, _xs(facet), {"value": str(value)})
        return simple

    def _complex_type(self, node: ObjectNode) -> ET.Element:
        complex_type = ET.Element(_xs("complexType"))
        self._document(complex_type, node.description)
        particles = [
            self._particle(
                dataclasses.replace(field, required=True)
                if self.strict and field.name in node.expected
                else field
            )
            for field in node.fields
        ]
        if particles:
            repeated = any(p.get("maxOccurs", "1") != "1" for p in particles)
            group = ET.SubElement(complex_type, _xs("sequence" if repeated else "all"))
            group.extend(particles)
        return complex_type

    def _map_type(self, node: MapNode) -> ET.Element:
        complex_type = ET.Element(_xs("complexType"))
        self._document(complex_type, node.description)
        group = ET.SubElement(complex_type, _xs("sequence"))
        ET.SubElement(
            group,
            _xs("any"),
            {
                "namespace": "##local",
                "processContents": "lax",
                "minOccurs": "0",
                "maxOccurs": "unbounded",
            },
        )
        return complex_type

    # -- particles

    def _particle(self, field: Field) -> ET.Element:
        if not isinstance(field.node, ArrayNode):
            return self._element(field.xml_name, field.node, 1 if field.required else 0, 1)
        array = field.node
        high: int | str = array.max_items if array.max_items is not None else "unbounded"
        if not field.wrapped:
            low = array.min_items if field.required else 0
            return self._element(field.item_xml_name, array.item, low, high)
        wrapper = ET.Element(_xs("element"), {"name": field.xml_name})
        if not field.required:
            wrapper.set("minOccurs", "0")
        sequence = ET.SubElement(ET.SubElement(wrapper, _xs("complexType")), _xs("sequence"))
        sequence.append(self._element(field.item_xml_name, array.item, array.min_items, high))
        return wrapper

    def _element(self, name: str, node: Node, low: int, high: int | str) -> ET.Element:
        element = ET.Element(_xs("element"), {"name": name})
        type_name, anonymous = self._type_of(node)
        if type_name is not None:
            element.set("type", type_name)
        if low != 1:
            element.set("minOccurs", str(low))
        if high != 1:
            element.set("maxOccurs", str(high))
        if anonymous is not None:
            element.append(anonymous)
        return element

    @staticmethod
    def _document(parent: ET.Element, description: str) -> None:
        if description:
            annotation = ET.SubElement(parent, _xs("annotation"))
            ET.SubElement(annotation, _xs("documentation")).text = description
