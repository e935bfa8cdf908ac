"""Workforce profile metrics: participation, skill mix and age (retirement risk).

Sources: NHS England, NHS Workforce Statistics (FTE and headcount definitions; age bands);
participation rate and skill mix as used in ICS workforce plans (e.g. One Gloucestershire's
workforce profile), with the definitions stated here.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import WORKFORCE_DIMENSIONS, workforce_frame
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import mean_result, ratio_result
from oneworkforce.metrics.workforce import SUBSTANTIVE, WORKFORCE_STATISTICS

BAND_5_AND_ABOVE = (
    "band_5",
    "band_6",
    "band_7",
    "band_8a",
    "band_8b",
    "band_8c",
    "band_8d",
    "band_9",
    "vsm",
)
AFC_BANDS = ("band_1", "band_2", "band_3", "band_4", *BAND_5_AND_ABOVE)
AGED_55_PLUS = ("55_59", "60_64", "65_69", "70_plus")
UNDER_35 = ("under_25", "25_29", "30_34")


def _share(numerator, denominator, by: list[str], frame: ibis.Table) -> ibis.Table:
    out = frame.group_by([*by, "month_index"]).aggregate(n=numerator, d=denominator)
    return ratio_result(out, by, out.n, out.d)


def participation_rate(tables: Tables, by: list[str]) -> ibis.Table:
    frame = workforce_frame(tables)
    frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
    return _share(frame.fte.sum(), frame.person_id.nunique().cast("float64"), by, frame)


def skill_mix(tables: Tables, by: list[str]) -> ibis.Table:
    frame = workforce_frame(tables)
    frame = frame.filter(frame.band.isin(AFC_BANDS) & (frame.staff_group != "medical"))
    senior = frame.fte.sum(where=frame.band.isin(BAND_5_AND_ABOVE))
    return _share(senior, frame.fte.sum(), by, frame)


def _age_share(bands: tuple[str, ...]):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        frame = workforce_frame(tables)
        people = frame.person_id.nunique().cast("float64")
        in_bands = frame.person_id.nunique(where=frame.age_band.isin(bands)).cast("float64")
        return _share(in_bands, people, by, frame)

    return compute


def length_of_service(tables: Tables, by: list[str]) -> ibis.Table:
    """Mean years in the organisation, each person once: their longest assignment counts."""
    frame = workforce_frame(tables)
    person = frame.group_by([*by, "month_index", "person_id"]).aggregate(
        months=frame.service_months.max()
    )
    out = person.group_by([*by, "month_index"]).aggregate(
        years=(person.months / 12).sum(), people=person.person_id.count().cast("float64")
    )
    return mean_result(out, by, out.years, out.people)


METRICS = (
    Metric(
        "participation_rate",
        "Participation rate",
        "FTE per head of permanent and fixed-term staff: how much of a full-time post the "
        "average person works (e.g. 120 nurses providing 96 FTE = 80 %).",
        "substantive FTE / substantive headcount x 100",
        WORKFORCE_STATISTICS,
        "percent",
        "neutral",
        "substantive FTE",
        "substantive headcount",
        WORKFORCE_DIMENSIONS,
        participation_rate,
        "Bank assignments (0 FTE) are left out of both parts.",
    ),
    Metric(
        "skill_mix",
        "Skill mix (band 5 and above)",
        "Share of non-medical Agenda for Change FTE at band 5 or above (including VSM).",
        "FTE at band 5-9 or VSM / FTE at bands 1-9 or VSM x 100, excluding medical staff",
        WORKFORCE_STATISTICS,
        "percent",
        "neutral",
        "FTE at band 5 and above",
        "non-medical Agenda for Change FTE",
        WORKFORCE_DIMENSIONS,
        skill_mix,
        "Staff not on Agenda for Change (primary and social care) are left out.",
    ),
    Metric(
        "aged_55_plus",
        "Aged 55 and over",
        "Share of people aged 55 or over at the snapshot: the nearest retirement risk.",
        "headcount aged 55+ / headcount x 100",
        WORKFORCE_STATISTICS,
        "percent",
        "neutral",
        "headcount aged 55+",
        "headcount",
        WORKFORCE_DIMENSIONS,
        _age_share(AGED_55_PLUS),
        "Each person counted once in each group.",
    ),
    Metric(
        "aged_under_35",
        "Aged under 35",
        "Share of people aged under 35 at the snapshot.",
        "headcount aged under 35 / headcount x 100",
        WORKFORCE_STATISTICS,
        "percent",
        "neutral",
        "headcount aged under 35",
        "headcount",
        WORKFORCE_DIMENSIONS,
        _age_share(UNDER_35),
        "Each person counted once in each group.",
    ),
    Metric(
        "length_of_service",
        "Mean length of service (years)",
        "Average time people have been in their organisation at the snapshot; a person with "
        "several assignments counts once, with their longest service.",
        "sum over people of (snapshot month - start month) / 12 / headcount",
        WORKFORCE_STATISTICS,
        "years",
        "up",
        "years of service",
        "headcount",
        WORKFORCE_DIMENSIONS,
        length_of_service,
        "Counted in calendar months from the month of the start date in the organisation "
        "(ESR's latest start date), so a move between partners restarts the count. Split by "
        "`service_band` with the `headcount` metric for the length-of-service profile.",
    ),
)
