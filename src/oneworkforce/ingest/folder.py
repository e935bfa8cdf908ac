"""Load every extract file in a folder, organisations first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from oneworkforce.config import Settings
from oneworkforce.errors import OneWorkforceError
from oneworkforce.ingest.loader import LoadProgress, LoadResult, load_file
from oneworkforce.ingest.mapping import infer_extract
from oneworkforce.ingest.readers import FORMATS
from oneworkforce.standard import EXTRACTS, get_extract
from oneworkforce.warehouse import Warehouse

_ORDER = {name: i for i, name in enumerate(EXTRACTS)}


@dataclass
class FolderResult:
    loaded: list[LoadResult] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(r.rows_read for r in self.loaded)

    @property
    def rows_loaded(self) -> int:
        return sum(r.rows_loaded for r in self.loaded)

    @property
    def rows_quarantined(self) -> int:
        return sum(r.rows_quarantined for r in self.loaded)


def extract_files(folder: Path, extract: str | None = None) -> list[tuple[Path, str]]:
    """(file, extract name) for each loadable file, organisations first then standard order.

    Files whose extract cannot be told from their name are returned with an empty name, so
    they are reported rather than skipped silently.
    """
    out = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in FORMATS:
            continue
        if extract:
            out.append((path, get_extract(extract).name))
            continue
        try:
            out.append((path, infer_extract(path).name))
        except OneWorkforceError:
            out.append((path, ""))
    return sorted(out, key=lambda item: (_ORDER.get(item[1], -1), str(item[0])))


def load_folder(
    warehouse: Warehouse,
    settings: Settings,
    folder: Path,
    *,
    extract: str | None = None,
    org: str | None = None,
    period: str | None = None,
    progress: LoadProgress | None = None,
    on_file: Callable[[Path, LoadResult | None, str | None], None] | None = None,
) -> FolderResult:
    """Load each file in its own transaction; one bad file does not stop the others."""
    files = extract_files(folder, extract)
    if not files:
        raise OneWorkforceError(
            f"{folder} holds no .csv, .tsv, .txt, .xlsx or .parquet files to load."
        )
    result = FolderResult()
    for path, name in files:
        try:
            if not name:
                infer_extract(path)  # raises the helpful message
            loaded = load_file(
                warehouse, settings, path, extract=name, org=org, period=period, progress=progress
            )
        except OneWorkforceError as exc:
            result.failed.append((path, str(exc)))
            if on_file:
                on_file(path, None, str(exc))
            continue
        result.loaded.append(loaded)
        if on_file:
            on_file(path, loaded, None)
    return result
