"""The server: uvicorn in a thread of this process, on a socket bound before it starts.

``with running(seed=1) as server:`` gives ``server.url``, ``server.credentials`` and
``server.store``; leaving the block stops it and waits for open requests to finish.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from .._contract import DEFAULT_PROFILE
from ._auth import DEFAULT_API_KEY, DEFAULT_PASSWORD, DEFAULT_USERNAME, Credentials, RateLimiter
from ._data import catalogue, generate
from ._profiles import get_profile
from ._service import MockService
from ._store import Store

__all__ = ["DEFAULT_RATE", "MockServer", "running"]

DEFAULT_RATE = 120  # the vendor's documented limit for logs: requests per minute
START_TIMEOUT = 30.0


class MockServer:
    """A mock of every operation of a profile's contract, listening on ``host:port``."""

    def __init__(
        self,
        *,
        profile: str = DEFAULT_PROFILE,
        seed: int = 0,
        records: int = 50,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = DEFAULT_USERNAME,
        password: str = DEFAULT_PASSWORD,
        api_keys: Iterable[str] = (DEFAULT_API_KEY,),
        rate_limit: int | None = DEFAULT_RATE,
        variants: str = "canonical",
        window_hours: float | None = 48.0,
        data: Iterable[tuple[str, Path | bytes]] = (),
    ) -> None:
        self.profile = get_profile(profile)
        contract = self.profile.contract
        entries = catalogue(contract)
        self.seed = seed
        self.credentials = Credentials(username, password, tuple(api_keys))
        window = None if window_hours is None else timedelta(hours=window_hours)
        self.store = Store(
            contract, entries, generate(contract, entries, seed=seed, count=records), window=window
        )
        for endpoint, source in data:
            self.store.load(endpoint, source)
        self.service = MockService(
            self.profile, self.store, self.credentials, RateLimiter(rate_limit), variants=variants
        )
        self.host = host
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        import uvicorn

        from ._app import build_app

        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        self._socket = sock
        config = uvicorn.Config(
            build_app(self.service),
            log_config=None,  # leave the host process's logging alone
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="infobip-mock", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the mock server did not start on {self.url}")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop accepting, let open requests finish, and release the port."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> MockServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def running(**options: Any) -> Iterator[MockServer]:
    """A started ``MockServer`` for the block; the options are ``MockServer``'s."""
    with MockServer(**options) as server:
        yield server
