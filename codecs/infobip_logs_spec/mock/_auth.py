"""Who may call: HTTP Basic or ``Authorization: App <key>``; and how often, per key."""

from __future__ import annotations

import base64
import binascii
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Credentials", "RateLimiter"]

# The vendor's documented example credentials (the Basic header of every documented request),
# so a request copied from the documentation works against the mock as printed.
DEFAULT_USERNAME = "Aladdin"
DEFAULT_PASSWORD = "open sesame"
DEFAULT_API_KEY = "mock-api-key"


@dataclass(frozen=True)
class Credentials:
    """The account the mock accepts: one Basic user, and any number of API keys."""

    username: str = DEFAULT_USERNAME
    password: str = DEFAULT_PASSWORD
    api_keys: tuple[str, ...] = (DEFAULT_API_KEY,)

    @property
    def basic(self) -> tuple[str, str]:
        """``(username, password)``, as ``httpx``/``requests`` take ``auth``."""
        return (self.username, self.password)

    @property
    def basic_header(self) -> str:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    @property
    def app_header(self) -> str:
        return f"App {self.api_keys[0]}"

    def identify(self, authorization: str | None) -> str | None:
        """The key a request's ``Authorization`` header proves, or ``None``."""
        if not authorization:
            return None
        scheme, _, token = authorization.strip().partition(" ")
        scheme, token = scheme.lower(), token.strip()
        if scheme == "app":
            return f"app:{token}" if token in self.api_keys else None
        if scheme == "basic":
            try:
                decoded = base64.b64decode(token, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return None
            if decoded == f"{self.username}:{self.password}":
                return f"basic:{self.username}"
        return None


class RateLimiter:
    """At most ``per_minute`` requests in any 60 seconds, per key and operation."""

    def __init__(
        self, per_minute: int | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_minute is not None and per_minute < 1:
            raise ValueError(f"rate_limit must be at least 1 (or None: no limit), not {per_minute}")
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, operation: str) -> int | None:
        """``None`` when the request may go on (and counts it), else seconds to wait."""
        if self.per_minute is None:
            return None
        now = self._clock()
        with self._lock:
            seen = self._seen.setdefault((key, operation), deque())
            while seen and seen[0] <= now - 60.0:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return max(1, math.ceil(seen[0] + 60.0 - now))
            seen.append(now)
        return None
