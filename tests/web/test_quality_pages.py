"""The data quality pages: loads and their reconciliation, quarantine reasons, quarantined rows
for those who may see them (downloaded with formulas neutralised), and missing partners."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from oneworkforce.config import Settings, initialise_home
from oneworkforce.ingest import load_file
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import create_app
from tests.conftest import write_csv
from tests.samples import VALID_ROWS
from tests.web.conftest import viewer
from tests.web.test_pages import get_json, get_page

pytestmark = pytest.mark.slow

ANALYST = viewer("ics_analyst")
LEAD = viewer("org_lead", "SYNA1")
FORMULA = '=HYPERLINK("http://example.invalid","click")'


@pytest.fixture(scope="module")
def home(api_settings, tmp_path_factory) -> tuple[Settings, int]:
    """A copy of the web tests' warehouse with one more load: SYNA1's April 2026 staff in post,
    three of whose five rows break a rule (one with a formula in it)."""
    root = tmp_path_factory.mktemp("quality")
    settings = initialise_home(root / "home")[0]
    shutil.copy(api_settings.warehouse_path, settings.warehouse_path)
    rows = []
    for i in range(5):
        row = VALID_ROWS["staff_in_post"] | {
            "person_id": f"9000{i}",
            "assignment_id": f"9000{i}-1",
            "org_code": "SYNA1",
            "snapshot_date": "2026-04-30",
        }
        rows.append(row)
    rows[0]["band"] = FORMULA
    rows[1]["staff_group"] = "astronauts"
    rows[2]["fte"] = "-3"
    path = write_csv(root / "staff_in_post_april.csv", rows)
    with open_warehouse(settings) as warehouse:
        result = load_file(
            warehouse, settings, path, extract="staff_in_post", org="SYNA1", period="2026-04"
        )
    assert result.rows_quarantined == 3
    return settings, result.load_id


@pytest.fixture(scope="module")
def app_client(home) -> TestClient:
    return TestClient(create_app(home[0]))


def test_loads_reconcile_and_the_page_shows_the_api_figures(app_client, home):
    _, load_id = home
    twin = get_json(app_client, "/api/quality", ANALYST)
    load = next(entry for entry in twin["loads"] if entry["load_id"] == load_id)
    assert (load["read"], load["loaded"], load["quarantined"]) == (5, 2, 3)
    assert load["reconciles"] and load["org"] == "SYNA1" and load["period"] == "2026-04"
    assert all(entry["reconciles"] for entry in twin["loads"])
    page = get_page(app_client, "/quality", ANALYST)
    row = next(r for r in page.tables["loads"] if r["first"] == str(load_id))
    assert (row["read"], row["loaded"], row["quarantined"], row["reconciles"]) == (
        "5",
        "2",
        "3",
        "yes",
    )
    reasons = {r["rule"]: r["rows"] for r in twin["reasons"] if r["load_id"] == load_id}
    assert {"band.code", "staff_group.code", "fte.range"} <= set(reasons)  # one row, two rules
    assert set(reasons.values()) == {1}


def test_partners_missing_from_the_latest_month_are_named(app_client):
    twin = get_json(app_client, "/api/quality")
    staff = next(m for m in twin["missing"] if m["extract"] == "staff_in_post")
    assert staff["month"] == "2026-04" and staff["sent"] == ["SYNA1"]
    assert "SYNA2" in staff["missing"]
    rows = get_page(app_client, "/quality").tables["missing"]
    row = next(r for r in rows if r["first"] == "staff_in_post")
    assert row["month"] == "April 2026" and "SYNA2" in row["missing"]


def test_small_counts_are_hidden_from_the_public_but_not_from_the_sender(app_client, home):
    _, load_id = home
    public = next(
        e for e in get_json(app_client, "/api/quality")["loads"] if e["load_id"] == load_id
    )
    assert (public["read"], public["loaded"], public["quarantined"]) == (5, None, None)
    assert public["reconciles"] and not public["own"]
    lead = next(
        e for e in get_json(app_client, "/api/quality", LEAD)["loads"] if e["load_id"] == load_id
    )
    assert (lead["loaded"], lead["quarantined"], lead["own"]) == (2, 3, True)


def test_quarantined_rows_are_for_analysts_and_the_sender(app_client, home):
    _, load_id = home
    path = f"/api/quality/loads/{load_id}/quarantine"
    assert app_client.get(path).status_code == 403
    assert app_client.get(path, headers=viewer("org_lead", "SYNA2")).status_code == 403
    rows = get_json(app_client, path, LEAD)["rows"]
    assert {r["value"] for r in rows} >= {FORMULA, "astronauts", "-3"}
    page = get_page(app_client, f"/quality/loads/{load_id}", ANALYST)
    assert len(page.tables["quarantine"]) == len(rows)
    refused = app_client.get(f"/quality/loads/{load_id}")
    assert refused.status_code == 403 and "ICS analysts" in refused.text
    assert app_client.get("/quality/loads/99999", headers=ANALYST).status_code == 404


def test_a_quarantine_download_neutralises_formulas(app_client, home):
    _, load_id = home
    response = app_client.get(
        f"/quality/loads/{load_id}", params={"download": "csv"}, headers=ANALYST
    )
    values = [row["value"] for row in csv.DictReader(io.StringIO(response.text))]
    assert "'" + FORMULA in values and FORMULA not in values
    assert "'-3" in values  # text that looks like a number stays text, neutralised
    xlsx = app_client.get(f"/quality/loads/{load_id}", params={"download": "xlsx"}, headers=ANALYST)
    sheet = pd.read_excel(io.BytesIO(xlsx.content))
    assert "'" + FORMULA in sheet["value"].tolist()
