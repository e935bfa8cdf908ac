"""The HTML pages on the small synthetic ICS: the NHS.UK layout and its landmarks, assets served
from this machine, and on every page the same figures as its JSON twin and the library."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from oneworkforce.metrics import CATALOGUE, compute_metric
from oneworkforce.spc.series import metric_series
from oneworkforce.web import assets, create_app
from oneworkforce.web import formatting as fmt
from tests.web.conftest import viewer

pytestmark = pytest.mark.slow

ANALYST = viewer("ics_analyst")


class _Page(HTMLParser):
    """The tables of a page (``data-table``), each body row as {data-key: text}, the first
    cell (a row header) under "first"; and the ids and elements seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._table: str | None = None
        self._body = False
        self._row: dict[str, str] | None = None
        self._key: str | None = None
        self._text: list[str] = []
        self._hidden = 0  # inside an aria-hidden icon: its letters are not the cell's text

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "svg":
            self._hidden += 1
        if tag == "table" and found.get("data-table"):
            self._table = found["data-table"]
            self.tables[self._table] = []
        elif tag == "tbody":
            self._body = True
        elif tag == "tr" and self._table and self._body:
            self._row = {}
        elif tag in ("td", "th") and self._row is not None:
            self._key = found.get("data-key") or "first"
            self._text = []

    def handle_data(self, data):
        if self._key is not None and not self._hidden:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._hidden -= 1
        if tag in ("td", "th") and self._key is not None and self._row is not None:
            self._row[self._key] = " ".join("".join(self._text).split())
            self._key = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._body = False
        elif tag == "table":
            self._table = None


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def get_page(client: TestClient, path: str, headers: dict | None = None, **params) -> _Page:
    response = client.get(path, params=params, headers=headers or {})
    assert response.status_code == 200, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text)


