"""The typed codecs beside their peers, their cost per record, their memory, and start-up.

Imported by ``tools/bench.py``, which prints these rows after its own and whose exit status
is 1 when one of them misses its target; run alone with ``python tools/bench_typed.py``. The
targets (issue 12): decode_json and encode_json at most 2x orjson.loads, decode_xml 4x and
encode_xml 3x lxml.etree.fromstring, peak memory of decoding 100,000 records at most 3x the
input, a one-file ``validate`` call within 150 ms. The cost per record, whose target is to stay
flat within noise, is printed beside the parser's own for the reader to judge.

For each endpoint, the peers read the same JSON page into models generated from the same
shapes (``tools/bench_peers.py``): msgspec Structs and pydantic v2 models.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from lxml import etree

from _timing import apart, best_of, ratio_within
from bench_peers import endpoint_pages, msgspec_peer, pydantic_peer
from infobip_logs_spec import Limits, decode_json, decode_xml, encode_json, encode_xml
from infobip_logs_spec._contract import load_contract
from infobip_logs_spec.models import VoiceLogsResponse

ENDPOINT = "/tts/3/logs"
TARGETS = {"decode_json": 2.0, "encode_json": 2.0, "decode_xml": 4.0, "encode_xml": 3.0}
CLI_TARGET_SECONDS = 0.150
MEMORY_TARGET = 3.0
# Decoding 100,000 records is past the default bounds on purpose (they admit a few pages).
BIG = Limits(max_values=10_000_000, max_elements=10_000_000, max_bytes=1 << 30)


def _verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "MISSED"


def peers(repeat: int) -> bool:
    """Print, for a 1000-record page of each endpoint, the typed codecs and the peers as
    ratios to the format's parser; whether a target was missed."""
    contract = load_contract()
    print("typed codecs beside their peers, a 1000-record page of each endpoint (ratio to the")
    print("format's parser: orjson.loads for JSON, lxml.etree.fromstring for XML; targets:")
    print(", ".join(f"{name} {target:.0f}x" for name, target in TARGETS.items()) + ")")
    columns = [*TARGETS, "msgspec", "pydantic"]
    print(f"  {'endpoint':<18} " + " ".join(f"{name:>12}" for name in columns))
    missed = False
    for page in endpoint_pages(contract):
        parsers: dict[str, Callable[[], Any]] = {
            "JSON": partial(orjson.loads, page.json),
            "XML": partial(etree.fromstring, page.xml),
        }
        decoder = msgspec_peer(contract, page.component)
        pydantic = pydantic_peer(contract, page.component)
        rows: list[tuple[str, str, Callable[[], Any] | None]] = [
            ("decode_json", "JSON", partial(decode_json, page.json, endpoint=page.endpoint)),
            ("encode_json", "JSON", partial(encode_json, page.value)),
            ("decode_xml", "XML", partial(decode_xml, page.xml, endpoint=page.endpoint)),
            ("encode_xml", "XML", partial(encode_xml, page.value)),
            ("msgspec", "JSON", partial(decoder.decode, page.json)),
            ("pydantic", "JSON", None if pydantic is None else partial(pydantic, page.json)),
        ]
        cells = []
        for name, fmt, call in rows:
            if call is None:
                cells.append(f"{'-':>12}")
                continue
            target = TARGETS.get(name)
            _, ratio = ratio_within(repeat, parsers[fmt], call, target, apart)
            late = target is not None and ratio > target
            missed |= late
            cells.append(f"{ratio:>5.1f}x{' MISSED' if late else '':>7}")
        print(f"  {page.endpoint:<18} " + " ".join(cells))
    if pydantic_peer(contract, "VoiceLogsResponse") is None:
        print("  pydantic: not installed (pip install pydantic)")
    return missed


def _page_of(one: Any, count: int, *, distinct: bool = False) -> Any:
    """A page of ``count`` copies of ``one``, each its own messageId, and with ``distinct``
    its own status and error descriptions too (nothing left to share)."""
    records = []
    for index in range(count):
        changes: dict[str, Any] = {"messageId": f"{index:08d}-{one.messageId}"}
        if distinct:
            for name in ("status", "error"):
                value = one[name]
                changes[name] = value.replace(description=f"{value.description} {index}")
        records.append(one.replace(**changes))
    return VoiceLogsResponse(results=records)


