"""`oneworkforce plan`: workforce supply and demand projections from scenario files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from oneworkforce.cli import output
from oneworkforce.errors import OneWorkforceError

if TYPE_CHECKING:
    import pandas as pd

    from oneworkforce.config import Settings
    from oneworkforce.planning import PlanResult

app = typer.Typer(
    help="Workforce plans: project supply (staff in post, joiners, leavers, moves) against "
    "demand (establishment and its drivers) for five years or more, with P10/P50/P90 bands "
    "and the chance of meeting each target. Scenarios are YAML files: see docs/planning.md.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

RunsOption = Annotated[
    int | None,
    typer.Option("--runs", help="Monte Carlo runs (default: the scenario's, 1000).", min=1),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Write every table: a workbook (.xlsx) or a folder of CSV files."),
]
LevelOption = Annotated[
    str, typer.Option("--by", help="Level of the staff group table: system, place, sector or org.")
]


def _settings() -> Settings:
    from oneworkforce.cli.main import _ready_settings

    return _ready_settings()


def _targets(settings: Settings) -> list:
    """The stored targets; none (not an error) if the application database has none."""
    from oneworkforce.cli.targets import _stored

    return _stored(settings)


def _money(value: float) -> str:
    return f"£{value / 1e6:,.1f}m"


def _band(low: float, mid: float, high: float, percent: bool = False) -> str:
    if percent:
        return f"{mid:.1f} % ({low:.1f}–{high:.1f})"
    return f"{mid:,.0f} ({low:,.0f}–{high:,.0f})"


def _check_level(level: str) -> None:
    if level not in ("system", "place", "sector", "org"):
        raise OneWorkforceError(
            f"Unknown level {level!r} for --by: use system, place, sector or org."
        )


def print_result(result: PlanResult, level: str) -> None:
    """The system year by year, each area and staff group at the end, and the targets."""
    years = result.years
    system = years[(years["level"] == "system") & (years["staff_group"] == "all")]
    table = Table(
        "year",
        "month",
        "supply FTE P50 (P10–P90)",
        "demand FTE",
        "gap FTE",
        "vacancy rate P50 (P10–P90)",
        "pay cost P50",
        title=f"{result.scenario.name}: the whole system from {result.base_month}",
        title_justify="left",
    )
    for row in system.itertuples():
        table.add_row(
            row.year,
            row.month,
            _band(row.supply_fte_p10, row.supply_fte_p50, row.supply_fte_p90),
            f"{row.demand_fte:,.0f}",
            f"{row.gap_fte_p50:,.0f}",
            _band(row.vacancy_rate_p10, row.vacancy_rate_p50, row.vacancy_rate_p90, True),
            _money(row.pay_cost_p50)
            + ("" if row.months_in_year == 12 else f" ({row.months_in_year} months)"),
        )
    output.console.print(table)
    end = years[(years["level"] == level) & (years["year"] == years["year"].iloc[-1])]
    table = Table(
        level,
        "staff group",
        "supply FTE P50 (P10–P90)",
        "demand FTE",
        "vacancy rate P50 (P10–P90)",
        title=f"In {end['month'].iloc[0]}, by {level} and staff group",
        title_justify="left",
    )
    for row in end.itertuples():
        table.add_row(
            str(row.area),
            row.staff_group,
            _band(row.supply_fte_p10, row.supply_fte_p50, row.supply_fte_p90),
            f"{row.demand_fte:,.0f}",
            _band(row.vacancy_rate_p10, row.vacancy_rate_p50, row.vacancy_rate_p90, True),
        )
    output.console.print(table)
    print_targets(result.targets)
    for note in result.notes:
        output.console.print(f"[dim]Note: {note}[/]", highlight=False)


def print_targets(frame: pd.DataFrame, title: str = "Chance of meeting each target") -> None:
    if frame.empty:
        return
    table = Table(
        "target",
        "slice",
        "due",
        "target value",
        "chance",
        "projected P50 (P10–P90)",
        "why",
        title=title,
        title_justify="left",
    )
    for row in frame.itertuples():
        chance = (
            ""
            if row.probability is None or row.probability != row.probability
            else f"{row.probability:.0f} %"
        )
        projected = (
            ""
            if row.p50 is None or row.p50 != row.p50
            else f"{row.p50:,.1f} ({row.p10:,.1f}–{row.p90:,.1f})"
        )
        target = "" if row.target is None or row.target != row.target else f"{row.target:g}"
        table.add_row(
            row.name, row.slice or "system", row.due_month, target, chance, projected, row.reason
        )
    output.console.print(table)


def _write(tables: dict[str, pd.DataFrame], out: Path, what: str) -> None:
    import pandas as pd

    from oneworkforce.export import write_tables

    file_format = "xlsx" if out.suffix.lower() == ".xlsx" else "csv"
    contents = pd.DataFrame({"table": list(tables), "rows": [len(t) for t in tables.values()]})
    written = write_tables(tables, contents, out, file_format)
    output.console.print(
        f"{what} written to {out} ({len(written)} file{'s' if len(written) > 1 else ''})."
    )


def _run(
    settings: Settings, paths: list[Path], runs: int | None, use_targets: bool
) -> list[PlanResult]:
    from oneworkforce.metrics.model import month_index
    from oneworkforce.planning import estimate_rates, load_scenario, run_with_rates
    from oneworkforce.planning.run import _population
    from oneworkforce.warehouse import open_warehouse

    scenarios = [load_scenario(path) for path in paths]
    specs = _targets(settings) if use_targets else []
    results = []
    with open_warehouse(settings, read_only=True) as warehouse:
        tables = warehouse.extract_tables()
        population = _population(tables)
        cache: dict = {}
        for scenario in scenarios:
            key = (scenario.base_month, scenario.history_months)
            if key not in cache:
                base = month_index(scenario.base_month) if scenario.base_month else None
                cache[key] = estimate_rates(tables, base, scenario.history_months)
            results.append(
                run_with_rates(
                    cache[key], scenario, population, targets=specs, tables=tables, runs=runs
                )
            )
    return results


@app.command("run")
def run(
    scenario: Annotated[Path, typer.Argument(help="A scenario file (.yaml).")],
    runs: RunsOption = None,
    level: LevelOption = "system",
    out: OutOption = None,
    targets: Annotated[
        bool, typer.Option("--targets/--no-targets", help="Judge the stored targets.")
    ] = True,
) -> None:
    """Project a scenario: supply, demand, gap, vacancy rate and pay cost each year, with
    P10/P50/P90 bands, and the chance of meeting each stored target."""
    _check_level(level)
    result = _run(_settings(), [scenario], runs, targets)[0]
    print_result(result, level)
    if out is not None:
        _write(result.tables(), out, "The projection")


@app.command("compare")
def compare(
    scenarios: Annotated[list[Path], typer.Argument(help="Two or more scenario files.")],
    runs: RunsOption = None,
    level: LevelOption = "system",
    staff_group: Annotated[
        str, typer.Option("--staff-group", help="A staff group, or all (the default).")
    ] = "all",
    out: OutOption = None,
    targets: Annotated[
        bool, typer.Option("--targets/--no-targets", help="Judge the stored targets.")
    ] = True,
) -> None:
    """Scenarios side by side: supply, demand, vacancy rate and pay cost each year, and the
    chance of meeting each target under each."""
    import pandas as pd

    from oneworkforce.planning import compare_scenarios

    _check_level(level)
    if len(scenarios) < 2:
        raise OneWorkforceError("Give two or more scenario files to compare.")
    results = _run(_settings(), scenarios, runs, targets)
    frame = compare_scenarios(results, level, staff_group)
    if frame.empty:
        raise OneWorkforceError(
            f"No {staff_group} staff at the {level} level in these projections."
        )
    table = Table(
        "year",
        level,
        "scenario",
        "supply FTE P50 (P10–P90)",
        "demand FTE",
        "vacancy rate P50 (P10–P90)",
        "pay cost P50",
        "pay cost vs first",
        title=f"Scenarios compared ({staff_group})",
        title_justify="left",
    )
    for row in frame.sort_values(["year", "area", "scenario"], kind="stable").itertuples():
        table.add_row(
            row.year,
            str(row.area),
            row.scenario,
            _band(row.supply_fte_p10, row.supply_fte_p50, row.supply_fte_p90),
            f"{row.demand_fte:,.0f}",
            _band(row.vacancy_rate_p10, row.vacancy_rate_p50, row.vacancy_rate_p90, True),
            _money(row.pay_cost_p50),
            _money(row.pay_cost_vs_first),
        )
    output.console.print(table)
    chances = pd.concat([r.targets.assign(scenario=r.scenario.name) for r in results])
    if not chances.empty:
        names = [r.scenario.name for r in results]
        rows = []
        for target, group in chances.groupby("name", sort=False):
            by_scenario = dict(zip(group["scenario"], group["probability"], strict=True))
            cells = [by_scenario.get(n) for n in names]
            reason = "" if any(c is not None and c == c for c in cells) else group["reason"].iloc[0]
            rows.append(
                [target, *("" if c is None or c != c else f"{c:.0f} %" for c in cells), reason]
            )
        output.print_rows(
            "Chance of meeting each target", ["target", *names, "why not judged"], rows
        )
    if out is not None:
        tables = {"compare": frame}
        for result in results:
            for name, table_frame in result.tables().items():
                if name in ("years", "targets"):
                    tables[f"{result.scenario.name[:20]} {name}"] = table_frame
        _write(tables, out, "The comparison")


@app.command("check")
def check(scenario: Annotated[Path, typer.Argument(help="A scenario file (.yaml).")]) -> None:
    """Check a scenario file without running it."""
    from oneworkforce.planning import load_scenario

    loaded = load_scenario(scenario)
    output.console.print(f"{scenario.name}: scenario {loaded.name!r} is valid.")


@app.command("rates")
def rates(
    history: Annotated[int, typer.Option("--history", help="Months of history.", min=2)] = 24,
    out: OutOption = None,
) -> None:
    """The rates a projection assumes, estimated from the warehouse, by staff group (and
    every organisation and age group with --out)."""
    from oneworkforce.planning import estimate_rates
    from oneworkforce.warehouse import open_warehouse

    with open_warehouse(_settings(), read_only=True) as warehouse:
        estimated = estimate_rates(warehouse.extract_tables(), window=history)
    frame = estimated.frame()
    sums = frame.drop(columns=["org", "place", "sector", "age_group"]).groupby("staff_group")
    heads = sums["heads"].sum()
    weighted = (
        frame.assign(leaving=frame["heads"] * frame["leaver_rate_annual_percent"])
        .groupby("staff_group")["leaving"]
        .sum()
    )
    joiners = frame.filter(like="joiners_").groupby(frame["staff_group"]).sum().sum(axis=1)
    fte = sums["fte"].sum()
    rows = [
        [
            g,
            f"{heads[g]:,.0f}",
            f"{fte[g] / heads[g]:.2f}" if heads[g] else "",
            f"{weighted[g] / heads[g]:.1f} %" if heads[g] else "",
            f"{joiners[g]:,.0f}",
        ]
        for g in heads.index
    ]
    output.print_rows(
        f"Rates from the {history} months to {estimated.base_label}",
        ["staff group", "heads", "FTE per head", "leaver rate a year", "joiners a year"],
        rows,
    )
    if out is not None:
        _write({"rates": frame}, out, "The rates")


@app.command("backtest")
def backtest_command(
    months: Annotated[
        int, typer.Option("--months", help="Months to project and check.", min=1)
    ] = 24,
    history: Annotated[
        int, typer.Option("--history", help="Months of history before them.", min=2)
    ] = 24,
    runs: Annotated[int, typer.Option("--runs", min=1)] = 200,
) -> None:
    """Project from `--months` before the latest data with only the history before that,
    and report the error against what happened."""
    from oneworkforce.planning import backtest
    from oneworkforce.warehouse import open_warehouse

    with open_warehouse(_settings(), read_only=True) as warehouse:
        result = backtest(warehouse.extract_tables(), months, history, runs)
    summary = result.summary()
    rows = [
        [
            r.staff_group,
            f"{r.mean_absolute_error_percent:.1f} %",
            f"{r.end_error_percent:+.1f} %",
            f"{r.inside_band_percent:.0f} %",
        ]
        for r in summary.itertuples()
    ]
    output.print_rows(
        f"Back-test from {result.base_month}: projected P50 against staff in post FTE",
        ["staff group", "mean absolute error", "error at the end", "months inside P10–P90"],
        rows,
    )


def _session(settings: Settings):
    from oneworkforce.cli.targets import _session as session

    return session(settings)


def _actor() -> str:
    from oneworkforce.cli.audit import current_user

    return current_user()


@app.command("adopt")
def adopt(
    scenario: Annotated[Path, typer.Argument(help="The scenario file of the plan.")],
    name: Annotated[
        str, typer.Option("--name", help="The plan's name; a new version if it exists.")
    ],
    notes: Annotated[str | None, typer.Option("--notes", help="Why, who agreed it.")] = None,
    runs: RunsOption = None,
) -> None:
    """Store a scenario's projection as the next version of an adopted plan, to compare
    with the actual workforce month by month (`plan actual`)."""
    from oneworkforce.planning.versions import adopt_plan

    settings = _settings()
    result = _run(settings, [scenario], runs, False)[0]
    with _session(settings) as session:
        version = adopt_plan(session, name, result, actor=_actor(), notes=notes)
        number, base = version.version, version.base_month
    output.console.print(
        f"Plan {name!r} version {number} adopted (from {base}, {len(result.months)} months)."
    )


@app.command("versions")
def versions(
    name: Annotated[str | None, typer.Argument(help="A plan's name; omit for all.")] = None,
) -> None:
    """Adopted plans and their versions."""
    from oneworkforce.planning.versions import list_plans

    with _session(_settings()) as session:
        rows = [
            [
                p.name,
                p.version,
                p.base_month,
                p.months,
                p.runs,
                p.scenario.get("name", ""),
                p.adopted_by,
                p.adopted_at.strftime("%Y-%m-%d %H:%M"),
                p.notes or "",
            ]
            for p in list_plans(session, name)
        ]
    if not rows:
        output.console.print(
            "No adopted plans yet: adopt one with `plan adopt SCENARIO --name NAME`."
        )
        return
    output.print_rows(
        "Plans",
        ["plan", "version", "from", "months", "runs", "scenario", "by", "adopted", "notes"],
        rows,
    )


@app.command("actual")
def actual(
    name: Annotated[str, typer.Argument(help="The plan's name.")],
    version: Annotated[int | None, typer.Option("--version", help="Default: the latest.")] = None,
    level: LevelOption = "system",
    out: OutOption = None,
) -> None:
    """Plan against actual, month by month: the plan's P50 supply (and P10–P90 band) and
    demand against staff in post FTE and establishment."""
    from oneworkforce.planning.versions import plan_vs_actual
    from oneworkforce.warehouse import open_warehouse

    settings = _settings()
    with _session(settings) as session, open_warehouse(settings, read_only=True) as warehouse:
        frame = plan_vs_actual(session, warehouse.extract_tables(), name, version, level)
    if frame.empty:
        output.console.print(f"No months loaded yet after plan {name!r} starts.")
        return
    shown = frame[frame["staff_group"] == "all"]
    rows = [
        [
            str(r.area),
            r.month,
            f"{r.fte_p50:,.0f} ({r.fte_p10:,.0f}–{r.fte_p90:,.0f})",
            f"{r.actual_fte:,.0f}",
            f"{r.difference_fte:+,.0f} ({r.difference_percent:+.1f} %)",
            "yes" if r.within_band else "no",
        ]
        for r in shown.itertuples()
    ]
    output.print_rows(
        f"Plan {name!r} v{frame['version'].iloc[0]} against actual (all staff groups)",
        [level, "month", "plan FTE P50 (P10–P90)", "actual FTE", "actual - plan", "inside band"],
        rows,
    )
    if out is not None:
        _write({"plan_vs_actual": frame}, out, "Plan against actual")


@app.command("refresh")
def refresh(
    name: Annotated[str, typer.Argument(help="The plan's name.")],
    runs: RunsOption = None,
) -> None:
    """Run the plan's latest scenario again from the latest data and adopt it as the next
    version (the yearly refresh)."""
    from oneworkforce.planning.versions import refresh_plan
    from oneworkforce.warehouse import open_warehouse

    settings = _settings()
    with _session(settings) as session, open_warehouse(settings, read_only=True) as warehouse:
        version = refresh_plan(session, warehouse.extract_tables(), name, actor=_actor(), runs=runs)
        number, base = version.version, version.base_month
    output.console.print(f"Plan {name!r} refreshed: version {number}, from {base}.")
