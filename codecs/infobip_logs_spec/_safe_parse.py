"""Parsing untrusted bytes: bounded, and never touching a file or the network.

XML: no document type declaration at all, refused before parsing (so no entity can be defined,
expanded or fetched), entity resolution, DTD loading and network access off all the same, no
XInclude (never called), and libxml2's own depth bound. JSON: UTF-8 only, non-JSON constants
rejected, numbers read exactly (``Decimal``) after a bound on their length; of duplicate keys
the last counts, as in JSON Schema validators, orjson, Python's json and JavaScript, so the
validators' fast path and the decoder read the same object. Both: a bound on size.
"""

from __future__ import annotations

import json
import re
import threading
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from ._errors import DecodeError, LenientWarning
from ._lenient import repair_json

__all__ = ["Limits", "parse_json", "parse_xml"]


@dataclass(frozen=True)
class Limits:
    """Bounds on untrusted input. The defaults admit a 1000-record page many times over."""

    max_bytes: int = 64 * 1024 * 1024
    max_number_length: int = 100


DEFAULT_LIMITS = Limits()


def _check_size(data: bytes | str, limits: Limits) -> bytes:
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > limits.max_bytes:
        raise DecodeError(f"document of {len(raw)} bytes is over the limit of {limits.max_bytes}")
    return raw


# --------------------------------------------------------------------------- JSON


class _NumberTooLongError(ValueError):
    pass


def _number_hook(limits: Limits, convert: type[int] | type[Decimal]) -> Any:
    def hook(text: str) -> Any:
        if len(text) > limits.max_number_length:
            raise _NumberTooLongError(
                f"a number of {len(text)} characters is over the limit of "
                f"{limits.max_number_length}"
            )
        return convert(text)

    return hook


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _loads(text: str, limits: Limits) -> Any:
    return json.loads(
        text,
        parse_int=_number_hook(limits, int),
        parse_float=_number_hook(limits, Decimal),
        parse_constant=_reject_constant,
    )


def parse_json(data: bytes | str, limits: Limits = DEFAULT_LIMITS, *, lenient: bool = False) -> Any:
    """The parsed document. With ``lenient``, the repairs of ``_lenient`` are tried once and
    each one is reported as a ``LenientWarning``."""
    raw = _check_size(data, limits)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DecodeError(f"not UTF-8: byte {error.start} cannot be decoded") from None
    try:
        return _loads(text, limits)
    except json.JSONDecodeError as error:
        if not lenient:
            raise DecodeError(f"not JSON: {error.msg}", line=error.lineno) from None
        first = error
    except _NumberTooLongError as error:
        raise DecodeError(str(error)) from None
    except RecursionError:
        raise DecodeError("nested deeper than the JSON parser allows") from None
    except ValueError as error:
        raise DecodeError(f"not JSON: {error}") from None
    repaired, edits = repair_json(text)
    try:
        document = _loads(repaired, limits) if edits else None
    except (ValueError, RecursionError):
        document = None
    if document is None:
        raise DecodeError(f"not JSON: {first.msg}", line=first.lineno)
    for edit in edits:
        warnings.warn(LenientWarning(edit.message, line=edit.line), stacklevel=3)
    return document


# --------------------------------------------------------------------------- XML

_local = threading.local()


def _xml_parser() -> etree.XMLParser:
    # lxml parsers keep per-document state: one per thread.
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


# libxml2 reads an external parameter entity (<!ENTITY % p SYSTEM "file:..."> %p;) while it
# parses the internal subset, whatever the parser options say; so a document type declaration
# is refused before libxml2 sees the document. Only ASCII-compatible encodings are accepted,
# so that this byte search cannot be dodged by re-encoding.
DOCTYPE = re.compile(rb"<!doctype", re.IGNORECASE)
WIDE_ENCODING = re.compile(rb"^(\xef\xbb\xbf)?(\xff\xfe|\xfe\xff|\x00|.\x00)", re.DOTALL)


def parse_xml(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """The root element of a well-formed document that declares no document type."""
    raw = _check_size(data, limits)
    if WIDE_ENCODING.match(raw):
        raise DecodeError("only UTF-8 or another ASCII-compatible encoding is accepted", line=1)
    doctype = DOCTYPE.search(raw)
    if doctype is not None:
        raise DecodeError(
            "document type declarations are not allowed: they can define entities or load files",
            line=raw.count(b"\n", 0, doctype.start()) + 1,
        )
    try:
        root = etree.fromstring(raw, _xml_parser())
    except etree.XMLSyntaxError as error:
        message = error.msg or "not well-formed"
        raise DecodeError(f"not well-formed XML: {message}", line=error.lineno) from None
    if root is None:
        raise DecodeError("not well-formed XML: no root element")
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise DecodeError(
            "document type declarations are not allowed: they can define entities or load files",
            line=1,
        )
    return root
