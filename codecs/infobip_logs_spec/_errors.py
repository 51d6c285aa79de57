"""The package's one exception family; every error carries the location of the fault as data."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

__all__ = [
    "ContractError",
    "ContractWarning",
    "DecodeError",
    "EncodeError",
    "LenientWarning",
    "SchemaError",
    "Severity",
    "SpecError",
    "UsageError",
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
    JSON view of whatever was being read (the spec, or a payload). Faults found in XML also
    carry ``xpath`` (with 1-based positions on repeated elements) and the source ``line``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Sequence[PathPart] = (),
        xpath: str | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.path: tuple[PathPart, ...] = tuple(path)
        self.xpath = xpath
        self.line = line
        super().__init__(self.__str__())

    @property
    def pointer(self) -> str:
        """The location as a JSON Pointer."""
        return json_pointer(self.path)

    @property
    def location(self) -> str:
        """Where the fault is, in the format it was found in: XPath (and line) or JSON Pointer."""
        if self.xpath is not None:
            return self.xpath + (f" (line {self.line})" if self.line is not None else "")
        if self.line is not None and not self.path:
            return f"line {self.line}"
        return self.pointer

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else self.message


class UsageError(SpecError, ValueError):
    """A call names what the contract does not have: an endpoint, a status, a media type."""


class Severity(StrEnum):
    """How much a problem weighs; a ``str``, so ``problem.severity == "error"`` holds too."""

    ERROR = "error"
    WARNING = "warning"  # the payload stays valid: a field the spec does not name, say


class ContractError(SpecError):
    """The spec itself is broken or uses a construct this package cannot honour."""


class SchemaError(ContractError):
    """A generated schema file is missing, stale or unreadable."""


class ValidationError(SpecError, ValueError):
    """A payload or request does not satisfy the contract.

    ``severity`` is ``Severity.ERROR``, or ``Severity.WARNING`` for a problem that does not
    make the payload invalid (a field the spec does not name, unless validation is strict).
    Raised for a whole payload, it lists every problem in ``errors`` (sorted by location), and
    its own location and message are those of the first.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Sequence[PathPart] = (),
        xpath: str | None = None,
        line: int | None = None,
        severity: Severity = Severity.ERROR,
        errors: Sequence[ValidationError] = (),
    ) -> None:
        self.severity = severity
        self.errors: tuple[ValidationError, ...] = tuple(errors) or (self,)
        super().__init__(message, path=path, xpath=xpath, line=line)

    @classmethod
    def of(cls, problems: Sequence[ValidationError]) -> ValidationError:
        """One error for a list of problems: the first, carrying them all."""
        first = problems[0]
        if len(problems) == 1:
            return first
        more = len(problems) - 1
        return cls(
            f"{first.message} (and {more} more problem{'s' if more > 1 else ''})",
            path=first.path,
            xpath=first.xpath,
            line=first.line,
            errors=problems,
        )


class DecodeError(ValidationError):
    """A payload could not be read: not well-formed, hostile, or over a safety bound."""


class EncodeError(ValidationError):
    """A value cannot be written in the requested format."""


class ContractWarning(UserWarning):
    """A payload follows the contract only with a tolerance: a field no source names (kept in
    ``Record.unknown_fields``), a field every documented example has missing, or a spelling
    the profile tolerates. ``problems`` holds each, with its location."""

    def __init__(self, message: str, problems: Sequence[ValidationError] = ()) -> None:
        self.problems = tuple(problems)
        super().__init__(message)


class LenientWarning(UserWarning):
    """A lenient decoder forgave a fault: ``message`` says what it did, ``line`` where (``None``
    for an edit at the end of the document)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)
