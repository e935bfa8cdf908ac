"""The full metric pack: the engine against hand-written DuckDB SQL and plain pandas.

The pack is every metric in the catalogue (read at run time), by organisation x staff group x
month over every month (each metric by as much of that as it can be split by), run as
``compute_pack`` runs it: ``metric_expression(tables, id, by).execute()`` in turn, on tables
that share intermediates between metrics (``oneworkforce.metrics.shared``). It is measured at
two scales:

- ``ics``: the synthetic ICS (40,000 staff x 60 months, about 2.5 million staff in post
  rows), generated with ``generate_ics`` and loaded with the OneWorkforce loader;
- ``national``: about 1.5 million staff x 60 months (about 90 million staff in post rows,
  some 240 organisations in 42 systems), generated directly in DuckDB with SQL.

    python benchmarks/metric_pack.py [--scale ics|national|both] [--runs N] [--write]

What is timed, in a fresh process that has opened the warehouse file (the same file, with
the same DuckDB settings, for every contender):

- engine: for each metric, building its Ibis expression, compiling, running and fetching it
  into a pandas frame (including creating the table handles, and materialising any shared
  intermediate the metric is the first to need);
- SQL: for each metric with a baseline (``baselines/sql_pack.py``), ``execute(sql).df()``;
- pandas: reading the columns the pack needs into pandas once (``SELECT`` of those columns
  from the warehouse), then each metric's pandas code (``baselines/pandas_pack.py``).

Ratios compare like with like: the engine's time on the metrics a baseline covers against
the baseline's time on them. A metric without a baseline is listed as such, never dropped.
Every baseline's numbers are checked against the engine's (1e-6 relative) and the run stops
on a mismatch. Warm-up: at ICS scale one untimed round of every contender (which is also the
check) before the timed rounds; at national scale the first timed round is the check and the
warehouse file has just been generated or read, as a warm-up round there would take as long
as a measurement. Contenders alternate in each round, in rotating order; figures are medians.

Targets: ICS full pack under 5 s, national under 180 s, at least 5x faster than pandas, within
1.25x of hand-written SQL. Pandas runs at ICS scale only: at national scale the columns the
pack reads alone need about 14 GB in pandas (36x the ICS frames) before any merge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

WORK = Path(__file__).parent / ".work"
DOC = Path(__file__).parents[1] / "docs" / "benchmarks.md"
SECTION = "## Metric pack (`benchmarks/metric_pack.py`)"
MARKERS = {"ics": "<!-- metric-pack-ics -->", "national": "<!-- metric-pack-national -->"}
DIMENSIONS = ("org", "staff_group")
CONTENDERS = ("engine", "sql", "pandas")
TOLERANCE = 1e-6
TARGET_SECONDS = {"ics": 5.0, "national": 180.0}
TARGET_PANDAS = 5.0  # the engine at least this many times faster than pandas
TARGET_SQL = 1.25  # the engine at most this many times slower than hand-written SQL
# The tables the pack reads (every extract the synthetic ICS sends); the warehouse caches
# are keyed by their columns and types.
PACK_TABLES = (
    "organisations",
    "staff_in_post",
    "establishment",
    "leavers",
    "sickness_absence",
    "sickness_absence_aggregate",
    "temporary_staffing",
    "pay_bill",
    "training",
    "training_renewal",
    "recruitment",
    "pay",
    "staff_survey",
    "population",
    "employee_relations",
    "cpd",
    "board_members",
)


@dataclass(frozen=True)
class Settings:
    """DuckDB settings, identical for every contender at a scale."""

    threads: int
    memory_limit: str

    def statements(self) -> list[str]:
        return [
            f"SET threads = {self.threads}",
            f"SET memory_limit = '{self.memory_limit}'",
            "SET preserve_insertion_order = false",
            "SET enable_progress_bar = false",
            f"SET temp_directory = '{WORK / 'tmp'}'",
        ]


def pack_dimensions(metric) -> list[str]:
    """Organisation x staff group, as far as the metric can be split so (plus the groups a
    representation index must compare)."""
    from oneworkforce.metrics.pack import pack_dimensions as dimensions

    return dimensions(metric.id, DIMENSIONS)


def schema_key() -> str:
    """Short hash of the pack tables' columns and types, so a changed standard means a new
    warehouse rather than a stale one."""
    from oneworkforce.standard import EXTRACTS
    from oneworkforce.warehouse.schema import table_ddl

    text = "\n".join(table_ddl(EXTRACTS[name]) for name in PACK_TABLES)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


# -- ICS scale: the synthetic ICS through the loader ------------------------------------------


def _manifest_matches(folder: Path, staff: int, months: int, seed: int) -> bool:
    """The folder holds the synthetic ICS for these parameters, made by the current generator
    against the current standard, with every extract the pack reads."""
    from oneworkforce.standard import EXTRACTS

    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        return False
    manifest = json.loads(manifest_path.read_text())
    parameters = manifest.get("parameters", {})
    wanted = {"staff": staff, "months": months, "seed": seed, "fault_rate": 0.0}
    if any(parameters.get(k) != v for k, v in wanted.items()):
        return False
    versions = manifest.get("standard_versions", {})
    if any(name not in versions for name in PACK_TABLES):
        return False
    if any(EXTRACTS[name].version != version for name, version in versions.items()):
        return False
    synth = Path(__import__("oneworkforce.synth", fromlist=["x"]).__file__).parent
    newest = max(p.stat().st_mtime for p in synth.glob("*.py"))
    return manifest_path.stat().st_mtime >= newest


def ics_warehouse(staff: int, months: int, seed: int) -> Path:
    """The synthetic ICS loaded into a warehouse, cached in .work/ by its parameters."""
    from oneworkforce.config import initialise_home
    from oneworkforce.ingest import load_file
    from oneworkforce.ingest.folder import extract_files
    from oneworkforce.synth import generate_ics
    from oneworkforce.warehouse import Warehouse

    folder = WORK / f"ics-{staff}-{months}"
    if not _manifest_matches(folder, staff, months, seed):
        print(f"Generating the synthetic ICS in {folder} ...", flush=True)
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        generate_ics(partial, staff=staff, months=months, seed=seed)
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    manifest = folder / "manifest.json"
    stamp = hashlib.sha256(
        manifest.read_bytes() + str(manifest.stat().st_mtime_ns).encode() + schema_key().encode()
    ).hexdigest()[:8]
    path = WORK / f"ics-{staff}-{months}-s{seed}-{stamp}.duckdb"
    if path.exists():
        return path
    for stale in WORK.glob(f"ics-{staff}-{months}-s{seed}-*.duckdb"):
        stale.unlink()
    print(f"Loading {folder.name} into {path.name} ...", flush=True)
    settings, _ = initialise_home(WORK / "home")
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with Warehouse(partial, memory_limit="4GB", temp_directory=WORK / "tmp") as warehouse:
        for file, extract in extract_files(folder):
            if extract:  # the load benchmark's joined files have no extract in their name
                load_file(warehouse, settings, file, extract=extract)
    partial.rename(path)
    return path


# -- running one contender ------------------------------------------------------------------


@dataclass
class Outcome:
    seconds: float
    status: str  # ok | no baseline | timeout | error: ...
    rows: int = 0
    cpu: float = 0.0  # CPU seconds of the process (every DuckDB thread): steadier under load


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(con, timeout: float | None, run: Callable[[], object]) -> object:
    """Run with a time limit: DuckDB is interrupted when it runs out."""
    timer = threading.Timer(timeout, con.interrupt) if timeout else None
    if timer:
        timer.start()
    try:
        return run()
    finally:
        if timer:
            timer.cancel()


def child(contender: str, warehouse: Path, settings: Settings, timeout: float | None,
          save: Path | None) -> None:  # fmt: skip
    """One contender's pack in this process; prints JSON with the timings."""
    warnings.filterwarnings("ignore")
    import duckdb
    import ibis

    sys.path.insert(0, str(Path(__file__).parent))
    from baselines.pandas_pack import PANDAS, read_tables
    from baselines.sql_pack import SQL

    from oneworkforce.metrics.catalogue import CATALOGUE
    from oneworkforce.metrics.compute import metric_expression
    from oneworkforce.metrics.shared import PackTables

    backend = ibis.duckdb.connect(str(warehouse), read_only=True)
    con = backend.con
    for statement in settings.statements():
        con.execute(statement)
    outcomes: dict[str, Outcome] = {}
    frames = {}
    read_seconds = read_cpu = 0.0
    started, started_cpu = time.perf_counter(), _cpu()
    if contender == "engine":
        # As compute_pack runs them: intermediates shared between metrics are computed once.
        tables = PackTables({name: backend.table(name) for name in backend.list_tables()})
    elif contender == "pandas":
        tables = read_tables(con)
        read_seconds, read_cpu = time.perf_counter() - started, _cpu() - started_cpu
    for metric in CATALOGUE.values():
        by = pack_dimensions(metric)
        if contender == "engine":
            run = lambda m=metric, by=by: metric_expression(tables, m.id, by).execute()  # noqa: E731
        elif contender == "sql":
            if metric.id not in SQL:
                outcomes[metric.id] = Outcome(0.0, "no baseline")
                continue
            run = lambda m=metric, by=by: con.execute(SQL[m.id](by)).df()  # noqa: E731
        else:
            if metric.id not in PANDAS:
                outcomes[metric.id] = Outcome(0.0, "no baseline")
                continue
            run = lambda m=metric, by=by: PANDAS[m.id](tables, by)  # noqa: E731
        one, one_cpu = time.perf_counter(), _cpu()
        try:
            frame = _timed(con, timeout if contender != "pandas" else None, run)
        except duckdb.InterruptException:
            outcomes[metric.id] = Outcome(time.perf_counter() - one, "timeout")
            print(f"    {contender} {metric.id}: timed out", file=sys.stderr)
            continue
        except Exception as exc:  # a metric that fails is reported, not fatal to the pack
            message = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            outcomes[metric.id] = Outcome(time.perf_counter() - one, f"error: {message}")
            print(f"    {contender} {metric.id}: {message}", file=sys.stderr)
            continue
        outcomes[metric.id] = Outcome(time.perf_counter() - one, "ok", len(frame), _cpu() - one_cpu)
        print(f"    {contender} {metric.id}: {outcomes[metric.id].seconds:.2f} s", file=sys.stderr)
        if save:
            frames[metric.id] = frame
    total, total_cpu = time.perf_counter() - started, _cpu() - started_cpu
    compile_seconds = {}
    if contender == "engine":
        # Not part of the pack's time: how much of each metric's time is Python (building
        # the expression and compiling it to SQL), measured again after the pack.
        for metric in CATALOGUE.values():
            if outcomes[metric.id].status == "ok":
                one = time.perf_counter()
                ibis.to_sql(metric_expression(dict(tables), metric.id, pack_dimensions(metric)))
                compile_seconds[metric.id] = time.perf_counter() - one
    if save:
        save.mkdir(parents=True, exist_ok=True)
        for metric_id, frame in frames.items():
            frame.to_parquet(save / f"{metric_id}.parquet")
    print(
        json.dumps(
            {
                "contender": contender,
                "seconds": total,
                "read_seconds": read_seconds,
                "cpu": total_cpu,
                "read_cpu": read_cpu,
                "load_average": os.getloadavg()[0],
                "metrics": {k: vars(v) for k, v in outcomes.items()},
                "compile_seconds": compile_seconds,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def measure(contender: str, warehouse: Path, settings: Settings, timeout: float | None,
            save: Path | None = None) -> dict:  # fmt: skip
    command = [
        sys.executable,
        __file__,
        "--child",
        contender,
        str(warehouse),
        "--threads",
        str(settings.threads),
        "--memory-limit",
        settings.memory_limit,
    ]
    if timeout:
        command += ["--metric-timeout", str(timeout)]
    if save:
        command += ["--save", str(save)]
    # The child's progress (stderr) goes straight to ours; its result is the last stdout line.
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"The {contender} run failed (its error is above).")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- checking the baselines against the engine ------------------------------------------------


def compare(engine, other, by: list[str]) -> str | None:
    """None when the frames hold the same rows and numbers (1e-6 relative), else why not."""
    import numpy as np

    keys = [*by, "month_index"]
    a = engine.sort_values(keys).reset_index(drop=True)
    b = other.sort_values(keys).reset_index(drop=True)
    if len(a) != len(b):
        return f"{len(a)} rows from the engine, {len(b)} from the baseline"
    for key in keys:
        if not (a[key].astype(str).to_numpy() == b[key].astype(str).to_numpy()).all():
            return f"different {key} values"
    for column in ("numerator", "denominator", "value"):
        x = a[column].astype("float64").to_numpy()
        y = b[column].astype("float64").to_numpy()
        nx, ny = np.isnan(x), np.isnan(y)
        close = np.abs(x - y) <= TOLERANCE * np.maximum(np.abs(x), np.abs(y)) + 1e-9
        bad = (nx != ny) | (~nx & ~ny & ~close)
        if bad.any():
            i = int(np.argmax(bad))
            row = ", ".join(f"{k}={a[k].iloc[i]}" for k in keys)
            return (
                f"{int(bad.sum())} {column} values differ; first at {row}: "
                f"engine {x[i]!r}, baseline {y[i]!r}"
            )
    return None


def check(saved: Path, contenders: list[str], metrics: dict[str, list[str]]) -> dict:
    """Compare every baseline's saved results with the engine's; {(contender, id): problem}."""
    import pandas as pd

    problems = {}
    for metric_id, by in metrics.items():
        engine_file = saved / "engine" / f"{metric_id}.parquet"
        for contender in contenders:
            if contender == "engine":
                continue
            other_file = saved / contender / f"{metric_id}.parquet"
            if not engine_file.exists() or not other_file.exists():
                continue  # no baseline, or a run that did not finish: reported elsewhere
            problem = compare(pd.read_parquet(engine_file), pd.read_parquet(other_file), by)
            if problem:
                problems[(contender, metric_id)] = problem
    return problems


# -- one scale --------------------------------------------------------------------------------


@dataclass
class ScaleResult:
    scale: str
    rows: int
    people: int
    organisations: int
    contenders: list[str]
    runs: int
    settings: Settings
    metrics: dict[str, list[str]]
    measured: dict[str, list[dict]] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)  # "contender:id" -> problem
    command: str = ""
    measured_on: str = field(default_factory=lambda: f"{dt.date.today():%d %B %Y}")

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({**vars(self), "settings": vars(self.settings)}, indent=1))

    @classmethod
    def load(cls, path: Path) -> ScaleResult:
        data = json.loads(path.read_text())
        return cls(**{**data, "settings": Settings(**data["settings"])})

    def per_metric(self, contender: str, metric_id: str) -> tuple[float | None, str]:
        """Median seconds over the runs, and the status (the worst seen)."""
        outcomes = [run["metrics"].get(metric_id) for run in self.measured.get(contender, [])]
        if not outcomes or not all(outcomes):  # the catalogue changed during the run
            return None, "not run"
        bad = [o["status"] for o in outcomes if o["status"] != "ok"]
        if bad:
            return statistics.median(o["seconds"] for o in outcomes), bad[0]
        return statistics.median(o["seconds"] for o in outcomes), "ok"

    def covered(self, contender: str) -> list[str]:
        """Metrics both the engine and the contender computed in every run."""
        return [
            m
            for m in self.metrics
            if self.per_metric("engine", m)[1] == "ok" and self.per_metric(contender, m)[1] == "ok"
        ]

    def total(
        self, contender: str, metric_ids: list[str] | None = None, cpu: bool = False
    ) -> float | None:
        """Median over runs of the pack's time (of ``metric_ids`` only, when given); wall
        clock, or CPU seconds of the process."""
        runs = self.measured.get(contender, [])
        if not runs or (cpu and any("cpu" not in run for run in runs)):
            return None
        key, read = ("cpu", "read_cpu") if cpu else ("seconds", "read_seconds")
        if metric_ids is None:
            return statistics.median(run[key] for run in runs)
        return statistics.median(
            run[read] + sum(run["metrics"][m][key] for m in metric_ids) for run in runs
        )

    def without_baseline(self, contender: str) -> list[str]:
        return [m for m in self.metrics if self.per_metric(contender, m)[1] == "no baseline"]

    def rows_out(self, metric_id: str) -> int | None:
        """Rows the engine returned for the metric (slices x months)."""
        for run in self.measured.get("engine", []):
            outcome = run["metrics"].get(metric_id)
            if outcome and outcome["status"] == "ok":
                return outcome["rows"]
        return None

    def empty(self) -> list[str]:
        """Metrics the engine ran that returned no rows: no data for them at this scale."""
        return [m for m in self.metrics if self.rows_out(m) == 0]

    def compile_time(self, metric_id: str | None = None) -> float | None:
        """Median seconds the engine spends building and compiling (one metric, or all)."""
        runs = [run.get("compile_seconds", {}) for run in self.measured.get("engine", [])]
        if metric_id is None:
            return statistics.median(sum(r.values()) for r in runs) if runs else None
        values = [r[metric_id] for r in runs if metric_id in r]
        return statistics.median(values) if values else None

    def peak_mb(self, contender: str) -> float:
        return max((run["peak_mb"] for run in self.measured.get(contender, [])), default=0)


