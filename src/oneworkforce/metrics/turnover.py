"""Leaver rates and stability, found by comparing snapshots 12 months apart.

Source: NHS England, NHS Workforce Statistics turnover methodology: leavers are people in a
snapshot who are not in the snapshot 12 months later; the leaver rate divides them by the
mean of the headcounts at the start and end of the period (NHS Scotland divides by the start
only: not used here). Stability index = people present at the start who are still present at
the end / people at the start.

Three scopes, as the NHS publishes them and an ICS needs them:

- organisation: leaving the organisation (a move to another partner counts);
- staff group: leaving the staff group anywhere in the system (a move between groups counts);
- system: leaving every partner of the ICS (moves between partners are not system leavers).

Leavers and the start headcount are grouped by the person's characteristics at the start;
the end headcount by those at the end.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import WORKFORCE_DIMENSIONS, workforce_frame
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result, total_result
from oneworkforce.metrics.shared import reuse
from oneworkforce.metrics.workforce import WORKFORCE_STATISTICS

SCOPES = {"organisation": ["org_code"], "staff_group": ["staff_group"], "system": []}
WINDOW = 12


def _flows(tables: Tables, by: list[str], scope: str) -> ibis.Table:
    """Per slice and end month: people at the start, leavers among them, people at the end.

    Shared by the leaver rate, the stability index and the leaver count of a scope.
    """
    return reuse(tables, ("flows", scope, tuple(by)), lambda: _compare_snapshots(tables, by, scope))


def _compare_snapshots(tables: Tables, by: list[str], scope: str) -> ibis.Table:
    """One left join marks each start row as staying or not; people are then counted once
    per slice in two plain aggregations (one row per person and slice, then a count), which
    engines do much faster than distinct counts with conditions.
    """
    key = SCOPES[scope]
    frame = workforce_frame(tables)
    snapshots = frame.select("org_code", "month_index").distinct()
    # Only organisations with both snapshots count: without the end snapshot everyone would
    # look like a leaver, and without the start one everyone at the end would look new.
    columns = list(dict.fromkeys(["person_id", "org_code", *key, *by]))
    start = frame.select(*columns, end_month=frame.month_index + WINDOW)
    start = start.join(
        snapshots.rename(end_month="month_index"), ["org_code", "end_month"], how="semi"
    )
    present_at_end = frame.select(
        "person_id", *key, end_month=frame.month_index, present=ibis.literal(True)
    ).distinct()
    marked = start.join(present_at_end, ["person_id", *key, "end_month"], how="left")
    stays = marked.present.notnull()

    keys = [*by, "end_month"]
    # A person with several start rows in a slice leaves it if any row leaves, and stays in
    # it if any row stays (as distinct counts would have it).
    people = marked.group_by([*keys, "person_id"]).aggregate(
        leaves=(~stays).any(), stays=stays.any()
    )
    starts = people.group_by(keys).aggregate(
        at_start=people.count(),
        leavers=people.leaves.sum(),
        stayers=people.stays.sum(),
    )
    ends = _ends(tables, by, scope).rename(end_month="month_index")
    out = starts.join(ends, keys, how="left")
    return out.select(
        *by,
        month_index=out.end_month,
        at_start=out.at_start.cast("float64"),
        leavers=out.leavers.cast("float64"),
        stayers=out.stayers.cast("float64"),
        at_end=out.at_end.fill_null(0).cast("float64"),
    )


def _ends(tables: Tables, by: list[str], scope: str) -> ibis.Table:
    """Per slice and month: people in post, and joiners among them (people not in post in
    the scope 12 months earlier); only organisations whose snapshot 12 months earlier
    exists. Grouped by the person's characteristics now.

    Shared by the joiner count and the end headcount of the leaver rate of a scope.
    """
    return reuse(tables, ("ends", scope, tuple(by)), lambda: _mark_joiners(tables, by, scope))


def _mark_joiners(tables: Tables, by: list[str], scope: str) -> ibis.Table:
    key = SCOPES[scope]
    frame = workforce_frame(tables)
    starts = frame.select("org_code", month_index=frame.month_index + WINDOW).distinct()
    end = frame.join(starts, ["org_code", "month_index"], how="semi")
    present_at_start = frame.select(
        "person_id", *key, month_index=frame.month_index + WINDOW, was_present=ibis.literal(True)
    ).distinct()
    columns = list(dict.fromkeys(["person_id", "month_index", *key, *by]))
    marked = end.select(*columns).join(
        present_at_start, ["person_id", *key, "month_index"], how="left"
    )
    keys = [*by, "month_index"]
    # A person with several rows in a slice joined it if any row is new to the scope.
    people = marked.group_by([*keys, "person_id"]).aggregate(
        joins=marked.was_present.isnull().any()
    )
    return people.group_by(keys).aggregate(
        at_end=people.count().cast("float64"), joiners=people.joins.sum().cast("float64")
    )


def _joiners(tables: Tables, by: list[str], scope: str) -> ibis.Table:
    """People in post now who were not in post (in the scope) 12 months earlier."""
    ends = _ends(tables, by, scope)
    return ends.select(*by, "month_index", "joiners")


def _joiner_count(scope: str):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        t = _joiners(tables, by, scope)
        return total_result(t, by, t.joiners)

    return compute


def _leaver_count(scope: str):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        t = _flows(tables, by, scope)
        return total_result(t, by, t.leavers)

    return compute


def _leaver_rate(scope: str):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        t = _flows(tables, by, scope)
        mean = (t.at_start + t.at_end) / 2
        return ratio_result(t, by, t.leavers, mean)

    return compute


def _stability(scope: str):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        t = _flows(tables, by, scope)
        return ratio_result(t, by, t.stayers, t.at_start)

    return compute


_JOIN_TEXT = {
    "organisation": "joined the organisation (including moves from another partner)",
    "staff_group": "joined the staff group (including moves from another group in the system)",
    "system": "joined the system from outside every partner",
}

_SCOPE_TEXT = {
    "organisation": "left the organisation (including moves to another partner)",
    "staff_group": "left the staff group (including moves to another group in the system)",
    "system": "left every partner of the system",
}

METRICS = (
    tuple(
        Metric(
            f"leaver_rate_{scope}",
            f"Leaver rate ({scope.replace('_', ' ')})",
            f"People in post 12 months earlier who have {_SCOPE_TEXT[scope]}, as a share of the "
            "mean of the headcounts at the start and end of the 12 months.",
            "leavers / ((headcount 12 months earlier + headcount now) / 2) x 100",
            WORKFORCE_STATISTICS,
            "percent",
            "down",
            "leavers in the 12 months",
            "mean headcount",
            WORKFORCE_DIMENSIONS,
            _leaver_rate(scope),
            "Needs the organisation's snapshots at both ends; people who leave and return within the 12 months are not "
            "leavers. Slices use the person's characteristics at the start.",
        )
        for scope in SCOPES
    )
    + tuple(
        Metric(
            f"stability_{scope}",
            f"Stability index ({scope.replace('_', ' ')})",
            "People in post 12 months earlier who are still in post (in the same "
            f"{'organisation' if scope == 'organisation' else scope.replace('_', ' ')}), as a "
            "share of those in post 12 months earlier.",
            "stayers / headcount 12 months earlier x 100",
            WORKFORCE_STATISTICS,
            "percent",
            "up",
            "stayers",
            "headcount 12 months earlier",
            WORKFORCE_DIMENSIONS,
            _stability(scope),
            "Needs the organisation's snapshots at both ends.",
        )
        for scope in SCOPES
    )
    + tuple(
        Metric(
            f"leavers_{scope}",
            f"Leavers ({scope.replace('_', ' ')})",
            f"People in post 12 months earlier who have {_SCOPE_TEXT[scope]}.",
            "count of people in the snapshot 12 months earlier and not in this one (in the scope)",
            WORKFORCE_STATISTICS,
            "count",
            "down",
            "leavers in the 12 months",
            None,
            WORKFORCE_DIMENSIONS,
            _leaver_count(scope),
            "Needs the organisation's snapshots at both ends; people who leave and return within the 12 months are not "
            "leavers. Slices use the person's characteristics at the start.",
        )
        for scope in SCOPES
    )
    + tuple(
        Metric(
            f"joiners_{scope}",
            f"Joiners ({scope.replace('_', ' ')})",
            f"People in post now who were not in post 12 months earlier: they {_JOIN_TEXT[scope]}.",
            "count of people in this snapshot and not in the one 12 months earlier (in the scope)",
            WORKFORCE_STATISTICS,
            "count",
            "neutral",
            "joiners in the 12 months",
            None,
            WORKFORCE_DIMENSIONS,
            _joiner_count(scope),
            "Needs the organisation's snapshots at both ends; people who leave and return within the 12 months are not "
            "joiners. Slices use the person's characteristics now.",
        )
        for scope in SCOPES
    )
)
