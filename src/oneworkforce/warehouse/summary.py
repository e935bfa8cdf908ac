"""What the warehouse holds: rows, organisations and months per extract (for `status` and the
demo), computed through Ibis so it reads the same on any engine."""

from __future__ import annotations

from dataclasses import dataclass

from oneworkforce.standard import EXTRACTS
from oneworkforce.warehouse.connection import Warehouse


@dataclass(frozen=True)
class ExtractSummary:
    extract: str
    rows: int
    organisations: int
    first_period: str | None
    last_period: str | None


def summarise(warehouse: Warehouse) -> list[ExtractSummary]:
    out = []
    for name, extract in EXTRACTS.items():
        table = warehouse.table(name)
        columns = set(table.columns)
        aggregates = {"rows": table.count()}
        if "org_code" in columns:
            aggregates["organisations"] = table.org_code.nunique()
        if "period" in columns:
            aggregates["first"] = table.period.min()
            aggregates["last"] = table.period.max()
        row = table.aggregate(**aggregates).execute().iloc[0]
        first = row.get("first")
        last = row.get("last")
        out.append(
            ExtractSummary(
                extract.name,
                int(row["rows"]),
                int(row.get("organisations", 0) or 0),
                _month(first),
                _month(last),
            )
        )
    return out


def _month(value) -> str | None:
    if value is None or value != value:  # None or NaT
        return None
    return str(value)[:7]


def staff_in_post_latest(warehouse: Warehouse) -> dict[str, float]:
    """Headcount (distinct people) and FTE at the latest snapshot, across the system."""
    sip = warehouse.table("staff_in_post")
    latest = sip.month_index.max().execute()
    if latest is None or latest != latest:
        return {}
    current = sip.filter(sip.month_index == latest)
    result = (
        current.aggregate(headcount=current.person_id.nunique(), fte=current.fte.sum())
        .execute()
        .iloc[0]
    )
    return {
        "month_index": int(latest),
        "headcount": int(result["headcount"]),
        "fte": float(result["fte"]),
    }
