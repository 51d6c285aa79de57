"""Extract every documented request line and JSON/XML body from the source documents.

The five documents in ``../shared/seeds`` come in three shapes (a reference-page JSON export,
a DOM dump holding the same markdown with whitespace collapsed, and plain rendered text); each
gets its own reader, and all of them feed one list of examples. Malformed examples are kept
byte for byte with the outcome the contract gives them, and a corrected twin is written beside
them with every edit recorded, so the corpus says exactly how each documented example is treated.

Usage:
    python tools/extract_corpus.py [--seeds DIR] [--out DIR] [--check]

``--check`` regenerates into memory and exits 1 if the committed corpus differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from _tree import sync_tree
from infobip_logs_spec._lenient import repair_json as lenient_repair
from infobip_logs_spec._lenient import scan

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_OUT = ROOT / "tests" / "corpus"

# One row per source document: which endpoint it documents, the short name its examples are
# filed under, and which reader understands its layout (the seeds README says which is which).
DOCUMENTS = {
    "000_c612baf9e4938440.txt": ("/tts/3/logs", "tts-logs", "readme-export"),
    "001_8232180494f266a9.txt": ("/email/1/logs", "email-logs", "readme-export"),
    "002_5eae2eead1abd02e.txt": ("/omni/1/logs", "omni-logs", "plain-text"),
    "003_32c0eb99e9f21975.txt": ("/tts/3/reports", "tts-reports", "dom-dump"),
    "004_f45464dbc7b14169.txt": ("/sms/1/inbox/logs", "inbox-logs", "plain-text"),
}

MEDIA = {"json": "application/json", "xml": "application/xml"}
REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<target>/\S*)(?: (?P<version>HTTP/\d\.\d))?$")
STATUS_LINE = re.compile(r"^HTTP/\d\.\d (?P<status>\d{3})(?: .*)?$")
HEADER_LINE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9-]*): ?(?P<value>.*)$")
CODE_BLOCK = re.compile(r"\[block:code\]\s*(\{.*?\})\s*\[/block\]", re.S)
API_HEADER = re.compile(r"\[block:api-header\]\s*(\{.*?\})\s*\[/block\]", re.S)


@dataclass
class Snippet:
    """One code sample as the document prints it, before classification."""

    code: str
    language: str | None
    section: str
    locator: str


@dataclass
class Example:
    """One corpus entry: a request or a response body, verbatim, with what the contract says."""

    kind: str  # "request" or "response"
    text: str
    section: str
    locator: str
    media_type: str
    status: int | None = None
    printed_headers: dict[str, str] = field(default_factory=dict)
    request_line: str | None = None


# --------------------------------------------------------------------------- readers


def _markdown_snippets(markdown: str, locator: str) -> Iterator[Snippet]:
    """Code samples of a readme-style markdown body, each under the heading it follows."""
    section = "(page introduction)"
    position = 0
    events: list[tuple[int, str, Any]] = []
    for match in CODE_BLOCK.finditer(markdown):
        events.append((match.start(), "code", match))
    for match in API_HEADER.finditer(markdown):
        events.append((match.start(), "header", match))
    heading = re.compile(r"(?:^|\s)(#{1,6}) ?([^\n#]+?)(?=\n|\s\*\*|\s\[block|$)")
    for match in heading.finditer(markdown):
        events.append((match.start(), "heading", match))
    events.sort(key=lambda event: event[0])
    block_number = 0
    for start, what, match in events:
        assert isinstance(match, re.Match)
        if start < position:
            continue
        if what == "heading":
            section = match.group(2).strip()
        elif what == "header":
            title = json.loads(match.group(1)).get("title", "").strip()
            if title and title != "Additional examples":
                section = title
        else:
            block_number += 1
            block = json.loads(match.group(1))
            for index, code in enumerate(block["codes"]):
                yield Snippet(
                    code["code"],
                    code.get("language"),
                    section,
                    f"{locator} code block {block_number}, sample {index + 1}",
                )
            position = match.end()


def _collapse(text: str) -> str:
    return " ".join(text.split())


def read_readme_export(text: str) -> Iterator[Snippet]:
    """The JSON export: ``api.examples``/``api.results`` samples, then the markdown body.

    The rendered page text after the JSON repeats the body with whitespace collapsed; every
    code sample in it must be one the body already holds, or extraction fails loudly.
    """
    page, end = json.JSONDecoder().raw_decode(text)
    for part in ("examples", "results"):
        for index, code in enumerate(page["api"][part]["codes"]):
            yield Snippet(
                code["code"],
                code.get("language"),
                "(reference example)",
                f"api.{part}.codes[{index}]",
            )
    body_snippets = list(_markdown_snippets(page["body"], "body"))
    yield from body_snippets
    known = {_collapse(snippet.code) for snippet in body_snippets}
    for snippet in _markdown_snippets(text[end:], "rendered text"):
        if _collapse(snippet.code) not in known:
            raise SystemExit(f"rendered text holds a sample the body does not: {snippet.locator}")


def read_dom_dump(text: str) -> Iterator[Snippet]:
    """The DOM dump carries the page markdown on one line, whitespace collapsed."""
    for number, line in enumerate(text.splitlines(), start=1):
        if "[block:code]" in line:
            yield from _markdown_snippets(line.strip(), f"line {number}")


def read_plain_text(text: str) -> Iterator[Snippet]:
    """Rendered page text: samples are recognised by their first line and their syntax.

    Client-language samples (curl, PHP, Ruby, ...) are passed over: only request lines and
    JSON/XML bodies belong to the contract.
    """
    lines = text.splitlines()
    section = "(page introduction)"
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("Getting ") or line == "Request Example":
            parts = [line]
            index += 1
            while index < len(lines) and re.match(r"^[a-z,.]", lines[index]):
                parts.append(lines[index])
                index += 1
            section = "".join(p if p.startswith((",", ".")) else " " + p for p in parts).strip()
            continue
        if REQUEST_LINE.match(line) or STATUS_LINE.match(line):
            end = index + 1
            while end < len(lines) and HEADER_LINE.match(lines[end]):
                end += 1
            if REQUEST_LINE.match(line):
                yield Snippet(
                    "\n".join(lines[index:end]), None, section, f"lines {index + 1}-{end}"
                )
                index = end
                continue
            body_end = _body_end(lines, end)
            code = "\n".join(lines[index:end]) + "\n\n" + "\n".join(lines[end:body_end])
            yield Snippet(code, None, section, f"lines {index + 1}-{body_end}")
            index = body_end
            continue
        if _starts_body(line):
            body_end = _body_end(lines, index)
            yield Snippet(
                "\n".join(lines[index:body_end]), None, section, f"lines {index + 1}-{body_end}"
            )
            index = body_end
            continue
        index += 1


def _starts_body(line: str) -> bool:
    return line == "{" or (line.startswith("<") and not line.startswith("<?php"))


_JSON_LINE = re.compile(r'^\s*(["{}\[\]]|-?[0-9]|true|false|null)')


def _body_end(lines: list[str], start: int) -> int:
    """Index just past the body that starts at ``start``.

    A JSON body ends when its brackets balance or, for the documents that drop a closing
    brace, at the first line that cannot be JSON; an XML body ends at its root's end tag or at
    the first line that is not markup.
    """
    if lines[start].startswith("<"):
        root = None
        for index in range(start, len(lines)):
            line = lines[index]
            if not line.startswith("<"):
                return index
            tag = re.match(r"^<([A-Za-z_][\w.-]*)", line)
            if root is None and tag:
                root = tag.group(1)
            if root is not None and line.strip() == f"</{root}>":
                return index + 1
        return len(lines)
    depth = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if not _JSON_LINE.match(line):
            return index
        depth += _bracket_balance(line)
        if depth <= 0:
            return index + 1
    return len(lines)


def _bracket_balance(line: str) -> int:
    """Opening minus closing brackets outside string literals."""
    return sum(
        1 if char in "{[" else -1 for char, quoted in scan(line) if not quoted and char in "{[]}"
    )


READERS = {
    "readme-export": read_readme_export,
    "dom-dump": read_dom_dump,
    "plain-text": read_plain_text,
}


# --------------------------------------------------------------------------- classification


def classify(snippet: Snippet) -> Example | None:
    """Turn a code sample into a corpus example, or ``None`` for client-language code."""
    code = snippet.code
    lines = code.split("\n")
    first = lines[0].strip()
    if REQUEST_LINE.match(first):
        headers = _headers(lines[1:])
        accept = headers.get("Accept", "application/json")
        return Example(
            "request", code, snippet.section, snippet.locator, accept, request_line=first
        )
    status_match = STATUS_LINE.match(first)
    if status_match:
        head, _, body = code.partition("\n\n")
        headers = _headers(head.split("\n")[1:])
        body = body.lstrip("\n")
        media_type = headers.get("Content-Type") or _media_from_body(body)
        return Example(
            "response",
            body,
            snippet.section,
            snippet.locator,
            media_type,
            status=int(status_match.group("status")),
            printed_headers={"status-line": first, **headers},
        )
    stripped = code.lstrip()
    if stripped.startswith("{") or (stripped.startswith("<") and not stripped.startswith("<?php")):
        return Example(
            "response", code, snippet.section, snippet.locator, _media_from_body(code), status=200
        )
    return None


def _headers(lines: list[str]) -> dict[str, str]:
    headers = {}
    for line in lines:
        match = HEADER_LINE.match(line.strip())
        if match:
            headers[match.group("name")] = match.group("value").strip()
    return headers


def _media_from_body(body: str) -> str:
    return MEDIA["xml"] if body.lstrip().startswith("<") else MEDIA["json"]


# --------------------------------------------------------------------------- outcomes


def json_problem(text: str) -> str | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return None


def xml_problem(text: str) -> str | None:
    try:
        ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as error:
        return str(error)
    return None


def repair_json(text: str) -> tuple[str, list[str]]:
    """The package's lenient repair, with each edit as the sentence the manifest records."""
    repaired, edits = lenient_repair(text)
    return repaired, [str(edit) for edit in edits]


