"""Shapes: each payload schema of the spec compiled once into what both codecs read.

A shape says, for every field, its JSON name, its XML element name and aliases, whether it is
required, and how its value is converted; for arrays, whether XML wraps them and how items are
named. JSON and XML are read and written from the same shapes, so they cannot disagree.
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from ._contract import Contract
from ._errors import ContractError
from ._lexical import Lexical, lexical_for

__all__ = [
    "ArrayNode",
    "Field",
    "MapNode",
    "Node",
    "ObjectNode",
    "ScalarNode",
    "attribute_name",
    "object_node",
    "payload_node",
    "quick_date",
    "shape_traits",
]


def attribute_name(name: str) -> str:
    """The Python attribute for a spec name: the name itself, ``from_`` for a keyword."""
    return name + "_" if keyword.iskeyword(name) else name


@dataclass(frozen=True, eq=False)
class ScalarNode:
    lexical: Lexical
    enum: tuple[Any, ...] | None = None
    pattern: re.Pattern[str] | None = None
    minimum: Any = None
    maximum: Any = None
    min_length: int | None = None
    max_length: int | None = None
    component: str | None = None  # the named schema it comes from, if any
    description: str = ""
    pattern_source: str | None = None  # the spec's (ECMA-262) spelling of ``pattern``
    # ``x-tolerated-pattern``: what the profile accepts with a warning (a date with no offset);
    # its schema files state this one, the strict variants ``pattern``.
    tolerated_pattern_source: str | None = None
    # ``type: [T, "null"]``: a JSON null is read as the field's absence, the one thing XML can
    # say too, so both formats of one answer decode to the same value.
    nullable: bool = False
    format: str | None = None  # the schema's ``format`` (``uri``): an annotation the codecs keep

    @property
    def restricted(self) -> bool:
        """Whether anything beyond the type narrows the value (a schema states it as a type)."""
        return any(
            facet is not None
            for facet in (
                self.enum, self.pattern, self.minimum, self.maximum, self.min_length,
                self.max_length,
            )
        )  # fmt: skip


@dataclass(frozen=True, eq=False)
class ArrayNode:
    item: Node
    min_items: int = 0
    max_items: int | None = None


@dataclass(frozen=True, eq=False)
class MapNode:
    value: Node
    description: str = ""


@dataclass(frozen=True, eq=False)
class Field:
    name: str  # the spec's (and JSON's) name
    attribute: str  # the Python attribute
    xml_name: str
    xml_aliases: tuple[str, ...]
    required: bool
    node: Node
    description: str = ""
    wrapped: bool = False  # arrays only: XML wraps the items in an element named xml_name
    item_xml_name: str = ""  # arrays only
    item_xml_aliases: tuple[str, ...] = ()  # arrays only: other names of an item's element
    quirk: str | None = None  # the README quirks row that explains this field, if any


@dataclass(frozen=True, eq=False)
class ObjectNode:
    component: str  # whose schema this shape was compiled from
    model: str  # whose model class its values are (differs for an XML alternative shape)
    xml_root: str
    description: str
    fields: tuple[Field, ...] = ()
    by_name: Mapping[str, Field] = field(default_factory=dict)
    by_attribute: Mapping[str, Field] = field(default_factory=dict)
    by_xml: Mapping[str, Field] = field(default_factory=dict)
    xml_root_aliases: tuple[str, ...] = ()  # other names of the root element, read only
    # Other JSON spellings of a field (``mccMnc`` of ``mccmnc``, ``x-alias-of``): read, never
    # written.
    json_aliases: Mapping[str, Field] = field(default_factory=dict)
    # Optional fields every documented example carries (``x-expected``): missing is a warning.
    expected: frozenset[str] = frozenset()
    # Other error envelopes a body of this shape may turn out to be (``x-other-error-envelopes``):
    # each component's name with its required members. A body with none of this shape's
    # members and any of those is that envelope, however incomplete.
    other_envelopes: tuple[tuple[str, frozenset[str]], ...] = ()

    def json_field(self, key: str) -> Field | None:
        """The field a JSON member holds, by its name or an alias of it."""
        found = self.by_name.get(key)
        return found if found is not None else self.json_aliases.get(key)

    def other_envelope(self, names: set[str]) -> str | None:
        """The other error envelope a body with these members is, if it is one."""
        if names & self.by_name.keys():
            return None
        return next((name for name, marks in self.other_envelopes if marks & names), None)

    def hint_json(self, key: str) -> str:
        """What an unknown JSON member probably is: the XML name of a field, a misspelling."""
        found = self.by_xml.get(key)
        if found is not None and found.name != key:
            return _hint(f"in JSON this field is {found.name!r}", found)
        close = difflib.get_close_matches(key, list(self.by_name), n=1, cutoff=0.75)
        return _hint(f"did you mean {close[0]!r}?", self.by_name[close[0]]) if close else ""

    def hint_xml(self, tag: str) -> str:
        """What an unknown XML element probably is: the JSON name of a field, a misspelling."""
        found = self.by_name.get(tag)
        if found is not None and found.xml_name != tag:
            return _hint(f"in XML this field is <{found.xml_name}>", found)
        close = difflib.get_close_matches(tag, list(self.by_xml), n=1, cutoff=0.75)
        return _hint(f"did you mean <{close[0]}>?", self.by_xml[close[0]]) if close else ""


def _hint(text: str, found: Field) -> str:
    return f"; {text}" + (f" (quirk {found.quirk})" if found.quirk else "")


Node = ScalarNode | ArrayNode | MapNode | ObjectNode


@cache
def object_node(contract: Contract, component: str) -> ObjectNode:
    """The shape of a component, compiled once per process."""
    return _Compiler(contract).object(component, component)


@cache
def payload_node(contract: Contract, component: str, model: str) -> ObjectNode:
    """An XML alternative ``component`` of the payload ``model``: same data, other XML shape.

    Only the top level may differ (root name, array wrapping); every field must have the same
    name and refer to the same schemas, so a value read in either shape is the same value.
    """
    if component == model:
        return object_node(contract, model)
    _check_same_data(contract, component, model)
    return _Compiler(contract).object(component, model)


def _check_same_data(contract: Contract, component: str, model: str) -> None:
    if not contract.same_data(component, model):
        raise ContractError(
            f"XML alternative {component!r} must describe the same data as {model!r}"
        )


class _Compiler:
    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    def object(self, component: str, model: str) -> ObjectNode:
        schema = self.contract.component(component)
        if schema.get("type") != "object":
            raise ContractError(f"payload schema {component!r} must be an object")
        required = set(schema.get("required", []))
        properties = schema.get("properties", {})
        fields = tuple(
            self.field(name, prop, name in required)
            for name, prop in properties.items()
            if "x-alias-of" not in prop
        )
        by_name = {f.name: f for f in fields}
        json_aliases = {}
        for name, prop in properties.items():
            target = prop.get("x-alias-of")
            if target is not None:
                if target not in by_name:
                    raise ContractError(f"{component}.{name}: x-alias-of names no field {target!r}")
                json_aliases[name] = by_name[target]
        expected = frozenset(schema.get("x-expected", []))
        if not expected <= by_name.keys():
            raise ContractError(f"{component}: x-expected names fields it does not have")
        return ObjectNode(
            component=component,
            model=model,
            xml_root=self.contract.xml_root(component),
            description=" ".join(str(schema.get("description", "")).split()),
            fields=fields,
            by_name=by_name,
            by_attribute={f.attribute: f for f in fields},
            by_xml={name: f for f in fields for name in _xml_names(f)},
            xml_root_aliases=tuple(schema.get("x-xml-root-aliases", [])),
            json_aliases=json_aliases,
            expected=expected,
            other_envelopes=tuple(
                self.envelope(ref) for ref in schema.get("x-other-error-envelopes", [])
            ),
        )

    def envelope(self, ref: str) -> tuple[str, frozenset[str]]:
        name = self.contract.ref_name({"$ref": ref})
        assert name is not None
        return name, frozenset(self.contract.component(name).get("required", []))

    def field(self, name: str, prop: dict[str, Any], required: bool) -> Field:
        xml = self.contract.xml_naming(prop)
        if xml.attribute or xml.namespace or xml.prefix:
            raise ContractError(f"field {name!r}: XML attributes and namespaces are not supported")
        node = self.node(prop, name)
        common: dict[str, Any] = {
            "name": name,
            "attribute": attribute_name(name),
            "xml_name": xml.name or name,
            "xml_aliases": xml.aliases,
            "required": required,
            "node": node,
            "quirk": prop.get("x-quirk"),
            "description": " ".join(
                str(
                    prop.get("description") or self.contract.resolve(prop).get("description", "")
                ).split()
            ),
        }
        if isinstance(node, ArrayNode):
            items = self.contract.xml_naming(prop.get("items", {}))
            return Field(
                **common,
                wrapped=xml.wrapped,
                item_xml_name=items.name or name,
                item_xml_aliases=items.aliases,
            )
        return Field(**common)

    def node(self, schema: dict[str, Any], where: str) -> Node:
        ref = self.contract.ref_name(schema)
        resolved = self.contract.resolve(schema)
        kind = resolved.get("type")
        nullable = False
        if isinstance(kind, list):
            types = [each for each in kind if each != "null"]
            nullable = len(types) < len(kind)
            if len(types) != 1:
                raise ContractError(f"{where}: a value has one type, and may be null")
            kind = types[0]
            resolved = {**resolved, "type": kind}
        if kind == "object":
            if ref is None:
                extra = resolved.get("additionalProperties")
                if isinstance(extra, dict) and not resolved.get("properties"):
                    value = self.node(extra, where)
                    inner = value.item if isinstance(value, ArrayNode) else value
                    if not isinstance(inner, ScalarNode):
                        raise ContractError(
                            f"{where}: only maps of scalars or of arrays of scalars have an "
                            "XML form"
                        )
                    return MapNode(value, _prose(resolved))
                raise ContractError(f"{where}: an object must be a named component")
            return object_node(self.contract, ref)
        if kind == "array":
            item = self.node(dict(schema.get("items") or resolved.get("items") or {}), where)
            if isinstance(item, ArrayNode):
                raise ContractError(f"{where}: an array of arrays has no XML form")
            return ArrayNode(item, int(resolved.get("minItems", 0)), resolved.get("maxItems"))
        try:
            lexical = lexical_for(resolved)
        except ValueError as error:
            raise ContractError(f"{where}: {error}") from None
        return ScalarNode(
            lexical=lexical,
            enum=tuple(resolved["enum"]) if "enum" in resolved else None,
            pattern=_python_pattern(resolved.get("pattern")),
            minimum=resolved.get("minimum"),
            maximum=resolved.get("maximum"),
            min_length=resolved.get("minLength"),
            max_length=resolved.get("maxLength"),
            component=ref,
            description=_prose(resolved),
            pattern_source=resolved.get("pattern"),
            tolerated_pattern_source=resolved.get("x-tolerated-pattern"),
            nullable=nullable,
            format=resolved.get("format"),
        )


def _xml_names(each: Field) -> tuple[str, ...]:
    """The child element names that hold this field's values: an unwrapped array's items too."""
    names = (each.xml_name, *each.xml_aliases)
    if isinstance(each.node, ArrayNode) and not each.wrapped:
        names += (each.item_xml_name, *each.item_xml_aliases)
    return tuple(dict.fromkeys(names))


def _prose(schema: dict[str, Any]) -> str:
    """A description on one line, as generated files carry it."""
    return " ".join(str(schema.get("description", "")).split())


def _python_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """An ECMA-262 pattern for ``re.search``; a final ``$`` becomes ``\\Z``, which, unlike
    Python's ``$``, does not match before a trailing newline."""
    if pattern is None:
        return None
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + "\\Z"
    return re.compile(pattern)


