"""Hostile documents, by class, for the tests, the benchmark and the fuzz harness.

Each entry is (class, name, format, bytes). ``trap`` is a path (a FIFO in the tests) and
``port`` a listening local port: an input that made libxml2 open a file or a connection would
touch them, which the tests check at the system-call level.
"""

from __future__ import annotations

from collections.abc import Iterator

Entry = tuple[str, str, str, bytes]


def _results(*records: bytes) -> bytes:
    return b'{"results":[' + b",".join(records) + b"]}"


def hostile_documents(trap: str = "/etc/passwd", port: int = 9) -> Iterator[Entry]:
    doctype = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{trap}"> %p;]>'
    external = f'<!DOCTYPE r SYSTEM "http://127.0.0.1:{port}/x.dtd">'
    body = "<smsLogsResponse><results/></smsLogsResponse>"
    for encoding in ("utf-7", "iso-2022-jp", "hz", "utf-16", "utf-32", "cp037"):
        for name, declaration in (("parameter entity", doctype), ("external DTD", external)):
            text = f'<?xml version="1.0" encoding="{encoding.upper()}"?>{declaration}{body}'
            try:
                data = text.encode(encoding)
            except LookupError:  # pragma: no cover - every codec above ships with Python
                continue
            yield "encodings", f"{name} in {encoding}", "xml", data
    yield (
        "encodings",
        "UTF-7 doctype, declared UTF-8",
        "xml",
        (
            b'<?xml version="1.0" encoding="UTF-8"?>+ADwAIQ-DOCTYPE r +AFs-+AF0-+AD4-'
            + body.encode()
        ),
    )
    bomb = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    yield "entities", "entity bomb", "xml", f"<!DOCTYPE r [{''.join(bomb)}]><r>&a9;</r>".encode()
    yield (
        "entities",
        "external entity",
        "xml",
        (f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{trap}">]><r>&x;</r>'.encode()),
    )
    yield (
        "entities",
        "xinclude",
        "xml",
        (
            b'<smsLogsResponse xmlns:xi="http://www.w3.org/2001/XInclude">'
            + f'<xi:include href="file://{trap}" parse="text"/></smsLogsResponse>'.encode()
        ),
    )
    yield (
        "entities",
        "schema location hint",
        "xml",
        (
            b'<smsLogsResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            + f'xsi:noNamespaceSchemaLocation="file://{trap}"><results/></smsLogsResponse>'.encode()
        ),
    )
    yield (
        "entities",
        "DOCTYPE inside the content",
        "xml",
        (
            f'<smsLogsResponse><!DOCTYPE r [<!ENTITY % p SYSTEM "file://{trap}"> %p;]>'.encode()
            + b"</smsLogsResponse>"
        ),
    )
    yield (
        "entities",
        "xsi namespace spelled with a reference",
        "xml",
        (
            b'<smsLogsResponse xmlns:i="http://www.w3.org/2001/XMLSchema&#45;instance" '
            + f'i:noNamespaceSchemaLocation="file://{trap}"><results/></smsLogsResponse>'.encode()
        ),
    )
    yield "depth", "100k-deep XML", "xml", b"<a>" * 100_000 + b"</a>" * 100_000
    yield "depth", "100k-deep JSON", "json", b"[" * 100_000 + b"]" * 100_000
    yield "numbers", "100,000-digit number", "json", b'{"results": ' + b"9" * 100_000 + b"}"
    for spelled in (
        b"1e999999",
        b"1e99999999999",
        b"1e-999999",
        b"-1E+999999999",
        b"1e921474836489999999999",  # past any decimal context: found by tools/fuzz.py
    ):
        yield (
            "numbers",
            f"integer {spelled.decode()}",
            "json",
            _results(b'{"duration":' + spelled + b"}"),
        )
        yield (
            "numbers",
            f"decimal {spelled.decode()}",
            "json",
            _results(b'{"price":{"pricePerSecond":' + spelled + b',"currency":"EUR"}}'),
        )
    yield (
        "numbers",
        "1,000,002-digit XML decimal",
        "xml",
        (
            b"<smsLogsResponse><results><result><price><pricePerMessage>"
            + b"1" * 1_000_002
            + b"</pricePerMessage></price></result></results></smsLogsResponse>"
        ),
    )
    yield (
        "numbers",
        "5,000-digit XML integer",
        "xml",
        (
            b"<smsLogsResponse><results><result><duration>"
            + b"1" * 5_000
            + b"</duration></result></results></smsLogsResponse>"
        ),
    )
    yield "floods", "100,000 empty JSON records", "json", _results(*[b"{}"] * 100_000)
    yield (
        "floods",
        "1,000,000 empty XML records",
        "xml",
        (
            b"<smsLogsResponse><results>"
            + b"<result/>" * 1_000_000
            + b"</results></smsLogsResponse>"
        ),
    )
    yield (
        "floods",
        "1,000,000 unknown elements in a record",
        "xml",
        (
            b"<smsLogsResponse><results><result>"
            + b"<x/>" * 1_000_000
            + b"</result></results></smsLogsResponse>"
        ),
    )
    # Just under Limits.max_elements: read to the end, each kept as an unknown field.
    yield (
        "floods",
        "119,000 unknown elements of one name",
        "xml",
        b"<voiceLogsResponse>" + b"<zz>1</zz>" * 119_000 + b"</voiceLogsResponse>",
    )
    yield (
        "floods",
        "119,000 unknown elements of distinct names",
        "xml",
        (
            b"<voiceLogsResponse>"
            + b"".join(b"<resul%d/>" % i for i in range(119_000))
            + b"</voiceLogsResponse>"
        ),
    )
    yield (
        "floods",
        "100,000 records with an unknown field",
        "json",
        _results(*[b'{"resultz":1}'] * 100_000),
    )
    yield "floods", "trailing comma in 2 MB", "json", _results(*[b"{}"] * 700_000)[:-2] + b",]}"
    yield (
        "floods",
        "10 million empty elements",
        "xml",
        (b"<smsLogsResponse><results/><x>" + b"<a/>" * 10_000_001 + b"</x></smsLogsResponse>"),
    )
    yield (
        "floods",
        "5 million empty arrays",
        "json",
        (b'{"results":[],"x":[' + b",".join([b"[]"] * 5_000_000) + b"]}"),
    )
    yield "text", "lone surrogate", "json", _results(b'{"text":"a\\ud800b"}')
    yield "size", "64 MiB + 1 document", "json", b" " * (64 * 1024 * 1024 + 1)
