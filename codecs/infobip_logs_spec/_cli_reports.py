"""What ``validate`` reports, per file: as text lines, JSON, JUnit XML or SARIF 2.1.0.

Text is ``FILE:LOCATION: MESSAGE``, one line per problem (the grep and editor convention).
JUnit gives CI test tabs one test case per file; SARIF gives code-scanning tools each problem
at its file and line. All four carry the same problems and the same totals.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, TextIO
from xml.etree import ElementTree as ET

from ._errors import DecodeError, Severity, ValidationError

__all__ = ["FileResult", "Totals", "location", "one_line", "render", "text_lines"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/infobip-logs-spec/"


@dataclass
class FileResult:
    shown: str  # the name as printed
    problems: list[ValidationError] = field(default_factory=list)
    unreadable: str | None = None  # why the file could not be read

    @property
    def valid(self) -> bool:
        return self.unreadable is None and not any(
            problem.severity is Severity.ERROR for problem in self.problems
        )


@dataclass(frozen=True)
class Totals:
    files: int
    valid: int
    invalid: int
    unreadable: int

    @classmethod
    def of(cls, results: list[FileResult]) -> Totals:
        unreadable = sum(1 for r in results if r.unreadable is not None)
        valid = sum(1 for r in results if r.valid)
        return cls(len(results), valid, len(results) - valid - unreadable, unreadable)

    def summary(self) -> str:
        text = (
            f"{self.files} file{'s' if self.files != 1 else ''}: {self.valid} valid, "
            f"{self.invalid} invalid"
        )
        return text + (f", {self.unreadable} unreadable" if self.unreadable else "")


def one_line(text: str) -> str:
    """A message, a name or a location as one printable line: libxml2 puts newlines in some
    messages, and a payload's keys or a file's name could carry terminal escape sequences or
    characters XML cannot hold; those are written as escapes."""
    return printable(" ".join(text.split()))


def printable(text: str) -> str:
    return CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


# C0 and C1 controls, DEL, and the invisible format characters (bidirectional overrides among
# them) that could make a report line say what it does not.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def location(error: ValidationError) -> str:
    if error.xpath is not None:
        return f"{error.line}:{error.xpath}" if error.line is not None else error.xpath
    if error.path:
        return f"{error.line}:{error.pointer}" if error.line is not None else error.pointer
    return str(error.line) if error.line is not None else ""


def text_lines(result: FileResult, *, quiet: bool, colour: bool) -> list[str]:
    if result.unreadable is not None:
        return []  # said on stderr, where usage and I/O errors go
    lines = []
    for problem in result.problems:
        warning = problem.severity is Severity.WARNING
        if warning and quiet:
            continue
        where = one_line(location(problem))
        head = f"{result.shown}:{where}" if where else result.shown
        label = "warning: " if warning else ""
        message = one_line(problem.message)
        if colour:
            head = f"\033[1m{head}\033[0m"
            label = f"\033[33m{label}\033[0m" if warning else ""
            message = message if warning else f"\033[31m{message}\033[0m"
        lines.append(f"{head}: {label}{message}")
    return lines


def _problem(error: ValidationError) -> dict[str, Any]:
    return {
        "severity": str(error.severity),
        "message": one_line(error.message),
        "pointer": error.pointer,
        "xpath": error.xpath,
        "line": error.line,
    }


def _json(results: list[FileResult], totals: Totals) -> str:
    files = []
    for result in results:
        entry: dict[str, Any] = {"file": result.shown, "valid": result.valid}
        if result.unreadable is not None:
            entry["unreadable"] = result.unreadable
        entry["problems"] = [_problem(problem) for problem in result.problems]
        files.append(entry)
    report = {
        "valid": totals.valid == totals.files,
        "totals": {
            "files": totals.files,
            "valid": totals.valid,
            "invalid": totals.invalid,
            "unreadable": totals.unreadable,
        },
        "files": files,
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _junit(results: list[FileResult], totals: Totals) -> str:
    suites = ET.Element("testsuites", name="infobip-logs-spec")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="infobip-logs-spec validate",
        tests=str(totals.files),
        failures=str(totals.invalid),
        errors=str(totals.unreadable),
    )
    for result in results:
        case = ET.SubElement(suite, "testcase", classname="infobip-logs-spec", name=result.shown)
        if result.unreadable is not None:
            ET.SubElement(case, "error", message=one_line(result.unreadable), type="unreadable")
            continue
        errors = [p for p in result.problems if p.severity is Severity.ERROR]
        lines = [f"{one_line(location(p))}: {one_line(p.message)}" for p in errors]
        if errors:
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(errors)} problem{'s' if len(errors) != 1 else ''}: {lines[0]}",
                type="invalid",
            )
            failure.text = "\n".join(lines)
        warnings = [p for p in result.problems if p.severity is Severity.WARNING]
        if warnings:
            output = ET.SubElement(case, "system-out")
            output.text = "\n".join(
                f"{one_line(location(p))}: warning: {one_line(p.message)}" for p in warnings
            )
    ET.indent(suites, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _sarif(results: list[FileResult], version: str) -> str:
    rules = {
        "invalid": "The payload breaks the contract.",
        "not-well-formed": "The payload is not well-formed JSON or XML, or is refused as hostile.",
        "unknown-field": "The payload has a field the contract does not name.",
        "unreadable": "The file could not be read.",
    }
    found = []
    for result in results:
        if result.unreadable is not None:
            found.append(_sarif_result("unreadable", "error", result.unreadable, result.shown))
            continue
        for problem in result.problems:
            rule = (
                "not-well-formed"
                if isinstance(problem, DecodeError)
                else "unknown-field"
                if problem.message.startswith("unexpected")
                else "invalid"
            )
            level = "warning" if problem.severity is Severity.WARNING else "error"
            found.append(
                _sarif_result(rule, level, one_line(problem.message), result.shown, problem)
            )
    report = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "infobip-logs-spec",
                        "version": version,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {"id": rule, "shortDescription": {"text": text}}
                            for rule, text in rules.items()
                        ],
                    }
                },
                "results": found,
            }
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _sarif_result(
    rule: str, level: str, message: str, uri: str, problem: ValidationError | None = None
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if problem is not None and problem.line is not None:
        physical["region"] = {"startLine": problem.line}
    where: dict[str, Any] = {"physicalLocation": physical}
    if problem is not None and (problem.xpath or problem.path):
        where["logicalLocations"] = [
            {"fullyQualifiedName": problem.xpath or problem.pointer, "kind": "element"}
        ]
    return {"ruleId": rule, "level": level, "message": {"text": message}, "locations": [where]}


def render(kind: str, results: list[FileResult], out: TextIO, *, version: str) -> None:
    """Write the whole report of ``kind`` (json, junit, sarif)."""
    totals = Totals.of(results)
    if kind == "json":
        out.write(_json(results, totals))
    elif kind == "junit":
        out.write(_junit(results, totals))
    else:
        out.write(_sarif(results, version))
