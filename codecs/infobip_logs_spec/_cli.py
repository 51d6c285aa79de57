"""The command line: a thin shell over the package, ``main(argv) -> int`` over ``run``.

Exit status: 0 when everything is valid, 1 when anything is invalid, not well-formed or
hostile, 2 for a usage, input/output or spec error. Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import warnings
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import _codec
from ._cli_config import Config, ConfigError, glob_pattern, load_config
from ._cli_reports import FileResult, Totals, one_line, printable, render, text_lines
from ._contract import (
    DEFAULT_PROFILE,
    PROFILES,
    SCHEMA_FOLDERS,
    Operation,
    PayloadSchema,
    load_contract,
)
from ._errors import ContractWarning, DecodeError, EncodeError, SpecError, ValidationError
from ._request import is_http11_request_line, iter_request_errors
from ._resources import data_file, read_bytes
from ._safe_parse import DEFAULT_LIMITS, read_file
from ._shape import payload_node
from ._validate import iter_errors, sniff
from .mock._command import add_serve_parser, run_serve

__all__ = ["main", "run"]

PROGRAM = "infobip-logs-spec"
OK, INVALID, USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


EPILOG = """\
exit status:
  0  every payload is valid (warnings allowed)
  1  a payload is invalid, not well-formed or refused as hostile
  2  usage, configuration, input/output or spec error

endpoints (a path or its operationId):
{endpoints}

configuration: a [tool.infobip-logs-spec] table in pyproject.toml maps file globs to an
endpoint and status, so 'validate' needs no --endpoint (see the README).
"""


class _VersionAction(argparse.Action):
    """argparse's ``version`` action, reading the version only when asked: importlib.metadata
    costs every command-line call tens of milliseconds otherwise."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        sys.stdout.write(f"{PROGRAM} {_version()}\n")  # stdout, as argparse's own action
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("infobip-logs-spec")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout without installing
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    endpoints = "\n".join(
        f"  {operation.path:<20} {operation.operationId}"
        for operation in load_contract().operations
    )
    parser = _Parser(
        prog=PROGRAM,
        description="The contract of Infobip's log and report endpoints.",
        epilog=EPILOG.format(endpoints=endpoints),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser(
        "validate",
        help="validate payload files against the contract",
        epilog=EPILOG.format(endpoints=endpoints),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="payload files, folders (their *.json and *.xml, recursively) or globs; "
        "- or none reads standard input (none: the configured globs, if any)",
    )
    _endpoint_options(check, required=False)
    check.add_argument("--format", choices=["json", "xml"], help="default: from the content")
    _judging_options(check)
    check.add_argument(
        "--output",
        choices=["text", "json", "junit", "sarif"],
        default="text",
        help="text (FILE:LOCATION: MESSAGE lines), json, junit (JUnit XML for CI test tabs) or "
        "sarif (SARIF 2.1.0 for code scanning); default text",
    )
    check.add_argument("--config", type=Path, help="a pyproject.toml (default: the nearest)")
    loudness = check.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="errors only: no warnings, no summary"
    )
    loudness.add_argument("-v", "--verbose", action="store_true", help="also name valid files")
    check.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    check.add_argument("--no-color", dest="color", action="store_const", const="never")

    convert = commands.add_parser("convert", help="print a payload in the other format")
    convert.add_argument("file", metavar="FILE", help="a payload file; - reads stdin")
    _endpoint_options(convert, required=True)
    convert.add_argument("--to", choices=["json", "xml"], required=True)
    convert.add_argument("--root", help="--to xml: the root of the shape to write")
    convert.add_argument("--indent", type=int, help="--to json: indent (default 2; 0: compact)")
    _judging_options(convert)

    examples = commands.add_parser("examples", help="list, print or check the documented examples")
    examples.add_argument("id", nargs="?", help="print this example (a unique prefix will do)")
    examples.add_argument("--endpoint", help="only this endpoint's examples")
    examples.add_argument(
        "--check", action="store_true", help="validate every example; compare with the manifest"
    )

    schema = commands.add_parser("schema", help="print or locate a schema file")
    _endpoint_options(schema, required=True)
    schema.add_argument("--format", choices=["json", "xsd", "openapi"], required=True)
    schema.add_argument("--root", help="for XSD: the XML root when there are several shapes")
    schema.add_argument("--path", action="store_true", help="print where the file is instead")
    schema.add_argument(
        "--profile", choices=list(PROFILES), default=DEFAULT_PROFILE, help=PROFILE_HELP
    )
    add_serve_parser(commands)
    return parser


