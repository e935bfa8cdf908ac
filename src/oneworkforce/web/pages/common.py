"""What every page does: open the warehouse, render a template in the NHS.UK layout, or hand
over one of its tables as CSV or Excel (the same parameters plus ``download`` and ``table``),
and name its JSON twin under /api."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BeforeValidator

from oneworkforce.web import tables as T
from oneworkforce.web.routes import End, Month, Start
from oneworkforce.web.scope import Viewer, current_viewer


def _blank_is_unset(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# A GET form sends a field left empty as ``name=``: on a page that means "not given" (the
# latest month, no target), as the forms' hints say, not a malformed value.
Blank = BeforeValidator(_blank_is_unset)
FormStart = Annotated[Start, Blank]
FormEnd = Annotated[End, Blank]
FormMonth = Annotated[Month, Blank]

ViewerDep = Annotated[Viewer, Depends(current_viewer)]
Download = Annotated[
    str | None, Query(description="csv or xlsx: a table of the page as a file, not the page.")
]
TableName = Annotated[str | None, Query(description="Which table to download (default the first).")]
ROLE_WORDS = {
    "public": "the public: shared figures, under disclosure control",
    "ics_analyst": "an ICS analyst: every figure in full",
}


@dataclass
class Page:
    """A page to render: its template, title, place in the navigation, breadcrumbs (text,
    link) above it, the URL of its JSON twin, what the template needs and its tables."""

    template: str
    title: str
    section: str
    api_url: str
    context: dict[str, Any] = field(default_factory=dict)
    tables: Sequence[T.Table] = ()
    breadcrumbs: Sequence[tuple[str, str]] = ()
    charts: bool = False
    status_code: int = 200


def viewer_words(viewer: Viewer) -> str:
    if viewer.role == "org_lead":
        return (
            f"the workforce lead of {viewer.org_code}: {viewer.org_code}'s figures in full, "
            "the rest shared under disclosure control"
        )
    return ROLE_WORDS[viewer.role]


def respond(
    request: Request,
    viewer: Viewer,
    page: Page,
    download: str | None = None,
    table: str | None = None,
) -> Response:
    """The page as HTML, or one of its tables as a file when ``download`` is given."""
    if download:
        content, name = T.download(page.tables, table, download)
        return Response(
            content,
            media_type=T.DOWNLOADS[download],
            headers={"Content-Disposition": f'attachment; filename="{page.section}-{name}"'},
        )
    missing = request.app.state.missing_assets
    if missing:
        return HTMLResponse(unstyled_error(missing), status_code=503)

    def download_url(name: str, file_format: str) -> str:
        return str(request.url.include_query_params(download=file_format, table=name))

    context = {
        "title": page.title,
        "section": page.section,
        "breadcrumbs": page.breadcrumbs,
        "api_url": page.api_url,
        "charts": page.charts,
        "viewer": viewer,
        "viewer_words": viewer_words(viewer),
        "download_url": download_url,
        "assetPath": request.app.state.asset_path,
        "tables": {t.name: t for t in page.tables},
        **page.context,
    }
    return request.app.state.templates.TemplateResponse(
        request, page.template, context, status_code=page.status_code
    )


def unstyled_error(message: str) -> str:
    """A page saying what is wrong when the stylesheet itself is what is missing."""
    from html import escape

    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>OneWorkforce: web pages not built</title></head><body><main>"
        f"<h1>The web pages are not built</h1><p>{escape(message)}</p></main></body></html>"
    )


def where_param(query: str) -> str:
    """``?where=`` for a link: a place or staff group may hold ``&``, ``+`` or a space, which
    would otherwise end or change the slice (``=`` and ``,`` stay readable)."""
    return "?where=" + quote(query, safe="=,")


def twin_query(request: Request, drop: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The page's query as its JSON twin takes it: less the download parameters, ``drop``
    and the fields a form sent empty (which the API would read as malformed)."""
    gone = {"download", "table", *drop}
    return [(k, v) for k, v in request.query_params.multi_items() if k not in gone and v.strip()]


def api(path: str, request: Request) -> str:
    """The JSON twin's URL: ``path`` with the page's own query (less the download ones)."""
    query = urlencode(twin_query(request))
    return f"{path}?{query}" if query else path
