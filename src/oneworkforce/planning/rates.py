"""Rates estimated from the history: leavers, moves, joiners by route, FTE per head.

Rates are pooled over the window (events / person-months), so months with few events do not
swing them. A small cell's leaver rate is shrunk towards its staff group's rate in the
whole system (``PRIOR_PERSON_MONTHS`` person-months of the group's rate are added), so a team
of three with one leaver is not projected to lose a third of its staff every month.

Variability comes from the month-to-month spread of each staff group's system-wide rate.
The Monte Carlo draws one level per run and staff group for each flow, with the spread of a
12-month average of monthly rates (the monthly standard deviation / sqrt(12)): the fan shows
where a year's rates may settle, not the noise of single months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from oneworkforce.errors import OneWorkforceError
from oneworkforce.metrics.model import Tables, month_label
from oneworkforce.planning.cells import AGE_GROUPS, Cells
from oneworkforce.planning.history import ROUTES, History, latest_month, read_history

PRIOR_PERSON_MONTHS = 120.0
DEFAULT_WINDOW = 24
MIN_WINDOW = 2
MIN_EVENTS = 30
MAX_CV = 0.5


class PlanningDataError(OneWorkforceError):
    """The warehouse does not hold what a projection needs."""


@dataclass(frozen=True)
class Rates:
    """Monthly rates on the cells of a projection (arrays in ``cells`` order).

    ``leave`` is the share of a cell's people leaving the system each month; ``moves[i, j]``
    the share of cell i's people in cell j the month after (i != j; the diagonal is 0;
    ageing from under 55 to 55 and over is a move); ``joiners[k, c]`` people joining cell c
    by route k in an average month and ``seasonality[k, m]`` that route's share of a year's
    joiners in calendar month m + 1, times 12; ``participation`` FTE per head.
    ``*_cv`` are the coefficients of variation the Monte Carlo draws levels with, by staff
    group (``cells.staff_groups``) and, for joiners, route.
    """

    cells: Cells
    base_month: int
    window: int
    heads: np.ndarray
    fte: np.ndarray
    leave: np.ndarray
    moves: np.ndarray
    joiners: np.ndarray
    seasonality: np.ndarray
    participation: np.ndarray
    leave_cv: np.ndarray
    joiner_cv: np.ndarray
    participation_cv: np.ndarray
    history: History

    @property
    def base_label(self) -> str:
        return month_label(self.base_month)

    def frame(self) -> pd.DataFrame:
        """The rates as a tidy table, one row per cell: what the projection assumes."""
        out = self.cells.cells[["org", "place", "sector", "staff_group", "age_group"]].copy()
        out["heads"] = self.heads
        out["fte"] = self.fte
        out["fte_per_head"] = self.participation
        out["leaver_rate_annual_percent"] = (1 - (1 - self.leave) ** 12) * 100
        out["moves_out_annual_percent"] = (1 - (1 - self.moves.sum(axis=1)) ** 12) * 100
        for k, route in enumerate(ROUTES):
            out[f"joiners_{route}_per_year"] = self.joiners[k] * 12
        return out


def _window(history: History) -> list[int]:
    return list(range(history.first_month, history.base_month))


def _shrunk_leave(cells: Cells, history: History) -> tuple[np.ndarray, np.ndarray]:
    """Leaver rate per cell and person-months at risk, shrunk towards the group's rate."""
    index = cells.cell_index()
    tr = history.transitions
    exposure = np.zeros(cells.n_cells)
    leavers = np.zeros(cells.n_cells)
    starts = tr.groupby(["org", "staff_group", "age_group"])["people"].sum()
    gone = tr[tr["to_org"].isna()].groupby(["org", "staff_group", "age_group"])["people"].sum()
    for key, people in starts.items():
        exposure[index[key]] = people
    for key, people in gone.items():
        leavers[index[key]] = people
    frame = cells.cells.assign(exposure=exposure, leavers=leavers)
    group = frame.groupby(["staff_group", "age_group"])[["exposure", "leavers"]].transform("sum")
    overall = leavers.sum() / exposure.sum() if exposure.sum() else 0.0
    group_rate = np.where(
        group["exposure"] > 0,
        group["leavers"] / group["exposure"].where(group["exposure"] > 0),
        overall,
    )
    rate = (leavers + PRIOR_PERSON_MONTHS * group_rate) / (exposure + PRIOR_PERSON_MONTHS)
    return rate, exposure


def _moves(cells: Cells, history: History, exposure: np.ndarray) -> np.ndarray:
    index = cells.cell_index()
    tr = history.transitions.dropna(subset=["to_org"])
    moved = tr[
        (tr["org"] != tr["to_org"])
        | (tr["staff_group"] != tr["to_staff_group"])
        | (tr["age_group"] != tr["to_age_group"])
    ]
    counts = moved.groupby(
        ["org", "staff_group", "age_group", "to_org", "to_staff_group", "to_age_group"]
    )["people"].sum()
    moves = np.zeros((cells.n_cells, cells.n_cells))
    for (o, g, a, to, tg, ta), people in counts.items():
        moves[index[(o, g, a)], index[(to, tg, ta)]] += people
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.nan_to_num(moves / exposure[:, None])


