"""The spec generates clients with openapi-python-client and datamodel-code-generator.

Each generator runs on the packaged spec in a temporary folder; the generated code is imported
and must parse every corrected documented JSON body. What a generator cannot express is pinned
here too, so the README's list of losses stays true.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import REPO, corpus_entries, corpus_text
from infobip_logs_spec._contract import load_contract
from infobip_logs_spec._resources import read_bytes

BIN = Path(sys.executable).parent
GENERATORS = ("openapi-python-client", "datamodel-codegen")
MISSING = [tool for tool in GENERATORS if not (BIN / tool).exists()]
if MISSING and os.environ.get("INFOBIP_REQUIRE_GENERATORS"):
    raise RuntimeError(f"the generators extra is required here but {MISSING} are missing")
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{', '.join(MISSING)} not installed: pip install 'infobip-logs-spec[generators]'",
)
BODIES = corpus_entries(kind="response", media_type="application/json", outcome="valid")
MODELS = {
    "/tts/3/logs": "VoiceLogsResponse",
    "/tts/3/reports": "VoiceReportsResponse",
    "/email/1/logs": "EmailLogsResponse",
    "/omni/1/logs": "OmniLogsResponse",
    "/sms/1/inbox/logs": "MOLogsResponse",
}


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _run(tool: str, *args: str, cwd: Path) -> str:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [str(BIN / tool), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _import(folder: Path, name: str) -> Iterator[ModuleType]:
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "openapi.yaml"
    path.write_bytes(read_bytes("spec", "openapi.yaml"))
    return path


@pytest.fixture(scope="module")
def python_client(
    spec_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("opc")
    output = _run(
        "openapi-python-client",
        "generate",
        "--path",
        str(spec_file),
        "--meta",
        "none",
        "--output-path",
        str(out / "infobip_client"),
        cwd=out,
    )
    assert "Warning" not in output, output
    yield from _import(out, "infobip_client")


@pytest.fixture(scope="module")
def pydantic_models(
    spec_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("dcg")
    _run(
        "datamodel-codegen",
        "--input",
        str(spec_file),
        "--input-file-type",
        "openapi",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--formatters",
        "builtin",
        "--output",
        str(out / "infobip_models.py"),
        cwd=out,
    )
    yield from _import(out, "infobip_models")


def test_openapi_python_client_generates_every_operation(python_client: ModuleType) -> None:
    # One module per operation, in the folder of the operation's tag.
    for operation in load_contract().operations:
        names = [
            f"infobip_client.api.{folder}.{_snake(operation.operationId)}"
            for folder in ("voice", "email", "omni", "sms")
        ]
        found = [name for name in names if importlib.util.find_spec(name)]
        assert len(found) == 1, operation.operationId
        assert callable(importlib.import_module(found[0]).sync_detailed)


@pytest.mark.parametrize("entry", BODIES, ids=[e["id"] for e in BODIES])
def test_openapi_python_client_models_parse_documented_json(
    python_client: ModuleType, entry: dict[str, Any]
) -> None:
    models = importlib.import_module("infobip_client.models")
    model = getattr(models, MODELS[entry["endpoint"]])
    document = json.loads(corpus_text(entry))
    parsed = model.from_dict(document)
    assert len(parsed.results) == len(document["results"])
    assert parsed.to_dict()["results"][0]["messageId"] == document["results"][0]["messageId"]


@pytest.mark.parametrize("entry", BODIES, ids=[e["id"] for e in BODIES])
def test_datamodel_code_generator_models_parse_documented_json(
    pydantic_models: ModuleType, entry: dict[str, Any]
) -> None:
    model = getattr(pydantic_models, MODELS[entry["endpoint"]])
    document = json.loads(corpus_text(entry), parse_float=Decimal)
    parsed = model.model_validate(document)
    assert _plain(parsed.model_dump(by_alias=True, exclude_unset=True)) == _plain(document)


def _plain(value: Any) -> Any:
    """Enums as their values and every number as a Decimal, so both sides compare exactly."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str | bool | None):
        return value
    return str(value)  # pydantic's AnyUrl for format: uri


def test_losses_the_readme_lists(python_client: ModuleType, pydantic_models: ModuleType) -> None:
    """Pin what each generator drops, so the README's list of losses stays true."""
    voice = importlib.import_module("infobip_client.api.voice.get_voice_logs")
    # openapi-python-client ignores explode: false and sends bulkId=a&bulkId=b.
    kwargs = voice._get_kwargs(bulk_id=["a", "b"])
    assert kwargs["params"]["bulkId"] == ["a", "b"]
    # ... keeps prices as float, and parses only JSON bodies.
    price = importlib.import_module("infobip_client.models.voice_price").VoicePrice
    assert isinstance(
        price.from_dict({"pricePerSecond": 0.01, "currency": "EUR"}).price_per_second, float
    )
    source = Path(voice.__file__).read_text(encoding="utf-8")
    assert "response.json()" in source
    assert "xml" not in source.lower()
    # datamodel-code-generator keeps Decimal, but forbids fields the spec does not name.
    model = pydantic_models.VoicePrice
    assert isinstance(
        model.model_validate({"pricePerSecond": "0.0100", "currency": "EUR"}).pricePerSecond,
        Decimal,
    )
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        model.model_validate({"pricePerSecond": 0.01, "currency": "EUR", "new": 1})


# ---------------------------------------------------------------- the live profile's client

LIVE_CORPUS = REPO / "tests" / "live_corpus"
LIVE_BODIES = [
    entry
    for entry in json.loads((LIVE_CORPUS / "manifest.json").read_text("utf-8"))["entries"]
    if entry["media_type"] == "application/json"
    and entry["status"] == "200"
    and entry["live"]["outcome"] == "valid"
]


@pytest.fixture(scope="module")
def live_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("opc-live")
    spec = out / "openapi.live.yaml"
    spec.write_bytes(read_bytes("spec", "generated", "openapi.live.yaml"))
    output = _run(
        "openapi-python-client",
        "generate",
        "--path",
        str(spec),
        "--meta",
        "none",
        "--output-path",
        str(out / "infobip_live_client"),
        cwd=out,
    )
    assert "Warning" not in output, output
    yield from _import(out, "infobip_live_client")


@pytest.mark.parametrize("entry", LIVE_BODIES, ids=[e["id"] for e in LIVE_BODIES])
def test_the_live_documents_client_parses_the_live_variant_bodies(
    live_client: ModuleType, entry: dict[str, Any]
) -> None:
    models = importlib.import_module("infobip_live_client.models")
    model = getattr(models, MODELS[entry["endpoint"]])
    document = json.loads((LIVE_CORPUS / entry["file"]).read_text("utf-8"))
    parsed = model.from_dict(document)
    assert len(parsed.results) == len(document["results"])
    # Nothing the body holds is dropped: the vendor's fields (mccMnc too) are the model's own.
    for read, given in zip(parsed.results, document["results"], strict=True):
        assert set(read.to_dict()) == set(given)
