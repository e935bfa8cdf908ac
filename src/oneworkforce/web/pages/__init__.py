"""The HTML pages, one module each; every page has its JSON twin under /api (``routes``)."""

from fastapi import APIRouter

from oneworkforce.web.pages import (
    board,
    drill,
    equality,
    metric,
    overview,
    planning,
    quality,
    targets,
)

router = APIRouter()
for module in (overview, metric, drill, quality, targets, equality, planning, board):
    router.include_router(module.router)
