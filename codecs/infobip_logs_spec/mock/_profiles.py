"""Profiles: which compiled contract the mock serves, and the XML shapes it may answer in.

A profile is a name and the contract it loads; everything the server does is read from that
contract (operations, parameters, payloads). ``documented`` is the packaged spec. A second
profile (the live API's, issue 9) is one more entry in ``PROFILES`` whose loader returns the
contract of the applied overlay: no other code of the mock changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .._contract import Contract, Operation, load_contract
from .._errors import SpecError

__all__ = ["PROFILES", "Profile", "get_profile"]

XML = "application/xml"


@dataclass(frozen=True)
class Profile:
    """A named contract the mock can serve."""

    name: str
    loader: Callable[[], Contract] = field(repr=False)

    @cached_property
    def contract(self) -> Contract:
        return self.loader()

    def xml_roots(self, operation: Operation, status: int | str) -> tuple[str, ...]:
        """The XML root elements an answer may have, the canonical one first."""
        return tuple(payload.xml_root for payload in operation.payloads(status, XML))


PROFILES: dict[str, Profile] = {
    "documented": Profile("documented", load_contract),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise SpecError(f"unknown profile {name!r}; expected one of {known}") from None
