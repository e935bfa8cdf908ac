"""Dimensions a metric can be sliced by, and the frames that carry them.

A frame is an extract's rows joined to the organisation register, with every dimension as a
column of the same name, so that a metric groups by any combination without knowing where
a dimension comes from.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.calendar import month_index_of
from oneworkforce.metrics.model import MetricError, Tables
from oneworkforce.metrics.shared import reuse

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
    "ethnic_group": "White, Black and minority ethnic (BME), or not stated (as WRES groups them)",
    "disability": "Declared disability",
    "contract_type": "Permanent, fixed term or bank",
    "service_band": "Completed length of service in the organisation at the snapshot",
    "absence_reason": "Sickness absence reason (ESR S10 to S99)",
    "training_subject": "Core Skills Training Framework subject",
    "census_ethnic_group": "Census 2021 ethnic group (five groups), for comparison with residents",
    "census_sex": "Sex, for comparison with residents",
    "census_age_band": "Ten-year age band, for comparison with residents",
    "pay_quartile": "Quarter of full-pay relevant employees ranked by hourly pay (lower to upper)",
    "survey_theme": "NHS Staff Survey People Promise element (the seven elements, 0-10 scores)",
    "clinical": "Non-clinical, clinical (not medical) or medical and dental staff, from the staff "
    "group (as WRES indicator 1 splits the workforce)",
    "wdes_cluster": "WDES metric 1 cluster of bands: AfC 1-4, 5-7, 8a-8b, 8c-9 and VSM, "
    "consultants, non-consultant career grades, trainee grades (other: neither)",
}

ORGANISATION_DIMENSIONS = frozenset({"system", "place", "org", "sector"})
# Dimensions that only some metrics define (their own rows, not columns of staff in post).
METRIC_SPECIFIC_DIMENSIONS = frozenset(
    {
        "absence_reason",
        "training_subject",
        "census_ethnic_group",
        "census_sex",
        "census_age_band",
        "pay_quartile",
        "survey_theme",
    }
)
WORKFORCE_DIMENSIONS = frozenset(DIMENSIONS) - METRIC_SPECIFIC_DIMENSIONS
ESTABLISHMENT_DIMENSIONS = ORGANISATION_DIMENSIONS | {"staff_group", "band"}


def with_organisation(table: ibis.Table, tables: Tables) -> ibis.Table:
    orgs = tables["organisations"].select(
        org_code="org_code", system="ics_code", place="place", sector="sector"
    )
    joined = table.join(orgs, "org_code", how="left")
    return joined.mutate(org=joined.org_code)


WHITE = ("A", "B", "C")
NOT_STATED = ("Z", "99")
# Completed months of service: (lowest, label), checked from the top.
SERVICE_BANDS = ((240, "20_plus"), (120, "10_20"), (60, "5_10"), (24, "2_5"), (12, "1_2"))


def ethnic_group(category) -> ibis.Value:
    """White (A-C), BME (D-S) or not stated (Z, 99 or empty), as the WRES groups them."""
    return ibis.cases(
        (category.isin(WHITE), "white"),
        (category.isnull() | category.isin(NOT_STATED), "not_stated"),
        else_="bme",
    )


# WRES indicator 1 and WDES metric 1: administrative, clerical, estates and ancillary staff
# are non-clinical; doctors and dentists (and GPs) are medical and dental.
NON_CLINICAL_GROUPS = (
    "infrastructure",
    "primary_care_admin",
    "social_care_manager",
    "social_care_other",
    "other",
)
MEDICAL_GROUPS = ("medical", "gp")
# WDES metric 1 clusters, by band or medical grade (NHS England, WDES technical guidance).
WDES_CLUSTERS = (
    ("cluster_1", ("band_1", "band_2", "band_3", "band_4")),
    ("cluster_2", ("band_5", "band_6", "band_7")),
    ("cluster_3", ("band_8a", "band_8b")),
    ("cluster_4", ("band_8c", "band_8d", "band_9", "vsm")),
    ("cluster_5", ("consultant",)),
    ("cluster_6", ("specialty_doctor", "specialist", "associate_specialist")),
    ("cluster_7", ("specialty_registrar", "core_training", "foundation_2", "foundation_1")),
)


def clinical_group(staff_group) -> ibis.Value:
    """non_clinical, medical_dental or clinical (every other group), from the staff group."""
    return ibis.cases(
        (staff_group.isin(NON_CLINICAL_GROUPS), "non_clinical"),
        (staff_group.isin(MEDICAL_GROUPS), "medical_dental"),
        (staff_group.isnull(), ibis.null("string")),
        else_="clinical",
    )


def wdes_cluster(band) -> ibis.Value:
    """The WDES metric 1 cluster of a band or grade; ``other`` for non-AfC and other grades."""
    return ibis.cases(
        *((band.isin(bands), cluster) for cluster, bands in WDES_CLUSTERS),
        (band.isnull(), ibis.null("string")),
        else_="other",
    )


def service_band(months_of_service) -> ibis.Value:
    return ibis.cases(
        *((months_of_service >= low, label) for low, label in SERVICE_BANDS), else_="under_1"
    )


# The staff in post columns metrics read (identifiers, cost centres and the like are left
# behind, so a pack's shared copy stays small); a new dimension's column goes here too.
WORKFORCE_COLUMNS = (
    "person_id",
    "org_code",
    "month_index",
    "staff_group",
    "occupation_code",
    "band",
    "fte",
    "contract_type",
    "start_date",
    "age_band_at_snapshot",
    "gender",
    "ethnic_category",
    "disability",
    "qualification_country_group",
    "trained_locally",
    "qualified_date",
    "apprenticeship",
)


def workforce_frame(tables: Tables) -> ibis.Table:
    """Staff in post assignments with every workforce dimension; materialised once in a
    pack, since most metrics start from it.

    ``service_months`` is completed months in the organisation, counted on month indexes so
    every engine gives the same answer.
    """
    return reuse(tables, ("workforce_frame",), lambda: _workforce_frame(tables))


def _workforce_frame(tables: Tables) -> ibis.Table:
    sip = tables["staff_in_post"].select(*WORKFORCE_COLUMNS)
    frame = with_organisation(sip, tables)
    frame = frame.mutate(service_months=frame.month_index - month_index_of(frame.start_date))
    return frame.mutate(
        occupation=frame.occupation_code,
        age_band=frame.age_band_at_snapshot,
        ethnic_group=ethnic_group(frame.ethnic_category),
        service_band=service_band(frame.service_months),
        clinical=clinical_group(frame.staff_group),
        wdes_cluster=wdes_cluster(frame.band),
    )


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
