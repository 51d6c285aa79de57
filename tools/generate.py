"""Regenerate every generated file, in order, from the checkout's own source.

Usage:
    python tools/generate.py [--check]

The order is the one the files depend on: the corpus from the source documents
(``extract_corpus``, skipped with a note when ``../shared/seeds`` is absent), the documented
examples into the spec (``sync_examples``), the live profile from the spec and its overlay
(``apply_overlay``), both documents as the JSON the package loads (``compile_spec``), and the
schemas of both profiles and the typed models (``generate_schemas``).
The package is imported from ``codecs/`` of this checkout, not from wherever it is installed,
so an edited generator takes effect without a reinstall. ``--check`` writes nothing and exits 1
when any generated file is stale; CI runs it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "codecs"))  # the checkout's package, before any installed one
sys.path.insert(1, str(ROOT / "tools"))
STEPS = ("extract_corpus", "sync_examples", "apply_overlay", "compile_spec", "generate_schemas")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if stale")
    args = parser.parse_args(argv)
    import infobip_logs_spec

    source = Path(infobip_logs_spec.__file__).resolve().parent
    if source != (ROOT / "codecs" / "infobip_logs_spec").resolve():
        print(f"generate.py must use the checkout's package, not {source}", file=sys.stderr)
        return 2
    status = 0
    for step in STEPS:
        if step == "extract_corpus" and not (ROOT.parent / "shared" / "seeds").is_dir():
            print("extract_corpus: skipped, ../shared/seeds is not beside this checkout")
            continue
        print(f"== {step}", flush=True)
        tool = importlib.import_module(step)
        status = max(status, tool.main(["--check"] if args.check else []))
    return status


if __name__ == "__main__":
    sys.exit(main())