PROFILE_HELP = (
    "live: what the API is known to send (the default); documented: its documentation pages exactly"
)


def _judging_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", choices=list(PROFILES), default=None, help=PROFILE_HELP)
    parser.add_argument(
        "--strict",
        action="store_true",
        default=None,
        help="what the profile only tolerates (unknown fields, missing expected fields, "
        "tolerated spellings) is an error, not a warning",
    )


def _endpoint_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--endpoint", required=required, help="path (/tts/3/logs) or operationId")
    parser.add_argument("--status", help="HTTP status of the answer (default 200)")


def _read(name: str, stdin: Any) -> bytes:
    """A file's bytes: regular files only (a FIFO or /dev/zero is refused, not read), and no
    more than the size bound, from a file or from standard input alike."""
    if name == "-":
        limit = DEFAULT_LIMITS.max_bytes
        if hasattr(stdin, "buffer"):
            data: bytes = stdin.buffer.read(limit + 1)
        else:
            data = stdin.read(limit + 1).encode("utf-8", "surrogateescape")
        if len(data) > limit:
            raise DecodeError(f"standard input of over {limit} bytes is over the limit")
        return data
    return read_file(Path(name))


def _shown(name: str) -> str:
    """A file name as any terminal can print it: undecodable bytes as escapes."""
    if name == "-":
        return "<stdin>"
    return printable(os.fsencode(name).decode("utf-8", "backslashreplace"))


GLOB_CHARACTERS = re.compile(r"[*?\[]")


def _expand(names: list[str]) -> list[str]:
    """Folders become their *.json and *.xml files (sorted, recursively); a glob the shell did
    not expand (quoted, or on Windows) is expanded here; anything else stays as given."""
    found: list[str] = []
    for name in names:
        path = Path(name)
        if name != "-" and path.is_dir():
            inside = [
                str(each)
                for each in sorted(path.rglob("*"))
                if each.suffix.lower() in (".json", ".xml") and each.is_file()
            ]
            if not inside:
                raise _UsageError(f"{PROGRAM} validate: no .json or .xml file in {_shown(name)}")
            found.extend(inside)
        elif name != "-" and not path.exists() and GLOB_CHARACTERS.search(name):
            matched = _glob(name)
            if not matched:
                raise _UsageError(f"{PROGRAM} validate: no file matches {_shown(name)!r}")
            found.extend(matched)
        else:
            found.append(name)
    return found


def _glob(pattern: str) -> list[str]:
    """The files a glob names, walking without following symbolic links to folders, so a
    link loop cannot make it endless (``glob.glob(recursive=True)`` follows them)."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if GLOB_CHARACTERS.search(part)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path(".")
    matcher = glob_pattern(Path(*parts[fixed:]).as_posix())
    found = []
    for folder, folders, files in os.walk(base, followlinks=False):
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if matcher.fullmatch(path.relative_to(base).as_posix()):
                found.append(str(path))
    return found


def _targets(args: argparse.Namespace, config: Config) -> list[tuple[str, str | None, str | None]]:
    """(file, endpoint, status) to check: the command line's files, or the configured globs."""
    names = _expand(args.files)
    if not args.files:
        if config.rules and config.root is not None:
            names = sorted(
                str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
                for path in config.root.rglob("*")
                if path.is_file() and config.rule_for(path) is not None
            )
        else:
            names = ["-"]
    targets = []
    for name in names:
        if args.endpoint is not None:
            targets.append((name, args.endpoint, args.status))
            continue
        rule = config.rule_for(Path(name)) if name != "-" else None
        if rule is not None:
            targets.append((name, rule.endpoint, args.status or rule.status))
        elif not config.rules:
            raise _UsageError(
                f"{PROGRAM} validate: give --endpoint, or map files to endpoints in "
                "[tool.infobip-logs-spec] of pyproject.toml"
            )
        else:
            targets.append((name, None, None))  # not mapped: not a payload this tool knows
    return targets


