"""Whole runs on the synthetic ICS: roll-ups, fan charts, targets, comparisons, back-test."""

from __future__ import annotations

import numpy as np
import pytest

from oneworkforce.planning import (
    backtest,
    compare_scenarios,
    estimate_rates,
    parse_scenario,
    run_with_rates,
)
from oneworkforce.planning.chances import target_chances
from oneworkforce.planning.run import _population
from oneworkforce.targets.store import validate_target

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rates(synthetic_tables):
    return estimate_rates(synthetic_tables)


@pytest.fixture(scope="module")
def baseline(rates, synthetic_tables):
    scenario = parse_scenario({"name": "Baseline", "runs": 300, "seed": 1})
    target = validate_target(
        name="Zero nurse vacancies",
        metric_id="vacancy_rate",
        slice={"staff_group": "nursing"},
        target_value=0,
        due_month="2027-03",
    )
    return run_with_rates(
        rates, scenario, _population(synthetic_tables), targets=[target], tables=synthetic_tables
    )


def test_every_level_adds_up_to_the_system(baseline) -> None:
    fan = baseline.fan
    means = fan[(fan["measure"].isin(["fte", "demand"])) & (fan["staff_group"] != "all")]
    totals = means.groupby(["level", "measure", "month"])["mean"].sum().unstack("level")
    for level in ("org", "place", "sector"):
        assert totals[level].to_numpy() == pytest.approx(totals["system"].to_numpy(), rel=1e-6)
    everything = fan[(fan["level"] == "system") & (fan["staff_group"] == "all")]
    assert set(everything["area"]) == {"QZZ"}


def test_fan_bands_are_ordered_and_widen_with_time(baseline) -> None:
    series = baseline.series("system")
    fte = series[series["measure"] == "fte"]
    assert (fte["p10"] <= fte["p50"]).all() and (fte["p50"] <= fte["p90"]).all()
    width = (fte["p90"] - fte["p10"]).to_numpy()
    assert width[-1] > width[0]
    rate = series[series["measure"] == "vacancy_rate"]
    demand = series[series["measure"] == "demand"]["p50"].to_numpy()
    assert rate["p50"].to_numpy() == pytest.approx(
        (demand - fte["p50"].to_numpy()) / demand * 100, rel=1e-6
    )


def test_one_workforce_includes_primary_and_social_care(baseline) -> None:
    sectors = set(baseline.years.loc[baseline.years["level"] == "sector", "area"])
    assert {"acute", "primary_care", "social_care", "local_authority"} <= sectors


def test_years_run_april_to_march_with_pay_costs(baseline) -> None:
    system = baseline.years[
        (baseline.years["level"] == "system") & (baseline.years["staff_group"] == "all")
    ]
    assert system["year"].tolist() == ["2026/27", "2027/28", "2028/29", "2029/30", "2030/31"]
    assert (system["months_in_year"] == 12).all()
    # A pay bill of tens of millions for 1,500 staff, growing with the workforce.
    assert 40e6 < system["pay_cost_p50"].iloc[0] < 120e6


def test_the_chance_of_meeting_a_target(baseline) -> None:
    row = baseline.targets.iloc[0]
    assert row["name"] == "Zero nurse vacancies"
    assert 0 <= row["probability"] <= 100
    assert row["p10"] <= row["p50"] <= row["p90"]


def test_chances_are_the_share_of_runs_meeting_the_target() -> None:
    import pandas as pd

    units = pd.DataFrame(
        {
            "org": ["A"],
            "place": ["N"],
            "sector": ["acute"],
            "system": ["Q"],
            "staff_group": ["nursing"],
        }
    )
    months = np.array([2027 * 12 + 3])
    fte = np.array([90.0, 95.0, 100.0, 105.0]).reshape(4, 1, 1)  # four runs
    demand = np.array([[100.0]])
    target = validate_target(
        name="t", metric_id="vacancy_rate", target_value=0, due_month="2027-03"
    )
    later = validate_target(name="u", metric_id="vacancy_rate", target_value=0, due_month="2028-03")
    sickness = validate_target(
        name="s", metric_id="sickness_rate", target_value=4, due_month="2027-03"
    )
    frame = target_chances([target, later, sickness], units, months, fte, fte, demand)
    assert frame["probability"].iloc[0] == pytest.approx(50.0)  # 100 and 105 FTE fill it
    assert "after the projection ends" in frame["reason"].iloc[1]
    assert "does not produce sickness_rate" in frame["reason"].iloc[2]


def test_levers_that_add_staff_lower_the_vacancy_rate(rates, synthetic_tables, baseline) -> None:
    scenario = parse_scenario(
        {
            "name": "Retain and recruit",
            "runs": 300,
            "seed": 1,
            "leavers": [{"change_percent": -30, "staff_groups": ["nursing"]}],
            "joiners": [
                {"route": "international", "change_percent": 100, "staff_groups": ["nursing"]}
            ],
        }
    )
    better = run_with_rates(rates, scenario, _population(synthetic_tables))
    compared = compare_scenarios([baseline, better], "system", "nursing")
    last = compared[compared["year"] == "2030/31"].set_index("scenario")
    assert (
        last.loc["Retain and recruit", "vacancy_rate_p50"]
        < last.loc["Baseline", "vacancy_rate_p50"]
    )
    assert last.loc["Retain and recruit", "supply_vs_first"] > 0
    assert last.loc["Baseline", "supply_vs_first"] == 0


def test_the_result_exports_as_tables(baseline, tmp_path) -> None:
    from oneworkforce.export import write_tables

    tables = baseline.tables()
    assert set(tables) == {"settings", "years", "fan", "flows", "targets", "rates", "notes"}
    flows = tables["flows"]
    system = flows[(flows["level"] == "system") & (flows["staff_group"] == "all")]
    assert system["moves_net"].abs().max() < 1e-6  # moves inside the system cancel out
    import pandas as pd

    contents = pd.DataFrame({"table": list(tables)})
    write_tables({"years": tables["years"]}, contents.iloc[:1], tmp_path / "plan.xlsx", "xlsx")
    assert (tmp_path / "plan.xlsx").stat().st_size > 0


# The back-test bound: projecting two years from the history before them, the system's
# staff in post FTE is within 3 % of what happened on average and within 5 % at the end.
BACKTEST_MEAN_ERROR_PERCENT = 3.0
BACKTEST_END_ERROR_PERCENT = 5.0


def test_backtest_two_years_on_the_synthetic_ics(synthetic_tables) -> None:
    result = backtest(synthetic_tables, months=24, window=24, runs=200)
    assert result.base_month == "2024-03"
    summary = result.summary().set_index("staff_group")
    system = summary.loc["all"]
    assert system["mean_absolute_error_percent"] < BACKTEST_MEAN_ERROR_PERCENT
    assert abs(system["end_error_percent"]) < BACKTEST_END_ERROR_PERCENT
    assert system["inside_band_percent"] >= 50
    assert len(result.frame[result.frame["staff_group"] == "all"]) == 24
