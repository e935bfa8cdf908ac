"""Tables as the pages show them and as they download: one description serves both, so a
downloaded table holds the rows the page shows, with the figures in full rather than rounded.

A download is CSV or Excel, written by ``oneworkforce.export`` (text cells that a spreadsheet
would read as a formula are neutralised there)."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from oneworkforce.errors import OneWorkforceError
from oneworkforce.export import write_table

DOWNLOADS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """A column: ``key`` in the rows; ``unit`` formats its figures (``unit_key`` takes the unit
    from another key of each row); ``link`` names a row key holding a URL for the cell."""

    key: str
    label: str
    unit: str | None = None
    unit_key: str | None = None
    link: str | None = None
    kind: str = "text"  # text, number, month, list, flag, status, variation or assurance
    missing: str | None = None  # what an empty cell says, if not "no figure"

    @property
    def numeric(self) -> bool:
        return self.kind == "number"


@dataclass(frozen=True)
class Table:
    """A named table of a page: caption, columns and rows (plain dicts)."""

    name: str
    caption: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    note: str = ""
    hidden_keys: Sequence[str] = field(default_factory=tuple)  # downloaded, not shown

    def frame(self) -> pd.DataFrame:
        """The rows as a download: every column shown, and the extra ones, figures in full."""
        keys = [c.key for c in self.columns] + list(self.hidden_keys)
        data = [
            {k: _plain(row.get(k)) for k in keys}
            for row in self.rows  # lists (of organisations, say) become text
        ]
        return pd.DataFrame(data, columns=keys)


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items())
    return value


class UnknownTableError(OneWorkforceError):
    """A download of a table the page does not have, or in a format it is not offered in."""


def download(tables: Sequence[Table], name: str | None, file_format: str) -> tuple[bytes, str]:
    """The bytes and file name of one of a page's tables (the first by default) as CSV or
    Excel."""
    if file_format not in DOWNLOADS:
        raise UnknownTableError(f"Downloads are {' or '.join(DOWNLOADS)}, not {file_format!r}.")
    chosen = next((t for t in tables if name in (None, "", t.name)), None)
    if chosen is None:
        names = ", ".join(t.name for t in tables) or "none"
        raise UnknownTableError(f"This page has no table {name!r}; its tables: {names}.")
    with tempfile.TemporaryDirectory(prefix="oneworkforce-download-") as folder:
        path = Path(folder) / f"{chosen.name}.{file_format}"
        write_table(chosen.frame(), path, file_format)
        return path.read_bytes(), path.name
