"""Supply metrics: international recruitment and retention of locally trained staff.

Both are ICS people plan measures rather than national statistics, so the definitions are
stated here in full. International recruits are people whose first professional
qualification was outside the UK (NHS England's international recruitment reporting uses
country of qualification in the same way). Retention follows newly qualified staff trained
with the system's education providers, as ICS "grow our own" plans ask.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.calendar import month_index_of
from oneworkforce.metrics.dimensions import WORKFORCE_DIMENSIONS, workforce_frame
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result
from oneworkforce.metrics.workforce import SUBSTANTIVE

INTERNATIONAL = ("eu_eea", "rest_of_world")
KNOWN_ORIGIN = ("uk", *INTERNATIONAL)
# A locally trained person is newly qualified when first in post within this many months
# of qualifying.
NEWLY_QUALIFIED_MONTHS = 12
ICS_PLANS = "ICS people plans (definition stated in the catalogue)"


def international_share(tables: Tables, by: list[str]) -> ibis.Table:
    frame = workforce_frame(tables)
    frame = frame.filter(frame.qualification_country_group.isin(KNOWN_ORIGIN))
    out = frame.group_by([*by, "month_index"]).aggregate(
        recruits=frame.person_id.nunique(
            where=frame.qualification_country_group.isin(INTERNATIONAL)
        ).cast("float64"),
        people=frame.person_id.nunique().cast("float64"),
    )
    return ratio_result(out, by, out.recruits, out.people)


def _cohort(tables: Tables) -> ibis.Table:
    """Locally trained people in their first month in post anywhere in the system, when that
    month is within a year of qualifying and after the first month the system has data for
    (earlier starters cannot be told apart from people already in post)."""
    frame = workforce_frame(tables)
    frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
    first_data_month = frame.month_index.min().as_scalar()
    locally = frame.filter((frame.trained_locally == True) & frame.qualified_date.notnull())  # noqa: E712
    first = locally.group_by("person_id").aggregate(first_month=locally.month_index.min())
    entries = locally.join(first, "person_id").filter(
        lambda t: (t.month_index == t.first_month) & (t.first_month > first_data_month)
    )
    gap = entries.month_index - month_index_of(entries.qualified_date)
    return entries.filter((gap >= 0) & (gap <= NEWLY_QUALIFIED_MONTHS))


def _retention(years: int):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        cohort = _cohort(tables)
        frame = workforce_frame(tables)
        in_post = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
        later = in_post.select("person_id", month_index=in_post.month_index - 12 * years)
        later = later.distinct()
        # Only cohorts whose follow-up month has data: otherwise everyone would look lost.
        followed = in_post.select(month_index=in_post.month_index - 12 * years).distinct()
        cohort = cohort.join(followed, "month_index", how="semi")
        kept = cohort.join(later, ["person_id", "month_index"], how="semi")
        keys = [*by, "month_index"]
        starts = cohort.group_by(keys).aggregate(n=cohort.person_id.nunique())
        stays = kept.group_by(keys).aggregate(kept=kept.person_id.nunique())
        out = starts.join(stays, keys, how="left")
        # Reported in the month the follow-up completes.
        out = out.select(
            *by,
            month_index=out.month_index + 12 * years,
            kept=out.kept.fill_null(0).cast("float64"),
            n=out.n.cast("float64"),
        )
        return ratio_result(out, by, out.kept, out.n)

    return compute


METRICS = (
    Metric(
        "international_recruits_share",
        "International recruits' share",
        "Share of people in post who first qualified outside the UK, of those whose country "
        "of qualification is known.",
        "headcount qualified in the EU/EEA or rest of world / headcount with a known "
        "qualification country x 100",
        ICS_PLANS,
        "percent",
        "neutral",
        "people qualified outside the UK",
        "people with a known country of qualification",
        WORKFORCE_DIMENSIONS,
        international_share,
        "People with no or 'unknown' qualification country are left out of both parts.",
    ),
    *(
        Metric(
            f"local_retention_{years}y",
            f"Retention of locally trained staff after {years} year{'s' if years > 1 else ''}",
            "Of newly qualified staff trained with the system's education providers (first in "
            f"post within {NEWLY_QUALIFIED_MONTHS} months of qualifying), the share still in "
            f"post with any partner {years} year{'s' if years > 1 else ''} later.",
            f"cohort members in post (any partner) {12 * years} months after joining / cohort "
            "x 100, reported in the month the follow-up completes",
            ICS_PLANS,
            "percent",
            "up",
            "still in post in the system",
            "newly qualified locally trained joiners",
            WORKFORCE_DIMENSIONS,
            _retention(years),
            "Slices use the person's characteristics when they joined. Needs the trained-locally "
            "flag and qualification date; people who joined in the first month of data are "
            "left out, as they cannot be told from people already in post.",
        )
        for years in (1, 2)
    ),
)
