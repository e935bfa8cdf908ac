"""Integrated workforce planning: supply and demand projections, scenarios, uncertainty.

Rates are estimated from the warehouse (``rates``: leavers by age group, moves between
partners and staff groups, joiners by route, FTE per head, and their variability); a
scenario (``scenario``, YAML) sets levers and demand drivers; the projection (``engine``)
runs month by month for every Monte Carlo run at once; results (``run``, ``results``) come
as tidy tables at organisation, place, sector and system level, with the probability of
meeting each target (``chances``). Adopted plans are stored and compared with what happens
(``versions``); ``backtest`` checks the method on the history. See docs/planning.md.
"""

from oneworkforce.planning.backtest import Backtest, backtest
from oneworkforce.planning.rates import PlanningDataError, Rates, estimate_rates
from oneworkforce.planning.run import PlanResult, compare_scenarios, run_scenario, run_with_rates
from oneworkforce.planning.scenario import (
    Scenario,
    ScenarioError,
    example_scenarios,
    load_scenario,
    parse_scenario,
    parse_scenario_text,
)

__all__ = [
    "Backtest",
    "PlanResult",
    "PlanningDataError",
    "Rates",
    "Scenario",
    "ScenarioError",
    "backtest",
    "compare_scenarios",
    "estimate_rates",
    "example_scenarios",
    "load_scenario",
    "parse_scenario",
    "parse_scenario_text",
    "run_scenario",
    "run_with_rates",
]
