"""Bounds on untrusted input, shared by every reader and by the walks that explain problems."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "MAX_NUMBER_LENGTH_CEILING", "STREAMED_BYTES", "Limits"]

# CPython refuses to convert longer digit strings to int (sys.int_info.str_digits_check_threshold
# is 640, the default limit 4300); a bound above it would leak CPython's own message.
MAX_NUMBER_LENGTH_CEILING = 4000

# Past this size, the decoders' fast paths read a page an item at a time (JSON: its items'
# text decoded a batch at a time; XML: iterparse, each item's elements freed once read), so
# what is parsed never all lives beside the records: the peak memory of decoding 100,000
# records fell from 3.6x the JSON to 3.3x, and from 11.7x the XML to 2.5x. A smaller page is
# read at once, which is faster (JSON 15%, XML a third: lxml's iterparse costs half a parse
# more than its parser). The API's largest page, 1,000 records, is smaller in either format
# (the largest of the five endpoints', voice reports in indented XML, is 1.1 MB).
STREAMED_BYTES = 4 << 20


@dataclass(frozen=True)
class Limits:
    """Bounds on untrusted input. The defaults admit a 1000-record page many times over.

    ``max_bytes``: the size of a document (and of a file read for one). ``max_number_length``:
    the digits of a number, as spelled and as its value written in fixed point (``1e999999``
    is short but has a million digits), so whatever is read can be written back and read again.
    ``max_problems``: how many errors one document may report before the rest are summed up in
    one line (warnings are counted, and shown up to the same number, but never stop the walk).
    ``max_lenient_bytes``: the largest document a lenient decoder tries to repair.
    ``max_elements`` and ``max_values``: how many XML elements and JSON values a document may
    hold, which is what a parsed tree costs in memory and a walk in time (a page of 1000
    records holds about 30,000 of either). The bounds admit several such pages, and keep a
    document of empty records, which the live profile reads as warnings only, to about a
    second's work.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_number_length: int = 100
    max_problems: int = 100
    max_lenient_bytes: int = 64 * 1024
    max_elements: int = 120_000
    max_values: int = 450_000

    def __post_init__(self) -> None:
        names = (
            "max_bytes", "max_number_length", "max_problems", "max_lenient_bytes",
            "max_elements", "max_values",
        )  # fmt: skip
        for name in names:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive integer, got {value!r}")
        if self.max_number_length > MAX_NUMBER_LENGTH_CEILING:
            raise ValueError(
                f"Limits.max_number_length must be at most {MAX_NUMBER_LENGTH_CEILING}, "
                f"got {self.max_number_length}"
            )


DEFAULT_LIMITS = Limits()
