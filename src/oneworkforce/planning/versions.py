"""Adopted plans in the application database, and how the actual workforce compares.

Adopting a plan stores its scenario and its expected workforce (P10/P50/P90 supply FTE,
heads and demand) for every month, area and staff group, as a new version under the plan's
name; the audit trail records who adopted it. Refreshing a plan (each year, when a new year
of data is in) runs its stored scenario again from the latest data and adopts the result as
the next version, so every version stays comparable with what happened after it.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from oneworkforce.appdb.audit import record_event
from oneworkforce.appdb.models import PlanPoint, PlanVersion
from oneworkforce.errors import OneWorkforceError
from oneworkforce.metrics import NoDataError, compute_metric
from oneworkforce.metrics.model import Tables
from oneworkforce.planning.cells import ALL_GROUPS
from oneworkforce.planning.run import PlanResult
from oneworkforce.planning.scenario import Scenario, parse_scenario


class PlanNotFoundError(OneWorkforceError):
    """No adopted plan (or version) of that name."""


def _points(result: PlanResult) -> pd.DataFrame:
    fan = result.fan
    wide = fan.pivot_table(
        index=["level", "area", "staff_group", "month"],
        columns="measure",
        values=["p10", "p50", "p90"],
        sort=False,
    )
    out = pd.DataFrame(
        {
            "heads": wide[("p50", "heads")],
            "fte_p10": wide[("p10", "fte")],
            "fte_p50": wide[("p50", "fte")],
            "fte_p90": wide[("p90", "fte")],
            "demand_fte": wide[("p50", "demand")],
        }
    ).reset_index()
    return out.astype({"area": str})


def adopt_plan(
    session: Session, name: str, result: PlanResult, *, actor: str, notes: str | None = None
) -> PlanVersion:
    """Store a projection as the next version of the named plan (version 1 if new)."""
    name = name.strip()
    if not name:
        raise OneWorkforceError("A plan needs a name.")
    latest = session.scalar(select(func.max(PlanVersion.version)).where(PlanVersion.name == name))
    version = PlanVersion(
        name=name,
        version=(latest or 0) + 1,
        base_month=result.base_month,
        months=len(result.months),
        runs=result.scenario.runs,
        scenario=result.scenario.to_dict(),
        adopted_by=actor,
        notes=notes,
    )
    session.add(version)
    session.flush()
    rows = _points(result).assign(plan_version_id=version.id).to_dict("records")
    session.execute(insert(PlanPoint), rows)
    record_event(
        session,
        actor=actor,
        action="plan.adopt",
        subject=name,
        details={
            "version": version.version,
            "base_month": version.base_month,
            "months": version.months,
            "scenario": result.scenario.name,
            "points": len(rows),
        },
    )
    return version


def list_plans(session: Session, name: str | None = None) -> list[PlanVersion]:
    query = select(PlanVersion).order_by(PlanVersion.name, PlanVersion.version)
    if name:
        query = query.where(PlanVersion.name == name.strip())
    return list(session.scalars(query))


def get_plan(session: Session, name: str, version: int | None = None) -> PlanVersion:
    """A plan's version (the latest by default), or PlanNotFoundError."""
    versions = list_plans(session, name)
    if not versions:
        known = sorted({v.name for v in list_plans(session)})
        raise PlanNotFoundError(
            f"No adopted plan named {name!r}"
            + (f" (plans: {', '.join(known)})." if known else "; adopt one with `plan adopt`.")
        )
    if version is None:
        return versions[-1]
    for candidate in versions:
        if candidate.version == version:
            return candidate
    numbers = ", ".join(str(v.version) for v in versions)
    raise PlanNotFoundError(f"Plan {name!r} has no version {version} (versions: {numbers}).")


def stored_scenario(plan: PlanVersion) -> Scenario:
    return parse_scenario(plan.scenario, f"the scenario stored with plan {plan.name!r}")


def plan_points(session: Session, plan: PlanVersion) -> pd.DataFrame:
    query = select(
        PlanPoint.level,
        PlanPoint.area,
        PlanPoint.staff_group,
        PlanPoint.month,
        PlanPoint.heads,
        PlanPoint.fte_p10,
        PlanPoint.fte_p50,
        PlanPoint.fte_p90,
        PlanPoint.demand_fte,
    ).where(PlanPoint.plan_version_id == plan.id)
    return pd.DataFrame(session.execute(query).all(), columns=list(query.selected_columns.keys()))


def _actual(tables: Tables, level: str, start: str) -> pd.DataFrame:
    """Staff in post FTE and establishment by area and staff group (and all groups)."""
    frames = []
    for by in ([level, "staff_group"], [level]):
        parts = {}
        for metric in ("staff_in_post_fte", "establishment"):
            try:
                parts[metric] = compute_metric(tables, metric, by, start)
            except NoDataError:
                parts[metric] = pd.DataFrame(columns=[*by, "month", "value"])
        fte = parts["staff_in_post_fte"][[*by, "month", "value"]].rename(
            columns={"value": "actual_fte"}
        )
        est = parts["establishment"][[*by, "month", "value"]].rename(
            columns={"value": "actual_establishment"}
        )
        both = fte.merge(est, on=[*by, "month"], how="outer")
        if "staff_group" not in by:
            both["staff_group"] = ALL_GROUPS
        frames.append(both.rename(columns={level: "area"}))
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"area": str, "staff_group": str})


def plan_vs_actual(
    session: Session, tables: Tables, name: str, version: int | None = None, level: str = "system"
) -> pd.DataFrame:
    """Month by month since the plan's base: the plan's expected supply (P50, with its
    P10-P90 band) and demand against the actual staff in post FTE and establishment, for
    every area of ``level`` by staff group and all groups together."""
    if level not in ("org", "place", "sector", "system"):
        raise OneWorkforceError(f"Unknown level {level!r}: use org, place, sector or system.")
    plan = get_plan(session, name, version)
    points = plan_points(session, plan)
    points = points[points["level"] == level]
    first = points["month"].min() if not points.empty else None
    if first is None:
        return pd.DataFrame()
    actual = _actual(tables, level, first)
    frame = points.merge(actual, on=["area", "staff_group", "month"], how="inner")
    frame = frame.dropna(subset=["actual_fte"])
    frame["difference_fte"] = frame["actual_fte"] - frame["fte_p50"]
    frame["difference_percent"] = (
        frame["difference_fte"] / frame["fte_p50"].where(frame["fte_p50"] > 0) * 100
    )
    frame["within_band"] = (frame["actual_fte"] >= frame["fte_p10"]) & (
        frame["actual_fte"] <= frame["fte_p90"]
    )
    frame.insert(0, "version", plan.version)
    frame.insert(0, "plan", plan.name)
    return frame.sort_values(["area", "staff_group", "month"]).reset_index(drop=True)


def refresh_plan(
    session: Session, tables: Tables, name: str, *, actor: str, runs: int | None = None
) -> PlanVersion:
    """Run the latest version's scenario again from the latest data and adopt the result as
    the plan's next version (the yearly refresh)."""
    from oneworkforce.planning.run import run_scenario

    plan = get_plan(session, name)
    scenario = stored_scenario(plan).model_copy(update={"base_month": None})
    result = run_scenario(tables, scenario, runs=runs)
    return adopt_plan(
        session, name, result, actor=actor, notes=f"Refresh of version {plan.version}."
    )
