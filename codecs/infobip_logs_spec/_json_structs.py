"""The JSON decoder's fast path: msgspec Structs and record builders compiled from the shapes.

For each payload shape, once per process: a msgspec Struct type per object, which parses and
checks a document in one pass in C (types, int32 bounds, enums, patterns, lengths, required
and expected fields, no unknown member), and a builder, generated as Python source from the
same shape, that turns the Structs into the model's records without checking again. Dates are
read by ``datetime.fromisoformat`` and their texts proved of their type's forms together once
the page is read (the date type's ``quick_proof``, a few passes in C; a date with a pattern of
its own is proved by the Struct); prices are the exact ``Decimal`` of their spelling; an equal
status, error or price shares a record made lately. Only what is valid with no warning at all
takes this path, and what it builds equals what the exact walk builds (a property test keeps
them equal); anything else (a warning, an error, a shape it cannot express) gets ``None``, and
the walk judges the document and explains it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

import msgspec

from . import _limits as limits_module
from ._contract import Contract
from ._errors import ContractError
from ._lexical import BOOLEAN, DECIMAL, STRING, canonical_decimal, remembered
from ._limits import Limits
from ._model import RECORD_MAKING, Record, laid_out, model_class
from ._safe_parse import fast_json_allowed, no_cyclic_gc
from ._shape import (
    ArrayNode,
    Field,
    MapNode,
    Node,
    ObjectNode,
    ScalarNode,
    object_node,
    quick_date,
)
from ._source import SourceBuilder

__all__ = ["fast_decode_json"]

# Past this a number's spelling is left to the walk, which bounds it (Limits.max_number_length).
LONGEST_NUMBER = 40
_WIDEST = 10**LONGEST_NUMBER


class _RefusedError(Exception):
    """The fast path cannot prove the document valid: the walk judges it."""


class _UnsupportedError(Exception):
    """A shape the fast path cannot express: its documents always take the walk."""


def _spelled_number(text: str) -> Decimal:
    """A number float_hook hands over, as the exact Decimal of its spelling."""
    # An exponent or a long spelling: the walk bounds and canonicalises those.
    if len(text) > LONGEST_NUMBER or "e" in text or "E" in text:
        raise _RefusedError
    return canonical_decimal(Decimal(text))  # -0.00 is 0.00, as on the walk


def _whole_number(value: int) -> Decimal:
    if not -_WIDEST < value < _WIDEST:
        raise _RefusedError  # the walk bounds its digits (Limits.max_number_length)
    return Decimal(value)


# One Decimal per spelling (and per whole number): the identity builders share prices by.
_exact_number = remembered(_spelled_number)
_whole = remembered(_whole_number)


# How many raw items of a streamed list are decoded in one call: enough to share a call's cost
# (one call per item doubled what building cost), few enough that what is parsed at once is
# small beside the records.
STREAMED_BATCH = 256


def _each(
    items: list[msgspec.Raw],
    decode: Callable[[bytes], list[Any]],
    build: Callable[[Any, Callable[[str], None]], Record],
    hand: Callable[[str], None],
    proved: Callable[[list[str]], bool],
) -> tuple[Record, ...]:
    """The records of a list of raw JSON items, decoded a batch at a time as the JSON array
    of their text, each batch's Structs freed once its records are made, and the dates handed
    over meanwhile proved (``proved``) and let go: a page's date texts never all live at once."""
    dates: list[str] = hand.__self__  # type: ignore[attr-defined]  # the list hand appends to
    made: list[Record] = []
    for start in range(0, len(items), STREAMED_BATCH):
        batch = decode(b"[" + b",".join(items[start : start + STREAMED_BATCH]) + b"]")
        made += [build(item, hand) for item in batch]
        if not proved(dates):
            raise _RefusedError
        dates.clear()
    return tuple(made)


def _decimal(value: Any) -> Decimal:
    """The exact value of a number ``float_hook`` did not read (builders take its Decimals,
    already canonical, as they are)."""
    if type(value) is int:  # a whole number: msgspec reads it without float_hook
        return _whole(value)
    raise _RefusedError  # a string, a boolean, an object: the walk names the fault


@dataclass(frozen=True)
class _Plan:
    decoder: msgspec.json.Decoder[Any]
    # The record of a decoded document; its dates are read unproved, their texts handed to
    # the callable, and proved together afterwards by ``dates_proved``.
    build: Callable[[Any, Callable[[str], None]], Record]
    dates_proved: Callable[[list[str]], bool]


