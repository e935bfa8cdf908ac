"""From rates and a scenario to the arrays of a projection: supply levers and demand drivers.

Demand starts from each organisation's latest establishment by staff group; a unit with
staff but no establishment is given its staff in post as its demand (no vacancies assumed,
and said so in the notes). It then grows with the age-weighted population of the unit's
place, activity growth and productivity, shifts between staff groups (skill mix) and grows
by new roles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from oneworkforce.metrics.model import month_index
from oneworkforce.planning.cells import Cells
from oneworkforce.planning.engine import EngineInputs
from oneworkforce.planning.history import ROUTES
from oneworkforce.planning.rates import Rates, reshape_rates
from oneworkforce.planning.scenario import NewRole, Scenario, ScenarioError, Where
from oneworkforce.planning.timeline import growth, matches, phase

NEWLY_QUALIFIED = ROUTES.index("newly_qualified")
OTHER = ROUTES.index("other")


@dataclass(frozen=True)
class Prepared:
    """A scenario's rates (on its own cells) and the arrays it projects with."""

    rates: Rates
    months: np.ndarray
    inputs: EngineInputs
    demand: np.ndarray  # (T, U) FTE
    base_demand: np.ndarray  # (U,) FTE at the base month
    notes: list[str]


def _selectors(scenario: Scenario) -> list[tuple[str, Where]]:
    found: list[tuple[str, Where]] = [("scope", scenario.scope)]
    for name in ("leavers", "joiners", "participation", "new_roles"):
        for i, lever in enumerate(getattr(scenario, name)):
            found.append((f"{name}[{i}]", lever))
    for i, lever in enumerate(scenario.training):
        found.append((f"training[{i}]", Where(orgs=lever.orgs, places=lever.places)))
    for name in ("activity_growth", "productivity", "skill_mix"):
        for i, lever in enumerate(getattr(scenario.demand, name)):
            found.append((f"demand.{name}[{i}]", lever))
    found.append(("temporary_staffing", scenario.temporary_staffing))
    return found


def check_names(scenario: Scenario, organisations: pd.DataFrame) -> None:
    """Organisations and places a scenario names must be in the partner register."""
    orgs, places = set(organisations["org"]), set(organisations["place"])
    problems = []
    for where, selector in _selectors(scenario):
        for org in selector.orgs:
            if org not in orgs:
                problems.append(
                    f"{where}.orgs: unknown organisation {org!r} (partners: "
                    f"{', '.join(sorted(orgs))})"
                )
        for place in selector.places:
            if place not in places:
                problems.append(
                    f"{where}.places: unknown place {place!r} (places: {', '.join(sorted(places))})"
                )
    if problems:
        raise ScenarioError(
            f"Scenario {scenario.name!r} names what the warehouse does not hold: "
            + "; ".join(problems)
            + ".",
            problems,
        )


def _register(rates: Rates) -> pd.DataFrame:
    orgs = rates.history.organisations
    return orgs.assign(staff_group="")


def _role_orgs(role: NewRole, rates: Rates, scope_units: pd.DataFrame, label: str) -> list[str]:
    """Organisations a new role is created in: those its selector names, else those where
    its staff group works now."""
    register = _register(rates)
    if role.orgs or role.places or role.sectors:
        picked = register[matches(register, role.model_copy(update={"staff_groups": []}))]
        orgs = sorted(set(picked["org"]) & set(scope_units["org"]))
    else:
        orgs = sorted(set(scope_units.loc[scope_units["staff_group"] == role.staff_group, "org"]))
    if not orgs:
        raise ScenarioError(
            f"{label} ({role.name}): no organisation in the scope has {role.staff_group} staff "
            "yet; say where the role is with orgs, places or sectors."
        )
    return orgs


def scenario_units(rates: Rates, scenario: Scenario) -> pd.DataFrame:
    """The units a scenario projects: those in its scope, plus any its new roles and skill
    mix changes create."""
    units = rates.cells.units
    scope = scenario.scope
    units = units[matches(units, scope.model_copy(update={"age_groups": []}))]
    if units.empty:
        raise ScenarioError(
            f"Scenario {scenario.name!r}: nothing in the warehouse is in its scope."
        )
    extra = []
    for i, role in enumerate(scenario.new_roles):
        for org in _role_orgs(role, rates, units, f"new_roles[{i}]"):
            extra.append((org, role.staff_group))
            if role.drawn_from:
                extra.append((org, role.drawn_from))
    for change in scenario.demand.skill_mix:
        chosen = units[matches(units, change.model_copy(update={"staff_groups": []}))]
        for org in chosen.loc[chosen["staff_group"] == change.from_staff_group, "org"]:
            extra.append((org, change.to_staff_group))
    if extra:
        added = pd.DataFrame(extra, columns=["org", "staff_group"]).merge(
            rates.history.organisations, on="org", how="left"
        )
        units = pd.concat([units, added], ignore_index=True)
    return units


