"""What the projection learns from the warehouse, read with Ibis on the warehouse tables.

Each person in post is followed from one monthly snapshot to the next by ``person_id`` (the
same in every partner's extract), so a move between partners or staff groups is seen as a
move, not as a leaver and a joiner. Only permanent and fixed-term staff count, as in staff in
post and the vacancy statistics: bank assignments fill no establishment post.

A person with several posts in one month is placed in one cell, that of their largest post
(then by organisation and staff group), with the FTE of all their posts: every person is
counted once, so the system's cells add up to its headcount.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pandas as pd

from oneworkforce.metrics.calendar import month_index_of
from oneworkforce.metrics.dimensions import workforce_frame
from oneworkforce.metrics.model import Tables
from oneworkforce.metrics.supply import INTERNATIONAL, NEWLY_QUALIFIED_MONTHS
from oneworkforce.metrics.workforce import SUBSTANTIVE
from oneworkforce.planning.cells import OLDER_BANDS

# Joiner routes, in the order they are tested: the first that fits a joiner is theirs.
ROUTES = ("returner", "international", "newly_qualified", "apprenticeship", "other")
HOURS_PER_FTE_MONTH = 37.5 * 52.143 / 12  # standard NHS hours a month for one FTE


@dataclass(frozen=True)
class History:
    """The warehouse's workforce history around a base month, as small pandas frames."""

    base_month: int
    first_month: int
    organisations: pd.DataFrame  # org, place, sector, system
    stock: pd.DataFrame  # org, staff_group, age_group, heads, fte (at the base month)
    transitions: pd.DataFrame  # month, from org/staff_group/age_group, to_* (null: left), people
    joiners: pd.DataFrame  # month (joined), org, staff_group, age_group, route, people
    snapshots: pd.DataFrame  # org, month
    participation: pd.DataFrame  # month, staff_group, heads, fte (system, each month)
    establishment: pd.DataFrame  # org, staff_group, band, fte (latest month <= base per org)
    band_mix: pd.DataFrame  # org, staff_group, band, fte (at the base month)
    temporary: pd.DataFrame  # org, staff_group, staffing_type, fte, cost_per_fte (12 months)


def _states(tables: Tables, first: int, last: int) -> ibis.Table:
    """One row per person and month: their cell and total substantive FTE."""
    frame = workforce_frame(tables)
    frame = frame.filter(
        frame.contract_type.isin(SUBSTANTIVE)
        & (frame.month_index >= first)
        & (frame.month_index <= last)
    )
    frame = frame.mutate(
        older=frame.age_band.isin(OLDER_BANDS).cast("int8"),
        # 2 apprentice, 1 not, 0 unknown: the largest wins across a person's posts.
        apprentice=ibis.cases(
            (frame.apprenticeship == True, 2),  # noqa: E712
            (frame.apprenticeship == False, 1),  # noqa: E712
            else_=0,
        ),
    )
    posts = frame.group_by(["person_id", "month_index", "org_code", "staff_group"]).aggregate(
        fte=frame.fte.sum(),
        older=frame.older.max(),
        apprentice=frame.apprentice.max(),
        international=frame.qualification_country_group.isin(INTERNATIONAL).any(),
        qualified=month_index_of(frame.qualified_date).max(),
    )
    window = ibis.window(
        group_by=[posts.person_id, posts.month_index],
        order_by=[ibis.desc(posts.fte), posts.org_code, posts.staff_group],
    )
    ranked = posts.mutate(
        rank=ibis.row_number().over(window),
        total_fte=posts.fte.sum().over(ibis.window(group_by=[posts.person_id, posts.month_index])),
    )
    main = ranked.filter(ranked["rank"] == 0)
    return main.select(
        "person_id",
        "month_index",
        org="org_code",
        staff_group="staff_group",
        age_group=ibis.cases((main.older == 1, "55_plus"), else_="under_55"),
        fte=main.total_fte,
        apprentice=main.apprentice,
        international=main.international,
        qualified=main.qualified,
    )


def _transitions(states: ibis.Table, snapshots: ibis.Table) -> ibis.Table:
    """People in each cell one month, and where they are the next (nowhere: they left)."""
    following = snapshots.select("org", month_index=snapshots.month_index - 1)
    start = states.join(following, ["org", "month_index"], how="semi")
    later = states.select(
        "person_id",
        month_index=states.month_index - 1,
        to_org=states.org,
        to_staff_group=states.staff_group,
        to_age_group=states.age_group,
    )
    joined = start.join(later, ["person_id", "month_index"], how="left")
    keys = ["month_index", "org", "staff_group", "age_group"]
    keys += ["to_org", "to_staff_group", "to_age_group"]
    return joined.group_by(keys).aggregate(people=joined.count().cast("float64"))


