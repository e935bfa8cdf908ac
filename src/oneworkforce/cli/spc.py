"""`oneworkforce spc`: a metric's Making Data Count chart for one slice, as a table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oneworkforce.cli import output
from oneworkforce.errors import OneWorkforceError
from oneworkforce.spc.rules import RULES


def spc(
    metric: Annotated[str, typer.Argument(help="A metric id (e.g. sickness_rate).")],
    where: Annotated[
        str,
        typer.Option("--where", help="The slice, e.g. org=RXA,staff_group=nursing (default all)."),
    ] = "",
    start: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    target: Annotated[float | None, typer.Option("--target", help="Target value.")] = None,
    baseline: Annotated[
        int | None, typer.Option("--baseline", help="Fix limits on the first N points (12+).")
    ] = None,
    rebase: Annotated[
        str, typer.Option("--rebase", help="Months a process change starts, comma-separated.")
    ] = "",
    run_length: Annotated[
        int, typer.Option("--run-length", help="Points in a shift or trend: 7 or 6.")
    ] = 7,
    no_screen: Annotated[
        bool, typer.Option("--no-screen", help="Keep large moving ranges (MDC Excel tool).")
    ] = False,
    file_format: Annotated[
        str, typer.Option("--format", help="table, csv, xlsx or parquet.")
    ] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="File to write.")] = None,
) -> None:
    """Making Data Count SPC (XmR) chart of a metric: limits, which rule each point breaks,
    and the variation and assurance icons."""
    from oneworkforce.cli.main import _ready_settings
    from oneworkforce.metrics import get_metric
    from oneworkforce.spc.series import metric_series, parse_slice, rules_broken, series_chart
    from oneworkforce.warehouse import open_warehouse

    chosen = parse_slice(where, "--where")
    get_metric(metric)
    if run_length not in (6, 7):
        raise OneWorkforceError("--run-length is 6 or 7.")
    with open_warehouse(_ready_settings(), read_only=True) as warehouse:
        tables = warehouse.extract_tables()
        frame = metric_series(tables, metric, chosen, start, end)
    chart = series_chart(
        frame,
        metric,
        target,
        baseline,
        [m.strip() for m in rebase.split(",") if m.strip()],
        not no_screen,
        run_length,
    )
    if chart.points.empty:  # every month empty: nothing to chart
        raise OneWorkforceError(f"No {metric} values to chart for {where or 'the system'}.")
    points = chart.points.rename(columns={"x": "month"})
    rules = list(RULES)
    points.insert(
        points.columns.get_loc("special_cause"),
        "rules",
        [", ".join(broken) for broken in rules_broken(points)],
    )
    summary = (
        f"{metric} ({where or 'system'}): variation {chart.variation}, assurance "
        f"{chart.assurance or 'no target'}"
    )
    if file_format == "table":
        shown = points[["month", "value", "mean", "lower", "upper", "rules", "point_type"]]
        rows = shown.round(3).astype(object).where(shown.notna(), None).values.tolist()
        output.print_rows(summary, list(shown.columns), rows)
        for warning in chart.warnings:
            output.console.print(f"Note: {warning}")
        return
    from oneworkforce.export import write_table

    if out is None:
        raise OneWorkforceError(f"Give a file to write with --out for --format {file_format}.")
    write_table(points.drop(columns=rules), out, file_format)
    output.console.print(f"{summary}; {len(points)} points written to {out}")
