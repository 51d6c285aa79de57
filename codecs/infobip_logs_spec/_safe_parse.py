"""Parsing untrusted bytes: bounded, and never touching a file or the network.

XML: the document's encoding is settled here, not by libxml2: UTF-8 (or ASCII), or UTF-16/32
announced by a byte order mark, which are decoded here and handed on as UTF-8 to a parser
forced to read UTF-8. So no declared encoding (UTF-7, ISO-2022-JP, ...) can hide a document
type declaration from the check below, which refuses any, before libxml2 sees the bytes:
libxml2 reads external parameter entities while it parses an internal subset, whatever its
options say. Entity resolution, DTD loading and network access are off all the same, and a
resolver answers every URL with nothing, so no file can be opened in any case.

JSON: UTF-8 only, non-JSON constants and lone surrogates rejected, numbers read exactly
(``Decimal``) after a bound on their spelling and on their value (the digits of the fixed-point
form, so ``1e999999`` is refused before anything expands it); of duplicate keys the last
counts, as in JSON Schema validators, Python's json and JavaScript, so the validators' fast
path and the decoder read the same object. Both: a bound on size.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import io
import json
import os
import re
import stat
import threading
import warnings
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from ._errors import DecodeError, LenientWarning
from ._lenient import repair_json
from ._lexical import fixed_point_digits
from ._limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "check_number_text",
    "check_value_count",
    "lone_surrogate_path",
    "parse_blankless",
    "parse_json",
    "parse_xml",
    "parse_xml_bytes",
    "read_file",
    "xml_bytes",
]


def _check_size(data: bytes | str, limits: Limits) -> bytes:
    if isinstance(data, str):
        if len(data) > limits.max_bytes:  # each character is at least one byte
            raise DecodeError(f"document of over {limits.max_bytes} bytes is over the limit")
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as error:
            raise DecodeError(
                f"text holds a lone surrogate {data[error.start]!r} at offset {error.start}"
            ) from None
    else:
        raw = bytes(data)
    if len(raw) > limits.max_bytes:
        raise DecodeError(f"document of {len(raw)} bytes is over the limit of {limits.max_bytes}")
    return raw


def read_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a regular file, reading at most ``max_bytes + 1`` of them.

    FIFOs, devices, sockets and directories are refused without being read: opening is
    non-blocking, so a FIFO with no writer cannot hang the caller, and ``/dev/zero`` is never
    read whole. Raises ``OSError`` (with the path) for what cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
            raise OSError(errno.EINVAL, kind, os.fsdecode(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limits.max_bytes:
            chunk = os.read(descriptor, min(1 << 20, limits.max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(descriptor)
    if size > limits.max_bytes:
        raise DecodeError(f"file of over {limits.max_bytes} bytes is over the limit")
    return b"".join(chunks)


# --------------------------------------------------------------------------- numbers


def check_number_text(text: str, limits: Limits) -> None:
    """Raise ``DecodeError`` when a number's spelling has over ``max_number_length`` digits
    (digits, not characters: a sign or a point does not count, as in fixed-point digits, so
    what is read can be written back and read again)."""
    if len(text) > limits.max_number_length:
        digits = len(text) - sum(text.count(mark) for mark in "+-.eE")
        if digits > limits.max_number_length:
            raise DecodeError(
                f"a number of {digits} digits is over the limit of {limits.max_number_length}"
            )


# Every byte but those check_value_count counts, deleted to count them.
_NOT_OPENERS = bytes(byte for byte in range(256) if byte not in b",[{")


def check_value_count(raw: bytes, limits: Limits) -> None:
    """Raise ``DecodeError`` when a JSON text may hold more values than ``max_values``: each
    value but the first follows a comma or opens an array or object, so their count bounds it
    (commas in strings count too, which errs on the safe side). Each value but the last takes
    two bytes at least, so a text of up to twice ``max_values`` bytes is not counted."""
    if len(raw) > 2 * limits.max_values and (
        len(raw.translate(None, _NOT_OPENERS)) > limits.max_values  # one pass, not three counts
    ):
        raise DecodeError(
            f"more than {limits.max_values} values, over the limit (Limits.max_values)"
        )


def _bounded_decimal(text: str, limits: Limits) -> Decimal:
    check_number_text(text, limits)
    try:
        number = Decimal(text)
    except InvalidOperation:  # an exponent past what any decimal context holds
        raise DecodeError(
            f"the number {text} has an exponent too large to read, over the limit of "
            f"{limits.max_number_length} digits"
        ) from None
    digits = fixed_point_digits(number)
    if digits > limits.max_number_length:
        raise DecodeError(
            f"the number {text} has {digits} digits in fixed point, over the limit of "
            f"{limits.max_number_length}"
        )
    return number


def _bounded_int(text: str, limits: Limits) -> int:
    check_number_text(text, limits)
    return int(text)


# --------------------------------------------------------------------------- JSON


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _loads(text: str, limits: Limits) -> Any:
    return json.loads(
        text,
        parse_int=lambda spelled: _bounded_int(spelled, limits),
        parse_float=lambda spelled: _bounded_decimal(spelled, limits),
        parse_constant=_reject_constant,
    )


# A \uD800-\uDFFF escape: the only way a JSON text that is valid UTF-8 can carry a surrogate.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate_path(value: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """The path of a string holding an unpaired surrogate, if any."""
    if isinstance(value, str):
        return path if SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = lone_surrogate_path(key, (*path, key)) or lone_surrogate_path(
                item, (*path, key)
            )
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate_path(item, (*path, index))
            if found is not None:
                return found
    return None


def _check_surrogates(text: str, document: Any) -> None:
    # A valid pair decodes to one character; only a lone half is left as a surrogate.
    if SURROGATE_ESCAPE.search(text) is None:
        return
    found = lone_surrogate_path(document, ())
    if found is not None:
        raise DecodeError(
            "a string holds an unpaired surrogate escape, which is not text in any encoding",
            path=found,
        )


# One pass marks what the bounds of fast_json_allowed look for: digits as "1", what may open a
# value (as check_value_count counts them) as ",", anything else as "0".
MARKS = bytes(
    0x31 if 0x30 <= byte <= 0x39 else 0x2C if byte in b",[{" else 0x30 for byte in range(256)
)


def fast_json_allowed(body: bytes, limits: Limits, *, digits: bool = True) -> bool:
    """Whether a fast parser may read ``body``: within every bound the exact reading checks.
    Otherwise the exact reading must, to say why. A reader that bounds every number itself
    passes ``digits=False``: no look for long ones. No look for a lone surrogate escape either:
    msgspec, the fast parser of every fast path, refuses one as malformed (a test keeps it so),
    and the look cost half a parse (``b"\\u" in body`` is slow on a page of text)."""
    if len(body) > limits.max_bytes:
        return False
    # Every value but the last takes two bytes at least (itself, and a comma or a bracket), so
    # a document of up to twice max_values bytes needs no count.
    counted = len(body) > 2 * limits.max_values
    if not digits:  # counted as the exact reading counts, with no copy of the document
        try:
            check_value_count(body, limits)
        except DecodeError:
            return False
        return True
    marked = body.translate(MARKS)
    if counted and marked.count(b",") > limits.max_values:
        return False
    # An integer of max_number_length digits (or a string holding one): the walk bounds it.
    return not (digits and b"1" * limits.max_number_length in marked)


class _CollectorPause:
    """Who holds the cyclic collector off, and whether it ran before the first of them: the
    last one out restores that. Without the count, a thread that looked while another held it
    off would take "off" for the state to restore, and leave it off for good."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False

    def enter(self) -> None:
        with self.lock:
            if self.holders == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.holders += 1

    def leave(self) -> None:
        with self.lock:
            self.holders -= 1
            if self.holders == 0 and self.was_enabled:
                gc.enable()


