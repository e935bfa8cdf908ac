"""Bank and agency use, from the temporary staffing extract (hours and cost by month).

FTE converts hours at the Agenda for Change standard week of 37.5 hours over the calendar
weeks of the month (days in the month / 7), as NHS England's workforce statistics convert
contracted hours to FTE. The pay bill is substantive cost (the pay bill extract) plus bank
and agency cost.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.calendar import days_in_month
from oneworkforce.metrics.dimensions import ORGANISATION_DIMENSIONS, with_organisation
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result, total_result

SOURCE = "Partner temporary staffing returns (bank and agency hours, shifts and cost)"
FTE_SOURCE = "NHS England, NHS Workforce Statistics (FTE = hours / 37.5 standard weekly hours)"
STANDARD_WEEK_HOURS = 37.5
DIMENSIONS = ORGANISATION_DIMENSIONS | {"staff_group"}


def _total(column: str, staffing_type: str):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        frame = with_organisation(tables["temporary_staffing"], tables)
        frame = frame.filter(frame.staffing_type == staffing_type)
        out = frame.group_by([*by, "month_index"]).aggregate(total=frame[column].sum())
        return total_result(out, by, out.total)

    return compute


def _fte(staffing_type: str):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        frame = with_organisation(tables["temporary_staffing"], tables)
        frame = frame.filter(frame.staffing_type == staffing_type)
        out = frame.group_by([*by, "month_index"]).aggregate(hours=frame.hours.sum())
        weeks = days_in_month(out.month_index) / 7
        return total_result(out, by, out.hours / (STANDARD_WEEK_HOURS * weeks))

    return compute


def temporary_pay_bill_share(tables: Tables, by: list[str]) -> ibis.Table:
    keys = [*by, "month_index"]
    bill = tables["pay_bill"]
    # Only organisation-months with a pay bill: bank and agency cost alone is not a share.
    sent = bill.select("org_code", "month_index").distinct()
    temp = tables["temporary_staffing"].join(sent, ["org_code", "month_index"], how="semi")
    temp = with_organisation(temp, tables)
    temp = temp.group_by(keys).aggregate(temporary=temp.cost.sum())
    bill = with_organisation(bill, tables)
    bill = bill.group_by(keys).aggregate(substantive=bill.substantive_cost.sum())
    out = bill.join(temp, keys, how="left")
    out = out.select(*keys, substantive=out.substantive, temporary=out.temporary.fill_null(0.0))
    return ratio_result(out, by, out.temporary, out.substantive + out.temporary)


METRICS = (
    tuple(
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
    + tuple(
        Metric(
            f"{kind}_fte",
            f"{kind.title()} FTE",
            f"Hours worked by {kind} staff in the month as full-time equivalents.",
            f"sum of {kind} hours / (37.5 x days in the month / 7)",
            FTE_SOURCE,
            "fte",
            "down",
            f"{kind} FTE",
            None,
            DIMENSIONS,
            _fte(kind),
            counts_people=False,
        )
        for kind in ("bank", "agency")
    )
    + (
        Metric(
            "temporary_staffing_pay_bill_share",
            "Bank and agency share of the pay bill",
            "Bank and agency cost as a share of the whole pay bill (substantive, bank and agency).",
            "(bank cost + agency cost) / (substantive cost + bank cost + agency cost) x 100",
            SOURCE,
            "percent",
            "down",
            "bank and agency cost",
            "pay bill",
            DIMENSIONS,
            temporary_pay_bill_share,
            "Needs the pay bill extract; months without it are left out. Where the pay bill has "
            "no staff group, split by staff group only at the levels it covers.",
            counts_people=False,
        ),
    )
)
