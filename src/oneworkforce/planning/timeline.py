"""Months of a projection, how a lever phases in over them, and which cells it touches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from oneworkforce.metrics.model import month_index, month_label
from oneworkforce.planning.scenario import Phased, Where


def projected_months(base: int, months: int) -> np.ndarray:
    """Month indexes of the projection: the months after the base."""
    return np.arange(base + 1, base + 1 + months)


def labels(months: np.ndarray) -> list[str]:
    return [month_label(int(m)) for m in months]


def phase(lever: Phased, months: np.ndarray) -> np.ndarray:
    """0 before the lever starts, rising in a straight line to 1 over its phase-in months."""
    start = month_index(lever.start) if lever.start else int(months[0])
    done = np.asarray(months - start + 1, dtype=float)
    if lever.phase_in_months:
        return np.clip(done / lever.phase_in_months, 0.0, 1.0)
    return (done >= 1).astype(float)


def growth(lever: Phased, percent_per_year: float, months: np.ndarray) -> np.ndarray:
    """A yearly growth compounded month by month while the lever is on (phased in)."""
    monthly = np.log1p(percent_per_year / 100) / 12
    return np.exp(np.cumsum(phase(lever, months) * monthly))


def matches(frame: pd.DataFrame, where: Where) -> np.ndarray:
    """Rows of a cells or units frame that a selector picks (empty lists pick everything)."""
    mask = np.ones(len(frame), dtype=bool)
    for column, values in (
        ("org", where.orgs),
        ("place", where.places),
        ("sector", where.sectors),
        ("staff_group", where.staff_groups),
    ):
        if values:
            mask &= frame[column].isin(values).to_numpy()
    if where.age_groups and "age_group" in frame:
        mask &= frame["age_group"].isin(where.age_groups).to_numpy()
    return mask
