"""Check a request line (method, path, query string) against the operations and parameters.

Query values are deserialized the way the spec says they are serialized (``style: form`` with
``explode: false`` means ``bulkId=a,b``), then validated with the parameter's JSON Schema. Every
error's path starts with ``"method"``, ``"path"`` or ``("query", name)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from ._contract import Contract, Operation, Parameter, contract_for
from ._errors import UsageError, ValidationError
from ._jsonschema_gen import standalone
from ._limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    import jsonschema

__all__ = ["is_http11_request_line", "iter_request_errors"]

REQUEST_LINE = re.compile(
    r"^(?:(?P<method>[A-Z]+) )?(?P<target>\S+)(?: (?P<version>HTTP/\d\.\d))?\Z"
)
# \Z, not $: Python's $ also matches before a final newline, so limit=2%0A would pass.
INTEGER = re.compile(r"^-?[0-9]+\Z")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?\Z")
PLUS_HINT = " (a '+' in a query string means a space: write it as %2B)"
# Web servers answer a longer request line with 414 (nginx and Apache read 8 KiB by default):
# past this the line is refused unread, so a hostile one costs its length, not a parse.
MAX_REQUEST_LINE = 16_384
MAX_INTEGER_DIGITS = 19  # no integer parameter is wider than int64


HTTP11_REQUEST_LINE = re.compile(r"^[A-Z]+ \S+ HTTP/1\.1\Z")


def is_http11_request_line(line: str) -> bool:
    """Whether ``line`` is ``method SP request-target SP HTTP/1.1`` (RFC 9112, section 3)."""
    return HTTP11_REQUEST_LINE.match(line) is not None


def iter_request_errors(
    request: str, *, profile: str | None = None, contract: Contract | None = None
) -> Iterator[ValidationError]:
    """Every problem of a request line such as ``GET /omni/1/logs?limit=5000 HTTP/1.1``.

    Only the first line is read, so a whole printed request (with headers) may be given. The
    method defaults to GET; the target may be a path or an absolute URL. ``profile`` is
    ``"live"`` (the default) or ``"documented"``, as for payloads.
    """
    contract = contract_for(contract, profile)
    line = request.lstrip().partition("\n")[0].strip()
    if len(line) > MAX_REQUEST_LINE:
        yield ValidationError(
            f"the request line has {len(line)} characters; at most {MAX_REQUEST_LINE} are "
            "read (a server answers a longer one with 414 URI Too Long)"
        )
        return
    budget = DEFAULT_LIMITS.max_problems
    for found, error in enumerate(_line_errors(contract, line)):
        if found == budget:
            yield ValidationError(
                f"more than {budget} problems; the rest of the request was not checked "
                "(Limits.max_problems)"
            )
            return
        yield error


def _line_errors(contract: Contract, line: str) -> Iterator[ValidationError]:
    match = REQUEST_LINE.match(line)
    if match is None:
        yield ValidationError(
            f"expected a request line 'METHOD /path?query HTTP/1.1', got {_short(line)}"
        )
        return
    target = urlsplit(match.group("target"))
    try:
        operation = contract.operation(target.path)
    except UsageError:
        known = ", ".join(op.path for op in contract.operations)
        yield ValidationError(
            f"unknown path {target.path!r}; expected one of {known}", path=("path",)
        )
        return
    method = (match.group("method") or "GET").lower()
    if method != operation.method:
        yield ValidationError(
            f"method {method.upper()} is not defined for {operation.path}; "
            f"expected {operation.method.upper()}",
            path=("method",),
        )
    yield from _query_errors(contract, operation, target.query)


def _query_errors(
    contract: Contract, operation: Operation, query: str
) -> Iterator[ValidationError]:
    grouped: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        grouped.setdefault(name, []).append(value)
    raw_values: dict[str, str] = {}
    for pair in query.split("&"):
        raw_name, _, raw_value = pair.partition("=")
        raw_values[raw_name] = raw_value
    for name, values in grouped.items():
        parameter = operation.parameters.get(name)
        where = ("query", name)
        if parameter is None:
            yield ValidationError(
                f"unknown query parameter{_did_you_mean(name, operation)}", path=where
            )
            continue
        schema = contract.resolve(parameter.schema)
        try:
            value = _deserialize(parameter, schema, values)
        except ValueError as problem:
            yield ValidationError(str(problem), path=where)
            continue
        hint = PLUS_HINT if "+" in raw_values.get(name, "") else ""
        for error in _validator(contract, operation.operationId, name).iter_errors(value):
            message = _readable(error)
            yield ValidationError(message + hint, path=(*where, *error.path))
    for name, parameter in operation.parameters.items():
        if parameter.required and name not in grouped:
            yield ValidationError("required query parameter is missing", path=("query", name))


def _deserialize(parameter: Parameter, schema: dict[str, Any], values: list[str]) -> Any:
    is_array = schema.get("type") == "array"
    repeated = is_array and (parameter.explode or parameter.accept_explode)
    if len(values) > 1 and not repeated:
        joiner = "separated by commas in one parameter" if is_array else "only once"
        raise ValueError(f"given {len(values)} times; expected {joiner}")
    if not is_array:
        return _scalar(schema, values[0])
    # One value of a comma-separated parameter holds every item; repeated, each holds one.
    items = values if parameter.explode or len(values) > 1 else values[0].split(",")
    return [_scalar(schema.get("items", {}), item) for item in items]


def _scalar(schema: dict[str, Any], raw: str) -> Any:
    kind = schema.get("type")
    if kind == "integer":
        if not INTEGER.match(raw):
            raise ValueError(f"expected an integer, got {_short(raw)}")
        if len(raw.lstrip("-")) > MAX_INTEGER_DIGITS:
            raise ValueError(f"expected an integer of at most 64 bits, got {len(raw)} digits")
        return int(raw)
    if kind == "number":
        if not NUMBER.match(raw):
            raise ValueError(f"expected a number, got {_short(raw)}")
        return float(raw) if "." in raw else int(raw)
    if kind == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(f"expected true or false, got {_short(raw)}")
        return raw == "true"
    return raw


@cache
def _validator(contract: Contract, operation_id: str, name: str) -> jsonschema.Draft202012Validator:
    parameter = contract.operation(operation_id).parameters[name]
    document = standalone(contract, parameter.schema, title=name)
    import jsonschema  # only a request check needs it; it costs a CLI call 0.1 s to import

    return jsonschema.Draft202012Validator(document)


def _readable(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, but a pattern is shown by an example of what it accepts."""
    examples = error.schema.get("examples") or [] if isinstance(error.schema, dict) else []
    if error.validator == "pattern" and examples:
        return f"{_short(str(error.instance))} does not have the form of {examples[0]!r}"
    return str(error.message)


def _did_you_mean(name: str, operation: Operation) -> str:
    for known in operation.parameters:
        if known.lower() == name.lower():
            return f"; did you mean {known!r}?"
    return f"; expected one of {', '.join(operation.parameters)}"


def _short(value: str, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
