"""The ASGI app: Starlette carries every request to the one handler, whatever its path."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ._negotiation import JSON
from ._service import Answer, MockService

__all__ = ["build_app"]

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


def _response(answer: Answer) -> Response:
    return Response(
        answer.body,
        status_code=answer.status,
        media_type=answer.media_type,
        headers=dict(answer.headers),
    )


def build_app(service: MockService) -> Starlette:
    async def handle(request: Request) -> Response:
        answer = service.answer(
            request.method, request.scope["path"], request.scope["query_string"], request.headers
        )
        return _response(answer)

    async def refused(request: Request, error: Exception) -> Response:
        # What Starlette refuses before the handler (a method no route lists): same error body.
        status = error.status_code if isinstance(error, HTTPException) else 400
        text = error.detail if isinstance(error, HTTPException) else "Bad request"
        return _response(service.error(status, JSON, "BAD_REQUEST", str(text)))

    return Starlette(
        routes=[Route("/{path:path}", handle, methods=METHODS)],
        exception_handlers={HTTPException: refused},
    )
