"""What each query parameter selects: one rule per parameter, found from the item's fields.

A parameter filters the field of the same name (case aside): equality for a single value,
membership for a list (``bulkId=a,b``). The parameters whose meaning the vendor describes in
words have a rule here: ``generalStatus`` is the status group, ``mcc``/``mnc`` are the two parts
of ``mccmnc``, ``…Since``/``…Until`` bound the ``…At`` date, ``keyword=NO_KEYWORD`` selects
messages without a keyword, and ``limit`` is the page size. A parameter that a later spec adds
and that none of these fits is refused when the server starts, never ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._contract import Contract, Operation
from .._model import Record
from .._shape import Field, ObjectNode

__all__ = ["NO_KEYWORD", "Query", "Rule", "compile_query", "find_field", "read_path"]

NO_KEYWORD = "NO_KEYWORD"  # the inbox's documented value for "no keyword"
MCC_DIGITS = 3  # a mobile country code has three digits; the network code follows
SINCE, UNTIL, AT = "Since", "Until", "At"
PAGE_SIZE = "limit"
DESCRIBED: Mapping[str, tuple[str, ...]] = {
    "generalStatus": ("status", "groupName"),
    "mcc": ("mccmnc",),
    "mnc": ("mccmnc",),
}


@dataclass(frozen=True)
class Rule:
    """How one parameter selects items: the field path it reads and the test."""

    parameter: str
    path: tuple[str, ...]
    test: Callable[[Any, Any], bool]  # (the field's value or None, the parameter's value)
    values: tuple[Any, ...] | None = None  # the parameter's enum, when it has one
    prepare: Callable[[Any], Any] = lambda value: value  # the query value, read once

    def matches(self, item: Record, value: Any) -> bool:
        return bool(self.test(read_path(item, self.path), value))


@dataclass(frozen=True)
class Query:
    """The rules of an operation, and its page size's default and maximum."""

    rules: Mapping[str, Rule]
    default_limit: int | None
    max_limit: int | None


def read_path(item: Record, path: tuple[str, ...]) -> Any:
    value: Any = item
    for name in path:
        if not isinstance(value, Record) or name not in value:
            return None
        value = value[name]
    return value


def find_field(node: ObjectNode, name: str) -> Field | None:
    """The field named ``name``, matched without case (``mccmnc`` and ``mccMnc`` alike)."""
    for field in node.fields:
        if field.name.lower() == name.lower():
            return field
    return None


def _resolve_path(node: ObjectNode, names: tuple[str, ...]) -> tuple[str, ...] | None:
    path: list[str] = []
    current: Any = node
    for name in names:
        if not isinstance(current, ObjectNode):
            return None
        field = find_field(current, name)
        if field is None:
            return None
        path.append(field.name)
        current = field.node
    return tuple(path)


def _equal(found: Any, wanted: Any) -> bool:
    return found is not None and found == wanted


def _member(found: Any, wanted: list[Any]) -> bool:
    return found is not None and found in wanted


def _since(found: Any, wanted: datetime) -> bool:
    return isinstance(found, datetime) and found >= wanted


def _until(found: Any, wanted: datetime) -> bool:
    return isinstance(found, datetime) and found <= wanted


def _mcc(found: Any, wanted: str) -> bool:
    return isinstance(found, str) and found[:MCC_DIGITS] == wanted


def _mnc(found: Any, wanted: str) -> bool:
    return isinstance(found, str) and found[MCC_DIGITS:] == wanted


def _keyword(found: Any, wanted: str) -> bool:
    return not found if wanted == NO_KEYWORD else found == wanted


def _rule(contract: Contract, operation: Operation, item: ObjectNode, name: str) -> Rule:
    parameter = operation.parameters[name]
    schema = contract.resolve(parameter.schema)
    enum = schema.get("enum") or contract.resolve(schema.get("items", {})).get("enum")
    values = tuple(enum) if enum else None
    test: Callable[[Any, Any], Any]
    prepare: Callable[[Any], Any] = Rule.prepare
    if name.endswith(SINCE) or name.endswith(UNTIL):
        # The query's dates are ISO 8601 with a colon in the offset (the pattern checked it).
        names: tuple[str, ...] = (name.removesuffix(SINCE).removesuffix(UNTIL) + AT,)
        test = _since if name.endswith(SINCE) else _until
        prepare = datetime.fromisoformat
    elif name in DESCRIBED:
        names = DESCRIBED[name]
        test = {"mcc": _mcc, "mnc": _mnc}.get(name, _equal)
    else:
        names = (name,)
        test = _member if schema.get("type") == "array" else _equal
        if name == "keyword":
            test = _keyword
    # A filter on something the records do not carry (live e-mail logs' campaignReferenceId):
    # no record has the value asked for, so none matches.
    path = _resolve_path(item, names) or names
    return Rule(name, path, test, values, prepare)


def compile_query(contract: Contract, operation: Operation, item: ObjectNode) -> Query:
    """The rules of every query parameter of ``operation``, whose answer lists ``item``s."""
    rules = {
        name: _rule(contract, operation, item, name)
        for name in operation.parameters
        if name != PAGE_SIZE
    }
    default_limit = max_limit = None
    if PAGE_SIZE in operation.parameters:
        schema = contract.resolve(operation.parameters[PAGE_SIZE].schema)
        default_limit = schema.get("default")
        max_limit = schema.get("maximum")
    return Query(rules, default_limit, max_limit)
