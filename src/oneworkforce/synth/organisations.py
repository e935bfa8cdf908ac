"""The fictional ICS: its places, partner organisations and their staff mix.

Codes start with ``SYN`` so they cannot be mistaken for real ODS codes; the ICB code ``QZZ``
is not issued. Shares follow the shape of a real ICS: acute trusts are the biggest
employers, and primary care, social care and the voluntary sector share less detail.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

ICS_CODE = "QZZ"
ICS_NAME = "Riverford and Wealdshire Integrated Care System"
REGION = "South East"
PLACES = ("Riverford", "Ashcombe", "Wealdshire North", "Wealdshire South")
TRUST_SECTORS = ("acute", "community", "mental_health", "ambulance")
UNREGISTERED_ORG_CODES = ("SYNX9", "SYNZ8", "RXX99")  # for faults: valid format, not partners

_PERSONAL = (
    "date_of_birth",
    "nationality_group",
    "qualification_country_group",
    "trained_locally",
    "qualified_date",
)
_EQUALITY = ("sexual_orientation", "religion")


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    sector: str
    place: str
    share: float  # of the ICS headcount
    optional: tuple[str, ...]  # optional staff in post columns this partner sends
    parent: str | None = None

    @property
    def is_trust(self) -> bool:
        return self.sector in TRUST_SECTORS

    @property
    def sends_episodes(self) -> bool:
        """NHS trusts send sickness episodes from ESR; others share monthly totals."""
        return self.is_trust

    @property
    def reports_pay_gap(self) -> bool:
        """Employers of 250+ staff report a gender pay gap; practices in a PCN are smaller."""
        return self.sector != "primary_care"

    @property
    def runs_staff_survey(self) -> bool:
        return self.is_trust


_TRUST = (*_PERSONAL, "job_role", "department", "apprenticeship", "nhs_number")
_PCN = (*_PERSONAL, "job_role")

# fmt: off
ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("SYNA1", "Riverford University Hospitals NHS Foundation Trust", "acute",
                 "Riverford", 0.30, (*_TRUST, *_EQUALITY)),
    Organisation("SYNA2", "Ashcombe and Weald Hospitals NHS Trust", "acute", "Ashcombe", 0.20,
                 (*_TRUST, *_EQUALITY)),
    Organisation("SYNC1", "Wealdshire Community Health NHS Trust", "community",
                 "Wealdshire North", 0.09, _TRUST),
    Organisation("SYNM1", "Riverford and Wealdshire Partnership NHS Foundation Trust",
                 "mental_health", "Riverford", 0.10, (*_TRUST, *_EQUALITY)),
    Organisation("SYNB1", "Downs and Vale Ambulance Service NHS Trust", "ambulance",
                 "Wealdshire South", 0.06, tuple(c for c in _TRUST if c != "nhs_number")),
    Organisation("SYNP1", "Riverford Central Primary Care Network", "primary_care", "Riverford",
                 0.04, _PCN, parent=ICS_CODE),
    Organisation("SYNP2", "Ashcombe Rural Primary Care Network", "primary_care", "Ashcombe",
                 0.035, _PCN, parent=ICS_CODE),
    Organisation("SYNP3", "Weald Valley Primary Care Network", "primary_care",
                 "Wealdshire South", 0.03, _PCN, parent=ICS_CODE),
    Organisation("SYNS1", "Wealdshire County Council Adult Social Care", "local_authority",
                 "Wealdshire North", 0.045, ("age_band", "nationality_group", "job_role")),
    Organisation("SYNS2", "Vale Homecare and Residential Services Ltd", "social_care",
                 "Ashcombe", 0.07, ("date_of_birth", "nationality_group", "job_role",
                                    "department")),
    Organisation("SYNV1", "Riverford Community Action", "vcse", "Riverford", 0.03,
                 ("age_band", "job_role")),
)

# Headcount share of each staff group by sector (NHS Workforce Statistics, NWRS, Skills for Care).
SECTOR_MIX: dict[str, dict[str, float]] = {
    "acute": {"medical": 14, "nursing": 26, "midwifery": 3, "ahp": 6, "healthcare_science": 3,
              "other_stt": 4, "support_clinical": 22, "infrastructure": 22},
    "community": {"medical": 3, "nursing": 30, "ahp": 16, "healthcare_science": 1,
                  "other_stt": 4, "support_clinical": 20, "infrastructure": 26},
    "mental_health": {"medical": 7, "nursing": 28, "ahp": 5, "other_stt": 14,
                      "support_clinical": 24, "infrastructure": 22},
    "ambulance": {"ambulance": 62, "support_clinical": 10, "infrastructure": 25, "nursing": 2,
                  "medical": 1},
    "primary_care": {"gp": 22, "primary_care_nurse": 12, "primary_care_dpc": 18,
                     "primary_care_admin": 48},
    "local_authority": {"social_care_direct": 45, "social_care_professional": 25,
                        "social_care_manager": 10, "social_care_other": 20},
    "social_care": {"social_care_direct": 74, "social_care_professional": 4,
                    "social_care_manager": 8, "social_care_other": 14},
    "vcse": {"other": 50, "social_care_direct": 30, "social_care_manager": 10,
             "social_care_other": 10},
}

# Staff group a mover takes in a partner of another sector (None: such moves do not happen).
_NHS_TO = {"primary_care": "primary_care_nurse", "local_authority": "social_care_professional",
           "social_care": "social_care_professional", "vcse": None}
_TO_TRUST = ("acute", "community", "mental_health")
MOVE_GROUP: dict[str, dict[str, str | None]] = {
    "nursing": _NHS_TO,
    "support_clinical": {"primary_care": "primary_care_dpc", "local_authority": "social_care_direct",
                         "social_care": "social_care_direct", "vcse": "social_care_direct"},
    "infrastructure": {"primary_care": "primary_care_admin", "local_authority": "social_care_other",
                       "social_care": "social_care_other", "vcse": "other"},
    "ahp": {"primary_care": "primary_care_dpc", "local_authority": "social_care_professional"},
    "medical": {"primary_care": "gp"},
    "social_care_direct": {**{s: "support_clinical" for s in _TO_TRUST},
                           "primary_care": "primary_care_dpc", "vcse": "social_care_direct"},
    "primary_care_nurse": {s: "nursing" for s in _TO_TRUST},
    "primary_care_admin": {s: "infrastructure" for s in _TO_TRUST},
}
# fmt: on


def organisations_table() -> pa.Table:
    """The organisations extract."""
    orgs = ORGANISATIONS
    return pa.table(
        {
            "org_code": [o.code for o in orgs],
            "name": [o.name for o in orgs],
            "sector": [o.sector for o in orgs],
            "place": [o.place for o in orgs],
            "ics_code": [ICS_CODE] * len(orgs),
            "ics_name": [ICS_NAME] * len(orgs),
            "parent_org_code": [o.parent for o in orgs],
            "region": [REGION] * len(orgs),
        }
    )


def group_in_sector(group: str, sector: str, own_sector: str) -> str | None:
    """The staff group a mover from ``own_sector`` takes in ``sector`` (None: no such move)."""
    if group in SECTOR_MIX[sector]:
        return group
    if own_sector in TRUST_SECTORS and sector in TRUST_SECTORS:
        return None
    return MOVE_GROUP.get(group, {}).get(sector)
