"""``infobip-logs-spec serve``: its options, and running until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import TextIO

from .._contract import DEFAULT_PROFILE
from .._errors import SpecError
from ._auth import DEFAULT_API_KEY, DEFAULT_PASSWORD, DEFAULT_USERNAME
from ._profiles import PROFILES
from ._runner import DEFAULT_RATE
from ._service import VARIANTS

__all__ = ["add_serve_parser", "run_serve"]

OK, FAILED, USAGE = 0, 1, 2


def add_serve_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    serve: argparse.ArgumentParser = commands.add_parser(
        "serve",
        help="run a mock of the endpoints (needs the 'mock' extra)",
        description="Serve every endpoint of the contract with generated data, until "
        "SIGINT or SIGTERM. Listens on 127.0.0.1 unless --host says otherwise.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (local only)")
    serve.add_argument("--port", type=int, default=0, help="default: 0, a free port")
    serve.add_argument("--profile", choices=list(PROFILES), default=DEFAULT_PROFILE)
    serve.add_argument("--seed", type=int, default=0, help="same seed, same data (default 0)")
    serve.add_argument("--records", type=int, default=50, help="records per endpoint (50)")
    serve.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY",
        help=f"accept 'Authorization: App KEY' (repeatable; default {DEFAULT_API_KEY})",
    )
    serve.add_argument(
        "--user",
        default=f"{DEFAULT_USERNAME}:{DEFAULT_PASSWORD}",
        metavar="USER:PASSWORD",
        help="the HTTP Basic account (default: the documentation's, Aladdin:open sesame)",
    )
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=DEFAULT_RATE,
        metavar="N",
        help=f"requests per minute per key and endpoint ({DEFAULT_RATE}); 0: no limit",
    )
    serve.add_argument(
        "--variants",
        choices=VARIANTS,
        default="canonical",
        help="XML shapes: the canonical one, or each allowed shape in turn",
    )
    serve.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="ENDPOINT=FILE",
        help="also serve the records of an answer file (JSON or XML), e.g. /tts/3/logs=a.xml",
    )
    return serve


def run_serve(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Serve until SIGINT or SIGTERM; 0 after a clean stop, 2 for a usage error."""
    from ._runner import MockServer

    username, colon, password = args.user.partition(":")
    if not colon or not username:
        print(f"--user: expected USER:PASSWORD, got {args.user!r}", file=stderr)
        return USAGE
    data: list[tuple[str, Path]] = []
    for item in args.data:
        endpoint, equals, file = item.partition("=")
        if not equals or not file:
            print(f"--data: expected ENDPOINT=FILE, got {item!r}", file=stderr)
            return USAGE
        data.append((endpoint, Path(file)))
    for option, value, low, high in (
        ("--records", args.records, 0, None),
        ("--rate-limit", args.rate_limit, 0, None),
        ("--port", args.port, 0, 65535),
    ):
        if value < low or (high is not None and value > high):
            bounds = f"{low} to {high}" if high is not None else f"{low} or more"
            print(f"{option}: expected {bounds}, got {value}", file=stderr)
            return USAGE
    try:
        server = MockServer(
            profile=args.profile,
            seed=args.seed,
            records=args.records,
            host=args.host,
            port=args.port,
            username=username,
            password=password,
            api_keys=args.api_keys or (DEFAULT_API_KEY,),
            rate_limit=args.rate_limit or None,
            variants=args.variants,
            data=data,
        )
        server.start()
    except ImportError as error:
        print(
            f"serve needs the mock extra: pip install 'infobip-logs-spec[mock]' ({error})",
            file=stderr,
        )
        return USAGE
    except (SpecError, OSError) as error:
        print(f"serve: {error}", file=stderr)
        return USAGE
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print(
            f"infobip-logs-spec mock ({args.profile} profile, seed {args.seed}) listening on "
            f"{server.url}",
            file=stdout,
        )
        print(
            f"auth: Basic {username}:{password}, or 'Authorization: App "
            f"{server.credentials.api_keys[0]}'; Ctrl-C stops",
            file=stdout,
        )
        stdout.flush()
        while not stop.wait(0.2):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", file=stdout)
    stdout.flush()
    return OK
