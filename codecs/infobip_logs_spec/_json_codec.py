"""JSON ⇄ model, driven by the shapes. Numbers are written from their exact value, never in
exponent form and with their scale; strings as JSON escapes them, non-ASCII kept as is."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from json.encoder import encode_basestring
from typing import Any

from ._contract import Contract
from ._errors import EncodeError, PathPart
from ._lexical import short
from ._limits import DEFAULT_LIMITS, Limits
from ._problems import INVALID, Problems
from ._shape import ArrayNode, Field, MapNode, Node, ObjectNode, ScalarNode
from ._walk import RecordMaker, Walk, check_facets, check_length, tolerated

__all__ = ["from_json_document", "read_value", "to_json_text"]


def from_json_document(
    contract: Contract,
    node: ObjectNode,
    document: Any,
    records: RecordMaker,
    problems: Problems | None = None,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = True,
) -> Any:
    """The record for a parsed document; without ``problems`` the errors are raised (and the
    warnings warned, as one ``ContractWarning``)."""
    collected = problems or Problems(strict=strict, limits=limits)
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
        return _scalar(walk, None, node, value)
    if isinstance(node, ObjectNode):
        return _object(walk, node, value)
    before = walk.problems.error_count
    if isinstance(node, ArrayNode):
        if not isinstance(value, list | tuple):
            walk.error(f"expected an array, got {short(value)}")
            return INVALID
        check_length(node, len(value), walk)
        item_node = node.item
        if isinstance(item_node, ObjectNode):  # most arrays: one call less per item
            items = tuple(_object(walk.at(i), item_node, item) for i, item in enumerate(value))
        else:
            items = tuple(read_value(walk.at(i), item_node, item) for i, item in enumerate(value))
        return INVALID if walk.problems.error_count > before else items
    if not isinstance(value, Mapping):
        walk.error(f"expected an object, got {short(value)}")
        return INVALID
    entries = {
        str(key): read_value(walk.at(str(key)), node.value, item) for key, item in value.items()
    }
    return INVALID if walk.problems.error_count > before else entries


def _scalar(parent: Walk, key: PathPart | None, node: ScalarNode, value: Any) -> Any:
    """A scalar's value; the Walk to report at (``parent.at(key)``, or ``parent`` itself when
    ``key`` is None) is made only when there is something to report."""
    try:
        converted = node.lexical.check(value)
        check_facets(node, converted)
    except ValueError as error:
        (parent if key is None else parent.at(key)).error(str(error))
        return INVALID
    said = tolerated(node, converted)
    if said is not None:
        (parent if key is None else parent.at(key)).tolerate(said)
    return converted


def _unexpected_field(node: ObjectNode, key: str) -> str:
    return f"unexpected field{node.hint_json(key)}"


def _object(walk: Walk, node: ObjectNode, value: Any) -> Any:
    if type(value) is dict and not value:
        # An empty object (a flood of them costs this, not the whole walk below).
        before = walk.problems.error_count
        walk.missing(node, value, _field_word)
        return INVALID if walk.problems.error_count > before else walk.make(node, {}, {})
    if walk.records.made(walk.contract, node, value):
        return value
    if not isinstance(value, Mapping):
        walk.error(f"expected an object, got {short(value)}")
        return INVALID
    if node.other_envelopes:
        envelope = node.other_envelope({str(key) for key in value})
        if envelope is not None:
            walk.error(f"a different error envelope ({envelope}), not {node.model}")
            return INVALID
    before = walk.problems.error_count
    values: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    spelled: dict[str, str] = {}  # a field read under an alias: the spelling it came as
    for key, item in value.items():
        field = node.json_field(key)
        if field is None:
            walk.at(key).unknown(partial(_unexpected_field, node, str(key)))
            unknown[str(key)] = _plain_json(item)
            continue
        if field.name in values or field.name in spelled:
            first = spelled.get(field.name, field.name)
            walk.at(key).error(f"{field.name!r} is given twice: as {first!r} and as {key!r}")
            continue
        spelled[field.name] = key
        if item is None and isinstance(field.node, ScalarNode) and field.node.nullable:
            continue  # null: the field is absent, as XML can only say
        if isinstance(field.node, ScalarNode):  # most values: no Walk unless a problem
            values[field.name] = _scalar(walk, key, field.node, item)
        else:
            values[field.name] = read_value(walk.at(key), field.node, item)
    walk.missing(node, values, _field_word)
    if walk.problems.error_count > before:
        return INVALID
    return walk.make(node, values, unknown)


def _field_word(_: Field) -> str:
    return "field"


def _plain_json(value: Any) -> Any:
    """An unknown member's value as the record keeps it: arrays as tuples, so it compares and
    hashes like every other value of a record."""
    if isinstance(value, list | tuple):
        return tuple(_plain_json(item) for item in value)
    if isinstance(value, Mapping):
        return {str(key): _plain_json(item) for key, item in value.items()}
    return value


def to_json_text(node: ObjectNode, record: Any, indent: int | None = None) -> str:
    out: list[str] = []
    _write(node, record, (), out, indent, 0)
    return "".join(out)


def _write(
    node: Node | None,
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
        items: list[tuple[str | None, Any, Node | None]] = [
            (None, item, node.item) for item in value
        ]
        _container(items, "[]", path, out, indent, depth)
        return
    if isinstance(node, MapNode):
        entries: list[tuple[str | None, Any, Node | None]] = [
            (key, item, node.value) for key, item in value.items()
        ]
        _container(entries, "{}", path, out, indent, depth)
        return
    if node is None:  # a member no source names, kept as it was read
        _write_plain(value, path, out, indent, depth)
        return
    members: list[tuple[str | None, Any, Node | None]] = [
        (field.name, value[field.name], field.node) for field in node.fields if field.name in value
    ]
    for key, item in value.unknown_fields.items():
        named = node.json_field(key)
        if named is not None:
            raise EncodeError(
                f"the unknown field {short(key)} bears the JSON name of the field "
                f"{named.name!r}: written beside it, it would be read as that field",
                path=(*path, key),
            )
        members.append((key, item, None))
    _container(members, "{}", path, out, indent, depth)


def _write_plain(
    value: Any, path: tuple[PathPart, ...], out: list[str], indent: int | None, depth: int
) -> None:
    if isinstance(value, Mapping):
        members: list[tuple[str | None, Any, Node | None]] = [
            (str(key), item, None) for key, item in value.items()
        ]
        _container(members, "{}", path, out, indent, depth)
    elif isinstance(value, list | tuple):
        _container([(None, item, None) for item in value], "[]", path, out, indent, depth)
    elif isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None or isinstance(value, bool):
        out.append({None: "null", True: "true", False: "false"}[value])
    elif isinstance(value, int | Decimal) and not (
        isinstance(value, Decimal) and not value.is_finite()
    ):
        out.append(str(value))
    else:
        raise EncodeError(f"cannot write {short(value)} in JSON", path=path)


def _container(
    members: list[tuple[str | None, Any, Node | None]],
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
