"""The typed codecs beside their peers, their cost per record, their memory, and start-up.

Imported by ``tools/bench.py``, which prints these rows after its own and whose exit status
is 1 when one of them misses its target; run alone with ``python tools/bench_typed.py``. The
targets (issue 12): decode_json and encode_json at most 2x orjson.loads, decode_xml 4x and
encode_xml 3x lxml.etree.fromstring, peak memory of decoding 100,000 records at most 3x the
input, a one-file ``validate`` call within 150 ms. The cost per record, whose target is to stay
flat within noise, is printed beside the parser's own for the reader to judge.

The peers read the same JSON page into models equivalent to the package's: msgspec Structs
(frozen, Decimal prices, int32 bounds; dates as strings checked against the API's
pattern, since msgspec's datetime takes RFC 3339 offsets only) and pydantic v2 models (frozen,
Decimal, aware datetimes, which pydantic reads with a ``+0100`` offset too).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import msgspec
import orjson
from lxml import etree

from _timing import apart, best_of, ratio_within
from infobip_logs_spec import Limits, decode_json, decode_xml, encode_json, encode_xml
from infobip_logs_spec.models import VoiceLogsResponse

ENDPOINT = "/tts/3/logs"
TARGETS = {"decode_json": 2.0, "encode_json": 2.0, "decode_xml": 4.0, "encode_xml": 3.0}
CLI_TARGET_SECONDS = 0.150
MEMORY_TARGET = 3.0
# Decoding 100,000 records is past the default bounds on purpose (they admit a few pages).
BIG = Limits(max_values=10_000_000, max_elements=10_000_000, max_bytes=1 << 30)

API_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{4}$"
Int32 = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)]
ApiDate = Annotated[str, msgspec.Meta(pattern=API_DATE)]


class MPrice(msgspec.Struct, frozen=True):
    pricePerSecond: Decimal
    currency: str


class MStatus(msgspec.Struct, frozen=True):
    groupId: Int32
    groupName: str
    id: Int32
    name: str
    description: str
    action: str | None = None


class MError(msgspec.Struct, frozen=True):
    groupId: Int32
    groupName: str
    id: Int32
    name: str
    description: str
    permanent: bool


class MLog(msgspec.Struct, frozen=True, rename={"from_": "from"}):
    messageId: str
    to: str
    from_: str
    text: str
    sentAt: ApiDate
    doneAt: ApiDate
    duration: Int32
    price: MPrice
    status: MStatus
    bulkId: str | None = None
    mccmnc: str | None = None
    error: MError | None = None


class MLogs(msgspec.Struct, frozen=True):
    results: tuple[MLog, ...]


def _pydantic_models() -> Any:
    """The pydantic peer, or None when pydantic is not installed (it comes with `generators`)."""
    try:
        from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
    except ImportError:
        return None

    frozen = ConfigDict(frozen=True, extra="forbid")

    class PPrice(BaseModel):
        model_config = frozen
        pricePerSecond: Decimal
        currency: str

    class PStatus(BaseModel):
        model_config = frozen
        groupId: int = Field(ge=-(2**31), le=2**31 - 1)
        groupName: str
        id: int = Field(ge=-(2**31), le=2**31 - 1)
        name: str
        description: str
        action: str | None = None

    class PError(BaseModel):
        model_config = frozen
        groupId: int
        groupName: str
        id: int
        name: str
        description: str
        permanent: bool

    class PLog(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
        messageId: str
        to: str
        from_: str = Field(alias="from")
        text: str
        sentAt: AwareDatetime
        doneAt: AwareDatetime
        duration: int = Field(ge=-(2**31), le=2**31 - 1)
        price: PPrice
        status: PStatus
        bulkId: str | None = None
        mccmnc: str | None = None
        error: PError | None = None

    class PLogs(BaseModel):
        model_config = frozen
        results: tuple[PLog, ...]

    return PLogs


def _verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "MISSED"


def peers(json_page: bytes, xml_page: bytes, repeat: int) -> bool:
    """Print the typed codecs and the peers beside the parsers; whether a target was missed."""
    value = decode_json(json_page, endpoint=ENDPOINT)
    parsers: dict[str, Callable[[], Any]] = {
        "JSON": partial(orjson.loads, json_page),
        "XML": partial(etree.fromstring, xml_page),
    }
    print("typed codecs beside their peers, 1000-record page (ratio to the format's parser)")
    rows: list[tuple[str, str, Callable[[], Any]]] = [
        ("decode_json", "JSON", lambda: decode_json(json_page, endpoint=ENDPOINT)),
        ("encode_json", "JSON", lambda: encode_json(value)),
        ("decode_xml", "XML", lambda: decode_xml(xml_page, endpoint=ENDPOINT)),
        ("encode_xml", "XML", lambda: encode_xml(value)),
    ]
    decoder = msgspec.json.Decoder(MLogs)
    rows.append(("msgspec (peer)", "JSON", lambda: decoder.decode(json_page)))
    pydantic_logs = _pydantic_models()
    if pydantic_logs is not None:
        rows.append(
            ("pydantic (peer)", "JSON", lambda: pydantic_logs.model_validate_json(json_page))
        )
    else:
        print("  pydantic (peer): not installed (pip install pydantic)")
    missed = False
    for name, fmt, call in rows:
        target = TARGETS.get(name)
        seconds, ratio = ratio_within(repeat, parsers[fmt], call, target, apart)
        said = f"(target {target:.0f}x) {_verdict(ratio, target)}" if target else ""
        missed |= target is not None and ratio > target
        print(f"  {name:<22} {seconds * 1000:8.2f} ms  {ratio:6.1f}x {said}")
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
        all_files = best_of(3, lambda: run(str(many)))
    verdict = _verdict(one_file / CLI_TARGET_SECONDS, 1.0)
    print("the command line, wall time")
    print(f"  validate, 1 small file      {one_file * 1000:8.0f} ms  (target 150 ms) {verdict}")
    print(f"  validate, 2,000 small files {all_files * 1000:8.0f} ms")
    return one_file > CLI_TARGET_SECONDS


def report(json_page: bytes, xml_page: bytes, repeat: int) -> bool:
    """Print every row; whether one missed its target."""
    one = decode_json(json_page, endpoint=ENDPOINT).results[0]
    missed = peers(json_page, xml_page, repeat)
    scaling(one)
    missed |= memory(one)
    return command_line(one) | missed


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import page

    sys.exit(1 if report(*page(), repeat=7) else 0)