def describe(warehouse: Path, settings: Settings) -> tuple[int, int, int, dict[str, list[str]]]:
    """Staff in post rows, people and organisations in the warehouse; the pack's metrics."""
    import duckdb

    from oneworkforce.metrics.catalogue import CATALOGUE

    with duckdb.connect(str(warehouse), read_only=True) as con:
        for statement in settings.statements():
            con.execute(statement)
        rows, people = con.execute(
            "SELECT count(*), count(DISTINCT person_id) FROM staff_in_post"
        ).fetchone()
        organisations = con.execute("SELECT count(*) FROM organisations").fetchone()[0]
    metrics = {m.id: pack_dimensions(m) for m in CATALOGUE.values()}
    return rows, people, organisations, metrics


def run_scale(
    scale: str,
    warehouse: Path,
    contenders: list[str],
    runs: int,
    settings: Settings,
    timeout: float | None,
) -> ScaleResult:
    rows, people, organisations, metrics = describe(warehouse, settings)
    result = ScaleResult(scale, rows, people, organisations, contenders, runs, settings, metrics)
    saved = WORK / "results" / scale
    shutil.rmtree(saved, ignore_errors=True)
    print(
        f"\n{scale}: {rows:,} staff in post rows, {people:,} people, {organisations} "
        f"organisations; {len(metrics)} metrics; contenders {', '.join(contenders)}",
        flush=True,
    )
    warm_up = scale == "ics"
    if warm_up:
        for contender in contenders:
            print(f"  warm-up and check: {contender}", flush=True)
            measure(contender, warehouse, settings, timeout, saved / contender)
        _stop_on_mismatch(result, saved)
    for round_number in range(runs):
        shift = round_number % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            save = saved / contender if (not warm_up and round_number == 0) else None
            run = measure(contender, warehouse, settings, timeout, save)
            result.measured.setdefault(contender, []).append(run)
            print(
                f"  run {round_number + 1}/{runs} {contender}: {run['seconds']:.2f} s", flush=True
            )
        if not warm_up and round_number == 0:
            _stop_on_mismatch(result, saved)
    return result


