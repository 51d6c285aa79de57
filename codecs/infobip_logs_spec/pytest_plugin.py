"""Contract tests in other projects: a pytest plugin, loaded through the ``pytest11`` entry point.

Use the ``infobip_contract`` fixture, or the plain function ``assert_valid_response``::

    def test_logs(infobip_contract, client):
        response = client.get("/omni/1/logs", headers={"Accept": "application/xml"})
        infobip_contract.assert_valid(response)          # endpoint from the request URL

The expected status is part of the check: the operation's success status unless ``status=``
says otherwise, so a 401 answer fails with "expected HTTP 200, got 401" even though its body is
a valid error body. A failure lists every problem, one per line, with its location. Responses
are judged by the ``live`` profile unless ``--infobip-profile documented`` or
``infobip_profile = documented`` in the ini file says otherwise. What the profile only tolerates
(fields no source names, a missing expected field, a tolerated spelling) are pytest warnings
(``ContractWarning``), or failures with ``--infobip-strict`` or ``infobip_strict = true``.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from ._contract import PROFILES
from ._errors import ContractWarning
from .mock._fixture import infobip_mock

__all__ = [
    "ContractChecker",
    "ContractWarning",
    "assert_valid_response",
    "infobip_contract",
    "infobip_mock",
]


def assert_valid_response(
    response: Any,
    *,
    endpoint: str | None = None,
    status: int | str | None = None,
    profile: str | None = None,
    strict: bool = False,
    _stacklevel: int = 2,
) -> None:
    """Fail the test (``AssertionError``) unless the response follows the contract, with the
    expected ``status`` (default: the operation's success status)."""
    __tracebackhide__ = True  # the failure is in the caller's test, not in this plugin
    from ._contract import contract_for
    from ._validate import iter_errors, read_payload

    source = read_payload(response)
    contract = contract_for(None, profile)
    operation = contract.operation(endpoint or source.endpoint or "")
    expected = str(status) if status is not None else _success_status(operation.responses)
    if source.status is not None and str(source.status) != expected:
        raise AssertionError(f"expected HTTP {expected} from {operation.path}, got {source.status}")
    problems = list(
        iter_errors(
            source, endpoint=operation.path, status=expected, strict=strict, contract=contract
        )
    )
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        lines = "\n".join(f"  {error}" for error in errors)
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        raise AssertionError(f"the response breaks the Infobip contract ({count}):\n{lines}")
    for problem in problems:
        # Attributed to the test's line, not to this plugin.
        warned = ContractWarning(f"{operation.path}: {problem}", [problem])
        warnings.warn(warned, stacklevel=_stacklevel)


def _success_status(responses: Any) -> str:
    return next((status for status in responses if status.startswith("2")), "200")


class ContractChecker:
    """What the ``infobip_contract`` fixture gives: checks with the test's own defaults."""

    def __init__(self, *, strict: bool = False, profile: str | None = None) -> None:
        self.strict = strict
        self.profile = profile

    def assert_valid(
        self, response: Any, *, endpoint: str | None = None, status: int | str | None = None
    ) -> None:
        __tracebackhide__ = True
        assert_valid_response(
            response,
            endpoint=endpoint,
            status=status,
            profile=self.profile,
            strict=self.strict,
            _stacklevel=3,
        )


@pytest.fixture
def infobip_contract(request: pytest.FixtureRequest) -> ContractChecker:
    """Checks responses against the Infobip contract; ``--infobip-strict`` rejects new fields."""
    config = request.config
    strict = config.getoption("infobip_strict") or config.getini("infobip_strict")
    profile = config.getoption("infobip_profile") or config.getini("infobip_profile") or None
    return ContractChecker(strict=bool(strict), profile=profile)


def pytest_configure(config: pytest.Config) -> None:
    """A profile the ini names that does not exist stops the run at once, not in every test."""
    named = config.getini("infobip_profile")
    if named and named not in PROFILES:
        raise pytest.UsageError(f"infobip_profile = {named}: expected one of {', '.join(PROFILES)}")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("infobip-logs-spec")
    group.addoption(
        "--infobip-strict",
        action="store_true",
        dest="infobip_strict",
        help="treat what the Infobip profile only tolerates as errors in contract checks",
    )
    group.addoption(
        "--infobip-profile",
        choices=tuple(PROFILES),
        default=None,
        dest="infobip_profile",
        help="judge responses by what the API sends (live, the default) or by its documentation",
    )
    parser.addini(
        "infobip_profile",
        default="",
        help="the Infobip profile contract checks judge by: live (default) or documented",
    )
    parser.addini(
        "infobip_strict",
        type="bool",
        default=False,
        help="treat what the Infobip profile only tolerates as errors in contract checks",
    )
