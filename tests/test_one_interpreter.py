"""One reading of the contract: what the compiled shapes refuse, no generator emits and no
codec meets mid-document; and the modules keep their layers."""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import infobip_logs_spec
from conftest import REPO
from infobip_logs_spec import ContractError, decode_json, decode_xml
from infobip_logs_spec._contract import Contract, parse_spec
from infobip_logs_spec._generate import generated_files
from infobip_logs_spec._jsonschema_gen import json_schema
from infobip_logs_spec._models_gen import models_source
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec._xsd_gen import xsd


def _spec_with(prop: dict[str, Any], extra: dict[str, Any] | None = None) -> Contract:
    """The packaged spec with one more property on the voice log."""
    spec = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    spec = copy.deepcopy(spec)
    spec["components"]["schemas"]["VoiceLog"]["properties"]["odd"] = prop
    spec["components"]["schemas"].update(extra or {})
    return parse_spec(yaml.safe_dump(spec, sort_keys=False))


UNSUPPORTED = {
    "an XML attribute": ({"type": "string", "xml": {"attribute": True}}, "XML attributes"),
    "an XML namespace": ({"type": "string", "xml": {"namespace": "urn:x"}}, "namespaces"),
    "an inline object": (
        {"type": "object", "properties": {"a": {"type": "string"}}},
        "an object must be a named component",
    ),
    "a float": ({"type": "number", "format": "double"}, "binary floating point"),
    "an array of arrays": (
        {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
        "an array of arrays has no XML form",
    ),
    "a map of objects": (
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Status"}},
        "only maps of scalars",
    ),
}
READERS: dict[str, Callable[[Contract], Any]] = {
    "the XSD generator": lambda c: xsd(c, "VoiceLogsResponse"),
    "the JSON Schema generator": lambda c: json_schema(c, "VoiceLogsResponse"),
    "the models generator": models_source,
    "every generated file": generated_files,
    "decode_json": lambda c: decode_json(b'{"results":[]}', endpoint="/tts/3/logs", contract=c),
    "decode_xml": lambda c: decode_xml(
        b"<smsLogsResponse><results/></smsLogsResponse>", endpoint="/tts/3/logs", contract=c
    ),
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("construct", UNSUPPORTED)
def test_a_construct_the_shapes_refuse_is_refused_by_every_reader(
    construct: str, reader: str
) -> None:
    prop, message = UNSUPPORTED[construct]
    contract = _spec_with(prop)
    with pytest.raises(ContractError, match=message):
        READERS[reader](contract)


# --------------------------------------------------------------------------- layers

# ARCHITECTURE.md lists these layers; a module imports only from layers below its own or from
# its own layer without a cycle. Function-level imports count: a lazy import up is still up.
LAYERS: list[set[str]] = [
    {"_errors", "_limits", "_lenient", "_resources", "_source"},
    {"_lexical"},
    {"_contract"},
    {"_shape"},
    {"_problems", "_safe_parse", "_json_lines"},
    {"_walk"},
    {"_json_codec", "_xml_codec"},
    {"_model", "models"},
    {"_json_structs", "_json_writers", "_xml_readers", "_xml_writers"},
    {"_codec"},
    {"_jsonschema_gen", "_xsd_gen", "_models_gen", "_generate"},
    {"_request"},
    {"_validate", "strategies"},
    {"integrations", "pytest_plugin", "mock"},
    {"_cli_config", "_cli_reports"},
    {"_cli", "__main__"},
    {"__init__"},
]
PACKAGE = Path(infobip_logs_spec.__file__).parent


def _imports(module: str) -> set[str]:
    """The package modules ``module`` imports; a subpackage counts as one module, and its
    imports out of itself (``from ..x``) as its own."""
    files = (
        sorted((PACKAGE / module).glob("*.py"))
        if (PACKAGE / module).is_dir()
        else [PACKAGE / f"{module}.py"]
    )
    found: set[str] = set()
    for file in files:
        found |= _file_imports(file, inside=(PACKAGE / module).is_dir())
    return found - {module}


def _file_imports(file: Path, *, inside: bool) -> set[str]:
    tree = ast.parse(file.read_text("utf-8"))
    found: set[str] = set()
    level = 2 if inside else 1
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == level:
            if node.module is None:
                found.update(alias.name for alias in node.names)
            else:
                found.add(node.module.split(".")[0])
    return found


def _layer(module: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if module in layer)


def test_every_module_has_a_layer() -> None:
    modules = {path.stem for path in PACKAGE.glob("*.py")} | {"mock"}
    assert modules == set().union(*LAYERS)


def test_no_import_goes_up_a_layer() -> None:
    upward = [
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module in set().union(*LAYERS)
        for target in _imports(module)
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_no_imports_form_a_cycle() -> None:
    graph = {module: _imports(module) for module in set().union(*LAYERS)}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for target in graph[start]:
            if target == goal or (target not in seen and reaches(target, goal, seen | {target})):
                return True
        return False

    assert [module for module in graph if reaches(module, module, set())] == []


def test_architecture_md_lists_the_layers() -> None:
    text = (REPO / "ARCHITECTURE.md").read_text("utf-8")
    for index, layer in enumerate(LAYERS, start=1):
        line = next((line for line in text.splitlines() if line.startswith(f"{index}. ")), "")
        named = set(re.findall(r"`([A-Za-z_]+)\.py`", line))
        named |= {
            name
            for name in re.findall(r"`([A-Za-z_]+)/`", line)
            if (PACKAGE / name / "__init__.py").is_file()
        }
        assert named == layer, (index, line)


@pytest.mark.parametrize(
    ("where", "ref"),
    [("parameters", "#/components/parameters/nothing"), ("responses", "#/components/responses/x")],
)
def test_a_reference_to_nothing_is_a_contract_error(where: str, ref: str) -> None:
    spec = yaml.safe_load(read_bytes("spec", "openapi.yaml"))
    operation = spec["paths"]["/tts/3/logs"]["get"]
    if where == "parameters":
        operation["parameters"].append({"$ref": ref})
    else:
        operation["responses"]["418"] = {"$ref": ref}
    with pytest.raises(ContractError, match="points at nothing"):
        parse_spec(yaml.safe_dump(spec, sort_keys=False)).operations  # noqa: B018
