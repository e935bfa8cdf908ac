"""The board pack as PDF: a real PDF with a page per charted metric, the figures of the board
pack's JSON twin for the viewer asking, the commentary typed on the page, nothing fetched from
anywhere, a clear 503 without WeasyPrint; and the SVG charts it draws, point by point."""

from __future__ import annotations

import io
import shutil
import socket
import sys
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from pypdf import PdfReader

from oneworkforce.config import Settings, initialise_home
from oneworkforce.targets import validate_target
from oneworkforce.web import create_app, pdf, svg_charts
from oneworkforce.web import formatting as fmt
from oneworkforce.web.charts import COLOURS, TARGET
from oneworkforce.web.models import SpcPoint, SpcResult
from oneworkforce.web.pages import board
from oneworkforce.web.scope import Viewer
from tests.web.conftest import viewer
from tests.web.test_pages import get_json, parse

pytestmark = pytest.mark.slow

ANALYST = viewer("ics_analyst")
MONTH = "2026-01"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def home(api_settings, tmp_path_factory) -> Settings:
    """A copy of the web tests' warehouse with a target of its own, so the pack has a target
    line, an assurance icon and a targets table."""
    settings = initialise_home(tmp_path_factory.mktemp("board_pdf") / "home")[0]
    shutil.copy(api_settings.warehouse_path, settings.warehouse_path)
    return settings


@pytest.fixture(scope="module")
def app_client(home) -> TestClient:
    app = create_app(home)
    spec = validate_target(
        name="Sickness at most 4.5 %",
        metric_id="sickness_rate",
        target_value=4.5,
        due_month="2026-12",
        baseline_month="2025-03",
    )
    app.state.targets.save(Viewer(role="ics_analyst"), None, spec)
    return TestClient(app)


@pytest.fixture(scope="module")
def system_pdf(app_client) -> Response:
    """The whole system's pack for the public, with no commentary."""
    return app_client.get("/board-pack.pdf", params={"month": MONTH})


def pages_of(content: bytes) -> list[str]:
    """The text of each page, whitespace made single spaces (table cells wrap)."""
    assert content.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def page_of(pages: list[str], heading: str) -> str:
    found = [text for text in pages if text.startswith(heading + " ")]
    assert len(found) == 1, (heading, [p[:60] for p in pages])
    return found[0]


def get_pdf(client: TestClient, headers: dict | None = None, **params) -> list[str]:
    response = client.get("/board-pack.pdf", params=params, headers=headers or {})
    assert response.status_code == 200, response.text[:2000]
    assert response.headers["content-type"] == "application/pdf"
    return pages_of(response.content)


def charted(twin: dict) -> list[dict]:
    return [h for h in twin["headlines"] if h["spc"] and h["spc"]["points"]]


# The PDF ---------------------------------------------------------------------------------------


def test_the_pdf_is_a4_with_a_page_per_charted_metric(app_client, system_pdf):
    response = system_pdf
    assert response.status_code == 200, response.text[:2000]
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="board-pack-system-2026-01.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    pages = pages_of(response.content)
    twin = get_json(app_client, "/api/board-pack", month=MONTH)
    for h in charted(twin):
        page_of(pages, h["name"])
    assert pages[-1].startswith("Targets ") and "Sickness at most 4.5 %" in pages[-1]
    for number, text in enumerate(pages, start=1):
        assert "Workforce board pack: the whole system, January 2026" in text
        assert f"Page {number} of {len(pages)}" in text
    # The target is charted, with the assurance icon's meaning in words.
    sickness = page_of(pages, "Sickness absence rate")
    assert "Target: Sickness at most 4.5 %" in sickness
    spc = next(h for h in twin["headlines"] if h["metric"] == "sickness_rate")["spc"]
    assert fmt.assurance(spc["assurance"]) in sickness


def _differing_scope(client: TestClient) -> str:
    """A scope whose board pack the public sees with figures hidden that an analyst sees."""
    register = get_json(client, "/api/organisations")
    for org in register["organisations"]:
        where = f"org={org['org']}"
        public = get_json(client, "/api/board-pack", where=where, month=MONTH)
        analyst = get_json(client, "/api/board-pack", ANALYST, where=where, month=MONTH)
        if [h["value"] for h in charted(public)] != [h["value"] for h in charted(analyst)]:
            return where
    raise AssertionError("every organisation's pack is the same for the public and analysts")


