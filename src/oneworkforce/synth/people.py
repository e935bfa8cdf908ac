"""The person-level monthly simulation of the ICS workforce.

One loop per month, vectorised over people: leavers (by staff group, grade, age, length of
service, retirement from 55), moves between partner organisations (same person, new post),
joiners that bring each organisation back towards its slowly growing headcount, bank
assignments held beside substantive posts, and sickness episodes in NHS trusts. The loop
starts ``BURN_IN`` months before the window so that ages and lengths of service settle, and
runs ``LEAD_OUT`` months beyond it (every extract is cut at the window's end).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from oneworkforce.synth import calibration as K
from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth import leaving as L
from oneworkforce.synth.moves import MIX, MOVE_GROUP, MOVE_WEIGHT, ORG_SHARE, ORG_TRUST
from oneworkforce.synth.organisations import ORGANISATIONS
from oneworkforce.synth.sickness import draw_episodes
from oneworkforce.synth.store import Store

BURN_IN = 24
SICKNESS_LEAD = 6  # months of sickness before the window, so long episodes run into it
LEAD_OUT = 3  # months after the window: the vacancies of its last months have joiners
G_LEAVE = np.array([K.GROUPS[g].leave for g in M.GROUPS])
G_BANK = np.array([K.GROUPS[g].bank for g in M.GROUPS])
G_SICK = np.array([K.GROUPS[g].sickness for g in M.GROUPS])

# fmt: off
PEOPLE = {"dob": np.int64, "gender": np.int8, "ethnic": np.int8, "disability": np.int8,
          "nationality": np.int8, "qualification": np.int8, "trained": np.int8,
          "qualified": np.int64, "orientation": np.int8, "religion": np.int8}
POSTS = {"person": np.int64, "org": np.int16, "group": np.int16, "band": np.int16,
         "fte": np.float64, "contract": np.int8, "start": np.int64, "end": np.int64,
         "reason": np.int8, "dest": np.int8, "dest_org": np.int16, "parent": np.int64,
         "external": bool, "cancelled": bool, "sick_until": np.int64}
POST_FILL = {"end": D.OPEN, "reason": -1, "dest": -1, "dest_org": -1, "parent": -1,
             "sick_until": -1}
EPISODES = {"post": np.int64, "start": np.int64, "end": np.int64, "reason": np.int8}
# fmt: on


@dataclass
class Simulation:
    """Everything the extracts are built from; days are day numbers."""

    people: dict[str, np.ndarray]
    posts: dict[str, np.ndarray]
    episodes: dict[str, np.ndarray]
    first_month: int
    months: int

    @property
    def month_ids(self) -> np.ndarray:
        return np.arange(self.first_month, self.first_month + self.months)

    @property
    def snapshots(self) -> np.ndarray:
        return D.month_end(self.month_ids)

    @property
    def first_day(self) -> int:
        return int(D.month_start(self.first_month))

    @property
    def last_day(self) -> int:
        return int(self.snapshots[-1])


def _lookup(table: tuple[tuple[float, float], ...], age: np.ndarray) -> np.ndarray:
    bounds = np.array([b for b, _ in table])
    values = np.array([v for _, v in table])
    return values[np.searchsorted(bounds, age, side="right")]


class _Run:
    def __init__(self, staff: int, months: int, end_month: str, rng: np.random.Generator):
        self.rng = rng
        self.first = D.month_index(end_month) - months + 1
        self.months = months
        self.base = staff * ORG_SHARE[:, None] * MIX
        self.people = Store(PEOPLE)
        self.posts = Store(POSTS, POST_FILL)
        self.episodes = Store(EPISODES)

    def target(self, month: int) -> np.ndarray:
        mid = self.first + (self.months - 1) / 2
        return self.base * (1 + K.SYSTEM_GROWTH) ** ((month - mid) / 12)

    def progress(self, month: int) -> float:
        return float(np.clip((month - self.first) / max(self.months - 1, 1), 0, 1))

    def hire(self, org, group, band, start, joiner: bool, month: int) -> np.ndarray:
        """New people in new substantive posts (and some bank posts); returns post rows."""
        rng = self.rng
        people = M.draw_people(rng, group, band, start, joiner, self.progress(month))
        people.pop("newly_qualified")
        fte, contract = M.draw_posts(rng, group, band)
        who = self.people.add(people)
        posts = self.posts.add(
            {
                "person": who,
                "org": org,
                "group": group,
                "band": band,
                "fte": fte,
                "contract": contract,
                "start": start,
                "external": np.full(len(who), joiner),
            }
        )
        self.add_bank(posts)
        return posts

    def add_bank(self, posts: np.ndarray) -> None:
        """Bank assignments (FTE 0) beside some substantive posts, mostly in the same trust."""
        rng, p = self.rng, self.posts
        org, group = p["org"][posts], p["group"][posts]
        has = ORG_TRUST[org] & (rng.random(len(posts)) < G_BANK[group])
        rows = posts[has]
        org, group = org[has], group[has]
        elsewhere = rng.random(len(rows)) < 0.25
        weights = (
            MOVE_WEIGHT[org, group]
            * ORG_TRUST[None, :]
            * (MOVE_GROUP[org, group] == group[:, None])
        )
        ok = elsewhere & (weights.sum(axis=1) > 0)
        other = M.pick_rows(rng, np.where(ok[:, None], weights, 1.0))
        p.add(
            {
                "person": p["person"][rows],
                "org": np.where(ok, other, org),
                "group": group,
                "band": p["band"][rows],
                "fte": np.zeros(len(rows)),
                "contract": np.full(len(rows), M.BANK, np.int8),
                "start": p["start"][rows] + rng.integers(0, 720, len(rows)),
                "parent": rows,
            }
        )

    def initial(self) -> None:
        """The workforce at the start of the burn-in, with lengths of service."""
        month = self.first - BURN_IN
        counts = np.round(self.target(month)).astype(int)
        org, group = np.nonzero(counts)
        reps = counts[org, group]
        org, group = np.repeat(org, reps), np.repeat(group, reps)
        band = M.draw_bands(self.rng, group, joiner=False)
        on = np.full(len(org), int(D.month_start(month)))
        posts = self.hire(org, group, band, on, joiner=False, month=month)
        p, people = self.posts, self.people
        age = (on - people["dob"][p["person"][posts]]) / 365.25
        mean = 1 / (G_LEAVE[group] * M.B_LEAVE[band] + 0.03)
        tenure = np.minimum(self.rng.exponential(mean), np.maximum(age - 18, 0)) * 365.25
        start = on - tenure.astype(np.int64)
        p["start"][posts] = start
        who = p["person"][posts]
        people["qualified"][who] = np.minimum(people["qualified"][who], start - 30)
        bank = np.flatnonzero(np.isin(p["parent"], posts))
        p["start"][bank] = start[p["parent"][bank] - posts[0]] + self.rng.integers(
            0, 720, len(bank)
        )
        mult = _lookup(K.AGE_LEAVE, age) * M.B_LEAVE[band]
        self.norm = np.ones(len(M.GROUPS))
        sums = np.bincount(group, mult, len(M.GROUPS))
        seen = np.bincount(group, minlength=len(M.GROUPS))
        self.norm[seen > 0] = sums[seen > 0] / seen[seen > 0]

    def month(self, month: int) -> None:
        rng, p = self.rng, self.posts
        first, last = int(D.month_start(month)), int(D.month_end(month))
        cal = int(D.calendar_month(month))
        open_ = np.flatnonzero((p["end"] == D.OPEN) & ~p["cancelled"])
        is_bank = p["contract"][open_] == M.BANK
        sub = open_[~is_bank & (p["start"][open_] < first)]
        group, band = p["group"][sub], p["band"][sub]
        age = (first - self.people["dob"][p["person"][sub]]) / 365.25
        training = M.B_TRAINING[band]
        season = np.where(training, 4.0 if cal == 8 else 8 / 11, 1.0)
        annual = G_LEAVE[group] * M.B_LEAVE[band] / self.norm[group] * _lookup(K.AGE_LEAVE, age)
        annual = annual * np.where(first - p["start"][sub] < 365, K.FIRST_YEAR_LEAVE, 1.0) * season
        retire = _lookup(K.RETIREMENT, age)
        u = rng.random(len(sub))
        h_ret = 1 - (1 - retire) ** (1 / 12)
        h_all = h_ret + 1 - (1 - np.minimum(annual, 0.95)) ** (1 / 12)
        leave = u < h_all
        self.leave(sub[leave], u[leave] < h_ret[leave], training[leave], first, last)

        self.join(month, first, last)
        if month >= self.first - SICKNESS_LEAD:
            self.sickness(cal, first, last)

    def leave(self, rows, retire, training, first: int, last: int) -> None:
        rng, p = self.rng, self.posts
        end = first + rng.integers(0, last - first + 1, len(rows))
        fixed = p["contract"][rows] == M.FIXED_TERM
        reason = L.reasons(rng, retire, fixed & ~training, training)
        origin = self.people["nationality"][p["person"][rows]]
        dest = L.destinations(rng, reason, origin == M.ROW)
        may_move = L.MOVABLE[reason] | (training & (reason == L.R["end_of_fixed_term"]))
        weights = MOVE_WEIGHT[p["org"][rows], p["group"][rows]]
        moving = may_move & (rng.random(len(rows)) < np.where(training, 0.3, K.INTERNAL_MOVE))
        moving &= weights.sum(axis=1) > 0
        p["end"][rows] = end
        p["reason"][rows] = reason
        movers = rows[moving]
        to = M.pick_rows(rng, weights[moving]) if len(movers) else np.zeros(0, int)
        sector_dest = np.array([L.D[L.SECTOR_DESTINATION[o.sector]] for o in ORGANISATIONS])
        dest[moving] = sector_dest[to]
        p["dest"][rows] = dest
        p["dest_org"][movers] = to
        self.end_bank(rows, end, reason, dest)
        if len(movers):
            self.move(movers, to, end[moving])

    def end_bank(self, rows, end, reason, dest) -> None:
        p = self.posts
        open_bank = np.flatnonzero((p["parent"] >= 0) & (p["end"] == D.OPEN) & ~p["cancelled"])
        ending = open_bank[np.isin(p["parent"][open_bank], rows)]
        if not len(ending):
            return
        where = np.searchsorted(rows, p["parent"][ending])
        started = p["start"][ending] <= end[where]
        p["cancelled"][ending[~started]] = True
        done = ending[started]
        p["end"][done] = end[where][started]
        p["reason"][done] = reason[where][started]
        p["dest"][done] = dest[where][started]

    def move(self, rows, to, end) -> None:
        """Movers start a new post in another partner, keeping their person record."""
        rng, p = self.rng, self.posts
        group = MOVE_GROUP[p["org"][rows], p["group"][rows], to]
        band = p["band"][rows].copy()
        afc = M.B_AFC[band] & (M.G_BANDS[group, np.minimum(band + 1, len(M.BANDS) - 1)] > 0)
        band = np.where(afc & (rng.random(len(rows)) < 0.25), band + 1, band)
        redraw = M.G_BANDS[group, band] == 0
        band[redraw] = M.draw_bands(rng, group[redraw], joiner=True)
        fte, contract = M.draw_posts(rng, group, band)
        same = group == p["group"][rows]
        posts = p.add(
            {
                "person": p["person"][rows],
                "org": to,
                "group": group,
                "band": band,
                "fte": np.where(same, p["fte"][rows], fte),
                "contract": contract,
                "start": end + 1 + rng.integers(0, 31, len(rows)),
            }
        )
        self.add_bank(posts)

    def join(self, month: int, first: int, last: int) -> None:
        p = self.posts
        open_ = (p["end"] == D.OPEN) & ~p["cancelled"] & (p["contract"] != M.BANK)
        n_org, n_grp = self.base.shape
        cell = p["org"][open_].astype(np.int64) * n_grp + p["group"][open_]
        count = np.bincount(cell, minlength=n_org * n_grp).reshape(n_org, n_grp)
        gap = np.maximum(self.target(month) - count, 0)
        joiners = self.rng.poisson(gap * 0.85)
        org, group = np.nonzero(joiners)
        reps = joiners[org, group]
        org, group = np.repeat(org, reps), np.repeat(group, reps)
        if not len(org):
            return
        band = M.draw_bands(self.rng, group, joiner=True)
        start = first + self.rng.integers(0, last - first + 1, len(org))
        self.hire(org, group, band, start, joiner=True, month=month)

    def sickness(self, cal: int, first: int, last: int) -> None:
        p = self.posts
        rows = np.flatnonzero(
            (p["end"] == D.OPEN)
            & ~p["cancelled"]
            & (p["contract"] != M.BANK)
            & ORG_TRUST[p["org"]]
            & (p["start"] <= last)
        )
        age = (first - self.people["dob"][p["person"][rows]]) / 365.25
        earliest = np.maximum(p["start"][rows], p["sick_until"][rows] + 1)
        hit, start, end, reason = draw_episodes(
            self.rng, cal, first, last, G_SICK[p["group"][rows]], age, earliest
        )
        rows = rows[hit]
        p["sick_until"][rows] = end
        self.episodes.add({"post": rows, "start": start, "end": end, "reason": reason})


def simulate(
    staff: int,
    months: int,
    end_month: str,
    rng: np.random.Generator,
    progress: Callable[[str, int, int], None] | None = None,
) -> Simulation:
    """Run the simulation from the burn-in to ``end_month``."""
    run = _Run(staff, months, end_month, rng)
    run.initial()
    total = BURN_IN + months + LEAD_OUT
    for i, month in enumerate(range(run.first - BURN_IN, run.first + months + LEAD_OUT)):
        run.month(month)
        if progress:
            progress("simulate", i + 1, total)
    return Simulation(
        run.people.freeze(), run.posts.freeze(), run.episodes.freeze(), run.first, months
    )
