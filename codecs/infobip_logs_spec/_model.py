"""The typed model: one immutable ``Record`` per payload object, whatever format it came from.

Fields are read by the spec's names (``log.price.pricePerSecond``; ``log.from_`` where the name
is a Python keyword, or ``log["from"]``). An absent optional field reads as ``None`` and is not
``in`` the record; the API never sends ``null``, so the two cannot be confused. Equality is
exact: ``Decimal("0.0100")`` is not ``Decimal("0.01")`` here, and a date keeps its offset.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any, ClassVar

from ._contract import Contract, load_contract
from ._json_codec import read_value
from ._problems import Problems
from ._shape import Node, ObjectNode, object_node
from ._walk import UNKNOWN, Walk

__all__ = ["RECORDS", "Record", "model_class", "to_model"]


class Record:
    """A payload object of the spec. Subclasses exist per component (see ``models``)."""

    __slots__ = ("_values",)
    # By spec name, in the shape's field order (every maker keeps it; the compiled JSON writer
    # relies on it), then the unknown members under UNKNOWN.
    _values: dict[str, Any]
    _component: ClassVar[str] = ""
    _contract: ClassVar[Contract | None] = None  # None: the spec shipped with the package

    def __init_subclass__(cls, component: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if component:
            cls._component = component
            if "_contract" not in cls.__dict__:  # a typed class of the packaged spec
                _TYPED[component] = cls

    def __init__(self, **fields: Any) -> None:
        """Build a record from field values by spec name or attribute; ``None`` means absent."""
        node = self._shape()
        given: dict[str, Any] = {}
        for key, value in fields.items():
            field = node.by_attribute.get(key) or node.by_name.get(key)
            if field is None:
                raise TypeError(f"{type(self).__name__} has no field {key!r}")
            if value is not None:
                given[field.name] = value
        record = to_model(self._bound_contract(), node, given)
        object.__setattr__(self, "_values", record._values)

    @classmethod
    def _bound_contract(cls) -> Contract:
        return cls._contract or load_contract()

    @classmethod
    def _shape(cls) -> ObjectNode:
        return object_node(cls._bound_contract(), cls._component)

    @classmethod
    def _trusted(cls, values: dict[str, Any]) -> Record:
        """A record from values a decoder has already converted and checked."""
        record = cls.__new__(cls)
        object.__setattr__(record, "_values", values)
        return record

    def __getattr__(self, attribute: str) -> Any:
        field = self._shape().by_attribute.get(attribute)
        if field is None:
            raise AttributeError(f"{type(self).__name__} has no field {attribute!r}")
        return self._values.get(field.name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use .replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use .replace()")

    def __getitem__(self, name: str) -> Any:
        """The value of a present field by its spec name (``record["from"]``)."""
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        """The spec names of the present fields, in the spec's order."""
        return (f.name for f in self._shape().fields if f.name in self._values)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return bool(_key(self) == _key(other))

    def __hash__(self) -> int:
        return hash(_key(self))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{field.attribute}={_short_repr(self._values[field.name])}"
            for field in self._shape().fields
            if field.name in self._values
        )
        return f"{type(self).__name__}({shown})"

    def replace(self, **changes: Any) -> Record:
        """A copy with some fields changed (``None`` removes an optional field)."""
        node = self._shape()
        current = {field.attribute: self._values.get(field.name) for field in node.fields}
        for key, value in changes.items():
            field = node.by_attribute.get(key) or node.by_name.get(key)
            if field is None:
                raise TypeError(f"{type(self).__name__} has no field {key!r}")
            current[field.attribute] = value
        made = type(self)(**current)
        if UNKNOWN in self._values:
            made._values[UNKNOWN] = self._values[UNKNOWN]
        return made

    def to_dict(self) -> dict[str, Any]:
        """The plain-dict view, in the spec's JSON shape; leaves keep their Python types.
        Members no source names (``unknown_fields``) come last, as they were read."""
        known = {name: _plain(self._values[name]) for name in self}
        return {**known, **_plain(self.unknown_fields)}

    @property
    def unknown_fields(self) -> Mapping[str, Any]:
        """The members (JSON) or elements (XML) of this object that no source names, kept as
        read when decoding without ``strict``, and written back by the encoders. From XML, a
        value is its text, or a mapping of its children's."""
        return MappingProxyType(self._values.get(UNKNOWN, {}))


# The typed classes of ``models`` register here as they are defined (the package imports that
# module), so this module never imports the one that imports it.
_TYPED: dict[str, type[Record]] = {}


def _short_repr(value: Any) -> str:
    """Long arrays show their first items and a count, so a 1000-record page prints briefly."""
    if isinstance(value, tuple) and len(value) > 3:
        head = ", ".join(repr(item) for item in value[:2])
        return f"({head}, ... {len(value) - 2} more)"
    return repr(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _key(value: Any) -> Any:
    if isinstance(value, Record):
        node = value._shape()
        return (node.model, *((name, _key(value._values[name])) for name in sorted(value._values)))
    if isinstance(value, tuple):
        return tuple(_key(item) for item in value)
    if isinstance(value, Mapping):
        return tuple(sorted((key, _key(item)) for key, item in value.items()))
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    if hasattr(value, "utcoffset"):
        return ("datetime", value.isoformat())
    return (type(value).__name__, value)


@cache
def model_class(contract: Contract, component: str) -> type[Record]:
    """The class whose instances hold values of ``component``.

    The typed classes in ``models`` serve the packaged profiles (generated from ``live``, which
    has every field ``documented`` has); any other component, or a contract a caller gives,
    gets a class made here from the spec alone, so new endpoints need no code.
    """
    typed = _TYPED.get(component)
    if typed is not None and contract.profile is not None:
        return typed  # the typed classes serve every packaged profile
    node = object_node(contract, component)
    namespace = {
        "__slots__": (),
        "__doc__": node.description,
        "__module__": "infobip_logs_spec.models",
        "_contract": contract,
    }
    made = type(component, (Record,), namespace, component=component)
    return made


class _Records:
    """The ``RecordMaker`` of the walks: records of ``model_class`` for the node's model."""

    def make(self, contract: Contract, node: ObjectNode, values: dict[str, Any]) -> Record:
        return model_class(contract, node.model)._trusted(values)

    def made(self, contract: Contract, node: ObjectNode, value: Any) -> bool:
        return isinstance(value, model_class(contract, node.model))


RECORDS = _Records()


def to_model(contract: Contract, node: Node, value: Any) -> Any:
    """Python values for ``node`` as the model's value, read by the JSON walk; every problem
    raised in one error."""
    problems = Problems()
    converted = problems.run(lambda: read_value(Walk(contract, problems, RECORDS), node, value))
    problems.raise_errors()
    return converted