@dataclass(frozen=True)
class ShapeTraits:
    """What the validators' fast path must know of a shape to trust its schema's verdict."""

    xml_number_names: frozenset[str]  # elements that may hold a number: their length is bounded
    xml_container_names: frozenset[str]  # elements that hold others: their width is bounded
    has_map: bool  # a map's children have free names, which an XSD cannot pin down
    # alias -> (canonical name, names of the elements whose child it is there): the XSD knows
    # canonical names only.
    xml_aliases: Mapping[str, tuple[str, frozenset[str]]] = field(default_factory=dict)


@cache
def shape_traits(node: ObjectNode) -> ShapeTraits:
    numbers: set[str] = set()
    containers: set[str] = set()
    aliases: dict[str, tuple[str, set[str]]] = {}
    has_map = False
    seen: set[int] = set()

    def visit(current: Node, names: tuple[str, ...]) -> None:
        nonlocal has_map
        if isinstance(current, ScalarNode):
            if current.lexical.numeric:
                numbers.update(names)
            return
        containers.update(names)
        if isinstance(current, ArrayNode):
            visit(current.item, names)
        elif isinstance(current, MapNode):
            has_map = True
            visit(current.value, ())
        elif id(current) not in seen:
            seen.add(id(current))
            for each in current.fields:
                for alias in each.xml_aliases:
                    aliases.setdefault(alias, (each.xml_name, set()))[1].update(names)
                for alias in each.item_xml_aliases:
                    parents = {each.xml_name} if each.wrapped else set(names)
                    aliases.setdefault(alias, (each.item_xml_name, set()))[1].update(parents)
                if each.wrapped:
                    containers.add(each.xml_name)
                    visit(each.node, (each.item_xml_name, *each.item_xml_aliases))
                elif isinstance(each.node, ArrayNode):
                    visit(each.node, (each.item_xml_name or each.xml_name,))
                else:
                    visit(each.node, (each.xml_name, *each.xml_aliases))

    visit(node, (node.xml_root,))
    return ShapeTraits(
        frozenset(numbers),
        frozenset(containers),
        has_map,
        {alias: (name, frozenset(parents)) for alias, (name, parents) in aliases.items()},
    )


def quick_date(contract: Contract, node: ScalarNode) -> Callable[[str], datetime] | None:
    """The quick reader of ``node``'s date type (``_lexical``) where the node's pattern is its
    type's own, which the reader proves at less than half the cost (a test holds the two
    equal); it refuses what a profile only tolerates. None for a field with a pattern of its
    own, and for any other type."""
    quick: Callable[[str], datetime] | None = getattr(node.lexical, "quick_read", None)
    if quick is None or node.component is None:
        return None
    declared = contract.component(node.component)
    if node.pattern_source != declared.get("pattern") or declared.get("x-format") is None:
        return None
    return quick
