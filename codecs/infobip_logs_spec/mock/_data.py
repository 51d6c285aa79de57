"""The generated records: drawn from the package's hypothesis strategies, made consistent.

Each operation's items come from ``strategies.values`` on the item's shape, with a fixed
hypothesis seed, so the same seed gives the same data. A small pool is drawn (hypothesis costs
about 15 ms a record) and every record starts from one of it; what makes the data usable is
then set from a ``random.Random`` seeded alike: identifiers, addresses, dates in the window
before ``now``, and the values the query parameters select on (their enums, network codes,
keywords). Operations under one tag describe the same messages: the first one's records are
drawn, and each other's copies every field of the same name and type from its counterpart (a
voice log and its delivery report share ``messageId``, ``bulkId``, ``to``, dates, price and
status; ``mccmnc`` and ``mccMnc`` too).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from .._contract import Contract, Operation
from .._model import Record
from .._shape import ArrayNode, Field, Node, ObjectNode, ScalarNode, object_node
from ._filters import Query, compile_query, find_field

__all__ = ["Catalogue", "catalogue", "generate", "items_field"]

JSON = "application/json"
POOL = 20  # records drawn by hypothesis per operation; the rest start from these
SPAN = timedelta(hours=47)  # inside the 48-hour window, so fresh data does not expire at once
NETWORKS = ("22801", "22802", "21910", "310260", "26201")
KEYWORDS = ("HEY", "INFO", "STOP", None)
SENDERS = ("InfoSMS", "41793026700", "sender@example.com")


class Catalogue:
    """What the mock knows of one operation: its item shape, field and query rules."""

    def __init__(self, contract: Contract, operation: Operation) -> None:
        self.operation = operation
        payload = operation.payloads(200, JSON)[0]
        self.payload = object_node(contract, payload.name)
        self.items = items_field(self.payload)
        node = self.items.node
        assert isinstance(node, ArrayNode)
        assert isinstance(node.item, ObjectNode)
        self.item: ObjectNode = node.item
        self.query: Query = compile_query(contract, operation, self.item)
        times = [f.name for f in self.item.fields if f.name in ("sentAt", "receivedAt")]
        self.time_field: str | None = times[0] if times else None
        properties = contract.component(self.item.component).get("properties", {})
        self.uris = [name for name, schema in properties.items() if schema.get("format") == "uri"]
        tags = contract.document["paths"][operation.path][operation.method].get("tags", [])
        self.tag: str = tags[0] if tags else operation.operationId


def items_field(payload: ObjectNode) -> Field:
    """The payload's list of records (``results``): its one array of objects."""
    found = [
        field
        for field in payload.fields
        if isinstance(field.node, ArrayNode) and isinstance(field.node.item, ObjectNode)
    ]
    if len(found) != 1:
        raise ValueError(f"{payload.component} must have exactly one array of objects")
    return found[0]


def catalogue(contract: Contract) -> dict[str, Catalogue]:
    return {op.path: Catalogue(contract, op) for op in contract.operations}


