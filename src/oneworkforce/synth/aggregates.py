"""Extracts made from monthly totals: establishment, sickness totals, temporary staffing, pay bill.

All three start from the staff in post FTE cube (month x organisation x group x band), so
vacancies, days available and bank and agency use are consistent with the person-level
records: establishment is the (smoothed) FTE in post grossed up by a vacancy rate, days
available are FTE x days in the month, and temporary staffing follows vacancies and sickness.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oneworkforce.synth import calibration as K
from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth.organisations import ORGANISATIONS
from oneworkforce.synth.pay import pay_index
from oneworkforce.synth.sickness import winter
from oneworkforce.synth.staff import month_range
from oneworkforce.synth.tables import ORG_CODES, World, coded

G_VACANCY = np.array([K.GROUPS[g].vacancy for g in M.GROUPS])
_SECTOR_SICKNESS = {
    "primary_care": 0.032,
    "social_care": 0.045,
    "local_authority": 0.047,
    "vcse": 0.035,
}
TRUST_SICKNESS = 0.05
# Bank pay per hour in 2024/25 (£) and how much more agency staff cost per hour.
BANK_RATE = {
    "medical": 85,
    "nursing": 27,
    "midwifery": 28,
    "ambulance": 24,
    "ahp": 30,
    "healthcare_science": 28,
    "other_stt": 29,
    "support_clinical": 15.5,
    "infrastructure": 15,
    "gp": 92,
    "primary_care_nurse": 28,
    "primary_care_dpc": 22,
    "primary_care_admin": 14,
    "social_care_direct": 13,
    "social_care_professional": 30,
    "social_care_manager": 24,
    "social_care_other": 13,
    "other": 14,
}
AGENCY_PREMIUM = {"medical": 1.55, "nursing": 1.9, "midwifery": 1.9, "ahp": 1.8, "gp": 1.4}
AGENCY_SHARE = {
    "medical": 0.35,
    "nursing": 0.16,
    "midwifery": 0.12,
    "ahp": 0.25,
    "healthcare_science": 0.2,
    "other_stt": 0.2,
    "support_clinical": 0.06,
    "infrastructure": 0.08,
    "ambulance": 0.05,
    "gp": 0.6,
    "social_care_direct": 0.15,
    "social_care_professional": 0.3,
}
SHIFT_HOURS = {
    "medical": 8.0,
    "gp": 4.25,
    "infrastructure": 7.5,
    "primary_care_admin": 7.5,
    "social_care_direct": 7.0,
    "social_care_other": 7.5,
}


def fte_cube(world: World) -> np.ndarray:
    """FTE of permanent and fixed-term staff in post at each month end: (month, org, group, band)."""
    sim, p = world.sim, world.sim.posts
    posts = np.flatnonzero(~p["cancelled"] & (p["contract"] != M.BANK))
    first, last = month_range(world, posts)
    keep = last >= first
    posts, first, last = posts[keep], first[keep], last[keep]
    shape = (sim.months + 1, len(ORGANISATIONS), len(M.GROUPS), len(M.BANDS))
    cell = np.ravel_multi_index((p["org"][posts], p["group"][posts], p["band"][posts]), shape[1:])
    size = int(np.prod(shape[1:]))
    delta = np.zeros(shape[0] * size)
    fte = p["fte"][posts]
    np.add.at(delta, first * size + cell, fte)
    np.add.at(delta, (last + 1) * size + cell, -fte)
    return np.cumsum(delta.reshape(shape), axis=0)[: sim.months]


def _months(world: World) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    ids = world.sim.month_ids
    text = [str(m) for m in ids.astype("datetime64[M]")]
    days = D.month_end(ids) - D.month_start(ids) + 1
    return pa.array(text), days, D.calendar_month(ids)


def establishment(world: World, cube: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Budgeted FTE per (month, org, group, band): smoothed FTE in post over (1 - vacancy)."""
    months = cube.shape[0]
    padded = np.concatenate([cube[:1], cube[:1], cube])
    smooth = (padded[2:] + padded[1:-1] + padded[:-2]) / 3
    trend = np.linspace(1.12, 0.88, months)[:, None, None, None]
    cal = D.calendar_month(world.sim.month_ids)
    season = np.where(np.isin(cal, [9, 10]), 0.93, 1.0)[:, None, None, None]
    noise = rng.lognormal(0, 0.08, cube.shape)
    vacancy = np.clip(G_VACANCY[None, None, :, None] * trend * season * noise, 0.0, 0.4)
    return np.round(smooth / (1 - vacancy), 2)


def establishment_table(world: World, est: np.ndarray, org: int) -> pa.Table:
    month, group, band = np.nonzero(est[:, org] > 0)
    period, _, _ = _months(world)
    return pa.table(
        {
            "org_code": coded(np.full(len(month), org), ORG_CODES),
            "period": period.take(pa.array(month)),
            "staff_group": coded(group, M.GROUPS),
            "band": coded(band, M.BANDS),
            "budgeted_fte": pa.array(est[month, org, group, band]),
        }
    )


