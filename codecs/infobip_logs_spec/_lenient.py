"""Repairs for the malformed JSON the vendor's own documentation prints.

Only two faults are forgiven, both seen in the source documents or their kin: a comma before a
closing bracket, and a closing brace or bracket left out. Anything else stays an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Repair", "repair_json", "scan"]


@dataclass(frozen=True)
class Repair:
    """One edit: the 1-based line of the printed text it applies to, and what was done."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"{self.message} on line {self.line}"


def scan(text: str) -> Iterator[tuple[str, bool]]:
    """Each character of JSON text, and whether it belongs to a string literal (quotes too)."""
    in_string = escaped = False
    for char in text:
        if in_string:
            yield char, True
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        else:
            in_string = char == '"'
            yield char, in_string


def repair_json(text: str, max_edits: int | None = None) -> tuple[str, list[Repair]]:
    """The text with trailing commas removed and missing closers inserted, and the edits; with
    ``max_edits``, an empty list of edits as soon as more would be needed (no repair then)."""
    out: list[str] = []
    edits: list[Repair] = []
    stack: list[str] = []
    line = 1
    for char, quoted in scan(text):
        if quoted or char not in "{[]}":
            out.append(char)
        elif char in "{[":
            stack.append("}" if char == "{" else "]")
            out.append(char)
        else:
            while stack and stack[-1] != char:
                missing = stack.pop()
                _drop_trailing_comma(out, edits, line)
                out.append(missing)
                edits.append(Repair(line, f"inserted the missing {missing!r} before the {char!r}"))
            if stack:
                stack.pop()
            _drop_trailing_comma(out, edits, line)
            out.append(char)
        if char == "\n":
            line += 1
            if max_edits is not None and len(edits) > max_edits:
                return text, []
    while stack:
        missing = stack.pop()
        out.append("\n" + missing)
        edits.append(Repair(None, f"appended the missing {missing!r} at the end"))
    return "".join(out), edits


def _drop_trailing_comma(out: list[str], edits: list[Repair], line: int) -> None:
    position = len(out) - 1
    while position >= 0 and out[position].isspace():
        position -= 1
    if position >= 0 and out[position] == ",":
        del out[position]
        edits.append(Repair(line, "removed the trailing comma before the closing bracket"))