def test_the_pdf_shows_the_figures_of_the_twin_for_each_viewer(app_client):
    where = _differing_scope(app_client)
    seen = {}
    for headers in ({}, ANALYST):
        twin = get_json(app_client, "/api/board-pack", headers, where=where, month=MONTH)
        pages = get_pdf(app_client, headers, where=where, month=MONTH)
        drawn = charted(twin)
        # A page per charted metric, and no other: a series hidden from the viewer is not drawn.
        headings = tuple(h["name"] + " " for h in twin["headlines"])
        assert len([p for p in pages if p.startswith(headings)]) == len(drawn)
        for h in drawn:
            text = page_of(pages, h["name"])
            latest = f"{fmt.number(h['value'], h['unit'])} in {fmt.month_name(h['month'])}"
            assert text.startswith(f"{h['name']} {latest}"), text[:200]
            assert fmt.variation(h["spc"]["variation"]) in text
        summary = pages[0]
        for h in twin["headlines"]:
            assert f"{h['name']} {fmt.number(h['value'], h['unit'])}" in summary, h["name"]
        seen[bool(headers)] = [(h["metric"], h["value"]) for h in drawn]
    assert seen[False] != seen[True]  # the public's pack hides what the analyst's shows


def test_the_commentary_typed_on_the_page_is_printed(app_client, system_pdf):
    twin = get_json(app_client, "/api/board-pack", month=MONTH)
    first = charted(twin)[0]
    response = app_client.post(
        f"/board-pack.pdf?month={MONTH}",
        data={
            "commentary-summary": "Staffing is <b>stable</b> & steady.\r\nSee the sickness page.",
            f"commentary-{first['metric']}": "Recruitment fair in March.",
            "commentary-targets": "   ",
            "unrelated": "not printed",
        },
    )
    assert response.status_code == 200, response.text[:2000]
    pages = pages_of(response.content)
    assert "Staffing is <b>stable</b> & steady. See the sickness page." in pages[0]
    assert "Recruitment fair in March." in page_of(pages, first["name"])
    assert "not printed" not in " ".join(pages)
    # Without commentary, the boxes are there to write in, and empty.
    blank = pages_of(system_pdf.content)
    assert "Commentary on the summary" in blank[0]
    assert "Recruitment fair in March." not in " ".join(blank)


def test_the_page_posts_its_commentary_to_the_pdf(app_client):
    response = app_client.get("/board-pack", params={"month": MONTH})
    assert response.status_code == 200
    page = parse(response.text)
    link = f"/board-pack.pdf?month={MONTH}"
    assert link in [a.get("href") for t, a in page.tags if t == "a"]
    form = next(a for t, a in page.tags if t == "form" and a.get("method") == "post")
    assert form["action"] == link
    # Every commentary box is inside that form, with its submit button.
    start = response.text.index('id="board-pack-commentary"')
    end = response.text.index("</form>", start)
    boxes = [a["name"] for t, a in page.tags if t == "textarea"]
    assert "commentary-summary" in boxes and "commentary-targets" in boxes
    assert all(f'name="{name}"' in response.text[start:end] for name in boxes)
    assert 'type="submit"' in response.text[start:end]


def test_too_much_commentary_is_refused_with_a_reason(app_client):
    text = "x" * (board.MAX_COMMENTARY + 1)
    response = app_client.post("/board-pack.pdf", data={"commentary-summary": text})
    assert response.status_code == 400
    assert "at most 10,000" in response.text


def test_the_pdf_fetches_nothing(app_client, monkeypatch):
    asked: list[str] = []
    html: list[str] = []
    render = pdf.html_to_pdf

    def spy(document: str, _asked: list[str] | None = None) -> bytes:
        html.append(document)
        return render(document, asked)

    monkeypatch.setattr(board.pdf, "html_to_pdf", spy)
    response = app_client.post("/board-pack.pdf", data={"commentary-summary": "x"})
    assert response.status_code == 200, response.text[:2000]
    assert asked and all(url.startswith("data:image/svg+xml;base64,") for url in asked)
    page = parse(html[0])
    addresses = [a.get(k) for t, a in page.tags for k in ("src", "href") if a.get(k)]
    assert all(url.startswith("data:") for url in addresses), addresses
    assert "<link" not in html[0] and "<script" not in html[0] and "@import" not in html[0]


