"""A reference mock of the Infobip log and report endpoints, served from the contract.

Needs the ``mock`` extra (``pip install 'infobip-logs-spec[mock]'``: Starlette and uvicorn)::

    from infobip_logs_spec.mock import running

    with running(seed=1) as server:
        httpx.get(server.url + "/tts/3/logs", auth=server.credentials.basic)

Every operation of the profile's contract is served by one handler: content negotiation on
``Accept``, every query parameter as a filter, the 48-hour window, delivery reports returned
once, HTTP Basic and ``App`` keys, a per-key rate limit, and 400/401/406/429 error bodies of the
contract. ``infobip-logs-spec serve`` runs it from the command line; the pytest plugin's
``infobip_mock`` fixture starts one per test session.
"""

from __future__ import annotations

from ._auth import Credentials
from ._profiles import PROFILES, Profile
from ._runner import MockServer, running
from ._service import Answer, MockService
from ._store import Store

__all__ = [
    "PROFILES",
    "Answer",
    "Credentials",
    "MockServer",
    "MockService",
    "Profile",
    "Store",
    "running",
]
