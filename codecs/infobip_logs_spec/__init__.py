"""infobip-logs-spec: the contract of Infobip's message-log and delivery-report endpoints.

Read and write any answer of the five endpoints in JSON or XML through one typed model::

    from infobip_logs_spec import decode_xml, encode_json

    logs = decode_xml(body, endpoint="/tts/3/logs")
    logs.results[0].price.pricePerSecond   # Decimal('0.0100'), named as in JSON
    encode_json(logs)                      # the same value in the JSON form

Validate what you received or produced (bytes, text, a path, or a ``requests``/``httpx``
response)::

    from infobip_logs_spec import validate
    validate(response, endpoint="/omni/1/logs")   # raises one ValidationError listing all

``models`` holds the typed classes; ``strategies`` holds hypothesis strategies for property
tests of code that consumes these payloads.
"""

from __future__ import annotations

from . import models  # noqa: F401  (its typed classes register with the model on import)
from ._codec import decode_json, decode_xml, encode_json, encode_xml
from ._errors import (
    ContractError,
    ContractWarning,
    DecodeError,
    EncodeError,
    LenientWarning,
    SchemaError,
    Severity,
    SpecError,
    UsageError,
    ValidationError,
)
from ._model import Record
from ._request import iter_request_errors
from ._safe_parse import Limits
from ._validate import is_valid, iter_errors, validate, validate_request


def __getattr__(name: str) -> str:
    # importlib.metadata costs a command-line call tens of milliseconds: read it when asked.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("infobip-logs-spec")
    except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
        return "0+unknown"


__all__ = [
    "ContractError",
    "ContractWarning",
    "DecodeError",
    "EncodeError",
    "LenientWarning",
    "Limits",
    "Record",
    "SchemaError",
    "Severity",
    "SpecError",
    "UsageError",
    "ValidationError",
    "decode_json",
    "decode_xml",
    "encode_json",
    "encode_xml",
    "is_valid",
    "iter_errors",
    "iter_request_errors",
    "validate",
    "validate_request",
]
