"""Levers and demand drivers turned into the projection's arrays, checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from oneworkforce.metrics.model import month_index
from oneworkforce.planning.build import population_index, prepare
from oneworkforce.planning.history import ROUTES
from oneworkforce.planning.rates import estimate_rates
from oneworkforce.planning.scenario import ScenarioError, parse_scenario
from oneworkforce.planning.timeline import projected_months
from tests.planning.test_rates import MAR, history

NO_POPULATION = pd.DataFrame(columns=["place", "year", "age_band", "population"])


@pytest.fixture(scope="module")
def rates():
    return estimate_rates(history(), MAR, window=2)


def prepared(rates, **settings):
    scenario = parse_scenario({"name": "test", "months": 48} | settings)
    return prepare(rates, scenario, projected_months(MAR, scenario.months), NO_POPULATION)


def unit(p, org: str, group: str = "nursing") -> int:
    return p.rates.cells.unit_index()[(org, group)]


def cell(p, org: str, group: str = "nursing", age: str = "under_55") -> int:
    return p.rates.cells.cell_index()[(org, group, age)]


def test_demand_starts_at_the_establishment_or_else_at_staff_in_post(rates) -> None:
    p = prepared(rates)
    assert p.base_demand[unit(p, "A")] == 12.0  # A's establishment
    assert p.base_demand[unit(p, "B")] == 2.0  # B has none: its 2 FTE in post
    assert any("No establishment" in note for note in p.notes)


def test_activity_growth_and_productivity_compound_month_by_month(rates) -> None:
    grown = prepared(rates, demand={"activity_growth": [{"percent_per_year": 10}]})
    assert grown.demand[11, unit(grown, "A")] == pytest.approx(12 * 1.1)
    assert grown.demand[23, unit(grown, "A")] == pytest.approx(12 * 1.21)
    eased = prepared(rates, demand={"productivity": [{"percent_per_year": 10}]})
    assert eased.demand[11, unit(eased, "A")] == pytest.approx(12 / 1.1)


def test_a_lever_phases_in_along_a_straight_line(rates) -> None:
    p = prepared(rates, leavers=[{"change_percent": -20, "phase_in_months": 4, "from": "2024-05"}])
    a = cell(p, "A")
    assert p.inputs.leave_multiplier[:6, a].tolist() == pytest.approx(
        [1.0, 0.95, 0.9, 0.85, 0.8, 0.8]
    )


def test_joiners_per_year_replace_a_route(rates) -> None:
    p = prepared(rates, joiners=[{"route": "international", "per_year": 120, "orgs": ["A"]}])
    k = ROUTES.index("international")
    assert p.inputs.joiners[:, k, cell(p, "A")] == pytest.approx(np.full(48, 10.0))
    q = prepared(rates, joiners=[{"route": "international", "change_percent": 50}])
    assert q.inputs.joiners[0, k, cell(q, "A")] == pytest.approx(0.75)  # 0.5 a month x 1.5


def test_training_places_arrive_as_newly_qualified_joiners(rates) -> None:
    # 100 places from September 2024, 80 % complete in 3 years, half of them join: 40
    # newly qualified joiners in September 2027, 2028, ... (only within the projection).
    p = prepared(
        rates,
        training=[
            {
                "staff_group": "nursing",
                "extra_places_per_year": 100,
                "first_intake": "2024-09",
                "completion_percent": 80,
                "join_percent": 50,
                "orgs": ["A"],
            }
        ],
    )
    k = ROUTES.index("newly_qualified")
    extra = p.inputs.joiners[:, k, cell(p, "A")] - 0.5
    arrival = month_index("2027-09") - (MAR + 1)
    assert extra[arrival] == pytest.approx(40.0)
    assert np.delete(extra, arrival) == pytest.approx(np.zeros(47))


def test_skill_mix_moves_demand_between_groups_in_the_same_organisation(rates) -> None:
    p = prepared(
        rates,
        demand={
            "population": {"enabled": False},
            "skill_mix": [
                {
                    "from_staff_group": "nursing",
                    "to_staff_group": "ahp",
                    "share_percent": 10,
                    "fte_ratio": 1.5,
                    "orgs": ["A"],
                }
            ],
        },
    )
    assert p.demand[0, unit(p, "A")] == pytest.approx(10.8)
    assert p.demand[0, unit(p, "A", "ahp")] == pytest.approx(1.2 * 1.5)
    assert p.demand[0, unit(p, "B")] == pytest.approx(2.0)


def test_a_new_role_adds_establishment_and_recruits(rates) -> None:
    p = prepared(
        rates,
        new_roles=[
            {
                "name": "Nursing associates",
                "staff_group": "support_clinical",
                "orgs": ["A"],
                "fte": 6,
                "phase_in_months": 3,
                "recruits_per_year": 12,
                "drawn_from": "nursing",
            }
        ],
    )
    role = unit(p, "A", "support_clinical")
    assert p.demand[:4, role].tolist() == pytest.approx([2.0, 4.0, 6.0, 6.0])
    new, old = cell(p, "A", "support_clinical"), cell(p, "A")
    assert p.inputs.conversions[3, new] == pytest.approx(1.0)
    assert p.inputs.conversions[3, old] == pytest.approx(-1.0)


def test_population_index_follows_age_weighted_residents() -> None:
    population = pd.DataFrame(
        {
            "place": ["North"] * 4,
            "year": [2024, 2024, 2025, 2025],
            "age_band": ["30_34", "85_plus", "30_34", "85_plus"],
            "population": [90, 10, 90, 20],
        }
    )
    weights = {"30_34": 1.0, "85_plus": 2.0}
    months = np.array([month_index("2025-06")])
    index, notes = population_index(
        population, pd.Series(["North", "South"]), months, month_index("2024-06"), weights
    )
    # Weighted: 110 in mid 2024, 130 in mid 2025; South has no figures, so the system's.
    assert index[0].tolist() == pytest.approx([130 / 110, 130 / 110])
    assert "No population for South" in notes[0]


def test_names_the_warehouse_does_not_hold_are_refused(rates) -> None:
    with pytest.raises(ScenarioError, match=r"leavers\[0\].orgs: unknown organisation 'ZZZ'"):
        prepared(rates, leavers=[{"change_percent": 5, "orgs": ["ZZZ"]}])
    with pytest.raises(ScenarioError, match="unknown place 'Nowhere'"):
        prepared(rates, scope={"places": ["Nowhere"]})


def test_a_scope_treats_moves_out_of_it_as_leaving(rates) -> None:
    whole = prepared(rates)
    only_a = prepared(rates, scope={"orgs": ["A"]})
    a = cell(only_a, "A")
    assert only_a.rates.leave[a] == pytest.approx(
        whole.rates.leave[cell(whole, "A")] + whole.rates.moves[cell(whole, "A"), cell(whole, "B")]
    )
    assert set(only_a.rates.cells.units["org"]) == {"A"}