def fast_decode_json(
    contract: Contract, component: str, data: bytes | str, limits: Limits
) -> Record | None:
    """The record of a JSON document valid with no warning, or ``None``."""
    if limits.max_number_length < LONGEST_NUMBER:
        return None  # a bound on numbers tighter than the compiled one: the walk applies it
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError:
            return None
    plan = _plan(contract, component, len(data) > limits_module.STREAMED_BYTES)
    if plan is None:
        return None
    if not fast_json_allowed(data, limits, digits=False):  # the Structs bound every number
        return None
    try:
        with no_cyclic_gc():
            dates: list[str] = []
            record = plan.build(plan.decoder.decode(data), dates.append)
    except (msgspec.DecodeError, msgspec.ValidationError, _RefusedError, ValueError):
        return None
    except RecursionError:
        return None
    # Read by fromisoformat, which bends a few texts (an hour of 24, an offset of 60 minutes):
    # a record is returned only once all of them are proved of the date type's forms.
    return record if plan.dates_proved(dates) else None


@cache
def _plan(contract: Contract, component: str, streamed: bool) -> _Plan | None:
    compiler = _Compiler(contract)
    try:
        struct = compiler.struct(object_node(contract, component), streamed=streamed)
    except _UnsupportedError:
        return None
    namespace = compiler.compiled(
        f"builders of {component}",
        **RECORD_MAKING,
        date=datetime.fromisoformat,
        decimal=_decimal,
        Decimal=Decimal,
        each=_each,
        Refused=_RefusedError,
    )
    decoder = msgspec.json.Decoder(struct, float_hook=_exact_number)
    return _Plan(decoder, namespace[compiler.builders[struct]], compiler.dates_proved)


# How many records of one shape are kept for sharing (emptied when full).
SHARED_RECORDS = 1024


def _exact(node: Node) -> bool:
    """Whether equal values of ``node`` are the same value: strings, integers and booleans (a
    field holds one type). Never a decimal, where 0.01 == 0.0100, nor a date, where instants
    compare equal across offsets."""
    return isinstance(node, ScalarNode) and (
        node.lexical in (STRING, BOOLEAN) or node.lexical.python_type == "int"
    )


