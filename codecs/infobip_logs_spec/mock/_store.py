"""The records the mock serves, per operation: generated, loaded from files, or added live.

Thread-safe: the server reads while a test adds records from another thread. Items are kept
newest first by their send or receive time; what is older than the window is never returned;
an operation that is read once (delivery reports) loses what it returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

from .._codec import decode_json, decode_xml
from .._contract import Contract
from .._lexical import DATETIME
from .._model import Record
from ._data import Catalogue, flatten

__all__ = ["Store"]

READ_ONCE_SUFFIX = "/reports"  # the vendor's delivery reports: "returned only once"


class Store:
    """Records per operation path, with the rules that decide what a request sees."""

    def __init__(
        self,
        contract: Contract,
        entries: Mapping[str, Catalogue],
        records: Mapping[str, list[Record]] | None = None,
        *,
        window: timedelta | None = timedelta(hours=48),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.contract = contract
        self.window = window
        self._clock = clock
        self._entries = entries
        self._lock = threading.Lock()
        self._items: dict[str, list[Record]] = {path: [] for path in entries}
        for path, items in (records or {}).items():
            self.add(path, items)

    def entry(self, endpoint: str) -> Catalogue:
        return self._entries[self.contract.operation(endpoint).path]

    def add(self, endpoint: str, items: Iterable[Any] | Record) -> int:
        """Add records to an operation (path or operationId); returns how many were added.

        Give items (``VoiceLog`` records or their JSON-shaped dicts) or a whole answer.
        """
        entry = self.entry(endpoint)
        given = [items] if isinstance(items, Record | Mapping) else list(items)
        records = [item for item in given if isinstance(item, Record)]
        dicts = [item for item in given if not isinstance(item, Record)]
        if dicts:
            # Read as the JSON they are shaped like: aliases (mccMnc), and floats as the
            # decimals they spell.
            answer = _JSON.encode({entry.items.name: [_json_shaped(item) for item in dicts]})
            path = entry.operation.path
            records.append(decode_json(answer, endpoint=path, contract=self.contract))
        flat = list(flatten(records, entry))
        for record in flat:
            if record._shape().model != entry.item.model:
                raise TypeError(
                    f"{entry.operation.path} holds {entry.item.model} records, "
                    f"not {record._shape().model}"
                )
            where = _naive_date(record)
            if where is not None:
                raise ValueError(
                    f"{where} is a date with no offset: the mock filters and ages records by "
                    "the instant they name, which that date does not say; give it an offset"
                )
        with self._lock:
            items_list = self._items[entry.operation.path]
            items_list.extend(flat)
            if entry.time_field is not None:
                field = entry.time_field
                items_list.sort(key=lambda r: r[field].timestamp() if field in r else 0.0)
                items_list.reverse()
        return len(flat)

    def load(self, endpoint: str, source: bytes | Path) -> int:
        """Add the items of an answer in JSON or XML (the format is read from the content)."""
        data = source.read_bytes() if isinstance(source, Path) else source
        path = self.entry(endpoint).operation.path
        start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        decode = decode_xml if start == b"<" else decode_json
        return self.add(path, decode(data, endpoint=path, contract=self.contract))

    def records(self, endpoint: str) -> list[Record]:
        """Every record the operation holds now, newest first (the window not applied)."""
        with self._lock:
            return list(self._items[self.entry(endpoint).operation.path])

    def select(
        self, endpoint: str, keep: Callable[[Record], bool], limit: int | None
    ) -> list[Record]:
        """The newest records ``keep`` accepts, at most ``limit``; read-once ones are taken."""
        entry = self.entry(endpoint)
        path = entry.operation.path
        oldest = None if self.window is None else self._clock() - self.window
        field = entry.time_field
        chosen: list[Record] = []
        with self._lock:
            items = self._items[path]
            for record in items:
                if limit is not None and len(chosen) >= limit:
                    break
                if oldest is not None and field is not None and _older(record, field, oldest):
                    continue
                if keep(record):
                    chosen.append(record)
            if path.endswith(READ_ONCE_SUFFIX) and chosen:
                taken = {id(record) for record in chosen}
                self._items[path] = [r for r in items if id(r) not in taken]
        return chosen


_JSON = msgspec.json.Encoder(decimal_format="number")  # a Decimal keeps its spelling


def _json_shaped(value: Any) -> Any:
    """A dict a caller gives, with its dates in the API's spelling (where it can carry them)."""
    if isinstance(value, Mapping):
        return {key: _json_shaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_shaped(item) for item in value]
    if isinstance(value, datetime):
        try:
            return DATETIME.to_text(value)
        except ValueError:  # microseconds or no offset: the live profile's spelling
            return value.isoformat()
    return value


def _naive_date(value: Any, where: str = "") -> str | None:
    """Where a record holds a date with no offset, if it does."""
    if isinstance(value, datetime):
        return where if value.tzinfo is None else None
    if isinstance(value, Record):
        return next(
            (
                found
                for name in value
                if (found := _naive_date(value[name], f"{where}/{name}")) is not None
            ),
            None,
        )
    if isinstance(value, tuple):
        return next(
            (
                found
                for index, item in enumerate(value)
                if (found := _naive_date(item, f"{where}/{index}")) is not None
            ),
            None,
        )
    return None


def _older(record: Record, field: str, oldest: datetime) -> bool:
    return field in record and bool(record[field] < oldest)
