"""Compile an extract's rules into DuckDB SQL over the all-text staging table.

The staging table has one text column per standard column present in the file, plus
``_row``. ``parsed_select`` turns it into raw (trimmed) and typed values; ``ok`` is true
when a row meets every rule; ``failures_select`` lists each broken rule of the failing rows
with its column and value, which is what a partner needs to fix the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from oneworkforce.standard import Extract
from oneworkforce.standard.types import Identifier, cleaned_text, sql_str

WITHHELD = "[identifier withheld]"


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_name(column: str) -> str:
    return f"__raw_{column}"


@dataclass(frozen=True)
class Rule:
    rule: str
    column: str
    condition: str  # SQL, true when the row passes
    message: str


@dataclass
class CompiledExtract:
    extract: Extract
    parsed_select: str  # SELECT over stage: _row, raw values, typed values
    rules: list[Rule]
    present: set[str]
    blank: str  # SQL, true for a row with no values at all

    @property
    def ok(self) -> str:
        if not self.rules:
            return "TRUE"
        return " AND ".join(f"({r.condition})" for r in self.rules)

    def failures_select(self, parsed: str, rows_filter: str) -> str:
        """One row per broken rule: (_row, column, value, rule, message)."""
        parts = []
        for r in self.rules:
            value = _shown_value(self.extract, r.column)
            # A blank row is reported once, as blank, not once per missing value.
            only = "" if r.rule == "row.blank" else f" AND NOT ({self.blank})"
            parts.append(
                f"SELECT _row, {sql_str(r.column)} AS column_name, {value} AS value, "
                f"{sql_str(r.rule)} AS rule, {sql_str(r.message)} AS message "
                f"FROM {parsed} WHERE {rows_filter} AND NOT ({r.condition}){only}"
            )
        return "\nUNION ALL\n".join(parts)


def _shown_value(extract: Extract, column: str) -> str:
    names = {c.name: c for c in extract.columns}
    if column not in names:
        return "NULL"
    if isinstance(names[column].type, Identifier):
        return f"CASE WHEN {q(raw_name(column))} IS NULL THEN NULL ELSE {sql_str(WITHHELD)} END"
    return q(raw_name(column))


def compile_extract(
    extract: Extract, present: set[str], declared: dict[str, str], source: str = "stage"
) -> CompiledExtract:
    """``present``: standard columns found in the file; ``declared``: values given on the
    command line (``org_code``, ``period``) that fill absent columns or must match present ones."""
    select = ["_row"]
    rules: list[Rule] = []
    blank_parts = []
    for column in extract.columns:
        if column.name in present:
            raw = cleaned_text(q(column.name))
            blank_parts.append(f"{q(raw_name(column.name))} IS NULL")
        elif column.name in declared:
            raw = sql_str(declared[column.name])
        else:
            raw = "CAST(NULL AS VARCHAR)"
        raw_ref = q(raw_name(column.name))
        select.append(f"{raw} AS {raw_ref}")
        select.append(f"{column.type.parse(raw_ref)} AS {q(column.name)}")

        if column.required:
            rules.append(
                Rule(
                    f"{column.name}.required",
                    column.name,
                    f"{raw_ref} IS NOT NULL",
                    "a value is required",
                )
            )
        for check in column.type.checks(raw_ref, q(column.name)):
            rules.append(
                Rule(
                    f"{column.name}.{check.rule}",
                    column.name,
                    f"{raw_ref} IS NULL OR COALESCE({check.condition}, TRUE)",
                    check.message,
                )
            )
        if column.name in declared and column.name in present:
            rules.append(
                Rule(
                    f"{column.name}.matches_declared",
                    column.name,
                    f"{q(column.name)} IS NULL OR {q(column.name)} = "
                    f"{column.type.parse(sql_str(declared[column.name]))}",
                    f"differs from the value given on the command line ({declared[column.name]})",
                )
            )
    for row_rule in extract.row_rules:
        rules.append(
            Rule(
                row_rule.rule,
                row_rule.column,
                f"COALESCE({row_rule.condition}, TRUE)",
                row_rule.message,
            )
        )
    blank = " AND ".join(blank_parts) or "FALSE"
    rules.insert(0, Rule("row.blank", "", f"NOT ({blank})", "blank row"))
    parsed = "SELECT " + ",\n       ".join(select) + f" FROM {source}"
    return CompiledExtract(extract, parsed, rules, present, blank)


def period_sql(extract: Extract) -> list[tuple[str, str]]:
    """(name, SQL) for the period and month index derived from the extract's date column."""
    if not extract.period_column:
        return []
    period = f"CAST(date_trunc('month', {q(extract.period_column)}) AS DATE)"
    out = [] if extract.period_column == "period" else [("period", period)]
    out.append(("month_index", f"CAST(year({period}) * 12 + month({period}) AS INTEGER)"))
    return out
