"""What a metric is: a declarative catalogue entry with an Ibis computation.

A computation receives the warehouse tables (from DuckDB or any other Ibis backend) and the
dimensions asked for, and returns an Ibis expression with one row per dimension value and
month: ``numerator``, ``denominator`` and ``value``. Keeping both parts means totals can
always be re-aggregated correctly (sum numerators and denominators, never average rates).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ibis

from oneworkforce.errors import OneWorkforceError

Tables = Mapping[str, ibis.Table]
Compute = Callable[[Tables, list[str]], ibis.Table]


class MetricError(OneWorkforceError):
    """A metric request that cannot be answered (unknown metric, dimension or months)."""


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    definition: str
    formula: str
    source: str
    unit: str  # count | fte | percent | hours | gbp | years
    good_direction: str  # up | down | neutral
    numerator: str
    denominator: str | None
    dimensions: frozenset[str]
    compute: Compute
    caveats: str = ""
    counts_people: bool = True  # the numerator counts people, so small values can identify
    # In shared outputs, values whose denominator is at most this are suppressed (the
    # sickness publication's rule for FTE days available).
    suppress_denominator_at_most: float | None = None


_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def month_index(text: str) -> int:
    """'YYYY-MM' as year x 12 + month, the month arithmetic every engine agrees on."""
    match = _MONTH.fullmatch(text)
    if not match:
        raise MetricError(f"{text!r} is not a month written YYYY-MM.")
    return int(match.group(1)) * 12 + int(match.group(2))


def month_label(index: int) -> str:
    year, month = divmod(index - 1, 12)
    return f"{year}-{month + 1:02d}"
