"""The benchmark's pages and peers: a 1000-record page of each endpoint, and the models msgspec
and pydantic decode the same JSON into, generated from the package's own shapes.

The peers are the models a user would write by hand for these payloads, as strict as the
package where their libraries allow: frozen, unknown members refused, prices as ``Decimal``,
integers within their format's range, enums as literals, the vendor's spellings of a field
(``mccMnc``) as fields of their own. msgspec's ``datetime`` takes RFC 3339 offsets only, never
``+0100``, so its dates are strings checked against the API's form; pydantic reads the
API's dates into aware datetimes.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from infobip_logs_spec import Record, decode_json, encode_json, encode_xml
from infobip_logs_spec._contract import Contract, load_contract
from infobip_logs_spec._lexical import BOOLEAN, DECIMAL, STRING
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec._shape import ArrayNode, MapNode, Node, ObjectNode, ScalarNode, object_node

__all__ = ["Page", "endpoint_pages", "msgspec_peer", "pydantic_peer"]

RECORDS = 1000
API_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{4}$"


class Page:
    """A page of ``RECORDS`` records of one endpoint, as a value and in both formats (the JSON
    indented by two spaces and the XML pretty-printed, as the vendor's examples print them)."""

    def __init__(self, endpoint: str, component: str, value: Record) -> None:
        self.endpoint = endpoint
        self.component = component
        self.value = value
        self.json = encode_json(value, indent=2)
        self.xml = encode_xml(value, pretty=True)


def endpoint_pages(contract: Contract | None = None) -> list[Page]:
    """One page per endpoint, each record a copy of the first record of the endpoint's first
    documented JSON answer, with a messageId of its own."""
    contract = contract or load_contract()
    manifest = json.loads(read_bytes("corpus", "manifest.json"))
    pages: dict[str, Page] = {}
    for entry in manifest["entries"]:
        endpoint = entry["endpoint"]
        if endpoint in pages or entry["kind"] != "response":
            continue
        if entry["media_type"] != "application/json" or entry.get("status") != 200:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a repaired example, a tolerated spelling
            value = decode_json(
                read_bytes("corpus", *entry["file"].split("/")), endpoint=endpoint, lenient=True
            )
        results = getattr(value, "results", None)
        if not results:
            continue
        one = results[0]
        records = [one.replace(messageId=f"{i:08d}-{one.messageId}") for i in range(RECORDS)]
        pages[endpoint] = Page(endpoint, type(value)._component, type(value)(results=records))
    missing = {operation.path for operation in contract.operations} - pages.keys()
    assert not missing, f"no documented page to copy for {sorted(missing)}"
    return [pages[operation.path] for operation in contract.operations]


# A member of a peer object: its JSON name, its type, and whether it is required.
Member = tuple[str, Any, bool]


def _types(
    make_object: Callable[[ObjectNode, list[Member]], Any],
    date: Any,
    bounded: Callable[[int, int], Any],
) -> Callable[[Node], Any]:
    """The peer type of a node: objects by ``make_object`` (each once), the vendor's spellings
    of a field as optional members of their own; dates as ``date``; format-bounded integers
    by ``bounded``."""
    made: dict[str, Any] = {}

    def kind_of(node: Node) -> Any:
        if isinstance(node, ObjectNode):
            if node.component not in made:
                names = [(f.name, f) for f in node.fields] + list(node.json_aliases.items())
                members = [
                    (name, kind_of(field.node), field.required and name == field.name)
                    for name, field in names
                ]
                made[node.component] = make_object(node, members)
            return made[node.component]
        if isinstance(node, ArrayNode):
            return tuple[kind_of(node.item), ...]  # type: ignore[misc]
        if isinstance(node, MapNode):
            return dict[str, kind_of(node.value)]  # type: ignore[misc]
        assert isinstance(node, ScalarNode)
        return _scalar(node, date, bounded)

    return kind_of


def _scalar(node: ScalarNode, date: Any, bounded: Callable[[int, int], Any]) -> Any:
    if node.enum is not None:
        kind: Any = Literal[node.enum]
    elif node.lexical is DECIMAL:
        kind = Decimal
    elif node.lexical is BOOLEAN:
        kind = bool
    elif node.lexical.python_type == "datetime":
        kind = date
    elif node.lexical.python_type == "int":
        low, high = getattr(node.lexical, "low", None), getattr(node.lexical, "high", None)
        kind = int if low is None or high is None else bounded(low, high)
    else:
        assert node.lexical is STRING
        kind = str
    return kind | None if node.nullable else kind


def msgspec_peer(contract: Contract, component: str) -> msgspec.json.Decoder[Any]:
    """A msgspec decoder of ``component``'s JSON into frozen Structs generated from its shape."""

    def struct(node: ObjectNode, members: list[Member]) -> Any:
        fields: list[Any] = []
        for index, (_, kind, required) in enumerate(members):
            fields.append((f"f{index}", kind) if required else (f"f{index}", kind | None, None))
        fields.sort(key=lambda spec: len(spec) == 3)  # required ones first
        rename = {f"f{index}": name for index, (name, _, _) in enumerate(members)}
        return msgspec.defstruct(
            node.component, fields, rename=rename, frozen=True, forbid_unknown_fields=True
        )

    kind_of = _types(
        struct,
        Annotated[str, msgspec.Meta(pattern=API_DATE)],
        lambda low, high: Annotated[int, msgspec.Meta(ge=low, le=high)],
    )
    return msgspec.json.Decoder(kind_of(object_node(contract, component)))


def pydantic_peer(contract: Contract, component: str) -> Callable[[bytes], Any] | None:
    """pydantic's reading of ``component``'s JSON into frozen models generated from its shape,
    or None when pydantic is not installed (it comes with the ``generators`` extra)."""
    try:
        from pydantic import AwareDatetime, ConfigDict, Field, create_model
    except ImportError:
        return None
    config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def model(node: ObjectNode, members: list[Member]) -> Any:
        fields = {
            f"f{index}": (kind, Field(alias=name)) if required
            else (kind | None, Field(None, alias=name))
            for index, (name, kind, required) in enumerate(members)
        }  # fmt: skip
        return create_model(node.component, __config__=config, **fields)  # type: ignore[call-overload]

    kind_of = _types(model, AwareDatetime, lambda low, high: Annotated[int, Field(ge=low, le=high)])
    return kind_of(object_node(contract, component)).model_validate_json  # type: ignore[no-any-return]
