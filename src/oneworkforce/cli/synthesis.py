"""The synthetic ICS behind a progress bar."""

from __future__ import annotations

from pathlib import Path

from oneworkforce.cli import output
from oneworkforce.errors import OneWorkforceError


def synthesise(
    out: Path, staff: int, months: int, seed: int, faults: float, end_month: str, file_format: str
):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from oneworkforce.synth import generate_ics

    if file_format not in ("csv", "parquet"):
        raise OneWorkforceError("--format must be csv or parquet.")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=output.errors,
        transient=True,
        disable=not output.errors.is_terminal,
    ) as progress:
        task = progress.add_task("synthesising", total=None)

        def report(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, completed=done, total=total)

        return generate_ics(
            out,
            staff=staff,
            months=months,
            seed=seed,
            end_month=end_month,
            fault_rate=faults,
            file_format=file_format,
            progress=report,
        )
