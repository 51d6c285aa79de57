"""Fuzz the readers, the writers and the command line with mutated documents.

Usage:
    python tools/fuzz.py [--inputs N] [--seed S] [--report-every K]

Each input is a documented example, a hostile document (``tools/hostile_corpus.py``) or a
value from the package's strategies, mutated at random (byte flips, insertions of hostile
tokens, truncation, splices, repeated chunks, other encodings), then given to ``decode_json``,
``decode_xml``, ``validate``, ``encode_json``/``encode_xml`` (of whatever decoded) and the
command line's ``run``. It counts what no caller should see: an exception other than the
package's own ``ValidationError`` family (``DecodeError``, ``EncodeError``), an input that
takes over a second, a traceback printed by the command line, ``validate`` and the decoder
of the same format disagreeing on whether a document is valid, and the growth of the peak
resident memory over the run. Exit status 1 when any of these is found.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import resource
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from hostile_corpus import hostile_documents
from infobip_logs_spec import (
    Record,
    ValidationError,
    decode_json,
    decode_xml,
    encode_json,
    encode_xml,
    validate,
)
from infobip_logs_spec._cli import run as cli_run
from infobip_logs_spec._contract import load_contract
from infobip_logs_spec._resources import read_bytes
from infobip_logs_spec._validate import sniff

SLOW_SECONDS = 1.0
MEMORY_BUDGET_MB = 100
TOKENS = [
    b"<!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>", b"&x;", b"1e999999", b"-0",
    b"9.99999999999999999999", b"\\ud800", b'xsi:nil="true"', b"<?xml version='1.0' "
    b"encoding='UTF-7'?>", b"+ADwAIQ-DOCTYPE", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"[" * 300,
    b"{" * 300, b"<a>" * 300, b",", b"]", b"}", b"null", b"true", b'"', b"<", b">", b"</",
    b"2147483648", b"0.0100", b"2015-02-30T10:00:00.000+0100", b"<results>", b"<result>",
    b"1" + b"0" * 100, b"1" + b"0" * 40, b"-0.0000000", b"2015-02-23T17:40:31.1234567+0100",
    b"<zz/>", b'"zz":1,', b'"mccMnc":"1",', b"<smsCount>1</smsCount>",
]  # fmt: skip


def seeds() -> list[tuple[str, bytes]]:
    """(endpoint, document) pairs to start from."""
    import json

    manifest = json.loads(read_bytes("corpus", "manifest.json"))
    found = [
        (entry["endpoint"], read_bytes("corpus", *entry["file"].split("/")))
        for entry in manifest["entries"]
        if entry["kind"] == "response"
    ]
    found += [("/tts/3/logs", data) for _, _, _, data in hostile_documents() if len(data) < 1 << 20]
    return found


def mutate(rng: random.Random, data: bytes, pool: list[tuple[str, bytes]]) -> bytes:
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(7)
        at = rng.randint(0, len(data))
        if kind == 0 and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif kind == 1:
            data = data[:at] + rng.choice(TOKENS) + data[at:]
        elif kind == 2:
            data = data[:at]
        elif kind == 3:
            other = rng.choice(pool)[1]
            data = data[:at] + other[rng.randint(0, len(other)) :]
        elif kind == 4 and data:
            end = min(len(data), at + rng.randint(1, 64))
            data = data[:at] + data[at:end] * rng.randint(2, 50) + data[end:]
        elif kind == 5:
            with contextlib.suppress(UnicodeDecodeError, UnicodeEncodeError):
                data = data.decode("utf-8").encode(rng.choice(["utf-16", "utf-32", "latin-1"]))
        elif kind == 6 and data:
            data = data[:at] + data[at + rng.randint(1, 16) :]
    return data


class Tally:
    def __init__(self) -> None:
        self.inputs = 0
        self.calls = 0
        self.crashes: list[str] = []
        self.slow: list[str] = []
        self.slowest = 0.0

    def crash(self, line: str) -> None:
        if len(self.crashes) < 20:  # as found, so a long run shows them before it ends
            print("   ", line, flush=True)
        self.crashes.append(line)

    def call(self, what: str, function: Callable[[], Any], data: bytes) -> Any:
        self.calls += 1
        start = time.perf_counter()
        result = None
        try:
            result = function()
        except ValidationError:
            pass
        except Exception as error:  # the point: count what escapes
            self.crash(f"{what}: {type(error).__name__}: {error!s:.200} <- {data[:120]!r}")
        elapsed = time.perf_counter() - start
        self.slowest = max(self.slowest, elapsed)
        if elapsed > SLOW_SECONDS:
            self.slow.append(f"{what}: {elapsed:.2f} s <- {data[:120]!r}")
        return result


def fuzz_one(tally: Tally, endpoint: str, data: bytes, scratch: Path) -> None:
    tally.inputs += 1
    decoders: tuple[tuple[str, Callable[..., Record]], ...] = (
        ("decode_json", decode_json),
        ("decode_xml", decode_xml),
    )
    decoded: dict[str, Any] = {}
    for name, decode in decoders:
        value = tally.call(name, partial(decode, data, endpoint=endpoint), data)
        decoded[name] = value
        if value is not None:
            tally.call("encode_json", partial(encode_json, value), data)
            tally.call("encode_xml", partial(encode_xml, value), data)
    said = tally.call("validate", lambda: validate(data, endpoint=endpoint), data)
    tally.call("validate strict", lambda: validate(data, endpoint=endpoint, strict=True), data)
    # One verdict: validate finds no error exactly when the decoder of its format reads it.
    reader = "decode_xml" if sniff(data) == "application/xml" else "decode_json"
    if (said is None) != (decoded[reader] is None):
        verdicts = f"validate {'invalid' if said is None else 'valid'}, {reader} " + (
            "raised" if decoded[reader] is None else "read it"
        )
        tally.crash(f"verdicts differ: {verdicts} <- {data[:120]!r}")
    scratch.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = tally.call(
        "cli", lambda: cli_run(["validate", "--endpoint", endpoint, str(scratch)], out, err), data
    )
    if code not in (0, 1, 2) or "Traceback" in err.getvalue() + out.getvalue():
        tally.crash(f"cli: exit {code}: {err.getvalue()[-300:]!r} <- {data[:120]!r}")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report-every", type=int, default=0)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    rng = random.Random(args.seed)
    pool = seeds()
    endpoints = [operation.path for operation in load_contract().operations]
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "input"
        for endpoint, data in pool:  # warm up: imports and compiled schemas are not growth
            if len(data) < 1 << 16:
                fuzz_one(tally, endpoint, data, scratch)
        baseline = peak_mb()
        for index in range(args.inputs):
            endpoint, data = rng.choice(pool)
            if rng.random() < 0.2:
                endpoint = rng.choice(endpoints)
            fuzz_one(tally, endpoint, mutate(rng, data, pool), scratch)
            if args.report_every and (index + 1) % args.report_every == 0:
                print(
                    f"  {index + 1} inputs, {len(tally.crashes)} crashes, "
                    f"{len(tally.slow)} slow, peak +{peak_mb() - baseline:.0f} MB",
                    flush=True,
                )
    growth = peak_mb() - baseline
    elapsed = time.perf_counter() - started
    print(f"{tally.inputs} inputs, {tally.calls} calls in {elapsed:.0f} s (seed {args.seed})")
    print(
        "  exceptions other than ValidationError/DecodeError/EncodeError, and verdicts that "
        f"differ: {len(tally.crashes)}"
    )
    slowest = f"slowest call {tally.slowest:.3f} s"
    print(f"  inputs over {SLOW_SECONDS:.0f} s: {len(tally.slow)} ({slowest})")
    print(f"  peak memory growth over the run: {growth:.0f} MB (budget {MEMORY_BUDGET_MB} MB)")
    for line in tally.slow[:20]:
        print("   ", line)
    return 1 if tally.crashes or tally.slow or growth > MEMORY_BUDGET_MB else 0


if __name__ == "__main__":
    sys.exit(main())
