"""Person-level extracts straight from the simulation: staff in post, leavers, sickness.

Every post in post at a month end gives one staff in post row; every post that ends in the
window gives one leaver row; episodes are clipped to the post and to the window (an episode
still running at the end of the window is sent open, with the days lost so far).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from oneworkforce.synth import dates as D
from oneworkforce.synth import leaving as L
from oneworkforce.synth import sickness as S
from oneworkforce.synth.organisations import ORGANISATIONS
from oneworkforce.synth.tables import ORG_CODES, World, coded, person_columns, post_columns, take

SIP_COLUMNS = (
    "person_id",
    "assignment_id",
    "org_code",
    "snapshot_date",
    "staff_group",
    "job_role",
    "band",
    "fte",
    "contract_type",
    "start_date",
    "date_of_birth",
    "age_band",
    "gender",
    "ethnic_category",
    "disability",
    "nationality_group",
    "qualification_country_group",
    "trained_locally",
    "qualified_date",
    "sexual_orientation",
    "religion",
    "department",
    "apprenticeship",
    "nhs_number",
)
REQUIRED_SIP = {
    "person_id",
    "assignment_id",
    "org_code",
    "snapshot_date",
    "staff_group",
    "band",
    "fte",
    "contract_type",
    "start_date",
    "gender",
    "ethnic_category",
    "disability",
}


def month_range(world: World, posts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last window month (offsets) each post is in post at the month end."""
    sim, p = world.sim, world.sim.posts
    start, end = p["start"][posts], p["end"][posts]
    first = np.maximum(D.month_of(start) - sim.first_month, 0)
    ended = end < D.OPEN
    end_month = D.month_of(np.where(ended, end, 0))
    last = np.where(ended, end_month - (end < D.month_end(end_month)), sim.first_month + 10**6)
    return first, np.minimum(last - sim.first_month, sim.months - 1)


def snapshot_rows(world: World, org: int) -> tuple[np.ndarray, np.ndarray]:
    """(post, month offset) of every staff in post row of an organisation, by month."""
    p = world.sim.posts
    posts = np.flatnonzero((p["org"] == org) & ~p["cancelled"])
    first, last = month_range(world, posts)
    n = np.maximum(last - first + 1, 0)
    post = np.repeat(posts, n)
    offsets = np.repeat(np.cumsum(n) - n, n)
    month = np.repeat(first, n) + np.arange(len(post)) - offsets
    order = np.lexsort((post, month))
    return post[order], month[order]


def staff_in_post(world: World, org: int, chunk_months: int = 12) -> Iterator[pa.Table]:
    """Monthly snapshots of an organisation, a year at a time."""
    all_post, all_month = snapshot_rows(world, org)
    wanted = REQUIRED_SIP | set(ORGANISATIONS[org].optional)
    bounds = np.searchsorted(all_month, np.arange(0, world.sim.months + chunk_months, chunk_months))
    for lo, hi in itertools.pairwise(bounds):
        if hi <= lo:
            continue
        post, month = all_post[lo:hi], all_month[lo:hi]
        snap = world.sim.snapshots[month]
        person = world.sim.posts["person"][post]
        cols = {**person_columns(world, person, snap), **post_columns(world, post)}
        cols["snapshot_date"] = D.to_date32(snap)
        yield pa.table({c: cols[c] for c in SIP_COLUMNS if c in wanted})


def leavers(world: World, org: int) -> pa.Table:
    sim, p = world.sim, world.sim.posts
    rows = np.flatnonzero(
        (p["org"] == org)
        & ~p["cancelled"]
        & (p["end"] >= sim.first_day)
        & (p["end"] <= sim.last_day)
    )
    rows = rows[np.lexsort((rows, p["end"][rows]))]
    cols = post_columns(world, rows)
    return pa.table(
        {
            "person_id": take(world.ids.person, p["person"][rows]),
            "assignment_id": cols["assignment_id"],
            "org_code": cols["org_code"],
            "leaving_date": D.to_date32(p["end"][rows]),
            "reason": coded(p["reason"][rows], L.REASONS),
            "destination": coded(p["dest"][rows], L.DESTINATIONS),
            "destination_org_code": coded(p["dest_org"][rows], ORG_CODES),
            "staff_group": cols["staff_group"],
            "band": cols["band"],
        }
    )


def episode_days(world: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start, end clipped to the post and the window's end, open flag) of every episode.

    Episodes that ended before the window are left out; those running into it are sent with
    their real start date, as an ESR extract of the period would."""
    sim, e = world.sim, world.sim.episodes
    post_end = sim.posts["end"][e["post"]]
    end = np.minimum(e["end"], post_end)
    still_open = end > sim.last_day
    return e["start"], np.minimum(end, sim.last_day), still_open


def sickness_absence(world: World, org: int) -> pa.Table:
    sim, e, p = world.sim, world.sim.episodes, world.sim.posts
    start, end, still_open = episode_days(world)
    inside = (end >= sim.first_day) & (start <= sim.last_day)
    rows = np.flatnonzero((p["org"][e["post"]] == org) & inside)
    rows = rows[np.lexsort((rows, start[rows]))]
    post = e["post"][rows]
    fte = np.minimum(p["fte"][post], 1.0)  # FTE days lost never exceed calendar days
    days = end[rows] - start[rows] + 1
    cols = post_columns(world, post)
    return pa.table(
        {
            "person_id": take(world.ids.person, p["person"][post]),
            "assignment_id": cols["assignment_id"],
            "org_code": cols["org_code"],
            "staff_group": cols["staff_group"],
            "start_date": D.to_date32(start[rows]),
            "end_date": D.to_date32(end[rows], valid=~still_open[rows]),
            "fte_days_lost": pa.array(np.round(days * fte, 2)),
            "reason": coded(e["reason"][rows], S.REASONS),
        }
    )
