"""Targets files: one row per target, in CSV or Excel, loaded all or nothing.

People keep targets in spreadsheets, so the file is the way targets arrive in bulk and the way
they go back out (``export_targets`` writes the same columns, so a file round-trips). A load
is idempotent by name: a row whose name is already stored updates that target. If any row is
bad, nothing is loaded and every bad row is reported with its row number (the header is row
1, as a spreadsheet numbers it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from oneworkforce.appdb.audit import record_event
from oneworkforce.errors import InputFileError, OneWorkforceError
from oneworkforce.targets.store import TargetError, TargetSpec, save_target, validate_target

COLUMNS = (
    "name",
    "type",
    "metric",
    "slice",
    "peer_group",
    "target",
    "comparison",
    "kind",
    "due",
    "baseline_month",
    "baseline_value",
    "trajectory",
    "owner",
    "source",
    "notes",
)
REQUIRED = ("name", "metric", "target", "due")  # type and peer_group came later: optional
# The model's own names are accepted too, so a table exported from elsewhere loads as is.
ALIASES = {
    "metric_id": "metric",
    "target_value": "target",
    "due_month": "due",
    "target_type": "type",
    "comparison_group": "peer_group",
}
MONTH_COLUMNS = ("due", "baseline_month")
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
SHOWN_PROBLEMS = 30


class TargetFileError(InputFileError):
    """The file cannot be loaded as targets; nothing was loaded. ``problems`` has each reason."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


@dataclass
class LoadSummary:
    file: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def format_slice(slice_: Mapping[str, str]) -> str:
    """``{"staff_group": "nursing", "org": "RXA"}`` as ``staff_group=nursing;org=RXA``."""
    return ";".join(f"{dimension}={value}" for dimension, value in slice_.items())


def parse_slice(text: Any, problems: list[str]) -> dict[str, str]:
    """The written form of a slice as a mapping; empty text is the whole system."""
    result: dict[str, str] = {}
    for part in str(text or "").split(";"):
        if not part.strip():
            continue
        dimension, equals, value = part.partition("=")
        if not equals or not dimension.strip() or not value.strip():
            problems.append(f"slice part {part.strip()!r} is not written dimension=value")
            continue
        if dimension.strip().lower() in result:
            problems.append(f"slice dimension {dimension.strip()} is given twice")
            continue
        result[dimension.strip().lower()] = value.strip()
    return result


def _number_text(value: float) -> str:
    """The shortest text that reads back as the same float (5.0 as 5, 0.1 as 0.1)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def format_trajectory(points: Iterable[Mapping[str, Any]] | None) -> str:
    """Points as ``2025-03:5.2;2026-03:4.8``."""
    return ";".join(f"{p['month']}:{_number_text(p['value'])}" for p in points or [])


def parse_trajectory(text: Any, problems: list[str]) -> list[tuple[str, str]] | None:
    """The written form of a trajectory as (month, value) pairs, checked later as numbers."""
    points: list[tuple[str, str]] = []
    for part in str(text or "").split(";"):
        if not part.strip():
            continue
        month, colon, value = part.partition(":")
        if not colon or not month.strip() or not value.strip():
            problems.append(f"trajectory point {part.strip()!r} is not written YYYY-MM:value")
            continue
        points.append((month.strip(), _strip_number(value)))
    return points or None


def _strip_number(value: Any) -> Any:
    """'5 %' and '+10%' read as numbers: people write percentages with their sign."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            text = text[:-1].strip()
        return text
    return value


