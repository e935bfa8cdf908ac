"""Why people leave and where they go (ESR leaving reasons and destinations).

The mix follows the shape of NHS England's reasons-for-leaving publication: work-life balance,
relocation and "other/not known" dominate voluntary resignations, retirement is about a fifth
of leavers, and the destination is unknown for a large share.
"""

from __future__ import annotations

import numpy as np

from oneworkforce.standard import codes as C
from oneworkforce.synth.demography import pick

REASONS = tuple(C.LEAVING_REASON.codes)
DESTINATIONS = tuple(C.LEAVER_DESTINATION.codes)
R = {r: i for i, r in enumerate(REASONS)}
D = {d: i for i, d in enumerate(DESTINATIONS)}

_VOLUNTARY = {
    "voluntary_relocation": 0.19,
    "voluntary_work_life_balance": 0.20,
    "voluntary_promotion": 0.09,
    "voluntary_better_reward": 0.04,
    "voluntary_health": 0.03,
    "voluntary_incompatible_relationships": 0.015,
    "voluntary_lack_of_opportunities": 0.025,
    "voluntary_other": 0.21,
    "dismissal": 0.03,
    "redundancy": 0.004,
    "mutually_agreed": 0.006,
    "death": 0.004,
    "employee_transfer": 0.01,
    "other": 0.05,
}
_RETIREMENT = {"retirement_age": 0.82, "flexi_retirement": 0.13, "ill_health_retirement": 0.05}
_ELSEWHERE = {
    "nhs_organisation": 0.28,
    "primary_care": 0.02,
    "social_care": 0.03,
    "other_health_care": 0.06,
    "other_sector": 0.10,
    "education": 0.04,
    "abroad": 0.03,
    "no_employment": 0.08,
    "unknown": 0.36,
}
MOVABLE = np.array([r.startswith("voluntary_") and r != "voluntary_health" for r in REASONS])
SECTOR_DESTINATION = {
    "acute": "nhs_organisation",
    "community": "nhs_organisation",
    "mental_health": "nhs_organisation",
    "ambulance": "nhs_organisation",
    "primary_care": "primary_care",
    "social_care": "social_care",
    "local_authority": "social_care",
    "vcse": "other_sector",
}


def reasons(
    rng: np.random.Generator, retire: np.ndarray, fixed_term: np.ndarray, training: np.ndarray
) -> np.ndarray:
    """Leaving reason of each leaver."""
    n = len(retire)
    out = pick(rng, _VOLUNTARY, REASONS, n)
    eoft = R["end_of_fixed_term"]
    out = np.where(fixed_term & (rng.random(n) < 0.5), eoft, out)
    out = np.where(training & (rng.random(n) < 0.9), eoft, out)
    return np.where(retire, pick(rng, _RETIREMENT, REASONS, n), out).astype(np.int8)


def destinations(rng: np.random.Generator, reason: np.ndarray, abroad_origin: np.ndarray):
    """Destination of leavers who leave the ICS (moves inside it are set by the caller)."""
    n = len(reason)
    out = pick(rng, _ELSEWHERE, DESTINATIONS, n)
    out = np.where(abroad_origin & (rng.random(n) < 0.15), D["abroad"], out)
    retired = np.isin(reason, [R[r] for r in _RETIREMENT])
    out = np.where(retired, D["retirement"], out)
    training = reason == R["end_of_fixed_term"]
    out = np.where(
        training, np.where(rng.random(n) < 0.7, D["nhs_organisation"], D["unknown"]), out
    )
    out = np.where(reason == R["dismissal"], D["unknown"], out)
    return np.where(reason == R["death"], -1, out).astype(np.int8)
