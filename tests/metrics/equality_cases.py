"""Tiny inline tables for the WRES and WDES spec tests, shaped by the data standard itself.

``extract_table`` builds a warehouse-shaped Ibis table for any extract from a few rows: the
columns and types come from the extract's definition, missing values are empty, and the
month index is worked out from the period column, as the loader does.
"""

from __future__ import annotations

from datetime import date

import ibis
import pandas as pd

from oneworkforce.standard import EXTRACTS
from tests.metrics.conftest import tables

TYPES = {
    "VARCHAR": "string",
    "DATE": "date",
    "BIGINT": "int64",
    "INTEGER": "int64",
    "DOUBLE": "float64",
    "BOOLEAN": "boolean",
}
MARCH_2023 = 2023 * 12 + 3
MARCH_2024 = 2024 * 12 + 3


def month(year: int, month: int) -> int:
    return year * 12 + month


def extract_table(name: str, rows: list[dict]) -> ibis.Table:
    extract = EXTRACTS[name]
    schema = {c: TYPES[t] for c, t in extract.warehouse_columns() if c != "_load_id"}
    out = []
    for row in rows:
        row = dict(row)
        when = row.get(extract.period_column) if extract.period_column else None
        if isinstance(when, date) and "month_index" not in row:
            row["month_index"] = when.year * 12 + when.month
        out.append({c: row.get(c) for c in schema})
    frame = pd.DataFrame(out, columns=list(schema))
    for column, kind in schema.items():
        if kind == "date":
            frame[column] = pd.to_datetime(frame[column]).dt.date
    return ibis.memtable(frame, schema=schema)


def staff(people: dict[str, dict], months: tuple[int, ...] = (MARCH_2023, MARCH_2024)) -> list:
    """Staff in post rows: each person (id -> overrides) in post at each month."""
    return [
        {"person_id": pid, "org_code": "A", "month_index": m, "fte": 1.0} | extra
        for m in months
        for pid, extra in people.items()
    ]


def crowd(prefix: str, n: int, **extra) -> dict[str, dict]:
    """``n`` people with the same attributes (ids prefix0, prefix1 ...)."""
    return {f"{prefix}{i}": dict(extra) for i in range(n)}


def with_extracts(sip: list[dict], **extracts: list[dict]) -> dict[str, ibis.Table]:
    """The metric test tables with the named extracts (empty when not given)."""
    out = tables(sip)
    for name in (
        "recruitment",
        "employee_relations",
        "cpd",
        "board_members",
        "staff_survey",
    ):
        out[name] = extract_table(name, extracts.get(name, []))
    return out
