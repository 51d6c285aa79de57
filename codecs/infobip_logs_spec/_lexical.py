"""One lexical converter per XSD type: how a value is read from and written to JSON and XML.

Each converter raises ``ValueError`` with a short message; the codecs add the location. Reading
is strict: a JSON ``true`` is not an integer, ``10.0`` is not an ``xs:int``, a date without
milliseconds is not the API's date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

__all__ = [
    "BOOLEAN",
    "DATETIME",
    "DECIMAL",
    "LIVE_DATETIME",
    "STRING",
    "Lexical",
    "api_date_text",
    "canonical_decimal",
    "check_xml_text",
    "fixed_point_digits",
    "integer",
    "integer_bounds",
    "lexical_for",
    "remembered",
    "short",
]

# \Z, not $: Python's $ also matches before a final newline, ECMA-262's and XSD's do not.
XML_INT = re.compile(r"^[+-]?[0-9]+\Z")
XML_DECIMAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z")
API_DATETIME = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})"
    r"([+-])([0-9]{2})([0-9]{2})\Z"
)
LIVE_DATETIME_TEXT = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?"
    r"(?:(Z)|([+-])([0-9]{2}):?([0-9]{2}))?\Z"
)
# xs:int, xs:decimal and xs:boolean collapse these, and only these, around their value.
XML_SPACE = " \t\n\r"
# Everything outside XML 1.0's Char production (section 2.2).
NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# No number a payload may hold is longer in fixed point; what a caller builds is held to it too,
# since every writer expands a number in fixed point.
MAX_FIXED_POINT_DIGITS = 4000


def fixed_point_digits(number: Decimal) -> int:
    """How many digits ``number`` has written in fixed point (``1E+3`` -> 4, ``1E-3`` -> 4)."""
    digits, exponent = number.as_tuple()[1:]
    if not isinstance(exponent, int):
        return 0  # not finite: callers refuse these for what they are
    if exponent >= 0:
        return len(digits) + exponent
    return max(len(digits), -exponent + 1)


def remembered(read: Callable[[Any], Decimal], kept: int = 1024) -> Callable[[Any], Decimal]:
    """``read`` with a memo by its argument: a page repeats a few prices many times, and one
    immutable Decimal per spelling serves them all (a lookup costs a tenth of a reading, and a
    page of 100,000 records holds 10 MB less). Emptied when ``kept`` are held, so it stays
    small; what ``read`` refuses is never kept."""
    memo: dict[Any, Decimal] = {}

    def recall(key: Any) -> Decimal:
        value = memo.get(key)
        if value is None:
            value = read(key)
            if len(memo) >= kept:
                memo.clear()
            memo[key] = value
        return value

    return recall


def canonical_decimal(number: Decimal) -> Decimal:
    """One value, one spelling, the scale kept: no positive exponent (``1E+2`` is ``100``),
    no negative zero (``-0.00`` is ``0.00``). So the JSON and XML forms of a value, which
    write it in fixed point, read back equal."""
    sign, digits, exponent = number.as_tuple()
    if isinstance(exponent, int) and exponent > 0:
        number = Decimal((sign, (*digits, *(0,) * exponent), 0))
    if number.is_zero() and number.is_signed():
        number = number.copy_abs()
    return number


def _bounded(number: Decimal, shown: Any) -> Decimal:
    if fixed_point_digits(number) > MAX_FIXED_POINT_DIGITS:
        raise ValueError(
            f"{short(shown)} has more than {MAX_FIXED_POINT_DIGITS} digits in fixed point"
        )
    return number


def short(value: Any, limit: int = 60) -> str:
    """An offending value as the document spells it (``-1.5``, ``true``, ``null``; text
    quoted), shortened when long, for messages."""
    text = _spelled(value, limit)
    return text if len(text) <= limit else text[: limit - 5] + "..." + text[-2:]


def _spelled(value: Any, budget: int) -> str:
    """At least ``budget`` characters of the spelling (when it has them), never the whole of a
    huge container: a message costs little whatever the document holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return repr(value[: budget + 3])
    if isinstance(value, dict | list | tuple):
        pairs = value.items() if isinstance(value, dict) else ((None, item) for item in value)
        parts: list[str] = []
        used = 0
        for key, item in pairs:
            if used > budget:
                parts.append("...")
                break
            part = _spelled(item, budget - used)
            if key is not None:
                part = f"{_spelled(key, budget)}: {part}"
            parts.append(part)
            used += len(part) + 2
        brackets = "{}" if isinstance(value, dict) else "[]"
        return brackets[0] + ", ".join(parts) + brackets[1]
    return repr(value)


