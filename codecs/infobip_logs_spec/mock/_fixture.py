"""The ``infobip_mock`` pytest fixture: one mock server per test session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._runner import MockServer

__all__ = ["infobip_mock"]


@pytest.fixture(scope="session")
def infobip_mock() -> Iterator[MockServer]:
    """A mock of every endpoint on a free local port (seed 0, no rate limit), for the session.

    ``infobip_mock.url``, ``.credentials.basic`` (for ``auth=``) and ``.store`` (add records).
    For other settings start your own: ``with infobip_logs_spec.mock.running(...)``.
    """
    from ._runner import MockServer

    server = MockServer(seed=0, rate_limit=None)
    try:
        server.start()
    except ImportError as error:
        raise pytest.UsageError(
            f"infobip_mock needs the mock extra: pip install 'infobip-logs-spec[mock]' ({error})"
        ) from None
    try:
        yield server
    finally:
        server.stop()
