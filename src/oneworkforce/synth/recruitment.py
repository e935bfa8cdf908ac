"""Recruitment: vacancies behind the simulated joiners, with their applicants.

Each external joiner fills a post of a vacancy advertised about two months before they
start (bulk adverts for nurses, healthcare assistants and care workers fill several posts).
Applicants are funnelled applied -> shortlisted -> appointed; appointment from the shortlist
is a weighted draw in which White applicants are favoured over BME applicants and
non-disabled over disabled applicants, reproducing WRES indicator 2 and WDES metric 2.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oneworkforce.standard import codes as C
from oneworkforce.synth import calibration as K
from oneworkforce.synth import demography as M
from oneworkforce.synth.tables import AGE_BANDS, ORG_CODES, World, coded

APPLICANTS_PER_POST = {
    "medical": 4,
    "nursing": 5,
    "midwifery": 4,
    "ambulance": 8,
    "ahp": 4,
    "healthcare_science": 5,
    "other_stt": 6,
    "support_clinical": 12,
    "infrastructure": 18,
    "gp": 2,
    "primary_care_nurse": 3,
    "primary_care_dpc": 6,
    "primary_care_admin": 15,
    "social_care_direct": 4,
    "social_care_professional": 3,
    "social_care_manager": 5,
    "social_care_other": 8,
    "other": 10,
}
APPLICANT_BME = {
    "medical": 0.65,
    "nursing": 0.55,
    "midwifery": 0.25,
    "ambulance": 0.1,
    "ahp": 0.3,
    "support_clinical": 0.4,
    "social_care_direct": 0.45,
    "gp": 0.4,
}
BULK = {"nursing", "support_clinical", "social_care_direct", "ambulance"}
WHITE_ADVANTAGE = 2.1  # weight in the appointment draw; realised WRES 2 is about 1.5
NON_DISABLED_ADVANTAGE = 1.2
STAGES = tuple(C.RECRUITMENT_STAGE.codes)


def vacancies(world: World, org: int, rng: np.random.Generator):
    """(vacancy key, group, band, posts, advert day) from the organisation's joiners."""
    sim, p = world.sim, world.sim.posts
    joined = (p["start"] >= sim.first_day) & (p["start"] <= sim.last_day + 92)
    rows = np.flatnonzero(p["external"] & (p["org"] == org) & joined)
    month = (p["start"][rows] - sim.first_day) // 30
    size = np.where(np.isin(p["group"][rows], [M.GROUPS.index(g) for g in BULK]), 3, 1)
    cell = (month * len(M.GROUPS) + p["group"][rows]) * len(M.BANDS) + p["band"][rows]
    order = np.lexsort((rows, cell))
    rows, cell, size = rows[order], cell[order], size[order]
    first = np.r_[0, np.flatnonzero(np.diff(cell)) + 1]
    rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
    key = cell * 1000 + rank // size
    _, idx, posts = np.unique(key, return_index=True, return_counts=True)
    joiner = rows[idx]
    advert = p["start"][joiner] - 60 + rng.integers(-20, 20, len(joiner))
    return p["group"][joiner], p["band"][joiner], posts, advert


def _draw_race(rng, vacancy, weight, posts):
    """Appoint ``posts`` people per vacancy among its candidates, with probability ~ weight."""
    score = rng.exponential(1.0, len(vacancy)) / weight
    order = np.lexsort((score, vacancy))
    v = vacancy[order]
    first = np.r_[0, np.flatnonzero(np.diff(v)) + 1]
    rank = np.arange(len(v)) - np.repeat(first, np.diff(np.r_[first, len(v)]))
    out = np.zeros(len(vacancy), bool)
    out[order] = rank < posts[v]
    return out


def recruitment(world: World, org: int, rng: np.random.Generator) -> pa.Table:
    """One row per applicant per vacancy with applications inside the window."""
    sim = world.sim
    group, band, posts, advert = vacancies(world, org, rng)
    n_vac = len(group)
    mean = np.array([APPLICANTS_PER_POST[g] for g in M.GROUPS])[group] * posts
    count = np.maximum(rng.poisson(mean * rng.gamma(4, 0.25, n_vac)), posts + 1)
    vac = np.repeat(np.arange(n_vac), count)
    n = len(vac)
    applied = advert[vac] + rng.integers(0, 21, n)
    g = group[vac]
    bme_share = np.array([APPLICANT_BME.get(x, 0.3) for x in M.GROUPS])[g]
    u = rng.random(n)
    voc = M.VOCAB["ethnic"]
    stated = u > 0.05
    bme = stated & (rng.random(n) < bme_share)
    ethnic = np.where(bme, M.pick(rng, K.BME_ROW, voc, n), M.pick(rng, K.WHITE_UK, voc, n))
    ethnic = np.where(stated, ethnic, voc.index("Z"))
    disabled = rng.random(n) < 0.08
    dis_voc = M.VOCAB["disability"]
    disability = np.where(
        disabled,
        dis_voc.index("yes"),
        np.where(rng.random(n) < 0.06, dis_voc.index("not_declared"), dis_voc.index("no")),
    )
    female = rng.random(n) < M.G_FEMALE[g] * 0.95
    gender = np.where(female, M.VOCAB["gender"].index("2"), M.VOCAB["gender"].index("1"))
    age = np.clip(rng.normal(32, 9, n), 17, 66)

    ratio = posts[vac] / count[vac]
    short_p = np.clip(4 * ratio, 0.25, 0.9) * np.where(bme, 0.85, 1.0)
    shortlisted = rng.random(n) < short_p
    weight = np.where(bme, 1.0, np.where(stated, WHITE_ADVANTAGE, 1.3))
    weight = weight / np.where(disabled, NON_DISABLED_ADVANTAGE, 1.0)
    cand = np.flatnonzero(shortlisted)
    appointed = np.zeros(n, bool)
    appointed[cand] = _draw_race(rng, vac[cand], weight[cand], posts)
    stage = np.where(appointed, 2, np.where(shortlisted, 1, 0))

    keep = (applied >= sim.first_day) & (applied <= sim.last_day)
    code = ORG_CODES[org]
    vacancy_ids = np.array([f"{code}-V{i + 1:06d}" for i in range(n_vac)])
    applicant = rng.permutation(n) + 1
    order = np.flatnonzero(keep)[np.lexsort((np.flatnonzero(keep), applied[keep]))]
    return pa.table(
        {
            "vacancy_id": pa.array(vacancy_ids[vac[order]]),
            "org_code": coded(np.full(len(order), org), ORG_CODES),
            "applicant_id": pa.array([f"{code}-A{a:07d}" for a in applicant[order]]),
            "application_date": pa.array(applied[order].astype("datetime64[D]")),
            "stage": coded(stage[order], STAGES),
            "staff_group": coded(g[order], M.GROUPS),
            "band": coded(band[vac][order], M.BANDS),
            "gender": coded(gender[order], M.VOCAB["gender"]),
            "ethnic_category": coded(ethnic[order], voc),
            "disability": coded(disability[order], dis_voc),
            "age_band": coded(
                np.clip((age[order].astype(int) - 20) // 5, 0, len(AGE_BANDS) - 1), AGE_BANDS
            ),
        }
    )
