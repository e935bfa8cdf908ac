"""Tiny inline staff survey tables for hand-computed cases, on DuckDB through Ibis."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

SURVEY_SCHEMA = {
    "org_code": "string",
    "survey_year": "int64",
    "survey_type": "string",
    "quarter": "int64",
    "item_type": "string",
    "item_code": "string",
    "item_text": "string",
    "group_dimension": "string",
    "group_value": "string",
    "responses": "int64",
    "score": "float64",
    "measure": "string",
    "published": "boolean",
    "options": "int64",
    **{f"option_{k}": "float64" for k in range(1, 8)},
}
ORGANISATION_SCHEMA = {
    "org_code": "string",
    "name": "string",
    "sector": "string",
    "place": "string",
    "ics_code": "string",
    "ics_name": "string",
    "region": "string",
}
PUBLISHED_SCHEMA = {
    "org_code": "string",
    "name": "string",
    "sector": "string",
    "ics_code": "string",
    "ics_name": "string",
    "region_code": "string",
    "region_name": "string",
}
PARTNERS = [
    {"org_code": "A", "name": "Acute A", "sector": "acute", "place": "North"},
    {"org_code": "B", "name": "Community B", "sector": "community", "place": "South"},
]
ENGAGEMENT = ("q2a", "q2b", "q2c", "q3c", "q3d", "q3f", "q25a", "q25c", "q25d")


def row(**values) -> dict:
    """A question of org A's 2024 annual survey, 100 responses; override anything."""
    base = {
        "org_code": "A",
        "survey_year": 2024,
        "survey_type": "annual",
        "item_type": "question",
        "responses": 100,
    }
    return base | values


def scored(code: str, score: float, **values) -> dict:
    """A question whose two answers are shared so that its score is exactly ``score``."""
    favourable = score * 10
    return row(item_code=code, options=2, option_1=100 - favourable, option_2=favourable, **values)


def frame(rows: list[dict], schema: dict) -> ibis.Table:
    data = pd.DataFrame([{k: r.get(k) for k in schema} for r in rows], columns=list(schema))
    return ibis.memtable(data, schema=schema)


def make_tables(
    survey: list[dict],
    partners: list[dict] | None = None,
    published: list[dict] | None = None,
) -> dict[str, ibis.Table]:
    partners = PARTNERS if partners is None else partners
    orgs = [{"ics_code": "QZZ", "ics_name": "Our ICS", "region": "Midlands"} | p for p in partners]
    tables = {
        "staff_survey": frame(survey, SURVEY_SCHEMA),
        "organisations": frame(orgs, ORGANISATION_SCHEMA),
    }
    if published is not None:
        tables["published_organisations"] = frame(published, PUBLISHED_SCHEMA)
    return tables


@pytest.fixture(scope="session")
def duck():
    return ibis.duckdb.connect()


def run(con, expr) -> pd.DataFrame:
    return con.execute(expr)
