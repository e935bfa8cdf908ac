"""Errors as HTTP answers: the library's messages for people become ``{"detail": message}``
with a status that says whose move it is, never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from oneworkforce.errors import ConfigurationError, OneWorkforceError
from oneworkforce.metrics import NoDataError, UnknownMetricError

log = logging.getLogger(__name__)

# The most specific class first: a NoDataError is also a MetricError (400).
STATUS: tuple[tuple[type[OneWorkforceError], int], ...] = (
    (UnknownMetricError, 404),  # no such metric
    (NoDataError, 404),  # no figures for the months or slice asked for
    (ConfigurationError, 503),  # no warehouse yet, or a load holds it
    (OneWorkforceError, 400),  # a bad dimension, month, slice or option
)


def status_for(exc: OneWorkforceError) -> int:
    return next(code for kind, code in STATUS if isinstance(exc, kind))


async def _known(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OneWorkforceError)
    return JSONResponse({"detail": str(exc)}, status_code=status_for(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error answering %s", request.url.path, exc_info=exc)
    return JSONResponse(
        {"detail": f"unexpected {type(exc).__name__}; see the server log, and please report it."},
        status_code=500,
    )


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OneWorkforceError, _known)
    app.add_exception_handler(Exception, _unexpected)
