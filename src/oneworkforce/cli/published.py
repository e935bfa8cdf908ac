"""`oneworkforce published`: national statistics beside the ICS's own data, never mixed in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from oneworkforce.cli import output
from oneworkforce.config import Settings
from oneworkforce.errors import OneWorkforceError

app = typer.Typer(
    help="Published national statistics (NHS England's NHS Sickness Absence Rates), kept "
    "apart from the partners' own data, to compare the ICS with other ICSs and England.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


def _settings() -> Settings:
    # Imported here: main imports this module to register it.
    from oneworkforce.cli.main import _ready_settings

    return _ready_settings()


@app.command("load")
def load(
    path: Annotated[
        Path,
        typer.Argument(
            help="The NHS Sickness Absence Rates file (CSV with the publication's columns)."
        ),
    ],
) -> None:
    """Import NHS England's monthly sickness absence rates by organisation.

    The file's organisations are registered in `published_organisations` and its figures
    loaded into `published_sickness_absence`, apart from the partners' own extracts. Each
    month of each organisation replaces what an earlier file gave for it; rows the
    publication suppresses (330 or fewer FTE days available) are quarantined as
    `fte_days_available.suppressed`.
    """
    from oneworkforce.cli.audit import auditor
    from oneworkforce.published import import_sickness_rates
    from oneworkforce.warehouse import open_warehouse

    settings = _settings()
    with auditor(settings) as audit, open_warehouse(settings) as warehouse:

        def record(result) -> None:
            label = "organisation register" if result.extract == "published_organisations" else ""
            audit.load(f"{path} ({label})" if label else str(path), result, None)

        try:
            with output.load_progress() as progress:
                result = import_sickness_rates(
                    warehouse, settings, path, progress=progress, on_load=record
                )
        except OneWorkforceError as exc:
            audit.load(str(path), None, str(exc))
            raise
    output.print_load(result.organisations)
    output.print_load(result.sickness)
    output.console.print(
        f"{result.file_name}: {result.rows_read:,} rows read = {result.rows_loaded:,} loaded + "
        f"{result.rows_quarantined:,} quarantined ({result.suppressed:,} suppressed in the "
        f"publication); {result.organisations.rows_loaded:,} organisations registered.",
        highlight=False,
    )
    if result.unmapped_types:
        output.warn(
            "organisation types with no sector, recorded as `other`: "
            + ", ".join(result.unmapped_types)
        )
    if result.refused_organisations:
        output.warn(
            "organisations not registered (their figures are quarantined as "
            "org_code.published): " + ", ".join(result.refused_organisations[:20])
        )


@app.command("sickness")
def sickness(
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="org, system (ICS), region or england (the default).", show_default=False
        ),
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    file_format: Annotated[
        str, typer.Option("--format", help="table, csv, xlsx or parquet.")
    ] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (csv, xlsx, parquet).")
    ] = None,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare",
            help="The ICS's own rate (from its partners' data) beside every ICS and England "
            "as published.",
        ),
    ] = False,
    ics: Annotated[
        str | None,
        typer.Option(
            "--ics",
            help="With --compare: the ICS's code in the publication (default: found from "
            "the partner register).",
        ),
    ] = None,
) -> None:
    """Sickness absence rates recomputed from the published figures, month by month.

    Rates are sums of FTE days lost over sums of FTE days available, never averages of
    rates; at `--by org` the published rate is shown beside the recomputed one.
    """
    from oneworkforce.published import compare_sickness, published_sickness
    from oneworkforce.warehouse import open_warehouse

    if compare and by is not None:
        raise OneWorkforceError("--compare shows every ICS and England; leave out --by.")
    if ics is not None and not compare:
        raise OneWorkforceError("--ics applies to --compare only.")
    from oneworkforce.export import FORMATS

    if file_format not in ("table", *FORMATS):
        raise OneWorkforceError(f"Unknown format {file_format!r}: use table, {', '.join(FORMATS)}.")
    if file_format != "table" and out is None:
        raise OneWorkforceError(f"Give a file to write with --out for --format {file_format}.")
    with open_warehouse(_settings(), read_only=True) as warehouse:
        if compare:
            frame = compare_sickness(warehouse, ics, start, end)
            title = "Sickness absence rate: the ICS beside every ICS and England"
        else:
            frame = published_sickness(warehouse, by or "england", start, end)
            title = f"Sickness absence rate (published), by {by or 'england'}"
    if compare and not (frame["source"] == "own data").any():
        output.warn(
            "no sickness absence of the ICS's own for these months: only published figures "
            "are shown."
        )
    _write(frame, title, file_format, out)


def _write(frame: pd.DataFrame, title: str, file_format: str, out: Path | None) -> None:
    if file_format == "table":
        shown = frame.round(3).astype(object).where(frame.notna(), None)
        output.print_rows(title, list(frame.columns), shown.values.tolist())
        return
    from oneworkforce.export import write_table

    write_table(frame, out, file_format)
    output.console.print(f"{len(frame):,} rows written to {out}")
