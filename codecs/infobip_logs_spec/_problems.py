"""The problems found in one payload, collected so a walk can go on past the first.

Decoders raise the first error; validators report them all. Fields the spec does not name are
errors when strict and warnings otherwise, since the API adds fields over time.
"""

from __future__ import annotations

from typing import Any

from ._errors import PathPart, ValidationError

__all__ = ["INVALID", "Problems", "location_key"]

INVALID: Any = object()  # what a walk returns for a value it could not convert


def location_key(error: ValidationError) -> int:
    """Document order: walks visit a document in order, so a stable sort by line (known for
    XML) keeps it; a missing field is reported where its parent object ends."""
    return error.line or 0


class Problems:
    def __init__(self, *, strict: bool = True) -> None:
        self.strict = strict
        self.items: list[ValidationError] = []
        self.error_count = 0

    def add(self, error: ValidationError) -> None:
        self.items.append(error)
        if error.severity == "error":
            self.error_count += 1

    def unknown(
        self,
        message: str,
        *,
        path: tuple[PathPart, ...],
        xpath: str | None = None,
        line: int | None = None,
    ) -> None:
        severity = "error" if self.strict else "warning"
        self.add(ValidationError(message, path=path, xpath=xpath, line=line, severity=severity))

    def sorted(self) -> list[ValidationError]:
        return sorted(self.items, key=location_key)

    def raise_errors(self) -> None:
        errors = [error for error in self.sorted() if error.severity == "error"]
        if errors:
            raise ValidationError.of(errors)
