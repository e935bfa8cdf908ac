"""Shared fixtures: a fresh OneWorkforce home and warehouse per test, and file writers."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from oneworkforce.config import Settings, initialise_home
from oneworkforce.warehouse import Warehouse, open_warehouse
from tests.samples import ORGANISATIONS

# SQL round trips have a slow first call; correctness, not speed, is what these tests check.
# The test command's runs are reproducible (derandomised): the same examples every time, so
# `main` stays green or red for a reason. The thorough profile searches afresh each run.
hypothesis_settings.register_profile(
    "default",
    deadline=None,
    max_examples=100,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# `HYPOTHESIS_PROFILE=thorough` searches far harder before a change to a parser or validator.
hypothesis_settings.register_profile(
    "thorough",
    parent=hypothesis_settings.get_profile("default"),
    max_examples=3000,
    derandomize=False,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """No test reads the developer's own home or database settings."""
    monkeypatch.setenv("ONEWORKFORCE_HOME", str(tmp_path_factory.mktemp("default-home")))
    monkeypatch.delenv("ONEWORKFORCE_WAREHOUSE", raising=False)
    monkeypatch.delenv("ONEWORKFORCE_DATABASE_URL", raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return initialise_home(tmp_path / "home")[0]


@pytest.fixture
def warehouse(settings: Settings) -> Warehouse:
    with open_warehouse(settings) as wh:
        yield wh


def write_csv(
    path: Path,
    rows: list[dict],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    header: list[str] | None = None,
) -> Path:
    header = header or list(rows[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
    return path


@pytest.fixture
def with_organisations(warehouse, settings, tmp_path):
    """A warehouse with the sample organisations registered."""
    from oneworkforce.ingest import load_file

    load_file(warehouse, settings, write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
    return warehouse
