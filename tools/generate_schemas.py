"""Generate ``schemas/`` (JSON Schemas, XSDs and their index) from ``spec/openapi.yaml``.

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
from infobip_logs_spec._contract import parse_spec
from infobip_logs_spec._generate import generated_files

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if schemas/ is stale")
    args = parser.parse_args(argv)
    files = generated_files(parse_spec((ROOT / "spec" / "openapi.yaml").read_bytes()))
    return sync_tree(ROOT / "schemas", files, check=args.check, label="generated file")


if __name__ == "__main__":
    sys.exit(main())
