"""The typed model: one immutable ``Record`` per payload object, whatever format it came from.

Fields are read by the spec's names (``log.price.pricePerSecond``; ``log.from_`` where the name
is a Python keyword, or ``log["from"]``). An absent optional field reads as ``None`` and is not
``in`` the record; the API never sends ``null``, so the two cannot be confused. Equality is
exact: ``Decimal("0.0100")`` is not ``Decimal("0.01")`` here, and a date keeps its offset.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any, ClassVar

from ._contract import Contract, load_contract
from ._errors import ContractError, EncodeError
from ._json_codec import read_value
from ._problems import Problems
from ._shape import Node, ObjectNode, object_node
from ._walk import Walk

__all__ = [
    "RECORDS",
    "RECORD_MAKING",
    "Layout",
    "Record",
    "laid_out",
    "layout",
    "model_class",
    "to_model",
]


@dataclass(frozen=True)
class Layout:
    """Where a class's records keep each field: one position per field of its shape, in the
    shape's order, then one for the unknown members."""

    names: tuple[str, ...]  # spec names
    by_name: dict[str, int]
    by_attribute: dict[str, int]


class Record:
    """A payload object of the spec. Subclasses exist per component (see ``models``)."""

    __slots__ = ("_values",)
    # One value per field of the class's shape, in its order (``layout``), ``None`` where the
    # field is absent, then the members no source names (a dict) or ``None``. A tuple, not a
    # dict: a page of records takes a quarter of the memory, and the compiled readers and
    # writers reach a field by its position.
    _values: tuple[Any, ...]
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
        for field, value in _by_field(type(self), node, fields).items():
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
    def _trusted(cls, values: tuple[Any, ...]) -> Record:
        """A record from values a decoder has already converted, checked and laid out."""
        record = _NEW(cls)
        _PUT(record, values)
        return record

    def __getattr__(self, attribute: str) -> Any:
        index = layout(type(self)).by_attribute.get(attribute)
        if index is None:
            raise AttributeError(f"{type(self).__name__} has no field {attribute!r}")
        return self._values[index]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use .replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use .replace()")

    def __getitem__(self, name: str) -> Any:
        """The value of a present field by its spec name (``record["from"]``)."""
        index = layout(type(self)).by_name.get(name)
        value = None if index is None else self._values[index]
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        index = layout(type(self)).by_name.get(name) if isinstance(name, str) else None
        return index is not None and self._values[index] is not None

    def __iter__(self) -> Iterator[str]:
        """The spec names of the present fields, in the spec's order."""
        return (name for name, _ in self._present())

    def _present(self) -> Iterator[tuple[str, Any]]:
        return (
            (name, value)
            for name, value in zip(layout(type(self)).names, self._values, strict=False)
            if value is not None
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return bool(_key(self) == _key(other))

    def __hash__(self) -> int:
        return hash(_key(self))

    def __repr__(self) -> str:
        attributes = {index: name for name, index in layout(type(self)).by_attribute.items()}
        shown = ", ".join(
            f"{attributes[index]}={_short_repr(value)}"
            for index, value in enumerate(self._values[:-1])
            if value is not None
        )
        return f"{type(self).__name__}({shown})"

    def replace(self, **changes: Any) -> Record:
        """A copy with some fields changed (``None`` removes an optional field)."""
        node = self._shape()
        current = {field.attribute: self[field.name] for field in node.fields if field.name in self}
        for field, value in _by_field(type(self), node, changes).items():
            current[field.attribute] = value
        made = type(self)(**current)
        unknown = self._values[-1]
        if unknown is not None:
            _PUT(made, (*made._values[:-1], unknown))
        return made

    def to_dict(self) -> dict[str, Any]:
        """The plain-dict view, in the spec's JSON shape; leaves keep their Python types.
        Members no source names (``unknown_fields``) come last, as they were read."""
        known = {name: _plain(value) for name, value in self._present()}
        for key in self.unknown_fields.keys() & known.keys():
            # An unknown member of this name, read from XML beside the field (``pricePerSecond``
            # is the JSON name of XML's ``pricePerMessage``): one would hide the other.
            raise EncodeError(
                f"the unknown field {key!r} bears the JSON name of the field {key!r}: in one "
                "plain dict, one of them would be lost",
                path=(key,),
            )
        return {**known, **_plain(self.unknown_fields)}

    def __reduce__(self) -> tuple[Any, ...]:
        # copy, deepcopy and pickle: the values as they are (__setattr__ refuses them all).
        return (_restore, (type(self), self._values))

    @property
    def unknown_fields(self) -> Mapping[str, Any]:
        """The members (JSON) or elements (XML) of this object that no source names, kept as
        read when decoding without ``strict``, and written back by the encoders. From XML, a
        value is its text, or a mapping of its children's."""
        return MappingProxyType(self._values[-1] or {})


def _by_field(cls: type[Record], node: ObjectNode, given: dict[str, Any]) -> dict[Any, Any]:
    """The values of ``given`` by the field each names (spec name or attribute), each once."""
    found: dict[Any, Any] = {}
    for key, value in given.items():
        field = node.by_attribute.get(key) or node.by_name.get(key)
        if field is None:
            raise TypeError(f"{cls.__name__} has no field {key!r}")
        if field in found:
            raise TypeError(
                f"{cls.__name__} got the field {field.name!r} twice "
                f"(as {field.name!r} and {field.attribute!r})"
            )
        found[field] = value
    return found


def _restore(cls: type[Record], values: tuple[Any, ...]) -> Record:
    return cls._trusted(values)


_NEW = object.__new__
_PUT = Record.__dict__["_values"].__set__
# How generated source makes a record, as _trusted does without a call of its own (it runs
# once per object of a page): ``put(new(cls), values)``.
RECORD_MAKING: dict[str, Any] = {"new": _NEW, "put": _PUT}
_LAYOUTS: dict[type[Record], Layout] = {}


def layout(cls: type[Record]) -> Layout:
    """Where records of ``cls`` keep each field (made once per class)."""
    made = _LAYOUTS.get(cls)
    if made is None:
        fields = cls._shape().fields
        made = Layout(
            names=tuple(field.name for field in fields),
            by_name={field.name: index for index, field in enumerate(fields)},
            by_attribute={field.attribute: index for index, field in enumerate(fields)},
        )
        _LAYOUTS[cls] = made
    return made


def laid_out(cls: type[Record], values: dict[str, Any], unknown: dict[str, Any]) -> tuple[Any, ...]:
    """The values of a record of ``cls`` from its fields by spec name and its unknown members."""
    laid = layout(cls)
    missing = values.keys() - laid.by_name.keys()
    if missing:  # a profile's field its model does not have: the packaged profiles have none
        raise ContractError(f"{cls.__name__} has no field {sorted(missing)[0]!r}")
    return (*(values.get(name) for name in laid.names), unknown or None)


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
        present = sorted(value._present())
        unknown = value._values[-1]
        return (
            value._shape().model,
            *((name, _key(item)) for name, item in present),
            *((("unknown", _key(unknown)),) if unknown else ()),
        )
    if isinstance(value, tuple):  # an array, and a mapping, of no other kind: {} is not []
        return ("array", *(_key(item) for item in value))
    if isinstance(value, Mapping):
        return ("object", *sorted((key, _key(item)) for key, item in value.items()))
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

    def make(
        self, contract: Contract, node: ObjectNode, values: dict[str, Any], unknown: dict[str, Any]
    ) -> Record:
        cls = model_class(contract, node.model)
        return cls._trusted(laid_out(cls, values, unknown))

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