def check_xml_text(text: str) -> None:
    bad = NOT_XML_CHAR.search(text)
    if bad is not None:
        raise ValueError(
            f"character {bad.group()!r} at offset {bad.start()} cannot be written in XML 1.0"
        )


class Lexical:
    """Converts one value type; subclasses override what differs."""

    name = "xs:anySimpleType"
    xsd_type = "xs:anySimpleType"  # the XSD built-in type its values are written in
    expected = "a value"
    numeric = False  # whose spelling the number-length limit bounds
    python_type = "object"  # the annotation of its values in the typed models
    json_quoted = False  # whether JSON writes it as a string
    warns = False  # whether some values it reads are only tolerated (see ``warning``)

    def from_json(self, value: Any) -> Any:
        raise NotImplementedError

    def from_xml(self, text: str) -> Any:
        raise NotImplementedError

    def to_text(self, value: Any) -> str:
        """The XML text, and for numbers and booleans also the JSON literal."""
        return str(value)

    def check(self, value: Any) -> Any:
        """A Python value given to a model constructor, checked (same rules as from JSON)."""
        return self.from_json(value)

    def warning(self, value: Any) -> str | None:
        """Why a value it read is only tolerated, or ``None``: asked only when ``warns``."""
        return None


class _String(Lexical):
    name = xsd_type = "xs:string"
    python_type = "str"
    json_quoted = True
    expected = "a string"

    def from_json(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"expected a string, got {short(value)}")
        return value

    def from_xml(self, text: str) -> str:
        return text


class _Integer(Lexical):
    expected = "an integer"
    numeric = True
    python_type = "int"

    def __init__(self, name: str, low: int | None, high: int | None) -> None:
        self.name = self.xsd_type = name
        self.low = low
        self.high = high

    def _bounded(self, value: int) -> int:
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise ValueError(f"{value} is outside the range of {self.name}")
        return value

    def from_json(self, value: Any) -> int:
        # JSON Schema counts 1.0 and 1e2 as integers (their value is whole); so does this, so
        # that a schema validator and the decoder accept the same documents.
        if (
            isinstance(value, Decimal)
            and value.is_finite()
            and _bounded(value, value) == value.to_integral_value()
        ):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected an integer, got {short(value)}")
        return self._bounded(value)

    def from_xml(self, text: str) -> int:
        text = text.strip(XML_SPACE)
        if not XML_INT.match(text):
            raise ValueError(f"expected an integer, got {short(text)}")
        return self._bounded(int(text))


