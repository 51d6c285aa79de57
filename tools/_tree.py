"""Write a generated folder, or check that the committed one equals what a tool generates."""

from __future__ import annotations

import sys
from pathlib import Path


def sync_tree(
    out: Path, files: dict[str, bytes], *, check: bool, label: str, only: set[str] | None = None
) -> int:
    """Make ``out`` hold exactly ``files``; with ``check``, only report the differences.

    ``only`` limits the comparison to those paths, for a folder that holds other files too.
    Returns the exit status: 1 when checking finds a stale, missing or extra file, else 0.
    """
    existing = {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in out.rglob("*")
        if path.is_file() and (only is None or path.relative_to(out).as_posix() in only)
    }
    stale = sorted(p for p in set(files) | set(existing) if files.get(p) != existing.get(p))
    if check:
        for path in stale:
            print(f"stale {label}: {out.name}/{path}", file=sys.stderr)
        return 1 if stale else 0
    for path in set(existing) - set(files):
        (out / path).unlink()
    for path, content in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(content)
    print(f"wrote {len(files)} files to {out.name}/ ({len(stale)} changed)")
    return 0