_PAUSE = _CollectorPause()


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """A parse makes tens of thousands of containers, none in a cycle; the collector would
    otherwise run many times during it and walk every live object each time (it doubled the
    cost of a 1000-record page). Decoders in several threads hold it off together, and the
    last one out turns it back on if it was on before the first came in."""
    _PAUSE.enter()
    try:
        yield
    finally:
        _PAUSE.leave()


def parse_json(data: bytes | str, limits: Limits = DEFAULT_LIMITS, *, lenient: bool = False) -> Any:
    """The parsed document. With ``lenient``, the repairs of ``_lenient`` are tried once (on
    documents up to ``max_lenient_bytes``) and each one is reported as a ``LenientWarning``."""
    raw = _check_size(data, limits)
    check_value_count(raw, limits)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DecodeError(f"not UTF-8: byte {error.start} cannot be decoded") from None
    try:
        document = _loads(text, limits)
    except json.JSONDecodeError as error:
        if not lenient:
            raise DecodeError(f"not JSON: {error.msg}", line=error.lineno) from None
        first = error
    except DecodeError:
        raise
    except RecursionError:
        raise DecodeError("nested deeper than the JSON parser allows") from None
    except ValueError as error:
        raise DecodeError(f"not JSON: {error}") from None
    else:
        _check_surrogates(text, document)
        return document
    if len(raw) > limits.max_lenient_bytes:
        raise DecodeError(
            f"not JSON: {first.msg} (no repair is tried on documents over "
            f"{limits.max_lenient_bytes} bytes)",
            line=first.lineno,
        )
    repaired, edits = repair_json(text, limits.max_problems)
    if len(edits) > limits.max_problems:
        edits = []  # a document this broken is not one of the vendor's misprinted examples
    try:
        document = _loads(repaired, limits) if edits else None
    except DecodeError:
        raise
    except (ValueError, RecursionError):
        document = None
    if document is None:
        raise DecodeError(f"not JSON: {first.msg}", line=first.lineno)
    _check_surrogates(repaired, document)
    for edit in edits:
        warnings.warn(LenientWarning(edit.message, line=edit.line), stacklevel=3)
    return document