class _Decimal(Lexical):
    name = xsd_type = "xs:decimal"
    expected = "a decimal number"
    numeric = True
    python_type = "Decimal"

    def from_json(self, value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise ValueError(f"expected a number, got {short(value)}")
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError(f"expected a finite number, got {short(value)}")
        return canonical_decimal(_bounded(number, value))

    def check(self, value: Any) -> Decimal:
        if isinstance(value, float):
            raise ValueError(
                f"give a Decimal or an int, not the float {value!r}, to keep the scale"
            )
        return self.from_json(value)

    def from_xml(self, text: str) -> Decimal:
        text = text.strip(XML_SPACE)
        if not XML_DECIMAL.match(text):
            raise ValueError(f"expected a decimal number (no exponent), got {short(text)}")
        try:
            return canonical_decimal(Decimal(text))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            raise ValueError(f"expected a decimal number, got {short(text)}") from None

    def to_text(self, value: Decimal) -> str:
        return format(value, "f")  # never an exponent, and the scale kept


class _Boolean(Lexical):
    name = xsd_type = "xs:boolean"
    python_type = "bool"
    expected = "a boolean"

    def from_json(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {short(value)}")
        return value

    def from_xml(self, text: str) -> bool:
        forms = {"true": True, "1": True, "false": False, "0": False}
        try:
            return forms[text.strip(XML_SPACE)]
        except KeyError:
            raise ValueError(f"expected true, false, 1 or 0, got {short(text)}") from None

    def to_text(self, value: bool) -> str:
        return "true" if value else "false"


# Every digit as 0: a date's image under it is its form, one set lookup away from proof.
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_DAY_AND_TIME = b"0000-00-00T00:00:00"
_API_FORMS = frozenset(_DAY_AND_TIME + b".000" + sign + b"0000" for sign in (b"+", b"-"))
_LIVE_FORMS = frozenset(
    _DAY_AND_TIME + fraction + zone
    for fraction in (b"", *(b"." + b"0" * digits for digits in range(1, 7)))
    for zone in (b"Z", b"+0000", b"-0000", b"+00:00", b"-00:00")
)


def _quick_date_test(forms: frozenset[bytes]) -> Callable[[str], bool]:
    """Whether a text is a date of ``forms`` that ``fromisoformat`` reads as it means, short of
    the calendar: the form by its image under ``_DIGITS_AS_ZERO``; by hand, what
    ``fromisoformat`` would bend (an offset of 60 minutes, which it reads as the next hour;
    an hour of 24, which newer Pythons read as the next midnight). The calendar (month lengths,
    leap years, no year 0) is ``fromisoformat``'s own: it refuses what breaks it."""

    def test(text: str) -> bool:
        return (
            text.encode().translate(_DIGITS_AS_ZERO) in forms
            and (text[11] < "2" or text[12] < "4")  # not 24 (25 to 29 it refuses)
            and (text[-2] < "6" or text[-1] == "Z")
        )

    return test


def _quick_date_reader(test: Callable[[str], bool]) -> Callable[[str], datetime]:
    """A reader of the dates ``test`` proves, for documents read by the hundred thousand dates
    (the spec's calendar pattern costs 0.7 us a date in msgspec, this reader 0.3 us). It raises
    ``ValueError`` for anything else, also for dates the exact reader takes (7 to 9 fraction
    digits), which a caller then asks. A test holds it to the spec's patterns."""
    parse = datetime.fromisoformat

    def read(text: str) -> datetime:
        if test(text):
            return parse(text)
        raise ValueError(f"not a date of the quick forms: {short(text)}")

    return read


# The API's own form, its sign set to +: a page of such dates is proved at once.
_API_FORM = b"0000-00-00T00:00:00.000+0000"
_WIDTH = len(_API_FORM)
_SIGNS = b"+-"
_OFFSET_TENS = b"012345"  # of the offset's minutes
_TWENTY = bytes(1 if byte == ord("2") else 0 for byte in range(256))
_FOUR_AND_UP = bytes(1 if ord("4") <= byte <= ord("9") else 0 for byte in range(256))


def _quick_dates_proof(test: Callable[[str], bool]) -> Callable[[list[str]], bool]:
    """Whether every text of a page's dates passes ``test`` (``fromisoformat`` has read them
    already): in a few passes over all of them at once, in C, where each has the API's own
    form (on a page a reader reads by the thousand dates), else one by one. Each text is
    exactly the form's width, so that no date can borrow from its neighbour."""

    def proved(texts: list[str]) -> bool:
        count = len(texts)
        if set(map(len, texts)) == {_WIDTH}:
            raw = "".join(texts).encode()
            image = bytearray(raw.translate(_DIGITS_AS_ZERO))
            if len(raw) == _WIDTH * count and not image[23::_WIDTH].translate(None, _SIGNS):
                image[23::_WIDTH] = b"+" * count
                tens, units = raw[11::_WIDTH], raw[12::_WIDTH]
                if (
                    image == _API_FORM * count
                    and not raw[26::_WIDTH].translate(None, _OFFSET_TENS)
                    and not (  # no hour of 24 to 29: a 2 and a 4 to 9 at one place
                        int.from_bytes(tens.translate(_TWENTY), "big")
                        & int.from_bytes(units.translate(_FOUR_AND_UP), "big")
                    )
                ):
                    return True
        return all(map(test, texts))  # other forms of the width too: a live 15.12+01:00

    return proved


class _ApiDateTime(Lexical):
    """``yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm``: milliseconds and a colon-less offset, both required."""

    name = "infobip-datetime"
    xsd_type = "xs:string"  # its pattern, a facet of the spec's schema, says the rest
    python_type = "datetime"
    json_quoted = True
    expected = "a date like 2015-02-23T17:40:31.773+0100"
    # The values of the strict form only, one date at a time or a page's at once.
    quick_test = staticmethod(_quick_date_test(_API_FORMS))
    quick_read = staticmethod(_quick_date_reader(quick_test))
    quick_proof = staticmethod(_quick_dates_proof(quick_test))

    def from_json(self, value: Any) -> datetime:
        if not isinstance(value, str):
            raise ValueError(f"expected {self.expected}, got {short(value)}")
        return self.from_xml(value)

    def check(self, value: Any) -> datetime:
        if not isinstance(value, datetime):
            return self.from_json(value)
        self.to_text(value)  # raises if the API's format cannot carry it
        return value

    def from_xml(self, text: str) -> datetime:
        match = API_DATETIME.match(text)
        if match is None:
            raise ValueError(f"expected {self.expected}, got {short(text)}")
        year, month, day, hour, minute, second, millis, sign, off_h, off_m = match.groups()
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        if offset >= timedelta(hours=24) or int(off_m) >= 60:
            raise ValueError(f"offset {sign}{off_h}{off_m} is out of range in {short(text)}")
        try:
            return datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                int(second),
                int(millis) * 1000,
                tzinfo=timezone(-offset if sign == "-" else offset),
            )
        except ValueError as error:
            raise ValueError(f"{short(text)} is not a valid date: {error}") from None

    def to_text(self, value: datetime) -> str:
        if value.utcoffset() is None:
            raise ValueError("a date needs a timezone: the API's format always has an offset")
        if value.microsecond % 1000:
            raise ValueError("the API's format keeps milliseconds, not microseconds")
        return (
            f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}"
            f"{_offset_text(value)}"
        )


