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

from infobip_logs_spec._contract import parse_spec
from infobip_logs_spec._generate import generated_files

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if schemas/ is stale")
    args = parser.parse_args(argv)
    out = ROOT / "schemas"
    files = generated_files(parse_spec((ROOT / "spec" / "openapi.yaml").read_bytes()))
    existing = {
        path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*") if path.is_file()
    }
    stale = sorted(p for p in set(files) | set(existing) if files.get(p) != existing.get(p))
    if args.check:
        for path in stale:
            print(f"stale generated file: schemas/{path}", file=sys.stderr)
        return 1 if stale else 0
    for path in set(existing) - set(files):
        (out / path).unlink()
    for path, content in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(content)
    print(f"wrote {len(files)} files to schemas/ ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
