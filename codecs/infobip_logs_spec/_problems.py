"""The problems found in one payload, collected so a walk can go on past the first.

Validators report every problem; decoders raise them together, in one error. Fields the spec
does not name are errors when strict and warnings otherwise, since the API adds fields over
time. The count is bounded (``Limits.max_problems``): past it the walk stops, so explaining a
hostile document costs no more than reading it, and one last problem says the rest went
unreported.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from ._errors import ContractWarning, PathPart, Severity, ValidationError
from ._limits import DEFAULT_LIMITS, Limits

__all__ = ["INVALID", "Problems", "location_key"]

INVALID: Any = object()  # what a walk returns for a value it could not convert
T = TypeVar("T")


class _BudgetSpentError(Exception):
    """Raised inside a walk when the problem budget is spent; never escapes ``Problems.run``."""


def location_key(error: ValidationError) -> int:
    """Document order: walks visit a document in order, so a stable sort by line (known for
    XML) keeps it; a missing field is reported at its parent element, as XSD engines do."""
    return error.line or 0


class Problems:
    def __init__(
        self, *, strict: bool = True, limits: Limits = DEFAULT_LIMITS, warnings_only: bool = False
    ) -> None:
        self.strict = strict
        # The caller knows there is no error (a schema said so): past the warning budget the
        # walk may stop, and the rest of the warnings go uncounted.
        self.warnings_only = warnings_only
        self.warnings_uncounted = False
        self.limits = limits
        self.items: list[ValidationError] = []
        self.error_count = 0
        self.truncated = False
        self.warnings_dropped = 0
        # What every unknown field is (an XML element; for JSON its path), counted or not.
        self.unknown_nodes: list[Any] = []

    def add(self, error: ValidationError) -> None:
        if error.severity is Severity.WARNING:
            # Warnings never stop the walk nor change the verdict; past the budget they are
            # counted, not kept.
            if self.warnings_full:
                self.drop_warnings(1)
            else:
                self.items.append(error)
            return
        if self.error_count >= self.limits.max_problems:
            self.truncated = True
            raise _BudgetSpentError
        self.items.append(error)
        self.error_count += 1

    def tolerate(
        self,
        message: str,
        *,
        path: tuple[PathPart, ...],
        xpath: str | None = None,
        line: int | None = None,
    ) -> None:
        """Something the profile tolerates (a missing expected field, a tolerated spelling):
        a warning, or an error when strict."""
        if not self.strict and self.warnings_full:
            self.drop_warnings(1)  # counted, never built: a flood costs a count each
            return
        severity = Severity.ERROR if self.strict else Severity.WARNING
        self.add(ValidationError(message, path=path, xpath=xpath, line=line, severity=severity))

    def drop_warnings(self, count: int) -> None:
        """Warnings past the budget: counted, or, when the caller knows no error follows, the
        end of the walk."""
        self.warnings_dropped += count
        if self.warnings_only:
            self.warnings_uncounted = True
            raise _BudgetSpentError

    @property
    def warnings_full(self) -> bool:
        """Whether the warning budget is spent: more are counted, not kept."""
        return len(self.items) - self.error_count >= self.limits.max_problems

    def unknown(
        self,
        message: Callable[[], str],
        *,
        path: tuple[PathPart, ...],
        xpath: str | None = None,
        line: int | None = None,
        node: Any = None,
    ) -> None:
        """A field no source names. Every one is recorded (its XML element, or for JSON its
        path), so a validator can judge the rest of the document without them; the message
        (with its spelling hint) is built only while the warning budget lasts."""
        self.unknown_nodes.append(path if node is None else node)
        if not self.strict and self.warnings_full:
            self.drop_warnings(1)
            return
        self.tolerate(message(), path=path, xpath=xpath, line=line)

    def run(self, walk: Callable[[], T]) -> T | Any:
        """The walk's result, or ``INVALID`` when it stopped at the problem budget."""
        try:
            return walk()
        except _BudgetSpentError:
            return INVALID

    def sorted(self) -> list[ValidationError]:
        found = sorted(self.items, key=location_key)
        if self.warnings_uncounted:
            found.append(
                ValidationError(
                    "and more warnings like these, not shown (Limits.max_problems); the "
                    "document has no error",
                    severity=Severity.WARNING,
                )
            )
        elif self.warnings_dropped:
            found.append(
                ValidationError(
                    f"and {self.warnings_dropped} more warnings like these, not shown "
                    "(Limits.max_problems)",
                    severity=Severity.WARNING,
                )
            )
        if self.truncated:
            # An error, not a warning: what the unread rest holds is unknown.
            found.append(
                ValidationError(
                    f"more than {self.limits.max_problems} errors; the rest of the document "
                    "was not checked (Limits.max_problems)"
                )
            )
        return found

    def raise_errors(self, stacklevel: int = 4) -> None:
        """Raise the errors in one ``ValidationError``; else warn once of the warnings."""
        found = self.sorted()
        errors = [error for error in found if error.severity is Severity.ERROR]
        if errors:
            raise ValidationError.of(errors)
        if found:
            first = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            warnings.warn(ContractWarning(f"{first}{more}", found), stacklevel=stacklevel)
