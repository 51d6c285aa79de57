"""The JSON encoder's fast path: a writer compiled per shape, and msgspec to write the text.

For each shape, once per process, Python source generated from the shape turns a record into
msgspec Structs of the spec's names and order, which leave an absent field out (dates in the
API's spelling, prices in fixed point), and msgspec writes them. It gives the bytes the exact
writer gives (a property test keeps them equal); a record it cannot write so (a member no
source names, a date the API's spelling cannot carry, a price with an exponent) gets ``None``,
and the exact writer writes it or says why it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import msgspec

from ._lexical import DECIMAL, api_date_text
from ._model import Record
from ._shape import ArrayNode, MapNode, Node, ObjectNode, ScalarNode
from ._source import SourceBuilder

__all__ = ["fast_encode_json"]

_WRITER = msgspec.json.Encoder(decimal_format="number")


class _RefusedError(Exception):
    """The fast path cannot write this record as the exact writer does."""


def _refuse(value: Any) -> Any:
    raise _RefusedError


def _api_date(value: Any) -> str:
    """2015-02-23T17:40:31.773+0100, the API's spelling; a date it cannot carry, or one the
    exact writer must judge, is the exact writer's."""
    text = api_date_text(value)
    if text is None:
        raise _RefusedError
    return text


def fast_encode_json(node: ObjectNode, record: Record, indent: int | None) -> bytes | None:
    """The JSON of ``record`` (whose class's shape is ``node``), or ``None`` when the exact
    writer must write it."""
    write = _writer(node)
    try:
        plain = write(record._values)
    except (_RefusedError, IndexError, AttributeError, TypeError):
        return None
    try:
        text = _WRITER.encode(plain)
    except (TypeError, ValueError, UnicodeEncodeError):  # a lone surrogate: the writer says where
        return None
    return text if indent is None else msgspec.json.format(text, indent=indent)


@cache
def _writer(node: ObjectNode) -> Callable[[tuple[Any, ...]], Any]:
    compiler = _Compiler()
    top = compiler.function(node)
    namespace = compiler.compiled(
        f"writers of {node.component}", refuse=_refuse, Refused=_RefusedError, date=_api_date
    )
    return namespace[top]  # type: ignore[no-any-return]


class _Compiler(SourceBuilder):
    def function(self, node: ObjectNode) -> str:
        """``write_N(v)``: the Struct that msgspec writes for the values ``v`` of a record of
        ``node`` (laid out as its class's shape, which is ``node``)."""
        name, new = self.name_for(node, "write")
        if not new:
            return name
        struct = msgspec.defstruct(
            name,
            [(f"f{index}", Any, None) for index in range(len(node.fields))],
            rename={f"f{index}": field.name for index, field in enumerate(node.fields)},
            omit_defaults=True,  # None is an absent field: left out
            gc=False,
        )
        values = []
        for index, field in enumerate(node.fields):
            value = self.convert(field.node, "x")
            # A string, an integer, a boolean: as it is; else converted when present.
            values.append(
                f"v[{index}]"
                if value == "x"
                else f"(None if (x := v[{index}]) is None else {value})"
            )
        self.source += [
            f"def {name}(v):",
            f"    if v[{len(node.fields)}] is not None:",
            "        raise Refused",  # a member no source names: the exact writer's
            f"    return {self.constant(struct)}({', '.join(values)})",
        ]
        return name

    def convert(self, node: Node, name: str, *, inside: bool = False) -> str:
        if isinstance(node, ObjectNode):
            return f"{self.function(node)}({name}._values)"
        if isinstance(node, ArrayNode):
            inner = self.convert(node.item, "i", inside=True)
            return f"list({name})" if inner == "i" else f"[{inner} for i in {name}]"
        if isinstance(node, MapNode):
            return self.each_value(name, self.convert(node.value, "i", inside=True))
        assert isinstance(node, ScalarNode)
        if node.lexical is DECIMAL:
            # str() of a record's Decimal (never a positive exponent) is fixed point unless
            # it is this small; then the exact writer writes it.
            return f"({name} if {name}.adjusted() >= -6 else refuse({name}))"
        if node.lexical.python_type == "datetime":
            # Dates in an array or a map: none in the spec, the exact writer's.
            return f"refuse({name})" if inside else f"date({name})"
        return name
