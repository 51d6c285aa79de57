"""infobip-logs-spec: the contract of Infobip's message-log and delivery-report endpoints."""

from __future__ import annotations

from ._errors import (
    ContractError,
    DecodeError,
    EncodeError,
    SchemaError,
    SpecError,
    ValidationError,
)

__all__ = [
    "ContractError",
    "DecodeError",
    "EncodeError",
    "SchemaError",
    "SpecError",
    "ValidationError",
]
