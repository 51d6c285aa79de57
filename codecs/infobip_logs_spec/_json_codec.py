"""JSON ⇄ model, driven by the shapes. Numbers are written from their exact value, never in
exponent form and with their scale; strings as JSON escapes them, non-ASCII kept as is."""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

from ._contract import Contract
from ._errors import EncodeError, PathPart
from ._limits import DEFAULT_LIMITS, Limits
from ._model import Record, to_model
from ._problems import Problems
from ._shape import ArrayNode, MapNode, Node, ObjectNode, ScalarNode

__all__ = ["from_json_document", "to_json_text"]


def from_json_document(
    contract: Contract,
    node: ObjectNode,
    document: Any,
    problems: Problems | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """The record for a parsed document; without ``problems`` the errors are raised."""
    collected = problems or Problems(limits=limits)
    record = collected.run(lambda: to_model(contract, node, document, (), collected))
    if problems is None:
        collected.raise_errors()
    return record


def to_json_text(node: ObjectNode, record: Record, indent: int | None = None) -> str:
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
