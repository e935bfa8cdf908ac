"""`oneworkforce equality`: the WRES and WDES indicator tables, as analysts submit them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oneworkforce.cli import output
from oneworkforce.errors import OneWorkforceError

app = typer.Typer(
    help="Workforce Race and Disability Equality Standards (WRES, WDES): every indicator for "
    "an organisation or the whole system for a year ending 31 March, with the counts behind "
    "it. Definitions, sources and the handling of unknown ethnicity and disability: "
    "docs/equality.md.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        help="ODS code of one organisation (default: the whole system).",
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        help="The year ending 31 March YYYY (default: the latest with a March snapshot). The "
        "staff survey used is the one of the autumn before.",
        show_default=False,
    ),
]
FormatOption = Annotated[str, typer.Option("--format", help="table, csv, xlsx or parquet.")]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="File to write (csv, xlsx, parquet).")
]
ShareOption = Annotated[
    bool,
    typer.Option(
        "--share",
        help="Mark the table for sharing: counts of fewer people than the threshold are "
        "hidden, with any cell that would reveal them and every figure worked out from them; "
        "survey results from 10 or fewer responses too.",
    ),
]
ThresholdOption = Annotated[
    int, typer.Option("--threshold", help="With --share: the smallest count of people shown.")
]


def _report(
    standard: str,
    org: str | None,
    year: int | None,
    file_format: str,
    out: Path | None,
    share: bool,
    threshold: int,
) -> None:
    # Imported here: main imports this module to register it.
    from oneworkforce.cli.main import _ready_settings
    from oneworkforce.export import FORMATS, write_table
    from oneworkforce.metrics.equality_report import equality_report
    from oneworkforce.warehouse import open_warehouse

    if file_format not in ("table", *FORMATS):
        raise OneWorkforceError(f"Unknown format {file_format!r}: use table, {', '.join(FORMATS)}.")
    if file_format != "table" and out is None:
        raise OneWorkforceError(f"Give a file to write with --out for --format {file_format}.")
    with open_warehouse(_ready_settings(), read_only=True) as warehouse:
        tables = warehouse.extract_tables()
        frame = equality_report(tables, standard, year, org, share, threshold)
    if file_format != "table":
        write_table(frame, out, file_format)
        output.console.print(f"{len(frame):,} rows written to {out}")
        return
    scope, year = frame["scope"].iloc[0], int(frame["year"].iloc[0])
    shown = frame.drop(columns=["scope", "year"]).round(2)
    shown = shown.astype(object).where(shown.notna(), None)
    marked = " (for sharing)" if share else ""
    title = f"{standard.upper()} {scope}, year to 31 March {year}{marked}"
    output.print_rows(title, list(shown.columns), shown.values.tolist())


@app.command("wres")
def wres(
    org: OrgOption = None,
    year: YearOption = None,
    file_format: FormatOption = "table",
    out: OutOption = None,
    share: ShareOption = False,
    threshold: ThresholdOption = 5,
) -> None:
    """WRES indicators 1-9: representation by band, appointment from shortlisting,
    disciplinary, non-mandatory training and CPD, staff survey, board."""
    _report("wres", org, year, file_format, out, share, threshold)


@app.command("wdes")
def wdes(
    org: OrgOption = None,
    year: YearOption = None,
    file_format: FormatOption = "table",
    out: OutOption = None,
    share: ShareOption = False,
    threshold: ThresholdOption = 5,
) -> None:
    """WDES metrics 1-10: representation by cluster, appointment from shortlisting,
    capability, staff survey, board."""
    _report("wdes", org, year, file_format, out, share, threshold)
