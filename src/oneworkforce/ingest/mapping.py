"""Match a file to the data standard: which extract it is, and which column is which.

Partners send ESR-style headers ("Assignment Number", "Staff Group"); the standard lists
these as aliases. Columns outside the standard are ignored with a warning, and columns that
look like names, contact details or free text are dropped with a privacy warning: they
must not reach the warehouse.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from oneworkforce.errors import InputFileError
from oneworkforce.standard import EXTRACTS, Extract, normalise_header

_PERSONAL = re.compile(
    r"(^|_)(name|names|forename|forenames|surname|firstname|lastname|initials|title|address"
    r"|postcode|post_code|email|e_mail|phone|telephone|mobile|comment|comments|note|notes"
    r"|free_text|freetext|narrative|remarks|description)($|_)"
)


def looks_personal(header: str) -> bool:
    """A name, contact detail or free-text column: never loaded."""
    return bool(_PERSONAL.search(normalise_header(header)))


@dataclass
class ColumnMapping:
    columns: dict[str, int]  # standard name -> position in the file
    warnings: list[str] = field(default_factory=list)


def map_columns(
    extract: Extract, header: list[str], declared: dict[str, str], file_name: str
) -> ColumnMapping:
    lookup = extract.header_lookup()
    columns: dict[str, int] = {}
    ignored: list[str] = []
    personal: list[str] = []
    for position, title in enumerate(header):
        name = lookup.get(normalise_header(title))
        if name is None:
            (personal if looks_personal(title) else ignored).append(
                title or f"(column {position + 1})"
            )
            continue
        if name in columns:
            raise InputFileError(
                f"{file_name}: columns '{header[columns[name]]}' and '{title}' both give "
                f"{name}; remove one."
            )
        columns[name] = position
    missing = [c.name for c in extract.required if c.name not in columns and c.name not in declared]
    if missing:
        raise InputFileError(_missing_message(file_name, extract, missing, header))
    for group in extract.one_of:
        if not any(c in columns for c in group):
            raise InputFileError(
                f"{file_name}: {extract.name} needs one of the columns {', '.join(group)}."
            )
    warnings = []
    if personal:
        warnings.append(
            "dropped columns that hold names, contact details or free text (not allowed in the "
            f"warehouse): {', '.join(personal)}"
        )
    if ignored:
        warnings.append(f"ignored columns not in the data standard: {', '.join(ignored)}")
    return ColumnMapping(columns, warnings)


def _missing_message(
    file_name: str, extract: Extract, missing: list[str], header: list[str]
) -> str:
    lines = [f"{file_name}: missing required columns for {extract.name}: {', '.join(missing)}."]
    normalised = {normalise_header(h): h for h in header}
    for name in missing:
        column = extract.column(name)
        candidates = [normalise_header(a) for a in (name, *column.aliases)]
        close = difflib.get_close_matches(name, list(normalised), n=1, cutoff=0.6) or [
            m for c in candidates for m in difflib.get_close_matches(c, list(normalised), 1, 0.8)
        ]
        accepted = ", ".join([name, *column.aliases][:4])
        hint = f" (did you mean '{normalised[close[0]]}'?)" if close else ""
        lines.append(f"  - {name}: accepted headers {accepted}{hint}")
    return "\n".join(lines)


def infer_extract(path: Path) -> Extract:
    """The extract named by the file's folder or the start of its name."""
    for candidate in (path.parent.name, path.stem):
        key = normalise_header(candidate)
        if key in EXTRACTS:
            return EXTRACTS[key]
    stem = normalise_header(path.stem)
    for name in sorted(EXTRACTS, key=len, reverse=True):
        if stem.startswith(name + "_"):
            return EXTRACTS[name]
    raise InputFileError(
        f"{path.name}: cannot tell which extract this is from its name; say which with "
        f"--extract ({', '.join(EXTRACTS)})."
    )
