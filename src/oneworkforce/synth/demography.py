"""Drawing people and posts: who they are (age, sex, ethnicity...) and what they hold.

Everything is drawn in bulk from the staff group profiles, so that a month's joiners are a
few numpy calls however many there are. Codes are held as indices into ``VOCAB`` lists.
"""

from __future__ import annotations

import numpy as np

from oneworkforce.standard import codes as C
from oneworkforce.synth import calibration as K
from oneworkforce.synth.dates import OPEN

GROUPS = tuple(K.GROUPS)
BANDS = tuple(C.BAND.codes)
VOCAB: dict[str, tuple[str, ...]] = {
    "gender": tuple(C.GENDER.codes),
    "ethnic": tuple(C.ETHNIC_CATEGORY.codes),
    "disability": tuple(C.DISABILITY.codes),
    "origin": tuple(C.ORIGIN_GROUP.codes),
    "orientation": tuple(C.SEXUAL_ORIENTATION.codes),
    "religion": tuple(C.RELIGION.codes),
    "contract": tuple(C.CONTRACT_TYPE.codes),
}
UK, EU, ROW, UNKNOWN = (
    VOCAB["origin"].index(c) for c in ("uk", "eu_eea", "rest_of_world", "unknown")
)
PERMANENT, FIXED_TERM, BANK = (
    VOCAB["contract"].index(c) for c in ("permanent", "fixed_term", "bank")
)
WHITE_CODES = ("A", "B", "C")
BME_CODES = tuple(c for c in C.ETHNIC_CATEGORY.codes if c not in (*WHITE_CODES, "Z", "99"))

_P = [K.GROUPS[g] for g in GROUPS]
G_FEMALE = np.array([p.female for p in _P])
G_BME_UK = np.array([p.bme_uk for p in _P])
G_ORIGIN = np.array([p.origin for p in _P])
G_ROW_JOIN = np.array([p.row_joiners for p in _P])
G_FULL_TIME = np.array([p.full_time for p in _P])
G_PT_FTE = np.array([p.part_time_fte for p in _P])
G_REGISTERED = np.array([p.registered for p in _P])
G_FIXED = np.array([p.fixed_term for p in _P])
G_AGE = np.array([[p.age_stock, p.age_joiner] for p in _P], dtype=float)  # (group, cohort, 4)
G_BANDS = np.zeros((len(GROUPS), len(BANDS)))
for _g, _p in enumerate(_P):
    for _b, _w in _p.bands.items():
        G_BANDS[_g, BANDS.index(_b)] = _w
G_BANDS /= G_BANDS.sum(axis=1, keepdims=True)
B_LEAVE = np.array([K.BAND_LEAVE.get(b, 1.0) for b in BANDS])
B_TRAINING = np.isin(np.array(BANDS), K.TRAINING_GRADES)
B_AFC = np.array([b.startswith("band_") for b in BANDS])
B_AGE = np.full((len(BANDS), 2, 4), np.nan)
for _b, (_stock, _join) in K.MEDICAL_AGES.items():
    B_AGE[BANDS.index(_b)] = [_stock, _join]


