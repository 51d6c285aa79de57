"""The command line: every command, every exit code, both output formats, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, corpus_entries, corpus_text
from infobip_logs_spec import decode_json, decode_xml
from infobip_logs_spec._cli import run

VOICE_XML = corpus_text(
    corpus_entries(id="tts-logs/06-response-xml-getting-logs-without-any-query-parameter")[0]
)
VOICE_JSON = corpus_text(
    corpus_entries(id="tts-logs/05-response-json-getting-logs-without-any-query-parameter")[0]
)
OMNI_PRINTED = corpus_text(corpus_entries(id="omni-logs/02-response-json-request-example")[0])


def cli(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    source = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    status = run(list(argv), out, err, source)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    made = {
        "valid.xml": VOICE_XML,
        "valid.json": VOICE_JSON,
        "invalid.xml": VOICE_XML.replace(b"<duration>1</duration>", b"<duration>one</duration>", 1),
        "malformed.json": OMNI_PRINTED,
        "hostile.xml": b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        "extra.json": VOICE_JSON.replace(b'"duration"', b'"newField": 1, "duration"', 1),
    }
    for name, content in made.items():
        (tmp_path / name).write_bytes(content)
    return {name: str(tmp_path / name) for name in made}


# --------------------------------------------------------------------------- validate


def test_valid_files_exit_0(files: dict[str, str]) -> None:
    status, out, err = cli(
        "validate", "--endpoint", "/tts/3/logs", files["valid.xml"], files["valid.json"]
    )
    assert (status, out, err) == (0, "", "2 files: 2 valid, 0 invalid\n")


def test_each_problem_is_printed_as_file_location_message(files: dict[str, str]) -> None:
    status, out, err = cli(
        "validate", "--endpoint", "getVoiceLogs", files["invalid.xml"], files["valid.json"]
    )
    assert status == 1
    assert out == (
        f"{files['invalid.xml']}:11:/smsLogsResponse/results/result[1]/duration: "
        "expected an integer, got 'one'\n"
    )
    assert err == "2 files: 1 valid, 1 invalid\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.json", ":24: not JSON: Expecting property name enclosed in double quotes\n"),
        (
            "hostile.xml",
            ":1: document type declarations are not allowed: they can define entities or load files\n",
        ),
    ],
)
def test_not_well_formed_and_hostile_files_exit_1(
    files: dict[str, str], name: str, expected: str
) -> None:
    endpoint = "/omni/1/logs" if name.endswith(".json") else "/tts/3/logs"
    status, out, _ = cli("validate", "--endpoint", endpoint, files[name])
    assert (status, out) == (1, files[name] + expected)


def test_unknown_fields_warn_and_strict_fails(files: dict[str, str]) -> None:
    status, out, _ = cli("validate", "--endpoint", "/tts/3/logs", files["extra.json"])
    assert (status, out) == (
        0,
        f"{files['extra.json']}:11:/results/0/newField: warning: unexpected field\n",
    )
    status, out, _ = cli("validate", "--strict", "--endpoint", "/tts/3/logs", files["extra.json"])
    assert (status, out) == (1, f"{files['extra.json']}:11:/results/0/newField: unexpected field\n")


def test_json_output_carries_every_error_field(files: dict[str, str]) -> None:
    status, out, _ = cli(
        "validate", "--output", "json", "--endpoint", "/tts/3/logs", files["invalid.xml"]
    )
    assert status == 1
    report = json.loads(out)
    assert report == {
        "valid": False,
        "totals": {"files": 1, "valid": 0, "invalid": 1, "unreadable": 0},
        "files": [
            {
                "file": files["invalid.xml"],
                "valid": False,
                "problems": [
                    {
                        "severity": "error",
                        "message": "expected an integer, got 'one'",
                        "pointer": "/results/0/duration",
                        "xpath": "/smsLogsResponse/results/result[1]/duration",
                        "line": 11,
                    }
                ],
            }
        ],
    }


def test_stdin_and_format_option() -> None:
    status, out, err = cli(
        "validate", "--endpoint", "/tts/3/logs", "--format", "xml", "-", stdin=VOICE_XML
    )
    assert (status, out, err) == (0, "", "1 file: 1 valid, 0 invalid\n")
    status, out, _ = cli(
        "validate", "--endpoint", "/tts/3/logs", "--format", "json", "-", stdin=VOICE_XML
    )
    assert status == 1
    assert out.startswith("<stdin>:1: not JSON")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "x.json"], "give --endpoint, or map files to endpoints in [tool."),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["validate", "--endpoint", "/nope", "-"], "unknown endpoint '/nope'"),
        (
            ["validate", "--endpoint", "/tts/3/logs", "--status", "600", "-"],
            "no application/json answer for status 600",
        ),
        (["examples", "no-such-example"], "no documented example 'no-such-example'"),
        (["schema", "--endpoint", "/omni/1/logs", "--format", "xsd"], "has several XML shapes"),
    ],
)
def test_usage_and_spec_errors_exit_2_without_a_traceback(argv: list[str], message: str) -> None:
    status, _, err = cli(*argv, stdin=b"{}")
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_unreadable_file_exits_2_and_the_others_are_still_checked(files: dict[str, str]) -> None:
    status, out, err = cli(
        "validate", "--endpoint", "/tts/3/logs", "/no/such/file.json", files["invalid.xml"]
    )
    assert status == 2
    assert "cannot read /no/such/file.json: No such file or directory" in err
    assert "expected an integer" in out


def test_help_exits_0() -> None:
    status, out, _ = cli("--help")
    assert status == 0
    assert "validate" in out


# --------------------------------------------------------------------------- convert, examples, schema


def test_convert_both_ways(files: dict[str, str]) -> None:
    status, out, _ = cli("convert", "--endpoint", "/tts/3/logs", "--to", "json", files["valid.xml"])
    assert status == 0
    assert decode_json(out, endpoint="/tts/3/logs") == decode_xml(VOICE_XML, endpoint="/tts/3/logs")
    status, out, _ = cli("convert", "--endpoint", "/tts/3/logs", "--to", "xml", files["valid.json"])
    assert status == 0
    assert decode_xml(out.encode(), endpoint="/tts/3/logs") == decode_json(
        VOICE_JSON, endpoint="/tts/3/logs"
    )


def test_convert_picks_the_xml_shape_and_refuses_invalid_input(files: dict[str, str]) -> None:
    omni = corpus_text(
        corpus_entries(
            id="omni-logs/17-response-json-getting-logs-with-date-range-and-general-status"
        )[0]
    )
    status, out, _ = cli(
        "convert",
        "--endpoint",
        "/omni/1/logs",
        "--to",
        "xml",
        "--root",
        "omniLogsResponse",
        "-",
        stdin=omni,
    )
    assert status == 0
    assert "<omniLogsResponse>" in out
    status, out, err = cli(
        "convert", "--endpoint", "/tts/3/logs", "--to", "json", files["invalid.xml"]
    )
    assert (status, out) == (1, "")
    assert (
        err
        == f"{files['invalid.xml']}:11:/smsLogsResponse/results/result[1]/duration: expected an integer, got 'one'\n"
    )


def test_examples_lists_prints_and_checks() -> None:
    status, out, _ = cli("examples", "--endpoint", "/sms/1/inbox/logs")
    assert status == 0
    assert len(out.splitlines()) == 17
    assert out.splitlines()[0] == "ID\tENDPOINT\tMEDIA TYPE\tOUTCOME"
    assert (
        out.splitlines()[1]
        == "inbox-logs/01-request-json-request-example\t/sms/1/inbox/logs\tapplication/json\tvalid"
    )
    status, out, _ = cli("examples", "omni-logs/02-response-json-request-example")
    assert (status, out.encode()) == (0, OMNI_PRINTED + b"\n")
    status, out, _ = cli("examples", "--check")
    assert status == 0
    assert out.splitlines()[-1] == (
        "90 documented examples: 82 valid, 6 not well-formed, 2 invalid; every outcome as the manifest records"
    )


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["--format", "json"], '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema"'),
        (["--format", "xsd"], '<?xml version="1.0" encoding="UTF-8"?>'),
        (["--format", "openapi", "--profile", "documented"], "openapi: 3.1.0"),
        (["--format", "openapi"], "# Generated by tools/apply_overlay.py"),
    ],
)
def test_schema_prints_the_files(argv: list[str], start: str) -> None:
    status, out, _ = cli("schema", "--endpoint", "/tts/3/logs", *argv)
    assert status == 0
    assert out.startswith(start)


def test_schema_prints_each_profiles_files() -> None:
    _, live, _ = cli("schema", "--endpoint", "/tts/3/reports", "--format", "json")
    _, documented, _ = cli(
        "schema", "--endpoint", "/tts/3/reports", "--format", "json", "--profile", "documented"
    )
    assert '"startTime"' in live
    assert '"startTime"' not in documented


def test_schema_path_locates_a_file_other_tools_can_use() -> None:
    status, out, _ = cli(
        "schema",
        "--endpoint",
        "/omni/1/logs",
        "--format",
        "xsd",
        "--root",
        "omniLogsResponse",
        "--path",
    )
    assert status == 0
    path = Path(out.strip())
    assert path.name == "OmniLogsResponseUnwrapped.xsd"
    assert path.read_text(encoding="utf-8").count('<xs:element name="omniLogsResponse"') == 1


# --------------------------------------------------------------------------- the process


def test_console_script_and_python_dash_m_run_the_same_program(files: dict[str, str]) -> None:
    script = Path(sys.executable).parent / "infobip-logs-spec"
    for command in ([str(script)], [sys.executable, "-m", "infobip_logs_spec"]):
        result = subprocess.run(
            [*command, "validate", "--endpoint", "/tts/3/logs", files["invalid.xml"]],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert result.stdout.endswith("expected an integer, got 'one'\n")


def test_pre_commit_hook_runs_the_validator(files: dict[str, str]) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "python"
    assert set(hook["types_or"]) == {"json", "xml"}
    program, *arguments = hook["entry"].split()
    executable = Path(sys.executable).parent / program
    result = subprocess.run(
        [
            str(executable),
            *arguments,
            "--endpoint",
            "/tts/3/logs",
            files["valid.json"],
            files["invalid.xml"],
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1  # pre-commit fails the commit on a non-zero status
    assert "expected an integer" in result.stdout


@pytest.mark.parametrize(
    ("root", "message"),
    [
        ("voiceLogsResponse", "<voiceLogsResponse> is another spelling of <smsLogsResponse>"),
        ("nope", "no XML shape of /tts/3/logs has the root <nope>; expected smsLogsResponse"),
    ],
)
def test_schema_root_says_why_no_file_has_it(root: str, message: str) -> None:
    status, out, err = cli("schema", "--endpoint", "/tts/3/logs", "--format", "xsd", "--root", root)
    assert (status, out) == (2, "")
    assert message in err
