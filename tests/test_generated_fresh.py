"""Generated files are generated: the committed ones equal what the tools produce today."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, require_seeds
from infobip_logs_spec._contract import Contract
from infobip_logs_spec._generate import generated_files
from infobip_logs_spec._models_gen import models_source
from infobip_logs_spec._resources import read_bytes


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_packaged_schemas_equal_what_the_packaged_spec_generates(contract: Contract) -> None:
    for path, content in generated_files(contract).items():
        assert read_bytes("schemas", *path.split("/")) == content, path


def test_packaged_models_equal_what_the_packaged_spec_generates(contract: Contract) -> None:
    from importlib import resources

    shipped = resources.files("infobip_logs_spec").joinpath("models.py").read_text("utf-8")
    assert shipped == models_source(contract)


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
