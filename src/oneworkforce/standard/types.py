"""Column types of the data standard, each compiled to DuckDB SQL.

A type turns a trimmed text value (``raw``, NULL when empty) into a typed value and lists the
rules a value must meet. Every rule has a stable id (``<column>.<rule>``) that appears in the
quarantine, so a partner can see exactly what to fix. Nothing is coerced beyond what the
data standard documents (trimming, case of codes, the date formats listed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from oneworkforce.standard.codes import YES_NO, CodeList


def sql_str(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


_PADDING = " \t\u00a0"  # space, tab, no-break space


def cleaned_text(value: str) -> str:
    """SQL for a cell's text without surrounding spaces, tabs or no-break spaces; NULL if empty.

    ``trim`` is costly on millions of values, so it runs only where the text is padded.
    """
    padded = " OR ".join(f"{value} LIKE '{c}%' OR {value} LIKE '%{c}'" for c in _PADDING)
    return f"NULLIF(CASE WHEN {padded} THEN trim({value}, '{_PADDING}') ELSE {value} END, '')"


@dataclass(frozen=True)
class Check:
    """A rule: ``condition`` is SQL that is true when the value is acceptable."""

    rule: str
    condition: str
    message: str


class ColumnType:
    duckdb_type = "VARCHAR"
    kind = "text"

    def parse(self, raw: str) -> str:
        return raw

    def checks(self, raw: str, parsed: str) -> list[Check]:
        return []

    def describe(self) -> str:
        return self.kind


@dataclass(frozen=True)
class Text(ColumnType):
    max_length: int = 200
    pattern: str | None = None
    pattern_help: str = ""
    upper: bool = False

    def parse(self, raw: str) -> str:
        return f"upper({raw})" if self.upper else raw

    def checks(self, raw: str, parsed: str) -> list[Check]:
        out = [
            Check(
                "too_long",
                f"length({raw}) <= {self.max_length}",
                f"longer than {self.max_length} characters",
            )
        ]
        if self.pattern:
            out.append(
                Check(
                    "format",
                    f"regexp_full_match({parsed}, {sql_str(self.pattern)})",
                    f"not in the expected format ({self.pattern_help or self.pattern})",
                )
            )
        return out

    def describe(self) -> str:
        text = f"text (up to {self.max_length} characters)"
        return f"{text}, {self.pattern_help}" if self.pattern_help else text


@dataclass(frozen=True)
class Code(ColumnType):
    code_list: CodeList
    kind = "code"

    def parse(self, raw: str) -> str:
        lookup = sorted(self.code_list.lookup().items())
        keys = ", ".join(sql_str(k) for k, _ in lookup)
        values = ", ".join(sql_str(v) for _, v in lookup)
        return f"(MAP([{keys}], [{values}])[lower({raw})])"

    def checks(self, raw: str, parsed: str) -> list[Check]:
        return [Check("code", f"{parsed} IS NOT NULL", f"not a code of {self.code_list.name}")]

    def describe(self) -> str:
        return f"code list `{self.code_list.name}`"


@dataclass(frozen=True)
class Boolean(Code):
    code_list: CodeList = YES_NO
    duckdb_type = "BOOLEAN"
    kind = "boolean"

    def parse(self, raw: str) -> str:
        return f"(CAST({Code.parse(self, raw)} AS BOOLEAN))"

    def describe(self) -> str:
        return "yes/no (Y, N, yes, no, true, false, 1, 0)"


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class Date(ColumnType):
    earliest: dt.date = dt.date(1900, 1, 1)
    latest: dt.date = dt.date(2100, 12, 31)
    duckdb_type = "DATE"
    kind = "date"

    def parse(self, raw: str) -> str:
        formats = ", ".join(sql_str(f) for f in DATE_FORMATS)
        return f"CAST(try_strptime({raw}, [{formats}]) AS DATE)"

    def checks(self, raw: str, parsed: str) -> list[Check]:
        return [
            Check("date", f"{parsed} IS NOT NULL", "not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
            Check(
                "date_range",
                f"{parsed} BETWEEN DATE '{self.earliest}' AND DATE '{self.latest}'",
                f"outside {self.earliest} to {self.latest}",
            ),
        ]

    def describe(self) -> str:
        return "date (YYYY-MM-DD or DD/MM/YYYY)"


@dataclass(frozen=True)
class Month(ColumnType):
    """A calendar month, stored as its first day."""

    duckdb_type = "DATE"
    kind = "month"

    def parse(self, raw: str) -> str:
        formats = ", ".join(sql_str(f) for f in DATE_FORMATS)
        return (
            f"CAST(date_trunc('month', COALESCE(try_strptime({raw}, ['%Y-%m', '%m/%Y']), "
            f"try_strptime({raw}, [{formats}]))) AS DATE)"
        )

    def checks(self, raw: str, parsed: str) -> list[Check]:
        return [
            Check("month", f"{parsed} IS NOT NULL", "not a month (use YYYY-MM)"),
            Check(
                "date_range",
                f"{parsed} BETWEEN DATE '1990-01-01' AND DATE '2100-12-01'",
                "outside 1990 to 2100",
            ),
        ]

    def describe(self) -> str:
        return "month (YYYY-MM, or any date in the month)"


@dataclass(frozen=True)
class Integer(ColumnType):
    minimum: int | None = None
    maximum: int | None = None
    duckdb_type = "BIGINT"
    kind = "integer"

    def parse(self, raw: str) -> str:
        return f"(CASE WHEN regexp_full_match({raw}, '[+-]?[0-9]+') THEN TRY_CAST({raw} AS BIGINT) END)"

    def checks(self, raw: str, parsed: str) -> list[Check]:
        out = [Check("integer", f"{parsed} IS NOT NULL", "not a whole number")]
        out += _range_checks(parsed, self.minimum, self.maximum)
        return out

    def describe(self) -> str:
        return "whole number" + _range_text(self.minimum, self.maximum)


_DECIMAL_PATTERN = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"


@dataclass(frozen=True)
class Decimal(ColumnType):
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    duckdb_type = "DOUBLE"
    kind = "number"

    def parse(self, raw: str) -> str:
        return (
            f"(CASE WHEN regexp_full_match({raw}, {sql_str(_DECIMAL_PATTERN)}) "
            f"THEN TRY_CAST({raw} AS DOUBLE) END)"
        )

    def checks(self, raw: str, parsed: str) -> list[Check]:
        out = [Check("number", f"{parsed} IS NOT NULL", "not a number (digits and a point only)")]
        out += _range_checks(parsed, self.minimum, self.maximum, self.exclusive_minimum)
        return out

    def describe(self) -> str:
        return "number" + _range_text(self.minimum, self.maximum, self.exclusive_minimum)


@dataclass(frozen=True)
class OrgCode(ColumnType):
    """An ODS organisation code; ``registered`` codes must be in the organisations extract."""

    registered: bool = True
    kind = "ods_code"

    def parse(self, raw: str) -> str:
        return f"upper({raw})"

    def checks(self, raw: str, parsed: str) -> list[Check]:
        out = [
            Check(
                "format",
                f"regexp_full_match({parsed}, '[A-Z0-9]{{3,6}}')",
                "not an ODS code (3 to 6 letters or digits)",
            )
        ]
        if self.registered:
            out.append(
                Check(
                    "registered",
                    f"{parsed} IN (SELECT org_code FROM organisations)",
                    "organisation not in the organisations extract (load it first)",
                )
            )
        return out

    def describe(self) -> str:
        text = "ODS code"
        return text + " registered in `organisations`" if self.registered else text


def nhs_number_is_valid(value: str) -> bool:
    """Modulus 11 check of a 10-digit NHS number (NHS Data Dictionary)."""
    if len(value) != 10 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])


def _nhs_number_sql(parsed: str) -> str:
    total = " + ".join(
        f"CAST(substr({parsed}, {i + 1}, 1) AS INTEGER) * {10 - i}" for i in range(9)
    )
    check = f"(11 - (({total}) % 11))"
    return (
        f"(regexp_full_match({parsed}, '[0-9]{{10}}') AND "
        f"(CASE {check} WHEN 11 THEN 0 ELSE {check} END) = CAST(substr({parsed}, 10, 1) AS INTEGER))"
    )


@dataclass(frozen=True)
class Identifier(ColumnType):
    """A direct identifier: checked, then replaced by a keyed pseudonym before storage.

    ``domain`` separates pseudonym spaces; ``scope_column`` makes identifiers that are only
    unique within an organisation (assignment numbers) distinct across organisations.
    """

    domain: str
    scope_column: str | None = None
    format: str = "token"  # token | nhs_number | ni_number
    kind = "identifier"

    def parse(self, raw: str) -> str:
        if self.format == "nhs_number":
            return f"regexp_replace({raw}, '[ -]', '', 'g')"
        if self.format == "ni_number":
            return f"upper(regexp_replace({raw}, ' ', '', 'g'))"
        return raw

    def checks(self, raw: str, parsed: str) -> list[Check]:
        if self.format == "nhs_number":
            return [Check("nhs_number", _nhs_number_sql(parsed), "not a valid NHS number")]
        if self.format == "ni_number":
            return [
                Check(
                    "ni_number",
                    f"regexp_full_match({parsed}, '[A-CEGHJ-PR-TW-Z]{{2}}[0-9]{{6}}[A-D]')",
                    "not a valid National Insurance number",
                )
            ]
        return [
            Check(
                "format",
                f"regexp_full_match({parsed}, '[A-Za-z0-9._/-]{{1,64}}')",
                "identifiers are 1 to 64 letters, digits or . _ / -",
            )
        ]

    def describe(self) -> str:
        what = {"nhs_number": "NHS number", "ni_number": "National Insurance number"}.get(
            self.format, "identifier"
        )
        return f"{what}, pseudonymised on load"


def _range_checks(
    parsed: str, minimum: float | None, maximum: float | None, exclusive_min: bool = False
) -> list[Check]:
    out = []
    if minimum is not None:
        op = ">" if exclusive_min else ">="
        out.append(Check("range", f"{parsed} {op} {minimum}", f"must be {op} {minimum}"))
    if maximum is not None:
        out.append(Check("range", f"{parsed} <= {maximum}", f"must be <= {maximum}"))
    return out


def _range_text(minimum: float | None, maximum: float | None, exclusive: bool = False) -> str:
    parts = []
    if minimum is not None:
        parts.append(f"{'>' if exclusive else '≥'} {minimum}")
    if maximum is not None:
        parts.append(f"≤ {maximum}")
    return f" ({', '.join(parts)})" if parts else ""
