"""Sickness absence episodes, drawn month by month for staff who are not already off sick.

Short episodes (a few days, mostly colds, gastro and headaches, peaking in winter) are
frequent; long-term episodes (over 28 days, mostly anxiety/stress/depression and
musculoskeletal) are rare but account for most days lost, as in NHS England's publication.
"""

from __future__ import annotations

import numpy as np

from oneworkforce.standard import codes as C
from oneworkforce.synth.demography import pick

REASONS = tuple(C.SICKNESS_REASON.codes)
SHORT_RATE = 1.45  # short episodes per person-year
LONG_RATE = 0.17  # long-term episodes per person-year
SHORT_MEAN_DAYS = 3.2
LONG_EXTRA_DAYS = 58.0  # mean calendar days beyond the 28 that make an episode long-term

_SHORT = {
    "S13": 0.20,
    "S25": 0.18,
    "S15": 0.07,
    "S16": 0.07,
    "S27": 0.08,
    "S10": 0.07,
    "S11": 0.06,
    "S12": 0.05,
    "S98": 0.08,
    "S99": 0.06,
    "S21": 0.03,
    "S26": 0.03,
    "S22": 0.01,
    "S23": 0.01,
}
_LONG = {
    "S10": 0.29,
    "S12": 0.15,
    "S11": 0.08,
    "S17": 0.08,
    "S28": 0.08,
    "S98": 0.09,
    "S26": 0.06,
    "S19": 0.04,
    "S30": 0.04,
    "S25": 0.04,
    "S29": 0.03,
    "S15": 0.02,
    "S24": 0.01,
    "S31": 0.01,
}
_WINTER = {"S13", "S15", "S27"}


def winter(calendar_month: int, amplitude: float) -> float:
    """Seasonal factor peaking in January."""
    return 1.0 + amplitude * np.cos(2 * np.pi * (calendar_month - 1) / 12)


def draw_episodes(
    rng: np.random.Generator,
    calendar_month: int,
    first_day: int,
    last_day: int,
    relative: np.ndarray,
    age: np.ndarray,
    earliest: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Episodes starting this month: (row of the input, start, end, reason index).

    ``relative`` is each person's relative rate (staff group); ``earliest`` the first day an
    episode may start (the post's start, or the day after the last episode ended).
    """
    n = len(relative)
    p_long = LONG_RATE / 12 * relative * np.where(age < 35, 0.7, np.where(age < 50, 1.0, 1.35))
    p_long = p_long * winter(calendar_month, 0.06)
    p_short = SHORT_RATE / 12 * relative * winter(calendar_month, 0.45)
    u = rng.random(n)
    is_long = u < p_long
    hit = np.flatnonzero((u < p_long + p_short) & (earliest <= last_day))
    is_long = is_long[hit]
    lo = np.maximum(earliest[hit], first_day)
    start = lo + (rng.random(len(hit)) * (last_day - lo + 1)).astype(np.int64)
    short_days = np.minimum(rng.geometric(1 / SHORT_MEAN_DAYS, len(hit)), 28)
    long_days = np.minimum(29 + rng.exponential(LONG_EXTRA_DAYS, len(hit)).astype(np.int64), 330)
    end = start + np.where(is_long, long_days, short_days) - 1

    short_w = {
        k: v * (winter(calendar_month, 0.8) if k in _WINTER else 1.0) for k, v in _SHORT.items()
    }
    reason = np.where(
        is_long, pick(rng, _LONG, REASONS, len(hit)), pick(rng, short_w, REASONS, len(hit))
    )
    return hit, start, end, reason.astype(np.int8)
