"""Target fixtures: the application database on SQLite and PostgreSQL, and tiny metric data.

The database fixtures are tests/appdb's, so store tests run on both backends the same way.
"""

from __future__ import annotations

import ibis

from tests.appdb.conftest import (  # noqa: F401  (fixtures, used by name)
    database_url,
    engine,
    migrated_url,
    postgres_schema_url,
    postgres_server_url,
)
from tests.metrics.conftest import tables

ACTOR = "a.analyst"


def month(text: str) -> int:
    """'YYYY-MM' as the warehouse's month index."""
    year, number = text.split("-")
    return int(year) * 12 + int(number)


def sickness(rates: dict[str, float], org: str = "A") -> dict[str, ibis.Table]:
    """Tables whose sickness rate for ``org`` is the given percentage in each month.

    Monthly aggregate returns with 100 FTE days available, so days lost are the rate. In the
    tiny register A is acute, B community and C primary care.
    """
    return tables(
        [],
        aggregates=[
            {
                "org_code": org,
                "month_index": month(when),
                "fte_days_lost": rate,
                "fte_days_available": 100.0,
            }
            for when, rate in rates.items()
        ],
    )


def headcounts(counts: dict[str, int], staff_group: str = "nursing") -> dict[str, ibis.Table]:
    """Tables with this many people in post at organisation A in each month."""
    return tables(
        [
            {
                "person_id": f"p{i}",
                "org_code": "A",
                "fte": 1.0,
                "month_index": month(when),
                "staff_group": staff_group,
            }
            for when, count in counts.items()
            for i in range(count)
        ]
    )
