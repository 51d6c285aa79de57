"""Profiles: which compiled contract the mock serves, and the XML shapes it may answer in.

A profile is a name and the contract it loads; everything the server does is read from that
contract (operations, parameters, payloads). ``documented`` is the packaged spec, ``live`` the
contract of the applied overlay (spec/generated/openapi.live.yaml): the same code serves both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

from .._contract import PROFILES as CONTRACT_PROFILES
from .._contract import Contract, Operation, load_contract
from .._errors import SpecError
from .._shape import payload_node

__all__ = ["PROFILES", "Profile", "get_profile"]

JSON = "application/json"
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
        """The XML root elements an answer may have, the canonical one first, then the other
        shapes' and the roots' aliases (``voiceLogsResponse`` under ``live``)."""
        contract = self.contract
        model = operation.payloads(status, JSON)[0].name
        roots: dict[str, None] = {}
        for payload in operation.payloads(status, XML):
            roots[payload.xml_root] = None
        for payload in operation.payloads(status, XML):
            roots.update(
                dict.fromkeys(payload_node(contract, payload.name, model).xml_root_aliases)
            )
        return tuple(roots)


PROFILES: dict[str, Profile] = {
    name: Profile(name, partial(load_contract, name)) for name in CONTRACT_PROFILES
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise SpecError(f"unknown profile {name!r}; expected one of {known}") from None
