"""Statutory and mandatory training: the CSTF records of everyone in post (latest and previous).

Each person needs the Core Skills Training Framework subjects of their role (clinical staff
take higher levels); a record is in date until its expiry, which follows the usual renewal
periods. Compliance (in-date records / required records) lands around 85-92 %, lower for the
annual subjects (information governance, resuscitation), as in trusts' board reports.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oneworkforce.standard import codes as C
from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth.organisations import ORGANISATIONS
from oneworkforce.synth.tables import ORG_CODES, World, coded, in_post, take

SUBJECTS = tuple(C.CSTF_SUBJECT.codes)
LEVELS = tuple(C.TRAINING_LEVEL.codes)
_NON_CLINICAL = {"infrastructure", "primary_care_admin", "social_care_other", "other"}
_SENIOR = {
    "medical",
    "gp",
    "nursing",
    "midwifery",
    "primary_care_nurse",
    "social_care_professional",
}
# (subject, level or None, renewal years, base compliance)
_COMMON = [
    ("equality_diversity_human_rights", None, 3, 0.94),
    ("health_safety_welfare", None, 3, 0.93),
    ("conflict_resolution", None, 3, 0.91),
    ("fire_safety", None, 2, 0.89),
    ("information_governance", None, 1, 0.86),
    ("preventing_radicalisation", None, 3, 0.92),
]


# Partners that set their own renewal periods (sector -> {subject: years}): social care
# providers commonly renew fire safety every year.
OWN_RENEWAL_YEARS = {"social_care": {"fire_safety": 1}}


def renewal_periods(org: int) -> pa.Table | None:
    """The training_renewal extract of a partner with its own periods."""
    own = OWN_RENEWAL_YEARS.get(ORGANISATIONS[org].sector)
    if not own:
        return None
    return pa.table(
        {
            "org_code": [ORG_CODES[org]] * len(own),
            "subject": list(own),
            "level": pa.nulls(len(own), pa.string()),
            "renewal_months": [12 * years for years in own.values()],
        }
    )


def requirements(group: str) -> list[tuple[str, str | None, int, float]]:
    """CSTF subjects (subject, level, renewal years, compliance) a staff group must hold."""
    clinical = group not in _NON_CLINICAL
    level = "3" if group in _SENIOR else ("2" if clinical else "1")
    out = list(_COMMON)
    out += [
        ("infection_prevention_control", "2" if clinical else "1", 1 if clinical else 3, 0.88),
        ("moving_handling", "2" if clinical else "1", 2 if clinical else 3, 0.88),
        ("safeguarding_adults", level, 3, 0.9),
        ("safeguarding_children", level, 3, 0.9),
        ("resuscitation", "2" if clinical else "1", 1, 0.83 if clinical else 0.87),
    ]
    return out


def training(world: World, org: int, rng: np.random.Generator) -> pa.Table | None:
    """Latest completion of each required subject for people in post at the window's end."""
    sim, p = world.sim, world.sim.posts
    ref = sim.last_day
    rows = np.flatnonzero(in_post(p, ref) & (p["org"] == org))
    rows = rows[np.argsort(p["contract"][rows] == M.BANK, kind="stable")]  # substantive first
    _, first = np.unique(p["person"][rows], return_index=True)
    rows = np.sort(rows[first])
    org_effect = rng.normal(0, 0.02)
    parts = []
    for g, code in enumerate(M.GROUPS):
        sel = rows[p["group"][rows] == g]
        if not len(sel):
            continue
        start = p["start"][sel]
        own = OWN_RENEWAL_YEARS.get(ORGANISATIONS[org].sector, {})
        for subject, level, usual, compliance in requirements(code):
            years = own.get(subject, usual)
            n = len(sel)
            renew = 365 * years
            ok = rng.random(n) < np.clip(compliance + org_effect, 0.5, 0.99)
            done = ref - (rng.random(n) * renew).astype(np.int64)
            recent = np.maximum(start - 60, ref - renew + 1)
            done = np.where(ok, np.maximum(done, np.minimum(recent, ref)), done)
            lapsed = ref - renew - rng.integers(2, 400, n)
            has = ok | ((start < lapsed) & (rng.random(n) < 0.9))
            done = np.where(ok, done, lapsed)[has]
            # The completion before, renewed a few days to six weeks late, while in post.
            before = done - renew - rng.integers(2, 45, len(done))
            earlier = before >= start[has] - 60
            for who, when in ((sel[has], done), (sel[has][earlier], before[earlier])):
                parts.append(
                    (
                        who,
                        np.full(len(who), SUBJECTS.index(subject)),
                        np.full(len(who), -1 if level is None else LEVELS.index(level)),
                        when,
                        D.add_years(when, years),
                    )
                )
    if not parts:
        return None
    post, subject, level, done, expiry = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((subject, p["person"][post]))
    post = post[order]
    return pa.table(
        {
            "person_id": take(world.ids.person, p["person"][post]),
            "org_code": coded(np.full(len(post), org), ORG_CODES),
            "subject": coded(subject[order], SUBJECTS),
            "level": coded(level[order], LEVELS),
            "completed_date": D.to_date32(done[order]),
            "expiry_date": D.to_date32(expiry[order]),
        }
    )