def _pool(contract: Contract, node: ObjectNode, seed: int, size: int) -> list[Record]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    from ..strategies import values

    drawn: list[Record] = []

    @settings(
        max_examples=size,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(values(node, contract, max_items=2))
    def draw(value: Record) -> None:
        drawn.append(value)

    draw()
    return drawn


def _compatible(a: Node, b: Node) -> bool:
    if isinstance(a, ObjectNode) and isinstance(b, ObjectNode):
        return a.model == b.model
    if isinstance(a, ScalarNode) and isinstance(b, ScalarNode):
        same_type = type(a.lexical) is type(b.lexical) and all(
            getattr(a.lexical, bound, None) == getattr(b.lexical, bound, None)
            for bound in ("low", "high")
        )
        return same_type and (a.enum, a.pattern, a.minimum, a.maximum) == (
            b.enum,
            b.pattern,
            b.minimum,
            b.maximum,
        )
    return False


def _copied(item: ObjectNode, base: Record) -> dict[str, Any]:
    shape = base._shape()
    changes: dict[str, Any] = {}
    for field in item.fields:
        source = find_field(shape, field.name)
        if source is not None and _compatible(source.node, field.node):
            # Records have no .get: absent and present are told apart with `in`.
            changes[field.name] = base[source.name] if source.name in base else None  # noqa: SIM401
            if changes[field.name] is None and field.required:
                del changes[field.name]
    return changes


# The offsets a send time is written with (the instant is the same): a client meets +0000 and
# others, and, in the vendor's spelling, Z and +01:00.
OFFSETS = tuple(timezone(timedelta(minutes=m)) for m in (0, 60, -300, 330))


def _moment(now: datetime, rng: random.Random) -> datetime:
    moment = now - timedelta(milliseconds=rng.randrange(int(SPAN.total_seconds() * 1000)))
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    return moment.astimezone(rng.choice(OFFSETS))


def _chosen(entry: Catalogue, rng: random.Random, now: datetime) -> dict[str, Any]:
    """The values a usable record needs, for the fields this item has."""
    changes: dict[str, Any] = {}
    names = {field.name for field in entry.item.fields}
    for name in entry.uris:
        # The strategies draw any text for a string; a `format: uri` one must be a URI.
        changes[name] = f"https://mock.invalid/{entry.operation.operationId}/{rng.getrandbits(32)}"
    if "messageId" in names:
        changes["messageId"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if "bulkId" in names:
        changes["bulkId"] = str(uuid.UUID(int=rng.getrandbits(16) % 8 + 1, version=4))
    if "to" in names:
        changes["to"] = f"4179302{rng.randrange(6700, 6710)}"
    if "from" in names:
        changes["from"] = rng.choice(SENDERS)
    if entry.time_field is not None:
        moment = _moment(now, rng)
        changes[entry.time_field] = moment
        if "doneAt" in names:
            changes["doneAt"] = moment + timedelta(milliseconds=rng.randrange(10, 30_000))
    for rule in entry.query.rules.values():
        if rule.parameter == "keyword":
            changes["keyword"] = rng.choice(KEYWORDS)
        elif rule.parameter in ("mcc", "mnc"):
            changes[rule.path[0]] = rng.choice(NETWORKS)
        elif rule.values is not None and len(rule.path) == 1:
            changes[rule.path[0]] = rng.choice(rule.values)
    return changes


def _nested(record: Record, entry: Catalogue, rng: random.Random) -> Record:
    """Set the nested fields a rule selects on (``status.groupName``) from its enum."""
    for rule in entry.query.rules.values():
        if rule.values is not None and len(rule.path) == 2:
            outer, inner = rule.path
            if outer in record:
                record = record.replace(
                    **{outer: record[outer].replace(**{inner: rng.choice(rule.values)})}
                )
    return record


def generate(
    contract: Contract,
    entries: Mapping[str, Catalogue],
    *,
    seed: int,
    count: int,
    now: datetime | None = None,
) -> dict[str, list[Record]]:
    """``count`` records per operation, the same for the same seed and ``now``."""
    now = now or datetime.now(UTC)
    made: dict[str, list[Record]] = {}
    leaders: dict[str, list[Record]] = {}
    for path, entry in entries.items():
        rng = random.Random(f"{seed}:{entry.operation.operationId}")
        pool = _pool(contract, entry.item, seed, min(POOL, max(count, 1)))
        leader = leaders.get(entry.tag)
        records = []
        for index in range(count):
            base = pool[index % len(pool)]
            changes = _chosen(entry, rng, now)
            if leader is not None:
                changes.update(_copied(entry.item, leader[index % len(leader)]))
            record = _nested(base.replace(**changes), entry, rng)
            records.append(record)
        leaders.setdefault(entry.tag, records)
        made[path] = records
    return made


def flatten(items: Iterable[Record] | Record, entry: Catalogue) -> Iterator[Record]:
    """Items given one by one, or a whole answer whose items are taken."""
    if isinstance(items, Record):
        if items._shape().model == entry.payload.model:
            yield from items[entry.items.name]
            return
        yield items
        return
    for item in items:
        yield from flatten(item, entry)