def _joiners(states: ibis.Table, snapshots: ibis.Table, everyone: ibis.Table) -> ibis.Table:
    """People in post one month who were in post nowhere in the system the month before,
    with the route they came by (``ROUTES``)."""
    before = snapshots.select("org", month_index=snapshots.month_index + 1)
    end = states.join(before, ["org", "month_index"], how="semi")
    previous = everyone.select("person_id", month_index=everyone.month_index + 1).distinct()
    new = end.join(previous, ["person_id", "month_index"], how="anti")
    first_seen = everyone.group_by("person_id").aggregate(first_month=everyone.month_index.min())
    new = new.join(first_seen, "person_id", how="left")
    since_qualifying = new.month_index - new.qualified
    route = ibis.cases(
        (new.first_month < new.month_index, "returner"),
        (new.international, "international"),
        (
            new.qualified.notnull()
            & (since_qualifying >= 0)
            & (since_qualifying <= NEWLY_QUALIFIED_MONTHS),
            "newly_qualified",
        ),
        (new.apprentice == 2, "apprenticeship"),
        else_="other",
    )
    new = new.mutate(route=route)
    keys = ["month_index", "org", "staff_group", "age_group", "route"]
    return new.group_by(keys).aggregate(people=new.count().cast("float64"))


def _organisations(tables: Tables) -> pd.DataFrame:
    orgs = tables["organisations"]
    return (
        orgs.select(org="org_code", place="place", sector="sector", system="ics_code")
        .execute()
        .astype({"org": "object", "place": "object", "sector": "object", "system": "object"})
    )


def _establishment(tables: Tables, base: int) -> pd.DataFrame:
    """Each organisation's establishment in its latest budget month at or before the base."""
    est = tables["establishment"]
    est = est.filter(est.month_index <= base)
    latest = est.group_by("org_code").aggregate(latest=est.month_index.max())
    est = est.join(latest, "org_code").filter(lambda t: t.month_index == t.latest)
    out = est.group_by(["org_code", "staff_group", "band"]).aggregate(fte=est.budgeted_fte.sum())
    return out.rename(org="org_code").execute()


def _temporary(tables: Tables, base: int) -> pd.DataFrame:
    """Bank and agency FTE a month and cost per FTE a month, over the 12 months to the base."""
    temp = tables["temporary_staffing"]
    temp = temp.filter((temp.month_index <= base) & (temp.month_index > base - 12))
    months = temp.group_by("org_code").aggregate(months=temp.month_index.nunique())
    out = temp.group_by(["org_code", "staff_group", "staffing_type"]).aggregate(
        hours=temp.hours.sum(), cost=temp.cost.sum()
    )
    out = out.join(months, "org_code")
    frame = out.rename(org="org_code").execute()
    frame["fte"] = frame["hours"] / HOURS_PER_FTE_MONTH / frame["months"]
    hours = frame["hours"].where(frame["hours"] > 0)
    frame["cost_per_fte"] = (frame["cost"] / hours * HOURS_PER_FTE_MONTH * 12).fillna(0.0)
    return frame[["org", "staff_group", "staffing_type", "fte", "cost_per_fte"]]


def latest_month(tables: Tables) -> int | None:
    """The latest month of staff in post, or None when there is none."""
    value = tables["staff_in_post"].month_index.max().execute()
    return None if value is None or pd.isna(value) else int(value)


def read_history(tables: Tables, base: int, months: int) -> History:
    """The stock at ``base`` and the flows of the ``months`` months before it."""
    first = base - months
    states = _states(tables, first, base)
    snapshots = states.select("org", "month_index").distinct()
    everything = _states(tables, -(10**9), base).select("person_id", "month_index")
    stock_expr = states.filter(states.month_index == base)
    stock = (
        stock_expr.group_by(["org", "staff_group", "age_group"])
        .aggregate(heads=stock_expr.count().cast("float64"), fte=stock_expr.fte.sum())
        .execute()
    )
    participation = (
        states.group_by(["month_index", "staff_group"])
        .aggregate(heads=states.count().cast("float64"), fte=states.fte.sum())
        .execute()
    )
    frame = workforce_frame(tables)
    frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE) & (frame.month_index == base))
    band_mix = (
        frame.group_by(["org_code", "staff_group", "band"])
        .aggregate(fte=frame.fte.sum())
        .rename(org="org_code")
        .execute()
    )
    return History(
        base_month=base,
        first_month=first,
        organisations=_organisations(tables),
        stock=stock,
        transitions=_transitions(states, snapshots).execute(),
        joiners=_joiners(
            states.filter(states.month_index > first), snapshots, everything
        ).execute(),
        snapshots=snapshots.rename(month="month_index").execute(),
        participation=participation,
        establishment=_establishment(tables, base),
        band_mix=band_mix,
        temporary=_temporary(tables, base),
    )