def sickness_aggregate(world: World, cube: np.ndarray, org: int, rng: np.random.Generator):
    """FTE days lost and available by group and month, for partners without episodes."""
    period, days, cal = _months(world)
    fte = cube[:, org].sum(axis=2)  # (month, group)
    month, group = np.nonzero(fte > 0)
    available = np.round(fte[month, group] * days[month], 2)
    base = _SECTOR_SICKNESS[ORGANISATIONS[org].sector]
    rate = base * np.array([K.GROUPS[g].sickness for g in M.GROUPS])[group]
    rate = rate * winter(cal[month], 0.2) * rng.lognormal(0, 0.12, len(month))
    lost = np.minimum(np.round(available * rate, 2), available)
    return pa.table(
        {
            "org_code": coded(np.full(len(month), org), ORG_CODES),
            "staff_group": coded(group, M.GROUPS),
            "period": period.take(pa.array(month)),
            "fte_days_lost": pa.array(lost),
            "fte_days_available": pa.array(available),
        }
    )


def temporary_staffing(
    world: World, cube: np.ndarray, est: np.ndarray, org: int, rng: np.random.Generator
) -> pa.Table:
    """Bank and agency hours follow vacancies and sickness; agency costs far more per hour."""
    period, days, cal = _months(world)
    sip = cube[:, org].sum(axis=2)
    vacant = np.maximum(est[:, org].sum(axis=2) - sip, 0)
    sick_rate = np.array([K.GROUPS[g].sickness for g in M.GROUPS]) * TRUST_SICKNESS
    sick = sip * sick_rate[None, :] * winter(cal, 0.2)[:, None]
    noise = rng.lognormal(0, 0.12, sip.shape)
    hours = (0.7 * vacant + 0.45 * sick) * 37.5 * (days / 7)[:, None] * noise
    share = np.array([AGENCY_SHARE.get(g, 0.1) for g in M.GROUPS])[None, :]
    share = np.clip(
        share * np.linspace(1.15, 0.8, len(days))[:, None] * rng.lognormal(0, 0.1, sip.shape),
        0,
        0.9,
    )
    years = D.year_of_month(world.sim.month_ids) - (cal < 4)
    index = pay_index(years)[:, None]
    bank_rate = np.array([BANK_RATE[g] for g in M.GROUPS])[None, :] * index
    agency_rate = bank_rate * np.array([AGENCY_PREMIUM.get(g, 1.6) for g in M.GROUPS])[None, :]
    shift = np.array([SHIFT_HOURS.get(g, 11.5) for g in M.GROUPS])
    parts = []
    for kind, part, rate in (("bank", 1 - share, bank_rate), ("agency", share, agency_rate)):
        h = np.round(hours * part, 1)
        month, group = np.nonzero(h >= 1)
        h = h[month, group]
        cost = h * rate[month, group] * rng.lognormal(0, 0.05, len(h))
        parts.append(
            (
                month,
                group,
                np.full(len(h), kind),
                h,
                np.maximum(np.round(h / shift[group]), 1),
                cost,
            )
        )
    month, group, kind, h, shifts, cost = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((kind, group, month))
    return pa.table(
        {
            "org_code": coded(np.full(len(order), org), ORG_CODES),
            "period": period.take(pa.array(month[order])),
            "staff_group": coded(group[order], M.GROUPS),
            "staffing_type": pa.array(kind[order]),
            "hours": pa.array(h[order]),
            "shifts": pa.array(shifts[order].astype(np.int64)),
            "cost": pa.array(np.round(cost[order], 2)),
        }
    )


# Employer on-costs on substantive pay: National Insurance and the NHS Pension employer rate.
ON_COSTS = 1.28


def pay_bill(world: World, cube: np.ndarray, org: int, rng: np.random.Generator) -> pa.Table:
    """Substantive cost: FTE in post x the group's hourly rate x hours in the month, with
    on-costs; the bank rate stands in for the substantive hourly cost of the group."""
    period, days, cal = _months(world)
    fte = cube[:, org].sum(axis=2)  # (month, group)
    years = D.year_of_month(world.sim.month_ids) - (cal < 4)
    rate = np.array([BANK_RATE[g] for g in M.GROUPS])[None, :] * pay_index(years)[:, None]
    cost = fte * 37.5 * (days / 7)[:, None] * rate * ON_COSTS * rng.lognormal(0, 0.02, fte.shape)
    month, group = np.nonzero(fte > 0)
    return pa.table(
        {
            "org_code": coded(np.full(len(month), org), ORG_CODES),
            "period": period.take(pa.array(month)),
            "staff_group": coded(group, M.GROUPS),
            "substantive_cost": pa.array(np.round(cost[month, group], 2)),
        }
    )
