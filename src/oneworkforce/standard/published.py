"""Extracts for published national statistics, kept apart from the partners' own data.

NHS England's monthly NHS Sickness Absence Rates cover every NHS trust and other body on
ESR, including the ICS's own trusts. Loaded into the partner tables they would be counted
twice and would replace partners' own returns, so they have their own register of
organisations (``published_organisations``) and their own figures
(``published_sickness_absence``), checked and loaded by the same loader as any extract.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from oneworkforce.standard import codes as C
from oneworkforce.standard.model import Column, Extract, RowRule
from oneworkforce.standard.types import Check, Code, Decimal, Month, OrgCode, Text

# The publication leaves out organisations with this many FTE days available or fewer.
SUPPRESSED_AT_MOST = 330
# A published rate is 100 x lost / available rounded to 2 decimal places, so it lies within
# half a hundredth of the rate worked out from the published days (ties either way); the
# slack covers binary floating point only.
RATE_TOLERANCE = 0.005 + 1e-9


@dataclass(frozen=True)
class PublishedOrgCode(OrgCode):
    """An ODS code registered in ``published_organisations`` (not the partner register).

    A rule of its own (``org_code.published``) rather than ``org_code.registered``, so that
    nobody is told to load the partners' organisations extract for a national file.
    """

    registered: bool = False

    def checks(self, raw: str, parsed: str) -> list[Check]:
        return [
            *super().checks(raw, parsed),
            Check(
                "published",
                f"{parsed} IN (SELECT org_code FROM published_organisations)",
                "organisation not in published_organisations (import the whole publication "
                "with `oneworkforce published load`)",
            ),
        ]

    def describe(self) -> str:
        return "ODS code registered in `published_organisations`"


_AREA_CODE = "[A-Z0-9]{3,9}"

# The organisation's attributes as published: stored in ``published_organisations``, and
# read (checked, not stored) with the figures, which arrive in the same file.
NAME = Column("name", Text(200), True, "Organisation name.", ("org_name", "organisation_name"))
ORG_TYPE = Column(
    "org_type",
    Text(100),
    False,
    "Organisation type as published (e.g. `Acute - Teaching`).",
    ("organisation_type",),
)
REGION_CODE = Column(
    "region_code",
    Text(10, pattern=_AREA_CODE, pattern_help="NHS England region code", upper=True),
    False,
    "NHS England region code (e.g. Y60).",
    ("nhse_region_code",),
)
REGION_NAME = Column("region_name", Text(200), False, "NHS England region.", ("nhse_region_name",))
ICS_CODE = Column(
    "ics_code",
    Text(10, pattern=_AREA_CODE, pattern_help="ODS or ONS code of the ICB", upper=True),
    False,
    "Code of the integrated care system (empty for national bodies).",
    ("icb_code",),
)
ICS_NAME = Column(
    "ics_name", Text(200), False, "Name of the integrated care system.", ("icb_name",)
)

PUBLISHED_ORGANISATIONS = Extract(
    name="published_organisations",
    version="1.0",
    title="Published organisations",
    description="Organisations named in national publications (every NHS trust and other "
    "body in England, with its ICS and NHS England region), kept apart from the partner "
    "register so that national figures never mix with the partners' own. Filled by "
    "`oneworkforce published load`.",
    columns=(
        Column("org_code", OrgCode(registered=False), True, "ODS code.", ("ods_code",)),
        NAME,
        ORG_TYPE,
        Column("sector", Code(C.SECTOR), True, "Sector, mapped from the published type."),
        REGION_CODE,
        REGION_NAME,
        ICS_CODE,
        ICS_NAME,
    ),
    scope=("org_code",),
    unique=("org_code",),
    person_level=False,
    notes=(
        "Attributes are those of the latest month in the file that was loaded: a trust that "
        "moved between ICSs is counted in its latest ICS for every month.",
    ),
)


def _read_only(column: Column, name: str | None = None) -> Column:
    """The column as it comes with the figures: optional, checked, then discarded."""
    name = name or column.name
    return replace(
        column,
        name=name,
        required=False,
        description=column.description + " Checked here, kept in `published_organisations`.",
        aliases=tuple(a for a in (column.name, *column.aliases) if a not in (name, "name")),
        stored=False,
    )


PUBLISHED_SICKNESS_ABSENCE = Extract(
    name="published_sickness_absence",
    version="1.0",
    title="Published sickness absence",
    description="NHS England's published FTE days lost and available and sickness absence "
    "rate by organisation and month (NHS Sickness Absence Rates), loaded as published so "
    "that an ICS can compare itself with other ICSs and England.",
    columns=(
        Column(
            "org_code",
            PublishedOrgCode(),
            True,
            "ODS code of the organisation.",
            ("organisation_code", "ods_code"),
        ),
        Column("period", Month(), True, "Month.", ("date", "month")),
        _read_only(NAME, "org_name"),
        _read_only(ORG_TYPE),
        _read_only(REGION_CODE),
        _read_only(REGION_NAME),
        _read_only(ICS_CODE),
        _read_only(ICS_NAME),
        Column(
            "fte_days_lost",
            Decimal(0),
            False,
            "FTE days lost to sickness (empty where the publication suppresses the row).",
            ("fte_days_sick",),
        ),
        Column(
            "fte_days_available",
            Decimal(0, exclusive_minimum=True),
            False,
            "FTE days available (empty where the publication suppresses the row).",
        ),
        Column(
            "published_rate",
            Decimal(0, 100),
            False,
            "Sickness absence rate as published, in percent.",
            ("sickness_absence_rate_percent", "sickness_absence_rate"),
        ),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "period"),
    period_column="period",
    person_level=False,
    row_rules=(
        RowRule(
            "fte_days_available.suppressed",
            "fte_days_lost IS NOT NULL AND fte_days_available IS NOT NULL",
            f"no FTE days given: the publication suppresses organisations with "
            f"{SUPPRESSED_AT_MOST} or fewer FTE days available",
            "fte_days_available",
        ),
        RowRule(
            "fte_days_lost.within_available",
            "fte_days_lost <= fte_days_available",
            "more days lost than available",
            "fte_days_lost",
        ),
        RowRule(
            "published_rate.matches_days",
            "abs(fte_days_lost / NULLIF(fte_days_available, 0) * 100 - published_rate) "
            f"<= {RATE_TOLERANCE!r}",
            "the published rate is not 100 x FTE days lost / FTE days available rounded to "
            "2 decimal places",
            "published_rate",
        ),
    ),
    notes=(
        "Loaded rows carry both FTE day counts, so the sickness absence rate can be "
        "recomputed and re-aggregated (ICS, region, England) as sums of days.",
    ),
)