def test_the_fetcher_refuses_every_address_that_is_not_inline(monkeypatch):
    connections: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, a: connections.append(a))
    document = (
        '<html><head><link rel="stylesheet" href="https://example.org/style.css"></head>'
        '<body><img src="http://example.org/logo.png" alt="">'
        '<img src="file:///etc/hostname" alt=""><p>Figures</p></body></html>'
    )
    asked: list[str] = []
    content = pdf.html_to_pdf(document, asked)
    assert content.startswith(b"%PDF-")
    assert set(asked) == {
        "https://example.org/style.css",
        "http://example.org/logo.png",
        "file:///etc/hostname",
    }
    assert connections == []


def test_without_weasyprint_the_pdf_route_says_why(app_client, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as when it is not installed
    response = app_client.get("/board-pack.pdf", params={"where": "place=Riverford"})
    assert response.status_code == 503
    assert "Pango" in response.text and "apt-get install" in response.text
    assert "Traceback" not in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_the_pdf_file_is_named_by_scope_and_month():
    assert board.file_name({}, "2026-01") == "board-pack-system-2026-01.pdf"
    assert board.file_name({"org": "RXA"}, "2026-01") == "board-pack-org-RXA-2026-01.pdf"
    assert board.file_name({"place": 'North "East"'}, None) == "board-pack-place-North_East_.pdf"


# The SVG charts ------------------------------------------------------------------------------


def _chart(types: list[str], target: float | None = None) -> SpcResult:
    points = [
        SpcPoint(
            month=f"{2025 + i // 12}-{i % 12 + 1:02d}",
            value=5.0 + (i % 3),
            period=1,
            mean=6.0,
            lower=3.0,
            upper=9.0,
            near_lower=4.0,
            near_upper=8.0,
            baseline=True,
            outside_limits=False,
            two_of_three=False,
            shift=False,
            trend=False,
            rules=[] if kind == "common_cause" else ["shift"],
            special_cause=kind != "common_cause",
            side=None if kind == "common_cause" else "high",
            point_type=kind,
        )
        for i, kind in enumerate(types)
    ]
    return SpcResult(
        metric="sickness_rate",
        where={},
        start=None,
        end=None,
        good_direction="down",
        target=target,
        baseline=None,
        rebase=[],
        run_length=7,
        screen=True,
        variation=f"{types[-1]}_high" if types[-1] != "common_cause" else "common_cause",
        assurance="hit_and_miss" if target is not None else None,
        warnings=[],
        viewer=Viewer(role="public"),
        shared=True,
        points=points,
    )


def _group(svg: str, gid: str) -> ET.Element | None:
    return ET.fromstring(svg).find(f".//{SVG}g[@id='{gid}']")


def test_svg_points_are_coloured_by_what_they_signal():
    kinds = ["common_cause", "concern", "improvement", "common_cause", "neither", "concern"]
    svg = svg_charts.spc_svg(_chart(kinds), "percent", title="Sickness: 7% in June 2025")
    points = _group(svg, "points")
    assert points is not None
    fills = [
        use.get("style", "").split("fill: ")[1].split(";")[0] for use in points.iter(f"{SVG}use")
    ]
    assert fills == [COLOURS[k] for k in kinds]
    assert _group(svg, "target") is None  # no target, no target line
    for part in ("mean", "upper", "lower", "values"):
        assert _group(svg, part) is not None, part
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Sickness: 7% in June 2025"
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {
        "Jan 2025",
        "Jun 2025",
        "Special cause: concern",
        "Special cause: improvement",
    } <= labels
    assert "Target" not in labels


def test_svg_draws_the_target_line_and_the_limits_dashed():
    svg = svg_charts.spc_svg(_chart(["common_cause"] * 14, target=4.5), "percent")
    target = _group(svg, "target")
    assert target is not None and TARGET in ET.tostring(target, encoding="unicode")
    upper = ET.tostring(_group(svg, "upper"), encoding="unicode")
    assert "stroke-dasharray" in upper  # process limits dashed
    assert "stroke-dasharray" not in ET.tostring(_group(svg, "mean"), encoding="unicode")
    ticks = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text.endswith("2026")]
    assert ticks == ["Feb 2026"]  # at most eight month labels, the latest always among them
    empty = _chart(["common_cause"]).model_copy(update={"points": []})
    assert svg_charts.spc_svg(empty, "count") == ""
