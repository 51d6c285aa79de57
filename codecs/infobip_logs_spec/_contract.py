"""The model of the contract: operations, responses and payload schemas, read from the spec.

Everything downstream (generators, validators, codecs) asks this module what the spec says
rather than walking the YAML itself, so the spec's layout is known in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson

from ._errors import ContractError, UsageError
from ._resources import read_bytes

__all__ = [
    "COMPILED",
    "DEFAULT_PROFILE",
    "PROFILES",
    "SCHEMA_FOLDERS",
    "Contract",
    "Operation",
    "Parameter",
    "PayloadSchema",
    "load_contract",
]

Schema = dict[str, Any]
JSON = "application/json"
XML = "application/xml"
COMPONENT_PREFIX = "#/components/schemas/"
# Each profile's OpenAPI document inside the package: the documented contract, and the live one
# that tools/apply_overlay.py makes of it and spec/overlays/live.yaml.
PROFILES: Mapping[str, tuple[str, ...]] = {
    "live": ("spec", "generated", "openapi.live.yaml"),
    "documented": ("spec", "openapi.yaml"),
}
# The same documents as compact JSON (tools/compile_spec.py), which is what the package loads:
# orjson reads one in under a millisecond, libyaml the YAML in tens.
COMPILED: Mapping[str, tuple[str, ...]] = {
    "live": ("spec", "generated", "openapi.live.json"),
    "documented": ("spec", "generated", "openapi.documented.json"),
}
DEFAULT_PROFILE = "live"
# Each packaged profile's generated schema files, under schemas/ (documented at the top).
SCHEMA_FOLDERS: Mapping[str, tuple[str, ...]] = {"documented": (), "live": ("live",)}


@dataclass(frozen=True)
class PayloadSchema:
    """One schema a response body may follow in one media type."""

    name: str  # the component's name in components/schemas
    xml_root: str  # the root element name in XML (xml.name, else the component name)


@dataclass(frozen=True)
class XmlNaming:
    """What a schema's OpenAPI ``xml`` object and ``x-xml-aliases`` say: read here only."""

    name: str | None = None
    wrapped: bool = False
    attribute: bool = False
    namespace: str | None = None
    prefix: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parameter:
    """One query parameter of an operation, with how its value is serialized."""

    name: str
    required: bool
    style: str
    explode: bool
    schema: Schema
    # ``x-accept-explode``: readers also take the repeated form of a comma-separated array.
    accept_explode: bool = False


@dataclass(frozen=True)
class Operation:
    """One endpoint, with the payload schemas of each status and media type."""

    operationId: str
    path: str
    method: str
    summary: str
    parameters: Mapping[str, Parameter]
    responses: Mapping[str, Mapping[str, tuple[PayloadSchema, ...]]]

    def response_key(self, status: str | int) -> str | None:
        """Which response answers ``status``: the status itself, else its range (``4XX``), as
        OpenAPI reads them; ``None`` when the operation lists neither."""
        status = str(status)
        for key in (status, f"{status[:1]}XX", f"{status[:1]}xx"):
            if key in self.responses:
                return key
        return None

    def payloads(self, status: str | int, media_type: str) -> tuple[PayloadSchema, ...]:
        key = self.response_key(status)
        try:
            return self.responses[key][media_type]  # type: ignore[index]
        except KeyError:
            raise UsageError(
                f"{self.operationId} has no {media_type} answer for status {status}"
            ) from None


