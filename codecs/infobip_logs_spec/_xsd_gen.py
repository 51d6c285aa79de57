"""Generate an XSD 1.0 document for one payload component of the spec, from its ``xml`` objects.

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

import re
from typing import Any
from xml.etree import ElementTree as ET

from ._contract import Contract
from ._errors import ContractError

__all__ = ["xsd"]

XS = "http://www.w3.org/2001/XMLSchema"
ET.register_namespace("xs", XS)
HEADER = "Generated from spec/openapi.yaml by tools/generate_schemas.py; do not edit."
UNSUPPORTED_REGEX = re.compile(r"\(\?|\\[dDwWsSbB]|.\^|[^\\]\$.")
Schema = dict[str, Any]


def _xs(tag: str) -> str:
    return f"{{{XS}}}{tag}"


def xsd(contract: Contract, name: str) -> str:
    """The XSD of component ``name`` with root element ``xml.name``, as text."""
    return _XsdBuilder(contract).build(name)


def _builtin(schema: Schema) -> str:
    kind = schema.get("type")
    if kind == "string":
        return "xs:string"
    if kind == "integer":
        return {"int32": "xs:int", "int64": "xs:long"}.get(schema.get("format", ""), "xs:integer")
    if kind == "number":
        if schema.get("format") in ("float", "double"):
            return "xs:double"
        return "xs:decimal"
    if kind == "boolean":
        return "xs:boolean"
    raise ContractError(f"no XSD type for a schema of type {kind!r}")


def _xsd_pattern(pattern: str) -> str:
    """An ECMA-262 pattern anchored with ``^…$``, as the implicitly anchored XSD dialect."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ContractError(
            f"pattern {pattern!r} must be anchored with ^ and $ to carry over to XSD"
        )
    body = pattern[1:-1]
    if UNSUPPORTED_REGEX.search(body):
        raise ContractError(f"pattern {pattern!r} uses syntax that XSD regular expressions lack")
    return body


class _XsdBuilder:
    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.named_types: dict[str, ET.Element | None] = {}

    def build(self, name: str) -> str:
        schema = ET.Element(_xs("schema"), {"elementFormDefault": "unqualified"})
        root = ET.Element(_xs("element"), {"name": self.contract.xml_root(name), "type": name})
        self._named_type(name)
        schema.append(root)
        for definition in self.named_types.values():
            assert definition is not None  # every reservation is filled before build returns
            schema.append(definition)
        ET.indent(schema, space="  ")
        body = ET.tostring(schema, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {HEADER} -->\n{body}\n'

    # -- types

    def _named_type(self, name: str) -> str:
        """Declare component ``name`` as a named type once; return the QName to refer to it."""
        schema = self.contract.component(name)
        if schema.get("type") != "object" and not self._restrictions(schema):
            return _builtin(schema)
        if name not in self.named_types:
            self.named_types[name] = None  # reserve first: components may refer to each other
            if schema.get("type") == "object":
                definition = self._complex_type(schema)
            else:
                definition = self._simple_type(schema)
            definition.set("name", name)
            self.named_types[name] = definition
        return name

    def _type_of(self, schema: Schema) -> tuple[str | None, ET.Element | None]:
        """A type QName, or an anonymous type definition, for a property or item schema."""
        ref = self.contract.ref_name(schema)
        if ref is not None:
            return self._named_type(ref), None
        if schema.get("type") == "object":
            return None, self._complex_type(schema)
        if self._restrictions(schema):
            return None, self._simple_type(schema)
        return _builtin(schema), None

    @staticmethod
    def _restrictions(schema: Schema) -> bool:
        return any(
            key in schema
            for key in ("enum", "pattern", "minimum", "maximum", "minLength", "maxLength")
        )

    def _simple_type(self, schema: Schema) -> ET.Element:
        simple = ET.Element(_xs("simpleType"))
        self._document(simple, schema)
        restriction = ET.SubElement(simple, _xs("restriction"), {"base": _builtin(schema)})
        for value in schema.get("enum", []):
            ET.SubElement(restriction, _xs("enumeration"), {"value": str(value)})
        if "pattern" in schema:
            ET.SubElement(restriction, _xs("pattern"), {"value": _xsd_pattern(schema["pattern"])})
        facets = {
            "minimum": "minInclusive",
            "maximum": "maxInclusive",
            "minLength": "minLength",
            "maxLength": "maxLength",
        }
        for key, facet in facets.items():
            if key in schema:
                ET.SubElement(restriction, _xs(facet), {"value": str(schema[key])})
        return simple

    def _complex_type(self, schema: Schema) -> ET.Element:
        complex_type = ET.Element(_xs("complexType"))
        self._document(complex_type, schema)
        properties: dict[str, Schema] = schema.get("properties", {})
        if not properties and isinstance(schema.get("additionalProperties"), dict):
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
        required = set(schema.get("required", []))
        particles: list[ET.Element] = []
        attributes: list[ET.Element] = []
        for name, prop in properties.items():
            if prop.get("xml", {}).get("attribute"):
                attributes.append(self._attribute(name, prop, name in required))
            else:
                particles.append(self._particle(name, prop, name in required))
        if particles:
            repeated = any(p.get("maxOccurs", "1") != "1" for p in particles)
            group = ET.SubElement(complex_type, _xs("sequence" if repeated else "all"))
            group.extend(particles)
        complex_type.extend(attributes)
        return complex_type

    # -- particles

    def _particle(self, name: str, prop: Schema, required: bool) -> ET.Element:
        xml = prop.get("xml", {})
        element_name = xml.get("name", name)
        if self.contract.resolve(prop).get("type") != "array":
            return self._element(element_name, prop, 1 if required else 0, 1)
        items = prop.get("items", {})
        item_name = items.get("xml", {}).get("name", name)
        low = int(prop.get("minItems", 0))
        high = prop.get("maxItems", "unbounded")
        if not xml.get("wrapped", False):
            return self._element(item_name, items, low if required else 0, high)
        wrapper = ET.Element(_xs("element"), {"name": element_name})
        if not required:
            wrapper.set("minOccurs", "0")
        sequence = ET.SubElement(ET.SubElement(wrapper, _xs("complexType")), _xs("sequence"))
        sequence.append(self._element(item_name, items, low, high))
        return wrapper

    def _element(self, name: str, schema: Schema, low: int, high: int | str) -> ET.Element:
        element = ET.Element(_xs("element"), {"name": name})
        type_name, anonymous = self._type_of(schema)
        if type_name is not None:
            element.set("type", type_name)
        if low != 1:
            element.set("minOccurs", str(low))
        if high != 1:
            element.set("maxOccurs", str(high))
        if anonymous is not None:
            element.append(anonymous)
        return element

    def _attribute(self, name: str, prop: Schema, required: bool) -> ET.Element:
        attribute = ET.Element(_xs("attribute"), {"name": prop["xml"].get("name", name)})
        type_name, anonymous = self._type_of(prop)
        if anonymous is not None and anonymous.tag == _xs("complexType"):
            raise ContractError(f"XML attribute {name!r} must have a scalar type")
        if type_name is not None:
            attribute.set("type", type_name)
        else:
            assert anonymous is not None
            attribute.append(anonymous)
        if required:
            attribute.set("use", "required")
        return attribute

    @staticmethod
    def _document(parent: ET.Element, schema: Schema) -> None:
        description = schema.get("description")
        if description:
            annotation = ET.SubElement(parent, _xs("annotation"))
            ET.SubElement(annotation, _xs("documentation")).text = " ".join(description.split())