def _colour(choice: str, out: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(out, "isatty", lambda: False)())


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as error:
        print(f"{PROGRAM}: {error}", file=err)
        return USAGE
    strict = args.strict if args.strict is not None else bool(config.strict)
    profile = args.profile or config.profile
    colour = args.output == "text" and _colour(args.color, out)
    results: list[FileResult] = []
    for name, endpoint, status in _targets(args, config):
        shown = _shown(name)
        if endpoint is None:
            if args.verbose:
                print(f"{shown}: skipped, no endpoint is mapped to it", file=err)
            continue
        result = FileResult(shown)
        results.append(result)
        try:
            body = _read(name, stdin)
        except OSError as error:
            result.unreadable = f"cannot read: {_reason(error)}"
            print(f"{PROGRAM}: cannot read {shown}: {_reason(error)}", file=err)
            continue
        except DecodeError as error:
            result.problems.append(error)
        else:
            result.problems.extend(
                iter_errors(
                    body,
                    endpoint=endpoint,
                    status=status or "200",
                    media_type=f"application/{args.format}" if args.format else None,
                    profile=profile,
                    strict=strict,
                )
            )
        if args.output == "text":
            for line in text_lines(result, quiet=args.quiet, colour=colour):
                print(line, file=out)
            if args.verbose and result.valid:
                print(f"{shown}: valid", file=out)
    totals = Totals.of(results)
    if args.output != "text":
        render(args.output, results, out, version=_version())
    if not args.quiet:
        print(totals.summary(), file=err)
    if totals.unreadable:
        return USAGE
    return OK if totals.invalid == 0 else INVALID