class Contract:
    """Read-only view of an OpenAPI document restricted to what this package supports."""

    def __init__(self, document: Schema, profile: str | None = None) -> None:
        self.document = document
        # The packaged profile this is (its schema files ship with the package), or None for a
        # document a caller gave, whose schemas are generated when first needed.
        self.profile = profile
        self.components: Mapping[str, Schema] = document.get("components", {}).get("schemas", {})
        self.operations: tuple[Operation, ...] = tuple(self._read_operations())
        self._by_key = {op.operationId: op for op in self.operations}
        self._by_key.update({op.path: op for op in self.operations})

    @property
    def source(self) -> str:
        """Where the document is in the repository, as generated files name it."""
        return "/".join(PROFILES[self.profile]) if self.profile else "a caller's OpenAPI document"

    def operation(self, endpoint: str) -> Operation:
        """The operation named by its path (``/tts/3/logs``) or its ``operationId``."""
        try:
            return self._by_key[endpoint]
        except KeyError:
            known = ", ".join(op.path for op in self.operations)
            raise UsageError(f"unknown endpoint {endpoint!r}; known: {known}") from None

    def component(self, name: str) -> Schema:
        try:
            return self.components[name]
        except KeyError:
            raise ContractError(f"no schema {name!r} in components/schemas") from None

    def ref_name(self, schema: Schema) -> str | None:
        """The component a ``$ref`` schema points at, or ``None`` for an inline schema."""
        ref = schema.get("$ref")
        if ref is None:
            return None
        if not isinstance(ref, str) or not ref.startswith(COMPONENT_PREFIX):
            raise ContractError(f"unsupported $ref {ref!r}: only {COMPONENT_PREFIX}* is supported")
        name = ref[len(COMPONENT_PREFIX) :]
        self.component(name)
        return name

    def resolve(self, schema: Schema) -> Schema:
        """The schema itself, or the component it refers to."""
        name = self.ref_name(schema)
        return schema if name is None else self.component(name)

    def xml_root(self, name: str) -> str:
        return self.xml_naming(self.component(name)).name or name

    @staticmethod
    def xml_naming(schema: Schema) -> XmlNaming:
        """How XML names and wraps the value of ``schema`` (a property or an array's items)."""
        xml = schema.get("xml") or {}
        return XmlNaming(
            name=xml.get("name"),
            wrapped=bool(xml.get("wrapped", False)),
            attribute=bool(xml.get("attribute", False)),
            namespace=xml.get("namespace"),
            prefix=xml.get("prefix"),
            aliases=tuple(schema.get("x-xml-aliases", [])),
        )

    def same_data(self, first: str, second: str) -> bool:
        """Whether two components describe the same data, whatever their XML naming says."""

        def data(name: str) -> Any:
            schema = self.component(name)
            properties = {p: _without_xml(sub) for p, sub in schema.get("properties", {}).items()}
            return {"properties": properties, "required": sorted(schema.get("required", []))}

        return bool(data(first) == data(second))

    def bodies(self) -> Iterator[tuple[Operation, str, str, tuple[PayloadSchema, ...]]]:
        """(operation, status, media type, payloads) for every answer: the one walk of them."""
        for operation in self.operations:
            for status, media in operation.responses.items():
                for media_type, payloads in media.items():
                    yield operation, status, media_type, payloads

    def json_models(self) -> list[str]:
        """Every component that is a whole JSON body somewhere, each once, in spec order."""
        seen: dict[str, None] = {}
        for _, _, media_type, payloads in self.bodies():
            if media_type == JSON:
                seen.update(dict.fromkeys(payload.name for payload in payloads))
        return list(seen)

    def xml_payloads(self, model: str) -> list[PayloadSchema]:
        """The XML shapes of the answers whose JSON body is ``model``, canonical first."""
        found: dict[str, PayloadSchema] = {}
        for operation, status, media_type, payloads in self.bodies():
            if media_type == XML and operation.payloads(status, JSON)[0].name == model:
                found.update((payload.name, payload) for payload in payloads)
        return list(found.values())

    def _read_operations(self) -> Iterator[Operation]:
        for path, item in self.document.get("paths", {}).items():
            for method, operation in item.items():
                if method.startswith("x-") or method == "parameters":
                    continue
                yield Operation(
                    operationId=operation["operationId"],
                    path=path,
                    method=method,
                    summary=operation.get("summary", ""),
                    parameters=self._parameters(operation.get("parameters", [])),
                    responses={
                        str(status): self._media_payloads(self._response(response))
                        for status, response in operation.get("responses", {}).items()
                    },
                )

    def _parameters(self, declared: list[Schema]) -> Mapping[str, Parameter]:
        parameters = {}
        for parameter in declared:
            ref = parameter.get("$ref")
            if ref is not None:
                parameter = self._referenced("parameters", ref)
            if parameter.get("in") != "query":
                raise ContractError(
                    f"parameter {parameter.get('name')!r}: only query parameters are supported"
                )
            style = parameter.get("style", "form")
            parameters[parameter["name"]] = Parameter(
                name=parameter["name"],
                required=bool(parameter.get("required", False)),
                style=style,
                explode=bool(parameter.get("explode", style == "form")),
                schema=parameter["schema"],
                accept_explode=bool(parameter.get("x-accept-explode", False)),
            )
        return parameters

    def _response(self, response: Schema) -> Schema:
        ref = response.get("$ref")
        if ref is None:
            return response
        return dict(self._referenced("responses", ref))

    def _referenced(self, kind: str, ref: Any) -> Schema:
        """The target of a ``#/components/<kind>/...`` reference, or a ``ContractError``."""
        prefix = f"#/components/{kind}/"
        if not isinstance(ref, str) or not ref.startswith(prefix):
            raise ContractError(f"unsupported $ref {ref!r}: only {prefix}* is supported here")
        found = self.document.get("components", {}).get(kind, {}).get(ref[len(prefix) :])
        if not isinstance(found, dict):
            raise ContractError(f"$ref {ref!r} points at nothing")
        return found

    def _media_payloads(self, response: Schema) -> Mapping[str, tuple[PayloadSchema, ...]]:
        result = {}
        for media_type, media in response.get("content", {}).items():
            schema = media["schema"]
            branches = schema.get("anyOf") or schema.get("oneOf") or [schema]
            names = []
            for branch in branches:
                name = self.ref_name(branch)
                if name is None:
                    raise ContractError(
                        f"the {media_type} body schema must be a $ref or a list of $refs"
                    )
                names.append(PayloadSchema(name, self.xml_root(name)))
            result[media_type] = tuple(names)
        return result


