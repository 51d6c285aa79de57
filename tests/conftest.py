"""Shared fixtures: the packaged contract, the corpus manifest, and the hypothesis profiles."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from infobip_logs_spec._contract import Contract, load_contract
from infobip_logs_spec._resources import read_bytes

# Profiles, not per-test max_examples: HYPOTHESIS_PROFILE=ci in CI.
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))  # shared test data: tools/hostile_corpus.py
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def contract() -> Contract:
    """The documented profile's contract: the one the corpus and the shipped ``schemas/``
    (top level) describe. Tests of the live profile ask for it by name."""
    return load_contract("documented")


def manifest() -> dict[str, Any]:
    """The packaged corpus manifest (the installed copy, not the checkout's)."""
    loaded: dict[str, Any] = json.loads(read_bytes("corpus", "manifest.json"))
    return loaded


def corpus_entries(**where: Any) -> list[dict[str, Any]]:
    return [
        entry
        for entry in manifest()["entries"]
        if all(entry.get(key) == value for key, value in where.items())
    ]


def corpus_text(entry: dict[str, Any]) -> bytes:
    return read_bytes("corpus", *entry["file"].split("/"))


def require_seeds() -> Path:
    """The source documents, beside the checkout; CI sets INFOBIP_REQUIRE_SEEDS so they must be."""
    if not SEEDS.is_dir():
        if os.environ.get("INFOBIP_REQUIRE_SEEDS"):
            pytest.fail(f"source documents not found at {SEEDS}")
        pytest.skip(
            f"source documents not found at {SEEDS} (only a checkout beside shared/ has them)"
        )
    return SEEDS