# --------------------------------------------------------------------------- XML

_local = threading.local()


class _NothingResolver(etree.Resolver):
    """Answers every URL libxml2 asks for with an empty document: nothing is ever opened."""

    # lxml-stubs lag lxml here: lxml passes a context, and base_url has a default.
    def resolve(self, system_url: str, public_id: str, context: Any) -> Any:  # type: ignore[override]
        return self.resolve_string("", context)  # type: ignore[call-arg]


# What every parse of a document here is told: the encoding (whatever the document declares,
# xml_bytes settled it), and nothing to load, resolve or keep beyond the elements and text.
SAFE_OPTIONS: dict[str, Any] = {
    "encoding": "utf-8",
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def iterparse_ends(raw: bytes, tags: tuple[str, ...]) -> etree.iterparse:
    """The end events of the elements named ``tags`` in what ``xml_bytes`` gave, parsed with
    the same options as ``parse_xml_bytes`` (its ``root`` is the document's once read)."""
    return etree.iterparse(io.BytesIO(raw), events=("end",), tag=tags, **SAFE_OPTIONS)


def _xml_parser(*, blankless: bool = False) -> etree.XMLParser:
    # lxml parsers keep per-document state: one per thread (and kind).
    name = "blankless" if blankless else "parser"
    parser: etree.XMLParser | None = getattr(_local, name, None)
    if parser is None:
        parser = etree.XMLParser(
            dtd_validation=False, collect_ids=False, remove_blank_text=blankless, **SAFE_OPTIONS
        )
        parser.resolvers.add(_NothingResolver())
        setattr(_local, name, parser)
    return parser


def parse_blankless(raw: bytes) -> etree._Element | None:
    """The tree of what ``xml_bytes`` gave without the blank text between elements (a third
    fewer nodes in an indented page, and tails to read), or ``None`` where dropping it could
    change a value, or the document is not well-formed (``parse_xml_bytes`` then says why).

    libxml2 keeps a value that is only blanks (``<text> </text>``), but drops blanks next to a
    comment, a CDATA section or a processing instruction inside a value, which the other
    parser keeps: a document with a "!" or a "?" past its declaration is never read so."""
    start = raw.find(b"?>") + 2 if raw.lstrip(b"\xef\xbb\xbf")[:5] == b"<?xml" else 0
    if raw.find(b"!") >= 0 or raw.find(b"?", start) >= 0:
        return None
    try:
        root: etree._Element | None = etree.fromstring(raw, _xml_parser(blankless=True))
    except etree.XMLSyntaxError:
        return None
    return root


DOCTYPE = re.compile(rb"<!doctype", re.IGNORECASE)
BLANKS = re.compile(rb"[ \t\r\n\f\v]*")  # what bytes.lstrip() would have skipped
DECLARED_ENCODING = re.compile(
    rb"<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*[\"']([^\"']*)[\"']"
)
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What a declaration may name, by the family of the encoding actually found.
DECLARABLE = {
    "utf-8-sig": {"utf-8", "utf8"},
    "utf-8": {"utf-8", "utf8", "us-ascii", "ascii"},
    "utf-16": {"utf-16", "utf-16le", "utf-16be"},
    "utf-32": {"utf-32", "utf-32le", "utf-32be"},
}


def _utf8_bytes(raw: bytes) -> bytes:
    """The document as UTF-8, or a ``DecodeError`` for any encoding the API does not use."""
    found = next((name for bom, name in BYTE_ORDER_MARKS if raw.startswith(bom)), "utf-8")
    try:
        text = raw.decode(found)  # consumes the one byte order mark there may be
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not {found.upper()[:6]}: byte {error.start} cannot be decoded"
        ) from None
    if text.startswith("\ufeff"):
        raise DecodeError("not well-formed XML: a second byte order mark", line=1)
    declared = DECLARED_ENCODING.match(text[:200].encode("utf-8", "replace"))
    if declared is not None:
        name = declared.group(1).decode("ascii", "replace")
        if name.lower() not in DECLARABLE[found]:
            raise DecodeError(
                f"encoding {name!r} is not accepted: only UTF-8 (or ASCII), and UTF-16 or "
                "UTF-32 with a byte order mark",
                line=1,
            )
        if name.lower() in ("us-ascii", "ascii") and not text.isascii():
            raise DecodeError(f"declared {name!r} but holds other characters", line=1)
    if found == "utf-8":
        return raw
    return text.encode("utf-8")


