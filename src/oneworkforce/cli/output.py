"""Console output for the CLI: one place for tables, errors and progress bars."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from oneworkforce.ingest import LoadProgress, LoadResult

# Messages are not wrapped, so a line written to a log file stays one line.
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def error(message: str) -> None:
    errors.print(f"[bold red]Error:[/] {message}", highlight=False)


def warn(message: str) -> None:
    errors.print(f"[yellow]Warning:[/] {message}", highlight=False)


@contextmanager
def load_progress(total_bytes: int | None = None):
    """A byte-based progress bar that spans one file or a whole folder."""
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(
        *columns, console=errors, transient=True, disable=not errors.is_terminal
    ) as progress:
        task = progress.add_task("reading", total=total_bytes)

        def on_start(name: str, size: int) -> None:
            if total_bytes is None:
                progress.reset(task, total=size)
            progress.update(task, description=f"{name}: reading")

        def on_step(text: str) -> None:
            current = progress.tasks[0].description.split(":")[0]
            progress.update(task, description=f"{current}: {text}")

        yield LoadProgress(
            on_start=on_start,
            on_bytes=lambda n: progress.advance(task, n),
            on_step=on_step,
        )


def print_load(result: LoadResult) -> None:
    status = (
        "[green]loaded[/]" if result.rows_quarantined == 0 else "[yellow]loaded with quarantine[/]"
    )
    console.print(
        f"{result.file_name} → {result.extract} (standard v{result.schema_version}) {status}: "
        f"{result.rows_read:,} read = {result.rows_loaded:,} loaded + "
        f"{result.rows_quarantined:,} quarantined; {result.rows_replaced:,} earlier rows "
        f"replaced [dim](load {result.load_id}, {result.seconds:.1f} s)[/]",
        highlight=False,
    )
    for warning in result.warnings:
        warn(f"{result.file_name}: {warning}")
    if result.rule_counts:
        table = Table(
            "rule broken",
            "rows",
            title=f"Quarantined rows in load {result.load_id}",
            title_justify="left",
        )
        for rule, count in result.rule_counts.items():
            table.add_row(rule, f"{count:,}")
        console.print(table)


def print_rows(title: str, headers: list[str], rows: list[list], as_json: bool = False) -> None:
    if as_json:
        print(json.dumps([dict(zip(headers, r, strict=True)) for r in rows], default=str, indent=1))
        return
    table = Table(*headers, title=title, title_justify="left")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
