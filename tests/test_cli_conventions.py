"""The command line's conventions (issue 10): version, help, files and folders, configuration
in pyproject.toml, report formats, quiet and verbose, colour, and the pre-commit hook."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import REPO, corpus_entries, corpus_text
from infobip_logs_spec._cli import run

VOICE_XML = corpus_text(
    corpus_entries(id="tts-logs/06-response-xml-getting-logs-without-any-query-parameter")[0]
)
OMNI_JSON = corpus_text(
    corpus_entries(
        id="omni-logs/05-response-json-getting-logs-without-any-query-parameter.corrected"
    )[0]
)
INVALID_XML = VOICE_XML.replace(b"<duration>1</duration>", b"<duration>one</duration>", 1)
CONFIG = """
[tool.infobip-logs-spec]
strict = false

[tool.infobip-logs-spec.files]
"fixtures/voice/*.xml" = { endpoint = "/tts/3/logs" }
"fixtures/omni/**/*.json" = { endpoint = "getOmniLogs", status = 200 }
"""


def cli(*argv: str, stdin: bytes = b"", cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    source = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    here = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        status = run(list(argv), out, err, source)
    finally:
        os.chdir(here)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "fixtures" / "voice").mkdir(parents=True)
    (tmp_path / "fixtures" / "omni" / "2024").mkdir(parents=True)
    (tmp_path / "fixtures" / "voice" / "good.xml").write_bytes(VOICE_XML)
    (tmp_path / "fixtures" / "voice" / "bad.xml").write_bytes(INVALID_XML)
    (tmp_path / "fixtures" / "omni" / "2024" / "page.json").write_bytes(OMNI_JSON)
    (tmp_path / "package.json").write_text('{"name": "not a payload"}')
    return tmp_path


def test_version() -> None:
    from importlib.metadata import version

    for flag in ("--version", "-V"):
        status, out, _ = cli(flag)
        assert (status, out) == (0, f"infobip-logs-spec {version('infobip-logs-spec')}\n")
    import infobip_logs_spec

    assert infobip_logs_spec.__version__ == version("infobip-logs-spec")


def test_help_names_exit_codes_endpoints_and_every_option() -> None:
    status, out, _ = cli("validate", "--help")
    assert status == 0
    for text in ("exit status:", "0  every payload is valid", "/omni/1/logs", "getOmniLogs",
                 "--output {text,json,junit,sarif}", "sarif (SARIF 2.1.0", "[tool.infobip-logs-spec]"):  # fmt: skip
        assert text in out, text


def test_the_configured_tree_is_checked_with_no_argument(tree: Path) -> None:
    status, out, err = cli("validate", cwd=tree)
    assert status == 1
    assert out == (
        "fixtures/voice/bad.xml:11:/smsLogsResponse/results/result[1]/duration: "
        "expected an integer, got 'one'\n"
    )
    assert err == "3 files: 2 valid, 1 invalid\n"


def test_files_given_are_mapped_and_unmapped_ones_skipped(tree: Path) -> None:
    status, out, err = cli(
        "validate", "-v", "package.json", "fixtures/omni/2024/page.json", cwd=tree
    )
    assert status == 0
    assert out == "fixtures/omni/2024/page.json: valid\n"
    assert err == "package.json: skipped, no endpoint is mapped to it\n1 file: 1 valid, 0 invalid\n"


def test_folders_and_quoted_globs_are_expanded(tree: Path) -> None:
    status, _, err = cli("validate", "--endpoint", "/tts/3/logs", "fixtures/voice", cwd=tree)
    assert (status, err) == (1, "2 files: 1 valid, 1 invalid\n")
    status, _, err = cli("validate", "fixtures/**/*.xml", cwd=tree)
    assert (status, err) == (1, "2 files: 1 valid, 1 invalid\n")
    status, _, err = cli("validate", "--endpoint", "/tts/3/logs", "nothing/*.xml", cwd=tree)
    assert status == 2
    assert err == "infobip-logs-spec validate: no file matches 'nothing/*.xml'\n"


def test_no_file_reads_standard_input(tmp_path: Path) -> None:
    status, _, err = cli("validate", "--endpoint", "/tts/3/logs", stdin=VOICE_XML, cwd=tmp_path)
    assert (status, err) == (0, "1 file: 1 valid, 0 invalid\n")


def test_a_bad_configuration_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.infobip-logs-spec.files]\n"x/*.json" = { endpont = "/omni/1/logs" }\n'
    )
    status, _, err = cli("validate", cwd=tmp_path)
    assert status == 2
    assert err.endswith('.files."x/*.json" needs endpoint = "/path"\n')


def test_the_summary_adds_up_and_json_has_totals_and_unreadable_files(tree: Path) -> None:
    status, out, err = cli(
        "validate", "--output", "json", "fixtures/voice/good.xml", "fixtures/voice/gone.xml",
        "fixtures/voice/bad.xml", cwd=tree,
    )  # fmt: skip
    assert status == 2
    assert err.splitlines()[-1] == "3 files: 1 valid, 1 invalid, 1 unreadable"
    report = json.loads(out)
    assert report["totals"] == {"files": 3, "valid": 1, "invalid": 1, "unreadable": 1}
    gone = report["files"][1]
    assert gone == {
        "file": "fixtures/voice/gone.xml",
        "valid": False,
        "unreadable": "cannot read: No such file or directory",
        "problems": [],
    }


def test_junit_report(tree: Path) -> None:
    status, out, _ = cli("validate", "--output", "junit", cwd=tree)
    assert status == 1
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "0")
    failures = {case.get("name"): case.find("failure") for case in suite.iter("testcase")}
    failure = failures["fixtures/voice/bad.xml"]
    assert failure is not None
    assert failure.text == (
        "11:/smsLogsResponse/results/result[1]/duration: expected an integer, got 'one'"
    )
    assert failures["fixtures/voice/good.xml"] is None


def test_sarif_report(tree: Path) -> None:
    status, out, _ = cli("validate", "--output", "sarif", cwd=tree)
    assert status == 1
    report = json.loads(out)
    assert report["version"] == "2.1.0"
    (run_,) = report["runs"]
    assert run_["tool"]["driver"]["name"] == "infobip-logs-spec"
    (result,) = run_["results"]
    assert result["ruleId"] == "invalid"
    assert result["level"] == "error"
    assert result["message"]["text"] == "expected an integer, got 'one'"
    (where,) = result["locations"]
    assert where["physicalLocation"] == {
        "artifactLocation": {"uri": "fixtures/voice/bad.xml"},
        "region": {"startLine": 11},
    }
    rule_ids = {rule["id"] for rule in run_["tool"]["driver"]["rules"]}
    assert result["ruleId"] in rule_ids


def test_quiet_verbose_and_colour(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = VOICE_XML.replace(b"<duration>", b"<newField/><duration>", 1)
    (tree / "fixtures" / "voice" / "extra.xml").write_bytes(extra)
    status, out, err = cli("validate", "-q", "fixtures/voice/extra.xml", cwd=tree)
    assert (status, out, err) == (0, "", "")
    status, out, _ = cli("validate", "--color", "always", "fixtures/voice/bad.xml", cwd=tree)
    assert out.startswith("\033[1mfixtures/voice/bad.xml:11:")
    assert "\033[31mexpected an integer" in out
    monkeypatch.setenv("NO_COLOR", "1")
    status, out, _ = cli("validate", "fixtures/voice/bad.xml", cwd=tree)
    assert "\033[" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "json", "--root", "omniLogsResponse"], "--root picks an XML shape"),
        (["--to", "xml", "--indent", "4"], "--indent is for JSON"),
        (["--to", "xml", "--root", "bogus"], "no XML shape with root <bogus>"),
    ],
)
def test_convert_usage_errors_exit_2(argv: list[str], message: str) -> None:
    status, _, err = cli("convert", "--endpoint", "/tts/3/logs", *argv, "-", stdin=VOICE_XML)
    assert status == 2
    assert message in err


def test_examples_take_a_unique_prefix() -> None:
    status, out, _ = cli("examples", "tts-logs/05")
    assert status == 0
    assert out.startswith("{")
    status, _, err = cli("examples", "tts-logs/0")
    assert status == 2
    assert "9 examples match 'tts-logs/0'" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hook_needs_no_arguments_with_the_mapping(tree: Path) -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        if os.environ.get("INFOBIP_REQUIRE_GENERATORS"):  # CI: the test extra is installed
            pytest.fail("pre-commit is part of the test extra")
        pytest.skip("pre-commit is not installed: pip install 'infobip-logs-spec[test]'")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tree / ".cache"), "GIT_CONFIG_GLOBAL": os.devnull}
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=tree, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tree, check=True)
    result = subprocess.run(
        [str(pre_commit), "try-repo", str(REPO), "infobip-logs-spec-validate", "--all-files"],
        cwd=tree, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "fixtures/voice/bad.xml:11:/smsLogsResponse/results/result[1]/duration" in output
    assert "package.json" not in output.split("Failed")[-1].replace("- hook id", "")


def test_values_are_shown_as_the_document_spells_them(tmp_path: Path) -> None:
    from infobip_logs_spec import iter_errors

    document = b'{"results": [{"duration": -1.5}]}'
    messages = [e.message for e in iter_errors(document, endpoint="/tts/3/logs")]
    assert "expected an integer, got -1.5" in messages
    document = b'{"results": [{"duration": true, "to": null}]}'
    messages = [e.message for e in iter_errors(document, endpoint="/tts/3/logs")]
    assert "expected an integer, got true" in messages
    assert "expected a string, got null" in messages


def test_a_known_quirk_or_a_misspelling_is_named() -> None:
    from infobip_logs_spec import iter_errors

    xml = VOICE_XML.replace(b"pricePerMessage>", b"pricePerSecond>")
    # Documented: the live profile reads both spellings as the vendor sends them.
    messages = [e.message for e in iter_errors(xml, endpoint="/tts/3/logs", profile="documented")]
    assert (
        "unexpected element <pricePerSecond>; in XML this field is <pricePerMessage> "
        "(quirk voice-price-name)"
    ) in messages
    json_ = corpus_text(
        corpus_entries(id="tts-logs/05-response-json-getting-logs-without-any-query-parameter")[0]
    ).replace(b'"mccmnc"', b'"mccMnc"', 1)
    messages = [e.message for e in iter_errors(json_, endpoint="/tts/3/logs", profile="documented")]
    assert "unexpected field; did you mean 'mccmnc'? (quirk mccmnc-case)" in messages
    assert list(iter_errors(xml, endpoint="/tts/3/logs")) == []
