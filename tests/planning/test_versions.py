"""Adopted plans in the application database (SQLite and PostgreSQL), against actuals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from oneworkforce.appdb import list_events, session_scope
from oneworkforce.appdb.models import PlanPoint
from oneworkforce.planning import parse_scenario, run_scenario
from oneworkforce.planning.versions import (
    PlanNotFoundError,
    adopt_plan,
    get_plan,
    list_plans,
    plan_vs_actual,
    refresh_plan,
    stored_scenario,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def year_old_plan(synthetic_tables):
    """A plan made a year before the end of the data, for 24 months."""
    scenario = parse_scenario(
        {
            "name": "People plan 2025",
            "base_month": "2025-03",
            "months": 24,
            "runs": 200,
            "leavers": [{"change_percent": -5, "from": "2025-06"}],
        }
    )
    return run_scenario(synthetic_tables, scenario)


def test_adopting_stores_the_scenario_and_its_expected_workforce(engine, year_old_plan) -> None:
    with session_scope(engine) as session:
        first = adopt_plan(session, "ICS plan", year_old_plan, actor="a.planner")
        second = adopt_plan(session, "ICS plan", year_old_plan, actor="a.planner", notes="again")
        assert (first.version, second.version) == (1, 2)
    with session_scope(engine) as session:
        plan = get_plan(session, "ICS plan")
        assert plan.version == 2 and plan.base_month == "2025-03" and plan.notes == "again"
        assert stored_scenario(plan) == year_old_plan.scenario
        points = session.scalars(select(PlanPoint).where(PlanPoint.plan_version_id == plan.id))
        points = list(points)
        system = [p for p in points if p.level == "system" and p.staff_group == "all"]
        assert [p.month for p in system][:2] == ["2025-04", "2025-05"] and len(system) == 24
        assert all(p.fte_p10 <= p.fte_p50 <= p.fte_p90 for p in system)
        events = [e for e in list_events(session) if e.action == "plan.adopt"]
        assert [e.details["version"] for e in events] == [1, 2]
        assert [p.version for p in list_plans(session, "ICS plan")] == [1, 2]


def test_plan_against_actual_month_by_month(engine, year_old_plan, synthetic_tables) -> None:
    with session_scope(engine) as session:
        adopt_plan(session, "ICS plan", year_old_plan, actor="a.planner")
        frame = plan_vs_actual(session, synthetic_tables, "ICS plan", level="system")
        by_org = plan_vs_actual(session, synthetic_tables, "ICS plan", level="org")
    system = frame[frame["staff_group"] == "all"]
    # Actuals exist for April 2025 to March 2026: 12 of the plan's 24 months.
    assert system["month"].tolist()[0] == "2025-04" and len(system) == 12
    assert (system["difference_fte"] == system["actual_fte"] - system["fte_p50"]).all()
    assert system["difference_percent"].abs().max() < 5
    assert set(by_org["area"]) >= {"SYNA1", "SYNP1", "SYNS2"}


def test_refresh_adopts_the_scenario_again_from_the_latest_data(
    engine, year_old_plan, synthetic_tables
) -> None:
    with session_scope(engine) as session:
        adopt_plan(session, "ICS plan", year_old_plan, actor="a.planner")
        refreshed = refresh_plan(session, synthetic_tables, "ICS plan", actor="a.planner", runs=50)
        assert refreshed.version == 2 and refreshed.base_month == "2026-03"
        assert "Refresh of version 1" in refreshed.notes


def test_unknown_plans_and_versions_are_explained(engine, year_old_plan) -> None:
    with session_scope(engine) as session:
        with pytest.raises(PlanNotFoundError, match="adopt one with"):
            get_plan(session, "Missing")
        adopt_plan(session, "ICS plan", year_old_plan, actor="a.planner")
        with pytest.raises(PlanNotFoundError, match=r"no version 7 \(versions: 1\)"):
            get_plan(session, "ICS plan", 7)
        with pytest.raises(PlanNotFoundError, match="plans: ICS plan"):
            get_plan(session, "Other")
