"""XML ⇄ model, driven by the shapes: element names from ``xml.name``, aliases read but never
written, wrapped and unwrapped arrays, any child order, whitespace between elements ignored.
Errors carry the JSON path, the XPath with 1-based positions, and the source line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from ._contract import Contract
from ._errors import ContractError, DecodeError, EncodeError, PathPart, ValidationError
from ._lexical import check_xml_text, short
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Record, check_facets, check_length, model_class
from ._problems import INVALID, Problems
from ._safe_parse import check_number_text
from ._shape import ArrayNode, Field, MapNode, Node, ObjectNode, ScalarNode

__all__ = ["from_xml_element", "line_of", "to_xml_element"]

Path = tuple[PathPart, ...]
SPACE = " \t\n\r"


def from_xml_element(
    contract: Contract,
    node: ObjectNode,
    root: etree._Element,
    problems: Problems | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """The record for ``root``; without ``problems`` the errors are raised, with it collected."""
    collected = problems or Problems(limits=limits)
    record = collected.run(lambda: _object(contract, node, root, (), f"/{root.tag}", collected))
    if problems is None:
        collected.raise_errors()
    return record


def line_of(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _error(message: str, path: Path, xpath: str, element: etree._Element) -> ValidationError:
    return ValidationError(message, path=path, xpath=xpath, line=line_of(element))


def _attribute_name(element: etree._Element, name: str) -> str:
    """``xsi:nil`` rather than ``{http://www.w3.org/2001/XMLSchema-instance}nil``."""
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        prefix = next((p for p, uri in element.nsmap.items() if uri == namespace and p), None)
        return f"{prefix}:{local}" if prefix else name
    return name


def _no_attributes(element: etree._Element, path: Path, xpath: str, problems: Problems) -> bool:
    """The API sends no attributes, so any is a fault, ``xsi:`` ones too: ``xsi:nil`` and
    ``xsi:type`` would change what an element means, and a schema-location hint names a file.
    Reports and returns False when there are some."""
    for name in element.attrib:
        shown = _attribute_name(element, str(name))
        problems.add(_error(f"unexpected attribute {short(shown)}", path, xpath, element))
    return not element.attrib


def _plain(element: etree._Element, path: Path, xpath: str, problems: Problems) -> bool:
    """No attributes and no text outside child elements; reports and returns False otherwise."""
    good = _no_attributes(element, path, xpath, problems)
    if element.text is not None and element.text.strip(SPACE):
        problems.add(_error(f"unexpected text {short(element.text.strip())}", path, xpath, element))
        good = False
    return good


def _children(
    element: etree._Element, path: Path, xpath: str, problems: Problems
) -> Iterator[etree._Element]:
    """The child elements, one at a time, so a walk stopped by the problem budget reads no
    further."""
    for child in element:
        if child.tail is not None and child.tail.strip(SPACE):
            message = f"unexpected text {short(child.tail.strip())}"
            problems.add(_error(message, path, xpath, element))
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions are removed by the parser
        if child.tag.startswith("{"):
            message = f"unexpected namespaced element {child.tag}"
            problems.add(_error(message, path, f"{xpath}/{child.tag}", child))
            continue
        yield child


def _object(
    contract: Contract,
    node: ObjectNode,
    element: etree._Element,
    path: Path,
    xpath: str,
    problems: Problems,
) -> Any:
    before = problems.error_count
    _plain(element, path, xpath, problems)
    values: dict[str, Any] = {}
    repeated: dict[str, list[Any]] = {}
    for child in _children(element, path, xpath, problems):
        field = node.by_xml.get(child.tag)
        where = f"{xpath}/{child.tag}"
        if field is None:
            problems.unknown(
                f"unexpected element <{child.tag}>{node.hint_xml(child.tag)}",
                path=(*path, child.tag),
                xpath=where,
                line=line_of(child),
                node=child,
            )
            continue
        if isinstance(field.node, ArrayNode) and not field.wrapped:
            items = repeated.setdefault(field.name, [])
            place = (*path, field.name, len(items))
            items.append(
                _value(
                    contract, field.node.item, child, place, f"{where}[{len(items) + 1}]", problems
                )
            )
            continue
        if field.name in values:
            names = " or ".join(f"<{name}>" for name in (field.xml_name, *field.xml_aliases))
            problems.add(
                _error(f"{names} appears more than once", (*path, field.name), where, child)
            )
            continue
        if isinstance(field.node, ArrayNode):
            values[field.name] = _wrapped(
                contract, field, child, (*path, field.name), where, problems
            )
        else:
            values[field.name] = _value(
                contract, field.node, child, (*path, field.name), where, problems
            )
    for name, items in repeated.items():
        array = node.by_name[name].node
        assert isinstance(array, ArrayNode)
        check_length(array, len(items), (*path, name), problems, xpath=xpath, line=line_of(element))
        values[name] = tuple(items)
    for field in node.fields:
        if field.name in values:
            continue
        if isinstance(field.node, ArrayNode) and not field.wrapped and field.node.min_items == 0:
            values[field.name] = ()  # an unwrapped empty array leaves no trace in XML
        elif field.required:
            message = f"required element <{field.xml_name}> is missing"
            problems.add(_error(message, (*path, field.name), xpath, element))
    if problems.error_count > before:
        return INVALID
    ordered = {f.name: values[f.name] for f in node.fields if f.name in values}
    return model_class(contract, node.model)._trusted(ordered)


def _wrapped(
    contract: Contract,
    field: Field,
    element: etree._Element,
    path: Path,
    xpath: str,
    problems: Problems,
) -> Any:
    before = problems.error_count
    _plain(element, path, xpath, problems)
    array = field.node
    assert isinstance(array, ArrayNode)
    items: list[Any] = []
    for child in _children(element, path, xpath, problems):
        where = f"{xpath}/{child.tag}[{len(items) + 1}]"
        if child.tag != field.item_xml_name:
            message = f"unexpected element <{child.tag}>; expected <{field.item_xml_name}>"
            problems.add(_error(message, path, where, child))
            continue
        items.append(_value(contract, array.item, child, (*path, len(items)), where, problems))
    check_length(array, len(items), path, problems, xpath=xpath, line=line_of(element))
    return INVALID if problems.error_count > before else tuple(items)


def _value(
    contract: Contract,
    node: Node,
    element: etree._Element,
    path: Path,
    xpath: str,
    problems: Problems,
) -> Any:
    if isinstance(node, ObjectNode):
        return _object(contract, node, element, path, xpath, problems)
    if isinstance(node, MapNode):
        return _map(node, element, path, xpath, problems)
    if isinstance(node, ArrayNode):
        raise ContractError(f"{xpath}: an array of arrays has no XML form here")
    return _scalar(node, element, path, xpath, problems)


def _scalar(
    node: ScalarNode, element: etree._Element, path: Path, xpath: str, problems: Problems
) -> Any:
    if not _no_attributes(element, path, xpath, problems):
        return INVALID
    if len(element):
        message = f"expected {node.lexical.expected}, found element <{element[0].tag}>"
        problems.add(_error(message, path, xpath, element))
        return INVALID
    text = element.text or ""
    try:
        if node.lexical.numeric and len(text) > problems.limits.max_number_length:
            check_number_text(text.strip(SPACE), problems.limits)
        value = node.lexical.from_xml(text)
        check_facets(node, value)
    except DecodeError as error:
        problems.add(DecodeError(error.message, path=path, xpath=xpath, line=line_of(element)))
        return INVALID
    except ValueError as error:
        problems.add(_error(str(error), path, xpath, element))
        return INVALID
    return value


def _map(node: MapNode, element: etree._Element, path: Path, xpath: str, problems: Problems) -> Any:
    before = problems.error_count
    _plain(element, path, xpath, problems)
    repeated = isinstance(node.value, ArrayNode)
    item = node.value.item if isinstance(node.value, ArrayNode) else node.value
    if not isinstance(item, ScalarNode):
        raise ContractError(
            f"{xpath}: only maps of scalars or of arrays of scalars have an XML form"
        )
    values: dict[str, Any] = {}
    for child in _children(element, path, xpath, problems):
        where = f"{xpath}/{child.tag}"
        value = _scalar(item, child, (*path, child.tag), where, problems)
        if repeated:
            values.setdefault(child.tag, []).append(value)
        elif child.tag in values:
            problems.add(_error(f"<{child.tag}> appears more than once", path, where, child))
        else:
            values[child.tag] = value
    if problems.error_count > before:
        return INVALID
    return {key: tuple(value) if repeated else value for key, value in values.items()}


# --------------------------------------------------------------------------- encoding


def to_xml_element(node: ObjectNode, record: Record) -> etree._Element:
    root = etree.Element(node.xml_root)
    _fill(node, record, root, (), f"/{node.xml_root}")
    return root


def _fill(
    node: ObjectNode, record: Record, element: etree._Element, path: Path, xpath: str
) -> None:
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


def _map_child(element: etree._Element, key: str, path: Path, xpath: str) -> etree._Element:
    """A child named by a map key: any name the reader accepts (``límite`` too) is written, as
    libxml2 judges names both ways; a prefix or ``{namespace}`` would leave the empty namespace."""
    try:
        if ":" in key or key.startswith("{"):
            raise ValueError(key)
        return etree.SubElement(element, key)
    except ValueError:
        raise EncodeError(
            f"map key {short(key)} is not an XML element name", path=path, xpath=xpath
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
    else:
        raise ContractError(f"{xpath}: an array of arrays has no XML form here")
