"""Where a JSON Pointer's value starts in the text, for problems' line numbers.

Only a failing document is scanned, and only for the pointers its (bounded) problems name: a
regular expression steps from token to token, so strings are skipped whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._errors import PathPart, ValidationError

__all__ = ["add_lines"]

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def _lines(text: str, wanted: set[tuple[PathPart, ...]]) -> dict[tuple[PathPart, ...], int]:
    found: dict[tuple[PathPart, ...], int] = {}
    # A missing member is never met: once the container holding where it would be is closed,
    # it is given up, so the scan ends at the last problem, not at the end of the document.
    inside: dict[tuple[PathPart, ...], list[tuple[PathPart, ...]]] = {}
    for each in wanted:
        for end in range(len(each)):
            inside.setdefault(each[:end], []).append(each)
    given_up: set[tuple[PathPart, ...]] = set()
    # Each open container: its path, whether an object, the key awaiting its value, the index.
    stack: list[list[object]] = []
    path: tuple[PathPart, ...] = ()
    line, seen = 1, 0
    expecting_key = False
    for token in TOKEN.finditer(text):
        start = token.start()
        line += text.count("\n", seen, start)
        seen = start
        value = token.group()
        if value in ":,":
            if value == "," and stack:
                top = stack[-1]
                if top[1]:
                    expecting_key = True
                else:
                    top[3] = int(str(top[3])) + 1
            continue
        if value in "]}":
            closed = stack.pop()[0]
            path = path[:-1] if stack else ()
            expecting_key = False
            given_up.update(w for w in inside.pop(closed, ()) if w not in found)  # type: ignore[call-overload]
            if len(found) + len(given_up) == len(wanted):
                break
            continue
        if expecting_key:  # a member's name: the value that follows has this path
            stack[-1][2] = _key(value)
            expecting_key = False
            continue
        here = path
        if stack:
            top = stack[-1]
            here = (*path, top[2] if top[1] else int(str(top[3])))  # type: ignore[arg-type]
        if here in wanted and here not in found:
            found[here] = line
            if len(found) == len(wanted):
                break
        if value in "{[":
            stack.append([here, value == "{", None, 0])
            path = here
            expecting_key = value == "{"
    return found


def _key(token: str) -> str:
    import json

    decoded: str = json.loads(token)
    return decoded


def add_lines(text: str, errors: Iterable[ValidationError]) -> None:
    """Give each error without a line the line of its pointer's value (or of the nearest
    enclosing value, for a member that is missing)."""
    pending = [error for error in errors if error.line is None and error.xpath is None]
    if not pending:
        return
    wanted = {error.path[:end] for error in pending for end in range(len(error.path) + 1)}
    found = _lines(text, wanted)
    for error in pending:
        for end in range(len(error.path), -1, -1):
            if error.path[:end] in found:
                error.line = found[error.path[:end]]
                break
