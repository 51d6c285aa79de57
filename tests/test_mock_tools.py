"""Tools people run against the mock: schemathesis, a generated client, a plain httpx script,
and the ``serve`` command with its signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from infobip_logs_spec.integrations import spec_path
from infobip_logs_spec.mock import MockServer, running
from test_client_generators import python_client, spec_file  # noqa: F401 (fixtures)

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    # The documented profile: the client generated from spec/openapi.yaml talks to it.
    with running(seed=2, records=20, rate_limit=None, profile="documented") as server:
        yield server


@pytest.mark.parametrize("profile", ["live", "documented"])
@pytest.mark.parametrize("accept", ["application/json", "application/xml"])
def test_schemathesis_finds_no_failure(tmp_path: Path, accept: str, profile: str) -> None:
    # Both phases (--mode all), every check, the package's XML deserializer registered, each
    # profile's mock against that profile's document.
    (tmp_path / "hooks.py").write_text(
        "from infobip_logs_spec.integrations import register_schemathesis\n"
        f"register_schemathesis({profile!r})\n"
    )
    with running(seed=2, records=20, rate_limit=None, profile=profile) as served:
        result = _schemathesis(served, spec_path(profile), accept, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
    assert "Selected: 5/5" in result.stdout


def _schemathesis(
    mock: MockServer, document: Path, accept: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            str(document),
            "--url",
            mock.url,
            "-H",
            f"Authorization: {mock.credentials.basic_header}",
            "-H",
            f"Accept: {accept}",
            "--mode",
            "all",
            "--checks",
            "all",
            "--max-examples",
            "15",
            "--seed",
            "11",
            "--no-color",
        ],
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": "hooks"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_generated_client_lists_reads_and_meets_401_and_429(
    python_client: ModuleType,  # noqa: F811
) -> None:
    from importlib import import_module

    voice_logs = import_module("infobip_client.api.voice.get_voice_logs")
    voice_reports = import_module("infobip_client.api.voice.get_voice_reports")
    omni_logs = import_module("infobip_client.api.omni.get_omni_logs")
    client_module = import_module("infobip_client")
    with (
        running(seed=4, records=10, rate_limit=4, api_keys=["k"], profile="documented") as server,
        client_module.AuthenticatedClient(base_url=server.url, token="k", prefix="App") as authed,
        client_module.Client(base_url=server.url) as nobody,
    ):
        logs = voice_logs.sync_detailed(client=authed, limit=3)
        assert logs.status_code == 200
        assert len(logs.parsed.results) == 3
        first = logs.parsed.results[0]
        # explode: false is lost by the generator: join the IDs yourself (README).
        by_bulk = voice_logs.sync_detailed(client=authed, bulk_id=[first.bulk_id])
        assert by_bulk.parsed.results
        assert {r.bulk_id for r in by_bulk.parsed.results} == {first.bulk_id}
        once = voice_reports.sync_detailed(client=authed)
        assert once.status_code == 200
        assert len(once.parsed.results) == 10
        again = voice_reports.sync_detailed(client=authed)
        assert again.status_code == 200
        assert again.parsed.results == []
        refused = omni_logs.sync_detailed(client=nobody)
        assert refused.status_code == 401
        assert refused.parsed.request_error.service_exception.message_id.value == "UNAUTHORIZED"
        for _ in range(4):
            assert omni_logs.sync_detailed(client=authed).status_code == 200
        limited = omni_logs.sync_detailed(client=authed)
        assert limited.status_code == 429
        assert limited.parsed.request_error.service_exception.message_id.value == (
            "TOO_MANY_REQUESTS"
        )


HTTPX_SCRIPT = textwrap.dedent(
    """
    import sys, httpx
    url = sys.argv[1]
    auth = ("Aladdin", "open sesame")
    logs = httpx.get(url + "/omni/1/logs", params={"channel": "SMS", "limit": 5}, auth=auth)
    assert logs.status_code == 200, logs.text
    assert all(r["channel"] == "SMS" for r in logs.json()["results"])
    xml = httpx.get(url + "/tts/3/reports", headers={"Accept": "application/xml"}, auth=auth)
    assert xml.text.count("<result>") == 3, xml.text
    assert httpx.get(url + "/tts/3/reports", auth=auth).json() == {"results": []}
    assert httpx.get(url + "/tts/3/logs").status_code == 401
    codes = [httpx.get(url + "/email/1/logs", auth=auth).status_code for _ in range(5)]
    print(codes)
    """
)


def test_a_plain_httpx_script() -> None:
    with running(seed=6, records=3, rate_limit=4) as server:
        result = subprocess.run(
            [sys.executable, "-c", HTTPX_SCRIPT, server.url],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[200, 200, 200, 200, 429]"  # 4 a minute per endpoint


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_its_address_and_stops_cleanly(stop: signal.Signals) -> None:
    process = subprocess.Popen(
        [str(BIN / "infobip-logs-spec"), "serve", "--records", "2", "--api-key", "secret"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith(
            "infobip-logs-spec mock (live profile, seed 0) listening on http://127.0.0.1:"
        ), first
        url = first.rsplit(" ", 1)[1].strip()
        assert "App secret" in process.stdout.readline()
        answer = httpx.get(url + "/sms/1/inbox/logs", headers={"Authorization": "App secret"})
        assert answer.status_code == 200
        assert len(answer.json()["results"]) == 2
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert out.strip() == "stopped"
    assert "Traceback" not in err
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/sms/1/inbox/logs")


def test_serve_usage_errors() -> None:
    from io import StringIO

    from infobip_logs_spec._cli import run

    for argv, message in [
        (["serve", "--user", "nocolon"], "--user: expected USER:PASSWORD, got 'nocolon'"),
        (["serve", "--data", "a.json"], "--data: expected ENDPOINT=FILE, got 'a.json'"),
        (["serve", "--records", "-1"], "--records: expected 0 or more, got -1"),
        (["serve", "--rate-limit", "-3"], "--rate-limit: expected 0 or more, got -3"),
        (["serve", "--port", "99999"], "--port: expected 0 to 65535, got 99999"),
        (
            ["serve", "--data", "/nope=x.json"],
            "serve: [Errno 2] No such file or directory: 'x.json'",
        ),
    ]:
        out, err = StringIO(), StringIO()
        assert run(argv, out, err) == 2
        assert message in err.getvalue()
