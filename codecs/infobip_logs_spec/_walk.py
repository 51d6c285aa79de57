"""What the two decoding walks share: where they are, what they found, and the checks of a
value that are the same in JSON and XML.

A ``Walk`` is immutable; stepping into a member or an element gives a new one (as jsonschema's
``descend`` does), so a helper takes one argument for the whole location instead of six.
Records are made through a ``RecordMaker`` the caller gives, so the walks need not import the
model, which itself reads Python values with the JSON walk.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import cache
from typing import Any, Protocol

from ._contract import Contract
from ._errors import PathPart, ValidationError
from ._lexical import short
from ._problems import Problems
from ._shape import ArrayNode, Field, ObjectNode, ScalarNode

__all__ = ["RecordMaker", "Walk", "check_facets", "check_length", "tolerated"]


class RecordMaker(Protocol):
    """How a walk turns checked values into the model's records."""

    def make(
        self, contract: Contract, node: ObjectNode, values: dict[str, Any], unknown: dict[str, Any]
    ) -> Any: ...

    def made(self, contract: Contract, node: ObjectNode, value: Any) -> bool:
        """Whether ``value`` already is a record of ``node``'s model."""
        ...


class Walk:
    """Where a walk is. Not a frozen dataclass: a walk makes one per value, and a frozen
    dataclass's constructor costs a call of ``object.__setattr__`` per field. Never changed
    after it is made all the same."""

    __slots__ = ("contract", "line", "path", "problems", "records", "xpath")

    def __init__(
        self,
        contract: Contract,
        problems: Problems,
        records: RecordMaker,
        path: tuple[PathPart, ...] = (),
        xpath: str | None = None,
        line: int | None = None,
    ) -> None:
        self.contract = contract
        self.problems = problems
        self.records = records
        self.path = path
        self.xpath = xpath
        self.line = line

    def at(self, key: PathPart, *, xpath: str | None = None, line: int | None = None) -> Walk:
        """One step down: a member or item, and for XML its element's XPath and line."""
        # The constructor, not dataclasses.replace: a walk takes this step for every value.
        path = (*self.path, key)
        return Walk(self.contract, self.problems, self.records, path, xpath, line)

    def there(self, *, xpath: str | None = None, line: int | None = None) -> Walk:
        """The same value, located at another element (a problem reported at a parent)."""
        return Walk(self.contract, self.problems, self.records, self.path, xpath, line)

    def error(self, message: str) -> None:
        self.problems.add(
            ValidationError(message, path=self.path, xpath=self.xpath, line=self.line)
        )

    def tolerate(self, message: str) -> None:
        self.problems.tolerate(message, path=self.path, xpath=self.xpath, line=self.line)

    def unknown(self, message: Callable[[], str], *, node: Any = None) -> None:
        self.problems.unknown(message, path=self.path, xpath=self.xpath, line=self.line, node=node)

    def make(self, node: ObjectNode, values: dict[str, Any], unknown: dict[str, Any]) -> Any:
        return self.records.make(self.contract, node, values, unknown)

    def missing(
        self, node: ObjectNode, present: Collection[str], name_of: Callable[[Field], str]
    ) -> None:
        """Report the fields absent from ``present``: required ones as errors, expected ones
        (``x-expected``) as tolerated. ``name_of`` says how the format names a field."""
        for field in _required(node):
            if field.name not in present:
                here = self.at(field.name, xpath=self.xpath, line=self.line)
                here.error(f"required {name_of(field)} is missing")
        if not node.expected or len(present) >= len(node.fields):
            return
        absent = node.expected.difference(present)
        if not absent:
            return
        problems = self.problems
        if not problems.strict and problems.warnings_full:
            # A flood of records without their expected fields costs a count each, no more.
            problems.drop_warnings(len(absent))
            return
        for field in node.fields:
            if field.name in absent:
                here = self.at(field.name, xpath=self.xpath, line=self.line)
                here.tolerate(f"{name_of(field)} is missing; every documented example has it")


@cache
def _required(node: ObjectNode) -> tuple[Field, ...]:
    return tuple(field for field in node.fields if field.required)


def tolerated(node: ScalarNode, value: Any) -> str | None:
    """Why a value read for ``node`` is only tolerated (a date with no offset), if it is."""
    return node.lexical.warning(value) if node.lexical.warns else None


def check_facets(node: ScalarNode, value: Any) -> None:
    """The restrictions beyond the type: enum, pattern, bounds and lengths."""
    if node.enum is not None and value not in node.enum:
        choices = ", ".join(repr(choice) for choice in node.enum)
        raise ValueError(f"{short(value)} is not one of {choices}")
    if node.pattern is not None and isinstance(value, str) and not node.pattern.search(value):
        raise ValueError(f"{short(value)} does not match {node.pattern.pattern!r}")
    if node.minimum is not None and value < node.minimum:
        raise ValueError(f"{value} is less than the minimum of {node.minimum}")
    if node.maximum is not None and value > node.maximum:
        raise ValueError(f"{value} is greater than the maximum of {node.maximum}")
    if node.min_length is not None and len(value) < node.min_length:
        raise ValueError(f"{short(value)} is shorter than {node.min_length} characters")
    if node.max_length is not None and len(value) > node.max_length:
        raise ValueError(f"{short(value)} is longer than {node.max_length} characters")


def check_length(node: ArrayNode, length: int, walk: Walk) -> None:
    if length < node.min_items:
        walk.error(f"expected at least {node.min_items} items, got {length}")
    if node.max_items is not None and length > node.max_items:
        walk.error(f"expected at most {node.max_items} items, got {length}")
