"""The ASGI app: Starlette carries every request, whatever its path or method, to one handler.

The handler is mounted at the root rather than routed, so that no method or path is refused
by the framework with a body or headers the contract does not know (an undeclared method gets
the handler's 405 with ``Allow``, an unknown path its 404).
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from ._service import MockService

__all__ = ["build_app"]


def build_app(service: MockService) -> Starlette:
    async def handle(scope: dict[str, Any], receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        answer = service.answer(
            request.method, scope["path"], scope["query_string"], request.headers
        )
        response = Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.media_type,
            headers=dict(answer.headers),
        )
        await response(scope, receive, send)

    return Starlette(routes=[Mount("/", app=handle)])  # type: ignore[arg-type]
