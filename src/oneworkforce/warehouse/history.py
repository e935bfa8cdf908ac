"""The load log and the quarantine, as people read them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from oneworkforce.errors import OneWorkforceError
from oneworkforce.export import neutralise
from oneworkforce.warehouse.connection import Warehouse
from oneworkforce.warehouse.schema import LOADS_TABLE, QUARANTINE_TABLE


def load_log(warehouse: Warehouse, limit: int = 30) -> list[list]:
    rows = warehouse.sql.execute(
        f"""SELECT load_id, extract, schema_version, file_name, status, rows_read, rows_loaded,
                   rows_quarantined, rows_replaced, scopes,
                   strftime(finished_at, '%Y-%m-%d %H:%M:%S'), left(checksum, 12)
            FROM {LOADS_TABLE} ORDER BY load_id DESC LIMIT ?""",
        [limit],
    ).fetchall()
    out = []
    for row in rows:
        row = list(row)
        scopes = json.loads(row[9] or "[]")
        row[9] = ", ".join(scopes[:3]) + (f" (+{len(scopes) - 3})" if len(scopes) > 3 else "")
        out.append(row)
    return out


def _check_load(warehouse: Warehouse, load_id: int) -> None:
    found = warehouse.sql.execute(
        f"SELECT count(*) FROM {LOADS_TABLE} WHERE load_id = ?", [load_id]
    ).fetchone()[0]
    if not found:
        raise OneWorkforceError(f"There is no load {load_id}; see `oneworkforce loads`.")


def quarantined_rows(warehouse: Warehouse, load_id: int, limit: int = 50) -> list[list]:
    _check_load(warehouse, load_id)
    return [
        list(r)
        for r in warehouse.sql.execute(
            f"SELECT row_number, column_name, value, rule, message FROM {QUARANTINE_TABLE} "
            "WHERE load_id = ? ORDER BY row_number, rule LIMIT ?",
            [load_id, limit],
        ).fetchall()
    ]


def export_quarantine(warehouse: Warehouse, load_id: int, path: Path) -> int:
    """Write a load's quarantine as CSV for the sending partner; returns the entry count."""
    _check_load(warehouse, load_id)
    rows = warehouse.sql.execute(
        f"SELECT file_name, row_number, column_name, value, rule, message FROM {QUARANTINE_TABLE} "
        "WHERE load_id = ? ORDER BY row_number, rule",
        [load_id],
    ).fetchall()
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "column", "value", "rule", "message"])
        for row in rows:
            writer.writerow([neutralise(v) for v in row])
    return len(rows)
