"""Every generated file under ``schemas/``, computed from the spec alone.

``tools/generate_schemas.py`` writes them; the tests recompute them and compare, so a schema
file that drifts from the spec fails CI.
"""

from __future__ import annotations

import json
from typing import Any

from ._contract import Contract
from ._jsonschema_gen import json_schema
from ._xsd_gen import xsd

__all__ = ["generated_files", "schema_index"]

JSON = "application/json"
XML = "application/xml"


def _json_file(name: str) -> str:
    return f"json/{name}.json"


def _xsd_file(name: str) -> str:
    return f"xml/{name}.xsd"


def schema_index(contract: Contract) -> dict[str, Any]:
    """The one mapping from endpoint, status and media type to schema files and XML roots."""
    operations: dict[str, Any] = {}
    for operation, status, media_type, payloads in contract.bodies():
        described = operations.setdefault(
            operation.operationId,
            {"path": operation.path, "method": operation.method, "responses": {}},
        )
        entries: list[dict[str, Any]] = []
        for payload in payloads:
            if media_type == JSON:
                entries.append({"schema": payload.name, "file": _json_file(payload.name)})
            elif media_type == XML:
                file = _xsd_file(payload.name)
                entries.append({"schema": payload.name, "file": file, "root": payload.xml_root})
        described["responses"].setdefault(status, {})[media_type] = entries
    return {
        "about": f"Generated from {contract.source} by tools/generate_schemas.py; do not edit.",
        "operations": operations,
    }


def _dump_json(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def generated_files(contract: Contract) -> dict[str, bytes]:
    """Every file under ``schemas/``, by path relative to it."""
    index = schema_index(contract)
    files = {"index.json": _dump_json(index)}
    for operation in index["operations"].values():
        for media in operation["responses"].values():
            for media_type, entries in media.items():
                for entry in entries:
                    if entry["file"] in files:
                        continue
                    if media_type == JSON:
                        files[entry["file"]] = _dump_json(json_schema(contract, entry["schema"]))
                    else:
                        files[entry["file"]] = xsd(contract, entry["schema"]).encode("utf-8")
    return files