def _without_xml(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: _without_xml(value)
            for key, value in node.items()
            if key not in ("xml", "description") and not key.startswith("x-")
        }
    if isinstance(node, list):
        return [_without_xml(value) for value in node]
    return node


def parse_spec(text: bytes | str, profile: str | None = None) -> Contract:
    """A contract from an OpenAPI 3.1 document in YAML or JSON (JSON is YAML too, but orjson
    reads it a hundred times faster)."""
    if text[:1] in (b"{", "{"):
        try:
            return _checked(orjson.loads(text), profile)
        except orjson.JSONDecodeError:
            pass  # YAML's flow style starts with a brace too
    # Imported here: the packaged profiles load as JSON, and a command-line call need not pay
    # for PyYAML. libyaml's loader, where installed, is ten times PyYAML's own.
    import yaml

    try:
        document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise ContractError(f"the spec is not valid YAML: {error}") from None
    return _checked(document, profile)


def _checked(document: Any, profile: str | None) -> Contract:
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3.1"):
        raise ContractError("the spec must be an OpenAPI 3.1 document")
    return Contract(document, profile)


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        known = ", ".join(PROFILES)
        raise UsageError(f"unknown profile {profile!r}; known: {known}")
    return profile


def load_contract(profile: str = DEFAULT_PROFILE) -> Contract:
    """A packaged profile's contract (``live`` or ``documented``), parsed once per process."""
    return _load(check_profile(profile))


@cache
def _load(profile: str) -> Contract:
    # Cached by the profile's name alone, so that every way of asking gives the same object.
    return parse_spec(read_bytes(*COMPILED[profile]), profile)


def contract_for(contract: Contract | None, profile: str | None) -> Contract:
    """The contract an entry point judges against: the caller's own, else the profile's."""
    if contract is not None:
        return contract
    return load_contract(DEFAULT_PROFILE if profile is None else profile)
