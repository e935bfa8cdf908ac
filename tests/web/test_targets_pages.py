"""The targets pages: status as the library judges it, the trajectory, and the form that lets ICS
analysts add, change and remove targets, validated and audited as on the command line."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from oneworkforce.appdb import create_app_engine, list_events, session_scope
from oneworkforce.config import Settings, initialise_home
from oneworkforce.metrics import compute_metric
from oneworkforce.targets import evaluate_targets, validate_target
from oneworkforce.web import create_app
from oneworkforce.web import formatting as fmt
from oneworkforce.web.forms import TOKEN_COOKIE, TOKEN_FIELD
from tests.web.conftest import viewer
from tests.web.test_pages import get_json, get_page, parse

pytestmark = pytest.mark.slow

ANALYST = viewer("ics_analyst")


@pytest.fixture(scope="module")
def home(api_settings, tmp_path_factory) -> Settings:
    """A copy of the web tests' warehouse with an application database of its own, so the
    targets added here are seen by no other test."""
    settings = initialise_home(tmp_path_factory.mktemp("targets") / "home")[0]
    shutil.copy(api_settings.warehouse_path, settings.warehouse_path)
    return settings


@pytest.fixture(scope="module")
def app_client(home) -> TestClient:
    return TestClient(create_app(home), follow_redirects=False)


def form_token(client: TestClient, path: str = "/targets/new") -> str:
    response = client.get(path, headers=ANALYST)
    assert response.status_code == 200, response.text[:1000]
    page = parse(response.text)
    token = next(a["value"] for t, a in page.tags if t == "input" and a.get("name") == TOKEN_FIELD)
    assert client.cookies.get(TOKEN_COOKIE) == token
    return token


SICKNESS = {
    "name": "Sickness at most 4.5 %",
    "metric": "sickness_rate",
    "target": "4.5",
    "due": "2026-12",
    "baseline_month": "2025-03",
    "trajectory": "2025-09:5;2026-03:4.8",
    "owner": "People Board",
}


def test_an_analyst_adds_a_target_through_the_form(app_client, home, tables):
    token = form_token(app_client)
    response = app_client.post(
        "/targets/new", data=SICKNESS | {TOKEN_FIELD: token}, headers=ANALYST
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/targets/Sickness%20at%20most%204.5%20%25"
    spec = validate_target(
        name=SICKNESS["name"],
        metric_id="sickness_rate",
        target_value=4.5,
        due_month="2026-12",
        baseline_month="2025-03",
        trajectory=[("2025-09", 5), ("2026-03", 4.8)],
        owner="People Board",
    )
    expected = evaluate_targets([spec], tables).iloc[0]
    twin = get_json(app_client, "/api/targets", ANALYST)["targets"]
    got = next(t for t in twin if t["name"] == SICKNESS["name"])
    assert (got["status"], got["latest_value"]) == (expected["status"], expected["latest_value"])
    assert got["expected_value"] == pytest.approx(expected["expected_value"])
    row = next(
        r
        for r in get_page(app_client, "/targets", ANALYST).tables["targets"]
        if r["first"] == SICKNESS["name"]
    )
    assert row["latest_value"] == fmt.number(expected["latest_value"], "percent")
    assert row["status"] == expected["status"]
    engine = create_app_engine(home.database_url)
    with session_scope(engine) as session:
        events = list_events(session)
    engine.dispose()
    added = [e for e in events if e.action == "target.add"]
    assert added and added[-1].actor == "web:ics_analyst"


def test_the_target_page_shows_the_trajectory_and_the_series(app_client):
    detail = get_json(app_client, f"/api/targets/{SICKNESS['name']}", ANALYST)
    path = [(p["month"], p["value"]) for p in detail["path"]]
    assert [m for m, _ in path] == ["2025-03", "2025-09", "2026-03", "2026-12"]
    assert path[1:] == [("2025-09", 5.0), ("2026-03", 4.8), ("2026-12", 4.5)]
    response = app_client.get(f"/targets/{SICKNESS['name']}", headers=ANALYST)
    page = parse(response.text)
    rows = {r["first"]: r for r in page.tables["trajectory"]}
    assert rows["December 2026"]["path"] == "4.5%"
    series = {p["month"]: p["value"] for p in detail["series"]}
    assert rows["March 2025"]["value"] == fmt.number(series["2025-03"], "percent")
    assert 'role="img"' in response.text and "Change or remove this target" in response.text
    assert "set-cookie" not in response.headers  # no form, so the page can be kept


def test_the_overview_judges_the_metric_against_its_target(app_client):
    twin = get_json(app_client, "/api/overview", ANALYST)
    sickness = next(h for h in twin["headlines"] if h["metric"] == "sickness_rate")
    assert sickness["target"]["name"] == SICKNESS["name"]
    assert sickness["spc"]["target"] == pytest.approx(4.5)
    assert sickness["spc"]["assurance"] in (
        "consistently_pass",
        "consistently_fail",
        "hit_and_miss",
    )
    row = next(
        r
        for r in get_page(app_client, "/", ANALYST).tables["headlines"]
        if r["first"].startswith("Sickness")
    )
    assert row["target"] == "4.5%" and row["assurance"] == fmt.assurance(
        sickness["spc"]["assurance"]
    )


def test_problems_with_a_target_are_listed_and_nothing_is_stored(app_client):
    token = form_token(app_client)
    bad = {"name": "Broken", "metric": "no_such_metric", "target": "five", "due": "2026-13"}
    response = app_client.post("/targets/new", data=bad | {TOKEN_FIELD: token}, headers=ANALYST)
    assert response.status_code == 400
    assert "There is a problem with the target" in response.text
    assert "unknown metric" in response.text and "not a month written YYYY-MM" in response.text
    assert 'value="Broken"' in response.text  # what was typed is kept
    names = [t["name"] for t in get_json(app_client, "/api/targets")["targets"]]
    assert "Broken" not in names


def test_an_analyst_changes_and_removes_a_target(app_client):
    token = form_token(app_client, f"/targets/{SICKNESS['name']}/edit")
    changed = SICKNESS | {"name": "Sickness at most 4 %", "target": "4"}
    response = app_client.post(
        f"/targets/{SICKNESS['name']}/edit", data=changed | {TOKEN_FIELD: token}, headers=ANALYST
    )
    assert response.status_code == 303
    detail = get_json(app_client, "/api/targets/Sickness at most 4 %", ANALYST)
    assert detail["status"]["target"] == 4.0
    assert app_client.get(f"/api/targets/{SICKNESS['name']}").status_code == 404
    form = app_client.get("/targets/Sickness at most 4 %/edit", headers=ANALYST).text
    assert 'action="/targets/Sickness%20at%20most%204%20%25/remove"' in form
    response = app_client.post(
        "/targets/Sickness at most 4 %/remove", data={TOKEN_FIELD: token}, headers=ANALYST
    )
    assert response.status_code == 303 and response.headers["location"] == "/targets"
    assert get_json(app_client, "/api/targets")["targets"] == []
    missing = app_client.get("/targets/Sickness at most 4 %")
    assert missing.status_code == 404 and "No target named" in missing.text


def test_only_analysts_change_targets_and_only_from_our_own_form(app_client):
    assert app_client.get("/targets/new").status_code == 403
    lead = viewer("org_lead", "SYNA1")
    token = form_token(app_client)
    refused = app_client.post("/targets/new", data=SICKNESS | {TOKEN_FIELD: token}, headers=lead)
    assert refused.status_code == 403 and "Only ICS analysts" in refused.text
    forged = app_client.post(
        "/targets/new", data=SICKNESS | {TOKEN_FIELD: "guess"}, headers=ANALYST
    )
    assert forged.status_code == 403 and "did not come from this site" in forged.text
    assert "Add a target" not in app_client.get("/targets").text
    assert "Add a target" in app_client.get("/targets", headers=ANALYST).text


def test_a_target_on_a_small_group_keeps_its_figures_from_the_public(app_client, tables):
    frame = compute_metric(tables, "headcount", ["org", "staff_group"])
    latest = frame[frame["month_index"] == frame["month_index"].max()]
    small = latest[(latest["value"] > 0) & (latest["value"] < 5)].iloc[0]
    token = form_token(app_client)
    target = {
        "name": "A small team grows",
        "metric": "headcount",
        "slice": f"org={small['org']};staff_group={small['staff_group']}",
        "target": "10",
        "comparison": "at_least",
        "due": "2027-03",
    }
    response = app_client.post("/targets/new", data=target | {TOKEN_FIELD: token}, headers=ANALYST)
    assert response.status_code == 303
    full = get_json(app_client, f"/api/targets/{target['name']}", ANALYST)["status"]
    assert full["latest_value"] == small["value"] and full["hidden"] is False
    public = get_json(app_client, f"/api/targets/{target['name']}")["status"]
    assert public["hidden"] is True and public["latest_value"] is None
    assert public["status"] == full["status"] and "disclosure control" in public["reason"]
    own = get_json(app_client, f"/api/targets/{target['name']}", viewer("org_lead", small["org"]))
    assert own["status"]["latest_value"] == small["value"]
    row = get_page(app_client, "/targets").tables["targets"][0]
    assert row["latest_value"] == "hidden"
