"""Generate a standalone JSON Schema 2020-12 document for one payload component of the spec.

OpenAPI 3.1 schemas are JSON Schema 2020-12 plus annotations, so the work is to gather the
component and everything it refers to under ``$defs``, rewrite the references, and drop the
OpenAPI-only keywords (``xml``, ``x-*``) that a plain JSON Schema tool has no use for.
"""

from __future__ import annotations

from typing import Any

from ._contract import COMPONENT_PREFIX, Contract
from ._lexical import integer_bounds
from ._shape import object_node

__all__ = ["json_schema", "standalone"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
OPENAPI_ONLY = frozenset({"xml", "discriminator", "externalDocs", "example"})
# Formats of OpenAPI's registry that no JSON Schema tool knows: Ajv's strict mode refuses to
# compile a schema naming one. The OpenAPI document keeps them for client generators.
OPENAPI_ONLY_FORMATS = frozenset({"decimal"})


def json_schema(contract: Contract, name: str, *, strict: bool = False) -> dict[str, Any]:
    """The JSON Schema of component ``name``, with its dependencies under ``$defs``.

    The component is compiled first, so a construct the codecs refuse (an XML attribute, an
    inline object, a float) is a ``ContractError`` here too, never a schema."""
    object_node(contract, name)
    # The profile's file accepts what the profile warns of (``x-tolerated-pattern``); the
    # strict one, only what has no warning.
    document = standalone(contract, contract.component(name), title=name, tolerant=not strict)
    if strict:
        defined = [(schema, key) for key, schema in document.get("$defs", {}).items()]
        for schema, source in [(document, name), *defined]:
            expected = contract.component(source).get("x-expected", [])
            if expected:
                schema["required"] = sorted({*schema.get("required", []), *expected})
    return document


def standalone(
    contract: Contract, node: dict[str, Any], *, title: str, tolerant: bool = False
) -> dict[str, Any]:
    """Any schema of the spec (a component, a parameter's schema) as a self-contained document."""
    pending: list[str] = []
    document: dict[str, Any] = {"$schema": DIALECT, "title": title}
    document.update(_convert(node, pending, tolerant))
    definitions: dict[str, Any] = {}
    while pending:
        current = pending.pop(0)
        if current not in definitions:
            definitions[current] = _convert(contract.component(current), pending, tolerant)
    if definitions:
        document["$defs"] = definitions
    return document


def _convert(node: Any, pending: list[str], tolerant: bool) -> Any:
    if isinstance(node, list):
        return [_convert(item, pending, tolerant) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    # ``format`` only annotates in JSON Schema 2020-12; the XSD's xs:int and xs:long do bound
    # the value, so the generator states the bounds, and both schemas accept the same numbers.
    bounds = integer_bounds(node.get("format")) if node.get("type") == "integer" else None
    if bounds is not None:
        result["minimum"], result["maximum"] = node.get("minimum", bounds[0]), bounds[1]
        if "maximum" in node:
            result["maximum"] = node["maximum"]
    for key, value in node.items():
        if key in OPENAPI_ONLY or key.startswith("x-"):
            continue
        if key == "format" and value in OPENAPI_ONLY_FORMATS:
            continue
        if key == "$ref":
            target = value[len(COMPONENT_PREFIX) :]
            pending.append(target)
            result[key] = f"#/$defs/{target}"
        elif key in ("properties", "$defs", "patternProperties"):
            result[key] = {prop: _convert(sub, pending, tolerant) for prop, sub in value.items()}
        elif key == "pattern" and tolerant and "x-tolerated-pattern" in node:
            result[key] = node["x-tolerated-pattern"]
        else:
            result[key] = _convert(value, pending, tolerant)
    return result
