"""Dimensions a metric can be sliced by, and the frames that carry them.

A frame is an extract's rows joined to the organisation register, with every dimension as a
column of the same name, so that a metric groups by any combination without knowing where
a dimension comes from.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.model import MetricError, Tables

DIMENSIONS: dict[str, str] = {
    "system": "The whole integrated care system (ICB code)",
    "place": "Place within the system, from the organisations extract",
    "org": "Organisation (ODS code)",
    "sector": "Sector of the organisation",
    "staff_group": "Staff group",
    "occupation": "NHS occupation code",
    "band": "Agenda for Change band, VSM or medical grade",
    "age_band": "Age band at the snapshot",
    "gender": "Person stated gender code",
    "ethnic_category": "NHS Data Dictionary ethnic category",
    "disability": "Declared disability",
    "contract_type": "Permanent, fixed term or bank",
}

ORGANISATION_DIMENSIONS = frozenset({"system", "place", "org", "sector"})
WORKFORCE_DIMENSIONS = frozenset(DIMENSIONS)
ESTABLISHMENT_DIMENSIONS = ORGANISATION_DIMENSIONS | {"staff_group", "band"}


def with_organisation(table: ibis.Table, tables: Tables) -> ibis.Table:
    orgs = tables["organisations"].select(
        org_code="org_code", system="ics_code", place="place", sector="sector"
    )
    joined = table.join(orgs, "org_code", how="left")
    return joined.mutate(org=joined.org_code)


def workforce_frame(tables: Tables) -> ibis.Table:
    """Staff in post assignments with every workforce dimension."""
    sip = tables["staff_in_post"]
    frame = with_organisation(sip, tables)
    return frame.mutate(occupation=frame.occupation_code, age_band=frame.age_band_at_snapshot)


def establishment_frame(tables: Tables) -> ibis.Table:
    return with_organisation(tables["establishment"], tables)


def check_dimensions(by: list[str], allowed: frozenset[str], metric_id: str) -> None:
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise MetricError(
            f"Unknown dimension {', '.join(unknown)}. Dimensions: {', '.join(DIMENSIONS)}."
        )
    unsupported = [d for d in by if d not in allowed]
    if unsupported:
        raise MetricError(
            f"{metric_id} cannot be split by {', '.join(unsupported)}; it can be split by "
            f"{', '.join(sorted(allowed))}."
        )
    if len(set(by)) != len(by):
        raise MetricError("Each dimension may be given once.")
