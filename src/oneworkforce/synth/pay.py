"""Pay at 31 March each year, for the gender pay gap.

Basic pay follows the Agenda for Change 2024/25 pay points and the 2024/25 medical pay
scales, moved back or forward by each year's pay award; unsocial-hours enhancements and
extra programmed activities are added for the groups that earn them. Clinical excellence
awards are the bonus, for a minority of consultants (more often men, as in trusts' reports).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth.tables import World, flag, in_post, person_columns, post_columns

HOURS_A_YEAR = 37.5 * 52.143
# Pay awards by financial year (starting April); index 1.0 = 2024/25.
_AWARDS = {2021: 0.03, 2022: 0.045, 2023: 0.05, 2024: 0.055, 2025: 0.036, 2026: 0.03}
NATIONAL_LIVING_WAGE = {
    2020: 8.72,
    2021: 8.91,
    2022: 9.50,
    2023: 10.42,
    2024: 11.44,
    2025: 12.21,
    2026: 12.71,
}

AFC_2024 = {
    "band_1": (23615,),
    "band_2": (23615,),
    "band_3": (24071, 25674),
    "band_4": (26530, 29114),
    "band_5": (29970, 32324, 36483),
    "band_6": (37338, 39405, 44962),
    "band_7": (46148, 48526, 52809),
    "band_8a": (53755, 56454, 60504),
    "band_8b": (62215, 66246, 72293),
    "band_8c": (74290, 78814, 85601),
    "band_8d": (88168, 93572, 101677),
    "band_9": (105385, 111740, 121271),
    "vsm": (125000, 150000, 175000),
}
MEDICAL_2024 = {  # annual basic pay ranges
    "foundation_1": (36616, 36616),
    "foundation_2": (42008, 42008),
    "core_training": (49909, 49909),
    "specialty_registrar": (49909, 70425),
    "specialty_doctor": (59175, 95400),
    "specialist": (96990, 107155),
    "associate_specialist": (88000, 117000),
    "consultant": (105504, 139882),
    "other_medical": (73419, 110764),  # salaried GPs
}
NON_AFC_HOURLY_2024 = {  # (low, high) hourly pay, groups outside national pay scales
    "primary_care_nurse": (18.0, 27.0),
    "primary_care_dpc": (12.5, 30.0),
    "primary_care_admin": (11.6, 16.0),
    "social_care_direct": (11.44, 13.3),
    "social_care_professional": (19.5, 27.5),
    "social_care_manager": (16.5, 30.0),
    "social_care_other": (11.44, 14.5),
    "other": (11.8, 20.0),
}
_ENHANCED = {
    "nursing": 0.10,
    "midwifery": 0.10,
    "ambulance": 0.14,
    "support_clinical": 0.09,
    "medical": 0.12,
}


def _award(year: int) -> float:
    return _AWARDS.get(year, 0.025 if year < 2021 else 0.03)


def pay_index(financial_year: np.ndarray | int) -> np.ndarray:
    """Pay level of a financial year relative to 2024/25 (3 % a year beyond the table)."""
    years = np.atleast_1d(np.asarray(financial_year))
    out = np.ones(len(years))
    for i, y in enumerate(years):
        for award_year in range(int(y) + 1, 2025):
            out[i] /= 1 + _award(award_year)
        for award_year in range(2025, int(y) + 1):
            out[i] *= 1 + _award(award_year)
    return out


def living_wage(year: int) -> float:
    """National Living Wage from April of ``year`` (extrapolated outside the table)."""
    if year in NATIONAL_LIVING_WAGE:
        return NATIONAL_LIVING_WAGE[year]
    first, last = min(NATIONAL_LIVING_WAGE), max(NATIONAL_LIVING_WAGE)
    if year < first:
        return NATIONAL_LIVING_WAGE[first] * 0.96 ** (first - year)
    return NATIONAL_LIVING_WAGE[last] * 1.03 ** (year - last)


def snapshot_days(world: World) -> list[int]:
    """31 March of each year inside the window."""
    sim = world.sim
    first, last = (int(D.ymd(np.array([d]))[0][0]) for d in (sim.first_day, sim.last_day))
    days = [D.day(f"{y}-03-31") for y in range(first, last + 1)]
    return [d for d in days if sim.first_day <= d <= sim.last_day]


def hourly_pay(
    rng: np.random.Generator, group: np.ndarray, band: np.ndarray, age: np.ndarray, year: int
) -> np.ndarray:
    """Ordinary hourly pay in the pay year that ends on the snapshot (``year`` = March's year)."""
    n = len(group)
    pay = np.zeros(n)
    u = rng.random(n)
    senior = np.clip((age - 22) / 25, 0, 1)  # further up the pay points with experience
    pos = np.clip(0.6 * senior + 0.4 * u, 0, 0.999)
    for b, points in AFC_2024.items():
        rows = band == M.BANDS.index(b)
        pay[rows] = np.array(points)[(pos[rows] * len(points)).astype(int)] / HOURS_A_YEAR
    for b, (low, high) in MEDICAL_2024.items():
        rows = band == M.BANDS.index(b)
        pay[rows] = (low + (high - low) * pos[rows]) / HOURS_A_YEAR
    pay *= pay_index(year - 1)[0]
    for g, (low, high) in NON_AFC_HOURLY_2024.items():
        rows = (group == M.GROUPS.index(g)) & (pay == 0)
        level = low + (high - low) * pos[rows] ** 1.5
        if low < 12:  # care and admin pay tracks the National Living Wage
            level *= living_wage(year - 1) / living_wage(2024)
        else:
            level *= pay_index(year - 1)[0]
        pay[rows] = level
    for g, share in _ENHANCED.items():
        rows = group == M.GROUPS.index(g)
        pay[rows] *= 1 + rng.random(rows.sum()) * 2 * share * (rng.random(rows.sum()) < 0.7)
    return np.round(pay, 2)


def pay(world: World, org: int, rng: np.random.Generator) -> pa.Table | None:
    """One row per employee (substantive post) at each 31 March in the window."""
    sim, p = world.sim, world.sim.posts
    parts = []
    for day in snapshot_days(world):
        rows = np.flatnonzero(in_post(p, day, bank=False) & (p["org"] == org))
        person = p["person"][rows]
        age = D.age_years(sim.people["dob"][person], day)
        year = int(D.ymd(np.array([day]))[0][0])
        hourly = hourly_pay(rng, p["group"][rows], p["band"][rows], age, year)
        consultant = p["band"][rows] == M.BANDS.index("consultant")
        male = sim.people["gender"][person] == M.VOCAB["gender"].index("1")
        award = consultant & (rng.random(len(rows)) < np.where(male, 0.30, 0.20))
        level = rng.choice(
            [3016, 6032, 9048, 12064, 15080, 18096, 24128, 30160, 36192],
            size=len(rows),
            p=[0.2, 0.18, 0.15, 0.13, 0.1, 0.09, 0.07, 0.05, 0.03],
        )
        bonus = np.where(award, level * (1 + 0.25 * male * rng.random(len(rows))), np.nan)
        reduced = rng.random(len(rows)) < np.where(male, 0.01, 0.035)  # maternity, long sickness
        people = person_columns(world, person, np.full(len(rows), day))
        posts = post_columns(world, rows)
        parts.append(
            pa.table(
                {
                    "person_id": people["person_id"],
                    "org_code": posts["org_code"],
                    "snapshot_date": pa.array(np.full(len(rows), day, dtype="datetime64[D]")),
                    "hourly_pay": pa.array(hourly),
                    "bonus_pay": pa.array(np.round(bonus, 2), from_pandas=True),
                    "full_pay_relevant": flag(np.where(reduced, 0, 1)),
                    "gender": people["gender"],
                    "ethnic_category": people["ethnic_category"],
                    "disability": people["disability"],
                    "staff_group": posts["staff_group"],
                    "band": posts["band"],
                }
            )
        )
    return concat(parts)


def concat(parts: list[pa.Table]) -> pa.Table | None:
    """Tables with the same columns as one (None if there are none)."""
    if not parts:
        return None
    return pa.concat_tables(parts).unify_dictionaries().combine_chunks()
