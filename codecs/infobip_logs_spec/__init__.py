"""infobip-logs-spec: the contract of Infobip's message-log and delivery-report endpoints.

Read and write any answer of the five endpoints in JSON or XML through one typed model::

    from infobip_logs_spec import decode_xml, encode_json

    logs = decode_xml(body, endpoint="/tts/3/logs")
    logs.results[0].price.pricePerSecond   # Decimal('0.0100'), named as in JSON
    encode_json(logs)                      # the same value in the JSON form

``models`` holds the typed classes; ``strategies`` holds hypothesis strategies for property
tests of code that consumes these payloads.
"""

from __future__ import annotations

from ._codec import decode_json, decode_xml, encode_json, encode_xml
from ._errors import (
    ContractError,
    DecodeError,
    EncodeError,
    LenientWarning,
    SchemaError,
    SpecError,
    ValidationError,
)
from ._model import Record
from ._safe_parse import Limits

__all__ = [
    "ContractError",
    "DecodeError",
    "EncodeError",
    "LenientWarning",
    "Limits",
    "Record",
    "SchemaError",
    "SpecError",
    "ValidationError",
    "decode_json",
    "decode_xml",
    "encode_json",
    "encode_xml",
]