def _offset_text(value: datetime) -> str:
    """``±hhmm``, the API's spelling of an aware date's offset."""
    offset = value.utcoffset()
    assert offset is not None
    if offset % timedelta(minutes=1):  # seconds, or a fraction of one
        raise ValueError("the API's format has no seconds in the offset")
    minutes = offset // timedelta(minutes=1)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{minutes:02d}"


# The offset texts of the fixed zones met so far: at most one per minute of a day each way.
_OFFSET_TEXTS: dict[timezone, str] = {}


def api_date_text(value: datetime) -> str | None:
    """What ``to_text`` writes for a date in a fixed zone of whole minutes, with whole
    milliseconds (every date the API sends), or ``None`` for any other. Five times faster:
    msgspec writes the date and time in C (its offset, which it rounds to the minute and
    spells ``Z`` for zero, is not used), and each zone's offset text is made once."""
    zone = value.tzinfo
    micros = value.microsecond
    if type(value) is not datetime or type(zone) is not timezone or micros % 1000:
        # A subclass (its utcoffset may say anything), a zone whose offset depends on the
        # date, a naive date, microseconds: to_text judges.
        return None
    offset = _OFFSET_TEXTS.get(zone)
    if offset is None:
        try:
            offset = _offset_text(value)
        except ValueError:  # seconds in the offset
            return None
        _OFFSET_TEXTS[zone] = offset
    # msgspec writes six fraction digits, the first three the milliseconds, or none for 0.
    text: str = msgspec.to_builtins(value)
    return (text[:23] if micros else text[:19] + ".000") + offset


def _offset(sign: str, hours: str, minutes: str, text: str) -> timezone:
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    if offset >= timedelta(hours=24) or int(minutes) >= 60:
        raise ValueError(f"offset {sign}{hours}{minutes} is out of range in {short(text)}")
    return timezone(-offset if sign == "-" else offset)


