"""A projection's results as tidy tables, at every level: organisation, place, sector and
the whole system, by staff group and for all groups together.

Percentiles are taken after adding up, run by run, so a place's P50 is the middle of the
place's own runs, not the sum of its organisations' P50s (which would overstate certainty).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from oneworkforce.planning.cells import AGE_GROUPS
from oneworkforce.planning.history import ROUTES
from oneworkforce.planning.timeline import labels

QUANTILES = (0.1, 0.5, 0.9)
AREA_KEYS = ["level", "area", "staff_group"]


def financial_year(month: int) -> str:
    """The NHS financial year (April to March) of a month index: '2026/27'."""
    year, number = divmod(month - 1, 12)
    start = year if number >= 3 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class Aggregates:
    """Runs x months x areas arrays for the areas of ``areas`` (see Cells.all_areas)."""

    areas: pd.DataFrame
    heads: np.ndarray
    fte: np.ndarray
    demand: np.ndarray  # months x areas
    cost: np.ndarray  # runs x months x areas, pounds in the month


def to_areas(values: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Sum the last axis (units or cells) into areas given by a 0/1 matrix, in the values'
    precision (float32 for the runs, which is plenty for counts of staff).

    Each area adds up a few columns, so summing those columns is far cheaper than a dense
    matrix product over every unit."""
    rows = np.ascontiguousarray(values.reshape(-1, values.shape[-1]).T)  # units x everything
    out = np.empty((matrix.shape[1], rows.shape[1]), dtype=rows.dtype)
    for area in range(matrix.shape[1]):
        members = np.flatnonzero(matrix[:, area])
        if len(members) == 1:
            out[area] = rows[members[0]]
        else:
            np.sum(rows[members], axis=0, out=out[area])
    return np.ascontiguousarray(out.T).reshape(*values.shape[:-1], matrix.shape[1])


def cells_to_units(values: np.ndarray, groups: int) -> np.ndarray:
    """Sum each unit's age groups (cells are in unit order, age groups together)."""
    return values.reshape(*values.shape[:-1], -1, groups).sum(axis=-1)


def _quantiles(values: np.ndarray) -> np.ndarray:
    """P10, P50 and P90 over runs (the first axis), as numpy's default (linear) quantiles.

    Sorting along the runs and interpolating is several times faster than ``np.quantile``
    on arrays of runs x months x areas."""
    ordered = np.sort(values, axis=0)
    out = []
    for q in QUANTILES:
        position = q * (len(ordered) - 1)
        low = int(np.floor(position))
        high = min(low + 1, len(ordered) - 1)
        share = position - low
        out.append(ordered[low] * (1 - share) + ordered[high] * share)
    return np.stack(out).astype(np.float64)


def fan_frame(agg: Aggregates, months: np.ndarray) -> pd.DataFrame:
    """One row per area, month and measure with p10, p50, p90 and the mean over runs.

    Measures: heads, fte (supply), demand, gap (demand - supply, FTE) and vacancy_rate
    (gap / demand x 100, empty without demand).
    """
    fte_q = _quantiles(agg.fte)  # (3, T, A)
    heads_q = _quantiles(agg.heads)
    demand = agg.demand[None]
    gap_q = demand - fte_q[::-1]  # the gap's P10 comes from supply's P90
    with np.errstate(invalid="ignore", divide="ignore"):
        rate_q = np.where(demand > 0, gap_q / demand * 100, np.nan)
        rate_mean = np.where(
            agg.demand > 0, (agg.demand - agg.fte.mean(0)) / agg.demand * 100, np.nan
        )
    measures = {
        "heads": (heads_q, agg.heads.mean(0)),
        "fte": (fte_q, agg.fte.mean(0)),
        "demand": (np.repeat(demand, 3, axis=0), agg.demand),
        "gap": (gap_q, agg.demand - agg.fte.mean(0)),
        "vacancy_rate": (rate_q, rate_mean),
    }
    n_months, n_areas = agg.demand.shape
    month_labels = np.repeat(labels(months), n_areas)
    area_rows = agg.areas.loc[np.tile(np.arange(n_areas), n_months)].reset_index(drop=True)
    frames = []
    for measure, (q, mean) in measures.items():
        frame = area_rows.copy()
        frame["month"] = month_labels
        frame["measure"] = measure
        frame["p10"], frame["p50"], frame["p90"] = (q[i].reshape(-1) for i in range(3))
        frame["mean"] = mean.reshape(-1)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def years_frame(
    agg: Aggregates, months: np.ndarray, base_fte: np.ndarray, base_demand: np.ndarray
) -> pd.DataFrame:
    """Each financial year of the projection, per area: supply, demand, gap and vacancy rate
    at its last projected month (March, or the projection's last), and the year's pay cost.
    ``base_*`` are the areas' figures at the base month, for the change since."""
    years = np.array([financial_year(int(m)) for m in months])
    rows = []
    for year in dict.fromkeys(years):
        in_year = np.flatnonzero(years == year)
        last = in_year[-1]
        fte_q = _quantiles(agg.fte[:, last])
        cost_q = _quantiles(agg.cost[:, in_year].sum(axis=1))
        demand = agg.demand[last]
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(demand > 0, (demand - fte_q[::-1]) / demand * 100, np.nan)
        frame = agg.areas.copy()
        frame["year"] = year
        frame["month"] = labels(months[[last]])[0]
        frame["months_in_year"] = len(in_year)
        frame["supply_fte_p10"], frame["supply_fte_p50"], frame["supply_fte_p90"] = fte_q
        frame["demand_fte"] = demand
        frame["gap_fte_p50"] = demand - fte_q[1]
        frame["vacancy_rate_p10"], frame["vacancy_rate_p50"], frame["vacancy_rate_p90"] = rate
        frame["supply_change_p50"] = fte_q[1] - base_fte
        frame["demand_change"] = demand - base_demand
        frame["pay_cost_p10"], frame["pay_cost_p50"], frame["pay_cost_p90"] = cost_q
        rows.append(frame)
    return pd.concat(rows, ignore_index=True)


def flows_frame(
    leavers: np.ndarray,
    joiners: np.ndarray,
    moves_in: np.ndarray,
    moves_out: np.ndarray,
    conversions: np.ndarray,
    cell_frame: pd.DataFrame,
    cell_areas: np.ndarray,
    areas: pd.DataFrame,
    months: np.ndarray,
) -> pd.DataFrame:
    """Mean flows (people) per financial year and area: leavers by age group, joiners by
    route, net moves between partners and staff groups, and conversions into new roles."""
    years = np.array([financial_year(int(m)) for m in months])
    series: dict[str, np.ndarray] = {}
    for age in AGE_GROUPS:
        mask = (cell_frame["age_group"] == age).to_numpy()
        series[f"leavers_{age}"] = to_areas(leavers * mask, cell_areas)
    for k, route in enumerate(ROUTES):
        series[f"joiners_{route}"] = to_areas(joiners[:, k], cell_areas)
    series["moves_net"] = to_areas(moves_in - moves_out, cell_areas)
    series["conversions"] = to_areas(conversions, cell_areas)
    frames = []
    for year in dict.fromkeys(years):
        in_year = years == year
        frame = areas.copy()
        frame["year"] = year
        for name, values in series.items():
            frame[name] = values[in_year].sum(axis=0)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["leavers"] = out[[f"leavers_{a}" for a in AGE_GROUPS]].sum(axis=1)
    out["joiners"] = out[[f"joiners_{r}" for r in ROUTES]].sum(axis=1)
    return out
