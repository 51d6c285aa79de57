"""The shipped schemas work in the tools users reach for: Ajv (Node, strict mode, with
ajv-formats) compiles every JSON Schema, and Ajv, check-jsonschema and xmllint judge documents
as the package does.

CI installs both (``.ci/run``: ``npm install ajv ajv-formats`` into ``INFOBIP_AJV_DIR``, and
Debian's ``libxml2-utils``) and sets ``INFOBIP_REQUIRE_TOOLS=1``, so there these tests cannot
skip; elsewhere they skip, saying what to install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from _engines import XML_ALIASES, schema_entries
from conftest import REPO, corpus_entries, corpus_text
from infobip_logs_spec import is_valid
from infobip_logs_spec._resources import data_file
from test_live_corpus import CORPUS as LIVE_CORPUS
from test_live_corpus import ENTRIES as LIVE_ENTRIES
from test_live_corpus import _canonical_xml as canonical_xml
from test_live_corpus import _files as live_files

AJV_CHECK = REPO / "tests" / "tools" / "ajv_check.js"
JSON_BODIES = corpus_entries(kind="response", media_type="application/json", outcome="valid")
XML_BODIES = corpus_entries(kind="response", media_type="application/xml", outcome="valid")


def _required(tool: str, how: str) -> None:
    if os.environ.get("INFOBIP_REQUIRE_TOOLS"):
        pytest.fail(f"{tool} is required here (INFOBIP_REQUIRE_TOOLS) but missing: {how}")
    pytest.skip(f"{tool} is not installed: {how}")


def _ajv() -> tuple[str, dict[str, str]]:
    node = shutil.which("node")
    folder = os.environ.get("INFOBIP_AJV_DIR")
    if node is None or folder is None or not (Path(folder) / "node_modules" / "ajv").is_dir():
        _required("Ajv", "npm install --prefix DIR ajv@8 ajv-formats@3; INFOBIP_AJV_DIR=DIR")
    assert node is not None
    assert folder is not None
    return node, {**os.environ, "NODE_PATH": str(Path(folder) / "node_modules")}


def _mutations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document, and versions of it that break the contract in different ways."""
    found = [document]
    results = document.get("results")
    if isinstance(results, list) and results:
        first = results[0]
        for key in list(first)[:3]:
            broken = json.loads(json.dumps(document))
            del broken["results"][0][key]
            found.append(broken)
            retyped = json.loads(json.dumps(document))
            retyped["results"][0][key] = [1]
            found.append(retyped)
        extra = json.loads(json.dumps(document))
        extra["results"][0]["notInTheSpec"] = 1
        found.append(extra)
    return found


