"""The board pack: for a chosen month and scope, each headline metric's SPC chart with its
icons, its figures, a commentary box, and the targets within the scope, laid out to print
(JSON twin: /api/board-pack), and the same pack as a PDF (/board-pack.pdf).

The page and the PDF are built from one ``queries.board_pack`` call for the same viewer, so
the PDF shows exactly the figures the page does; only the charts differ in how they are
drawn (Plotly in the browser, SVG on the server for the PDF)."""

from __future__ import annotations

import base64
import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from oneworkforce import __version__
from oneworkforce.config import Settings
from oneworkforce.errors import OneWorkforceError
from oneworkforce.spc.series import parse_slice
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import charts, pdf, queries, svg_charts
from oneworkforce.web import formatting as fmt
from oneworkforce.web.models import BoardPack, Headline
from oneworkforce.web.pages.common import (
    Download,
    FormMonth,
    Page,
    TableName,
    ViewerDep,
    api,
    respond,
    viewer_words,
)
from oneworkforce.web.pages.metric import points_table
from oneworkforce.web.pages.overview import headline_table, scope_words, scopes
from oneworkforce.web.pages.targets import status_table
from oneworkforce.web.routes import SettingsDep, TargetsDep, Where
from oneworkforce.web.scope import Viewer
from oneworkforce.web.tables import Table
from oneworkforce.web.targets import TargetDatabase

router = APIRouter()
PDF_URL = "/board-pack.pdf"
COMMENTARY = "commentary-"  # the commentary boxes' field names: commentary-summary, ...
MAX_COMMENTARY = 10_000  # characters in one box: pages, not a book
# The SPC icons' colours by kind (``formatting.icon_kind``), as on the pages and charts.
ICON_COLOURS = {
    "improvement": charts.COLOURS["improvement"],
    "concern": charts.COLOURS["concern"],
    "neither": charts.COLOURS["neither"],
    "common": charts.COLOURS["common_cause"],
}


@dataclass
class Pack:
    """The board pack as both the page and the PDF show it."""

    pack: BoardPack
    where: dict[str, str]
    scope: str
    scopes: list[tuple[str, str]]
    month: str | None  # the month reported: the one asked for, or the latest with figures
    charted: list[Headline]  # the metrics with a chart, in the pack's order
    headlines: Table
    targets: Table


def load_pack(
    settings: Settings, targets: TargetDatabase, viewer: Viewer, where: str, month: str | None
) -> Pack:
    """The pack for the viewer: what both the page and the PDF draw on."""
    chosen = parse_slice(where)
    specs = targets.specs()
    with open_warehouse(settings, read_only=True) as warehouse:
        pack = queries.board_pack(warehouse, viewer, chosen, month, specs)
        register = queries.register(warehouse)
    scope = scope_words(chosen, register)
    latest = max((h.month for h in pack.headlines if h.month), default=None)
    return Pack(
        pack=pack,
        where=chosen,
        scope=scope,
        scopes=scopes(register),
        month=month or latest,
        charted=[h for h in pack.headlines if h.spc is not None and h.spc.points],
        headlines=headline_table(pack.headlines, chosen, f"Headline metrics for {scope}"),
        targets=status_table(pack.targets, f"Targets within {scope}"),
    )


def pdf_url(where: str, month: str | None) -> str:
    query = urlencode({k: v for k, v in (("where", where), ("month", month)) if v})
    return f"{PDF_URL}?{query}" if query else PDF_URL


