"""Attach every documented example of the corpus to its operation and media type in the spec.

The spec is the single source of truth, but its documented examples come from the corpus that
``tools/extract_corpus.py`` extracted from the source documents. This tool copies them in: each
accepted response body (the corrected twin where the printed one is rejected) under
``responses/<status>/content/<media type>/examples``, and each documented request line under the
operation's ``x-documented-requests``. It also writes the spec in its canonical YAML layout, so
running it twice changes nothing.

Usage:
    python tools/sync_examples.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
CORPUS = ROOT / "tests" / "corpus"


class _SpecDumper(yaml.SafeDumper):
    """Block style everywhere, literal blocks for multi-line text, keys in authored order."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the hand-written spec does.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_SpecDumper.add_representer(str, _represent_str)


def dump_spec(spec: dict[str, Any]) -> str:
    return yaml.dump(spec, Dumper=_SpecDumper, sort_keys=False, allow_unicode=True, width=100)


def _example(entry: dict[str, Any], text: str) -> dict[str, Any]:
    media_type = entry["media_type"]
    example: dict[str, Any] = {"summary": entry["section"]}
    origin = entry.get("corrects")
    if origin:
        edits = "; ".join(entry["correction"])
        example["description"] = f"Corrected from the printed example `{origin}`: {edits}."
    example["x-source"] = {
        "document": entry["source"],
        "locator": entry["locator"],
        "corpus": entry["id"],
    }
    example["value"] = json.loads(text) if media_type == "application/json" else text
    return example


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _operation(path: str, item: dict[str, Any]) -> dict[str, Any]:
    """The one operation of a path: the corpus names examples by path, not by method."""
    methods = [method for method in HTTP_METHODS if method in item]
    if len(methods) != 1:
        raise SystemExit(f"{path}: the corpus cannot tell which of {methods} an example is for")
    operation: dict[str, Any] = item[methods[0]]
    return operation


def attach(spec: dict[str, Any], corpus: Path) -> dict[str, Any]:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    operations = {path: _operation(path, item) for path, item in spec["paths"].items()}
    for operation in operations.values():
        operation.pop("x-documented-requests", None)
        for response in operation["responses"].values():
            for media in response.get("content", {}).values():
                media.pop("examples", None)
    for entry in manifest["entries"]:
        if entry["outcome"] != "valid":
            continue
        operation = operations[entry["endpoint"]]
        text = (corpus / entry["file"]).read_text(encoding="utf-8")
        name = entry["id"].split("/", 1)[1]
        if entry["kind"] == "request":
            request = {"request": text.split("\n", 1)[0], "accept": entry["media_type"]}
            request["x-source"] = {"document": entry["source"], "corpus": entry["id"]}
            operation.setdefault("x-documented-requests", []).append(request)
            continue
        media = operation["responses"][str(entry["status"])]["content"][entry["media_type"]]
        media.setdefault("examples", {})[name] = _example(entry, text)
    return spec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the spec is out of date")
    args = parser.parse_args(argv)
    current = SPEC.read_text(encoding="utf-8")
    updated = dump_spec(attach(yaml.safe_load(current), CORPUS))
    if args.check:
        if updated != current:
            print(
                f"{SPEC.relative_to(ROOT)} is out of date: run tools/sync_examples.py",
                file=sys.stderr,
            )
            return 1
        return 0
    SPEC.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
