"""Generate ``schemas/`` (JSON Schemas, XSDs, index) and the typed ``models.py`` from the spec.

``schemas/`` holds the documented profile's files (from ``spec/openapi.yaml``), ``schemas/live/``
the live profile's (from ``spec/generated/openapi.live.yaml``, which ``apply_overlay`` writes
first); ``models.py`` comes from the live document, whose fields include every documented one.

Usage:
    python tools/generate_schemas.py [--check]

``--check`` exits 1, naming each file, when the committed schemas differ from what the spec
generates; CI runs it so that no generated file is ever edited by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _tree import sync_tree
from infobip_logs_spec._contract import PROFILES, SCHEMA_FOLDERS, parse_spec
from infobip_logs_spec._generate import generated_files
from infobip_logs_spec._models_gen import models_source

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if schemas/ is stale")
    args = parser.parse_args(argv)
    files: dict[str, bytes] = {}
    contracts = {}
    for profile, parts in PROFILES.items():
        contract = parse_spec(ROOT.joinpath(*parts).read_bytes(), profile)
        contracts[profile] = contract
        folder = "".join(f"{part}/" for part in SCHEMA_FOLDERS[profile])
        files.update((folder + path, data) for path, data in generated_files(contract).items())
    package = ROOT / "codecs" / "infobip_logs_spec"
    models = {"models.py": models_source(contracts["live"]).encode("utf-8")}
    status = sync_tree(ROOT / "schemas", files, check=args.check, label="file")
    return sync_tree(package, models, check=args.check, label="file", only=set(models)) or status


if __name__ == "__main__":
    sys.exit(main())
