"""Answers kept per load: the same bytes as computed afresh, dropped when a load commits or a
target changes, never kept for one viewer and shown to another."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from oneworkforce.appdb import create_app_engine, session_scope
from oneworkforce.config import Settings, initialise_home
from oneworkforce.ingest import load_file
from oneworkforce.targets import add_target, validate_target
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import create_app
from oneworkforce.web.cache import ResponseCache, warehouse_files_state
from tests.conftest import write_csv
from tests.samples import ORGANISATIONS
from tests.web.conftest import viewer

ANALYST = viewer("ics_analyst")


@pytest.fixture
def home(api_settings, tmp_path) -> Settings:
    """A copy of the web tests' warehouse, so loads and targets here touch no other test."""
    settings = initialise_home(tmp_path / "home")[0]
    shutil.copy(api_settings.warehouse_path, settings.warehouse_path)
    return settings


def test_a_repeated_request_is_answered_from_memory_with_the_same_bytes(home):
    app = create_app(home)
    client = TestClient(app)
    first = client.get("/api/metrics/headcount?by=org", headers=ANALYST)
    again = client.get("/api/metrics/headcount?by=org", headers=ANALYST)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]
    assert (app.state.responses.misses, app.state.responses.hits) == (1, 1)
    page = client.get("/metrics/headcount", headers=ANALYST)
    assert client.get("/metrics/headcount", headers=ANALYST).text == page.text
    assert app.state.responses.hits == 2


def test_each_viewer_has_answers_of_their_own(home):
    app = create_app(home)
    client = TestClient(app)
    shared = client.get("/api/metrics/headcount?by=org,staff_group").json()
    full = client.get("/api/metrics/headcount?by=org,staff_group", headers=ANALYST).json()
    assert shared["viewer"]["role"] == "public" and full["viewer"]["role"] == "ics_analyst"
    assert any(r["suppressed"] for r in shared["rows"])
    assert not any(r["suppressed"] for r in full["rows"])
    assert app.state.responses.hits == 0


def test_a_load_drops_every_kept_answer(home, tmp_path):
    app = create_app(home)
    client = TestClient(app)
    before = client.get("/api/status", headers=ANALYST).json()
    state = warehouse_files_state(home.warehouse_path)
    with open_warehouse(home) as warehouse:
        load_file(warehouse, home, write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
    assert warehouse_files_state(home.warehouse_path) != state
    after = client.get("/api/status", headers=ANALYST).json()
    rows = {e["extract"]: e["rows"] for e in after["extracts"]}
    was = {e["extract"]: e["rows"] for e in before["extracts"]}
    assert rows["organisations"] == was["organisations"] + len(ORGANISATIONS)
    assert app.state.responses.hits == 0


def test_a_target_changed_elsewhere_drops_every_kept_answer(home):
    app = create_app(home)
    client = TestClient(app)
    assert "Sickness below 4 %" not in client.get("/api/targets", headers=ANALYST).text
    # As `oneworkforce targets add` would, from another process: straight to the database.
    spec = validate_target(
        name="Sickness below 4 %", metric_id="sickness_rate", target_value=4, due_month="2027-03"
    )
    engine = create_app_engine(home.database_url)
    with session_scope(engine) as session:
        add_target(session, spec, actor="test")
    engine.dispose()
    assert "Sickness below 4 %" in client.get("/api/targets", headers=ANALYST).text
    assert app.state.responses.hits == 0


def test_forms_and_failures_are_never_kept(home):
    app = create_app(home)
    client = TestClient(app)
    for _ in range(2):
        form = client.get("/targets/new", headers=ANALYST)
        assert form.status_code == 200 and "set-cookie" in form.headers
        assert client.get("/metrics/no_such_metric", headers=ANALYST).status_code == 404
    assert len(app.state.responses) == 0 and app.state.responses.hits == 0


def test_the_oldest_answers_go_when_the_memory_is_full():
    cache = ResponseCache(max_bytes=10)
    for key in ("a", "b", "c"):
        cache.put(key, (200, {}, b"1234"))
    assert cache.get("a") is None and cache.get("b") is not None and cache.get("c") is not None
    cache.put("big", (200, {}, b"x" * 11))  # larger than the whole cache: not kept
    assert cache.get("big") is None and len(cache) == 2