def scaling(one: Any) -> None:
    """Per record, beside the bare parser of each format on the same page: on this machine a
    parse alone costs more per record on a larger page (caches, fresh memory), so the ratio
    to it is the figure that says whether the codec's own work stays flat."""
    print("cost per record of decode_json and decode_xml, and of the format's parser (flat")
    print("within noise is the target: the ratio to the parser on the same page)")
    for count in (100, 1_000, 10_000, 100_000):
        page = _page_of(one, count)
        body_json, body_xml = encode_json(page), encode_xml(page)
        repeat = 5 if count <= 10_000 else 2
        per_json = best_of(repeat, partial(decode_json, body_json, endpoint=ENDPOINT, limits=BIG))
        per_xml = best_of(repeat, partial(decode_xml, body_xml, endpoint=ENDPOINT, limits=BIG))
        parse_json = best_of(repeat, _without_gc(partial(orjson.loads, body_json)))
        parse_xml = best_of(repeat, _without_gc(partial(etree.fromstring, body_xml)))
        print(
            f"  {count:>7,} records  decode_json {per_json / count * 1e6:5.1f} us "
            f"({per_json / parse_json:3.1f}x orjson.loads {parse_json / count * 1e6:4.1f} us)  "
            f"decode_xml {per_xml / count * 1e6:5.1f} us "
            f"({per_xml / parse_xml:3.1f}x fromstring {parse_xml / count * 1e6:4.1f} us)"
        )


def _without_gc(call: Callable[[], Any]) -> Callable[[], Any]:
    """A parse as the codecs run it: without the cyclic collector (they turn it off)."""

    def run() -> Any:
        gc.disable()
        try:
            return call()
        finally:
            gc.enable()

    return run


# Run in a fresh process, so that the peak is the decoder's alone, libxml2's tree included
# (tracemalloc sees Python's allocations only).
PEAK = """
import sys
from infobip_logs_spec import Limits, decode_json, decode_xml

def high_water():  # VmHWM: reset by exec, unlike ru_maxrss, which a child inherits on Linux
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

body = open(sys.argv[2], "rb").read()
decode = decode_json if sys.argv[1] == "json" else decode_xml
limits = Limits(max_values=10_000_000, max_elements=10_000_000, max_bytes=1 << 30)
before = high_water()
value = decode(body, endpoint="/tts/3/logs", limits=limits)
print(high_water() - before)
"""


def memory(one: Any) -> bool:
    missed = False
    print("peak memory of decoding 100,000 records beyond the input, as a multiple of its size")
    print("(a page repeats its statuses and errors, which share one record each; the worst")
    print("case, every status and error distinct, is the last row)")
    distinct = _page_of(one, 100_000, distinct=True)
    with tempfile.TemporaryDirectory() as folder:
        for name, fmt, body in (
            ("decode_json", "json", encode_json(_page_of(one, 100_000))),
            ("decode_xml", "xml", encode_xml(_page_of(one, 100_000))),
            ("decode_json", "json", encode_json(distinct)),
        ):
            path = Path(folder) / f"page.{fmt}"
            path.write_bytes(body)
            done = subprocess.run(
                [sys.executable, "-c", PEAK, fmt, str(path)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            peak = int(done.stdout.split()[-1])
            ratio = peak / len(body)
            print(
                f"  {name:<12} input {len(body) / 1e6:6.1f} MB  peak {peak / 1e6:7.1f} MB  "
                f"{ratio:4.1f}x (target {MEMORY_TARGET:.0f}x) {_verdict(ratio, MEMORY_TARGET)}"
            )
            missed |= ratio > MEMORY_TARGET
    return missed


def command_line(one: Any) -> bool:
    program = str(Path(sys.executable).parent / "infobip-logs-spec")
    small = encode_json(_page_of(one, 1))
    with tempfile.TemporaryDirectory() as folder:
        single = Path(folder) / "one.json"
        single.write_bytes(small)
        many = Path(folder) / "many"
        many.mkdir()
        for index in range(2000):
            (many / f"{index:04d}.json").write_bytes(small)

        # As an installed package runs: with its bytecode cached (this machine's environment
        # sets PYTHONDONTWRITEBYTECODE, which would recompile every module on every call).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

        def run(*args: str) -> None:
            subprocess.run([program, "validate", "--endpoint", ENDPOINT, *args],
                           check=True, capture_output=True, env=env)  # fmt: skip

        run(str(single))  # writes the bytecode
        one_file = best_of(9, lambda: run(str(single)))
        for _ in range(4):  # a wall time over its target: again, after a pause (a busy host)
            if one_file <= CLI_TARGET_SECONDS:
                break
            time.sleep(2)
            one_file = min(one_file, best_of(9, lambda: run(str(single))))
        all_files = best_of(3, lambda: run(str(many)))
    verdict = _verdict(one_file / CLI_TARGET_SECONDS, 1.0)
    print("the command line, wall time")
    print(f"  validate, 1 small file      {one_file * 1000:8.0f} ms  (target 150 ms) {verdict}")
    print(f"  validate, 2,000 small files {all_files * 1000:8.0f} ms")
    return one_file > CLI_TARGET_SECONDS


def report(json_page: bytes, repeat: int) -> bool:
    """Print every row; whether one missed its target."""
    one = decode_json(json_page, endpoint=ENDPOINT).results[0]
    missed = peers(repeat)
    scaling(one)
    missed |= memory(one)
    return command_line(one) | missed


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import page

    sys.exit(1 if report(page()[0], repeat=7) else 0)
