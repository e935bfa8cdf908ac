"""`oneworkforce`: load partner workforce extracts into one privacy-safe system picture."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from oneworkforce import __version__
from oneworkforce.cli import output
from oneworkforce.cli.equality import app as equality_app
from oneworkforce.cli.plan import app as plan_app
from oneworkforce.cli.published import app as published_app
from oneworkforce.cli.spc import spc
from oneworkforce.cli.survey import app as survey_app
from oneworkforce.cli.synthesis import synthesise
from oneworkforce.cli.targets import app as targets_app
from oneworkforce.config import Settings, default_home, initialise_home, load_settings
from oneworkforce.errors import OneWorkforceError

app = typer.Typer(
    help="OneWorkforce: one workforce picture for an NHS Integrated Care System.\n\n"
    "Start with `oneworkforce init`, load the organisations extract, then load the other "
    "extracts (a file or a whole folder). `oneworkforce demo` does all of that on a "
    "synthetic ICS.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(equality_app, name="equality")
app.add_typer(plan_app, name="plan")
app.add_typer(published_app, name="published")
app.add_typer(survey_app, name="survey")
app.add_typer(targets_app, name="targets")
app.command("spc")(spc)

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Folder for settings, key, warehouse and application database "
        "(env ONEWORKFORCE_HOME; default ~/.oneworkforce).",
        show_default=False,
    ),
]


class _State:
    home: Path | None = None

    def settings(self) -> Settings:
        return load_settings(self.home)


state = _State()


@app.callback()
def main(
    home: HomeOption = None,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    if version:
        output.console.print(f"oneworkforce {__version__}")
        raise typer.Exit()
    state.home = home


def run() -> None:
    """Entry point: user-facing errors become a message and an exit code, not a traceback."""
    try:
        app(standalone_mode=False)
    except OneWorkforceError as exc:
        output.error(str(exc))
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        output.error("interrupted; any load in progress was rolled back.")
        raise SystemExit(130) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        raise SystemExit(1) from None
    except Exception as exc:  # a usage error (typer's click), or a fault of ours
        usage = callable(getattr(exc, "show", None))
        if usage and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            raise SystemExit(exc.exit_code) from None
        if os.environ.get("ONEWORKFORCE_DEBUG"):
            raise
        output.error(
            f"unexpected {type(exc).__name__}: {exc}. Set ONEWORKFORCE_DEBUG=1 to see details, "
            "and please report it."
        )
        raise SystemExit(70) from None


@app.command()
def init() -> None:
    """Create the home folder: settings, the pseudonymisation key, warehouse and app database."""
    from oneworkforce.appdb import migrate
    from oneworkforce.warehouse import open_warehouse

    settings, created = initialise_home(state.home)
    with open_warehouse(settings):
        pass
    migrate.upgrade(settings.database_url)
    output.console.print(f"OneWorkforce home: {settings.home}")
    output.console.print(f"  warehouse:            {settings.warehouse_path}")
    output.console.print(f"  application database: {_safe_url(settings.database_url)}")
    key_state = "created" if created else "kept (already present)"
    output.console.print(f"  pseudonymisation key: {settings.key_file} ({key_state})")
    if created:
        output.warn(
            "keep a secure copy of the key: without it, new loads cannot be linked to earlier ones."
        )


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def load(
    path: Annotated[
        Path, typer.Argument(help="An extract file (.csv, .xlsx, .parquet) or a folder of them.")
    ],
    extract: Annotated[
        str | None,
        typer.Option(
            "--extract",
            "-e",
            help="Which extract the file is (e.g. staff_in_post). Default: from the "
            "file or folder name.",
        ),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="ODS code of the sending organisation: fills a missing "
            "org_code column, and rows for other organisations are quarantined.",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Month of the extract, YYYY-MM: rows from other months are quarantined.",
        ),
    ] = None,
) -> None:
    """Check and load extracts. Each file replaces earlier data for the same organisation and
    month; rows that break a rule of the data standard are quarantined, never loaded."""
    from oneworkforce.cli.audit import auditor
    from oneworkforce.cli.loading import load_folder_with_progress
    from oneworkforce.ingest import load_file
    from oneworkforce.warehouse import open_warehouse

    settings = _ready_settings()
    with auditor(settings) as audit, open_warehouse(settings) as warehouse:
        if path.is_dir():
            result = load_folder_with_progress(
                warehouse, settings, path, audit, extract=extract, org=org, period=period
            )
            if result.failed:
                raise typer.Exit(3)
            return
        try:
            with output.load_progress() as progress:
                result = load_file(
                    warehouse,
                    settings,
                    path,
                    extract=extract,
                    org=org,
                    period=period,
                    progress=progress,
                )
        except OneWorkforceError as exc:
            audit.load(str(path), None, str(exc))
            raise
        audit.load(str(path), result, None)
        output.print_load(result)


def _ready_settings() -> Settings:
    settings = state.settings()
    if not settings.key_file.exists():
        raise OneWorkforceError(
            f"OneWorkforce is not set up in {settings.home}. Run `oneworkforce init` first."
        )
    return settings


@app.command()
def loads(
    limit: Annotated[int, typer.Option(help="How many of the latest loads to show.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The load log: every load with its counts (read = loaded + quarantined) and checksum."""
    from oneworkforce.warehouse import open_warehouse
    from oneworkforce.warehouse.history import load_log

    with open_warehouse(_ready_settings(), read_only=True) as warehouse:
        rows = load_log(warehouse, limit)
    headers = [
        "load",
        "extract",
        "version",
        "file",
        "status",
        "read",
        "loaded",
        "quarantined",
        "replaced",
        "scopes",
        "finished",
        "checksum",
    ]
    output.print_rows("Loads (latest first)", headers, rows, as_json)


