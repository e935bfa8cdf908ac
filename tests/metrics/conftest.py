"""Tiny inline tables for hand-computed metric cases (spec tests), and a small synthetic ICS
loaded into a warehouse for tests that need realistic data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import ibis
import pandas as pd
import pytest

from oneworkforce.config import initialise_home
from oneworkforce.ingest import load_file
from oneworkforce.standard import EXTRACTS
from oneworkforce.synth import generate_ics
from oneworkforce.warehouse import open_warehouse

# The extracts the synthetic ICS tests read: loading only these keeps the fixture quick.
SYNTHETIC_EXTRACTS = (
    "organisations",
    "staff_in_post",
    "sickness_absence",
    "sickness_absence_aggregate",
    "staff_survey",
)

ORGS = pd.DataFrame(
    {
        "org_code": ["A", "B", "C"],
        "ics_code": ["QZZ"] * 3,
        "place": ["North", "North", "South"],
        "sector": ["acute", "community", "primary_care"],
    }
)

SIP_DEFAULTS = {
    "staff_group": "nursing",
    "occupation_code": "N0A",
    "band": "band_5",
    "age_band_at_snapshot": "30_34",
    "gender": "2",
    "ethnic_category": "A",
    "disability": "no",
    "contract_type": "permanent",
    "start_date": date(2020, 1, 15),
    "qualification_country_group": None,
    "trained_locally": None,
    "qualified_date": None,
    "apprenticeship": None,
}

SIP_SCHEMA = {
    "person_id": "string",
    "org_code": "string",
    "month_index": "int64",
    "fte": "float64",
    "staff_group": "string",
    "occupation_code": "string",
    "band": "string",
    "age_band_at_snapshot": "string",
    "gender": "string",
    "ethnic_category": "string",
    "disability": "string",
    "contract_type": "string",
    "start_date": "date",
    "qualification_country_group": "string",
    "trained_locally": "boolean",
    "qualified_date": "date",
    "apprenticeship": "boolean",
}

# A pay row at the 31 March 2024 snapshot (the gender pay gap's).
PAY_DEFAULTS = {
    "snapshot_date": date(2024, 3, 31),
    "month_index": 2024 * 12 + 3,
    "bonus_pay": None,
    "full_pay_relevant": None,
    "gender": "2",
    "ethnic_category": "A",
    "disability": "no",
    "staff_group": "nursing",
    "band": "band_5",
}


def tables(
    sip: list[dict],
    establishment: list[dict] | None = None,
    temporary: list[dict] | None = None,
    episodes: list[dict] | None = None,
    aggregates: list[dict] | None = None,
    training: list[dict] | None = None,
    renewal: list[dict] | None = None,
    pay_bill: list[dict] | None = None,
    population: list[dict] | None = None,
    pay: list[dict] | None = None,
) -> dict[str, ibis.Table]:
    """Warehouse-shaped Ibis tables from a few rows (month_index defaults to 2024-05)."""
    sip_rows = [SIP_DEFAULTS | {"month_index": 2024 * 12 + 5} | row for row in sip]
    est_rows = [
        {"staff_group": "nursing", "band": "band_5", "month_index": 2024 * 12 + 5} | row
        for row in (establishment or [])
    ]
    est = pd.DataFrame(
        est_rows, columns=["org_code", "staff_group", "band", "month_index", "budgeted_fte"]
    )
    temp = pd.DataFrame(
        [{"staff_group": "nursing", "month_index": 2024 * 12 + 5} | r for r in temporary or []],
        columns=["org_code", "staff_group", "month_index", "staffing_type", "hours", "cost"],
    ).astype({"hours": "float64", "cost": "float64", "month_index": "int64"})
    sickness = pd.DataFrame(
        [{"staff_group": "nursing", "end_date": None, "reason": "S10"} | r for r in episodes or []],
        columns=["org_code", "staff_group", "start_date", "end_date", "fte_days_lost", "reason"],
    )
    for column in ("start_date", "end_date"):
        sickness[column] = pd.to_datetime(sickness[column]).dt.date
    # As in the warehouse: the month of the episode's start.
    starts = pd.to_datetime(sickness["start_date"])
    sickness["month_index"] = (starts.dt.year * 12 + starts.dt.month).astype("int64")
    aggregate = pd.DataFrame(
        [{"staff_group": "gp", "month_index": 2024 * 12 + 5} | r for r in aggregates or []],
        columns=["org_code", "staff_group", "month_index", "fte_days_lost", "fte_days_available"],
    ).astype({"fte_days_lost": "float64", "fte_days_available": "float64", "month_index": "int64"})
    return {
        "sickness_absence": ibis.memtable(
            sickness.astype({"fte_days_lost": "float64"}),
            schema={
                "org_code": "string",
                "staff_group": "string",
                "start_date": "date",
                "end_date": "date",
                "fte_days_lost": "float64",
                "reason": "string",
            },
        ),
        "sickness_absence_aggregate": ibis.memtable(
            aggregate,
            schema={
                "org_code": "string",
                "staff_group": "string",
                "month_index": "int64",
                "fte_days_lost": "float64",
                "fte_days_available": "float64",
            },
        ),
        "temporary_staffing": ibis.memtable(temp),
        "organisations": ibis.memtable(ORGS),
        "staff_in_post": ibis.memtable(
            pd.DataFrame(sip_rows, columns=list(SIP_SCHEMA)), schema=SIP_SCHEMA
        ),
        "training": _frame(
            [{"level": None, "expiry_date": None} | r for r in training or []],
            {
                "person_id": "string",
                "org_code": "string",
                "subject": "string",
                "level": "string",
                "completed_date": "date",
                "expiry_date": "date",
            },
        ),
        "training_renewal": _frame(
            [{"level": None} | r for r in renewal or []],
            {
                "org_code": "string",
                "subject": "string",
                "level": "string",
                "renewal_months": "int64",
            },
        ),
        "population": _frame(
            [{"year": 2024, "ethnic_group": None} | r for r in population or []],
            {
                "place": "string",
                "year": "int64",
                "age_band": "string",
                "sex": "string",
                "ethnic_group": "string",
                "population": "int64",
            },
        ),
        "pay": _frame(
            [PAY_DEFAULTS | r for r in pay or []],
            {
                "person_id": "string",
                "org_code": "string",
                "snapshot_date": "date",
                "month_index": "int64",
                "hourly_pay": "float64",
                "bonus_pay": "float64",
                "full_pay_relevant": "boolean",
                "gender": "string",
                "ethnic_category": "string",
                "disability": "string",
                "staff_group": "string",
                "band": "string",
            },
        ),
        "pay_bill": _frame(
            [{"staff_group": "nursing", "month_index": 2024 * 12 + 5} | r for r in pay_bill or []],
            {
                "org_code": "string",
                "staff_group": "string",
                "month_index": "int64",
                "substantive_cost": "float64",
            },
        ),
        "establishment": ibis.memtable(
            est.astype({"budgeted_fte": "float64", "month_index": "int64"})
        ),
    }


def _frame(rows: list[dict], schema: dict[str, str]) -> ibis.Table:
    """A memtable with a fixed schema, so empty and sparse tables keep their types."""
    frame = pd.DataFrame(rows, columns=list(schema))
    for name, kind in schema.items():
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name]).dt.date
    return ibis.memtable(frame, schema=schema)


@pytest.fixture(scope="session")
def synthetic_ics(tmp_path_factory) -> Iterator[dict[str, ibis.Table]]:
    """A synthetic ICS of 600 staff over the 13 months to March 2026 (one annual survey, in
    October 2025), its organisations, staff, sickness and survey loaded into a warehouse."""
    root = tmp_path_factory.mktemp("synthetic-metrics")
    ics = generate_ics(root / "ics", staff=600, months=13, seed=11, file_format="parquet")
    files = json.loads((ics.out_dir / "manifest.json").read_text())["files"]
    settings = initialise_home(root / "home")[0]
    with open_warehouse(settings) as warehouse:
        for extract in SYNTHETIC_EXTRACTS:
            for file in (f for f in files if f["extract"] == extract):
                result = load_file(warehouse, settings, ics.out_dir / file["path"], extract=extract)
                assert result.rows_quarantined == 0, result
        yield {name: warehouse.table(name) for name in EXTRACTS}
