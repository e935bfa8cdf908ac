"""Employee relations cases, non-mandatory training and CPD, and boards, for the NHS trusts.

These feed the WRES and WDES indicators that come from workforce data, with the gaps NHS
data show:

- Disciplinary: about 1 % of staff a year enter a formal disciplinary investigation, BME
  staff 1.5 times as often as White staff (WRES indicator 3 has been 1.1 to 1.6 nationally
  since 2016, and above 1.25 in many trusts). A share of cases stay informal: they are sent,
  as a case tracker holds them, and the indicator leaves them out.
- Capability: about 0.4 % of staff a year, Disabled staff twice as often (WDES metric 3 is
  about 2 nationally); about a third on the grounds of ill health, which WDES leaves out.
- Non-mandatory training and CPD: about four in ten staff a year, White staff a little more
  often (WRES indicator 4 is about 1.1 nationally).
- Boards: a chair, six non-executive directors, five voting and two non-voting executives,
  at each 31 March, about one in eight BME (boards are less diverse than their workforce),
  a fifth of members replaced each year.

Cases and courses are drawn month by month for every permanent or fixed-term assignment in
post at the month's end, so each one links to the person's staff in post record.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth.staff import snapshot_rows
from oneworkforce.synth.tables import ORG_CODES, World, coded, take

DISCIPLINARY_RATE = 0.010  # a year, White staff
BME_DISCIPLINARY = 1.5
CAPABILITY_RATE = 0.004  # a year, non-disabled staff
DISABLED_CAPABILITY = 2.0
ILL_HEALTH_SHARE = 0.35
STAGES = ("informal", "investigation", "hearing", "appeal")
STAGE_SHARES = (0.15, 0.50, 0.28, 0.07)
CPD_RATE = 0.045  # records a month, staff who are not White (about four in ten a year)
WHITE_CPD = 1.12
CPD_KINDS = ("non_mandatory_training", "cpd")
COURSES = (
    "Leadership programme",
    "Mentoring skills",
    "Clinical skills update",
    "Quality improvement",
    "Conference",
    "Postgraduate module",
    "Coaching",
    "Digital skills",
)
BOARD_BME = 0.13
BOARD_TURNOVER = 0.2
# (executive, voting) of each seat: chair and six non-executives, five voting executives
# (chief executive, finance, medical, nursing, people), two non-voting executives.
SEATS = ((False, True),) * 7 + ((True, True),) * 5 + ((True, False),) * 2


def _in_post(world: World, org: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(post, month offset, person) of every permanent or fixed-term row of staff in post."""
    post, month = snapshot_rows(world, org)
    keep = world.sim.posts["contract"][post] != M.BANK
    post, month = post[keep], month[keep]
    return post, month, world.sim.posts["person"][post]


def _day_in_month(world: World, post: np.ndarray, month: np.ndarray, rng) -> np.ndarray:
    """A day of the month, not before the post started nor after the month's end."""
    sim = world.sim
    first = D.month_start(sim.first_month + month)
    day = first + rng.integers(0, 28, len(post))
    return np.minimum(np.maximum(day, sim.posts["start"][post]), sim.snapshots[month])


def employee_relations(world: World, org: int, rng: np.random.Generator) -> pa.Table | None:
    sim, people = world.sim, world.sim.people
    post, month, person = _in_post(world, org)
    ethnic = np.asarray(M.VOCAB["ethnic"])[people["ethnic"][person]]
    bme = np.isin(ethnic, M.BME_CODES)
    disabled = people["disability"][person] == M.VOCAB["disability"].index("yes")
    disciplinary = DISCIPLINARY_RATE / 12 * np.where(bme, BME_DISCIPLINARY, 1.0)
    capability = CAPABILITY_RATE / 12 * np.where(disabled, DISABLED_CAPABILITY, 1.0)
    u = rng.random(len(post))
    rows = np.flatnonzero(u < disciplinary + capability)
    if not len(rows):
        return None
    is_capability = u[rows] >= disciplinary[rows]
    start = _day_in_month(world, post[rows], month[rows], rng)
    order = np.lexsort((rows, start))
    rows, is_capability, start = rows[order], is_capability[order], start[order]
    n = len(rows)
    reason = np.where(
        is_capability, np.where(rng.random(n) < ILL_HEALTH_SHARE, 1, 0), -1
    )  # performance, ill_health, none
    end = start + rng.integers(20, 180, n)
    code = ORG_CODES[org]
    return pa.table(
        {
            "case_id": pa.array([f"{code}-ER{i + 1:06d}" for i in range(n)]),
            "person_id": take(world.ids.person, person[rows]),
            "org_code": coded(np.full(n, org), ORG_CODES),
            "start_date": D.to_date32(start),
            "process": coded(is_capability.astype(np.int32), ("disciplinary", "capability")),
            "capability_reason": coded(reason, ("performance", "ill_health")),
            "stage": coded(rng.choice(len(STAGES), size=n, p=STAGE_SHARES), STAGES),
            "end_date": D.to_date32(end, valid=end <= sim.last_day),
        }
    )