def _joiners(cells: Cells, history: History) -> tuple[np.ndarray, np.ndarray]:
    """Joiners by route and cell in an average month, and each route's seasonal profile."""
    index = cells.cell_index()
    snaps = history.snapshots
    # Months each organisation could show joiners in: a snapshot and the one before it.
    months = snaps.merge(snaps.assign(month=snaps["month"] + 1), on=["org", "month"])
    months = months[months["month"] > history.first_month].groupby("org")["month"].nunique()
    joiners = np.zeros((len(ROUTES), cells.n_cells))
    seasonal = np.ones((len(ROUTES), 12))
    frame = history.joiners
    for k, route in enumerate(ROUTES):
        chosen = frame[frame["route"] == route]
        for (o, g, a), people in (
            chosen.groupby(["org", "staff_group", "age_group"])["people"].sum().items()
        ):
            joiners[k, index[(o, g, a)]] = people / max(int(months.get(o, 0)), 1)
        by_month = chosen.groupby((chosen["month_index"] - 1) % 12)["people"].sum()
        observed = pd.Series(range(history.first_month + 1, history.base_month + 1))
        calendar = ((observed - 1) % 12).value_counts()
        if len(observed) >= 12 and by_month.sum() > 0:
            per_month = by_month.reindex(range(12), fill_value=0.0) / calendar.reindex(range(12))
            seasonal[k] = (per_month / per_month.mean()).fillna(1.0).to_numpy()
    return joiners, seasonal


def _spread(rates: pd.Series) -> float | None:
    rates = rates.dropna()
    if len(rates) < 2 or rates.mean() <= 0:
        return None
    return float(rates.std(ddof=1) / np.sqrt(12) / rates.mean())


def _cv(series: pd.DataFrame, value: str, weight: str, groups: list[str]) -> np.ndarray:
    """By staff group: the spread of a 12-month average of monthly rates, over their mean.

    A group with fewer than ``MIN_EVENTS`` events in the window takes the spread of all
    groups together (a handful of events says more about chance than about the rate), and
    no spread is above ``MAX_CV``.
    """
    totals = series.groupby("month_index" if "month_index" in series else "month")[
        [value, weight]
    ].sum()
    pooled = _spread(totals[value] / totals[weight].where(totals[weight] > 0)) or 0.0
    out = np.full(len(groups), pooled)
    for i, group in enumerate(groups):
        rows = series[series["staff_group"] == group]
        if rows[value].sum() >= MIN_EVENTS:
            spread = _spread(rows[value] / rows[weight].where(rows[weight] > 0))
            out[i] = pooled if spread is None else spread
    return np.minimum(out, MAX_CV)


def _variability(cells: Cells, history: History) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    groups = cells.staff_groups
    tr = history.transitions
    monthly = tr.groupby(["month_index", "staff_group"])["people"].sum().rename("heads")
    left = tr[tr["to_org"].isna()].groupby(["month_index", "staff_group"])["people"].sum()
    leave = pd.concat([monthly, left.rename("leavers")], axis=1).fillna(0.0).reset_index()
    leave_cv = _cv(leave, "leavers", "heads", groups)
    joiner_cv = np.zeros((len(ROUTES), len(groups)))
    base = monthly.reset_index().rename(columns={"month_index": "month"})
    base["month"] += 1  # joiners in month m + 1 against the people of month m
    for k, route in enumerate(ROUTES):
        chosen = history.joiners[history.joiners["route"] == route]
        counts = chosen.groupby(["month_index", "staff_group"])["people"].sum().rename("joiners")
        counts = counts.reset_index().rename(columns={"month_index": "month"})
        both = base.merge(counts, on=["month", "staff_group"], how="left").fillna(0.0)
        joiner_cv[k] = _cv(both, "joiners", "heads", groups)
    part = history.participation
    part_cv = _cv(part, "fte", "heads", groups)
    return leave_cv, joiner_cv, part_cv


def estimate_rates(
    tables: Tables, base_month: int | None = None, window: int = DEFAULT_WINDOW
) -> Rates:
    """Estimate every rate from the ``window`` months of history up to ``base_month`` (a
    month index; default the latest month of staff in post)."""
    latest = latest_month(tables)
    if latest is None:
        raise PlanningDataError(
            "No staff in post in the warehouse: load staff_in_post extracts before planning."
        )
    base = latest if base_month is None else base_month
    if base > latest:
        raise PlanningDataError(
            f"The base month {month_label(base)} is after the latest staff in post "
            f"({month_label(latest)})."
        )
    if window < MIN_WINDOW:
        raise PlanningDataError(f"The history window must be at least {MIN_WINDOW} months.")
    history = read_history(tables, base, window)
    if history.stock.empty:
        raise PlanningDataError(f"No permanent or fixed-term staff in post in {month_label(base)}.")
    if history.transitions.empty:
        raise PlanningDataError(
            f"Rates need at least two consecutive months of staff in post up to "
            f"{month_label(base)}; load earlier months."
        )
    return rates_from_history(history, window)


