"""The command line under odd files and terminals (issue 8): a one-line message and exit 1 or
2, never a traceback, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAM = Path(sys.executable).parent / "infobip-logs-spec"
VALID = b'{"results":[]}'
BROKEN = '{"results":[{"text":"caf\u00e9"}]}'.encode()


def _cli(*args: str | bytes, cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(PROGRAM), *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        timeout=30,
        check=False,
    )


def _clean(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stderr + result.stdout
    assert result.returncode in (0, 1, 2)


def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    name = b"f\xff.json"
    (tmp_path / os.fsdecode(name)).write_bytes(BROKEN)
    result = _cli(
        "validate", "--endpoint", "/tts/3/logs", "--profile", "documented", name, cwd=tmp_path
    )
    _clean(result)
    assert result.returncode == 1
    assert result.stdout.startswith(b"f\\xff.json:1:/results/0/messageId: required field")


def test_a_terminal_that_cannot_encode_the_message_gets_escapes(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(BROKEN.replace(b'"text"', '"t\u00e9xt"'.encode()))
    result = _cli(
        "validate", "--endpoint", "/tts/3/logs", "--strict", "a.json",
        cwd=tmp_path, PYTHONIOENCODING="ascii",
    )  # fmt: skip
    _clean(result)
    assert b"/results/0/t\\xe9xt: unexpected field" in result.stdout


@pytest.mark.parametrize("command", [["examples"], ["examples", "--check"]])
def test_output_closed_early_ends_quietly(tmp_path: Path, command: list[str]) -> None:
    with subprocess.Popen(
        [str(PROGRAM), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # what `| head -1` does
        stderr = process.stderr.read()
        assert process.wait(timeout=30) in (0, 1)
    assert stderr == b""


@pytest.mark.parametrize("make", ["fifo", "/dev/zero"])
def test_what_is_not_a_regular_file_is_refused_without_reading(tmp_path: Path, make: str) -> None:
    target = make
    if make == "fifo":
        os.mkfifo(tmp_path / "fifo")
    elif make == "directory":
        (tmp_path / "directory").mkdir()
    result = _cli("validate", "--endpoint", "/tts/3/logs", target, cwd=tmp_path)
    _clean(result)
    assert result.returncode == 2
    first = result.stderr.decode().splitlines()[0]
    assert first.startswith(f"infobip-logs-spec: cannot read {target}: ")
    assert first.endswith(("not a regular file", "a directory"))


def test_a_libxml2_message_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "e.xml").write_bytes(b"\x4c\x6f\xa7\x94")  # EBCDIC-looking bytes
    (tmp_path / "n.xml").write_bytes(b"<smsLogsResponse><results>\n<result></smsLogsResponse>")
    result = _cli("validate", "--endpoint", "/tts/3/logs", "e.xml", "n.xml", cwd=tmp_path)
    _clean(result)
    lines = (result.stdout + result.stderr).decode().splitlines()
    problems = [line for line in lines if line.startswith(("e.xml", "n.xml"))]
    assert len(problems) == 2
    assert all(": " in line for line in problems)


def test_standard_input_is_bounded_and_read_like_a_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(PROGRAM), "validate", "--endpoint", "/tts/3/logs", "-"],
        input=VALID,
        capture_output=True,
        timeout=30,
        check=False,
    )
    _clean(result)
    assert result.returncode == 0


def test_control_characters_from_the_payload_or_file_names_are_escaped(tmp_path: Path) -> None:
    spoof = b'{"results":[],"\\r\\u001b[2K\\nall good.json: 0 problems\\u0000":1}'
    (tmp_path / "spoof.json").write_bytes(spoof)
    for output in ("text", "junit"):
        result = _cli(
            "validate", "--strict", "--endpoint", "/tts/3/logs", "--output", output,
            "spoof.json", cwd=tmp_path,
        )  # fmt: skip
        _clean(result)
        assert b"\x1b" not in result.stdout
        assert b"\x00" not in result.stdout
        assert b"\\x1b[2K" in result.stdout
    from xml.etree import ElementTree as ET

    ET.fromstring(result.stdout)  # the JUnit report is well-formed XML


def test_a_full_disk_is_an_input_output_error(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(VALID)
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [str(PROGRAM), "convert", "--endpoint", "/tts/3/logs", "--to", "xml", "a.json"],
            cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, timeout=30, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith(b"infobip-logs-spec: cannot write the output: ")
    assert b"Traceback" not in result.stderr


def test_convert_writes_the_payloads_bytes_whatever_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "e.xml").write_bytes(
        b"<ApiException><requestError><serviceException><messageId>BAD_REQUEST</messageId>"
        + "<text>caf\u00e9 \U0001f600</text>".encode()
        + b"</serviceException></requestError></ApiException>"
    )
    result = _cli(
        "convert", "--endpoint", "/tts/3/logs", "--status", "401", "--to", "json", "e.xml",
        cwd=tmp_path, PYTHONIOENCODING="ascii",
    )  # fmt: skip
    _clean(result)
    assert "caf\u00e9 \U0001f600".encode() in result.stdout


def test_a_glob_through_a_link_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "bad.json").write_bytes(b'{"results":[{}]}')
    (tmp_path / "loop" / "x").symlink_to(".")
    (tmp_path / "loop" / "y").symlink_to(".")
    result = _cli(
        "validate", "--endpoint", "/tts/3/logs", "--strict", "loop/**/*.json", cwd=tmp_path
    )
    _clean(result)
    assert result.returncode == 1
    assert result.stderr.endswith(b"1 file: 0 valid, 1 invalid\n")


@pytest.mark.parametrize("indent", ["-5", "10000000"])
def test_an_unreasonable_indent_is_a_usage_error(tmp_path: Path, indent: str) -> None:
    (tmp_path / "a.json").write_bytes(VALID)
    result = _cli(
        "convert", "--endpoint", "/tts/3/logs", "--to", "json", "--indent", indent, "a.json",
        cwd=tmp_path,
    )  # fmt: skip
    _clean(result)
    assert result.returncode == 2
    assert b"--indent takes 0 to 16" in result.stderr
