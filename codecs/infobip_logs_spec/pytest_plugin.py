"""Contract tests in other projects: a pytest plugin, loaded through the ``pytest11`` entry point.

Use the ``infobip_contract`` fixture, or the plain function ``assert_valid_response``::

    def test_logs(infobip_contract, client):
        response = client.get("/omni/1/logs", headers={"Accept": "application/xml"})
        infobip_contract.assert_valid(response)          # endpoint from the request URL

A failure's message lists every problem, one per line, with its location.
"""

from __future__ import annotations

from typing import Any

import pytest

from .mock._fixture import infobip_mock

__all__ = ["ContractChecker", "assert_valid_response", "infobip_contract", "infobip_mock"]


def assert_valid_response(
    response: Any,
    *,
    endpoint: str | None = None,
    status: int | str | None = None,
    strict: bool = False,
) -> None:
    """Fail the test (``AssertionError``) unless the response follows the contract."""
    from ._validate import iter_errors

    problems = list(iter_errors(response, endpoint=endpoint, status=status, strict=strict))
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        lines = "\n".join(f"  {error}" for error in errors)
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        raise AssertionError(f"the response breaks the Infobip contract ({count}):\n{lines}")


class ContractChecker:
    """What the ``infobip_contract`` fixture gives: checks with the test's own defaults."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict

    def assert_valid(
        self, response: Any, *, endpoint: str | None = None, status: int | str | None = None
    ) -> None:
        assert_valid_response(response, endpoint=endpoint, status=status, strict=self.strict)


@pytest.fixture
def infobip_contract(request: pytest.FixtureRequest) -> ContractChecker:
    """Checks responses against the Infobip contract; ``--infobip-strict`` rejects new fields."""
    return ContractChecker(strict=bool(request.config.getoption("infobip_strict")))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("infobip-logs-spec")
    group.addoption(
        "--infobip-strict",
        action="store_true",
        dest="infobip_strict",
        help="treat fields the Infobip spec does not name as errors in contract checks",
    )
