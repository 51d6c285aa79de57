"""JSON ⇄ model, driven by the shapes. Numbers are written from their exact value, never in
exponent form and with their scale; strings as JSON escapes them, non-ASCII kept as is."""

from __future__ import annotations

from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import Any

from ._contract import Contract
from ._errors import EncodeError, PathPart
from ._lexical import short
from ._limits import DEFAULT_LIMITS, Limits
from ._problems import INVALID, Problems
from ._shape import ArrayNode, MapNode, Node, ObjectNode, ScalarNode
from ._walk import RecordMaker, Walk, check_facets, check_length

__all__ = ["from_json_document", "read_value", "to_json_text"]


def from_json_document(
    contract: Contract,
    node: ObjectNode,
    document: Any,
    records: RecordMaker,
    problems: Problems | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """The record for a parsed document; without ``problems`` the errors are raised."""
    collected = problems or Problems(limits=limits)
    walk = Walk(contract, collected, records)
    record = collected.run(lambda: read_value(walk, node, document))
    if problems is None:
        collected.raise_errors()
    return record


def read_value(walk: Walk, node: Node, value: Any) -> Any:
    """The model's value for a parsed-JSON (or Python) value; ``INVALID`` after a problem.

    JSON's values (``dict``, ``list``, ``str``, ``int``, ``Decimal``, ``bool``) are a subset of
    what a caller may give ``Record(...)``, which reads its arguments with this walk too.
    """
    if isinstance(node, ScalarNode):
        try:
            converted = node.lexical.check(value)
            check_facets(node, converted)
        except ValueError as error:
            walk.error(str(error))
            return INVALID
        return converted
    if isinstance(node, ObjectNode):
        return _object(walk, node, value)
    before = walk.problems.error_count
    if isinstance(node, ArrayNode):
        if not isinstance(value, list | tuple):
            walk.error(f"expected an array, got {short(value)}")
            return INVALID
        check_length(node, len(value), walk)
        items = tuple(read_value(walk.at(i), node.item, item) for i, item in enumerate(value))
        return INVALID if walk.problems.error_count > before else items
    if not isinstance(value, Mapping):
        walk.error(f"expected an object, got {short(value)}")
        return INVALID
    entries = {
        str(key): read_value(walk.at(str(key)), node.value, item) for key, item in value.items()
    }
    return INVALID if walk.problems.error_count > before else entries


def _scalar(parent: Walk, key: PathPart, node: ScalarNode, value: Any) -> Any:
    try:
        converted = node.lexical.check(value)
        check_facets(node, converted)
    except ValueError as error:
        parent.at(key).error(str(error))
        return INVALID
    return converted


def _object(walk: Walk, node: ObjectNode, value: Any) -> Any:
    if walk.records.made(walk.contract, node, value):
        return value
    if not isinstance(value, Mapping):
        walk.error(f"expected an object, got {short(value)}")
        return INVALID
    before = walk.problems.error_count
    values: dict[str, Any] = {}
    for key, item in value.items():
        field = node.by_name.get(key)
        if field is None:
            walk.at(key).unknown(f"unexpected field{node.hint_json(str(key))}")
            continue
        if isinstance(field.node, ScalarNode):  # most values: no Walk unless a problem
            values[key] = _scalar(walk, key, field.node, item)
        else:
            values[key] = read_value(walk.at(key), field.node, item)
    for field in node.fields:
        if field.required and field.name not in values:
            walk.at(field.name).error("required field is missing")
    if walk.problems.error_count > before:
        return INVALID
    return walk.make(node, values)


def to_json_text(node: ObjectNode, record: Any, indent: int | None = None) -> str:
    out: list[str] = []
    _write(node, record, (), out, indent, 0)
    return "".join(out)


def _write(
    node: Node,
    value: Any,
    path: tuple[PathPart, ...],
    out: list[str],
    indent: int | None,
    depth: int,
) -> None:
    if isinstance(node, ScalarNode):
        try:
            text = node.lexical.to_text(value)
        except ValueError as error:
            raise EncodeError(str(error), path=path) from None
        out.append(encode_basestring(text) if node.lexical.json_quoted else text)
        return
    if isinstance(node, ArrayNode):
        items: list[tuple[str | None, Any, Node]] = [(None, item, node.item) for item in value]
        _container(items, "[]", path, out, indent, depth)
        return
    if isinstance(node, MapNode):
        members = [(key, item, node.value) for key, item in value.items()]
        _container(members, "{}", path, out, indent, depth)
        return
    members = [
        (field.name, value._values[field.name], field.node)
        for field in node.fields
        if field.name in value._values
    ]
    _container(members, "{}", path, out, indent, depth)


def _container(
    members: list[tuple[str | None, Any, Node]],
    brackets: str,
    path: tuple[PathPart, ...],
    out: list[str],
    indent: int | None,
    depth: int,
) -> None:
    out.append(brackets[0])
    for index, (key, item, node) in enumerate(members):
        if index:
            out.append(",")
        if indent is not None:
            out.append("\n" + " " * (indent * (depth + 1)))
        if key is not None:
            out.append(encode_basestring(key))
            out.append(": " if indent is not None else ":")
        _write(node, item, (*path, key if key is not None else index), out, indent, depth + 1)
    if indent is not None and members:
        out.append("\n" + " " * (indent * depth))
    out.append(brackets[1])