def request_problem(example: Example, endpoint: str) -> tuple[str | None, str, list[str]]:
    """What is wrong with a printed request, the corrected request and the edits made."""
    match = REQUEST_LINE.match(example.request_line or "")
    assert match
    lines = example.text.split("\n")
    edits = []
    problems = []
    method, target, version = match.group("method", "target", "version")
    if method != "GET":
        problems.append(f"method {method}: the API defines only GET {endpoint}")
        edits.append(f"replaced the method {method} with GET")
        method = "GET"
    if version is None:
        problems.append("the request line has no HTTP-version, which HTTP/1.1 requires")
        edits.append("appended the HTTP-version HTTP/1.1 to the request line")
        version = "HTTP/1.1"
    if not problems:
        return None, example.text, []
    lines[0] = f"{method} {target} {version}"
    return "; ".join(problems), "\n".join(lines), edits


# --------------------------------------------------------------------------- corpus


def slug(text: str) -> str:
    """The section title in at most 48 characters, cut between words, never inside one."""
    full = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(full) > 48:
        head = full[:49]  # one more: a "-" there means the cut falls between two words
        full = head[: head.rfind("-")] if "-" in head else full[:48]
    return full or "example"


def build(seeds: Path) -> dict[str, bytes]:
    """Every corpus file, by path relative to the corpus folder, manifest included."""
    files: dict[str, bytes] = {}
    entries = []
    for document, (endpoint, name, reader) in DOCUMENTS.items():
        text = (seeds / document).read_text(encoding="utf-8")
        examples = [example for s in READERS[reader](text) if (example := classify(s))]
        for number, example in enumerate(examples, start=1):
            extension = {"request": "http"}.get(example.kind) or example.media_type.rsplit("/", 1)[
                1
            ]
            kind = "request" if example.kind == "request" else "response"
            fmt = example.media_type.rsplit("/", 1)[1]
            identifier = f"{name}/{number:02d}-{kind}-{fmt}-{slug(example.section)}"
            entry: dict[str, Any] = {
                "id": identifier,
                "file": f"{identifier}.{extension}",
                "source": document,
                "locator": example.locator,
                "section": example.section,
                "endpoint": endpoint,
                "kind": example.kind,
                "media_type": example.media_type,
            }
            if example.kind == "request":
                entry["request_line"] = example.request_line
                problem, corrected, edits = request_problem(example, endpoint)
                outcome = "invalid" if problem and "method" in problem else "not-well-formed"
            else:
                entry["status"] = example.status
                if example.printed_headers:
                    entry["printed_headers"] = example.printed_headers
                if example.media_type == MEDIA["json"]:
                    problem = json_problem(example.text)
                    corrected, edits = repair_json(example.text) if problem else (example.text, [])
                    outcome = "not-well-formed"
                else:
                    problem = xml_problem(example.text)
                    corrected, edits = example.text, []
                    outcome = "not-well-formed"
                    if problem:
                        raise SystemExit(
                            f"{identifier}: XML not well-formed and no repair known: {problem}"
                        )
            files[entry["file"]] = example.text.encode("utf-8")
            if problem is None:
                entry["outcome"] = "valid"
                entries.append(entry)
                continue
            twin = dict(entry)
            entry.update(outcome=outcome, reason=problem, corrected_twin=f"{identifier}.corrected")
            twin.update(
                id=f"{identifier}.corrected",
                file=f"{identifier}.corrected.{extension}",
                outcome="valid",
                corrects=identifier,
                correction=edits,
            )
            if example.kind == "request":
                twin["request_line"] = corrected.split("\n", 1)[0]
            elif json_problem(corrected):
                raise SystemExit(
                    f"{identifier}: repair did not produce JSON: {json_problem(corrected)}"
                )
            files[twin["file"]] = corrected.encode("utf-8")
            entries.extend([entry, twin])
    manifest = {
        "about": (
            "Every request line and JSON/XML body printed in ../shared/seeds, one entry each, in "
            "document order. outcome: valid (the contract accepts it as printed), "
            "not-well-formed (not parseable as printed), invalid (parseable but contradicting the "
            "contract). Each rejected entry names a corrected twin and the edits that made it. "
            "Generated by tools/extract_corpus.py; do not edit."
        ),
        "documents": {
            document: {"endpoint": endpoint, "layout": reader}
            for document, (endpoint, _, reader) in DOCUMENTS.items()
        },
        "entries": entries,
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(
        "utf-8"
    )
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--check", action="store_true", help="fail if the committed corpus is stale"
    )
    args = parser.parse_args(argv)
    return sync_tree(args.out, build(args.seeds), check=args.check, label="corpus file")


if __name__ == "__main__":
    sys.exit(main())