PROLOG_MARKUP = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def _doctype_line(raw: bytes) -> int | None:
    """The line of a document type declaration in the prolog, if there is one. Only the prolog
    can hold one: the same text in a comment or a CDATA section of the content is text."""
    position = 3 if raw.startswith(codecs.BOM_UTF8) else 0
    while True:
        markup = PROLOG_MARKUP.match(raw, position)
        if markup is None:
            break
        position = markup.end()
    start = BLANKS.match(raw, position).end()  # type: ignore[union-attr]
    if DOCTYPE.match(raw, start):
        return raw.count(b"\n", 0, start) + 1
    return None


def xml_bytes(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The document as UTF-8 bytes, refused when over a bound, in an encoding the API does not
    use, or declaring a document type."""
    raw = _utf8_bytes(_check_size(data, limits))
    line = _doctype_line(raw)
    if line is not None:
        raise DecodeError(
            "document type declarations are not allowed: they can define entities or load files",
            line=line,
        )
    # Every element costs libxml2 about 150 bytes of tree: bound their number before parsing
    # (start tags: every "<" but those of end tags, declarations, comments, CDATA and PIs).
    # A page holds fewer "<" than the bound: the end tags and the rest are counted only past it.
    tags = raw.count(b"<")
    if tags > limits.max_elements:
        tags -= raw.count(b"</") + raw.count(b"<!") + raw.count(b"<?")
    if tags > limits.max_elements:
        raise DecodeError(
            f"more than {limits.max_elements} elements, over the limit (Limits.max_elements)"
        )
    return raw


def parse_xml_bytes(raw: bytes) -> etree._Element:
    """The root element of what ``xml_bytes`` gave."""
    try:
        root = etree.fromstring(raw, _xml_parser())
    except etree.XMLSyntaxError as error:
        message = " ".join((error.msg or "not well-formed").split())
        raise DecodeError(f"not well-formed XML: {message}", line=error.lineno) from None
    if root is None:
        raise DecodeError("not well-formed XML: no root element")
    return root


def parse_xml(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """The root element of a well-formed document that declares no document type."""
    return parse_xml_bytes(xml_bytes(data, limits))
