"""The API on a small synthetic ICS: the library's figures, shared or in full by viewer."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.metrics import compute_metric
from oneworkforce.metrics.disclosure import THRESHOLD
from oneworkforce.spc import spc_chart
from oneworkforce.spc.series import metric_series
from tests.web.conftest import viewer

pytestmark = pytest.mark.slow

FIGURES = ["numerator", "denominator", "value"]
BY = ["org", "staff_group"]


def api_rows(client, metric: str, headers: dict | None = None, **params) -> pd.DataFrame:
    response = client.get(f"/api/metrics/{metric}", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    rows = pd.DataFrame(response.json()["rows"])
    return rows.astype({column: "float64" for column in FIGURES})


def library_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["month_index"]).reset_index(drop=True)


def same_figures(api: pd.DataFrame, library: pd.DataFrame) -> None:
    columns = ["metric", *BY, "month", *FIGURES]
    pd.testing.assert_frame_equal(
        api[columns].reset_index(drop=True), library[columns], check_dtype=False
    )


def small_counts_shown(rows: pd.DataFrame) -> pd.Series:
    return (rows["numerator"] > 0) & (rows["numerator"] < THRESHOLD)


def test_an_analyst_gets_the_library_figures_in_full(client, tables):
    api = api_rows(
        client, "headcount", viewer("ics_analyst"), by="org,staff_group", **{"from": "2025-06"}
    )
    same_figures(api, library_rows(compute_metric(tables, "headcount", BY, "2025-06")))
    assert not api["shared"].any() and not api["suppressed"].any()
    assert small_counts_shown(api).any()  # this small ICS has small groups to hide


def test_the_public_gets_the_shared_output(client, tables):
    api = api_rows(client, "headcount", by="org,staff_group", to="2025-12")
    shared = compute_metric(tables, "headcount", BY, end="2025-12", shared=True)
    same_figures(api, library_rows(shared))
    assert api["shared"].all() and api["suppressed"].any()
    assert api["suppressed"].tolist() == shared["suppressed"].tolist()
    assert not small_counts_shown(api).any()
    assert api.loc[api["suppressed"], "value"].isna().all()


def test_an_org_lead_sees_their_own_organisation_in_full_and_the_rest_shared(client, tables):
    analyst = api_rows(client, "headcount", viewer("ics_analyst"), by="org,staff_group")
    own = analyst.loc[small_counts_shown(analyst), "org"].iloc[0]
    lead = api_rows(client, "headcount", viewer("org_lead", own.lower()), by="org,staff_group")
    mine = lead["org"] == own
    same_figures(lead[mine], analyst[analyst["org"] == own].reset_index(drop=True))
    assert not lead.loc[mine, "shared"].any() and small_counts_shown(lead[mine]).any()
    others = lead[~mine]
    assert others["shared"].all() and others["suppressed"].any()
    assert not small_counts_shown(others).any()
    library = compute_metric(tables, "headcount", BY, shared=True, entitled_orgs=[own])
    same_figures(lead, library_rows(library))


def test_a_rate_with_nulls_and_no_split(client, tables):
    api = api_rows(client, "sickness_rate", viewer("ics_analyst"))
    library = compute_metric(tables, "sickness_rate")
    pd.testing.assert_series_equal(api["value"], library["value"], check_names=False)
    assert set(api.columns) >= {"metric", "month", "shared", "suppressed", *FIGURES}


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/metrics/no_such_metric", 404, "Unknown metric 'no_such_metric'"),
        ("/api/metrics/headcount?from=2025-13", 400, "not a month written YYYY-MM"),
        ("/api/metrics/headcount?from=2026-01&to=2025-01", 400, "ends before it starts"),
        ("/api/metrics/headcount?by=colour", 400, "Unknown dimension colour"),
        ("/api/metrics/headcount?from=2030-01", 404, "No data for headcount"),
        ("/api/metrics/headcount/spc?where=org", 400, "dimension=value"),
        ("/api/metrics/headcount/spc?where=org=NOPE", 404, "No headcount figures for org=NOPE"),
        ("/api/metrics/headcount/spc?baseline=3", 400, "at least 12"),
        ("/api/metrics/headcount/spc?rebase=1999-01", 400, "no such point"),
        ("/api/metrics/headcount/spc?run_length=5", 400, "6 or 7"),
        ("/api/metrics/no_such_metric/spc", 404, "Unknown metric"),
    ],
)
def test_requests_that_cannot_be_met_say_why(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert message in response.json()["detail"]


def spc(client, metric: str, headers: dict | None = None, **params) -> dict:
    response = client.get(f"/api/metrics/{metric}/spc", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_spc_chart_is_the_library_chart_of_the_slice(client, tables):
    got = spc(client, "sickness_rate", where="sector=acute", target=4, rebase="2025-08")
    series = compute_metric(tables, "sickness_rate", ["sector"], shared=True)
    series = series[series["sector"] == "acute"]
    chart = spc_chart(series["month"], series["value"], "down", 4.0, rebase_at=["2025-08"])
    expected = chart.points.rename(columns={"x": "month"})
    points = pd.DataFrame(got["points"])
    columns = ["month", "value", "period", "mean", "lower", "upper", "point_type", "shift"]
    pd.testing.assert_frame_equal(points[columns], expected[columns], check_dtype=False)
    assert (got["variation"], got["assurance"]) == (chart.variation, chart.assurance)
    assert got["warnings"] == chart.warnings and got["shared"] is True
    broken = points.loc[points["special_cause"], "rules"]
    assert all(rules for rules in broken)  # a special cause names the rules it breaks


def test_an_org_lead_charts_their_own_organisation_in_full(client, tables):
    org = "SYNA1"
    full = metric_series(tables, "headcount", {"org": org})
    lead = spc(client, "headcount", viewer("org_lead", org), where=f"org={org}")
    analyst = spc(client, "headcount", viewer("ics_analyst"), where=f"org={org}")
    assert lead["shared"] is False and lead["points"] == analyst["points"]
    assert [p["value"] for p in lead["points"]] == full["value"].tolist()
    other = spc(client, "headcount", viewer("org_lead", "SYNB1"), where=f"org={org}")
    assert other["shared"] is True


def test_status_lists_the_extracts_loaded(client, api_settings):
    from oneworkforce.warehouse import open_warehouse
    from oneworkforce.warehouse.summary import summarise

    with open_warehouse(api_settings, read_only=True) as warehouse:
        summaries = {s.extract: s for s in summarise(warehouse)}
    extracts = {e["extract"]: e for e in client.get("/api/status").json()["extracts"]}
    assert set(extracts) == set(summaries)
    staff = extracts["staff_in_post"]
    assert staff["rows"] == summaries["staff_in_post"].rows > 0
    assert (staff["first_month"], staff["last_month"]) == ("2025-01", "2026-03")
    assert extracts["leavers"]["rows"] == 0  # not loaded here
