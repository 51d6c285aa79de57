"""The ``infobip_mock`` pytest fixture: one mock server per test session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .._contract import DEFAULT_PROFILE

if TYPE_CHECKING:
    from ._runner import MockServer

__all__ = ["infobip_mock"]


@pytest.fixture(scope="session")
def infobip_mock(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """A mock of every endpoint on a free local port (seed 0, no rate limit), for the session,
    serving the profile ``--infobip-profile`` or the ini's ``infobip_profile`` names (live by
    default).

    ``infobip_mock.url``, ``.credentials.basic`` (for ``auth=``) and ``.store`` (add records).
    For other settings start your own: ``with infobip_logs_spec.mock.running(...)``.
    """
    from ._runner import MockServer

    config = request.config
    profile = config.getoption("infobip_profile", None) or config.getini("infobip_profile")
    server = MockServer(seed=0, rate_limit=None, profile=profile or DEFAULT_PROFILE)
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
