"""Hypothesis strategies for every payload of the spec: typed values, JSON bytes and XML bytes.

Built from the spec's shapes, so they follow it exactly: required fields always present,
optional ones sometimes, enums and bounds honoured, strings that XML 1.0 can carry, decimals
with a random scale, dates with millisecond precision and any whole-minute offset. Use them to
property-test code that consumes these payloads::

    from hypothesis import given
    from infobip_logs_spec.strategies import xml_documents

    @given(xml_documents("/omni/1/logs"))
    def test_my_parser(body: bytes) -> None: ...
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import singledispatch
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError(
        "infobip_logs_spec.strategies needs hypothesis: pip install 'infobip-logs-spec[test]'"
    ) from error

from ._codec import encode_json, encode_xml, xml_shapes
from ._contract import Contract, contract_for, load_contract
from ._lexical import (
    NOT_XML_CHAR,
    Lexical,
    _ApiDateTime,
    _Boolean,
    _Decimal,
    _Integer,
    _String,
)
from ._model import Record, laid_out, model_class
from ._shape import ArrayNode, MapNode, Node, ObjectNode, ScalarNode, object_node

__all__ = ["json_documents", "models", "values", "xml_documents"]

XML_SAFE_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=("L", "M", "N", "P", "S", "Z", "Cc", "Co"),
    ).filter(lambda char: not NOT_XML_CHAR.match(char))
)
OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
DATES = st.builds(
    lambda moment, tz: moment.replace(microsecond=moment.microsecond // 1000 * 1000, tzinfo=tz),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    OFFSETS,
)
MAP_KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)


def _decimals(node: ScalarNode) -> st.SearchStrategy[Decimal]:
    low = Decimal(node.minimum) if node.minimum is not None else Decimal(-(10**12))
    high = Decimal(node.maximum) if node.maximum is not None else Decimal(10**12)
    return st.integers(min_value=0, max_value=10).flatmap(
        lambda places: st.decimals(
            min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
        )
    )


def _scalar(node: ScalarNode) -> st.SearchStrategy[Any]:
    if node.enum is not None:
        return st.sampled_from(node.enum)
    return _of_type(node.lexical, node)


@singledispatch
def _of_type(lexical: Lexical, node: ScalarNode) -> st.SearchStrategy[Any]:
    """Values of one lexical type, within the node's facets; one function per type."""
    raise NotImplementedError(f"no strategy for {type(lexical).__name__}")


@_of_type.register
def _(lexical: _ApiDateTime, node: ScalarNode) -> st.SearchStrategy[Any]:
    return DATES


@_of_type.register
def _(lexical: _Decimal, node: ScalarNode) -> st.SearchStrategy[Any]:
    return _decimals(node)


@_of_type.register
def _(lexical: _Boolean, node: ScalarNode) -> st.SearchStrategy[Any]:
    return st.booleans()


# What ``format: uri`` promises a JSON Schema tool (schemathesis checks it): an absolute URL.
URLS = st.from_regex(r"[a-z0-9]{1,12}(/[A-Za-z0-9-]{1,12}){0,3}", fullmatch=True).map(
    lambda path: f"https://api.infobip.com/{path}"
)


@_of_type.register
def _(lexical: _String, node: ScalarNode) -> st.SearchStrategy[Any]:
    if node.format in ("uri", "uri-reference"):
        return URLS
    if node.pattern is not None:
        return st.from_regex(node.pattern, fullmatch=True).filter(
            lambda text: not NOT_XML_CHAR.search(text)
        )
    return XML_SAFE_TEXT.filter(
        lambda text: (
            (node.min_length is None or len(text) >= node.min_length)
            and (node.max_length is None or len(text) <= node.max_length)
        )
    )


@_of_type.register
def _(lexical: _Integer, node: ScalarNode) -> st.SearchStrategy[Any]:
    low = lexical.low if node.minimum is None else node.minimum
    high = lexical.high if node.maximum is None else node.maximum
    return st.integers(min_value=low, max_value=high)


def values(
    node: Node, contract: Contract | None = None, *, max_items: int = 5
) -> st.SearchStrategy[Any]:
    """Model values for one shape (an object, an array, a map or a scalar)."""
    contract = contract or load_contract()
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, ArrayNode):
        high = max_items if node.max_items is None else min(node.max_items, max_items)
        return st.lists(
            values(node.item, contract, max_items=max_items),
            min_size=node.min_items,
            max_size=max(high, node.min_items),
        ).map(tuple)
    if isinstance(node, MapNode):
        return st.dictionaries(MAP_KEYS, values(node.value, contract, max_items=max_items))
    return _record(node, contract, max_items)


def _record(node: ObjectNode, contract: Contract, max_items: int) -> st.SearchStrategy[Record]:
    cls = model_class(contract, node.model)
    # A field every documented example has (``x-expected``) is always drawn: a value without
    # it is valid, but with a warning, and these strategies draw what needs none.
    always = {f.name for f in node.fields if f.required or f.name in node.expected}
    required = {
        f.name: values(f.node, contract, max_items=max_items)
        for f in node.fields
        if f.name in always
    }
    optional = {
        f.name: values(f.node, contract, max_items=max_items)
        for f in node.fields
        if f.name not in always
    }

    def build(found: dict[str, Any]) -> Record:
        return cls._trusted(laid_out(cls, found, {}))

    return st.fixed_dictionaries(required, optional=optional).map(build)


def models(
    endpoint: str,
    status: int | str = 200,
    *,
    max_items: int = 5,
    profile: str | None = None,
    contract: Contract | None = None,
) -> st.SearchStrategy[Record]:
    """Typed values of the answer of ``endpoint`` with ``status`` under ``profile`` (``live``
    by default); lists up to ``max_items``."""
    contract = contract_for(contract, profile)
    payload = contract.operation(endpoint).payloads(status, "application/json")[0]
    return values(object_node(contract, payload.name), contract, max_items=max_items)


def json_documents(
    endpoint: str, status: int | str = 200, **options: Any
) -> st.SearchStrategy[bytes]:
    """Valid JSON answers of ``endpoint``, as the bytes the API would send."""
    return models(endpoint, status, **options).map(encode_json)


def xml_documents(
    endpoint: str, status: int | str = 200, *, root: str | None = None, **options: Any
) -> st.SearchStrategy[bytes]:
    """Valid XML answers of ``endpoint``, in every documented shape unless ``root`` picks one."""

    def encode(value: Record) -> st.SearchStrategy[bytes]:
        roots = [shape.xml_root for shape in xml_shapes(value)]
        if root is not None:
            roots = [root]
        return st.sampled_from(roots).map(lambda chosen: encode_xml(value, root=chosen))

    return models(endpoint, status, **options).flatmap(encode)
