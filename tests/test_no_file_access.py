"""At the system-call level: decoding and validating hostile input opens no file and no socket.

Python's audit hooks cannot see libxml2's own ``open`` calls, which happen in C, so every
hostile document of ``tools/hostile_corpus.py`` is run under ``strace`` in a child process, and
the calls between two markers are read. CI installs strace (``.ci/run``) and sets
``INFOBIP_REQUIRE_STRACE=1``, so there the test cannot skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

START = "/infobip-logs-spec-marker/start"
END = "/infobip-logs-spec-marker/end"

CHILD = f"""
import os, sys, warnings
sys.path.insert(0, {str(REPO / "tools")!r})
from hostile_corpus import hostile_documents
from infobip_logs_spec import ValidationError, decode_json, decode_xml, is_valid, iter_errors

trap, port = sys.argv[1], int(sys.argv[2])
documents = list(hostile_documents(trap, port))
warnings.simplefilter("ignore")

def every_call(data, fmt):
    decode = decode_json if fmt == "json" else decode_xml
    for call in (
        lambda: decode(data, endpoint="/tts/3/logs"),
        lambda: list(iter_errors(data, endpoint="/tts/3/logs")),
        lambda: is_valid(data, endpoint="/tts/3/logs", strict=True),
        lambda: decode_json(data, endpoint="/tts/3/logs", lenient=True),
    ):
        try:
            call()
        except ValidationError:
            pass

for _, _, fmt, data in documents:  # warm up: every lazy import and schema load happens here
    every_call(data, fmt)

def marker(path):
    try:
        os.open(path, os.O_RDONLY)
    except OSError:
        pass

marker({START!r})
for _, _, fmt, data in documents:
    every_call(data, fmt)
marker({END!r})
"""


def _strace() -> str | None:
    found = shutil.which("strace")
    if found is None and os.environ.get("INFOBIP_REQUIRE_STRACE"):
        pytest.fail("strace is required here (INFOBIP_REQUIRE_STRACE) but is not installed")
    return found


def _traced_between_markers(tmp_path: Path, script: str, *args: str) -> list[str]:
    """The file and socket calls the child made between its two markers."""
    strace = _strace()
    if strace is None:
        pytest.skip("strace is not installed (CI installs it and sets INFOBIP_REQUIRE_STRACE)")
    log = tmp_path / "strace.log"
    child = tmp_path / "child.py"
    child.write_text(script)
    command = [strace, "-f", "-qq", "-e", "trace=open,openat,openat2,connect,socket"]
    result = subprocess.run(
        [*command, "-o", str(log), sys.executable, str(child), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    calls = log.read_text().splitlines()
    starts = [i for i, line in enumerate(calls) if START in line]
    ends = [i for i, line in enumerate(calls) if END in line]
    assert len(starts) == 1, "the child did not reach its first marker"
    assert len(ends) == 1, "the child did not reach its last marker"
    return calls[starts[0] + 1 : ends[0]]


def test_hostile_input_opens_no_file_and_no_socket(tmp_path: Path) -> None:
    trap = tmp_path / "trap"
    os.mkfifo(trap)
    between = _traced_between_markers(tmp_path, CHILD, str(trap), "9")
    assert between == [], "\n".join(between[:20])


def test_the_trace_sees_what_libxml2_opens_in_c(tmp_path: Path) -> None:
    # The same harness around a parser that loads a DTD: its open must show, so the silence
    # above means that nothing was opened, not that the trace was blind.
    target = tmp_path / "x.dtd"
    target.write_text("<!ENTITY e 'x'>")
    script = f"""
import os
from lxml import etree
parser = etree.XMLParser(load_dtd=True)
try:
    os.open({START!r}, os.O_RDONLY)
except OSError:
    pass
etree.fromstring(b'<!DOCTYPE r SYSTEM "{target}"><r/>', parser)
try:
    os.open({END!r}, os.O_RDONLY)
except OSError:
    pass
"""
    between = _traced_between_markers(tmp_path, script)
    assert any(str(target) in line for line in between), between
