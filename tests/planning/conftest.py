"""Planning fixtures: a synthetic ICS with four years of history in a OneWorkforce home,
the application database on SQLite and PostgreSQL, and small hand-made inputs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ibis
import numpy as np
import pytest

from oneworkforce.config import Settings, initialise_home
from oneworkforce.ingest import load_file
from oneworkforce.planning.engine import EngineInputs
from oneworkforce.synth import generate_ics
from oneworkforce.warehouse import open_warehouse
from tests.appdb.conftest import (  # noqa: F401  (fixtures, used by name)
    database_url,
    engine,
    migrated_url,
    postgres_schema_url,
    postgres_server_url,
)

PLANNING_EXTRACTS = (
    "organisations",
    "staff_in_post",
    "establishment",
    "population",
    "temporary_staffing",
)


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    home: Path


@pytest.fixture(scope="session")
def synthetic_home(tmp_path_factory) -> Loaded:
    """A synthetic ICS of 1,500 staff over the 48 months to March 2026, with what planning
    reads (staff in post, establishment, population, bank and agency) loaded."""
    root = tmp_path_factory.mktemp("synthetic-planning")
    ics = generate_ics(root / "ics", staff=1500, months=48, seed=5, file_format="parquet")
    files = json.loads((ics.out_dir / "manifest.json").read_text())["files"]
    settings = initialise_home(root / "home")[0]
    with open_warehouse(settings) as warehouse:
        for extract in PLANNING_EXTRACTS:
            for file in (f for f in files if f["extract"] == extract):
                result = load_file(warehouse, settings, ics.out_dir / file["path"], extract=extract)
                assert result.rows_quarantined == 0, result
    return Loaded(settings, root / "home")


@pytest.fixture(scope="session")
def synthetic_tables(synthetic_home: Loaded) -> Iterator[dict[str, ibis.Table]]:
    with open_warehouse(synthetic_home.settings, read_only=True) as warehouse:
        yield warehouse.extract_tables()


def inputs(
    heads: list[float],
    *,
    leave: list[float] | None = None,
    moves: list[list[float]] | None = None,
    joiners: list[float] | None = None,
    participation: list[float] | None = None,
    months: int = 12,
    routes: int = 5,
    cv: float = 0.0,
) -> EngineInputs:
    """Engine inputs for a few cells, one staff group; joiners by the first route."""
    cells = len(heads)
    join = np.zeros((months, routes, cells))
    join[:, 0, :] = joiners or [0.0] * cells
    return EngineInputs(
        heads=np.array(heads, dtype=float),
        participation=np.array(participation or [1.0] * cells),
        leave=np.array(leave or [0.0] * cells),
        moves=np.array(moves) if moves is not None else np.zeros((cells, cells)),
        joiners=join,
        leave_multiplier=np.ones((months, cells)),
        participation_multiplier=np.ones((months, cells)),
        conversions=np.zeros((months, cells)),
        group=np.zeros(cells, dtype=int),
        leave_cv=np.array([cv]),
        joiner_cv=np.full((routes, 1), cv),
        participation_cv=np.array([cv]),
    )
