"""The plan tables of migration 0004 on both backends: constraints and cascades."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from oneworkforce.appdb import session_scope
from oneworkforce.appdb.models import PlanPoint, PlanVersion


def version(**overrides) -> PlanVersion:
    values = {
        "name": "ICS plan",
        "version": 1,
        "base_month": "2026-03",
        "months": 60,
        "runs": 1000,
        "scenario": {"name": "Baseline"},
        "adopted_by": "a.planner",
    }
    return PlanVersion(**(values | overrides))


def point(plan_id: int, **overrides) -> PlanPoint:
    values = {
        "plan_version_id": plan_id,
        "level": "system",
        "area": "QZZ",
        "staff_group": "all",
        "month": "2026-04",
        "heads": 100.0,
        "fte_p10": 80.0,
        "fte_p50": 85.0,
        "fte_p90": 90.0,
        "demand_fte": 95.0,
    }
    return PlanPoint(**(values | overrides))


def test_plan_tables_exist_with_their_index(engine) -> None:
    with engine.connect() as connection:
        inspector = inspect(connection)
        assert {"plan_versions", "plan_points"} <= set(inspector.get_table_names())
        indexes = {index["name"] for index in inspector.get_indexes("plan_points")}
        assert "ix_plan_points_version_area" in indexes


def test_a_version_number_is_used_once_per_plan(engine) -> None:
    with session_scope(engine) as session:
        session.add(version())
        session.add(version(name="Other plan"))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(version())


def test_points_go_with_their_version(engine) -> None:
    with session_scope(engine) as session:
        plan = version()
        session.add(plan)
        session.flush()
        session.add_all([point(plan.id), point(plan.id, month="2026-05")])
    with session_scope(engine) as session:
        session.delete(session.scalars(select(PlanVersion)).one())
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(PlanPoint)) == 0


@pytest.mark.parametrize("bad", [{"level": "region"}, {"month": "April"}])
def test_points_refuse_unknown_levels_and_months(engine, bad) -> None:
    with session_scope(engine) as session:
        plan = version()
        session.add(plan)
        session.flush()
        plan_id = plan.id
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(point(plan_id, **bad))
