"""Tables written for analysts (CSV, Excel, Parquet), safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oneworkforce.errors import OneWorkforceError

FORMATS = ("csv", "xlsx", "parquet")


# Characters a spreadsheet reads as the start of a formula (OWASP's CSV injection list): =, +,
# - and @, and a leading tab or carriage return, which some spreadsheets skip before one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Stop a spreadsheet reading a text cell as a formula: a leading apostrophe makes it
    text. Only text is touched: a negative number stays a number."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def write_table(frame: pd.DataFrame, path: Path, file_format: str) -> None:
    if file_format not in FORMATS:
        raise OneWorkforceError(f"Unknown format {file_format!r}: use {', '.join(FORMATS)}.")
    if file_format == "parquet":
        frame.to_parquet(path, index=False)
        return
    safe = _safe(frame)
    if file_format == "csv":
        safe.to_csv(path, index=False)
    else:
        safe.to_excel(path, index=False, engine="openpyxl")


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def sheet_names(names: list[str]) -> dict[str, str]:
    """Excel sheet names for ``names``: at most 31 characters, unique, case-insensitively."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        candidate, number = name[:31], 1
        while candidate.lower() in taken:
            number += 1
            suffix = f"~{number}"
            candidate = name[: 31 - len(suffix)] + suffix
        taken.add(candidate.lower())
        out[name] = candidate
    return out


def write_tables(
    tables: dict[str, pd.DataFrame], contents: pd.DataFrame, path: Path, file_format: str
) -> list[Path]:
    """Several tables at once: an Excel workbook with a ``contents`` sheet first and one
    sheet per table, or a folder holding ``contents`` and one file per table (CSV or
    Parquet). ``contents`` lists the tables; its ``sheet`` (Excel) or ``file`` column is
    filled in here. Returns the files written."""
    if file_format not in FORMATS:
        raise OneWorkforceError(f"Unknown format {file_format!r}: use {', '.join(FORMATS)}.")
    names = list(tables)
    if file_format == "xlsx":
        sheets = sheet_names(["contents", *names])
        contents = contents.assign(sheet=[sheets[n] for n in names])
        with pd.ExcelWriter(path, engine="openpyxl") as workbook:
            _safe(contents).to_excel(workbook, sheet_name="contents", index=False)
            for name in names:
                _safe(tables[name]).to_excel(workbook, sheet_name=sheets[name], index=False)
        return [path]
    if path.exists() and not path.is_dir():
        raise OneWorkforceError(f"{path} is a file; give a folder to write {file_format} into.")
    path.mkdir(parents=True, exist_ok=True)
    files = {name: path / f"{name}.{file_format}" for name in names}
    contents = contents.assign(file=[files[n].name for n in names])
    written = []
    for name, frame in [("contents", contents), *tables.items()]:
        target = path / f"contents.{file_format}" if name == "contents" else files[name]
        write_table(frame, target, file_format)
        written.append(target)
    return written
