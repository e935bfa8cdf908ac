"""Answers kept until the data behind them changes: pages and API calls computed once per
load, then served from memory.

Every figure on a page comes from the warehouse, which changes only when a load commits, and
from the application database (targets), which changes only through audited writes. A GET
answer is kept under the request (path, query, viewer) and the state of both; a load or a
target change moves the state on, so the next request computes afresh. Two layers:

- ``ResponseCache`` keeps whole answers (HTML or JSON bytes): a repeated request costs a file
  ``stat`` and one small query, not a warehouse connection;
- ``kept_results`` (``metrics.cache.ResultCache``) keeps each metric's full result, so the
  pages and calls that use the same metric differently (another month, another slice, another
  viewer) still compute it once.

Answers that set a cookie (the target forms' token) or that are not 200 are never kept.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from oneworkforce.appdb.models import AuditEvent, Target
from oneworkforce.metrics.cache import ResultCache
from oneworkforce.warehouse import Warehouse
from oneworkforce.web.scope import ORG_HEADER, ROLE_HEADER

KEEP_BYTES = 256 * 1024 * 1024
_RESULTS: dict[str, ResultCache] = {}
_RESULTS_LOCK = threading.Lock()


def kept_results(warehouse: Warehouse) -> ResultCache:
    """The metric results kept for this warehouse as it is now (its load state)."""
    with _RESULTS_LOCK:
        cache = _RESULTS.setdefault(str(warehouse.path), ResultCache())
    return cache.at(warehouse.load_state())


def warehouse_files_state(path: Path) -> tuple:
    """Size and change time of the warehouse file and its write-ahead log: a commit changes
    one of them, and reading changes neither, so it is a safe key without opening the file."""
    state = []
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            stat = os.stat(file)
        except FileNotFoundError:
            state.append(None)
        else:
            state.append((stat.st_size, stat.st_mtime_ns))
    return tuple(state)


class ResponseCache:
    """Whole GET answers, least recently used first out, up to ``max_bytes`` in all."""

    def __init__(self, max_bytes: int = KEEP_BYTES) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Hashable, tuple[int, dict[str, str], bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> tuple[int, dict[str, str], bytes] | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: Hashable, answer: tuple[int, dict[str, str], bytes]) -> None:
        size = len(answer[2])
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._answers:
                self._bytes -= len(self._answers.pop(key)[2])
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._bytes -= len(self._answers.popitem(last=False)[1][2])

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._answers)


def add_response_cache(app: FastAPI, is_static: Callable[[str], bool]) -> ResponseCache:
    """Keep the app's GET answers (not static files: they are files already) until the
    warehouse or the application database changes."""
    cache = ResponseCache()
    app.state.responses = cache

    def state() -> tuple:
        settings = app.state.settings
        with app.state.targets.session() as session:
            audit = session.scalar(select(func.max(AuditEvent.id)))
            targets = session.scalar(select(func.count(Target.id)))
        return (warehouse_files_state(Path(settings.warehouse_path)), audit, targets)

    @app.middleware("http")
    async def keep_answers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method != "GET" or is_static(request.url.path):
            response = await call_next(request)
            if request.method not in ("GET", "HEAD"):
                cache.clear()  # a form changed something; nothing kept can be trusted
            return response
        key = (
            request.url.path,
            str(request.url.query),
            request.headers.get(ROLE_HEADER, ""),
            request.headers.get(ORG_HEADER, ""),
            request.headers.get("accept", ""),
            await run_in_threadpool(state),
        )
        kept = cache.get(key)
        if kept is not None:
            status, headers, body = kept
            return Response(content=body, status_code=status, headers=headers)
        response = await call_next(request)
        if response.status_code != 200 or "set-cookie" in response.headers:
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        cache.put(key, (response.status_code, headers, body))
        return Response(content=body, status_code=response.status_code, headers=headers)

    return cache