@router.get("/board-pack", include_in_schema=False)
def board_pack_page(
    request: Request,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    where: Where = "",
    month: FormMonth = None,
    download: Download = None,
    table: TableName = None,
) -> Response:
    board = load_pack(settings, targets, viewer, where, month)
    scope = board.scope
    sections = []
    tables = [board.headlines]
    for h in board.charted:
        assert h.spc is not None
        caption = f"{h.name} for {scope}, month by month"
        points = points_table(h.spc, h.unit, caption, name=f"spc_{h.metric}")
        tables.append(points)
        sections.append(
            {
                "headline": h,
                "table": points,
                "figure": charts.spc_figure(h.spc, h.unit),
                "summary": charts.spc_summary(h.name, h.spc, h.unit, scope),
            }
        )
    tables.append(board.targets)
    page = Page(
        template="board_pack.html",
        title=f"Board pack: {scope}",
        section="board",
        api_url=api("/api/board-pack", request),
        context={
            "pack": board.pack,
            "scope": scope,
            "scopes": board.scopes,
            "where_text": where,
            "month": month or "",
            "month_words": fmt.month_name(board.month) or "the latest month",
            "sections": sections,
            "pdf_url": pdf_url(where, month),
        },
        tables=tables,
        breadcrumbs=[("Overview", "/")],
        charts=True,
    )
    return respond(request, viewer, page, download, table)


# The PDF ---------------------------------------------------------------------------------------


async def typed_commentary(request: Request) -> dict[str, str]:
    """The commentary boxes as posted from the page (none for a GET): box name to text."""
    if request.method != "POST":
        return {}
    form = await request.form()
    boxes: dict[str, str] = {}
    for name, value in form.multi_items():
        if not name.startswith(COMMENTARY) or not isinstance(value, str):
            continue
        text = value.replace("\r\n", "\n").strip()
        if len(text) > MAX_COMMENTARY:
            raise OneWorkforceError(
                f"The commentary in {name} is {len(text):,} characters long; a box takes at "
                f"most {MAX_COMMENTARY:,}."
            )
        if text:
            boxes[name.removeprefix(COMMENTARY)] = text
    return boxes


Commentary = Annotated[dict[str, str], Depends(typed_commentary)]


def file_name(where: dict[str, str], month: str | None) -> str:
    """'board-pack-system-2026-01.pdf', 'board-pack-org-RXA-2026-01.pdf'."""
    scope = "-".join(f"{k}-{v}" for k, v in where.items()) or "system"
    stem = "-".join(part for part in ("board-pack", scope, month) if part)
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", stem) + ".pdf"


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def print_table(table: Table) -> Table:
    """The table without its links: a PDF goes where the site's addresses do not."""
    columns = [dataclasses.replace(c, link=None) for c in table.columns]
    return dataclasses.replace(table, columns=columns)


def print_html(request: Request, board: Pack, viewer: Viewer, commentary: dict[str, str]) -> str:
    """The print template filled in: the pack, its charts as SVG, and the typed commentary."""
    sections = []
    for h in board.charted:
        assert h.spc is not None
        summary = charts.spc_summary(h.name, h.spc, h.unit, board.scope)
        svg = svg_charts.spc_svg(h.spc, h.unit, title=summary)
        sections.append({"headline": h, "svg_uri": svg_uri(svg), "summary": summary})
    template = request.app.state.templates.get_template("board_pack_print.html")
    return template.render(
        scope=board.scope,
        month_words=fmt.month_name(board.month) or "the latest month",
        viewer_words=viewer_words(viewer),
        made=date.today().strftime("%-d %B %Y"),
        version=__version__,
        tables={"headlines": print_table(board.headlines), "targets": print_table(board.targets)},
        sections=sections,
        commentary=commentary,
        icon_colours=ICON_COLOURS,
    )


@router.api_route(PDF_URL, methods=["GET", "POST"], include_in_schema=False)
def board_pack_pdf(
    request: Request,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    commentary: Commentary,
    where: Where = "",
    month: FormMonth = None,
) -> Response:
    """The board pack as an A4 PDF: GET for empty commentary boxes to write in, POST (the
    page's form) to print the commentary typed on the page."""
    pdf.require()
    board = load_pack(settings, targets, viewer, where, month)
    content = pdf.html_to_pdf(print_html(request, board, viewer, commentary))
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{file_name(board.where, board.month)}"'
        },
    )
