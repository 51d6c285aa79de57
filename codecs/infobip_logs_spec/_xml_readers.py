"""The XML decoder's fast path: a reader compiled per shape, as Python source.

Each reader knows its object's element names (and their aliases), reads each child once with
no intermediate walk, converts its text, and checks what the exact walk checks: no text
between elements, no child of a value, no element twice, every required and expected field,
no unknown element, the facets. It builds the record only when it finds nothing to say: at the
first thing the exact walk would report (an error or a warning) it gives up, and the exact
walk reads the document and explains it. What it builds equals what the exact walk builds (a
property test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from lxml import etree

from ._contract import Contract
from ._errors import ContractError
from ._lexical import DECIMAL, STRING, remembered
from ._limits import Limits
from ._model import RECORD_MAKING, Record, laid_out, model_class
from ._safe_parse import iterparse_ends
from ._shape import ArrayNode, Field, MapNode, Node, ObjectNode, ScalarNode, quick_date
from ._source import SourceBuilder

__all__ = ["fast_decode_xml", "stream_decode_xml"]

# Past this a number's text is left to the walk, which bounds it (Limits.max_number_length).
LONGEST_NUMBER = 40
# One Decimal per text of a decimal, as decode_json keeps one per spelling.
_decimal = remembered(DECIMAL.from_xml)


_has_attributes = etree.XPath("boolean(//@*)")
# Text of XML's whitespace only (space, tab, CR, LF) between elements is no text. Of ASCII,
# str.isspace() also takes \x0b, \x0c and \x1c-\x1f, which no XML 1.0 document can hold, so
# "isspace() and isascii()" is that test, and cheaper than a strip.


class _RefusedError(Exception):
    """The fast path would have something to report: the walk judges the document."""


def fast_decode_xml(
    contract: Contract, node: ObjectNode, root: etree._Element, data: bytes | str, limits: Limits
) -> Record | None:
    """The record of a document valid with no warning in shape ``node``, or ``None``."""
    if limits.max_number_length < LONGEST_NUMBER:
        return None  # a bound on numbers tighter than the compiled one: the walk applies it
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if _may_hold_attributes(raw) and _has_attributes(root):
        return None
    try:
        return _reader(contract, node)(root)
    except (_RefusedError, ValueError):
        return None


def _may_hold_attributes(raw: bytes) -> bool:
    """The API sends no attributes, and an attribute needs a "=" past the XML declaration
    (which has its own): only a document with one is searched for them."""
    start = raw.find(b"?>") + 2 if raw.lstrip(b"\xef\xbb\xbf")[:5] == b"<?xml" else 0
    return raw.find(b"=", start) >= 0


def stream_decode_xml(
    contract: Contract, node: ObjectNode, raw: bytes, limits: Limits
) -> Record | None:
    """The record of a page valid with no warning, read while it is parsed, or ``None``.

    For a shape that is one list of objects (every page of logs): each item is read into its
    record as soon as its end tag is parsed, and its elements are freed, so the whole tree
    never lives beside the records. ``raw`` is what ``xml_bytes`` gave.
    """
    if limits.max_number_length < LONGEST_NUMBER or len(node.fields) != 1:
        return None
    field = node.fields[0]
    array = field.node
    if not (isinstance(array, ArrayNode) and isinstance(array.item, ObjectNode)):
        return None
    if _may_hold_attributes(raw):
        return None  # without the tree, attributes are not looked for: the tree's reader
    item_names = (field.item_xml_name, *field.item_xml_aliases)
    holders = (field.xml_name, *field.xml_aliases)  # the wrapper, or the root's own items
    read_item = _reader(contract, array.item)
    items: list[Record] = []
    events = iterparse_ends(raw, item_names)
    try:
        for _, element in events:
            parent = element.getparent()
            if parent is None:
                return None  # the root itself bears an item's name
            wrapper_level = parent.getparent() is not None
            if field.wrapped != wrapper_level:
                if field.wrapped and parent.getparent() is None and element.tag in holders:
                    continue  # <results> holding <results> items: the wrapper's own end
                return None  # an item name where no item belongs
            if field.wrapped and (parent.getparent().getparent() is not None
                                  or parent.tag not in holders):  # fmt: skip
                return None
            items.append(read_item(element))
            # Free what is read: this item's content, and the items before it (their tails,
            # text between elements, were read as whitespace when the next one was).
            element.clear(keep_tail=True)
            while (first := parent[0]) is not element:
                if first.tag not in item_names or not _blank(first.tail):
                    return None  # an element no item names, or text between items
                del parent[0]
        root = events.root
    except (etree.XMLSyntaxError, _RefusedError, ValueError):
        return None
    if root.tag != node.xml_root and root.tag not in node.xml_root_aliases:
        return None
    if not _only_items_left(root, field, holders, item_names):
        return None
    if (array.min_items and len(items) < array.min_items) or (
        array.max_items is not None and len(items) > array.max_items
    ):
        return None
    values: dict[str, Any] = {field.name: tuple(items)}
    if not items and not _has_holder(root, holders):
        if field.required or field.name in node.expected:
            return None  # missing: the walk reports it
        if field.wrapped or array.min_items:
            values = {}  # absent (an unwrapped optional list of none is empty: XML cannot tell)
    model = model_class(contract, node.model)
    try:
        return model._trusted(laid_out(model, values, {}))
    except ContractError:  # a field its class lacks (none in the packaged profiles)
        return None


def _blank(text: str | None) -> bool:
    return not text or (text.isspace() and text.isascii())


def _only_items_left(
    root: etree._Element, field: Field, holders: tuple[str, ...], items: tuple[str, ...]
) -> bool:
    """What remains of the tree once the items are freed holds nothing else: no other child of
    the root, no wrapper twice, no text beside elements, no attribute."""
    if not _blank(root.text) or root.attrib:
        return False
    wrappers = 0
    for child in root:
        if not _blank(child.tail) or child.attrib or not isinstance(child.tag, str):
            return False
        if field.wrapped:
            if child.tag not in holders or not _blank(child.text):
                return False
            wrappers += 1
            if any(item.tag not in items or not _blank(item.tail) or len(item) for item in child):
                return False
        elif child.tag not in holders or len(child):
            return False  # an unwrapped item left whole was not read as one
    return wrappers <= 1


def _has_holder(root: etree._Element, holders: tuple[str, ...]) -> bool:
    return any(child.tag in holders for child in root)


@cache
def _reader(contract: Contract, node: ObjectNode) -> Callable[[etree._Element], Record]:
    compiler = _Compiler(contract)
    top = compiler.function(node)
    namespace = compiler.compiled(
        f"readers of {node.component}",
        Refused=_RefusedError,
        **RECORD_MAKING,
        date=datetime.fromisoformat,
    )
    return namespace[top]  # type: ignore[no-any-return]


class _Compiler(SourceBuilder):
    def __init__(self, contract: Contract) -> None:
        super().__init__()
        self.contract = contract

    def function(self, node: ObjectNode) -> str:
        name, new = self.name_for(node, "read")
        if not new:
            return name
        fields = list(enumerate(node.fields))
        # Text beside child elements is the walk's to report (an element's own text, and each
        # child's tail: read once per element, cheaper than any search of the whole tree).
        lines = [
            f"def {name}(e):",
            "    t = e.text",
            "    if t and not (t.isspace() and t.isascii()):",
            "        raise Refused",
            *(f"    f{index} = None" for index, _ in fields),  # None: not read (yet)
            *(
                f"    l{index} = []"
                for index, field in fields
                if isinstance(field.node, ArrayNode) and not field.wrapped
            ),
            "    for c in e:",
            "        t = c.tail",
            "        if t and not (t.isspace() and t.isascii()):",
            "            raise Refused",
            "        n = c.tag",
        ]
        branch = "if"
        for index, field in fields:
            names = " or ".join(f"n == {tag!r}" for tag in (field.xml_name, *field.xml_aliases))
            lines.append(f"        {branch} {names}:")
            lines += [f"            {line}" for line in self.read(index, field)]
            branch = "elif"
        lines += ["        else:", "            raise Refused"]  # unknown, namespaced, a comment
        checks = []  # lists made tuples, required fields present
        required = []
        values = {}
        for index, field in fields:
            if isinstance(field.node, ArrayNode) and not field.wrapped:
                array = field.node
                checks += [
                    f"    if l{index}:",
                    f"        f{index} = tuple(l{index})",
                    *self.length(array, f"f{index}", "        "),
                ]
                if array.min_items == 0:  # absent, it is empty: XML cannot tell the two apart
                    checks += ["    else:", f"        f{index} = ()"]
            if field.required or field.name in node.expected:
                required.append(f"f{index} is None")
            values[field.name] = f"f{index}"
        if required:  # one test for all: most objects have them all
            checks += [f"    if {' or '.join(required)}:", "        raise Refused"]
        model = model_class(self.contract, node.model)
        try:
            laid = laid_out(model, values, {})
        except ContractError:  # a field its class lacks (none in the packaged profiles)
            self.source += [f"def {name}(e):", "    raise Refused"]
            return name
        # The values where the record's class keeps them: a field the node lacks is absent.
        lines += [
            *checks,
            f"    r = new({self.constant(model)})",
            f"    put(r, ({''.join(f'{value or None}, ' for value in laid)}))",
            "    return r",
        ]
        self.source += lines
        return name

    def length(self, array: ArrayNode, name: str, indent: str) -> list[str]:
        conditions = []
        if array.min_items:
            conditions.append(f"len({name}) < {array.min_items}")
        if array.max_items is not None:
            conditions.append(f"len({name}) > {array.max_items}")
        if not conditions:
            return []
        return [f"{indent}if {' or '.join(conditions)}:", f"{indent}    raise Refused"]

    def read(self, index: int, field: Field) -> list[str]:
        """The lines that read child ``c`` into ``f{index}`` (or ``l{index}``)."""
        node = field.node
        if isinstance(node, ArrayNode) and not field.wrapped:
            return [*self.value(node.item, "c", "x"), f"l{index}.append(x)"]
        lines = [f"if f{index} is not None:", "    raise Refused"]  # twice: the walk says so
        if isinstance(node, ScalarNode):  # and a value holds no element
            lines[0] = f"if f{index} is not None or len(c):"
        if isinstance(node, ArrayNode):
            items = " or ".join(
                f"i.tag == {tag!r}" for tag in (field.item_xml_name, *field.item_xml_aliases)
            )
            lines += [
                "t = c.text",
                "if t and not (t.isspace() and t.isascii()):",
                "    raise Refused",
                "a = []",
                "for i in c:",
                "    t = i.tail",
                "    if t and not (t.isspace() and t.isascii()):",
                "        raise Refused",
                f"    if not ({items}):",
                "        raise Refused",
                *(f"    {line}" for line in self.value(node.item, "i", "x")),
                "    a.append(x)",
                *self.length(node, "a", ""),
                f"f{index} = tuple(a)",
            ]
            return lines
        return [*lines, *self.value(node, "c", f"f{index}")]

    def value(self, node: Node, element: str, target: str) -> list[str]:
        """The lines that read ``element`` as a value of ``node`` into ``target``."""
        if isinstance(node, ObjectNode):
            return [f"{target} = {self.function(node)}({element})"]
        if isinstance(node, ArrayNode | MapNode):
            return ["raise Refused"]  # a map's free names, or an array of arrays: the walk's
        # A value holds no element (checked already where a field is read once).
        lines = [] if target.startswith("f") else [f"if len({element}):", "    raise Refused"]
        kind = node.lexical.python_type
        if node.lexical is STRING:
            lines.append(f"{target} = {element}.text or ''")
        elif kind == "datetime" and quick_date(self.contract, node) is not None:
            # Its type's quick reader proves the pattern's form (a tolerated one is the walk's
            # to warn of, as is a form the reader leaves to the exact one).
            reader = self.constant(quick_date(self.contract, node))
            lines.append(f"{target} = {reader}({element}.text or '')")
        elif kind == "datetime" and node.pattern is not None:
            # The spec's pattern proves the form (a tolerated one is the walk's to warn of).
            lines += [
                f"t = {element}.text or ''",
                f"if {self.constant(node.pattern)}.search(t) is None:",
                "    raise Refused",
                f"{target} = date(t)",
            ]
        elif kind == "int" and isinstance(getattr(node.lexical, "high", None), int):
            # Plain digits shorter than the type's widest value need no regex, and no bound
            # but the facets' (the type's own cannot be passed); anything else, the lexical.
            short = len(str(node.lexical.high)) - 1  # type: ignore[attr-defined]
            lines += [
                f"t = {element}.text or ''",
                f"if len(t) <= {short} and t.isdigit() and t.isascii():",
                f"    {target} = int(t)",
                f"elif len(t) > {LONGEST_NUMBER}:",
                "    raise Refused",
                "else:",
                f"    {target} = {self.constant(node.lexical.from_xml)}(t)",
            ]
        else:
            read = _decimal if node.lexical is DECIMAL else node.lexical.from_xml
            lines += [
                f"t = {element}.text or ''",
                f"if len(t) > {LONGEST_NUMBER}:",
                "    raise Refused",
                f"{target} = {self.constant(read)}(t)",
            ]
        return [*lines, *self.facets(node, target)]

    def facets(self, node: ScalarNode, x: str) -> list[str]:
        checks = []
        if node.enum is not None:
            checks.append(f"{x} not in {self.constant(frozenset(node.enum))}")
        if node.pattern is not None and node.lexical is STRING:
            checks.append(f"{self.constant(node.pattern)}.search({x}) is None")
        if node.minimum is not None:
            checks.append(f"{x} < {self.constant(node.minimum)}")
        if node.maximum is not None:
            checks.append(f"{x} > {self.constant(node.maximum)}")
        if node.min_length is not None:
            checks.append(f"len({x}) < {node.min_length}")
        if node.max_length is not None:
            checks.append(f"len({x}) > {node.max_length}")
        if not checks:
            return []
        return [f"if {' or '.join(checks)}:", "    raise Refused"]