def _stop_on_mismatch(result: ScaleResult, saved: Path) -> None:
    problems = check(saved, result.contenders, result.metrics)
    for (contender, metric_id), problem in problems.items():
        result.checked[f"{contender}:{metric_id}"] = problem
    if problems:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Baselines that disagree with the engine ({result.scale})")
        for column in ("baseline", "metric", "difference"):
            table.add_column(column)
        for (contender, metric_id), problem in problems.items():
            table.add_row(contender, metric_id, problem)
        Console(stderr=True).print(table)
        sys.exit(
            "The engine and a baseline disagree beyond 1e-6 relative: fix the baseline, or "
            "report the metric bug. Saved results are in " + str(saved)
        )


# -- reporting --------------------------------------------------------------------------------


def _seconds(value: float | None, status: str = "ok") -> str:
    if status == "no baseline":
        return "no baseline"
    if status == "timeout":
        return f"> {value:.0f} (timed out)"
    if status.startswith("error"):
        return "error"
    if status == "not run" or value is None:
        return "not run"
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a is not None and b else "-"


def summary(result: ScaleResult) -> dict:
    """The headline numbers of one scale and its targets."""
    engine_full = result.total("engine")
    sql_metrics = result.covered("sql") if "sql" in result.contenders else []
    pandas_metrics = result.covered("pandas") if "pandas" in result.contenders else []
    engine_sql = result.total("engine", sql_metrics) if sql_metrics else None
    sql = result.total("sql", sql_metrics) if sql_metrics else None
    engine_pandas = result.total("engine", pandas_metrics) if pandas_metrics else None
    pandas = result.total("pandas", pandas_metrics) if pandas_metrics else None
    timeouts = [m for m in result.metrics if result.per_metric("engine", m)[1] == "timeout"]
    errors = [m for m in result.metrics if result.per_metric("engine", m)[1].startswith("error")]
    target = TARGET_SECONDS[result.scale]
    out = {
        "engine_full": engine_full,
        "engine_complete": not timeouts and not errors,
        "sql_metrics": sql_metrics,
        "pandas_metrics": pandas_metrics,
        "engine_sql": engine_sql,
        "sql": sql,
        "engine_pandas": engine_pandas,
        "pandas": pandas,
        "timeouts": timeouts,
        "errors": errors,
        "targets": [],
    }
    full_met = engine_full is not None and engine_full < target and out["engine_complete"]
    out["targets"].append(
        (
            f"full pack under {target:.0f} s",
            f"{'> ' if not out['engine_complete'] else ''}{engine_full:.1f} s",
            full_met,
        )
    )
    # The same ratios in CPU seconds: a check on the wall-clock ones when others load the
    # machine unevenly between runs.
    cpu = {
        "engine_sql": result.total("engine", sql_metrics, cpu=True) if sql_metrics else None,
        "sql": result.total("sql", sql_metrics, cpu=True) if sql_metrics else None,
        "engine_pandas": result.total("engine", pandas_metrics, cpu=True)
        if pandas_metrics
        else None,
        "pandas": result.total("pandas", pandas_metrics, cpu=True) if pandas_metrics else None,
    }
    out["cpu"] = cpu
    if pandas:
        speedup = pandas / engine_pandas
        out["targets"].append(
            (
                f"at least {TARGET_PANDAS:.0f}x faster than pandas",
                f"{speedup:.2f}x (CPU time {_ratio(cpu['pandas'], cpu['engine_pandas'])})",
                speedup >= TARGET_PANDAS,
            )
        )
    if sql:
        slower = engine_sql / sql
        out["targets"].append(
            (
                f"within {TARGET_SQL}x of hand-written SQL",
                f"{slower:.2f}x (CPU time {_ratio(cpu['engine_sql'], cpu['sql'])})",
                slower <= TARGET_SQL,
            )
        )
    return out


