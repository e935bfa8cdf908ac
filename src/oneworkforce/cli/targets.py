"""`oneworkforce targets`: the system's targets, loaded from a file, listed with their status."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from oneworkforce.cli import output
from oneworkforce.config import Settings

if TYPE_CHECKING:  # the metrics catalogue loads only when a targets command runs
    import pandas as pd
    from sqlalchemy.orm import Session

    from oneworkforce.targets.store import TargetSpec

app = typer.Typer(
    help="Targets: a metric, a slice of the system, a value and a due month, with an optional "
    "baseline and trajectory. Load them from a CSV or Excel file (see docs/targets.md) and "
    "see how each stands against the latest data.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

STATUS_STYLES = {
    "met": "bold green",
    "on track": "green",
    "off track": "yellow",
    "missed": "bold red",
    "no data": "dim",
}


def _settings() -> Settings:
    # Imported here: main imports this module to register it.
    from oneworkforce.cli.main import _ready_settings

    return _ready_settings()


@contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    """One transaction on an up-to-date application database (homes made before targets too)."""
    from oneworkforce.appdb import create_app_engine, session_scope, upgrade

    upgrade(settings.database_url)
    engine = create_app_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def _actor() -> str:
    from oneworkforce.cli.audit import current_user

    return current_user()


def _stored(settings: Settings) -> list[TargetSpec]:
    from oneworkforce.targets.store import list_targets, spec_of

    with _session(settings) as session:
        return [spec_of(target) for target in list_targets(session)]


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def goal(spec: TargetSpec) -> str:
    """The target in words: 'at most 5', 'at most baseline -1', 'at least +10 % a year',
    'rank 1 or better within region'."""
    if spec.target_type == "rank":
        return f"rank {spec.target_value:g} or better within {spec.peer_group}"
    words = spec.comparison.replace("_", " ")
    if spec.kind == "change_points":
        return f"{words} baseline {spec.target_value:+,g}"
    if spec.kind == "change_per_year_percent":
        return f"{words} {spec.target_value:+g} % a year"
    return f"{words} {_number(spec.target_value)}"


def evaluate(settings: Settings, specs: list[TargetSpec]) -> pd.DataFrame:
    """Each target's status from the warehouse."""
    from oneworkforce.targets.status import evaluate_targets
    from oneworkforce.warehouse import open_warehouse

    with open_warehouse(settings, read_only=True) as warehouse:
        tables = warehouse.extract_tables()
        return evaluate_targets(specs, tables)


def print_status(frame: pd.DataFrame, title: str) -> None:
    """A table of targets with their status in colour, and why."""
    import pandas as pd

    from oneworkforce.targets.status import describe

    table = Table(
        "target",
        "slice",
        "latest",
        "expected now",
        "target value",
        "status",
        "why",
        title=title,
        title_justify="left",
    )
    for row in frame.itertuples():
        unit = row.unit if isinstance(row.unit, str) else ""
        latest = (
            f"{describe(row.latest_value, unit)} ({row.latest_month})"
            if pd.notna(row.latest_value)
            else ""
        )
        expected = describe(row.expected_value, unit) if pd.notna(row.expected_value) else ""
        target = (
            f"{describe(row.target, unit)} by {row.due_month}"
            if pd.notna(row.target)
            else f"by {row.due_month}"
        )
        style = STATUS_STYLES.get(row.status, "")
        table.add_row(
            row.name,
            row.slice or "system",
            latest,
            expected,
            target,
            f"[{style}]{row.status}[/]",
            row.reason,
        )
    output.console.print(table)


@app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="A targets file (.csv or .xlsx).")],
) -> None:
    """Load targets from a file, one row per target. A name already stored is updated; if any
    row is bad, nothing is loaded and each bad row is listed with its row number."""
    from oneworkforce.targets.files import load_targets

    with _session(_settings()) as session:
        summary = load_targets(session, path, actor=_actor())
    output.console.print(
        f"{path.name}: {summary.rows} targets read = {len(summary.created)} created + "
        f"{len(summary.updated)} updated + {len(summary.unchanged)} unchanged.",
        highlight=False,
    )


