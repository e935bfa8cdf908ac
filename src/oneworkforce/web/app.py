"""The web application: server-rendered pages in the NHS.UK design system (``pages``) and,
under /api, their JSON twins (``routes``), both read-only on the warehouse but for targets,
which ICS analysts edit."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from oneworkforce import __version__
from oneworkforce.config import Settings, load_settings
from oneworkforce.web import assets
from oneworkforce.web.cache import add_response_cache
from oneworkforce.web.errors import add_error_handlers
from oneworkforce.web.pages import router as pages_router
from oneworkforce.web.routes import router
from oneworkforce.web.targets import TargetDatabase
from oneworkforce.web.templating import templates

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for the warehouse of ``settings`` (default: as the command line finds
    them, from ``ONEWORKFORCE_HOME``), so ``uvicorn --factory oneworkforce.web:create_app``
    works."""
    app = FastAPI(
        title="OneWorkforce API",
        version=__version__,
        description="Workforce metrics and SPC charts for an NHS Integrated Care System, as "
        "JSON: the twin of every page of the web application. The X-OneWorkforce-Role and "
        "X-OneWorkforce-Org headers say who is asking, and so which figures are shared (under "
        "disclosure control) and which are shown in full.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings or load_settings(None)
    app.state.targets = TargetDatabase(app.state.settings)
    app.state.templates = templates()
    app.state.asset_path = assets.ASSET_URL
    app.state.missing_assets = assets.missing_assets()
    if app.state.missing_assets:
        log.warning(app.state.missing_assets)
    add_error_handlers(app)
    add_response_cache(app, is_static=lambda path: path.startswith(assets.STATIC_URL))
    app.include_router(router)
    app.include_router(pages_router)

    @app.get(assets.PLOTLY_URL, include_in_schema=False)
    def plotly_js() -> FileResponse:
        """plotly.js from the installed ``plotly`` package: charts never need a CDN."""
        return FileResponse(assets.plotly_js(), media_type="text/javascript")

    app.mount(assets.STATIC_URL, StaticFiles(directory=assets.STATIC_DIR), name="static")
    return app
