"""The package's one exception family; every error carries the location of the fault as data."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ContractError",
    "DecodeError",
    "EncodeError",
    "SchemaError",
    "SpecError",
    "ValidationError",
    "json_pointer",
]

PathPart = str | int


def json_pointer(path: Sequence[PathPart]) -> str:
    """RFC 6901 pointer for a path of keys and indexes (``("results", 0)`` -> ``/results/0``)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


class SpecError(Exception):
    """Root of every error this package raises.

    ``message`` is one short line; ``path`` the keys and indexes that lead to the fault, in the
    JSON view of whatever was being read (the spec, or a payload).
    """

    def __init__(self, message: str, *, path: Sequence[PathPart] = ()) -> None:
        self.message = message
        self.path: tuple[PathPart, ...] = tuple(path)
        super().__init__(self.__str__())

    @property
    def pointer(self) -> str:
        """The location as a JSON Pointer."""
        return json_pointer(self.path)

    def __str__(self) -> str:
        return f"{self.pointer}: {self.message}" if self.path else self.message


class ContractError(SpecError):
    """The spec itself is broken or uses a construct this package cannot honour."""


class SchemaError(ContractError):
    """A generated schema file is missing, stale or unreadable."""


class ValidationError(SpecError, ValueError):
    """A payload or request does not satisfy the contract."""


class DecodeError(SpecError, ValueError):
    """A payload could not be read: not well-formed, hostile, or over a safety bound."""


class EncodeError(SpecError, ValueError):
    """A value cannot be written in the requested format."""