@pytest.mark.parametrize("entry", JSON_BODIES, ids=[e["id"] for e in JSON_BODIES])
def test_ajv_compiles_every_schema_in_strict_mode_and_judges_as_the_package(
    entry: dict[str, Any], tmp_path: Path
) -> None:
    node, env = _ajv()
    (schema,) = schema_entries(entry["endpoint"], entry["status"], "application/json")
    documents = _mutations(json.loads(corpus_text(entry)))
    files = []
    for index, each in enumerate(documents):
        path = tmp_path / f"{index}.json"
        path.write_text(corpus_text(entry).decode() if index == 0 else json.dumps(each))
        files.append(path)
    result = subprocess.run(
        [node, str(AJV_CHECK), str(data_file("schemas", *schema["file"].split("/"))), *map(str, files)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    verdicts = [line.rsplit("\t", 1)[1] == "valid" for line in result.stdout.splitlines()]
    expected = [is_valid(path.read_bytes(), endpoint=entry["endpoint"], status=entry["status"],
                         strict=True, profile="documented") for path in files]  # fmt: skip
    assert verdicts == expected
    assert verdicts[0] is True
    assert not all(verdicts[1:])


def _xmllint() -> str:
    found = shutil.which("xmllint")
    if found is None:
        _required("xmllint", "apt-get install libxml2-utils")
    assert found is not None
    return found


@pytest.mark.parametrize("entry", XML_BODIES, ids=[e["id"] for e in XML_BODIES])
def test_xmllint_judges_every_documented_xml_body_as_the_package(
    entry: dict[str, Any], tmp_path: Path
) -> None:
    xmllint = _xmllint()
    text = corpus_text(entry)
    for alias, name in XML_ALIASES.get(entry["endpoint"], {}).items():
        text = text.replace(b"<" + alias, b"<" + name).replace(b"</" + alias, b"</" + name)
    broken = text.replace(b"</messageId>", b"</messageId><notInTheSpec/>", 1)
    assert broken != text
    from lxml import etree

    root = etree.fromstring(text).tag
    (schema,) = [
        s for s in schema_entries(entry["endpoint"], entry["status"], "application/xml")
        if s["root"] == root
    ]  # fmt: skip
    xsd = str(data_file("schemas", *schema["file"].split("/")))
    for document, valid in ((text, True), (broken, False)):
        path = tmp_path / "answer.xml"
        path.write_bytes(document)
        result = subprocess.run(
            [xmllint, "--noout", "--nonet", "--schema", xsd, str(path)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert (result.returncode == 0) is valid, result.stderr
        assert (
            is_valid(document, endpoint=entry["endpoint"], strict=True, profile="documented")
            is valid
        )


@pytest.mark.parametrize("entry", JSON_BODIES, ids=[e["id"] for e in JSON_BODIES])
def test_check_jsonschema_judges_as_the_package(entry: dict[str, Any], tmp_path: Path) -> None:
    program = Path(sys.executable).parent / "check-jsonschema"
    if not program.exists():
        _required("check-jsonschema", "pip install 'infobip-logs-spec[test]'")
    (schema,) = schema_entries(entry["endpoint"], entry["status"], "application/json")
    schemafile = str(data_file("schemas", *schema["file"].split("/")))
    for index, document in enumerate(_mutations(json.loads(corpus_text(entry)))):
        path = tmp_path / f"{index}.json"
        path.write_text(corpus_text(entry).decode() if index == 0 else json.dumps(document))
        result = subprocess.run(
            [str(program), "--schemafile", schemafile, str(path)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        expected = is_valid(path.read_bytes(), endpoint=entry["endpoint"],
                            status=entry["status"], strict=True)  # fmt: skip
        assert (result.returncode == 0) is expected, result.stdout + result.stderr


# ---------------------------------------------------------------- the live profile's files

LIVE_VALID = [entry for entry in LIVE_ENTRIES if entry["live"]["outcome"] == "valid"]


@pytest.mark.parametrize(
    "entry",
    [e for e in LIVE_VALID if e["media_type"] == "application/json"],
    ids=lambda e: e["id"],
)
def test_ajv_compiles_the_live_schemas_and_accepts_every_live_json_body(
    entry: dict[str, Any],
) -> None:
    node, env = _ajv()
    (schema,) = live_files(entry, "application/json")
    result = subprocess.run(
        [node, str(AJV_CHECK), str(REPO / "schemas" / "live" / schema["file"]),
         str(LIVE_CORPUS / entry["file"])],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("\tvalid"), result.stdout


@pytest.mark.parametrize(
    "entry",
    [e for e in LIVE_VALID if e["media_type"] == "application/xml"],
    ids=lambda e: e["id"],
)
def test_xmllint_accepts_every_live_xml_body_by_the_live_xsd(
    entry: dict[str, Any], tmp_path: Path
) -> None:
    from lxml import etree

    xmllint = _xmllint()
    root = canonical_xml((LIVE_CORPUS / entry["file"]).read_bytes(), entry["endpoint"])
    path = tmp_path / "answer.xml"
    path.write_bytes(etree.tostring(root))
    (schema,) = [s for s in live_files(entry, "application/xml") if s["root"] == root.tag]
    result = subprocess.run(
        [xmllint, "--noout", "--nonet", "--schema", str(REPO / "schemas" / "live" / schema["file"]),
         str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
