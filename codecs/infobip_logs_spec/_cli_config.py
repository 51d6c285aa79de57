"""The command line's configuration: a ``[tool.infobip-logs-spec]`` table in ``pyproject.toml``.

It maps file globs to what a file does not say itself (which endpoint answered it, with which
status), so one command, one pre-commit hook entry or one CI step checks a whole tree::

    [tool.infobip-logs-spec]
    profile = "live"                     # optional: live (the default) or documented
    strict = false                       # optional: what the profile tolerates is an error

    [tool.infobip-logs-spec.files]
    "fixtures/omni/**/*.json" = { endpoint = "/omni/1/logs" }
    "fixtures/voice/*.xml" = { endpoint = "/tts/3/logs", status = 200 }
    "fixtures/errors/*" = { endpoint = "/tts/3/logs", status = 401 }

Globs are relative to the folder of ``pyproject.toml``; ``**`` spans folders, ``*`` and ``?``
stay within one. The first glob that matches a file wins.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._contract import PROFILES

__all__ = ["Config", "ConfigError", "FileRule", "load_config"]

TABLE = "infobip-logs-spec"


class ConfigError(Exception):
    """The configuration table is malformed; the message names the key."""


@dataclass(frozen=True)
class FileRule:
    glob: str
    pattern: re.Pattern[str]
    endpoint: str
    status: str = "200"


@dataclass(frozen=True)
class Config:
    root: Path | None = None  # the folder of the pyproject.toml read, if any
    strict: bool | None = None
    rules: tuple[FileRule, ...] = field(default_factory=tuple)
    profile: str | None = None

    def rule_for(self, path: Path) -> FileRule | None:
        """The first rule whose glob matches ``path`` (relative to the config's folder)."""
        if self.root is None:
            return None
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None
        return next((rule for rule in self.rules if rule.pattern.fullmatch(relative)), None)


def glob_pattern(glob: str) -> re.Pattern[str]:
    """A path glob as a regular expression over ``/``-separated relative paths."""
    out, index = [], 0
    while index < len(glob):
        if glob.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index):
            out.append(".*")
            index += 2
        elif glob[index] == "*":
            out.append("[^/]*")
            index += 1
        elif glob[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(glob[index]))
            index += 1
    return re.compile("".join(out))


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The table of ``path``, or of the nearest ``pyproject.toml`` from ``start`` upwards; an
    empty configuration when there is none or it has no table."""
    if path is None:
        here = (start or Path.cwd()).resolve()
        path = next(
            (folder / "pyproject.toml" for folder in (here, *here.parents)
             if (folder / "pyproject.toml").is_file()),
            None,
        )  # fmt: skip
        if path is None:
            return Config()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    table = document.get("tool", {}).get(TABLE)
    if table is None:
        return Config()
    return _parse(path, table)


def _parse(path: Path, table: Any) -> Config:
    where = f"{path}: [tool.{TABLE}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = set(table) - {"profile", "strict", "files"}
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {sorted(unknown)[0]!r}; expected profile, strict, files"
        )
    strict = table.get("strict")
    if strict is not None and not isinstance(strict, bool):
        raise ConfigError(f"{where}.strict must be true or false")
    profile = table.get("profile")
    if profile is not None and profile not in PROFILES:
        raise ConfigError(f"{where}.profile must be one of {', '.join(PROFILES)}")
    files = table.get("files", {})
    if not isinstance(files, dict):
        raise ConfigError(f"{where}.files must map globs to tables")
    rules = []
    for glob, settings in files.items():
        if not isinstance(settings, dict) or not isinstance(settings.get("endpoint"), str):
            raise ConfigError(f'{where}.files."{glob}" needs endpoint = "/path"')
        extra = set(settings) - {"endpoint", "status"}
        if extra:
            raise ConfigError(
                f'{where}.files."{glob}": unknown key {sorted(extra)[0]!r}; expected endpoint, '
                "status"
            )
        status = settings.get("status", 200)
        if isinstance(status, bool) or not isinstance(status, int | str):
            raise ConfigError(f'{where}.files."{glob}".status must be a number')
        rules.append(FileRule(glob, glob_pattern(glob), settings["endpoint"], str(status)))
    return Config(path.parent, strict, tuple(rules), profile)