def _spread(weights: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Shares in proportion to ``weights``, else to ``fallback``, else equal."""
    for w in (weights, fallback, np.ones_like(weights)):
        total = w.sum()
        if total > 0:
            return w / total
    return weights


def supply_inputs(rates: Rates, scenario: Scenario, months: np.ndarray) -> EngineInputs:
    cells = rates.cells
    frame = cells.cells
    n_months, n_cells = len(months), cells.n_cells
    calendar = (months - 1) % 12
    base = rates.joiners[None, :, :] * rates.seasonality[:, calendar].T[:, :, None]  # (T,K,C)
    joiners = base.copy()
    leave_mult = np.ones((n_months, n_cells))
    part_mult = np.ones((n_months, n_cells))
    conversions = np.zeros((n_months, n_cells))

    for lever in scenario.leavers:
        mask = matches(frame, lever)
        leave_mult[:, mask] *= 1 + lever.change_percent / 100 * phase(lever, months)[:, None]
    for lever in scenario.participation:
        mask = matches(frame, lever)
        part_mult[:, mask] *= 1 + lever.change_percent / 100 * phase(lever, months)[:, None]
    for lever in scenario.joiners:
        k = ROUTES.index(lever.route)
        mask = matches(frame, lever)
        on = phase(lever, months)[:, None]
        if lever.change_percent is not None:
            joiners[:, k, mask] *= 1 + lever.change_percent / 100 * on
        else:
            shares = _spread(rates.joiners[k, mask], rates.heads[mask])
            wanted = lever.per_year / 12 * rates.seasonality[k, calendar][:, None] * shares
            joiners[:, k, mask] = (1 - on) * joiners[:, k, mask] + on * wanted
    for lever in scenario.training:
        where = Where(orgs=lever.orgs, places=lever.places, sectors=lever.sectors)
        mask = matches(frame, where) & (frame["staff_group"] == lever.staff_group).to_numpy()
        mask &= (frame["age_group"] == "under_55").to_numpy()
        shares = _spread(rates.joiners[NEWLY_QUALIFIED, mask], rates.heads[mask])
        intake = month_index(lever.first_intake)
        qualified = lever.extra_places_per_year * lever.completion_percent / 100
        joining = qualified * lever.join_percent / 100
        delay = round(lever.years_to_qualify * 12)
        count = 0
        while lever.intakes is None or count < lever.intakes:
            arrives = intake + 12 * count + delay
            if arrives > months[-1]:
                break
            if arrives >= months[0]:
                joiners[arrives - months[0], NEWLY_QUALIFIED, mask] += joining * shares
            count += 1
    for role in scenario.new_roles:
        on = phase(role, months)[:, None]
        mask = matches(frame, role.model_copy(update={"staff_groups": [role.staff_group]}))
        mask &= (frame["age_group"] == "under_55").to_numpy()
        shares = _spread(rates.heads[mask], np.zeros(mask.sum()))
        monthly = role.recruits_per_year / 12 * on * shares
        if role.drawn_from is None:
            joiners[:, OTHER, mask] += monthly
            continue
        conversions[:, mask] += monthly
        source = matches(frame, role.model_copy(update={"staff_groups": [role.drawn_from]}))
        source &= np.isin(frame["org"], frame.loc[mask, "org"])
        from_shares = _spread(rates.heads[source], np.ones(source.sum()))
        conversions[:, source] -= monthly.sum(axis=1, keepdims=True) * from_shares
    return EngineInputs(
        heads=rates.heads,
        participation=rates.participation,
        leave=rates.leave,
        moves=rates.moves,
        joiners=np.maximum(joiners, 0.0),
        leave_multiplier=leave_mult,
        participation_multiplier=part_mult,
        conversions=conversions,
        group=cells.cell_group(),
        leave_cv=rates.leave_cv,
        joiner_cv=rates.joiner_cv,
        participation_cv=rates.participation_cv,
    )


def base_demand(rates: Rates) -> tuple[np.ndarray, list[str]]:
    """Establishment FTE per unit at the base; staff in post FTE where there is none."""
    cells = rates.cells
    est = rates.history.establishment.groupby(["org", "staff_group"])["fte"].sum()
    keys = list(zip(cells.units["org"], cells.units["staff_group"], strict=True))
    demand = np.array([float(est.get(key, np.nan)) for key in keys])
    supply = np.bincount(cells.unit_of_cell(), weights=rates.fte, minlength=cells.n_units)
    missing = np.isnan(demand)
    notes = []
    if missing.any():
        names = [f"{o} {g}" for (o, g), m in zip(keys, missing, strict=True) if m]
        notes.append(
            f"No establishment for {len(names)} organisation and staff group pairs "
            f"({', '.join(names[:6])}{', ...' if len(names) > 6 else ''}): their demand starts "
            "at their staff in post (no vacancies)."
        )
    return np.where(missing, supply, demand), notes


def population_index(
    population: pd.DataFrame, places: pd.Series, months: np.ndarray, base: int, weights: dict
) -> tuple[np.ndarray, list[str]]:
    """Age-weighted population of each unit's place, month by month, over the base month's.

    Yearly figures stand for the middle of their year (30 June) and are joined by straight
    lines; beyond the last year the last year's growth continues; a place with no figures
    uses the whole system's.
    """
    notes = []
    if population.empty:
        return np.ones((len(months), len(places))), [
            "No population extract: population growth adds nothing to demand."
        ]
    pop = population.assign(
        weighted=population["population"] * population["age_band"].map(weights).fillna(1.0)
    )
    by_place = pop.groupby(["place", "year"])["weighted"].sum().unstack("place")
    by_place["__system__"] = by_place.sum(axis=1)
    years = by_place.index.to_numpy(dtype=float)

    def at(month: np.ndarray) -> np.ndarray:
        # The end of the month (snapshots are month ends), in years: the end of June is x.0.
        return (month - 1) // 12 + ((month - 1) % 12 + 1) / 12 - 0.5

    def value(series: pd.Series, when: np.ndarray) -> np.ndarray:
        values = series.to_numpy(dtype=float)
        inside = np.interp(when, years, values)
        if len(years) >= 2 and values[-2] > 0:
            yearly = values[-1] / values[-2]
            beyond = values[-1] * yearly ** (when - years[-1])
            inside = np.where(when > years[-1], beyond, inside)
        return inside

    out = np.ones((len(months), len(places)))
    missing = sorted(set(places) - set(by_place.columns))
    if missing:
        notes.append(
            f"No population for {', '.join(missing)}: the whole system's growth is used there."
        )
    for place in set(places):
        column = by_place[place] if place in by_place else by_place["__system__"]
        start = value(column, np.array([at(base)], dtype=float))[0]
        if start > 0:
            out[:, (places == place).to_numpy()] = (value(column, at(months)) / start)[:, None]
    return out, notes


def demand_inputs(
    rates: Rates, scenario: Scenario, months: np.ndarray, population: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Demand (months x units) and the base demand (units)."""
    units = rates.cells.units
    base, notes = base_demand(rates)
    demand = np.tile(base, (len(months), 1))
    driver = scenario.demand.population
    if driver.enabled:
        index, more = population_index(
            population, units["place"], months, rates.base_month, driver.weights()
        )
        notes += more
        chosen = matches(units, Where(sectors=driver.sectors, staff_groups=driver.staff_groups))
        demand[:, chosen] *= index[:, chosen]
    for change in scenario.demand.activity_growth:
        chosen = matches(units, change)
        demand[:, chosen] *= growth(change, change.percent_per_year, months)[:, None]
    for change in scenario.demand.productivity:
        chosen = matches(units, change)
        demand[:, chosen] /= growth(change, change.percent_per_year, months)[:, None]
    index = rates.cells.unit_index()
    for change in scenario.demand.skill_mix:
        on = phase(change, months)
        chosen = matches(
            units, change.model_copy(update={"staff_groups": [change.from_staff_group]})
        )
        for unit in np.flatnonzero(chosen):
            moved = demand[:, unit] * change.share_percent / 100 * on
            demand[:, unit] -= moved
            target = index[(units.at[unit, "org"], change.to_staff_group)]
            demand[:, target] += moved * change.fte_ratio
    for role in scenario.new_roles:
        on = phase(role, months)
        chosen = matches(units, role.model_copy(update={"staff_groups": [role.staff_group]}))
        orgs = set(_role_orgs(role, rates, units, "new role"))
        chosen &= units["org"].isin(orgs).to_numpy()
        supply = np.bincount(rates.cells.unit_of_cell(), weights=rates.fte, minlength=len(units))
        shares = _spread(supply[chosen], np.zeros(chosen.sum()))
        demand[:, chosen] += role.fte * on[:, None] * shares
    return demand, base, notes


def prepare(
    rates: Rates, scenario: Scenario, months: np.ndarray, population: pd.DataFrame
) -> Prepared:
    """The scenario's cells, engine inputs and demand."""
    check_names(scenario, rates.history.organisations)
    rates = reshape_rates(rates, scenario_units(rates, scenario))
    inputs = supply_inputs(rates, scenario, months)
    demand, base, notes = demand_inputs(rates, scenario, months, population)
    return Prepared(rates, months, inputs, demand, base, notes)


def unit_matrix(cells: Cells) -> np.ndarray:
    """Cells x units 0/1: sums age groups into their unit."""
    matrix = np.zeros((cells.n_cells, cells.n_units))
    matrix[np.arange(cells.n_cells), cells.unit_of_cell()] = 1.0
    return matrix
