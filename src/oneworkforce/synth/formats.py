"""How each partner writes its files: delimiter, encoding, headers, code wording, dates.

Real extracts differ: an ESR report uses "Employee Number" and "Nursing and Midwifery
Registered", a community trust's finance system writes semicolons, a care provider exports
Windows-1252 with CRLF line ends, a practice saves "CSV UTF-8" from Excel (with a BOM).
Every variation uses only names, aliases and date formats the data standard accepts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pyarrow as pa
import pyarrow.compute as pc

from oneworkforce.standard import codes as C
from oneworkforce.standard.model import Extract, normalise_header
from oneworkforce.standard.types import Code, Date


@dataclass(frozen=True)
class Style:
    name: str
    delimiter: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    line_end: str = "\n"
    date_format: str = "%Y-%m-%d"
    wording: str = "codes"  # codes | labels | esr
    headers: str = "standard"  # standard | title | esr
    quote_all: bool = False

    def describe(self) -> dict:
        return asdict(self)


STANDARD = Style("standard")
STYLES: dict[str, Style] = {
    "SYNA2": Style("esr", date_format="%d/%m/%Y", wording="esr", headers="esr"),
    "SYNC1": Style("semicolon", delimiter=";", quote_all=True),
    "SYNS2": Style(
        "windows",
        encoding="cp1252",
        line_end="\r\n",
        date_format="%d/%m/%Y",
        wording="labels",
        headers="title",
    ),
    "SYNP2": Style("excel_utf8", bom=True, line_end="\r\n"),
}

ESR_WORDING: dict[str, dict[str, str]] = {
    "staff_group": {
        "medical": "Medical and Dental",
        "nursing": "Nursing and Midwifery Registered",
        "midwifery": "Midwives",
        "ahp": "Allied Health Professionals",
        "healthcare_science": "Healthcare Scientists",
        "other_stt": "Additional Professional Scientific and Technical",
        "support_clinical": "Additional Clinical Services",
        "infrastructure": "Administrative and Clerical",
        "ambulance": "Ambulance Staff",
    },
    "ethnic_category": {c: f"{c} {label}" for c, label in C.ETHNIC_CATEGORY.labels.items()},
    "sickness_reason": {c: f"{c} {label}" for c, label in C.SICKNESS_REASON.labels.items()},
    "disability": {"not_declared": "Not Declared"},
    "contract_type": {"fixed_term": "Fixed Term Temp"},
    "origin_group": {
        "uk": "British",
        "eu_eea": "EU/EEA",
        "rest_of_world": "Non-EU",
        "unknown": "Not Known",
    },
}
ESR_HEADERS = {
    "person_id": "Employee Number",
    "assignment_id": "Assignment Number",
    "org_code": "Organisation Code",
    "snapshot_date": "Effective Date",
    "band": "Pay Band",
    "fte": "Contracted WTE",
    "contract_type": "Assignment Category",
    "start_date": "Latest Start Date",
    "ethnic_category": "Ethnic Origin",
    "disability": "Disability Flag",
    "nationality_group": "Nationality",
    "qualification_country_group": "Country of Qualification",
    "qualified_date": "Registration Date",
    "religion": "Religious Belief",
    "nhs_number": "NHS Number",
    "leaving_date": "Termination Date",
    "reason": "Leaving Reason",
    "destination": "Destination on Leaving",
    "subject": "Competence",
    "completed_date": "Completion Date",
    "period": "Month",
    "budgeted_fte": "Budgeted WTE",
    "vacancy_id": "Vacancy Reference",
    "applicant_id": "Candidate ID",
    "stage": "Status",
}
ESR_SICKNESS_HEADERS = {
    "start_date": "Absence Start Date",
    "end_date": "Absence End Date",
    "reason": "Absence Reason",
}


def style_for(org_code: str | None) -> Style:
    return STYLES.get(org_code or "", STANDARD)


def header(extract: Extract, column: str, style: Style) -> str:
    """The header a partner writes for a standard column."""
    if style.headers == "esr":
        names = ESR_SICKNESS_HEADERS if extract.name == "sickness_absence" else ESR_HEADERS
        name = names.get(column)
        if name and extract.header_lookup().get(normalise_header(name)) == column:
            return name
    if style.headers in ("esr", "title"):
        return " ".join(
            w.upper() if w in ("fte", "nhs") else w.capitalize() for w in column.split("_")
        )
    return column


def wording(code_list: C.CodeList, code: str, style: Style) -> str:
    """How a partner writes a canonical code."""
    if code_list.name == "yes_no":
        yes = code == "true"
        return ("Y" if yes else "N") if style.wording == "codes" else ("Yes" if yes else "No")
    if style.wording == "codes":
        return code
    if style.wording == "esr":
        special = ESR_WORDING.get(code_list.name, {})
        if code in special:
            return special[code]
    return code_list.labels[code]


def render(table: pa.Table, extract: Extract, style: Style) -> pa.Table:
    """All columns as text, in the partner's wording and date format."""
    out = {}
    for name in table.column_names:
        col = table.column(name).combine_chunks()
        kind = extract.column(name).type
        if isinstance(kind, Code):
            if not pa.types.is_dictionary(col.type):
                col = col.dictionary_encode()
            words = [wording(kind.code_list, v, style) for v in col.dictionary.to_pylist()]
            col = pa.DictionaryArray.from_arrays(col.indices, pa.array(words, pa.string()))
            col = col.dictionary_decode()
        elif isinstance(kind, Date) and pa.types.is_date(col.type):
            col = pc.strftime(col.cast(pa.timestamp("s")), format=style.date_format)
        elif not pa.types.is_string(col.type):
            col = col.cast(pa.string())
        out[name] = col
    return pa.table(out)
