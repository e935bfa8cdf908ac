"""Bank and agency use, from the temporary staffing extract (hours and cost by month)."""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import ORGANISATION_DIMENSIONS, with_organisation
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import total_result

SOURCE = "Partner temporary staffing returns (bank and agency hours, shifts and cost)"
DIMENSIONS = ORGANISATION_DIMENSIONS | {"staff_group"}


def _total(column: str, staffing_type: str):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        frame = with_organisation(tables["temporary_staffing"], tables)
        frame = frame.filter(frame.staffing_type == staffing_type)
        out = frame.group_by([*by, "month_index"]).aggregate(total=frame[column].sum())
        return total_result(out, by, out.total)

    return compute


METRICS = tuple(
    Metric(
        f"{kind}_{measure}",
        f"{kind.title()} {measure}",
        f"{measure.title()} of {kind} staff in the month.",
        f"sum of {measure} where staffing_type = {kind}",
        SOURCE,
        measure if measure == "hours" else "gbp",
        "down",
        measure,
        None,
        DIMENSIONS,
        _total(measure, kind),
        counts_people=False,
    )
    for kind in ("bank", "agency")
    for measure in ("hours", "cost")
)
