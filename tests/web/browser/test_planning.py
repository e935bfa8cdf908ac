"""The planning page in Chromium: the fan charts draw, the year table matches the JSON twin,
a second scenario is chosen through the form, and axe-core finds nothing serious."""

from __future__ import annotations

import httpx
import pytest

from oneworkforce.web import create_app
from oneworkforce.web import formatting as fmt
from tests.planning.conftest import synthetic_home  # noqa: F401  (fixture, used by name)
from tests.web.conftest import viewer

ANALYST = viewer("ics_analyst")


@pytest.fixture(scope="module")
def planning_server(synthetic_home, serve_app):  # noqa: F811
    """The app on a synthetic ICS with what planning reads (establishment, population), with
    both example scenarios projected once already: a projection takes seconds the first time
    after a load and is kept after that, and the pages are held to the kept-run speed."""
    server = serve_app(create_app(synthetic_home.settings))
    warm = httpx.get(
        server.url + "/api/planning",
        params={"compare": "example: zero-adult-nurse-vacancies"},
        headers=ANALYST,
        timeout=300,
    )
    assert warm.status_code == 200, warm.text
    return server


@pytest.mark.parametrize("viewer_headers", [ANALYST])
def test_the_planning_page_draws_its_fans_and_compares_scenarios(
    page, planning_server, screenshot, check_accessibility
):
    page.goto(planning_server.url + "/planning")
    page.locator("#supply-chart .main-svg").first.wait_for()
    page.locator("#vacancy-chart .main-svg").first.wait_for()
    screenshot("planning")
    check_accessibility(page)
    twin = page.request.get(planning_server.url + "/api/planning").json()
    first = twin["years"][0]
    row = page.locator('table[data-table="years"] tbody tr').first
    assert row.locator("th").inner_text().strip() == first["year"]
    supply = row.locator('td[data-key="supply_fte_p50"]').inner_text().strip()
    assert supply == fmt.number(first["supply_fte_p50"], "fte")

    page.get_by_label("Compare with").select_option(twin["available"][1])
    page.get_by_role("button", name="Show").click()
    page.locator('table[data-table="comparison"]').wait_for()
    page.locator("#supply-chart .main-svg").first.wait_for()
    screenshot("compared")
    check_accessibility(page)
    assert "Scenarios side by side" in page.content()
