"""XML ⇄ model, driven by the shapes: element names from ``xml.name``, aliases read but never
written, wrapped and unwrapped arrays, any child order, whitespace between elements ignored.
Errors carry the JSON path, the XPath with 1-based positions, and the source line."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache, partial
from typing import Any

from lxml import etree

from ._contract import Contract
from ._errors import DecodeError, EncodeError, PathPart, ValidationError
from ._lexical import check_xml_text, short
from ._limits import DEFAULT_LIMITS, Limits
from ._problems import INVALID, Problems
from ._safe_parse import check_number_text
from ._shape import ArrayNode, Field, MapNode, Node, ObjectNode, ScalarNode, payload_node
from ._walk import RecordMaker, Walk, check_facets, check_length, tolerated

__all__ = [
    "from_xml_element",
    "line_of",
    "root_candidates",
    "to_xml_element",
    "unexpected_root",
]
XML = "application/xml"

Path = tuple[PathPart, ...]
SPACE = " \t\n\r"


def from_xml_element(
    contract: Contract,
    node: ObjectNode,
    root: etree._Element,
    records: RecordMaker,
    problems: Problems | None = None,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = True,
) -> Any:
    """The record for ``root``; without ``problems`` the errors are raised (and the warnings
    warned, as one ``ContractWarning``), with it collected."""
    collected = problems or Problems(strict=strict, limits=limits)
    walk = Walk(contract, collected, records, (), f"/{root.tag}", line_of(root))
    record = collected.run(lambda: _object(walk, node, root))
    if problems is None:
        collected.raise_errors()
    return record


def root_candidates(
    contract: Contract, operation: Any, status: str, root: etree._Element | str
) -> list[ObjectNode]:
    """The XML shapes of an answer whose root element is ``root`` (by its name or an alias
    of it), canonical first. Two shapes may share a name (the omni logs, wrapped or not under
    ``omniLogsResponse``): given the element, only those whose structure it has are left, so
    that a fault inside a record is judged in the shape the record is written in, not read as
    unknown fields of another."""
    tag = root if isinstance(root, str) else str(root.tag)
    model = operation.payloads(status, "application/json")[0].name
    found = []
    for shape in operation.payloads(status, "application/xml"):
        node = payload_node(contract, shape.name, model)
        if tag == node.xml_root or tag in node.xml_root_aliases:
            found.append(node)
    if len(found) > 1 and not isinstance(root, str):
        fitting = [node for node in found if _has_structure(node, root)]
        return fitting or found
    return found


def _has_structure(node: ObjectNode, root: etree._Element) -> bool:
    """Whether the first list of ``root`` is written as ``node`` writes it: a wrapper whose
    children carry the item's names, or items whose children carry the item's fields."""
    for field in node.fields:
        if not isinstance(field.node, ArrayNode):
            continue
        names = {field.xml_name, *field.xml_aliases}
        element = next((child for child in root if child.tag in names), None)
        first = None if element is None else next(iter(element), None)
        if first is None:
            continue  # absent or empty: every shape writes it alike
        if field.wrapped:
            return first.tag in (field.item_xml_name, *field.item_xml_aliases)
        item = field.node.item
        return isinstance(item, ObjectNode) and first.tag in item.by_xml
    return True


def unexpected_root(
    contract: Contract, operation: Any, status: str, root: etree._Element
) -> ValidationError:
    """The error for a root no shape has: named as another error envelope where it is one."""
    model = operation.payloads(status, "application/json")[0].name
    names = " or ".join(f"<{shape.xml_root}>" for shape in operation.payloads(status, XML))
    message = f"unexpected root element <{root.tag}>; expected {names}"
    for shape in operation.payloads(status, XML):
        for envelope, _ in payload_node(contract, shape.name, model).other_envelopes:
            if contract.xml_root(envelope) == root.tag:
                message = f"a different error envelope ({envelope}), not {model}"
    return ValidationError(message, xpath=f"/{root.tag}", line=line_of(root))


def line_of(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _attribute_name(element: etree._Element, name: str) -> str:
    """``xsi:nil`` rather than ``{http://www.w3.org/2001/XMLSchema-instance}nil``."""
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        prefix = next((p for p, uri in element.nsmap.items() if uri == namespace and p), None)
        return f"{prefix}:{local}" if prefix else name
    return name


def _no_attributes(walk: Walk, element: etree._Element) -> bool:
    """The API sends no attributes, so any is a fault, ``xsi:`` ones too: ``xsi:nil`` and
    ``xsi:type`` would change what an element means, and a schema-location hint names a file.
    Reports and returns False when there are some."""
    for name in element.attrib:
        walk.error(f"unexpected attribute {short(_attribute_name(element, str(name)))}")
    return not element.attrib


def _plain(walk: Walk, element: etree._Element) -> None:
    """No attributes and no text outside child elements."""
    _no_attributes(walk, element)
    if element.text is not None and element.text.strip(SPACE):
        walk.error(f"unexpected text {short(element.text.strip())}")


def _children(walk: Walk, element: etree._Element) -> Iterator[etree._Element]:
    """The child elements, one at a time, so a walk stopped by the problem budget reads no
    further."""
    for child in element:
        if child.tail is not None and child.tail.strip(SPACE):
            walk.error(f"unexpected text {short(child.tail.strip())}")
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions are removed by the parser
        if child.tag.startswith("{"):
            there = walk.there(xpath=f"{walk.xpath}/{child.tag}", line=line_of(child))
            there.error(f"unexpected namespaced element {child.tag}")
            continue
        yield child


def _unexpected_element(node: ObjectNode, tag: str) -> str:
    return f"unexpected element <{tag}>{node.hint_xml(tag)}"


def _object(walk: Walk, node: ObjectNode, element: etree._Element) -> Any:
    if node.other_envelopes:
        envelope = node.other_envelope({str(child.tag) for child in element})
        if envelope is not None:
            walk.error(f"a different error envelope ({envelope}), not {node.model}")
            return INVALID
    before = walk.problems.error_count
    if not len(element) and not element.attrib and not (element.text or "").strip(SPACE):
        # An empty element (a flood of them costs this, not the whole walk below).
        empty: dict[str, Any] = {field.name: () for field in _optional_unwrapped(node)}
        walk.missing(node, empty, _element_word)
        return INVALID if walk.problems.error_count > before else walk.make(node, empty, {})
    _plain(walk, element)
    values: dict[str, Any] = {}
    repeated: dict[str, list[Any]] = {}
    unknown: dict[str, Any] = {}
    unknown_repeats: dict[str, list[Any]] = {}
    for child in _children(walk, element):
        field = node.by_xml.get(child.tag)
        where = f"{walk.xpath}/{child.tag}"
        if field is None:
            tag = child.tag
            walk.at(tag, xpath=where, line=line_of(child)).unknown(
                partial(_unexpected_element, node, tag), node=child
            )
            _keep(unknown, unknown_repeats, child)
            continue
        if isinstance(field.node, ArrayNode) and not field.wrapped:
            items = repeated.setdefault(field.name, [])
            item = walk.at(field.name).at(
                len(items), xpath=f"{where}[{len(items) + 1}]", line=line_of(child)
            )
            items.append(_value(item, field.node.item, child))
            continue
        if field.name in values:
            names = " or ".join(f"<{name}>" for name in (field.xml_name, *field.xml_aliases))
            walk.at(field.name, xpath=where, line=line_of(child)).error(
                f"{names} appears more than once"
            )
        elif isinstance(field.node, ScalarNode):  # most values: no Walk unless a problem
            values[field.name] = _scalar(walk, field.name, where, field.node, child)
        elif isinstance(field.node, ArrayNode):
            step = walk.at(field.name, xpath=where, line=line_of(child))
            item_names = (field.item_xml_name, *field.item_xml_aliases)
            values[field.name] = _wrapped(step, field.node, item_names, child)
        else:
            values[field.name] = _value(
                walk.at(field.name, xpath=where, line=line_of(child)), field.node, child
            )
    for name, items in repeated.items():
        array = node.by_name[name].node
        assert isinstance(array, ArrayNode)
        check_length(array, len(items), walk.at(name, xpath=walk.xpath, line=walk.line))
        values[name] = tuple(items)
    for field in _optional_unwrapped(node):
        if field.name not in values:
            values[field.name] = ()  # an unwrapped empty array leaves no trace in XML
    for tag, kept in unknown_repeats.items():
        unknown[tag] = tuple(kept)
    walk.missing(node, values, _element_word)
    if walk.problems.error_count > before:
        return INVALID
    return walk.make(node, values, unknown)


@cache
def _optional_unwrapped(node: ObjectNode) -> tuple[Field, ...]:
    return tuple(
        field
        for field in node.fields
        if isinstance(field.node, ArrayNode) and not field.wrapped and field.node.min_items == 0
    )


def _element_word(field: Field) -> str:
    return f"element <{field.xml_name}>"


def _keep(unknown: dict[str, Any], repeats: dict[str, list[Any]], element: etree._Element) -> None:
    """An element no source names, kept as its text, or a mapping of its children's: what a
    JSON member would hold, as far as XML can say. A repeated name collects into ``repeats``
    (made a tuple by the caller once all are read: a flood of one name costs one list)."""
    value: Any
    if len(element):
        value = {}
        inner: dict[str, list[Any]] = {}
        for child in element:
            if isinstance(child.tag, str):
                _keep(value, inner, child)
        for tag, kept in inner.items():
            value[tag] = tuple(kept)
    else:
        value = element.text or ""
    tag = str(element.tag)
    if tag in repeats:
        repeats[tag].append(value)
    elif tag in unknown:
        repeats[tag] = [unknown[tag], value]
    else:
        unknown[tag] = value


def _wrapped(
    walk: Walk, array: ArrayNode, item_names: tuple[str, ...], element: etree._Element
) -> Any:
    before = walk.problems.error_count
    _plain(walk, element)
    items: list[Any] = []
    for child in _children(walk, element):
        where = f"{walk.xpath}/{child.tag}[{len(items) + 1}]"
        if child.tag not in item_names:
            there = walk.there(xpath=where, line=line_of(child))
            there.error(f"unexpected element <{child.tag}>; expected <{item_names[0]}>")
            continue
        items.append(
            _value(walk.at(len(items), xpath=where, line=line_of(child)), array.item, child)
        )
    check_length(array, len(items), walk)
    return INVALID if walk.problems.error_count > before else tuple(items)


def _value(walk: Walk, node: Node, element: etree._Element) -> Any:
    if isinstance(node, ObjectNode):
        return _object(walk, node, element)
    if isinstance(node, MapNode):
        return _map(walk, node, element)
    assert isinstance(node, ScalarNode)  # shapes refuse arrays of arrays when compiled
    return _scalar(walk.there(xpath=walk.xpath, line=walk.line), None, walk.xpath, node, element)


def _scalar(
    parent: Walk, key: PathPart | None, where: str | None, node: ScalarNode, element: Any
) -> Any:
    """An element's value; the Walk to report at is made only when there is a problem
    (``key`` None: ``parent`` is the element's own)."""
    if element.attrib or len(element):
        walk = parent if key is None else parent.at(key, xpath=where, line=line_of(element))
        if not _no_attributes(walk, element):
            return INVALID
        walk.error(f"expected {node.lexical.expected}, found element <{element[0].tag}>")
        return INVALID
    text = element.text or ""
    limits = parent.problems.limits
    try:
        if node.lexical.numeric and len(text) > limits.max_number_length:
            check_number_text(text.strip(SPACE), limits)
        value = node.lexical.from_xml(text)
        check_facets(node, value)
    except ValueError as error:
        walk = parent if key is None else parent.at(key, xpath=where, line=line_of(element))
        if isinstance(error, DecodeError):
            refused = DecodeError(error.message, path=walk.path, xpath=walk.xpath, line=walk.line)
            walk.problems.add(refused)
        else:
            walk.error(str(error))
        return INVALID
    said = tolerated(node, value)
    if said is not None:
        (parent if key is None else parent.at(key, xpath=where, line=line_of(element))).tolerate(
            said
        )
    return value


def _map(walk: Walk, node: MapNode, element: etree._Element) -> Any:
    before = walk.problems.error_count
    _plain(walk, element)
    repeated = isinstance(node.value, ArrayNode)
    item = node.value.item if isinstance(node.value, ArrayNode) else node.value
    assert isinstance(item, ScalarNode)  # shapes refuse maps of anything else when compiled
    values: dict[str, Any] = {}
    for child in _children(walk, element):
        where = f"{walk.xpath}/{child.tag}"
        value = _scalar(walk, child.tag, where, item, child)
        if repeated:
            values.setdefault(child.tag, []).append(value)
        elif child.tag in values:
            walk.there(xpath=where, line=line_of(child)).error(
                f"<{child.tag}> appears more than once"
            )
        else:
            values[child.tag] = value
    if walk.problems.error_count > before:
        return INVALID
    return {key: tuple(value) if repeated else value for key, value in values.items()}


# --------------------------------------------------------------------------- encoding


def to_xml_element(node: ObjectNode, record: Any, name: str | None = None) -> etree._Element:
    """The element of ``record`` in shape ``node``, named ``name`` (a root alias) or its root."""
    name = name or node.xml_root
    root = etree.Element(name)
    _fill(node, record, root, (), f"/{name}")
    return root


def _fill(node: ObjectNode, record: Any, element: etree._Element, path: Path, xpath: str) -> None:
    for field in node.fields:
        if field.name not in record:
            continue
        value = record[field.name]
        where = (*path, field.name)
        if isinstance(field.node, ArrayNode):
            parent = etree.SubElement(element, field.xml_name) if field.wrapped else element
            base = f"{xpath}/{field.xml_name}" if field.wrapped else xpath
            for index, item in enumerate(value):
                child = etree.SubElement(parent, field.item_xml_name)
                _put(
                    field.node.item,
                    item,
                    child,
                    (*where, index),
                    f"{base}/{field.item_xml_name}[{index + 1}]",
                )
        else:
            child = etree.SubElement(element, field.xml_name)
            _put(field.node, value, child, where, f"{xpath}/{field.xml_name}")
    for key, value in record.unknown_fields.items():
        named = node.by_xml.get(key)
        if named is not None:
            raise EncodeError(
                f"the unknown field {short(key)} bears an XML name of the field "
                f"{named.name!r}: written beside it, it would be read as that field",
                path=(*path, key),
                xpath=f"{xpath}/{key}",
            )
        _put_plain(element, key, value, (*path, key), xpath)


def _put_plain(element: etree._Element, key: str, value: Any, path: Path, xpath: str) -> None:
    """A member no source names, written as ``_keep`` reads it back (JSON's types aside)."""
    for each in value if isinstance(value, tuple | list) else (value,):
        child = _map_child(element, key, path, xpath, "the unknown field")
        if isinstance(each, tuple | list):
            raise EncodeError(
                f"the unknown field {short(key)} holds a list inside a list, which XML cannot "
                "say (through XML an unknown field keeps its text, objects and lists only)",
                path=path,
                xpath=f"{xpath}/{key}",
            )
        if isinstance(each, dict):
            for inner, item in each.items():
                _put_plain(child, str(inner), item, (*path, inner), f"{xpath}/{key}")
        elif each is not None:
            text = (
                {True: "true", False: "false"}.get(each, each) if isinstance(each, bool) else each
            )
            text = format(text, "f") if isinstance(text, Decimal) else str(text)
            try:
                check_xml_text(text)
            except ValueError as error:
                raise EncodeError(str(error), path=path, xpath=f"{xpath}/{key}") from None
            child.text = text


def _map_child(
    element: etree._Element, key: str, path: Path, xpath: str, what: str = "map key"
) -> etree._Element:
    """A child named by a map key: any name the reader accepts (``límite`` too) is written, as
    libxml2 judges names both ways; a prefix or ``{namespace}`` would leave the empty namespace."""
    try:
        if ":" in key or key.startswith("{"):
            raise ValueError(key)
        return etree.SubElement(element, key)
    except ValueError:
        raise EncodeError(
            f"{what} {short(key)} is not an XML element name", path=path, xpath=xpath
        ) from None


def _put(node: Node, value: Any, element: etree._Element, path: Path, xpath: str) -> None:
    if isinstance(node, ObjectNode):
        _fill(node, value, element, path, xpath)
    elif isinstance(node, MapNode):
        for key, item in value.items():
            inner = node.value.item if isinstance(node.value, ArrayNode) else node.value
            for each in item if isinstance(node.value, ArrayNode) else (item,):
                _put(
                    inner,
                    each,
                    _map_child(element, key, (*path, key), xpath),
                    (*path, key),
                    f"{xpath}/{key}",
                )
    elif isinstance(node, ScalarNode):
        try:
            text = node.lexical.to_text(value)
            check_xml_text(text)
        except ValueError as error:
            raise EncodeError(str(error), path=path, xpath=xpath) from None
        element.text = text
    else:  # pragma: no cover - shapes refuse arrays of arrays when compiled
        raise AssertionError(f"{xpath}: an array of arrays")