def cpd(world: World, org: int, rng: np.random.Generator) -> pa.Table | None:
    people = world.sim.people
    post, month, person = _in_post(world, org)
    ethnic = np.asarray(M.VOCAB["ethnic"])[people["ethnic"][person]]
    rate = CPD_RATE * np.where(np.isin(ethnic, M.WHITE_CODES), WHITE_CPD, 1.0)
    rows = np.flatnonzero(rng.random(len(post)) < rate)
    if not len(rows):
        return None
    n = len(rows)
    day = _day_in_month(world, post[rows], month[rows], rng)
    kind = (rng.random(n) < 0.4).astype(np.int32)  # CPD, else non-mandatory training
    course = rng.integers(0, len(COURSES), n)
    # One record per person, day, kind and course (a person may hold two posts).
    keys = np.stack([person[rows], day, kind, course])
    _, first = np.unique(keys, axis=1, return_index=True)
    keep = np.sort(first)
    keep = keep[np.lexsort((person[rows][keep], day[keep]))]
    m = len(keep)
    return pa.table(
        {
            "person_id": take(world.ids.person, person[rows][keep]),
            "org_code": coded(np.full(m, org), ORG_CODES),
            "activity_date": D.to_date32(day[keep]),
            "kind": coded(kind[keep], CPD_KINDS),
            "course": pa.array(np.asarray(COURSES)[course[keep]]),
            "funded": coded((rng.random(m) < 0.3).astype(np.int32), ("true", "false")),
            "hours": pa.array(np.round(rng.uniform(3, 37.5, m) * 2) / 2),
        }
    )


def board_members(world: World, org: int, rng: np.random.Generator) -> pa.Table | None:
    sim = world.sim
    marches = [int(m) for m in sim.month_ids if int(D.calendar_month(m)) == 3]
    if not marches:
        return None
    code = ORG_CODES[org]
    ethnic_voc, dis_voc = M.VOCAB["ethnic"], M.VOCAB["disability"]
    seats = len(SEATS)
    member = np.arange(seats)
    next_id = seats

    def draw(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        bme = rng.random(n) < BOARD_BME
        stated = rng.random(n) > 0.03
        ethnic = np.where(
            bme,
            M.pick(rng, {"H": 3, "M": 2, "N": 2, "J": 1, "D": 1}, ethnic_voc, n),
            M.pick(rng, {"A": 9, "B": 0.5, "C": 1}, ethnic_voc, n),
        )
        ethnic = np.where(stated, ethnic, ethnic_voc.index("Z"))
        u = rng.random(n)
        disability = np.where(
            u < 0.05, dis_voc.index("yes"), np.where(u < 0.12, dis_voc.index("not_declared"), 0)
        )
        disability = np.where(disability == 0, dis_voc.index("no"), disability)
        gender = np.where(rng.random(n) < 0.5, 0, 1)  # male, female
        return ethnic, disability, gender

    ethnic, disability, gender = draw(seats)
    parts = []
    for i, march in enumerate(marches):
        if i:
            replaced = np.flatnonzero(rng.random(seats) < BOARD_TURNOVER)
            member[replaced] = next_id + np.arange(len(replaced))
            next_id += len(replaced)
            new = draw(len(replaced))
            ethnic[replaced], disability[replaced], gender[replaced] = new
        parts.append(
            (
                member.copy(),
                np.full(seats, march),
                ethnic.copy(),
                disability.copy(),
                gender.copy(),
            )
        )
    who, when, eth, dis, sex = (np.concatenate(x) for x in zip(*parts, strict=True))
    n = len(who)
    executive = np.tile([e for e, _ in SEATS], len(marches))
    voting = np.tile([v for _, v in SEATS], len(marches))
    return pa.table(
        {
            "org_code": coded(np.full(n, org), ORG_CODES),
            "person_id": pa.array([f"{code}-BRD{k + 1:03d}" for k in who]),
            "snapshot_date": D.to_date32(D.month_end(when)),
            "voting": coded(np.where(voting, 0, 1), ("true", "false")),
            "executive": coded(np.where(executive, 0, 1), ("true", "false")),
            "gender": coded(sex, M.VOCAB["gender"]),
            "ethnic_category": coded(eth, ethnic_voc),
            "disability": coded(dis, dis_voc),
        }
    )