@app.command()
def quarantine(
    load_id: Annotated[int, typer.Argument(help="The load number (see `oneworkforce loads`).")],
    limit: Annotated[int, typer.Option(help="How many rows to show.")] = 50,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="Write all quarantined rows to this CSV file.")
    ] = None,
) -> None:
    """The rows of a load that broke a rule: file row, column, value and the rule."""
    from oneworkforce.warehouse import open_warehouse
    from oneworkforce.warehouse.history import export_quarantine, quarantined_rows

    with open_warehouse(_ready_settings(), read_only=True) as warehouse:
        if csv is not None:
            count = export_quarantine(warehouse, load_id, csv)
            output.console.print(f"{count:,} quarantine entries written to {csv}")
            return
        rows = quarantined_rows(warehouse, load_id, limit)
    output.print_rows(
        f"Quarantine of load {load_id}", ["row", "column", "value", "rule", "message"], rows
    )


@app.command()
def metrics(
    metric: Annotated[
        str | None, typer.Argument(help="A metric id (e.g. vacancy_rate); omit to list them.")
    ] = None,
    by: Annotated[
        str, typer.Option("--by", help="Dimensions, comma-separated (e.g. org,staff_group).")
    ] = "",
    start: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    file_format: Annotated[
        str, typer.Option("--format", help="table, csv, xlsx or parquet.")
    ] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (csv, xlsx, parquet).")
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the metric catalogue as Markdown.")
    ] = False,
    share: Annotated[
        bool,
        typer.Option(
            "--share",
            help="Mark the output for sharing: counts of fewer than 5 people are suppressed "
            "(with any cell that would reveal them) and rates on small numbers flagged.",
        ),
    ] = False,
    threshold: Annotated[
        int,
        typer.Option(
            "--threshold",
            help="With --share: the smallest count of people shown (default 5).",
        ),
    ] = 5,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="duckdb, or spark to run the same definitions on PySpark in local mode "
            "(needs `pip install 'oneworkforce[spark]'` and Java 17+).",
        ),
    ] = "duckdb",
) -> None:
    """Workforce metrics for any slice of the system, month by month."""
    from contextlib import ExitStack

    from oneworkforce.metrics import CATALOGUE, compute_metric
    from oneworkforce.warehouse import open_warehouse

    if markdown:
        from oneworkforce.metrics.document import render_markdown

        print(render_markdown(), end="")
        return
    if metric is None:
        rows = [
            [m.id, m.name, m.unit, m.good_direction, ", ".join(sorted(m.dimensions))]
            for m in CATALOGUE.values()
        ]
        output.print_rows("Metrics", ["metric", "name", "unit", "good", "dimensions"], rows)
        return
    if engine not in ("duckdb", "spark"):
        raise OneWorkforceError(f"Unknown engine '{engine}': use duckdb or spark.")
    dimensions = [d.strip() for d in by.split(",") if d.strip()]
    settings = _ready_settings()
    with ExitStack() as stack:
        warehouse = stack.enter_context(open_warehouse(settings, read_only=True))
        if engine == "spark":
            from oneworkforce.warehouse.spark import spark_tables

            # The exports stay in the home folder: they hold the warehouse's rows.
            tables = stack.enter_context(
                spark_tables(warehouse, temp_directory=settings.temp_directory)
            )
        else:
            tables = warehouse.extract_tables()
        frame = compute_metric(
            tables, metric, dimensions, start, end, shared=share, threshold=threshold
        )
    frame = frame.drop(columns=["month_index"])
    if file_format == "table":
        rows = frame.round(3).astype(object).where(frame.notna(), None).values.tolist()
        output.print_rows(f"{metric}", list(frame.columns), rows)
        return
    from oneworkforce.export import write_table

    if out is None:
        raise OneWorkforceError(f"Give a file to write with --out for --format {file_format}.")
    write_table(frame, out, file_format)
    output.console.print(f"{len(frame):,} rows written to {out}")