def pick(rng: np.random.Generator, weights: dict[str, float], vocab: tuple[str, ...], n: int):
    """Indices into ``vocab`` drawn with the given (unnormalised) weights."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    idx = np.array([vocab.index(k) for k in keys])
    return idx[rng.choice(len(keys), size=n, p=p / p.sum())]


def pick_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One column index per row of a (n, k) probability matrix."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return np.minimum((cum < u[:, None]).sum(axis=1), probs.shape[1] - 1)


def draw_bands(rng: np.random.Generator, group: np.ndarray, joiner: bool) -> np.ndarray:
    """Band of new posts; joiners replace leavers, so fast-leaving grades are more common."""
    probs = G_BANDS[group] * (B_LEAVE[None, :] if joiner else 1.0)
    return pick_rows(rng, probs)


def draw_posts(rng: np.random.Generator, group: np.ndarray, band: np.ndarray):
    """FTE and contract type of new substantive posts."""
    n = len(group)
    full = rng.random(n) < G_FULL_TIME[group]
    mean = np.clip((G_PT_FTE[group] - 0.15) / 0.8, 0.05, 0.95)
    part = 0.15 + 0.8 * rng.beta(mean * 6, (1 - mean) * 6)
    hours = np.round(np.where(full, 1.0, part) * 75) / 2  # half hours of a 37.5-hour week
    fte = hours / 37.5
    consultant = BANDS.index("consultant")
    extra = (band == consultant) & full & (rng.random(n) < 0.15)
    fte = np.round(np.where(extra, rng.choice([1.1, 1.2], size=n), fte), 4)
    fixed = (rng.random(n) < G_FIXED[group]) | B_TRAINING[band]
    return fte, np.where(fixed, FIXED_TERM, PERMANENT).astype(np.int8)


def draw_people(
    rng: np.random.Generator,
    group: np.ndarray,
    band: np.ndarray,
    on: np.ndarray,
    joiner: bool,
    progress: float,
) -> dict[str, np.ndarray]:
    """People for new posts; ``on`` is the day ages are measured (start or simulation day)."""
    n = len(group)
    cohort = int(joiner)
    params = np.where(np.isnan(B_AGE[band, cohort]), G_AGE[group, cohort], B_AGE[band, cohort])
    age = params[:, 0] + (params[:, 1] - params[:, 0]) * rng.beta(params[:, 2], params[:, 3])
    dob = on - np.round(age * 365.25).astype(np.int64)

    female = G_FEMALE[group] + np.where(band == BANDS.index("consultant"), -0.08, 0.0)
    female = female + np.where(B_TRAINING[band], 0.07, 0.0)
    u = rng.random(n)
    g = VOCAB["gender"]
    gender = np.where(
        u < 0.001, g.index("X"), np.where(u < 0.001 + female, g.index("2"), g.index("1"))
    )

    origin_p = G_ORIGIN[group].copy()
    if joiner:
        row = G_ROW_JOIN[group, 0] + (G_ROW_JOIN[group, 1] - G_ROW_JOIN[group, 0]) * progress
        eu = origin_p[:, 1] * 0.6  # fewer EU joiners since 2021
        origin_p = np.stack([1 - row - eu, eu, row], axis=1)
    origin = np.array([UK, EU, ROW])[pick_rows(rng, origin_p)]

    ethnic = _ethnicity(rng, group, origin, joiner)
    registered = G_REGISTERED[group]
    qual = np.where(origin == UK, UK, np.where(origin == EU, EU, ROW))
    qual = np.where((origin != UK) & (rng.random(n) < np.where(origin == ROW, 0.2, 0.15)), UK, qual)
    qual = np.where(registered, qual, -1)
    nationality = np.where(rng.random(n) < 0.02, UNKNOWN, origin)

    abroad = qual >= 0
    abroad &= qual != UK
    newly = registered & ~abroad & joiner & (age < 30) & (rng.random(n) < 0.6)
    qualified = dob + np.round((21.5 + 3 * rng.random(n)) * 365.25).astype(np.int64)
    qualified = np.where(newly, on - rng.integers(20, 150, n), np.minimum(qualified, on - 30))
    qualified = np.where(registered, qualified, OPEN)
    local = rng.random(n) < np.where(newly, 0.55, 0.3)
    trained = np.where(registered, np.where(abroad, 0, local.astype(np.int8)), -1)

    disability = _disability(rng, age, joiner)
    orientation = pick(rng, K.SEXUAL_ORIENTATION, VOCAB["orientation"], n)
    religion = _religion(rng, ethnic)
    return {
        "dob": dob,
        "gender": gender.astype(np.int8),
        "ethnic": ethnic.astype(np.int8),
        "disability": disability.astype(np.int8),
        "nationality": nationality.astype(np.int8),
        "qualification": qual.astype(np.int8),
        "trained": trained.astype(np.int8),
        "qualified": qualified,
        "orientation": orientation.astype(np.int8),
        "religion": religion.astype(np.int8),
        "newly_qualified": newly,
    }


def _ethnicity(rng, group, origin, joiner) -> np.ndarray:
    n = len(group)
    voc = VOCAB["ethnic"]
    bme_share = np.where(
        origin == UK, G_BME_UK[group], np.where(origin == EU, K.BME_EU_SHARE, K.BME_ROW_SHARE)
    )
    bme = rng.random(n) < bme_share
    white = np.where(origin == UK, pick(rng, K.WHITE_UK, voc, n), pick(rng, K.WHITE_EU, voc, n))
    mixed_eu = {"D": 0.2, "E": 0.1, "F": 0.3, "G": 0.3, "S": 0.1}
    minority = np.where(
        origin == ROW,
        pick(rng, K.BME_ROW, voc, n),
        np.where(origin == UK, pick(rng, K.BME_UK, voc, n), pick(rng, mixed_eu, voc, n)),
    )
    out = np.where(bme, minority, white)
    u = rng.random(n)
    scale = 0.5 if joiner else 1.0
    out = np.where(u < K.ETHNICITY_NOT_STATED * scale, voc.index("Z"), out)
    unknown = u > 1 - K.ETHNICITY_NOT_KNOWN * scale
    return np.where(unknown, voc.index("99"), out)


def _disability(rng, age, joiner) -> np.ndarray:
    voc = VOCAB["disability"]
    u = rng.random(len(age))
    yes = K.DISABILITY_YES * np.where(age >= 50, 1.35, 0.85)
    nd = K.DISABILITY_NOT_DECLARED[int(joiner)]
    return np.where(
        u < yes,
        voc.index("yes"),
        np.where(u < yes + nd, voc.index("not_declared"), voc.index("no")),
    )


def _religion(rng, ethnic) -> np.ndarray:
    voc = VOCAB["religion"]
    out = pick(rng, K.RELIGION_DEFAULT, voc, len(ethnic))
    ethnic_voc = VOCAB["ethnic"]
    for code, weights in K.RELIGION_BY_ETHNIC.items():
        rows = np.flatnonzero(ethnic == ethnic_voc.index(code))
        if len(rows):
            out[rows] = pick(rng, weights, voc, len(rows))
    return out
