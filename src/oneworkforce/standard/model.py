"""The shape of an extract definition: columns, row rules, scope and keys."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from oneworkforce.standard.types import ColumnType, Identifier


def normalise_header(name: str) -> str:
    """Header as matched against names and aliases: lower case, words joined by underscores."""
    name = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", name).strip("_")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    description: str = ""
    aliases: tuple[str, ...] = ()
    stored: bool = True  # False: used for checks and derived values, then discarded

    @property
    def is_identifier(self) -> bool:
        return isinstance(self.type, Identifier)


@dataclass(frozen=True)
class RowRule:
    """A rule across columns; ``condition`` is SQL over typed columns, true when acceptable.

    Conditions may assume their columns are present and valid: a row already failing a column
    rule is quarantined for that, and NULL results count as passing.
    """

    rule: str
    condition: str
    message: str
    column: str


@dataclass(frozen=True)
class Derived:
    """A column computed on load from typed columns (SQL), e.g. the month of a snapshot."""

    name: str
    duckdb_type: str
    sql: str
    description: str


@dataclass(frozen=True)
class Extract:
    name: str
    version: str
    title: str
    description: str
    columns: tuple[Column, ...]
    scope: tuple[str, ...]
    unique: tuple[str, ...] = ()
    period_column: str | None = None
    row_rules: tuple[RowRule, ...] = ()
    derived: tuple[Derived, ...] = ()
    person_level: bool = True
    one_of: tuple[tuple[str, ...], ...] = ()  # groups of columns of which one must be present
    notes: tuple[str, ...] = field(default=())

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def header_lookup(self) -> dict[str, str]:
        """Normalised header (standard name or alias) -> standard column name."""
        table: dict[str, str] = {}
        for c in self.columns:
            for name in (c.name, *c.aliases):
                table[normalise_header(name)] = c.name
        return table

    def warehouse_columns(self) -> list[tuple[str, str]]:
        """(name, DuckDB type) of the stored table, in order."""
        cols = [(c.name, c.type.duckdb_type) for c in self.columns if c.stored]
        cols += [(d.name, d.duckdb_type) for d in self.derived]
        if self.period_column and self.period_column != "period":
            cols.append(("period", "DATE"))
        if self.period_column:
            cols.append(("month_index", "INTEGER"))
        return [*cols, ("_load_id", "BIGINT")]