def _cell(value: Any) -> Any:
    """A cell as text or a number; a spreadsheet's dates become months."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        text = value.strip()
        # export_targets quotes text a spreadsheet would run as a formula; undo that.
        if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
            text = text[1:]
        return text or None
    return value


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    # The header has no quoted text, so the most frequent separator in it is the delimiter.
    delimiter = max(",;\t|", key=first.count) if first else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        names = {name.lower(): name for name in workbook.sheetnames}
        sheet = workbook[names["targets"]] if "targets" in names else workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column: cell}) for each non-empty row, with the columns checked."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise TargetFileError(
            f"{path.name}: targets are read from .csv or .xlsx files, not {suffix or 'no suffix'}."
        )
    try:
        grid = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except FileNotFoundError:
        raise TargetFileError(f"No file {path}.") from None
    except OSError as error:
        raise TargetFileError(f"Cannot read {path}: {error.strerror or error}.") from None
    except Exception as error:  # openpyxl's many ways of saying "not a workbook"
        raise TargetFileError(f"{path.name} cannot be read as a workbook ({error}).") from None
    if not grid:
        raise TargetFileError(
            f"{path.name} is empty: it needs a header row ({', '.join(COLUMNS)})."
        )
    header = [str(_cell(cell) or "").strip().lower().replace(" ", "_") for cell in grid[0]]
    header = [ALIASES.get(name, name) for name in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    problems = [
        *(f"unknown column {name!r}" for name in unknown),
        *(f"missing column {name!r}" for name in missing),
        *(f"column {name!r} appears twice" for name in repeated),
    ]
    if problems:
        raise TargetFileError(
            f"{path.name}: {'; '.join(problems)}. The columns are {', '.join(COLUMNS)} "
            f"(required: {', '.join(REQUIRED)}); nothing was loaded.",
            problems,
        )
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        values = {name: _cell(cell) for name, cell in zip(header, cells, strict=False) if name}
        if any(value is not None for value in values.values()):
            rows.append((number, values))
    return rows


def spec_from_row(row: Mapping[str, Any]) -> TargetSpec:
    """One file row as a validated target (every problem of the row in one TargetError)."""
    problems: list[str] = []
    slice_ = parse_slice(row.get("slice"), problems)
    trajectory = parse_trajectory(row.get("trajectory"), problems)
    target = row.get("target")
    if str(row.get("type") or "").strip().lower() == "rank" and str(target).strip().endswith("%"):
        # '25 %' would otherwise read as rank 25: a share of the group is not a rank.
        problems.append(
            f"a rank target's target is a rank (1 = the highest score), not {target!r}: for the "
            "top quartile of 20 peers, write 5"
        )
    try:
        spec = validate_target(
            name=row.get("name"),
            metric_id=row.get("metric"),
            slice=slice_,
            target_value=_strip_number(target),
            comparison=row.get("comparison"),
            kind=row.get("kind"),
            due_month=row.get("due"),
            baseline_month=row.get("baseline_month"),
            baseline_value=_strip_number(row.get("baseline_value")),
            trajectory=trajectory,
            owner=row.get("owner"),
            source=row.get("source"),
            notes=row.get("notes"),
            target_type=row.get("type"),
            peer_group=row.get("peer_group"),
        )
    except TargetError as error:
        problems.extend(error.problems)
    if problems:
        raise TargetError("; ".join(problems), problems)
    return spec


def read_targets(path: Path) -> list[TargetSpec]:
    """Every row of the file as a target, or TargetFileError listing each bad row."""
    problems: list[str] = []
    specs: list[TargetSpec] = []
    first_row: dict[str, int] = {}
    rows = read_rows(path)
    for number, row in rows:
        try:
            spec = spec_from_row(row)
        except TargetError as error:
            problems.extend(f"row {number}: {problem}" for problem in error.problems)
            continue
        if spec.name in first_row:
            problems.append(
                f"row {number}: the name {spec.name!r} is already used on row {first_row[spec.name]}"
            )
            continue
        first_row[spec.name] = number
        specs.append(spec)
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        raise TargetFileError(
            f"{path.name}: nothing was loaded; fix these and load it again:\n  "
            + "\n  ".join(shown)
            + (f"\n  … and {more} more" if more else ""),
            problems,
        )
    if not specs:
        raise TargetFileError(f"{path.name} has a header but no targets; nothing was loaded.")
    return specs


def load_targets(session: Session, path: Path, *, actor: str) -> LoadSummary:
    """Load a targets file: all rows or none, each change audited; the caller commits."""
    specs = read_targets(path)
    summary = LoadSummary(file=str(path))
    for spec in specs:
        _, change = save_target(session, spec, actor=actor)
        getattr(summary, change).append(spec.name)
    record_event(
        session,
        actor=actor,
        action="target.load",
        subject=str(path),
        details={
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": len(summary.unchanged),
        },
    )
    return summary


def targets_frame(specs: Iterable[TargetSpec]) -> pd.DataFrame:
    """Targets in the file's columns, written as a person would type them."""
    rows = [
        {
            "name": spec.name,
            "type": spec.target_type,
            "metric": spec.metric_id,
            "slice": format_slice(spec.slice),
            "peer_group": spec.peer_group,
            "target": spec.target_value,
            "comparison": spec.comparison,
            "kind": spec.kind,
            "due": spec.due_month,
            "baseline_month": spec.baseline_month,
            "baseline_value": spec.baseline_value,
            "trajectory": format_trajectory(spec.trajectory),
            "owner": spec.owner,
            "source": spec.source,
            "notes": spec.notes,
        }
        for spec in specs
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def export_targets(specs: Iterable[TargetSpec], path: Path) -> int:
    """Write targets to a CSV or Excel file that ``load_targets`` reads back unchanged."""
    from oneworkforce.export import write_table

    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise OneWorkforceError(
            f"Write targets to a .csv or .xlsx file, not {path.suffix or 'no suffix'}."
        )
    frame = targets_frame(specs)
    write_table(frame, path, file_format)
    return len(frame)