def _is_decimal(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.lexical is DECIMAL


def _sharing(node: ObjectNode) -> str | None:
    """How records of ``node`` are shared: ``"struct"``, by their Struct, when every value is
    exact; ``"decimals"``, by their values with each decimal as the identity of the one
    ``Decimal`` a spelling reads as (``_exact_number``), when the rest are; else not."""
    if all(_exact(field.node) for field in node.fields):
        return "struct"
    if all(_exact(field.node) or _is_decimal(field.node) for field in node.fields):
        return "decimals"
    return None


def _of_objects(node: Node) -> bool:
    return isinstance(node, ArrayNode) and isinstance(node.item, ObjectNode)


class _Compiler(SourceBuilder):
    """Struct types and builder source for every object a shape holds, each once."""

    def __init__(self, contract: Contract) -> None:
        super().__init__()
        self.contract = contract
        self.structs: dict[str, type[msgspec.Struct]] = {}
        self.builders: dict[type[msgspec.Struct], str] = {}
        # The date type whose dates the builders hand over to be proved together.
        self.collected: Any = None
        # The lookup of a shared record, by Struct, in terms of the Struct ``@``.
        self.lookups: dict[type[msgspec.Struct], str] = {}

    def dates_proved(self, texts: list[str]) -> bool:
        """Whether the dates the builders handed over are all of their type's forms."""
        return not texts if self.collected is None else bool(self.collected.quick_proof(texts))

    def struct(self, node: ObjectNode, *, streamed: bool = False) -> type[msgspec.Struct]:
        """The Struct of ``node``; ``streamed``, its lists of objects are read as raw items,
        which the builder decodes one at a time."""
        if node.component in self.structs:
            return self.structs[node.component]
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        rename: dict[str, str] = {}
        values: dict[str, str] = {}  # spec name: the expression of its value
        before: list[str] = []  # the lines that read absent or aliased fields into locals
        for index, field in enumerate(node.fields):
            slot = f"f{index}"
            kind = self.type_of(field.node)
            raw = streamed and _of_objects(field.node)
            if raw:
                assert isinstance(field.node, ArrayNode)
                kind = self.raw_items(field.node)
            # An expected field is required here: missing, it is a warning the walk gives.
            required = field.required or field.name in node.expected
            nullable = isinstance(field.node, ScalarNode) and field.node.nullable
            if nullable:
                kind = kind | None
            aliases = [name for name, f in node.json_aliases.items() if f is field]
            rename[slot] = field.name
            if required and not aliases and not nullable:
                fields.append((slot, kind))
                values[field.name] = (self.raw_convert if raw else self.convert)(
                    field.node, f"s.{slot}"
                )
                continue
            # None when absent (or null, where the field is nullable: the record has one
            # absent), a default msgspec never checks against the type, so a null where the
            # type has none still fails the Struct, and the walk names it.
            fields.append((slot, kind, None))
            for number, alias in enumerate(aliases):
                fields.append((f"{slot}a{number}", kind, None))
                rename[f"{slot}a{number}"] = alias
            if not required and not aliases:
                value = (self.raw_convert if raw else self.convert)(field.node, f"s.{slot}")
                plain = value == f"s.{slot}"
                values[field.name] = value if plain else f"(None if s.{slot} is None else {value})"
                continue
            # Required, or spelled another way: the builder decides.
            values[field.name] = f"g{index}"
            before += self.read(field, index, aliases, required, raw=raw)
        sharing = _sharing(node)
        if sharing == "decimals":
            # One local per decimal, the same object in the record and, by identity, in its key.
            for index, field in enumerate(node.fields):
                if _is_decimal(field.node) and values[field.name] != f"g{index}":
                    before.append(f"    g{index} = {values[field.name]}")
                    values[field.name] = f"g{index}"
        made = msgspec.defstruct(
            node.component,
            fields,
            rename=rename,
            forbid_unknown_fields=True,
            frozen=sharing == "struct",  # hashable: the key of its record
            gc=False,
            kw_only=True,
        )
        self.structs[node.component] = made
        builder, _ = self.name_for(made, "build")
        self.builders[made] = builder
        model = model_class(self.contract, node.model)
        try:
            laid = laid_out(model, values, {})
        except ContractError:
            raise _UnsupportedError from None
        # The record's values where its class keeps them: a field its node lacks is absent.
        made_values = f"({''.join(f'{value or None}, ' for value in laid)})"
        make = [f"r = new({self.constant(model)})", f"put(r, {made_values})"]
        if sharing is None:
            self.source += [f"def {builder}(s, hand):", *before, *(f"    {line}" for line in make),
                            "    return r"]  # fmt: skip
            return made
        # A record equal to one made lately is that one, immutable as it is: pages repeat
        # their statuses, errors and prices, and each then costs a lookup, not a record.
        memo = self.constant({})
        remember = [
            *make,
            f"if len({memo}) >= {SHARED_RECORDS}:",
            f"    {memo}.clear()",
            f"{memo}[k] = r",
        ]
        if sharing == "struct":
            # Equal Structs make equal records: the lookup comes before any other work, and a
            # parent makes it itself (a call less per object).
            self.lookups[made] = f"{memo}.get(@)"
            self.source += [f"def {builder}(s, hand):", "    k = s", f"    r = {memo}.get(k)",
                            "    if r is None:", *(f"    {line}" for line in before),
                            *(f"        {line}" for line in remember), "    return r"]  # fmt: skip
            return made
        # The record in the memo keeps each decimal alive, so no other takes its identity.
        decimals = {values[field.name] for field in node.fields if _is_decimal(field.node)}
        key = {
            name: f"id({value})" if value in decimals else value for name, value in values.items()
        }
        made_key = f"({''.join(f'{value or None}, ' for value in laid_out(model, key, {}))})"
        # The same key from the Struct ``@`` itself, for a parent to look up (a call less per
        # object): where every other value is its slot, unconverted. It is the builder's key
        # when the slot holds the Decimal float_hook made; an int's identity is never a key.
        slots = {field.name: f"s.f{index}" for index, field in enumerate(node.fields)}
        if all(
            values[name] == slot for name, slot in slots.items() if values[name] not in decimals
        ):
            inline = {
                name: f"id(@.f{slot[3:]})" if values[name] in decimals else f"@.f{slot[3:]}"
                for name, slot in slots.items()
            }
            laid = laid_out(model, inline, {})
            self.lookups[made] = f"{memo}.get(({''.join(f'{v or None}, ' for v in laid)}))"
        self.source += [f"def {builder}(s, hand):", *before, f"    k = {made_key}",
                        f"    r = {memo}.get(k)", "    if r is None:",
                        *(f"        {line}" for line in remember), "    return r"]  # fmt: skip
        return made

    def type_of(self, node: Node) -> Any:
        if isinstance(node, ObjectNode):
            return self.struct(node)
        if isinstance(node, ArrayNode):
            item = self.type_of(node.item)
            bounds = msgspec.Meta(min_length=node.min_items, max_length=node.max_items)
            if isinstance(node.item, ObjectNode):
                # A list, which the builder empties as it goes: each item's Struct is freed
                # once its record is made, so the two never all live at once.
                return Annotated[list[item], bounds]  # type: ignore[valid-type]
            return Annotated[tuple[item, ...], bounds]  # type: ignore[valid-type]
        if isinstance(node, MapNode):
            return dict[str, self.type_of(node.value)]  # type: ignore[misc]
        assert isinstance(node, ScalarNode)
        lexical = node.lexical
        if lexical is DECIMAL:
            if node.restricted:
                raise _UnsupportedError  # no price has bounds; the walk would check them
            return Any  # read by float_hook, checked by the builder
        if node.enum is not None:
            return Literal[node.enum]
        if lexical is BOOLEAN:
            return bool
        meta = msgspec.Meta(
            pattern=node.pattern.pattern if node.pattern is not None else None,
            min_length=node.min_length,
            max_length=node.max_length,
        )
        if lexical is STRING:
            unconstrained = (
                node.pattern is None and node.min_length is None and node.max_length is None
            )
            return str if unconstrained else Annotated[str, meta]
        if lexical.python_type == "datetime":
            if node.pattern is None:
                raise _UnsupportedError
            if quick_date(self.contract, node) is not None:
                return str  # proved and read by the builder
            # The spec's pattern proves the form before fromisoformat reads it, and it is the
            # strict one: a date the profile only tolerates (no offset) is left to the walk.
            return Annotated[str, meta]
        if lexical.python_type == "int":
            low, high = getattr(lexical, "low", None), getattr(lexical, "high", None)
            if node.minimum is not None:
                low = node.minimum if low is None else max(low, node.minimum)
            if node.maximum is not None:
                high = node.maximum if high is None else min(high, node.maximum)
            # An integer of no type range is bounded too: past it, the walk counts digits.
            low = -_WIDEST + 1 if low is None else low
            high = _WIDEST - 1 if high is None else high
            return Annotated[int, msgspec.Meta(ge=low, le=high)]
        raise _UnsupportedError

    def raw_items(self, node: ArrayNode) -> Any:
        bounds = msgspec.Meta(min_length=node.min_items, max_length=node.max_items)
        return Annotated[list[msgspec.Raw], bounds]

    def raw_convert(self, node: Node, name: str) -> str:
        assert isinstance(node, ArrayNode)
        assert isinstance(node.item, ObjectNode)
        item = self.structs[node.item.component]
        decoder = msgspec.json.Decoder(list[item], float_hook=_exact_number)  # type: ignore[valid-type]
        proved = self.constant(self.dates_proved)
        return (
            f"each({name}, {self.constant(decoder.decode)}, {self.builders[item]}, hand, {proved})"
        )

    def read(
        self, field: Field, index: int, aliases: list[str], required: bool, *, raw: bool = False
    ) -> list[str]:
        """The builder's lines that read a field that is required or spelled another way into
        ``g{index}``: its value converted, or ``None`` when it is absent."""
        lines = [f"    x = s.f{index}"]
        for number in range(len(aliases)):
            lines += [
                f"    a = s.f{index}a{number}",
                "    if a is not None:",
                "        if x is not None:",
                "            raise Refused",  # both spellings at once: the walk says so
                "        x = a",
            ]
        value = (self.raw_convert if raw else self.convert)(field.node, "x")
        if required:  # present under some spelling, never null, or the walk judges
            return [*lines, "    if x is None:", "        raise Refused", f"    g{index} = {value}"]
        return [*lines, f"    g{index} = {value}" if value == "x" else
                f"    g{index} = None if x is None else {value}"]  # fmt: skip

    def convert(self, node: Node, name: str) -> str:
        if isinstance(node, ObjectNode):
            struct = self.structs[node.component]
            build = f"{self.builders[struct]}({name}, hand)"
            lookup = self.lookups.get(struct)
            # A record made lately for an equal object, else the builder's (which looks again).
            return build if lookup is None else f"({lookup.replace('@', name)} or {build})"
        if isinstance(node, ArrayNode):
            inner = self.convert(node.item, "i")
            if isinstance(node.item, ObjectNode):
                build = self.builders[self.structs[node.item.component]]
                return f"tuple([{build}(i, hand) for i in {name}])"
            return name if inner == "i" else f"tuple([{inner} for i in {name}])"
        if isinstance(node, MapNode):
            return self.each_value(name, self.convert(node.value, "i"))
        assert isinstance(node, ScalarNode)
        if node.lexical is DECIMAL:
            return f"({name} if type({name}) is Decimal else decimal({name}))"
        if node.lexical.python_type == "datetime":
            quick = quick_date(self.contract, node)
            if quick is None:
                return f"date({name})"  # its pattern proved by the Struct
            if self.collected in (None, node.lexical):
                # Read now, proved with the page's other dates (hand(...) hands its text over).
                self.collected = node.lexical
                return f"date(hand({name}) or {name})"
            return f"{self.constant(quick)}({name})"  # a second date type: one at a time
        return name
