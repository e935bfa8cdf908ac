"""Tables written for analysts (CSV, Excel, Parquet), safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oneworkforce.errors import OneWorkforceError

FORMATS = ("csv", "xlsx", "parquet")


def neutralise(value):
    """Stop a spreadsheet reading a text cell as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_table(frame: pd.DataFrame, path: Path, file_format: str) -> None:
    if file_format not in FORMATS:
        raise OneWorkforceError(f"Unknown format {file_format!r}: use {', '.join(FORMATS)}.")
    if file_format == "parquet":
        frame.to_parquet(path, index=False)
        return
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    if file_format == "csv":
        safe.to_csv(path, index=False)
    else:
        safe.to_excel(path, index=False, engine="openpyxl")
