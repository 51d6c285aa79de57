"""The XML encoder's fast path: a writer compiled per shape that writes the text directly.

For each shape, once per process, Python source generated from the shape appends each
element's text to a list, in the shape's order and with its XML names, as lxml would serialise
the tree the exact writer builds: the same escapes (``&amp;``, ``&lt;``, ``&gt;``, ``&#13;``),
``<a/>`` for an element with nothing in it, the same declaration. A property test keeps the
bytes equal. What it cannot write so (pretty printing, a member no source names, a map, a
date or a string the API's spelling cannot carry) gets ``None``, and the exact writer writes
it or says why it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from ._lexical import BOOLEAN, DECIMAL, NOT_XML_CHAR, STRING, api_date_text
from ._model import Record, layout
from ._shape import ArrayNode, Field, Node, ObjectNode, ScalarNode
from ._source import SourceBuilder

__all__ = ["fast_encode_xml"]

DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
# What text needs escaped, or cannot be written at all: one search finds either.
_SPECIAL = re.compile("[&<>\r]|" + NOT_XML_CHAR.pattern)


class _RefusedError(Exception):
    """The fast path cannot write this record as the exact writer does."""


def _text(value: str) -> str:
    if _SPECIAL.search(value) is None:
        return value
    if NOT_XML_CHAR.search(value) is not None:
        raise _RefusedError  # the exact writer names the character and where it is
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def fast_encode_xml(
    node: ObjectNode, record: Record, root: str, *, pretty: bool, declaration: bool
) -> bytes | None:
    """The XML of ``record`` in shape ``node`` under ``root``, or ``None``."""
    if pretty:
        return None
    if layout(type(record)).names != _names(node):
        return None  # a shape the record's class does not lay out (none in the spec)
    out = [DECLARATION] if declaration else []
    try:
        _writer(node)(record._values, out, root)
    except (_RefusedError, AttributeError, IndexError, TypeError, ValueError):
        return None
    return "".join(out).encode("utf-8")


@cache
def _names(node: ObjectNode) -> tuple[str, ...]:
    return tuple(field.name for field in node.fields)


@cache
def _writer(node: ObjectNode) -> Callable[[tuple[Any, ...], list[str], str], None]:
    compiler = _Compiler()
    top = compiler.function(node)
    namespace = compiler.compiled(
        f"XML writers of {node.component}", Refused=_RefusedError, text=_text, date=api_date_text
    )
    return namespace[f"{top}_root"]  # type: ignore[no-any-return]


class _Compiler(SourceBuilder):
    def function(self, node: ObjectNode) -> str:
        """``write_N(v, out)`` appends the content of an object; ``write_N_root(v, out, name)``
        the object as an element named ``name``."""
        name, new = self.name_for(node, "write")
        if not new:
            return name
        lines = [
            f"def {name}(v, out):",
            f"    if v[{len(node.fields)}] is not None:",
            "        raise Refused",  # a member no source names: the exact writer's
        ]
        for index, field in enumerate(node.fields):
            lines += [f"    x = v[{index}]", "    if x is not None:"]
            lines += [f"        {line}" for line in self.field(field)]
        lines.append("    return")
        lines += [
            f"def {name}_root(v, out, tag):",
            "    n = len(out)",
            "    out.append('<' + tag + '>')",
            f"    {name}(v, out)",
            "    if len(out) == n + 1:",
            "        out[n] = '<' + tag + '/>'",
            "    else:",
            "        out.append('</' + tag + '>')",
        ]
        self.source += lines
        return name

    def field(self, field: Field) -> list[str]:
        node = field.node
        if isinstance(node, ArrayNode):
            item = field.item_xml_name
            body = ["for i in x:", *(f"    {line}" for line in self.element(node.item, "i", item))]
            if not field.wrapped:
                return body
            tag = field.xml_name
            empty, open_, close = f"<{tag}/>", f"<{tag}>", f"</{tag}>"
            return ["if not x:", f"    out.append({empty!r})", "else:",
                    f"    out.append({open_!r})", *(f"    {line}" for line in body),
                    f"    out.append({close!r})"]  # fmt: skip
        return self.element(node, "x", field.xml_name)

    def element(self, node: Node, value: str, tag: str) -> list[str]:
        """The lines that append ``value`` as an element named ``tag``."""
        if isinstance(node, ObjectNode):
            return [f"{self.function(node)}_root({value}._values, out, {tag!r})"]
        if not isinstance(node, ScalarNode):
            return ["raise Refused"]  # a map, an array of arrays: the exact writer's
        open_, close = f"<{tag}>", f"</{tag}>"
        lexical = node.lexical
        if lexical is STRING:
            return [f"out.append({open_!r} + text({value}) + {close!r})"]  # '' too: <a></a>
        if lexical is DECIMAL:
            return [f"out.append({open_!r} + format({value}, 'f') + {close!r})"]
        if lexical is BOOLEAN:
            return [f"out.append({open_!r} + ('true' if {value} else 'false') + {close!r})"]
        if lexical.python_type == "int":
            return [f"out.append({open_!r} + str({value}) + {close!r})"]
        if lexical.python_type == "datetime":
            # The API's spelling; a date it cannot carry, or one with microseconds, no offset
            # or one of seconds, is the exact writer's.
            return [
                f"t = date({value})",
                "if t is None:",
                "    raise Refused",
                f"out.append({open_!r} + t + {close!r})",
            ]
        return ["raise Refused"]
