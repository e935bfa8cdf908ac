"""A realistic NHS Sickness Absence Rates file, in the publication's own format."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HEADER = [
    "DATE",
    "NHSE_REGION_CODE",
    "NHSE_REGION_NAME",
    "ICS_CODE",
    "ICS_NAME",
    "ORG_CODE",
    "ORG_NAME",
    "ORG_TYPE",
    "FTE_DAYS_LOST",
    "FTE_DAYS_AVAILABLE",
    "SICKNESS_ABSENCE_RATE_PERCENT",
]


@dataclass(frozen=True)
class Org:
    code: str
    name: str
    org_type: str
    ics_code: str
    ics_name: str
    region_code: str
    region_name: str
    sector: str


LONDON = ("Y56", "London")
MIDLANDS = ("Y60", "Midlands")
EAST = ("Y61", "East of England")
NCL = ("QMJ", "NHS North Central London Integrated Care Board")
SEL = ("QKK", "NHS South East London Integrated Care Board")
DERBY = ("QJ2", "NHS Derby and Derbyshire Integrated Care Board")
COVENTRY = ("QWU", "NHS Coventry and Warwickshire Integrated Care Board")
CAMBS = ("QUE", "NHS Cambridgeshire and Peterborough Integrated Care Board")

ORGS = [
    Org(
        "RAL", "Royal Free London NHS Foundation Trust", "Acute - Teaching", *NCL, *LONDON, "acute"
    ),
    Org(
        "RRP",
        "Barnet, Enfield and Haringey Mental Health NHS Trust",
        "Mental Health and Learning Disability",
        *NCL,
        *LONDON,
        "mental_health",
    ),
    Org(
        "RJ1",
        "Guy’s and St Thomas’ NHS Foundation Trust",
        "Acute - Teaching",
        *SEL,
        *LONDON,
        "acute",
    ),
    Org(
        "RV5",
        "South London and Maudsley NHS Foundation Trust",
        "Mental Health and Learning Disability",
        *SEL,
        *LONDON,
        "mental_health",
    ),
    Org(
        "RTG",
        "University Hospitals of Derby and Burton NHS Foundation Trust",
        "Acute - Large",
        *DERBY,
        *MIDLANDS,
        "acute",
    ),
    Org(
        "RXM",
        "Derbyshire Healthcare NHS Foundation Trust",
        "Mental Health and Learning Disability",
        *DERBY,
        *MIDLANDS,
        "mental_health",
    ),
    Org(
        "RY8",
        "Derbyshire Community Health Services NHS Foundation Trust",
        "Community Provider Trust",
        *DERBY,
        *MIDLANDS,
        "community",
    ),
    Org(
        "RX9",
        "East Midlands Ambulance Service NHS Trust",
        "Ambulance",
        *DERBY,
        *MIDLANDS,
        "ambulance",
    ),
    Org(
        "RKB",
        "University Hospitals Coventry and Warwickshire NHS Trust",
        "Acute - Teaching",
        *COVENTRY,
        *MIDLANDS,
        "acute",
    ),
    Org(
        "RGT",
        "Cambridge University Hospitals NHS Foundation Trust",
        "Acute - Teaching",
        *CAMBS,
        *EAST,
        "acute",
    ),
    Org(
        "RYV",
        "Cambridgeshire Community Services NHS Trust",
        "Community Provider Trust",
        *CAMBS,
        *EAST,
        "community",
    ),
]
BY_CODE = {o.code: o for o in ORGS}
# A national body: no ICS, and small enough that some months are suppressed.
NATIONAL = Org(
    "T1460",
    "NHS Business Services Authority",
    "Special Health Authority",
    "",
    "",
    "",
    "",
    "other",
)
# The same months written the three ways the publication and its users write them.
MONTHS = {"2024-03": "2024-03-31", "2024-04": "30/04/2024", "2024-05": "2024-05"}


def rate(lost: float, available: float) -> float:
    """The publication's rate: round(lost / available x 100, 2)."""
    return round(lost / available * 100, 2)


def row(org: Org, month: str, lost: float | None, available: float | None, rate_text=None):
    published = "" if lost is None or available is None else str(rate(lost, available))
    return [
        MONTHS.get(month, month),
        org.region_code,
        org.region_name,
        org.ics_code,
        org.ics_name,
        org.code,
        org.name,
        org.org_type,
        "" if lost is None else str(lost),
        "" if available is None else str(available),
        published if rate_text is None else rate_text,
    ]


def figures(org: Org, month: str) -> tuple[float, float]:
    """Plausible FTE days for an organisation and month (3 to 7 % sickness absence)."""
    size = 20_000 + 7_919 * (sum(map(ord, org.code)) % 29)
    available = round(size * (1 + int(month[-2:]) / 100), 2)
    share = 0.03 + ((sum(map(ord, org.code + month)) % 40) / 1000)
    return round(available * share, 2), available


def good_rows() -> list[list[str]]:
    rows = [row(o, m, *figures(o, m)) for m in MONTHS for o in ORGS]
    rows.append(row(NATIONAL, "2024-03", 21.5, 1510.0))
    rows.append(row(NATIONAL, "2024-04", None, None))  # suppressed: 330 or fewer days
    return rows


@dataclass
class Fixture:
    path: Path
    rows: list[list[str]]  # data rows as written (malformed ones too)
    loadable: list[list[str]]  # the rows that must load


def write(path: Path, rows: list[list[str]], *, encoding: str = "utf-8", extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
        handle.write(extra)
    return path


def publication(path: Path, *, encoding: str = "utf-8") -> Fixture:
    """Three months of eleven trusts in five ICSs and three regions, plus a national body,
    a suppressed row, a rate that does not match its days and a malformed line."""
    good = good_rows()
    bad = [
        row(BY_CODE["RGT"], "2024-06", 9000.0, 250000.0, rate_text="4.99"),  # rate mismatch
        row(BY_CODE["RYV"], "2024-06", 5000.0, 4000.0),  # more lost than available
    ]
    write(path, good + bad, encoding=encoding, extra="2024-06-30,Y61,East of England\r\n")
    loadable = [r for r in good if r[8]]
    return Fixture(path, [*good, *bad, ["malformed"]], loadable)
