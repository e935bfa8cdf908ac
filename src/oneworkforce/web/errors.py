"""Errors as HTTP answers: the library's messages for people become ``{"detail": message}``
under /api, or an error page in the NHS.UK layout elsewhere, with a status that says whose move
it is, never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from oneworkforce.errors import ConfigurationError, OneWorkforceError
from oneworkforce.metrics import NoDataError, UnknownMetricError
from oneworkforce.web.quality import UnknownLoadError
from oneworkforce.web.scope import NotAllowedError
from oneworkforce.web.tables import UnknownTableError
from oneworkforce.web.targets import UnknownTargetError

log = logging.getLogger(__name__)

# The most specific class first: a NoDataError is also a MetricError (400).
STATUS: tuple[tuple[type[OneWorkforceError], int], ...] = (
    (UnknownMetricError, 404),  # no such metric
    (UnknownLoadError, 404),  # no such load
    (UnknownTargetError, 404),  # no such target
    (UnknownTableError, 404),  # no such table to download
    (NotAllowedError, 403),  # not for this viewer
    (NoDataError, 404),  # no figures for the months or slice asked for
    (ConfigurationError, 503),  # no warehouse yet, or a load holds it
    (OneWorkforceError, 400),  # a bad dimension, month, slice or option
)
TITLES = {
    400: "The request cannot be met",
    403: "Not available to you",
    404: "Page not found",
    422: "The request cannot be read",
    500: "Something went wrong",
    503: "Not available just now",
}


def status_for(exc: OneWorkforceError) -> int:
    return next(code for kind, code in STATUS if isinstance(exc, kind))


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def error_page(request: Request, status: int, message: str) -> Response:
    """The error in the pages' layout (plain, if the stylesheet is what is missing)."""
    from oneworkforce.web.pages.common import unstyled_error

    state = request.app.state
    if getattr(state, "missing_assets", None):
        return HTMLResponse(unstyled_error(message), status_code=status)
    return state.templates.TemplateResponse(
        request,
        "error.html",
        {
            "title": TITLES.get(status, "Error"),
            "message": message,
            "status": status,
            "section": None,
            "breadcrumbs": [("Overview", "/")],
            "api_url": None,
            "viewer_words": "whoever asked",
            "assetPath": state.asset_path,
        },
        status_code=status,
    )


async def _known(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OneWorkforceError)
    if is_api(request):
        return JSONResponse({"detail": str(exc)}, status_code=status_for(exc))
    return error_page(request, status_for(exc), str(exc))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if is_api(request):
        return await http_exception_handler(request, exc)
    message = str(exc.detail)
    if exc.status_code == 404:
        message = f"There is no page at {request.url.path}. Start from the overview."
    return error_page(request, exc.status_code, message)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if is_api(request):
        return await request_validation_exception_handler(request, exc)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
    )
    return error_page(request, 422, f"Some of what was asked for cannot be read: {problems}.")


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error answering %s", request.url.path, exc_info=exc)
    message = f"unexpected {type(exc).__name__}; see the server log, and please report it."
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=500)
    return error_page(request, 500, message)


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OneWorkforceError, _known)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
