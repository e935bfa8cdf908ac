"""Staff in post, establishment and vacancy metrics.

Sources: NHS England, NHS Workforce Statistics methodology (headcount counts each person once
at each level of aggregation; FTE sums contracted whole-time equivalents) and NHS Vacancy
Statistics methodology (vacancies = funded establishment FTE - staff in post FTE; only
permanent and fixed-term staff fill a post, so bank and agency cover still counts as vacant).
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import (
    ESTABLISHMENT_DIMENSIONS,
    WORKFORCE_DIMENSIONS,
    establishment_frame,
    workforce_frame,
)
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result, total_result
from oneworkforce.metrics.shared import reuse

WORKFORCE_STATISTICS = (
    "NHS England, NHS Workforce Statistics: methodology and data quality statement"
)
VACANCY_STATISTICS = "NHS England, NHS Vacancy Statistics: methodology"
SUBSTANTIVE = ("permanent", "fixed_term")


def _single(table: ibis.Table, by: list[str], **value) -> ibis.Table:
    out = table.group_by([*by, "month_index"]).aggregate(**value)
    return total_result(out, by, out[next(iter(value))])


def headcount(tables: Tables, by: list[str]) -> ibis.Table:
    frame = workforce_frame(tables)
    return _single(frame, by, headcount=frame.person_id.nunique().cast("float64"))


def fte(tables: Tables, by: list[str]) -> ibis.Table:
    frame = workforce_frame(tables)
    return _single(frame, by, fte=frame.fte.sum())


def staff_in_post(tables: Tables, by: list[str]) -> ibis.Table:
    frame = workforce_frame(tables)
    frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
    return _single(frame, by, headcount=frame.person_id.nunique().cast("float64"))


def staff_in_post_fte(tables: Tables, by: list[str]) -> ibis.Table:
    frame = workforce_frame(tables)
    frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
    return _single(frame, by, fte=frame.fte.sum())


def establishment_fte(tables: Tables, by: list[str]) -> ibis.Table:
    frame = establishment_frame(tables)
    return _single(frame, by, establishment=frame.budgeted_fte.sum())


def _establishment_vs_staff(tables: Tables, by: list[str]) -> ibis.Table:
    """Establishment FTE and substantive staff in post FTE side by side, per slice and month
    (shared by vacancies, vacancy and fill rates in a pack)."""
    return reuse(tables, ("establishment_vs_staff", tuple(by)), lambda: _side_by_side(tables, by))


def _side_by_side(tables: Tables, by: list[str]) -> ibis.Table:
    keys = [*by, "month_index"]
    est = establishment_frame(tables)
    est = est.group_by(keys).aggregate(establishment=est.budgeted_fte.sum())
    staff = workforce_frame(tables)
    staff = staff.filter(staff.contract_type.isin(SUBSTANTIVE))
    staff = staff.group_by(keys).aggregate(in_post=staff.fte.sum())
    joined = est.join(staff, keys, how="outer")
    merged = {k: ibis.coalesce(joined[k], joined[f"{k}_right"]) for k in keys}
    return joined.select(
        **merged,
        establishment=joined.establishment.fill_null(0.0),
        in_post=joined.in_post.fill_null(0.0),
    )


def vacancies(tables: Tables, by: list[str]) -> ibis.Table:
    t = _establishment_vs_staff(tables, by)
    gap = t.establishment - t.in_post
    return total_result(t, by, gap)


def vacancy_rate(tables: Tables, by: list[str]) -> ibis.Table:
    t = _establishment_vs_staff(tables, by)
    gap = t.establishment - t.in_post
    return ratio_result(t, by, gap, t.establishment)


def fill_rate(tables: Tables, by: list[str]) -> ibis.Table:
    t = _establishment_vs_staff(tables, by)
    return ratio_result(t, by, t.in_post, t.establishment)


METRICS = (
    Metric(
        "headcount",
        "Headcount",
        "People in post on the snapshot date, each counted once in every group: a person with "
        "two assignments, or employed by two partners, counts once in the total.",
        "count of distinct person_id",
        WORKFORCE_STATISTICS,
        "count",
        "neutral",
        "distinct people",
        None,
        WORKFORCE_DIMENSIONS,
        headcount,
        "Totals are not the sum of their parts.",
    ),
    Metric(
        "fte",
        "Full-time equivalent",
        "Contracted whole-time equivalent of every assignment in post (bank assignments have 0).",
        "sum of fte",
        WORKFORCE_STATISTICS,
        "fte",
        "neutral",
        "FTE",
        None,
        WORKFORCE_DIMENSIONS,
        fte,
        counts_people=False,
    ),
    Metric(
        "staff_in_post",
        "Staff in post (headcount)",
        "People holding a permanent or fixed-term contract on the snapshot date, each counted "
        "once in every group. Bank-only staff are left out, as in the national statistics.",
        "count of distinct person_id with a permanent or fixed-term assignment",
        WORKFORCE_STATISTICS,
        "count",
        "neutral",
        "distinct people",
        None,
        WORKFORCE_DIMENSIONS,
        staff_in_post,
        "Totals are not the sum of their parts. `headcount` includes bank staff.",
    ),
    Metric(
        "staff_in_post_fte",
        "Staff in post (FTE)",
        "Contracted FTE of permanent and fixed-term assignments: the FTE that fills "
        "establishment posts.",
        "sum of fte where contract_type is permanent or fixed term",
        WORKFORCE_STATISTICS,
        "fte",
        "neutral",
        "FTE",
        None,
        WORKFORCE_DIMENSIONS,
        staff_in_post_fte,
        counts_people=False,
    ),
    Metric(
        "establishment",
        "Establishment",
        "Funded (budgeted) FTE.",
        "sum of budgeted_fte",
        VACANCY_STATISTICS,
        "fte",
        "neutral",
        "budgeted FTE",
        None,
        ESTABLISHMENT_DIMENSIONS,
        establishment_fte,
        counts_people=False,
    ),
    Metric(
        "vacancies",
        "Vacancies (FTE)",
        "Funded FTE not filled by permanent or fixed-term staff; bank and agency cover still "
        "counts as vacant.",
        "establishment FTE - permanent and fixed-term staff in post FTE",
        VACANCY_STATISTICS,
        "fte",
        "down",
        "vacant FTE",
        None,
        ESTABLISHMENT_DIMENSIONS,
        vacancies,
        "Negative where staff in post exceed the establishment.",
        counts_people=False,
    ),
    Metric(
        "vacancy_rate",
        "Vacancy rate",
        "Vacancies as a share of the establishment.",
        "vacancies / establishment FTE x 100",
        VACANCY_STATISTICS,
        "percent",
        "down",
        "vacant FTE",
        "establishment FTE",
        ESTABLISHMENT_DIMENSIONS,
        vacancy_rate,
        "Empty where there is no establishment.",
        counts_people=False,
    ),
    Metric(
        "fill_rate",
        "Fill rate",
        "Permanent and fixed-term staff in post as a share of the establishment.",
        "staff in post FTE / establishment FTE x 100",
        VACANCY_STATISTICS,
        "percent",
        "up",
        "staff in post FTE",
        "establishment FTE",
        ESTABLISHMENT_DIMENSIONS,
        fill_rate,
        "Empty where there is no establishment.",
        counts_people=False,
    ),
)
