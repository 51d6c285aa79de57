"""The pytest plugin, run by pytest's own ``pytester`` in a separate test session."""

from __future__ import annotations

import pytest

from conftest import corpus_entries, corpus_text

pytest_plugins = ["pytester"]

VOICE_XML = corpus_text(
    corpus_entries(id="tts-logs/06-response-xml-getting-logs-without-any-query-parameter")[0]
)

TESTS = """
import requests
from pathlib import Path

BODY = Path(__file__).with_name("answer.xml").read_bytes()


def response(body, path="/tts/3/logs", status=200):
    made = requests.Response()
    made._content = body
    made.status_code = status
    made.headers["Content-Type"] = "application/xml"
    made.url = "https://api.infobip.com" + path
    return made


def test_valid(infobip_contract):
    infobip_contract.assert_valid(response(BODY))


def test_invalid(infobip_contract):
    broken = BODY.replace(b"<duration>1</duration>", b"<duration>one</duration>", 1)
    infobip_contract.assert_valid(response(broken))


def test_new_field(infobip_contract):
    extra = BODY.replace(b"<to>", b"<channel>VOICE</channel><to>", 1)
    infobip_contract.assert_valid(response(extra))


UNAUTHORIZED = (
    b"<ApiException><requestError><serviceException><messageId>UNAUTHORIZED</messageId>"
    b"<text>Invalid login details</text></serviceException></requestError></ApiException>"
)


def test_a_401_fails_unless_expected(infobip_contract):
    infobip_contract.assert_valid(response(UNAUTHORIZED, status=401))


def test_a_401_passes_when_expected(infobip_contract):
    infobip_contract.assert_valid(response(UNAUTHORIZED, status=401), status=401)


def test_plain_function_with_explicit_endpoint():
    from infobip_logs_spec.pytest_plugin import assert_valid_response

    assert_valid_response(response(BODY, path="/proxy/voice"), endpoint="getVoiceLogs")
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_contract=TESTS)
    (pytester.path / "answer.xml").write_bytes(VOICE_XML)
    return pytester


def test_plugin_is_registered_through_its_entry_point(project: pytest.Pytester) -> None:
    result = project.runpytest("--trace-config", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*infobip_logs_spec*pytest_plugin*"])


def test_fixture_passes_valid_and_fails_invalid_with_the_error_list(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "-W", "default")
    result.assert_outcomes(passed=4, failed=2, warnings=1)
    result.stdout.fnmatch_lines(
        [
            "*the response breaks the Infobip contract (1 problem):",
            "*/smsLogsResponse/results/result[[]1[]]/duration (line 11): expected an integer, got 'one'",
        ]
    )
    # The expected status is part of the check, said plainly.
    result.stdout.fnmatch_lines(["*AssertionError: expected HTTP 200 from /tts/3/logs, got 401"])
    # An unknown field is a pytest warning, not silence.
    result.stdout.fnmatch_lines(
        ["*ContractWarning: /tts/3/logs: *result[[]1[]]/channel (line 6): unexpected element*"]
    )
    # The failure points at the test, not at the plugin's own frames.
    assert "pytest_plugin.py" not in result.stdout.str()


def test_strict_option_fails_fields_the_spec_does_not_name(project: pytest.Pytester) -> None:
    result = project.runpytest("--infobip-strict", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=3)
    result.stdout.fnmatch_lines(["*result[[]1[]]/channel (line 6): unexpected element <channel>"])


def test_strict_ini_option(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\ninfobip_strict = true\n")
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=3)
    result.stdout.fnmatch_lines(["*result[[]1[]]/channel (line 6): unexpected element <channel>"])


PROFILE_TEST = """
import requests
from pathlib import Path

BODY = Path(__file__).with_name("answer.xml").read_bytes()


def test_the_vendor_spelling(infobip_contract):
    made = requests.Response()
    made._content = BODY.replace(b"mccmnc>", b"mccMnc>")
    made.status_code = 200
    made.headers["Content-Type"] = "application/xml"
    made.url = "https://api.infobip.com/tts/3/logs"
    infobip_contract.assert_valid(made)
"""


@pytest.mark.parametrize(
    ("ini", "args", "passed"),
    [
        ("", [], 1),  # live, the default: the vendor's spelling is the same field
        ("", ["--infobip-profile", "documented", "--infobip-strict"], 0),
        ("[pytest]\ninfobip_profile = documented\ninfobip_strict = true\n", [], 0),
        ("[pytest]\ninfobip_profile = live\ninfobip_strict = true\n", [], 1),
    ],
)
def test_the_profile_option_and_ini(
    pytester: pytest.Pytester, ini: str, args: list[str], passed: int
) -> None:
    pytester.makepyfile(test_profile=PROFILE_TEST)
    (pytester.path / "answer.xml").write_bytes(VOICE_XML)
    if ini:
        pytester.makeini(ini)
    result = pytester.runpytest(*args, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=passed, failed=1 - passed)
