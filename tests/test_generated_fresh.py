"""Generated files are generated: the committed ones equal what the tools produce today."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO, require_seeds
from infobip_logs_spec._contract import PROFILES, SCHEMA_FOLDERS, load_contract
from infobip_logs_spec._generate import generated_files
from infobip_logs_spec._jsonschema_gen import json_schema
from infobip_logs_spec._models_gen import models_source
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec._xsd_gen import xsd


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("profile", list(PROFILES))
def test_packaged_schemas_equal_what_each_packaged_profile_generates(profile: str) -> None:
    folder = SCHEMA_FOLDERS[profile]
    for path, content in generated_files(load_contract(profile)).items():
        assert read_bytes("schemas", *folder, *path.split("/")) == content, path


def test_packaged_models_equal_what_the_live_profile_generates() -> None:
    from importlib import resources

    shipped = resources.files("infobip_logs_spec").joinpath("models.py").read_text("utf-8")
    assert shipped == models_source(load_contract("live"))


def test_the_strict_schemas_differ_from_the_shipped_ones_only_by_expected_fields() -> None:
    """The validators' fast path compiles the strict variant (expected fields required); for
    documented there is nothing expected, so it is the shipped file itself."""
    documented = load_contract("documented")
    for name in documented.json_models():
        assert json_schema(documented, name, strict=True) == json_schema(documented, name)
        assert xsd(documented, name, strict=True) == xsd(documented, name)
    live = load_contract("live")
    loose, strict = json_schema(live, "VoiceLog"), json_schema(live, "VoiceLog", strict=True)
    assert "messageId" not in loose.get("required", [])
    assert "messageId" in strict["required"]
    assert 'name="messageId" type="xs:string" minOccurs="0"' in xsd(live, "VoiceLogsResponse")
    assert 'name="messageId" type="xs:string" minOccurs="0"' not in xsd(
        live, "VoiceLogsResponse", strict=True
    )


def test_schemas_and_models_in_the_checkout_are_fresh() -> None:
    result = _run("tools/generate_schemas.py", "--check")
    assert result.returncode == 0, result.stderr


def test_spec_examples_equal_the_corpus() -> None:
    result = _run("tools/sync_examples.py", "--check")
    assert result.returncode == 0, result.stderr


def test_corpus_equals_a_fresh_extraction_from_the_source_documents() -> None:
    seeds = require_seeds()
    result = _run("tools/extract_corpus.py", "--check", "--seeds", str(seeds))
    assert result.returncode == 0, result.stderr


def test_the_compiled_documents_are_fresh_and_hold_the_same_data() -> None:
    result = _run("tools/compile_spec.py", "--check")
    assert result.returncode == 0, result.stderr
    import yaml

    for profile in PROFILES:
        source = yaml.safe_load(read_bytes(*PROFILES[profile]))
        assert load_contract(profile).document == json.loads(json.dumps(source, default=str))
