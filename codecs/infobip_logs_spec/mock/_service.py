"""The one handler of every operation: a request in, an answer of the contract out.

Framework-free (the ASGI app only carries requests to it), and in this order: the media type
(406), the path (404) and method (405), the credential (401), the rate (429), the query (400,
with the package's own request validation naming each parameter), then the page. Every
answer's body is encoded by the package's writers from the contract's models, so a body the
contract does not allow cannot be produced.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from lxml import etree

from .._codec import encode_json, encode_xml
from .._contract import Operation
from .._model import Record, laid_out, model_class
from .._request import _deserialize, iter_request_errors
from .._shape import object_node
from .._xml_codec import to_xml_element
from ._auth import Credentials, RateLimiter
from ._data import Catalogue
from ._negotiation import JSON, XML, negotiate
from ._profiles import Profile, XmlForm
from ._spellings import vendor_json, vendor_xml
from ._store import Store

__all__ = ["VARIANTS", "Answer", "MockService"]

MAX_QUERY = 8192  # bytes of query string; past it a 400, before anything parses it
ROOT_HEADER = "x-mock-xml-root"  # picks the XML shape of one answer (omniLogsResponse)
VARIANTS = ("canonical", "cycle")
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class MockService:
    """Answers requests for every operation of a profile's contract from a store."""

    def __init__(
        self,
        profile: Profile,
        store: Store,
        credentials: Credentials,
        limiter: RateLimiter,
        *,
        variants: str = "canonical",
    ) -> None:
        if variants not in VARIANTS:
            raise ValueError(f"variants must be one of {', '.join(VARIANTS)}, not {variants!r}")
        self.profile = profile
        self.contract = profile.contract
        self.store = store
        self.credentials = credentials
        self.limiter = limiter
        self.variants = variants
        self._by_path: dict[str, Operation] = {op.path: op for op in self.contract.operations}
        self._turns: dict[tuple[str, str], itertools.count[int]] = {}
        self._turns_lock = threading.Lock()
        first = self.contract.operations[0]
        self._error_model = model_class(self.contract, first.payloads(401, JSON)[0].name)

    # ------------------------------------------------------------------ answers

    def error(
        self,
        status: int,
        media_type: str,
        message_id: str,
        text: str,
        problems: Mapping[str, list[str]] | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> Answer:
        exception: dict[str, Any] = {"messageId": message_id, "text": text}
        if problems:
            exception["validationErrors"] = dict(problems)
        value = self._error_model(requestError={"serviceException": exception})
        return Answer(status, media_type, self._encode(value, media_type, None), headers)

    def _encode(self, value: Record, media_type: str, root: str | None) -> bytes:
        if media_type == XML:
            return encode_xml(value, root=root)
        return encode_json(value)

    def _turn(self, operation: Operation, media_type: str) -> int:
        """How many answers of this operation came before (0 unless variants cycle)."""
        if self.variants == "canonical":
            return 0
        with self._turns_lock:
            # Per format: a client alternating JSON and XML still meets every variant of each.
            counter = self._turns.setdefault((operation.path, media_type), itertools.count())
            return next(counter)

    def _form(self, operation: Operation, asked: str | None, turn: int) -> XmlForm:
        forms = self.profile.xml_forms(operation, 200)
        if asked is not None:
            return next(form for form in forms if form.root == asked)
        return forms[turn % len(forms)]

    def answer(
        self, method: str, path: str, raw_query: bytes, headers: Mapping[str, str]
    ) -> Answer:
        media_type = negotiate(headers.get("accept"))
        if media_type is None:
            return self.error(
                406,
                JSON,
                "BAD_REQUEST",
                f"cannot answer in {headers.get('accept', '')[:100]!r}; "
                f"expected Accept: {JSON} or {XML}",
            )
        operation = self._by_path.get(path)
        if operation is None:
            known = ", ".join(self._by_path)
            return self.error(
                404, media_type, "BAD_REQUEST", f"unknown path {path[:200]!r}; expected {known}"
            )
        if method.lower() not in (operation.method, "head"):
            return self.error(
                405,
                media_type,
                "BAD_REQUEST",
                f"method {method[:20]} is not defined for {path}; expected "
                f"{operation.method.upper()}",
                headers=(("Allow", operation.method.upper()),),
            )
        key = self.credentials.identify(headers.get("authorization"))
        if key is None:
            return self.error(
                401,
                media_type,
                "UNAUTHORIZED",
                "Invalid login details",
                headers=(("WWW-Authenticate", 'Basic realm="Infobip"'),),
            )
        wait = self.limiter.retry_after(key, operation.path)
        if wait is not None:
            return self.error(
                429,
                media_type,
                "TOO_MANY_REQUESTS",
                "Too many requests",
                headers=(("Retry-After", str(wait)),),
            )
        return self._page(operation, media_type, raw_query, headers.get(ROOT_HEADER))

    def _page(
        self, operation: Operation, media_type: str, raw_query: bytes, root: str | None
    ) -> Answer:
        if len(raw_query) > MAX_QUERY:
            return self.error(
                400,
                media_type,
                "BAD_REQUEST",
                f"the query string has {len(raw_query)} bytes; at most {MAX_QUERY} are read",
            )
        query = raw_query.decode("latin-1")
        problems: dict[str, list[str]] = {}
        line = f"GET {operation.path}?{query}" if query else f"GET {operation.path}"
        for error in iter_request_errors(line, contract=self.contract):
            name = str(error.path[1]) if len(error.path) > 1 else "query"
            message = error.message
            if not XML_NAME.match(name):
                name, message = "query", f"{name[:60]!r}: {message}"
            problems.setdefault(name, []).append(message)
        roots = self.profile.xml_roots(operation, 200)
        if root is not None and root not in roots:
            problems.setdefault("query", []).append(
                f"{ROOT_HEADER} {root[:60]!r} is not an XML shape of {operation.path}; "
                f"expected one of {', '.join(roots)}"
            )
        if problems:
            return self.error(400, media_type, "BAD_REQUEST", "Bad request", problems)
        entry = self.store.entry(operation.path)
        given = self._values(operation, query)
        tests = [
            (rule, rule.prepare(value))
            for name, value in given.items()
            if (rule := entry.query.rules.get(name)) is not None
        ]
        selected = self.store.select(
            operation.path,
            lambda item: all(rule.matches(item, value) for rule, value in tests),
            self._limit(entry, given),
        )
        cls = model_class(self.contract, entry.payload.model)
        payload = cls._trusted(laid_out(cls, {entry.items.name: tuple(selected)}, {}))
        turn = self._turn(operation, media_type)
        # The profile's own shapes: a record's class serves every profile, with live's shapes.
        model = entry.payload.model
        if media_type == JSON:
            body = self._encode(payload, JSON, None)
            # Every other answer in the vendor's spellings, where the profile has them.
            if turn % 2:
                body = vendor_json(body, object_node(self.contract, model))
            return Answer(200, JSON, body)
        form = self._form(operation, root, turn)
        body = etree.tostring(
            to_xml_element(form.shape, payload, form.root), encoding="UTF-8", xml_declaration=True
        )
        if (turn // len(self.profile.xml_forms(operation, 200))) % 2:
            body = vendor_xml(body, form.shape)  # each form in both spellings, in turn
        return Answer(200, XML, body)

    def _values(self, operation: Operation, query: str) -> dict[str, Any]:
        grouped: dict[str, list[str]] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            grouped.setdefault(name, []).append(value)
        return {
            name: _deserialize(parameter, self.contract.resolve(parameter.schema), values)
            for name, values in grouped.items()
            if (parameter := operation.parameters.get(name)) is not None
        }

    def _limit(self, entry: Catalogue, given: Mapping[str, Any]) -> int | None:
        limit = given.get("limit", entry.query.default_limit)
        return None if limit is None else max(int(limit), 0)