def markdown(result: ScaleResult) -> str:
    s = summary(result)
    has_pandas = "pandas" in result.contenders
    lines = [
        f"Measured with `{result.command}` on {result.measured_on}; DuckDB {_duckdb_version()}, "
        f"threads = {result.settings.threads}, memory_limit = {result.settings.memory_limit} for "
        f"every contender; medians of {result.runs} run{'s' if result.runs > 1 else ''} per "
        "contender, each in a fresh process, contenders alternating.",
        "",
        "| scale | staff in post rows | people | organisations | metrics | engine, full pack (s) "
        "| engine on SQL's metrics (s) | SQL (s) | engine / SQL | engine on pandas' metrics (s) "
        "| pandas (s) | pandas / engine |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {result.scale} | {result.rows:,} | {result.people:,} | {result.organisations} | "
        f"{len(result.metrics)} | {_full(s)} | {_opt(s['engine_sql'])} | {_opt(s['sql'])} | "
        f"{_ratio(s['engine_sql'], s['sql'])} | {_opt(s['engine_pandas'])} | "
        f"{_opt(s['pandas']) if has_pandas else 'not run'} | "
        f"{_ratio(s['pandas'], s['engine_pandas'])} |",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(
            f"| {name} | {value} | {'yes' if met else '**no**'} |"
            for name, value, met in s["targets"]
        ),
        "",
    ]
    notes = []
    for contender in ("sql", "pandas"):
        if contender in result.contenders and result.without_baseline(contender):
            notes.append(
                f"No {contender.upper() if contender == 'sql' else contender} baseline: "
                + ", ".join(f"`{m}`" for m in result.without_baseline(contender))
                + "."
            )
    if s["timeouts"]:
        notes.append(
            "Timed out (interrupted; the full pack time is a lower bound): "
            + ", ".join(f"`{m}`" for m in s["timeouts"])
            + "."
        )
    if s["errors"]:
        notes.append("Failed in the engine: " + ", ".join(f"`{m}`" for m in s["errors"]) + ".")
    if result.empty():
        notes.append(
            "No data at this scale (the engine returned no rows, so their times are of empty "
            "tables): " + ", ".join(f"`{m}`" for m in result.empty()) + "."
        )
    if result.compile_time() is not None:
        notes.append(
            f"Of the engine's full pack, building the Ibis expressions and compiling them to "
            f"SQL takes {result.compile_time():.2f} s (timed again after each run; the "
            "build + compile column below)."
        )
    if has_pandas:
        notes.append(
            f"Pandas time includes reading the pack's columns into pandas "
            f"({statistics.median(r['read_seconds'] for r in result.measured['pandas']):.2f} s); "
            f"peak memory: engine {result.peak_mb('engine'):,.0f} MB, SQL "
            f"{result.peak_mb('sql'):,.0f} MB, pandas {result.peak_mb('pandas'):,.0f} MB."
        )
    else:
        notes.append(
            f"Pandas not run at this scale; peak memory: engine {result.peak_mb('engine'):,.0f} "
            f"MB, SQL {result.peak_mb('sql'):,.0f} MB."
        )
    loads = [
        contender + " " + ", ".join(f"{run['load_average']:.1f}" for run in runs)
        for contender, runs in result.measured.items()
        if all("load_average" in run for run in runs)
    ]
    if loads:
        notes.append(
            "Load average (1 minute) when each timed run ended, as a measure of what else "
            "the shared machine was doing: " + "; ".join(loads) + "."
        )
    lines += [*notes, ""]
    header = "| metric | rows | engine (s) | build + compile (s) | SQL (s) | engine / SQL |"
    rule = "|---|---|---|---|---|---|"
    if has_pandas:
        header += " pandas (s) | pandas / engine |"
        rule += "---|---|"
    lines += [header, rule]
    for metric_id in result.metrics:
        engine, engine_status = result.per_metric("engine", metric_id)
        sql, sql_status = result.per_metric("sql", metric_id)
        row = (
            f"| `{metric_id}` | {_count(result.rows_out(metric_id))} | "
            f"{_seconds(engine, engine_status)} | "
            f"{_seconds(result.compile_time(metric_id))} | {_seconds(sql, sql_status)} "
            f"| {_ratio(engine, sql) if sql_status == engine_status == 'ok' else '-'} |"
        )
        if has_pandas:
            pandas, pandas_status = result.per_metric("pandas", metric_id)
            row += (
                f" {_seconds(pandas, pandas_status)} | "
                f"{_ratio(pandas, engine) if pandas_status == engine_status == 'ok' else '-'} |"
            )
        lines.append(row)
    return "\n".join(lines)