@app.command()
def pack(
    out: Annotated[Path, typer.Option("--out", help="Workbook (xlsx) or folder (csv, parquet).")],
    by: Annotated[
        str, typer.Option("--by", help="Dimensions, comma-separated (e.g. org,staff_group).")
    ] = "org,staff_group",
    metric_ids: Annotated[
        str, typer.Option("--metrics", help="Metric ids, comma-separated; default all.")
    ] = "",
    start: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    file_format: Annotated[str, typer.Option("--format", help="xlsx, csv or parquet.")] = "xlsx",
    share: Annotated[
        bool,
        typer.Option("--share", help="Mark the pack for sharing (small numbers suppressed)."),
    ] = False,
    threshold: Annotated[
        int, typer.Option("--threshold", help="With --share: the smallest count shown.")
    ] = 5,
) -> None:
    """Many metrics at once, each split by as much of --by as it allows: one workbook with a
    contents sheet and a sheet per metric, or a folder of files."""
    from oneworkforce.export import write_tables
    from oneworkforce.metrics import compute_pack
    from oneworkforce.metrics.pack import pack_contents
    from oneworkforce.warehouse import open_warehouse

    dimensions = [d.strip() for d in by.split(",") if d.strip()]
    ids = [m.strip() for m in metric_ids.split(",") if m.strip()] or None
    settings = _ready_settings()
    with open_warehouse(settings, read_only=True) as warehouse:
        tables = warehouse.extract_tables()
        results = compute_pack(
            tables, dimensions, ids, start, end, shared=share, threshold=threshold
        )
    contents = pack_contents(results, dimensions)
    frames = {k: v.drop(columns=["month_index"], errors="ignore") for k, v in results.items()}
    write_tables(frames, contents, out, file_format)
    empty = [k for k, v in results.items() if v.empty]
    output.console.print(
        f"{len(results) - len(empty)} metrics written to {out}"
        + (f"; no data for {len(empty)}: {', '.join(empty)}" if empty else "")
    )


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """What the warehouse holds: rows, organisations and months for each extract."""
    from oneworkforce.warehouse import open_warehouse
    from oneworkforce.warehouse.summary import summarise

    with open_warehouse(_ready_settings(), read_only=True) as warehouse:
        rows = [
            [
                s.extract,
                f"{s.rows:,}",
                s.organisations or "",
                s.first_period or "",
                s.last_period or "",
            ]
            for s in summarise(warehouse)
        ]
    output.print_rows(
        "Warehouse", ["extract", "rows", "organisations", "from", "to"], rows, as_json
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web pages and their JSON API on the warehouse (API docs at /api/docs)."""
    from oneworkforce.cli.serving import serve_dashboard

    serve_dashboard(_ready_settings(), host, port)


@app.command()
def standard(
    extract: Annotated[
        str | None, typer.Argument(help="An extract name; omit to list them all.")
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the whole standard as Markdown.")
    ] = False,
) -> None:
    """The data standard: extracts, their columns, types, codes and rules."""
    from oneworkforce.standard import EXTRACTS, get_extract

    if markdown:
        from oneworkforce.standard.document import render_markdown

        print(render_markdown(), end="")
        return
    if extract is None:
        rows = [[e.name, e.version, e.title, e.description] for e in EXTRACTS.values()]
        output.print_rows(
            "Data standard v1", ["extract", "version", "title", "what it holds"], rows
        )
        return
    definition = get_extract(extract)
    rows = [
        [
            c.name,
            "yes" if c.required else "",
            c.type.describe(),
            ", ".join(c.aliases[:3]),
            c.description,
        ]
        for c in definition.columns
    ]
    output.print_rows(
        f"{definition.title} (v{definition.version})",
        ["column", "required", "type", "also accepted as", "meaning"],
        rows,
    )


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the extracts to.")],
    staff: Annotated[int, typer.Option(help="Approximate headcount of the ICS.", min=100)] = 40_000,
    months: Annotated[int, typer.Option(help="Months of history.", min=1, max=240)] = 60,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")] = 0,
    faults: Annotated[
        float,
        typer.Option(help="Share of rows given a data-quality fault (0 to 0.5).", min=0.0, max=0.5),
    ] = 0.0,
    end_month: Annotated[
        str, typer.Option("--end", help="Last month of history, YYYY-MM.")
    ] = "2026-03",
    file_format: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
) -> None:
    """Write a realistic synthetic ICS (every extract of the data standard) to a folder."""
    result = synthesise(out, staff, months, seed, faults, end_month, file_format)
    rows = [[name, f"{count:,}"] for name, count in result.rows_by_extract.items()]
    output.print_rows(f"Synthetic ICS written to {out}", ["extract", "rows"], rows)


@app.command()
def demo(
    staff: Annotated[int, typer.Option(help="Approximate headcount of the demo ICS.")] = 40_000,
    months: Annotated[int, typer.Option(help="Months of history.")] = 60,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2026,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="End by serving the dashboard.")
    ] = True,
    host: Annotated[str, typer.Option("--host", help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8000,
) -> None:
    """Synthesise a demo ICS (if not there yet), load it, summarise the warehouse, then serve
    the dashboard on it until Ctrl+C (``--no-serve`` to stop after the summary).

    The demo has its own home folder (``demo`` inside the home), so it never mixes with
    real data."""
    from oneworkforce.cli.demo import run_demo
    from oneworkforce.cli.serving import serve_dashboard

    home = (state.home or default_home()).expanduser() / "demo"
    settings = run_demo(home, staff=staff, months=months, seed=seed)
    if serve:
        serve_dashboard(settings, host, port, what="The dashboard of the demo ICS")


if __name__ == "__main__":  # pragma: no cover
    run()