def _convert(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    if args.to == "json" and args.root is not None:
        raise _UsageError(f"{PROGRAM} convert: --root picks an XML shape; it has no use --to json")
    if args.to == "xml" and args.indent is not None:
        raise _UsageError(f"{PROGRAM} convert: --indent is for JSON; XML is always indented")
    if args.indent is not None and not 0 <= args.indent <= 16:
        raise _UsageError(f"{PROGRAM} convert: --indent takes 0 to 16, got {args.indent}")
    shown = _shown(args.file)
    try:
        body = _read(args.file, stdin)
    except OSError as error:
        print(f"{PROGRAM}: cannot read {shown}: {_reason(error)}", file=err)
        return USAGE
    # As validate reads it: XML when it starts with "<" in UTF-8, -16 or -32 (a wide byte order
    # mark can only be XML's).
    decode = _codec.decode_xml if sniff(body) == "application/xml" else _codec.decode_json
    status = args.status or "200"
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always", ContractWarning)
            value = decode(
                body,
                endpoint=args.endpoint,
                status=status,
                profile=args.profile,
                strict=bool(args.strict),
            )
    except ValidationError as error:
        for line in text_lines(FileResult(shown, list(error.errors)), quiet=False, colour=False):
            print(line, file=err)
        return INVALID
    tolerated = [
        p for w in warned if isinstance(w.message, ContractWarning) for p in w.message.problems
    ]
    for line in text_lines(FileResult(shown, tolerated), quiet=False, colour=False):
        print(line, file=err)
    if args.to == "json":
        indent = 2 if args.indent is None else args.indent
        text = _codec.encode_json(value, indent=indent or None).decode("utf-8")
    else:
        try:
            text = _codec.encode_xml(value, root=args.root, pretty=True).decode("utf-8")
        except EncodeError as error:
            if args.root is not None and error.message.startswith("no XML shape"):
                raise _UsageError(f"{PROGRAM} convert: {error.message}") from None
            raise
    text = text if text.endswith("\n") else text + "\n"
    if hasattr(out, "buffer"):
        out.flush()
        out.buffer.write(text.encode("utf-8"))  # the payload's own bytes, whatever the terminal
    else:
        out.write(text)
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
        errors = list(iter_request_errors(line, profile="documented"))
        if errors:
            return "invalid", str(errors[0])
        if not is_http11_request_line(line):
            return "not-well-formed", "the request line has no HTTP-version"
        return "valid", ""
    problems = [
        p
        for p in iter_errors(
            body,
            endpoint=entry["endpoint"],
            status=entry["status"],
            media_type=entry["media_type"],
            profile="documented",  # the documented examples, judged as documented
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
        chosen = [entry for entry in entries if entry["id"] == args.id] or [
            entry for entry in entries if entry["id"].startswith(args.id)
        ]
        if len(chosen) != 1:
            found = "no documented example" if not chosen else f"{len(chosen)} examples match"
            print(f"{PROGRAM}: {found} {args.id!r}; list them with 'examples'", file=err)
            return USAGE
        out.write(read_bytes("corpus", *chosen[0]["file"].split("/")).decode("utf-8") + "\n")
        return OK
    if not args.check:
        out.write("ID\tENDPOINT\tMEDIA TYPE\tOUTCOME\n")
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


def _unknown_root(
    operation: Operation, args: argparse.Namespace, payloads: tuple[PayloadSchema, ...], roots: str
) -> str:
    """Why ``--root`` names no schema file: no shape has it, or it is a root's other spelling,
    which the package reads but an XSD cannot state beside the canonical one."""
    contract = load_contract(args.profile)
    model = operation.payloads(args.status or "200", "application/json")[0].name
    for payload in payloads:
        if args.root in payload_node(contract, payload.name, model).xml_root_aliases:
            return (
                f"<{args.root}> is another spelling of <{payload.xml_root}>, which the package "
                f"reads; the XSD names the canonical root only (as it names every element by "
                f"its canonical name): take --root {payload.xml_root} and rename the root "
                f"before xmllint, or check the body with '{PROGRAM} validate'"
            )
    return f"no XML shape of {operation.path} has the root <{args.root}>; expected {roots}"


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any) -> int:
    operation = load_contract(args.profile).operation(args.endpoint)
    if args.format == "openapi":
        parts = list(PROFILES[args.profile])
    else:
        media = "application/json" if args.format == "json" else "application/xml"
        payloads = operation.payloads(args.status or "200", media)
        roots = ", ".join(p.xml_root for p in payloads)
        if args.root:
            named = tuple(p for p in payloads if p.xml_root == args.root)
            if not named:
                print(f"{PROGRAM}: {_unknown_root(operation, args, payloads, roots)}", file=err)
                return USAGE
            payloads = named
        if len(payloads) != 1:
            message = f"{operation.path} has several XML shapes; pick one with --root ({roots})"
            print(f"{PROGRAM}: {message}", file=err)
            return USAGE
        folder, suffix = ("json", "json") if args.format == "json" else ("xml", "xsd")
        parts = ["schemas", *SCHEMA_FOLDERS[args.profile], folder, f"{payloads[0].name}.{suffix}"]
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
    except _UsageError as error:
        print(str(error), file=stderr)
        return USAGE
    except ValidationError as error:
        print(f"{PROGRAM}: {one_line(str(error))}", file=stderr)
        return INVALID
    except SpecError as error:
        print(f"{PROGRAM}: {one_line(str(error))}", file=stderr)
        return USAGE
    except MemoryError:
        print(f"{PROGRAM}: out of memory", file=stderr)
        return USAGE


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def main(argv: list[str] | None = None) -> int:
    # A terminal that cannot show a character gets an escape, never a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (``| head``) has what it wanted; say nothing more, as cat and grep do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return INVALID
    except OSError as error:  # a full disk, a closed terminal: the output could not be written
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        with contextlib.suppress(OSError):
            print(f"{PROGRAM}: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return USAGE
    return status
