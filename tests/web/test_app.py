"""The application without data to speak of: its schema, its catalogue and its errors."""

from __future__ import annotations

import subprocess
import sys

from fastapi.testclient import TestClient

from oneworkforce.metrics import CATALOGUE
from oneworkforce.web import create_app
from tests.web.conftest import viewer


def test_the_openapi_schema_lists_every_endpoint_and_its_shapes(settings):
    client = TestClient(create_app(settings))
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "OneWorkforce API"
    assert set(schema["paths"]) == {
        "/api/metrics",
        "/api/metrics/{metric_id}",
        "/api/metrics/{metric_id}/spc",
        "/api/status",
        # The pages' twins
        "/api/organisations",
        "/api/overview",
        "/api/drill/{metric_id}",
        "/api/quality",
        "/api/quality/loads/{load_id}/quarantine",
        "/api/targets",
        "/api/targets/{name}",
        "/api/equality",
        "/api/wellbeing",
        "/api/board-pack",
        "/api/planning",
    }
    spc = schema["paths"]["/api/metrics/{metric_id}/spc"]["get"]
    parameters = {p["name"] for p in spc["parameters"]}
    assert {"metric_id", "where", "from", "to", "target", "X-OneWorkforce-Role"} <= parameters
    assert {"200", "400", "404"} <= set(spc["responses"])
    assert {"MetricRow", "SpcPoint", "Viewer", "Problem"} <= set(schema["components"]["schemas"])
    assert client.get("/api/docs").status_code == 200


def test_the_catalogue_lists_every_metric(settings):
    body = TestClient(create_app(settings)).get("/api/metrics").json()
    listed = {m["id"]: m for m in body["metrics"]}
    assert list(listed) == list(CATALOGUE)
    rate = listed["sickness_rate"]
    assert rate["good_direction"] == "down" and rate["shared_rule"] == "denominator"
    assert "org" in rate["dimensions"] and rate["formula"] and rate["source"]
    assert "org" in body["dimensions"]


def test_unknown_metrics_and_viewers_are_refused_before_the_warehouse_is_opened(tmp_path):
    from oneworkforce.config import load_settings

    client = TestClient(create_app(load_settings(tmp_path / "nowhere")))
    missing = client.get("/api/metrics/no_such_metric")
    assert missing.status_code == 404 and "no_such_metric" in missing.json()["detail"]
    bad_role = client.get("/api/metrics", headers=viewer("superuser"))
    assert bad_role.status_code == 400 and "X-OneWorkforce-Role" in bad_role.json()["detail"]
    no_warehouse = client.get("/api/metrics/headcount")
    assert no_warehouse.status_code == 503
    assert "oneworkforce init" in no_warehouse.json()["detail"]


def test_loads_run_between_requests_and_small_row_counts_are_hidden(settings, tmp_path):
    from oneworkforce.ingest import load_file
    from oneworkforce.warehouse import open_warehouse
    from tests.conftest import write_csv
    from tests.samples import ORGANISATIONS

    with open_warehouse(settings):
        pass
    client = TestClient(create_app(settings))
    before = {e["extract"]: e for e in client.get("/api/status").json()["extracts"]}
    assert before["organisations"]["rows"] == 0
    # The request's connection is closed: a load can take the warehouse, and is seen next.
    with open_warehouse(settings) as warehouse:
        load_file(warehouse, settings, write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
    public = {e["extract"]: e for e in client.get("/api/status").json()["extracts"]}
    analyst = client.get("/api/status", headers=viewer("ics_analyst")).json()["extracts"]
    full = {e["extract"]: e for e in analyst}
    assert full["organisations"]["rows"] == 3 and public["organisations"]["rows"] is None
    assert public["staff_in_post"]["rows"] == full["staff_in_post"]["rows"] == 0


def test_a_request_during_a_load_is_asked_to_wait(settings):
    from oneworkforce.warehouse import open_warehouse

    with open_warehouse(settings):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "sys.stdin.read()",
            str(settings.warehouse_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        response = TestClient(create_app(settings)).get("/api/status")
    finally:
        holder.communicate("", timeout=30)
    assert response.status_code == 503 and "in use" in response.json()["detail"]
