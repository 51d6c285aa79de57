"""The JSON encoder's fast path: a writer compiled per shape, and msgspec to write the text.

For each shape, once per process, Python source generated from the shape turns a record into
plain dicts and lists in the spec's order (dates in the API's spelling, prices in fixed point),
and msgspec writes them. It gives the bytes the exact writer gives (a property test keeps them
equal); a record it cannot write so (a member no source names, a date the API's spelling
cannot carry, a price with an exponent) gets ``None``, and the exact writer writes it or says
why it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import msgspec

from ._lexical import DECIMAL
from ._model import Record
from ._shape import ArrayNode, MapNode, Node, ObjectNode, ScalarNode
from ._source import SourceBuilder
from ._walk import UNKNOWN

__all__ = ["fast_encode_json"]

_WRITER = msgspec.json.Encoder(decimal_format="number")


class _RefusedError(Exception):
    """The fast path cannot write this record as the exact writer does."""


def _refuse(value: Any) -> Any:
    raise _RefusedError


def fast_encode_json(node: ObjectNode, record: Record, indent: int | None) -> bytes | None:
    """The JSON of ``record``, or ``None`` when the exact writer must write it."""
    write = _writer(node)
    try:
        plain = write(record._values)
    except (_RefusedError, KeyError, AttributeError, TypeError):
        return None
    try:
        text = _WRITER.encode(plain)
    except (TypeError, ValueError, UnicodeEncodeError):  # a lone surrogate: the writer says where
        return None
    return text if indent is None else msgspec.json.format(text, indent=indent)


@cache
def _writer(node: ObjectNode) -> Callable[[dict[str, Any]], Any]:
    compiler = _Compiler()
    top = compiler.function(node)
    namespace = compiler.compiled(
        f"writers of {node.component}", refuse=_refuse, Refused=_RefusedError, UNKNOWN=UNKNOWN
    )
    return namespace[top]  # type: ignore[no-any-return]


class _Compiler(SourceBuilder):
    def function(self, node: ObjectNode) -> str:
        name, new = self.name_for(node, "write")
        if not new:
            return name
        changed = []
        for field in node.fields:
            key = repr(field.name)
            if isinstance(field.node, ScalarNode) and field.node.lexical.python_type == "datetime":
                # 2015-02-23T17:40:31.773+01:00, less its colon: the API's spelling; a date
                # with microseconds, no offset or one of seconds is the exact writer's.
                changed += [
                    f"    x = v.get({key})",
                    "    if x is not None:",
                    "        t = x.isoformat(timespec='milliseconds')",
                    "        if len(t) != 29 or x.microsecond % 1000:",
                    "            raise Refused",
                    f"        o[{key}] = t[:26] + t[27:]",
                ]
                continue
            value = self.convert(field.node, "x")
            if value != "x":  # else a string, an integer, a boolean: as it is
                changed += [
                    f"    x = v.get({key})",
                    "    if x is not None:",
                    f"        o[{key}] = {value}",
                ]
        # A record's values are in the shape's order: the copy keeps it, and a converted value
        # put back under its name keeps its place. With nothing to convert, the values are
        # written as they are.
        self.source += [
            f"def {name}(v):",
            "    if UNKNOWN in v:",
            "        raise Refused",
            *(["    o = v.copy()", *changed] if changed else ["    o = v"]),
            "    return o",
        ]
        return name

    def convert(self, node: Node, name: str) -> str:
        if isinstance(node, ObjectNode):
            return f"{self.function(node)}({name}._values)"
        if isinstance(node, ArrayNode):
            inner = self.convert(node.item, "i")
            return f"list({name})" if inner == "i" else f"[{inner} for i in {name}]"
        if isinstance(node, MapNode):
            return self.each_value(name, self.convert(node.value, "i"))
        assert isinstance(node, ScalarNode)
        if node.lexical is DECIMAL:
            # str() of a record's Decimal (never a positive exponent) is fixed point unless
            # it is this small; then the exact writer writes it.
            return f"({name} if {name}.adjusted() >= -6 else refuse({name}))"
        if node.lexical.python_type == "datetime":
            return f"refuse({name})"  # an array of dates: none in the spec, the exact writer
        return name