def _count(value: int | None) -> str:
    return f"{value:,}" if value is not None else "-"


def _opt(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


def _full(s: dict) -> str:
    return f"{'> ' if not s['engine_complete'] else ''}{s['engine_full']:.2f}"


def _duckdb_version() -> str:
    import duckdb

    return duckdb.__version__


def show(result: ScaleResult) -> None:
    from rich.console import Console
    from rich.table import Table

    s = summary(result)
    console = Console(width=max(Console().width, 110))
    table = Table(title=f"Metric pack, {result.scale} scale ({result.rows:,} staff in post rows)")
    columns = ["metric", "rows", "engine (s)", "build + compile (s)", "SQL (s)", "engine / SQL"]
    if "pandas" in result.contenders:
        columns += ["pandas (s)", "pandas / engine"]
    for column in columns:
        table.add_column(column, justify="left" if column == "metric" else "right", no_wrap=True)
    for metric_id in result.metrics:
        engine, es = result.per_metric("engine", metric_id)
        sql, ss = result.per_metric("sql", metric_id)
        row = [
            metric_id,
            _count(result.rows_out(metric_id)),
            _seconds(engine, es),
            _seconds(result.compile_time(metric_id)),
            _seconds(sql, ss),
            _ratio(engine, sql) if es == ss == "ok" else "-",
        ]
        if "pandas" in result.contenders:
            pandas, ps = result.per_metric("pandas", metric_id)
            row += [_seconds(pandas, ps), _ratio(pandas, engine) if es == ps == "ok" else "-"]
        table.add_row(*row)
    console.print(table)
    console.print(
        f"engine full pack {_full(s)} s (building and compiling: "
        f"{_opt(result.compile_time())} s); on SQL's {len(s['sql_metrics'])} metrics engine "
        f"{_opt(s['engine_sql'])} s vs SQL {_opt(s['sql'])} s "
        f"({_ratio(s['engine_sql'], s['sql'])})"
        + (
            f"; on pandas' {len(s['pandas_metrics'])} metrics engine {_opt(s['engine_pandas'])} s "
            f"vs pandas {_opt(s['pandas'])} s ({_ratio(s['pandas'], s['engine_pandas'])})"
            if s["pandas"]
            else ""
        )
    )
    for name, value, met in s["targets"]:
        console.print(
            f"  {name}: {value} [{'green' if met else 'red'}]{'met' if met else 'MISSED'}"
        )
    for contender in ("sql", "pandas"):
        missing = result.without_baseline(contender) if contender in result.contenders else []
        if missing:
            console.print(f"  [yellow]no {contender} baseline:[/] {', '.join(missing)}")
    for kind in ("timeouts", "errors"):
        if s[kind]:
            console.print(f"  [red]engine {kind}:[/] {', '.join(s[kind])}")
    if result.empty():
        console.print(f"  [yellow]no rows at this scale:[/] {', '.join(result.empty())}")


def write_doc(scale: str, text: str) -> None:
    """Replace this scale's part of the metric pack section, leaving the rest alone."""
    doc = DOC.read_text()
    marker = MARKERS[scale]
    if SECTION not in doc:
        doc = doc.rstrip("\n") + "\n\n" + SECTION + "\n\n"
        for name, m in MARKERS.items():
            doc += f"### {name.upper() if name == 'ics' else name.title()} scale\n\n{m}\n{m}\n\n"
    if marker not in doc:
        raise SystemExit(f"{DOC} has the metric pack section but no {marker} markers.")
    start, end = doc.index(marker), doc.rindex(marker)
    DOC.write_text(doc[: start + len(marker)] + "\n" + text + "\n" + doc[end:])


# -- main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["ics", "national", "both"], default="ics")
    parser.add_argument("--runs", type=int, help="timed runs per contender (ics 3, national 1)")
    parser.add_argument("--staff", type=int, default=40_000, help="ICS scale staff")
    parser.add_argument("--national-staff", type=int, default=1_500_000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="12GB")
    parser.add_argument(
        "--metric-timeout", type=float, help="seconds before a metric is interrupted"
    )
    parser.add_argument("--no-pandas", action="store_true", help="skip pandas at ICS scale")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument(
        "--from-saved",
        action="store_true",
        help="show (and with --write, document) the last run's saved measurements; no runs",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--save", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    settings = Settings(args.threads, args.memory_limit)
    if args.child:
        child(args.child[0], Path(args.child[1]), settings, args.metric_timeout, args.save)
        return
    (WORK / "tmp").mkdir(parents=True, exist_ok=True)
    scales = ["ics", "national"] if args.scale == "both" else [args.scale]
    for scale in scales:
        saved = WORK / "results" / f"{scale}.json"
        if args.from_saved:
            result = ScaleResult.load(saved)
            show(result)
            if args.write:
                write_doc(scale, markdown(result))
            continue
        if scale == "ics":
            warehouse = ics_warehouse(args.staff, args.months, args.seed)
            contenders = ["engine", "sql"] + ([] if args.no_pandas else ["pandas"])
            runs = args.runs or 3
            timeout = args.metric_timeout
        else:
            from metric_pack_national import national_warehouse

            warehouse = national_warehouse(args.national_staff, args.months, args.seed)
            contenders = ["engine", "sql"]
            runs = args.runs or 1
            timeout = args.metric_timeout or 600.0
        result = run_scale(scale, warehouse, contenders, runs, settings, timeout)
        result.command = f"python benchmarks/metric_pack.py --scale {scale} --runs {runs}"
        result.save(saved)
        show(result)
        if args.write:
            write_doc(scale, markdown(result))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