class _LiveDateTime(_ApiDateTime):
    """What the live API and the vendor's SDKs write: ``Z``, ``±hh:mm`` or ``±hhmm``, 0 to 9
    fraction digits. Written back in the documented form (milliseconds and ``±hhmm``) when the
    value fits it. A date with no offset is read as a naive datetime and, where the contract
    tolerates it, reported: its zone is unknown, and it is never taken for local time."""

    name = "infobip-datetime-live"
    expected = "a date like 2015-02-23T17:40:31.773+0100 or 2022-12-06T13:37:15Z"
    # Never a date with no offset.
    quick_test = staticmethod(_quick_date_test(_LIVE_FORMS))
    quick_read = staticmethod(_quick_date_reader(quick_test))
    quick_proof = staticmethod(_quick_dates_proof(quick_test))

    def __init__(self, offsetless: bool) -> None:
        self.warns = offsetless

    def check(self, value: Any) -> datetime:
        if not isinstance(value, datetime):
            return self.from_json(value)
        if value.tzinfo is None and not self.warns:
            raise ValueError("a date needs a timezone")
        self.to_text(value)
        return value

    def from_xml(self, text: str) -> datetime:
        match = LIVE_DATETIME_TEXT.match(text)
        if match is None:
            raise ValueError(f"expected {self.expected}, got {short(text)}")
        year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
        if fraction and len(fraction) > 6 and int(fraction[6:]):
            raise ValueError(
                f"{short(text)} has a fraction finer than a microsecond, which Python's "
                "datetime cannot hold"
            )
        if zulu:
            zone: timezone | None = UTC
        elif sign:
            zone = _offset(sign, off_h, off_m, text)
        elif self.warns:
            zone = None
        else:
            raise ValueError(f"{short(text)} has no offset; expected Z, ±hh:mm or ±hhmm")
        micros = int((fraction or "0")[:6].ljust(6, "0"))
        try:
            return datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second), micros,
                tzinfo=zone,
            )  # fmt: skip
        except ValueError as error:
            raise ValueError(f"{short(text)} is not a valid date: {error}") from None

    def warning(self, value: Any) -> str | None:
        if isinstance(value, datetime) and value.tzinfo is None:
            return "a date with no offset: its time zone is unknown (read as naive, not local)"
        return None

    def to_text(self, value: datetime) -> str:
        if value.utcoffset() is not None and value.microsecond % 1000 == 0:
            return super().to_text(value)
        if value.utcoffset() is None and not self.warns:
            raise ValueError("a date needs a timezone")
        text = value.replace(tzinfo=None).isoformat(timespec="microseconds")
        if value.microsecond % 1000 == 0:
            text = text[:-3]
        return text + (_offset_text(value) if value.utcoffset() is not None else "")


STRING = _String()
DECIMAL = _Decimal()
BOOLEAN = _Boolean()
DATETIME = _ApiDateTime()
LIVE_DATETIME = _LiveDateTime(offsetless=False)
LIVE_DATETIME_OFFSETLESS = _LiveDateTime(offsetless=True)
INTEGER_RANGES = {
    "int32": ("xs:int", -(2**31), 2**31 - 1),
    "int64": ("xs:long", -(2**63), 2**63 - 1),
}


def integer_bounds(fmt: str | None) -> tuple[int, int] | None:
    """The range an integer ``format`` (``int32``, ``int64``) allows, if it bounds one."""
    found = INTEGER_RANGES.get(fmt or "")
    return None if found is None else (found[1], found[2])


def integer(fmt: str | None) -> Lexical:
    name, low, high = INTEGER_RANGES.get(fmt or "", ("xs:integer", None, None))
    return _Integer(name, low, high)


def lexical_for(schema: dict[str, Any]) -> Lexical:
    """The converter for a scalar schema, chosen by its type, ``format`` and ``x-format``."""
    kind = schema.get("type")
    if kind == "string":
        form = schema.get("x-format")
        if form == "infobip-datetime-live":
            tolerant = "x-tolerated-pattern" in schema
            return LIVE_DATETIME_OFFSETLESS if tolerant else LIVE_DATETIME
        return DATETIME if form == "infobip-datetime" else STRING
    if kind == "integer":
        return integer(schema.get("format"))
    if kind == "number":
        if schema.get("format") in ("float", "double"):
            raise ValueError("binary floating point is not supported: use format: decimal")
        return DECIMAL
    if kind == "boolean":
        return BOOLEAN
    raise ValueError(f"no converter for a schema of type {kind!r}")
