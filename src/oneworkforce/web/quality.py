"""The data quality page's reads: the load log, the quarantine and which partners have sent
each extract for its latest month. These read the warehouse's own bookkeeping tables (the load
log and the quarantine, as `oneworkforce loads` and `oneworkforce quarantine` do), not the
extracts, so no metric is worked out here; ``queries.quality`` applies the viewer's rule."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

from oneworkforce.errors import OneWorkforceError
from oneworkforce.warehouse import Warehouse
from oneworkforce.warehouse.schema import LOADS_TABLE, QUARANTINE_TABLE

LOAD_LIMIT = 200  # the latest loads shown; the command line's `loads --limit` goes further
_SCOPE = re.compile(r"(?P<org>\S+) (?P<month>\d{4}-\d{2})")


def load_log(warehouse: Warehouse, limit: int = LOAD_LIMIT) -> pd.DataFrame:
    """The latest loads, newest first, with the organisation and month each was declared for
    and the organisation and month pairs it replaced (``scopes``, a list)."""
    frame = warehouse.sql.execute(
        f"""SELECT load_id, extract, schema_version AS version, file_name AS file, status,
                   declared_org AS org, declared_period AS period, rows_read AS read,
                   rows_loaded AS loaded, rows_quarantined AS quarantined,
                   rows_replaced AS replaced, scopes,
                   strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished
            FROM {LOADS_TABLE} ORDER BY load_id DESC LIMIT ?""",
        [limit],
    ).df()
    frame["scopes"] = [json.loads(s) if isinstance(s, str) else [] for s in frame["scopes"]]
    return frame


def quarantine_reasons(warehouse: Warehouse, load_ids: list[int]) -> pd.DataFrame:
    """Quarantined rows by load and rule (a row breaking two rules counts under each)."""
    if not load_ids:
        return pd.DataFrame(columns=["load_id", "extract", "rule", "rows"])
    marks = ", ".join("?" for _ in load_ids)
    return warehouse.sql.execute(
        f"""SELECT q.load_id, l.extract, q.rule, count(DISTINCT q.row_number) AS rows
            FROM {QUARANTINE_TABLE} q JOIN {LOADS_TABLE} l USING (load_id)
            WHERE q.load_id IN ({marks})
            GROUP BY ALL ORDER BY q.load_id DESC, rows DESC, q.rule""",
        load_ids,
    ).df()


def quarantined_rows(warehouse: Warehouse, load_id: int, limit: int = 500) -> pd.DataFrame:
    """A load's quarantined rows: file row, column, value, rule and message."""
    found = warehouse.sql.execute(
        f"SELECT count(*) FROM {LOADS_TABLE} WHERE load_id = ?", [load_id]
    ).fetchone()[0]
    if not found:
        raise UnknownLoadError(f"There is no load {load_id}; see the data quality page.")
    return warehouse.sql.execute(
        f"""SELECT row_number AS row, column_name AS column, value, rule, message
            FROM {QUARANTINE_TABLE} WHERE load_id = ? ORDER BY row_number, rule LIMIT ?""",
        [load_id, limit],
    ).df()


class UnknownLoadError(OneWorkforceError):
    """No load of that number."""


@dataclass(frozen=True)
class Coverage:
    extract: str
    month: str
    sent: list[str]
    missing: list[str]
    never_sent: list[str]


def coverage(warehouse: Warehouse, partners: list[str]) -> list[Coverage]:
    """For each extract loaded by organisation and month: its latest month, the partners whose
    data for that month is loaded, those who sent earlier months but not this one, and
    those in the register who never sent it. Read from the months each load replaced."""
    rows = warehouse.sql.execute(
        f"SELECT extract, scopes FROM {LOADS_TABLE} WHERE status <> 'failed' AND scopes IS NOT NULL"
    ).fetchall()
    months: dict[str, dict[str, set[str]]] = {}
    for extract, scopes in rows:
        for scope in json.loads(scopes or "[]"):
            match = _SCOPE.fullmatch(scope)
            if match:
                by_org = months.setdefault(extract, {})
                by_org.setdefault(match["org"], set()).add(match["month"])
    out = []
    for extract in sorted(months):
        by_org = months[extract]
        latest = max(max(m) for m in by_org.values())
        sent = sorted(o for o, m in by_org.items() if latest in m)
        missing = sorted(o for o, m in by_org.items() if latest not in m)
        never = sorted(set(partners) - set(by_org))
        out.append(Coverage(extract, latest, sent, missing, never))
    return out
