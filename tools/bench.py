"""Measure the package's speed targets; print each measurement and whether it meets its target.

Usage:
    python tools/bench.py [--repeat N]

What it measures, on a 1000-record voice-logs page (the largest page the API returns):

- ``validate`` of a valid page in each format, as a ratio to the bare parser of that format
  (``orjson.loads`` for JSON, ``lxml.etree.fromstring`` for XML); targets: at most 3x and 4x;
- decoding and encoding in each format, as a ratio to the same parsers (no target: a typed
  model costs more than a parse);
- how long each hostile document takes to be refused (target: under a second).

Timings are the best of N runs, so a busy machine inflates them less. Exit status 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

import orjson
from lxml import etree

from infobip_logs_spec import (
    DecodeError,
    decode_json,
    decode_xml,
    encode_json,
    encode_xml,
    validate,
)
from infobip_logs_spec._resources import read_bytes

ENDPOINT = "/tts/3/logs"
HOSTILE_TARGET_SECONDS = 1.0
VALIDATE_TARGETS = {"JSON": 3.0, "XML": 4.0}


def best_of(repeat: int, call: Callable[[], Any]) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return min(timings)


def page() -> tuple[bytes, bytes]:
    """A 1000-record page in both formats, built from a documented example."""
    example = read_bytes(
        "corpus", "tts-logs", "05-response-json-getting-logs-without-any-query-parameter.json"
    )
    one = decode_json(example, endpoint=ENDPOINT).results[0]
    records = [one.replace(messageId=f"{index:08d}-{one.messageId}") for index in range(1000)]
    value = type(decode_json(example, endpoint=ENDPOINT))(results=records)
    return encode_json(value, indent=2), encode_xml(value, pretty=True)


def hostile() -> dict[str, tuple[Callable[..., Any], bytes]]:
    bomb = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return {
        "entity bomb": (decode_xml, f"<!DOCTYPE r [{''.join(bomb)}]><r>&a9;</r>".encode()),
        "external entity": (
            decode_xml,
            b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        ),
        "100k-deep XML": (decode_xml, b"<a>" * 100_000 + b"</a>" * 100_000),
        "100k-deep JSON": (decode_json, b"[" * 100_000 + b"]" * 100_000),
        "100,000-digit number": (decode_json, b'{"results": ' + b"9" * 100_000 + b"}"),
        "64 MiB + 1 document": (decode_json, b" " * (64 * 1024 * 1024 + 1)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    json_page, xml_page = page()
    value = decode_json(json_page, endpoint=ENDPOINT)
    floors = {
        "JSON": best_of(args.repeat, lambda: orjson.loads(json_page)),
        "XML": best_of(args.repeat, lambda: etree.fromstring(xml_page)),
    }
    print(f"1000-record page: {len(json_page):,} bytes of JSON, {len(xml_page):,} bytes of XML")
    print(f"  orjson.loads           {floors['JSON'] * 1000:8.2f} ms")
    print(f"  lxml.etree.fromstring  {floors['XML'] * 1000:8.2f} ms")
    failed = False
    for fmt, body in (("JSON", json_page), ("XML", xml_page)):
        assert validate(body, endpoint=ENDPOINT) == []  # a valid page: the fast path
        seconds = best_of(args.repeat, lambda body=body: validate(body, endpoint=ENDPOINT))
        ratio, target = seconds / floors[fmt], VALIDATE_TARGETS[fmt]
        verdict = "ok" if ratio <= target else "MISSED"
        failed |= ratio > target
        name = f"validate ({fmt})"
        print(
            f"  {name:<22} {seconds * 1000:8.2f} ms  {ratio:6.1f}x (target {target:.0f}x) {verdict}"
        )
    rows = [
        ("decode_json", "JSON", lambda: decode_json(json_page, endpoint=ENDPOINT)),
        ("encode_json", "JSON", lambda: encode_json(value)),
        ("decode_xml", "XML", lambda: decode_xml(xml_page, endpoint=ENDPOINT)),
        ("encode_xml", "XML", lambda: encode_xml(value)),
    ]
    for name, fmt, call in rows:
        seconds = best_of(args.repeat, call)
        ratio = seconds / floors[fmt]
        print(f"  {name:<22} {seconds * 1000:8.2f} ms  {ratio:6.1f}x the {fmt} parser")
    print(f"hostile documents (target: refused in under {HOSTILE_TARGET_SECONDS:.0f} s)")
    for name, (decode, data) in hostile().items():
        start = time.perf_counter()
        try:
            decode(data, endpoint=ENDPOINT)
            verdict = "ACCEPTED (wrong)"
            failed = True
        except DecodeError:
            verdict = "DecodeError"
        seconds = time.perf_counter() - start
        late = seconds >= HOSTILE_TARGET_SECONDS
        failed |= late
        print(f"  {name:<22} {seconds * 1000:8.2f} ms  {verdict}{'  TOO SLOW' if late else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
