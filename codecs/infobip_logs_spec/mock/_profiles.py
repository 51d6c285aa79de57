"""Profiles: which compiled contract the mock serves, and the XML shapes it may answer in.

A profile is a name and the contract it loads; everything the server does is read from that
contract (operations, parameters, payloads). ``documented`` is the packaged spec, ``live`` the
contract of the applied overlay (spec/generated/openapi.live.yaml): the same code serves both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import NamedTuple

from .._contract import PROFILES as CONTRACT_PROFILES
from .._contract import Contract, Operation, load_contract
from .._errors import SpecError
from .._shape import ObjectNode, payload_node

__all__ = ["PROFILES", "Profile", "XmlForm", "get_profile"]

JSON = "application/json"
XML = "application/xml"


class XmlForm(NamedTuple):
    """A shape of an XML answer, and the name its root element is written under."""

    shape: ObjectNode
    root: str


@dataclass(frozen=True)
class Profile:
    """A named contract the mock can serve."""

    name: str
    loader: Callable[[], Contract] = field(repr=False)

    @cached_property
    def contract(self) -> Contract:
        return self.loader()

    def xml_forms(self, operation: Operation, status: int | str) -> tuple[XmlForm, ...]:
        """Every form an XML answer may take: each shape under its own root, the canonical
        first, then each shape under each alias of its root (``voiceLogsResponse``, and the
        wrapped omni logs under ``omniLogsResponse`` under ``live``)."""
        contract = self.contract
        model = operation.payloads(status, JSON)[0].name
        shapes = [payload_node(contract, p.name, model) for p in operation.payloads(status, XML)]
        return (
            *(XmlForm(shape, shape.xml_root) for shape in shapes),
            *(XmlForm(shape, alias) for shape in shapes for alias in shape.xml_root_aliases),
        )

    def xml_roots(self, operation: Operation, status: int | str) -> tuple[str, ...]:
        """The root element names an answer may have, the canonical one first."""
        return tuple(dict.fromkeys(form.root for form in self.xml_forms(operation, status)))


PROFILES: dict[str, Profile] = {
    name: Profile(name, partial(load_contract, name)) for name in CONTRACT_PROFILES
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise SpecError(f"unknown profile {name!r}; expected one of {known}") from None
