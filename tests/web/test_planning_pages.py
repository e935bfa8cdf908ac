"""The planning page and its JSON twin: the library's projection, for any area and staff
group, a second scenario beside it, and only for those who may see plans."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from oneworkforce.planning import example_scenarios, load_scenario, run_scenario
from oneworkforce.web import create_app, plans
from oneworkforce.web import formatting as fmt
from tests.planning.conftest import synthetic_home, synthetic_tables  # noqa: F401 (fixtures)
from tests.web.conftest import viewer

pytestmark = pytest.mark.slow

ANALYST = viewer("ics_analyst")
PLAN = "example: zero-adult-nurse-vacancies"


@pytest.fixture(scope="module")
def client(synthetic_home) -> TestClient:  # noqa: F811
    return TestClient(create_app(synthetic_home.settings))


def test_the_page_shows_the_librarys_projection(client, synthetic_tables):  # noqa: F811
    scenario = load_scenario(example_scenarios()["zero-adult-nurse-vacancies"])
    expected = run_scenario(synthetic_tables, scenario).years
    expected = expected[(expected["level"] == "system") & (expected["staff_group"] == "all")]
    data = client.get(f"/api/planning?scenario={PLAN}", headers=ANALYST).json()
    assert data["scenarios"] == [PLAN] and data["level"] == "system"
    got = [round(r["supply_fte_p50"], 6) for r in data["years"]]
    assert got == [round(v, 6) for v in expected["supply_fte_p50"]]
    page = client.get(f"/planning?scenario={PLAN}", headers=ANALYST)
    assert page.status_code == 200
    assert 'id="supply-chart"' in page.text and 'id="vacancy-chart"' in page.text
    assert fmt.number(expected["supply_fte_p50"].iloc[0], "fte") in page.text
    fan = data["fan"][PLAN]
    assert {"fte", "demand", "vacancy_rate"} <= {r["measure"] for r in fan}
    assert all(r["p10"] <= r["p50"] <= r["p90"] for r in fan if r["measure"] == "fte")


def test_a_second_scenario_sits_beside_the_first(client):
    query = f"scenario={PLAN}&compare=example: baseline&staff_group=nursing"
    data = client.get(f"/api/planning?{query}", headers=ANALYST).json()
    assert data["scenarios"] == [PLAN, "example: baseline"]
    names = {load_scenario(path).name for path in example_scenarios().values()}
    assert {r["scenario"] for r in data["comparison"]} == names  # as each file names itself
    page = client.get(f"/planning?{query}", headers=ANALYST).text
    assert "Scenarios side by side" in page
    csv = client.get(f"/planning?{query}&download=csv&table=comparison", headers=ANALYST)
    assert csv.status_code == 200 and all(name in csv.text for name in names)


def test_a_level_without_an_area_starts_with_its_first_area(client):
    data = client.get("/api/planning?level=place", headers=ANALYST).json()
    assert data["area"] == data["areas"][0]
    bad = client.get("/api/planning?level=place&area=Atlantis", headers=ANALYST)
    assert bad.status_code == 400 and "Atlantis" in bad.json()["detail"]


def test_plans_are_for_analysts_and_workforce_leads(client):
    assert client.get("/api/planning").status_code == 403
    assert client.get("/planning").status_code == 403
    lead = viewer("org_lead", "SYNA1")
    assert client.get("/api/planning", headers=lead).status_code == 200


def test_the_homes_own_scenarios_are_listed_and_bad_ones_explained(client, synthetic_home):  # noqa: F811
    folder = plans.scenario_folder(synthetic_home.settings)
    folder.mkdir(exist_ok=True)
    text = example_scenarios()["baseline"].read_text()
    (folder / "our-plan.yaml").write_text(text.replace("name:", "name: Ours #", 1))
    (folder / "broken.yaml").write_text("name: [unclosed\n")
    try:
        data = client.get("/api/planning?scenario=our-plan", headers=ANALYST).json()
        assert "our-plan" in data["available"] and data["scenarios"] == ["our-plan"]
        broken = client.get("/api/planning?scenario=broken", headers=ANALYST)
        assert broken.status_code == 400 and "not valid YAML" in broken.json()["detail"]
        unknown = client.get("/api/planning?scenario=nothing", headers=ANALYST)
        assert unknown.status_code in (400, 404) and "our-plan" in unknown.json()["detail"]
    finally:
        for path in folder.iterdir():
            path.unlink()


def test_analysts_write_scenarios_in_the_browser_checked_before_they_are_kept(
    client,
    synthetic_home,  # noqa: F811
):
    from oneworkforce.web.forms import TOKEN_COOKIE, TOKEN_FIELD

    folder = plans.scenario_folder(synthetic_home.settings)
    form = client.get("/planning/scenarios/new", headers=ANALYST)
    assert form.status_code == 200
    assert "schema_version: 1" in form.text  # a copy of the baseline to start from
    token = client.cookies.get(TOKEN_COOKIE)
    baseline = example_scenarios()["baseline"].read_text()
    good = re.sub(r"(?m)^name: .*$", "name: Ours", baseline)
    try:
        for name, text, problem in [
            ("Bad Name", good, "lower-case letters"),
            ("broken", "leavers: [\n", "not valid YAML"),
            ("odd", "schema_version: 1\nname: x\nflying_cars: 3\n", "flying_cars"),
        ]:
            sent = {TOKEN_FIELD: token, "name": name, "text": text}
            refused = client.post("/planning/scenarios/new", data=sent, headers=ANALYST)
            assert refused.status_code == 400 and problem in refused.text
        assert not folder.exists() or not list(folder.glob("*.yaml"))
        sent = {TOKEN_FIELD: token, "name": "ours", "text": good}
        saved = client.post(
            "/planning/scenarios/new", data=sent, headers=ANALYST, follow_redirects=False
        )
        assert saved.status_code == 303 and saved.headers["location"] == "/planning?scenario=ours"
        assert (folder / "ours.yaml").read_text() == good
        assert client.get("/api/planning?scenario=ours", headers=ANALYST).status_code == 200
        forged = {TOKEN_FIELD: "not-the-token", "name": "forged", "text": good}
        assert (
            client.post("/planning/scenarios/new", data=forged, headers=ANALYST).status_code == 403
        )
        assert not (folder / "forged.yaml").exists()
    finally:
        for path in folder.glob("*.yaml"):
            path.unlink()


def test_only_analysts_write_scenarios(client):
    for who in ({}, viewer("org_lead", "SYNA1")):
        assert client.get("/planning/scenarios/new", headers=who).status_code == 403