def get_json(client: TestClient, path: str, headers: dict | None = None, **params) -> dict:
    response = client.get(path, params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.json()


# The layout -----------------------------------------------------------------------------------


PAGES = [
    "/",
    "/metrics",
    "/metrics/sickness_rate",
    "/drill/headcount",
    "/quality",
    "/targets",
    "/equality",
    "/wellbeing",
    "/board-pack",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_landmarks_a_screen_reader_needs(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:2000]
    page = parse(response.text)
    tags = {tag for tag, _ in page.tags}
    assert {"header", "main", "footer", "nav", "h1", "title"} <= tags
    html = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html.get("lang") == "en"
    main = next(attrs for tag, attrs in page.tags if tag == "main")
    skip = [a for t, a in page.tags if t == "a" and a.get("href") == "#maincontent"]
    assert main["id"] == "maincontent" and skip  # the skip link leads to the main content
    assert [a for t, a in page.tags if t == "nav" and a.get("aria-label") == "Breadcrumb"] or (
        path == "/"
    )
    # Every form control has a label, every table a caption and column headers.
    labels = {a.get("for") for t, a in page.tags if t == "label"}
    controls = [a for t, a in page.tags if t in ("input", "select", "textarea")]
    assert all(a.get("id") in labels for a in controls if a.get("type") != "hidden")
    assert response.text.count("<caption") == response.text.count("<table")
    # Nothing is fetched from anywhere but this server.
    sources = [a.get("src") or a.get("href") for t, a in page.tags if t in ("script", "link")]
    assert all(s.startswith("/") for s in sources if s), sources


def test_charts_carry_a_text_summary_and_a_table(client):
    response = client.get("/metrics/headcount")
    page = parse(response.text)
    charts = [a for t, a in page.tags if t == "div" and a.get("class") == "owf-chart"]
    assert charts and all(a.get("role") == "img" and a.get("aria-label") for a in charts)
    assert page.tables["spc"]


def test_the_stylesheet_and_plotly_are_served_by_the_app(client):
    css = client.get("/static/build/oneworkforce.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert ".nhsuk-header" in css.text
    assert "https://" not in css.text and "@font-face" not in css.text  # no remote font
    plotly = client.get(assets.PLOTLY_URL)
    assert plotly.status_code == 200
    assert plotly.content == assets.plotly_js().read_bytes()
    assert client.get("/static/oneworkforce.js").status_code == 200
    assert client.get("/static/build/nhsuk-frontend.min.js").status_code == 200


def test_pages_say_clearly_when_the_stylesheet_was_not_built(api_settings, monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "BUILD_DIR", tmp_path / "nothing")
    monkeypatch.setattr(assets.missing_assets, "__defaults__", (tmp_path / "nothing",))
    client = TestClient(create_app(api_settings))
    response = client.get("/")
    assert response.status_code == 503
    assert "make setup" in response.text and "build-frontend.sh" in response.text
    assert client.get("/api/status").status_code == 200  # the API does not need it


def test_unknown_pages_metrics_and_bad_requests_get_an_error_page(client):
    missing = client.get("/metrics/no_such_metric")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "Unknown metric &#39;no_such_metric&#39;" in missing.text
    assert "<main" in missing.text
    assert client.get("/api/metrics/no_such_metric").json()["detail"].startswith("Unknown metric")
    nowhere = client.get("/no/such/page")
    assert nowhere.status_code == 404 and "There is no page at /no/such/page" in nowhere.text
    assert client.get("/api/nowhere").json() == {"detail": "Not Found"}
    bad = client.get("/", params={"to": "2026-13"})
    assert bad.status_code == 400 and "not a month written YYYY-MM" in bad.text
    wrong_type = client.get("/metrics/headcount", params={"target": "abc"})
    assert wrong_type.status_code == 422 and "target" in wrong_type.text
    bad_role = client.get("/", headers=viewer("superuser"))
    assert bad_role.status_code == 400 and "X-OneWorkforce-Role" in bad_role.text


# The overview ---------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, ANALYST, viewer("org_lead", "SYNA1")])
def test_the_overview_shows_the_api_figures(client, headers):
    twin = get_json(client, "/api/overview", headers)
    rows = get_page(client, "/", headers).tables["headlines"]
    assert [r["first"] for r in rows] == [h["name"] for h in twin["headlines"]]
    for row, h in zip(rows, twin["headlines"], strict=True):
        assert row["value"] == fmt.number(h["value"], h["unit"])
        assert row["month"] == fmt.month_name(h["month"])
        variation = h["spc"]["variation"] if h["spc"] else None
        assert row["variation"] == fmt.variation(variation)


def test_the_overview_latest_headcount_is_the_librarys(client, tables):
    twin = get_json(client, "/api/overview", ANALYST, where="org=SYNA1")
    staff = next(h for h in twin["headlines"] if h["metric"] == "staff_in_post")
    library = compute_metric(tables, "staff_in_post", ["org"])
    library = library[library["org"] == "SYNA1"].iloc[-1]
    assert (staff["month"], staff["value"]) == (library["month"], library["value"])
    row = get_page(client, "/", ANALYST, where="org=SYNA1").tables["headlines"][0]
    assert row["value"] == f"{library['value']:,.0f}"
    vacancy = next(h for h in twin["headlines"] if h["metric"] == "vacancy_rate")
    assert vacancy["value"] is None and vacancy["problem"]  # no establishment loaded here


# The metric page ------------------------------------------------------------------------------


def test_the_metric_page_shows_the_spc_chart_of_its_twin(client, tables):
    params = {"where": "sector=acute", "target": "4"}
    twin = get_json(client, "/api/metrics/sickness_rate/spc", **params)
    response = client.get("/metrics/sickness_rate", params=params)
    page = parse(response.text)
    rows = page.tables["spc"]
    assert [r["first"] for r in rows] == [fmt.month_name(p["month"]) for p in twin["points"]]
    assert [r["value"] for r in rows] == [fmt.number(p["value"], "percent") for p in twin["points"]]
    assert [r["upper"] for r in rows] == [fmt.number(p["upper"], "percent") for p in twin["points"]]
    assert fmt.variation(twin["variation"]) in response.text
    assert fmt.assurance(twin["assurance"]) in response.text
    metric = CATALOGUE["sickness_rate"]
    assert metric.definition in response.text and metric.source in response.text
    assert 'href="/api/metrics/sickness_rate/spc?where=sector%3Dacute&amp;target=4.0"' in (
        response.text
    )


def test_the_metric_page_downloads_its_table_as_csv_and_excel(client, tables):
    series = metric_series(tables, "headcount", {"org": "SYNA1"})
    base = {"where": "org=SYNA1"}
    csv = client.get("/metrics/headcount", params=base | {"download": "csv"}, headers=ANALYST)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert 'filename="metrics-spc.csv"' in csv.headers["content-disposition"]
    frame = pd.read_csv(io.StringIO(csv.text))
    assert frame["month"].tolist() == series["month"].tolist()
    assert frame["value"].tolist() == series["value"].tolist()
    xlsx = client.get(
        "/metrics/headcount", params=base | {"download": "xlsx", "table": "spc"}, headers=ANALYST
    )
    assert xlsx.status_code == 200
    sheet = pd.read_excel(io.BytesIO(xlsx.content))
    pd.testing.assert_frame_equal(sheet, frame, check_dtype=False)
    unknown = client.get("/metrics/headcount", params={"download": "csv", "table": "nope"})
    assert unknown.status_code == 404 and "no table" in unknown.text
    assert client.get("/metrics/headcount", params={"download": "pdf"}).status_code == 404


# The drill-down -------------------------------------------------------------------------------


def test_the_drill_down_goes_from_the_system_to_staff_groups(client):
    top = get_page(client, "/drill/headcount", ANALYST)
    places = top.tables["slices"]
    twin = get_json(client, "/api/drill/headcount", ANALYST)
    assert twin["level"] == "place"
    assert [r["first"] for r in places] == [r["label"] for r in twin["rows"]]
    place = twin["rows"][0]["where"]["place"]
    orgs = get_json(client, "/api/drill/headcount", ANALYST, where=f"place={place}")
    assert orgs["level"] == "org" and orgs["rows"]
    org = orgs["rows"][0]["where"]
    groups = get_json(client, "/api/drill/headcount", ANALYST, where=fmt.query_slice(org))
    assert groups["level"] == "staff_group"
    # A row's latest figure is the one its own SPC chart ends on.
    for row in groups["rows"]:
        chart = get_json(
            client, "/api/metrics/headcount/spc", ANALYST, where=fmt.query_slice(row["where"])
        )
        assert chart["points"][-1]["value"] == row["value"]
        assert chart["variation"] == row["variation"]
    page = get_page(client, "/drill/headcount", ANALYST, where=fmt.query_slice(org))
    values = [r["value"] for r in page.tables["slices"]]
    assert values == [fmt.number(r["value"], "count") for r in groups["rows"]]
    bottom = get_json(client, "/api/drill/headcount", ANALYST, where=fmt.query_slice(row["where"]))
    assert bottom["level"] is None and bottom["rows"] == []


def test_the_public_drill_down_hides_small_groups(client):
    place = get_json(client, "/api/drill/headcount", ANALYST)["rows"][0]["where"]["place"]
    org = get_json(client, "/api/drill/headcount", ANALYST, where=f"place={place}")["rows"]
    where = fmt.query_slice(org[0]["where"])
    public = get_json(client, "/api/drill/headcount", where=where)
    assert all(r["shared"] for r in public["rows"])
    hidden = [r for r in public["rows"] if r["suppressed"]]
    shown = [r["value"] for r in public["rows"] if r["value"] is not None]
    assert all(v >= 5 for v in shown)
    if hidden:
        page = get_page(client, "/drill/headcount", where=where)
        labels = {r["first"]: r["value"] for r in page.tables["slices"]}
        assert all(labels[r["label"]] == "hidden" for r in hidden)


def test_a_drill_down_must_go_in_order(client):
    response = client.get("/drill/headcount", params={"where": "org=SYNA1"})
    assert response.status_code == 400 and "place then org then staff_group" in response.text
    assert client.get("/drill", params={"metric": "sickness_rate"}).url.path.endswith(
        "/drill/sickness_rate"
    )


# Equality, wellbeing and the board pack -------------------------------------------------------


def test_the_equality_page_shows_the_wres_table_of_its_twin(client):
    twin = get_json(client, "/api/equality")
    page = get_page(client, "/equality")
    assert twin["shared"] is True and twin["wres"]
    rows = page.tables["wres"]
    assert len(rows) == len(twin["wres"])
    for row, expected in zip(rows, twin["wres"], strict=True):
        assert row["first"] == expected["indicator"]
        assert row["white"] == fmt.number(expected["white"])
    assert "pay_gaps" in twin["problems"]  # no pay extract loaded here: said, not failed


def test_the_wellbeing_page_shows_the_panel_of_its_twin(client):
    twin = get_json(client, "/api/wellbeing", ANALYST)
    system = {r["measure"]: r for r in twin["panel"] if r["org"] is None}
    page = get_page(client, "/wellbeing", ANALYST)
    first = page.tables["wellbeing"][0]
    assert first["first"] == "The whole system"
    assert first["sickness_rate"] == fmt.number(system["sickness_rate"]["value"], "percent")
    assert "experience" in twin["problems"]  # no staff survey loaded here


def test_the_board_pack_shows_each_chart_with_a_commentary_box(client):
    twin = get_json(client, "/api/board-pack", month="2026-01")
    response = client.get("/board-pack", params={"month": "2026-01"})
    page = parse(response.text)
    charted = [h for h in twin["headlines"] if h["spc"] and h["spc"]["points"]]
    assert charted
    for h in charted:
        assert h["month"] <= "2026-01"
        rows = page.tables[f"spc_{h['metric']}"]
        assert rows[-1]["value"] == fmt.number(h["spc"]["points"][-1]["value"], h["unit"])
        assert f'id="commentary-{h["metric"]}"' in response.text
    assert "data-print" in response.text and "January 2026" in response.text


def test_the_json_link_on_each_page_leads_to_its_twin(client):
    for path, twin in [("/", "/api/overview"), ("/quality", "/api/quality")]:
        page = get_page(client, path)
        links = [a.get("href") for t, a in page.tags if t == "a"]
        assert twin in links
        assert client.get(twin).status_code == 200


def test_templates_and_static_files_ship_with_the_package():
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    data = pyproject["tool"]["setuptools"]["package-data"]["oneworkforce"]
    assert {"web/templates/**/*.html", "web/static/*.js", "web/static/build/**/*"} <= set(data)
