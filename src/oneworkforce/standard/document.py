"""Render the data standard as Markdown (docs/data-standard.md is generated from this, and a
test fails when the file is out of date)."""

from __future__ import annotations

from oneworkforce.standard.codes import ALL_CODE_LISTS
from oneworkforce.standard.extracts import EXTRACTS
from oneworkforce.standard.types import Code

INTRODUCTION = """\
# OneWorkforce data standard v1

This is the agreed shape of every workforce extract that partners of the Integrated Care
System send to OneWorkforce. It is generated from the definitions in
`src/oneworkforce/standard/` (run `oneworkforce standard --markdown`), which the loader uses
to check every row, so this page and the checks cannot drift apart.

## How files are read

- **Formats**: CSV (UTF-8, UTF-8 with BOM, or Windows-1252; comma, semicolon, tab or pipe
  delimited, detected from the header line), Excel `.xlsx` (first sheet; the first non-empty
  row is the header) and Parquet.
- **Headers** are matched without regard to case, spaces or punctuation, so `Assignment
  Number`, `assignment_number` and `ASSIGNMENT-NUMBER` are the same column. ESR-style names
  are accepted as aliases (listed per column below).
- **Values** lose surrounding spaces, tabs and no-break spaces; empty cells are missing values. Codes are matched without regard to
  case and may be given as the code, its label or a listed alias (`Band 5`, `5` and `band_5`
  are all `band_5`). Nothing else is corrected: a value that does not fit is quarantined.
- **Dates**: `YYYY-MM-DD` or `DD/MM/YYYY` (UK order; `MM/DD/YYYY` is never assumed). Months:
  `YYYY-MM`, or any date in the month. Numbers: digits with an optional point and exponent;
  no thousands separators, currency signs, `NaN` or `Inf`.
- **Row numbers** in the quarantine are those a spreadsheet shows: the header is row 1.
  For Parquet, records count from 1. A blank line in a CSV file is a row, quarantined as
  `row.blank`; a workbook's completely empty rows (Excel keeps formatted empty rows) are not
  records and are skipped.

## Privacy at the door

- **Identifiers** (person, assignment, applicant, NHS number, National Insurance number) are
  replaced on load by a keyed pseudonym (HMAC-SHA-256 with the system's secret key, 128 bits).
  The same identifier gives the same pseudonym in every load and partner, so a person can be
  followed across months and organisations; assignment numbers are pseudonymised within their
  organisation. Raw identifiers never reach the warehouse, not even in the quarantine, which
  shows `[identifier withheld]` instead, and the text of a malformed row is not kept.
- **Dates of birth** are turned into age in whole years and age band at the snapshot date,
  then discarded.
- **Names, contact details and free text** (columns whose header contains name, forename,
  surname, address, postcode, email, phone, comment, notes and the like) are dropped with a
  warning; other columns outside the standard are ignored with a warning.

## Loading, replacing and the quarantine

- Every row read is either loaded or quarantined with the file, row number, column, value
  and the rule it broke (rule ids are `<column>.<rule>`, listed below). The load log
  (`oneworkforce loads`) reconciles rows read = rows loaded + rows quarantined.
- A load replaces what the warehouse held for the same **scope** (for most extracts the
  organisation and month) in one transaction, so reloading a corrected file replaces the
  earlier version, and a failure part-way leaves the earlier version as it was. If no row of
  a file is valid, nothing is replaced.
- `--org CODE` fills a missing `org_code` column and quarantines rows for other
  organisations (`org_code.matches_declared`); `--period YYYY-MM` quarantines rows outside
  that month (`<date column>.in_declared_period`).
- Rules that apply to every extract: `row.blank` (a row with no values), `row.malformed`
  (a CSV row with more or fewer fields than the header) and `<extract>.duplicate` (a row
  repeating the key of an earlier row of the same file; the first is kept).
- Organisation codes must be registered in the `organisations` extract
  (`org_code.registered`): load it first.
"""


def render_markdown() -> str:
    parts = [INTRODUCTION, "## Extracts\n"]
    parts += [f"- [`{e.name}`](#{e.name.replace('_', '-')}) – {e.title}" for e in EXTRACTS.values()]
    for extract in EXTRACTS.values():
        parts.append(_extract_section(extract))
    parts.append("## Code lists\n")
    for code_list in ALL_CODE_LISTS.values():
        parts.append(_code_list_section(code_list))
    return "\n".join(parts).rstrip() + "\n"


def _extract_section(extract) -> str:
    lines = [
        f"\n### {extract.name}\n",
        f"**{extract.title}**, version {extract.version}. {extract.description}\n",
        f"- Scope replaced by a load: {', '.join(extract.scope)}",
    ]
    if extract.unique:
        lines.append(f"- One row per: {', '.join(extract.unique)}")
    if extract.period_column:
        lines.append(f"- Month taken from: `{extract.period_column}`")
    for group in extract.one_of:
        lines.append(f"- At least one of: {', '.join(group)}")
    lines += [f"- {note}" for note in extract.notes]
    lines += [
        "",
        "| column | required | type | also accepted as | meaning | rules |",
        "|---|---|---|---|---|---|",
    ]
    for column in extract.columns:
        rules = [f"{column.name}.required"] if column.required else []
        rules += [f"{column.name}.{c.rule}" for c in column.type.checks("r", "p")]
        aliases = ", ".join(column.aliases)
        stored = "" if column.stored else " Not stored."
        lines.append(
            f"| `{column.name}` | {'yes' if column.required else ''} | {column.type.describe()} "
            f"| {aliases} | {column.description}{stored} | {', '.join(rules)} |"
        )
    if extract.row_rules:
        lines += ["", "Rules across columns:", ""]
        lines += [f"- `{r.rule}`: {r.message}." for r in extract.row_rules]
    if extract.derived:
        lines += ["", "Computed on load:", ""]
        lines += [f"- `{d.name}`: {d.description}" for d in extract.derived]
    if extract.period_column:
        lines.append("- `period` (first day of the month) and `month_index` (year × 12 + month).")
    return "\n".join(lines)


def _code_list_section(code_list) -> str:
    used = sorted(
        f"{e.name}.{c.name}"
        for e in EXTRACTS.values()
        for c in e.columns
        if isinstance(c.type, Code) and c.type.code_list is code_list
    )
    lines = [f"\n### {code_list.name}\n", code_list.description]
    if code_list.source:
        lines.append(f"Source: {code_list.source}.")
    if used:
        lines.append(f"Used by: {', '.join(used)}.")
    lines += ["", "| code | label |", "|---|---|"]
    lines += [f"| `{code}` | {label} |" for code, label in code_list.labels.items()]
    return "\n".join(lines)