def rates_from_history(history: History, window: int) -> Rates:
    """The rates of an already-read history (separate so tests can give a history by hand)."""
    orgs = history.organisations
    units = pd.concat(
        [
            history.stock[["org", "staff_group"]],
            history.establishment[["org", "staff_group"]],
            history.transitions[["org", "staff_group"]],
            history.joiners[["org", "staff_group"]],
        ]
    ).drop_duplicates()
    units = units.merge(orgs, on="org", how="left")
    for column in ("place", "sector", "system"):
        units[column] = units[column].fillna("unknown")
    cells = Cells.from_units(units)
    index = cells.cell_index()
    heads = np.zeros(cells.n_cells)
    fte = np.zeros(cells.n_cells)
    for row in history.stock.itertuples(index=False):
        heads[index[(row.org, row.staff_group, row.age_group)]] = row.heads
        fte[index[(row.org, row.staff_group, row.age_group)]] = row.fte
    leave, exposure = _shrunk_leave(cells, history)
    moves = _moves(cells, history, exposure)
    joiners, seasonality = _joiners(cells, history)
    # FTE per head: the cell's own at the base month, else its staff group's.
    part = history.participation
    latest = part[part["month_index"] == part["month_index"].max()]
    group_part = (
        latest.groupby("staff_group")["fte"].sum() / latest.groupby("staff_group")["heads"].sum()
    )
    fallback = cells.cells["staff_group"].map(group_part).fillna(1.0).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        participation = np.where(heads > 0, fte / np.where(heads > 0, heads, 1), fallback)
    leave_cv, joiner_cv, part_cv = _variability(cells, history)
    assert set(AGE_GROUPS) >= set(cells.cells["age_group"])
    return Rates(
        cells=cells,
        base_month=history.base_month,
        window=window,
        heads=heads,
        fte=fte,
        leave=leave,
        moves=moves,
        joiners=joiners,
        seasonality=seasonality,
        participation=participation,
        leave_cv=leave_cv,
        joiner_cv=joiner_cv,
        participation_cv=part_cv,
        history=history,
    )


def reshape_rates(rates: Rates, units: pd.DataFrame) -> Rates:
    """The rates on another set of units: cells kept where they were, new cells empty with
    their staff group's leaver rate and FTE per head, and cells dropped (outside a scenario's
    scope) treated as outside the system: moving to one is leaving, and the people moving in
    from one arrive as joiners by the route ``other``."""
    cells = Cells.from_units(units)
    old = rates.cells.cell_index()
    position = np.array([old.get(key, -1) for key in cells.cell_index()])
    kept = position >= 0
    source = position[kept]
    dropped = np.setdiff1d(np.arange(rates.cells.n_cells), source)

    def take(values: np.ndarray, fill: np.ndarray | float) -> np.ndarray:
        out = np.broadcast_to(np.asarray(fill, dtype=float), (cells.n_cells,)).copy()
        out[kept] = values[source]
        return out

    old_groups = rates.cells.cells.assign(leave=rates.leave, part=rates.participation)
    group_leave = old_groups.groupby("staff_group")["leave"].mean()
    group_part = old_groups.groupby("staff_group")["part"].mean()
    groups = cells.cells["staff_group"]
    leave_fill = groups.map(group_leave).fillna(float(rates.leave.mean())).to_numpy()
    part_fill = groups.map(group_part).fillna(1.0).to_numpy()

    moves = np.zeros((cells.n_cells, cells.n_cells))
    moves[np.ix_(kept, kept)] = rates.moves[np.ix_(source, source)]
    leave = take(rates.leave, leave_fill)
    leave[kept] += rates.moves[np.ix_(source, dropped)].sum(axis=1)
    joiners = np.zeros((len(ROUTES), cells.n_cells))
    joiners[:, kept] = rates.joiners[:, source]
    incoming = rates.heads[dropped] @ rates.moves[np.ix_(dropped, source)]
    joiners[ROUTES.index("other"), kept] += incoming
    group_of_old = {g: i for i, g in enumerate(rates.cells.staff_groups)}
    columns = [group_of_old.get(g) for g in cells.staff_groups]

    def by_group(values: np.ndarray) -> np.ndarray:
        mean = values.mean(axis=-1, keepdims=True) if values.size else 0.0
        picked = [values[..., c] if c is not None else np.squeeze(mean, -1) for c in columns]
        return np.stack(picked, axis=-1) if picked else values[..., :0]

    return Rates(
        cells=cells,
        base_month=rates.base_month,
        window=rates.window,
        heads=take(rates.heads, 0.0),
        fte=take(rates.fte, 0.0),
        leave=leave,
        moves=moves,
        joiners=joiners,
        seasonality=rates.seasonality,
        participation=take(rates.participation, part_fill),
        leave_cv=by_group(rates.leave_cv),
        joiner_cv=by_group(rates.joiner_cv),
        participation_cv=by_group(rates.participation_cv),
        history=rates.history,
    )
