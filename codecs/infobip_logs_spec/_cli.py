"""The command line: a thin shell over the package, ``main(argv) -> int`` over ``run``.

Exit status: 0 when everything is valid, 1 when anything is invalid, not well-formed or
hostile, 2 for a usage, input/output or spec error. Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import _codec
from ._contract import load_contract
from ._errors import DecodeError, SpecError, ValidationError
from ._request import is_http11_request_line, iter_request_errors
from ._resources import data_file, read_bytes
from ._validate import iter_errors
from .mock._command import add_serve_parser, run_serve

__all__ = ["main", "run"]

PROGRAM = "infobip-logs-spec"
OK, INVALID, USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROGRAM, description="The contract of Infobip's log and report endpoints."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("validate", help="validate payload files against the contract")
    check.add_argument("files", nargs="+", metavar="FILE", help="payload files; - reads stdin")
    _endpoint_options(check)
    check.add_argument("--format", choices=["json", "xml"], help="default: from the content")
    check.add_argument(
        "--strict", action="store_true", help="fields the spec does not name are errors"
    )
    check.add_argument("--output", choices=["text", "json"], default="text")

    convert = commands.add_parser("convert", help="print a payload in the other format")
    convert.add_argument("file", metavar="FILE", help="a payload file; - reads stdin")
    _endpoint_options(convert)
    convert.add_argument("--to", choices=["json", "xml"], required=True)
    convert.add_argument("--root", help="XML root of the shape to write (omniLogsResponse)")
    convert.add_argument("--indent", type=int, default=2, help="JSON indent; 0 for compact")

    examples = commands.add_parser("examples", help="list, print or check the documented examples")
    examples.add_argument("id", nargs="?", help="print this example")
    examples.add_argument("--endpoint", help="only this endpoint's examples")
    examples.add_argument(
        "--check", action="store_true", help="validate every example; compare with the manifest"
    )

    schema = commands.add_parser("schema", help="print or locate a schema file")
    _endpoint_options(schema)
    schema.add_argument("--format", choices=["json", "xsd", "openapi"], required=True)
    schema.add_argument("--root", help="for XSD: the XML root when there are several shapes")
    schema.add_argument("--path", action="store_true", help="print where the file is instead")
    add_serve_parser(commands)
    return parser


def _endpoint_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True, help="path (/tts/3/logs) or operationId")
    parser.add_argument("--status", default="200", help="HTTP status of the answer (200)")


def _read(name: str, stdin: Any) -> bytes:
    if name == "-":
        data: bytes = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        return data
    return Path(name).read_bytes()


def _location(error: ValidationError) -> str:
    if error.xpath is not None:
        return f"{error.line}:{error.xpath}" if error.line is not None else error.xpath
    if error.path:
        return error.pointer
    return str(error.line) if error.line is not None else ""


def _problem(error: ValidationError) -> dict[str, Any]:
    return {
        "severity": error.severity,
        "message": error.message,
        "pointer": error.pointer,
        "xpath": error.xpath,
        "line": error.line,
    }


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    status, reports = OK, []
    for name in args.files:
        shown = "<stdin>" if name == "-" else name
        try:
            body = _read(name, stdin)
        except OSError as error:
            print(f"{PROGRAM}: cannot read {shown}: {error.strerror or error}", file=err)
            status = USAGE
            continue
        problems = list(
            iter_errors(
                body,
                endpoint=args.endpoint,
                status=args.status,
                media_type=f"application/{args.format}" if args.format else None,
                strict=args.strict,
            )
        )
        valid = not any(problem.severity == "error" for problem in problems)
        if not valid and status == OK:
            status = INVALID
        reports.append({"file": shown, "valid": valid, "problems": [_problem(p) for p in problems]})
        if args.output == "text":
            for problem in problems:
                prefix = "warning: " if problem.severity == "warning" else ""
                location = _location(problem)
                where = f"{shown}:{location}" if location else shown
                print(f"{where}: {prefix}{problem.message}", file=out)
    if args.output == "json":
        json.dump({"valid": status == OK, "files": reports}, out, indent=2)
        out.write("\n")
    valid_count = sum(1 for report in reports if report["valid"] is True)
    print(
        f"{len(args.files)} file{'s' if len(args.files) != 1 else ''}: {valid_count} valid, "
        f"{len(reports) - valid_count} invalid",
        file=err,
    )
    return status


def _convert(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    shown = "<stdin>" if args.file == "-" else args.file
    try:
        body = _read(args.file, stdin)
    except OSError as error:
        print(f"{PROGRAM}: cannot read {shown}: {error.strerror or error}", file=err)
        return USAGE
    is_xml = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
    decode = _codec.decode_xml if is_xml else _codec.decode_json
    try:
        value = decode(body, endpoint=args.endpoint, status=args.status)
    except ValidationError as error:
        for problem in error.errors:
            location = _location(problem)
            print(
                f"{shown}:{location}: {problem.message}"
                if location
                else f"{shown}: {problem.message}",
                file=err,
            )
        return INVALID
    if args.to == "json":
        text = _codec.encode_json(value, indent=args.indent or None).decode("utf-8")
    else:
        text = _codec.encode_xml(value, root=args.root, pretty=True).decode("utf-8")
    out.write(text if text.endswith("\n") else text + "\n")
    return OK


def _entries(endpoint: str | None) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(read_bytes("corpus", "manifest.json"))["entries"]
    if endpoint is None:
        return entries
    path = load_contract().operation(endpoint).path
    return [entry for entry in entries if entry["endpoint"] == path]


def _observed(entry: dict[str, Any], body: bytes) -> tuple[str, str]:
    """(outcome, first problem) of one documented example, as this package sees it."""
    if entry["kind"] == "request":
        line = body.decode("utf-8").split("\n", 1)[0]
        errors = list(iter_request_errors(line))
        if errors:
            return "invalid", str(errors[0])
        if not is_http11_request_line(line):
            return "not-well-formed", "the request line has no HTTP-version"
        return "valid", ""
    problems = [
        p
        for p in iter_errors(
            body, endpoint=entry["endpoint"], status=entry["status"], media_type=entry["media_type"]
        )
        if p.severity == "error"
    ]
    if not problems:
        return "valid", ""
    outcome = "not-well-formed" if isinstance(problems[0], DecodeError) else "invalid"
    return outcome, str(problems[0])


def _examples(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    entries = _entries(args.endpoint)
    if args.id:
        chosen = [entry for entry in entries if entry["id"] == args.id]
        if not chosen:
            print(
                f"{PROGRAM}: no documented example {args.id!r}; list them with 'examples'", file=err
            )
            return USAGE
        out.write(read_bytes("corpus", *chosen[0]["file"].split("/")).decode("utf-8") + "\n")
        return OK
    if not args.check:
        for entry in entries:
            out.write(
                f"{entry['id']}\t{entry['endpoint']}\t{entry['media_type']}\t{entry['outcome']}\n"
            )
        return OK
    mismatches, counts = 0, {"valid": 0, "not-well-formed": 0, "invalid": 0}
    for entry in entries:
        outcome, why = _observed(entry, read_bytes("corpus", *entry["file"].split("/")))
        counts[outcome] += 1
        agrees = outcome == entry["outcome"]
        mismatches += not agrees
        mark = "ok  " if agrees else "DIFF"
        detail = f"  ({why})" if why else ""
        out.write(f"{mark} {outcome:<15} {entry['id']}{detail}\n")
    out.write(
        f"{len(entries)} documented examples: {counts['valid']} valid, "
        f"{counts['not-well-formed']} not well-formed, {counts['invalid']} invalid; "
        + (
            "every outcome as the manifest records\n"
            if not mismatches
            else f"{mismatches} differ from the manifest\n"
        )
    )
    return OK if not mismatches else INVALID


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    operation = load_contract().operation(args.endpoint)
    if args.format == "openapi":
        parts = ["spec", "openapi.yaml"]
    else:
        media = "application/json" if args.format == "json" else "application/xml"
        payloads = operation.payloads(args.status, media)
        if args.root:
            payloads = tuple(p for p in payloads if p.xml_root == args.root)
        if len(payloads) != 1:
            roots = ", ".join(p.xml_root for p in operation.payloads(args.status, media))
            message = f"{operation.path} has several XML shapes; pick one with --root ({roots})"
            print(f"{PROGRAM}: {message}", file=err)
            return USAGE
        folder, suffix = ("json", "json") if args.format == "json" else ("xml", "xsd")
        parts = ["schemas", folder, f"{payloads[0].name}.{suffix}"]
    node = data_file(*parts)
    if args.path:
        with resources.as_file(node) as path:
            out.write(f"{path}\n")
        return OK
    out.write(node.read_text(encoding="utf-8"))
    return OK


def _serve(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    return run_serve(args, out, err)


COMMANDS = {
    "validate": _validate,
    "convert": _convert,
    "examples": _examples,
    "schema": _schema,
    "serve": _serve,
}


def run(argv: list[str], stdout: TextIO, stderr: TextIO, stdin: Any = None) -> int:
    """Run one command; what ``main`` does, without the process around it."""
    try:
        with contextlib.redirect_stdout(stdout):  # where argparse prints --help
            args = _parser().parse_args(argv)
    except _UsageError as error:
        print(str(error), file=stderr)
        return USAGE
    except SystemExit as done:  # --help and --version print and exit through argparse
        return int(done.code or 0)
    try:
        return COMMANDS[args.command](
            args, stdout, stderr, stdin if stdin is not None else sys.stdin
        )
    except ValidationError as error:
        print(f"{PROGRAM}: {error}", file=stderr)
        return INVALID
    except SpecError as error:
        print(f"{PROGRAM}: {error}", file=stderr)
        return USAGE


def main(argv: list[str] | None = None) -> int:
    return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
