"""The web application: a JSON API on the warehouse, read-only (the HTML pages come later,
each with its JSON twin here)."""

from __future__ import annotations

from fastapi import FastAPI

from oneworkforce import __version__
from oneworkforce.config import Settings, load_settings
from oneworkforce.web.errors import add_error_handlers
from oneworkforce.web.routes import router


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for the warehouse of ``settings`` (default: as the command line finds them,
    from ``ONEWORKFORCE_HOME``), so ``uvicorn --factory oneworkforce.web:create_app`` works."""
    app = FastAPI(
        title="OneWorkforce API",
        version=__version__,
        description="Workforce metrics and SPC charts for an NHS Integrated Care System, as "
        "JSON. The X-OneWorkforce-Role and X-OneWorkforce-Org headers say who is asking, and "
        "so which figures are shared (under disclosure control) and which are shown in full.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings or load_settings(None)
    add_error_handlers(app)
    app.include_router(router)
    return app