@app.command("list")
def list_command(
    status: Annotated[
        bool, typer.Option("--status", help="Judge each target against the latest data.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The stored targets; with `--status`, how each stands (met, on track, off track,
    missed or no data) and why."""
    settings = _settings()
    specs = _stored(settings)
    if not specs:
        output.console.print("No targets yet: add one with `targets add` or `targets load FILE`.")
        return
    if status:
        frame = evaluate(settings, specs)
        if as_json:
            print(frame.to_json(orient="records", indent=1))
            return
        print_status(frame, "Targets")
        return
    headers = ["name", "metric", "slice", "goal", "due", "baseline", "trajectory", "owner"]
    rows = [
        [
            spec.name,
            spec.metric_id,
            ";".join(f"{k}={v}" for k, v in spec.slice.items()) or "system",
            goal(spec),
            spec.due_month,
            " ".join(
                str(part) for part in (spec.baseline_month, spec.baseline_value) if part is not None
            ),
            len(spec.trajectory or []) or "",
            spec.owner,
        ]
        for spec in specs
    ]
    output.print_rows("Targets", headers, rows, as_json)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A name for the target, unique among targets.")],
    metric: Annotated[
        str, typer.Option("--metric", "-m", help="Metric id (see `oneworkforce metrics`).")
    ],
    target: Annotated[
        float,
        typer.Option(
            "--target",
            "-t",
            help="The value; with --kind change_points a change from the baseline, with "
            "change_per_year_percent a yearly % change.",
        ),
    ],
    due: Annotated[str, typer.Option("--due", help="Due month, YYYY-MM.")],
    slice_text: Annotated[
        str,
        typer.Option(
            "--slice",
            help="Dimensions and values, e.g. staff_group=nursing;org=RXA (default: "
            "the whole system).",
        ),
    ] = "",
    comparison: Annotated[
        str | None,
        typer.Option(
            "--comparison",
            help="at_most or at_least (default: from the metric's good direction).",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="absolute, change_points or change_per_year_percent.")
    ] = "absolute",
    baseline_month: Annotated[
        str | None, typer.Option("--baseline-month", help="Baseline month, YYYY-MM.")
    ] = None,
    baseline_value: Annotated[
        float | None,
        typer.Option("--baseline-value", help="Baseline value (default: the data's, that month)."),
    ] = None,
    trajectory: Annotated[
        str, typer.Option("--trajectory", help="Milestones, e.g. 2025-03:5.2;2026-03:4.8.")
    ] = "",
    owner: Annotated[str | None, typer.Option("--owner", help="Who answers for it.")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where it comes from (e.g. the plan).")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Anything else.")] = None,
    target_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="value, or rank: --metric is then a staff survey score (e.g. "
            "staff_engagement), --target the wanted rank (1 = highest) and --slice the subject "
            "(none: the ICS; org=CODE).",
        ),
    ] = "value",
    peer_group: Annotated[
        str | None,
        typer.Option(
            "--peer-group",
            help="For a rank target: region for an ICS; sector (default), region, ics or "
            "england for an organisation.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add one target. To change a stored one, load a file with its name (loads update by
    name), or remove it and add it again."""
    from oneworkforce.targets.files import parse_slice, parse_trajectory
    from oneworkforce.targets.store import TargetError, add_target, validate_target

    problems: list[str] = []
    slice_ = parse_slice(slice_text, problems)
    points = parse_trajectory(trajectory, problems)
    if problems:
        raise TargetError(f"Target {name!r} is not valid: {'; '.join(problems)}.", problems)
    spec = validate_target(
        name=name,
        metric_id=metric,
        slice=slice_,
        target_value=target,
        comparison=comparison,
        kind=kind,
        due_month=due,
        baseline_month=baseline_month,
        baseline_value=baseline_value,
        trajectory=points,
        owner=owner,
        source=source,
        notes=notes,
        target_type=target_type,
        peer_group=peer_group,
    )
    with _session(_settings()) as session:
        add_target(session, spec, actor=_actor())
    output.console.print(f"Target {spec.name!r} added: {spec.metric_id} {goal(spec)} by {due}.")


@app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="The target's name.")]) -> None:
    """Remove a target (the audit trail keeps what it was)."""
    from oneworkforce.targets.store import remove_target

    with _session(_settings()) as session:
        remove_target(session, name, actor=_actor())
    output.console.print(f"Target {name.strip()!r} removed.")


@app.command("export")
def export(
    path: Annotated[Path, typer.Argument(help="File to write (.csv or .xlsx).")],
) -> None:
    """Write every target to a file in the columns `targets load` reads, to edit and reload."""
    from oneworkforce.targets.files import export_targets

    count = export_targets(_stored(_settings()), path)
    output.console.print(f"{count} target{'' if count == 1 else 's'} written to {path}")


def show_seeded_targets(settings: Settings) -> None:
    """For the demo: store the seeded targets (again, harmlessly) and show how each stands."""
    from oneworkforce.targets.seeds import PLAN, SEED_TARGETS, seed_targets

    with _session(settings) as session:
        result = seed_targets(session, actor=_actor())
    stored = {spec.name: spec for spec in _stored(settings)}
    seeded = [stored[seed["name"]] for seed in SEED_TARGETS if seed["name"] in stored]
    frame = evaluate(settings, seeded)
    print_status(frame, f"Targets from the {PLAN}")
    for name, why in result.skipped:
        output.console.print(f"[dim]Not seeded: {name} ({why}).[/]", highlight=False)
