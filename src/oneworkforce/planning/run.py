"""Run a scenario on the warehouse: the Python API the CLI and the web pages call.

result = run_scenario(tables, load_scenario(Path("plan.yaml")), targets=specs)
result.fan        # fan charts: P10/P50/P90 by area, staff group, month and measure
result.years      # each financial year: supply, demand, gap, vacancy rate, pay cost
result.flows      # leavers by age group, joiners by route, moves, each year
result.targets    # the probability of meeting each target in the target store
compare_scenarios([result_a, result_b])   # side by side
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oneworkforce.metrics.model import Tables, month_label
from oneworkforce.planning.build import Prepared, prepare, unit_matrix
from oneworkforce.planning.cells import AGE_GROUPS
from oneworkforce.planning.chances import target_chances
from oneworkforce.planning.costs import cost_table, typical_cost
from oneworkforce.planning.engine import Projection, project
from oneworkforce.planning.rates import Rates, estimate_rates
from oneworkforce.planning.results import (
    Aggregates,
    cells_to_units,
    fan_frame,
    flows_frame,
    to_areas,
    years_frame,
)
from oneworkforce.planning.scenario import Scenario
from oneworkforce.planning.timeline import phase, projected_months
from oneworkforce.targets.store import TargetSpec


@dataclass(frozen=True)
class PlanResult:
    """A scenario's projection: tidy tables for charts and exports, and the unit arrays
    (runs x months x units) for anything else."""

    scenario: Scenario
    base_month: str
    months: list[str]
    fan: pd.DataFrame
    years: pd.DataFrame
    flows: pd.DataFrame
    targets: pd.DataFrame
    rates: pd.DataFrame
    notes: list[str]
    units: pd.DataFrame = field(repr=False)
    unit_fte: np.ndarray = field(repr=False)
    unit_heads: np.ndarray = field(repr=False)
    unit_demand: np.ndarray = field(repr=False)

    def series(
        self, level: str = "system", area: str | None = None, staff_group: str = "all"
    ) -> pd.DataFrame:
        """One area's fan chart: month, measure, p10, p50, p90, mean."""
        fan = self.fan[(self.fan["level"] == level) & (self.fan["staff_group"] == staff_group)]
        if area is not None:
            fan = fan[fan["area"] == area]
        return fan.reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables of an export, by sheet name."""
        settings = pd.DataFrame(
            {
                "setting": ["scenario", "base month", "months", "runs", "seed", "history"],
                "value": [
                    self.scenario.name,
                    self.base_month,
                    len(self.months),
                    self.scenario.runs,
                    self.scenario.seed,
                    f"{self.scenario.history_months} months",
                ],
            }
        )
        notes = pd.DataFrame({"note": self.notes})
        return {
            "settings": settings,
            "years": self.years,
            "fan": self.fan,
            "flows": self.flows,
            "targets": self.targets,
            "rates": self.rates,
            "notes": notes,
        }


def _mix_cost(mix: pd.DataFrame, costs: dict[str, float]) -> pd.Series:
    """Cost per FTE of each organisation and staff group from FTE by band."""
    mix = mix.assign(cost=mix["band"].map(costs)).dropna(subset=["cost"])
    totals = mix.assign(spend=mix["fte"] * mix["cost"]).groupby(["org", "staff_group"])
    sums = totals[["spend", "fte"]].sum()
    return (sums["spend"] / sums["fte"].where(sums["fte"] > 0)).dropna()


def _unit_costs(prepared: Prepared, scenario: Scenario) -> np.ndarray:
    """Yearly cost per FTE of each unit, from its band mix (staff in post, else
    establishment, else the staff group's typical band) and the cost of each band."""
    costs = cost_table(scenario.costs.per_fte_by_band)
    history = prepared.rates.history
    known = _mix_cost(history.band_mix, costs).combine_first(
        _mix_cost(history.establishment, costs)
    )
    units = prepared.rates.cells.units
    return np.array(
        [
            float(known.get((org, group), typical_cost(group, costs)))
            for org, group in zip(units["org"], units["staff_group"], strict=True)
        ]
    )


def _pay_cost(
    prepared: Prepared, scenario: Scenario, unit_fte: np.ndarray, unit_cost: np.ndarray
) -> np.ndarray:
    """Pounds each month (runs x months x units): substantive staff, and bank and agency
    cover, which follows the vacancies (in proportion to the base month's gap, at most
    three times the base cover; where there was no gap, the base cover continues)."""
    rates = prepared.rates
    units = rates.cells.units
    months = prepared.months
    temp = rates.history.temporary
    keys = list(zip(units["org"], units["staff_group"], strict=True))

    def temp_arrays(kind: str, multiplier: float) -> tuple[np.ndarray, np.ndarray]:
        chosen = temp[temp["staffing_type"] == kind].set_index(["org", "staff_group"])
        fte = np.array([float(chosen["fte"].get(k, 0.0)) for k in keys])
        cost = np.array([float(chosen["cost_per_fte"].get(k, 0.0)) for k in keys])
        return fte, np.where(cost > 0, cost, unit_cost * multiplier)

    bank_fte, bank_cost = temp_arrays("bank", scenario.costs.bank_cost_multiplier)
    agency_fte, agency_cost = temp_arrays("agency", scenario.costs.agency_cost_multiplier)
    base_fte = np.bincount(rates.cells.unit_of_cell(), weights=rates.fte, minlength=len(units))
    base_gap = prepared.base_demand - base_fte
    gap = prepared.demand[None] - unit_fte
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(
            base_gap > 0.5,
            np.clip(np.maximum(gap, 0) / np.where(base_gap > 0.5, base_gap, 1), 0, 3),
            1.0,
        )
    lever = scenario.temporary_staffing
    shift = (lever.agency_to_bank_percent / 100 * phase(lever, months))[None, :, None]
    agency = agency_fte * ratio * (1 - shift)
    bank = bank_fte * ratio + agency_fte * ratio * shift
    aprils = (months - 1) // 12 - (prepared.rates.base_month - 1) // 12
    aprils += ((months - 1) % 12 >= 3).astype(int) - int((prepared.rates.base_month - 1) % 12 >= 3)
    award = (1 + scenario.costs.pay_award_percent_per_year / 100) ** aprils
    monthly = unit_fte * unit_cost + bank * bank_cost + agency * agency_cost
    return monthly * (award[None, :, None] / 12)


def simulate(prepared: Prepared, runs: int, seed: int) -> Projection:
    return project(prepared.inputs, runs=runs, seed=seed)


def run_scenario(
    tables: Tables,
    scenario: Scenario,
    *,
    targets: Iterable[TargetSpec] = (),
    rates: Rates | None = None,
    runs: int | None = None,
) -> PlanResult:
    """Project a scenario from the warehouse tables (rates estimated here unless given)."""
    from oneworkforce.metrics.model import month_index

    if rates is None:
        base = month_index(scenario.base_month) if scenario.base_month else None
        rates = estimate_rates(tables, base, scenario.history_months)
    population = _population(tables)
    return run_with_rates(rates, scenario, population, targets=targets, tables=tables, runs=runs)


def _population(tables: Tables) -> pd.DataFrame:
    """Residents by place, year and age band; where a place's year has rows without an
    ethnic group (totals), only those are used, so breakdowns are not counted twice."""
    if "population" not in tables:
        return pd.DataFrame(columns=["place", "year", "age_band", "population"])
    pop = tables["population"].select("place", "year", "age_band", "ethnic_group", "population")
    frame = pop.execute()
    if frame.empty:
        return frame[["place", "year", "age_band", "population"]]
    totals = frame["ethnic_group"].isna()
    has_totals = totals.groupby([frame["place"], frame["year"]]).transform("any")
    frame = frame[~has_totals | totals]
    return frame.groupby(["place", "year", "age_band"], as_index=False)["population"].sum()


def run_with_rates(
    rates: Rates,
    scenario: Scenario,
    population: pd.DataFrame,
    *,
    targets: Iterable[TargetSpec] = (),
    tables: Tables | None = None,
    runs: int | None = None,
) -> PlanResult:
    """Project a scenario from rates already estimated (for back-tests and comparisons)."""
    months = projected_months(rates.base_month, scenario.months)
    prepared = prepare(rates, scenario, months, population)
    runs = runs or scenario.runs
    projection = simulate(prepared, runs, scenario.seed)
    cells = prepared.rates.cells
    to_unit = unit_matrix(cells)
    unit_fte = cells_to_units(projection.fte, len(AGE_GROUPS))
    unit_heads = cells_to_units(projection.heads, len(AGE_GROUPS))
    unit_cost = _unit_costs(prepared, scenario)
    cost = _pay_cost(prepared, scenario, unit_fte, unit_cost)
    areas, unit_areas = cells.all_areas()
    agg = Aggregates(
        areas=areas,
        heads=to_areas(unit_heads, unit_areas),
        fte=to_areas(unit_fte, unit_areas),
        demand=to_areas(prepared.demand, unit_areas),
        cost=to_areas(cost, unit_areas),
    )
    base_fte = to_areas(
        np.bincount(cells.unit_of_cell(), weights=prepared.rates.fte, minlength=cells.n_units),
        unit_areas,
    )
    base_demand = to_areas(prepared.base_demand, unit_areas)
    cell_areas = to_unit @ unit_areas
    flows = flows_frame(
        projection.leavers,
        projection.joiners,
        projection.moves_in,
        projection.moves_out,
        prepared.inputs.conversions,
        cells.cells,
        cell_areas,
        areas,
        months,
    )
    chances = target_chances(
        targets, cells.units, months, unit_fte, unit_heads, prepared.demand, tables
    )
    return PlanResult(
        scenario=scenario,
        base_month=month_label(rates.base_month),
        months=[month_label(int(m)) for m in months],
        fan=fan_frame(agg, months),
        years=years_frame(agg, months, base_fte, base_demand),
        flows=flows,
        targets=chances,
        rates=prepared.rates.frame(),
        notes=prepared.notes,
        units=cells.units,
        unit_fte=unit_fte,
        unit_heads=unit_heads,
        unit_demand=prepared.demand,
    )


def compare_scenarios(
    results: list[PlanResult], level: str = "system", staff_group: str = "all"
) -> pd.DataFrame:
    """Scenarios side by side, one row per scenario, area and financial year: supply,
    demand, vacancy rate (P10/P50/P90) and pay cost, with the difference from the first
    scenario's P50 supply and pay cost."""
    frames = []
    for result in results:
        years = result.years
        chosen = years[(years["level"] == level) & (years["staff_group"] == staff_group)]
        frames.append(chosen.assign(scenario=result.scenario.name))
    out = pd.concat(frames, ignore_index=True)
    first = out[out["scenario"] == results[0].scenario.name].set_index(["area", "year"])
    keys = pd.MultiIndex.from_frame(out[["area", "year"]])
    out["supply_vs_first"] = (
        out["supply_fte_p50"].to_numpy() - first["supply_fte_p50"].reindex(keys).to_numpy()
    )
    out["pay_cost_vs_first"] = (
        out["pay_cost_p50"].to_numpy() - first["pay_cost_p50"].reindex(keys).to_numpy()
    )
    columns = ["scenario", *[c for c in out.columns if c != "scenario"]]
    return out[columns]
