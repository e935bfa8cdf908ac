"""A small synthetic ICS in a warehouse of its own, built once for the web tests, and a
client for the API on it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from oneworkforce.config import Settings, initialise_home
from oneworkforce.ingest import load_file
from oneworkforce.standard import EXTRACTS
from oneworkforce.synth import generate_ics
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import create_app

# The extracts the web tests read (staff in post and sickness): loading only these keeps the
# fixture to a few seconds (as `oneworkforce init`, `synth --staff 300 --months 15`, `load`).
WEB_EXTRACTS = ("organisations", "staff_in_post", "sickness_absence", "sickness_absence_aggregate")


@pytest.fixture(scope="package")
def api_settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("web")
    ics = generate_ics(root / "ics", staff=300, months=15, seed=0, file_format="parquet")
    files = json.loads((ics.out_dir / "manifest.json").read_text())["files"]
    settings = initialise_home(root / "home")[0]
    with open_warehouse(settings) as warehouse:
        for extract in WEB_EXTRACTS:
            for file in (f for f in files if f["extract"] == extract):
                load_file(warehouse, settings, ics.out_dir / file["path"], extract=extract)
    return settings


@pytest.fixture(scope="package")
def client(api_settings) -> TestClient:
    return TestClient(create_app(api_settings))


@pytest.fixture(scope="package")
def tables(api_settings) -> Iterator[dict]:
    """The same warehouse read directly, for the figures the API must match."""
    with open_warehouse(api_settings, read_only=True) as warehouse:
        yield {name: warehouse.table(name) for name in EXTRACTS}


def viewer(role: str, org: str | None = None) -> dict[str, str]:
    """The headers a signing-in proxy would set for this viewer."""
    return {"X-OneWorkforce-Role": role} | ({"X-OneWorkforce-Org": org} if org else {})
