"""Deliberate data-quality faults, each one a rule of the data standard catches.

A share ``rate`` of the rows of person-level files gets exactly one fault (a duplicated row
counts once: the copy is the faulty row), so the loader's quarantine can be checked row for
row against the counts in the manifest. Faults are drawn from a generator seeded per file.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oneworkforce.standard.model import Extract
from oneworkforce.standard.types import Code, Date
from oneworkforce.synth.formats import Style
from oneworkforce.synth.organisations import UNREGISTERED_ORG_CODES

KINDS = {  # kind: relative frequency
    "invalid_code": 2.0,
    "bad_date": 1.5,
    "missing_required": 1.5,
    "unknown_org": 0.7,
    "out_of_range": 1.0,
    "start_after_snapshot": 1.0,
    "end_before_start": 1.0,
    "expiry_before_completion": 1.0,
    "bad_nhs_number": 0.8,
    "duplicate_row": 1.0,
}
OUT_OF_RANGE = {
    "fte": ("-1", "1.8", "37.5", "2"),
    "hourly_pay": ("0", "-12.5", "1850"),
    "fte_days_lost": ("-3", "400"),
}
BAD_DATES = ("31/02/{y}", "{y}-13-01", "30/02/{y}", "00/00/0000", "{y}-02-30", "N/A")
BAD_CODES = {
    "staff_group": ("Nursing & Midwifery", "Nurse", "Admin", "Medical/Dental"),
    "band": ("Band 10", "Band 8e", "B5", "Grade 5"),
    "gender": ("Femail", "Mle", "Other"),
    "ethnic_category": ("White-British", "Asian", "Black", "BME"),
    "disability": ("Maybe", "Unsure"),
    "origin_group": ("Overseas", "Other"),
    "contract_type": ("Locum", "Zero hours", "Perm"),
    "leaving_reason": ("Resigned", "Left", "Moved on"),
    "leaver_destination": ("Elsewhere", "NHS Trust"),
    "sickness_reason": ("S33", "S00", "Flu"),
    "cstf_subject": ("Fire Safty", "Manual Handeling"),
    "training_level": ("4", "Level 4"),
    "recruitment_stage": ("Withdrawn", "Interviewed"),
    "yes_no": ("Unknown", "2"),
    "staff_age_band": ("16-24", "Over 70"),
    "sexual_orientation": ("Straight/heterosexual",),
    "religion": ("Catholic", "Church of England"),
}
_DATE_PAIRS = {  # kind: (column changed, column it is measured from, days to add)
    "start_after_snapshot": ("start_date", "snapshot_date", (1, 90)),
    "end_before_start": ("end_date", "start_date", (-30, -1)),
    "expiry_before_completion": ("expiry_date", "completed_date", (-365, -1)),
}


def applicable(extract: Extract, columns: list[str]) -> dict[str, float]:
    """The fault kinds that make sense for a file with these columns."""
    present = [extract.column(c) for c in columns]
    kinds = {"duplicate_row": KINDS["duplicate_row"]}
    if any(isinstance(c.type, Code) for c in present):
        kinds["invalid_code"] = KINDS["invalid_code"]
    if any(isinstance(c.type, Date) for c in present):
        kinds["bad_date"] = KINDS["bad_date"]
    if any(c.required for c in present):
        kinds["missing_required"] = KINDS["missing_required"]
    if "org_code" in columns:
        kinds["unknown_org"] = KINDS["unknown_org"]
    if any(c in OUT_OF_RANGE for c in columns):
        kinds["out_of_range"] = KINDS["out_of_range"]
    for kind, (col, base, _) in _DATE_PAIRS.items():
        if col in columns and base in columns:
            kinds[kind] = KINDS[kind]
    if "nhs_number" in columns:
        kinds["bad_nhs_number"] = KINDS["bad_nhs_number"]
    return kinds


def inject(
    text: pa.Table,
    typed: pa.Table,
    extract: Extract,
    style: Style,
    rate: float,
    rng: np.random.Generator,
) -> tuple[pa.Table, dict[str, int]]:
    """Faulty rows in a rendered (all-text) table; returns it with counts per kind."""
    n = text.num_rows
    if rate <= 0 or n == 0:
        return text, {}
    k = min(int(rng.binomial(n, min(rate, 1.0))), n)
    if k == 0:
        return text, {}
    kinds = applicable(extract, text.column_names)
    names = sorted(kinds)
    weights = np.array([kinds[x] for x in names])
    chosen = np.array(names)[rng.choice(len(names), size=k, p=weights / weights.sum())]
    rows = rng.choice(n, size=k, replace=False)
    edits: dict[str, dict[int, str | None]] = {}
    columns = text.column_names

    def put(col: str, row: int, value: str | None) -> None:
        edits.setdefault(col, {})[int(row)] = value

    for kind, row in zip(chosen, rows, strict=True):
        if kind == "invalid_code":
            col = _pick(rng, [c for c in columns if isinstance(extract.column(c).type, Code)])
            options = BAD_CODES.get(extract.column(col).type.code_list.name, ("Not applicable",))
            put(col, row, _pick(rng, options))
        elif kind == "bad_date":
            col = _pick(rng, [c for c in columns if isinstance(extract.column(c).type, Date)])
            put(col, row, _pick(rng, BAD_DATES).format(y=int(rng.integers(2019, 2027))))
        elif kind == "missing_required":
            put(_pick(rng, [c for c in columns if extract.column(c).required]), row, None)
        elif kind == "unknown_org":
            put("org_code", row, _pick(rng, UNREGISTERED_ORG_CODES))
        elif kind == "out_of_range":
            col = _pick(rng, [c for c in columns if c in OUT_OF_RANGE])
            put(col, row, _pick(rng, OUT_OF_RANGE[col]))
        elif kind in _DATE_PAIRS:
            col, base, (lo, hi) = _DATE_PAIRS[kind]
            when = typed.column(base)[int(row)].as_py()
            moved = when + dt.timedelta(days=int(rng.integers(lo, hi + 1)))
            put(col, row, moved.strftime(style.date_format))
        elif kind == "bad_nhs_number":
            value = text.column("nhs_number")[int(row)].as_py() or "9990000000"
            put("nhs_number", row, value[:9] + str((int(value[9]) + int(rng.integers(1, 10))) % 10))
    for col, changes in edits.items():
        at = np.array(sorted(changes))
        mask = np.zeros(n, dtype=bool)
        mask[at] = True
        values = pa.array([changes[i] for i in at], pa.string())
        text = text.set_column(
            columns.index(col),
            col,
            pc.replace_with_mask(text.column(col).combine_chunks(), pa.array(mask), values),
        )
    dups = np.sort(rows[chosen == "duplicate_row"])
    if len(dups):
        text = text.take(pa.array(np.sort(np.concatenate([np.arange(n), dups]))))
    counts = {str(x): int(c) for x, c in zip(*np.unique(chosen, return_counts=True), strict=True)}
    return text, counts


def _pick(rng: np.random.Generator, options) -> str:
    options = list(options)
    return options[int(rng.integers(len(options)))]
