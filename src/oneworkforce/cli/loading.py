"""Folder loads as the CLI runs them: one progress bar, each file audited, one summary."""

from __future__ import annotations

from pathlib import Path

from oneworkforce.cli import output
from oneworkforce.cli.audit import Auditor
from oneworkforce.config import Settings
from oneworkforce.ingest import FolderResult, LoadResult, load_folder
from oneworkforce.ingest.folder import extract_files
from oneworkforce.warehouse import Warehouse


def load_folder_with_progress(
    warehouse: Warehouse,
    settings: Settings,
    folder: Path,
    audit: Auditor,
    *,
    extract: str | None = None,
    org: str | None = None,
    period: str | None = None,
    show_files: bool = True,
) -> FolderResult:
    total = sum(f.stat().st_size for f, _ in extract_files(folder, extract))

    def on_file(file: Path, result: LoadResult | None, message: str | None) -> None:
        audit.load(str(file), result, message)
        if result is not None and show_files:
            output.print_load(result)
        elif result is None:
            output.error(message or f"{file}: refused")

    with output.load_progress(total) as progress:
        result = load_folder(
            warehouse,
            settings,
            folder,
            extract=extract,
            org=org,
            period=period,
            progress=progress,
            on_file=on_file,
        )
    output.console.print(
        f"{len(result.loaded)} files loaded, {len(result.failed)} refused: "
        f"{result.rows_read:,} rows read = {result.rows_loaded:,} loaded + "
        f"{result.rows_quarantined:,} quarantined.",
        highlight=False,
    )
    return result
