"""The planning projection: the vectorised engine against a plain Python loop.

A 5-year monthly projection (60 months) of every organisation x staff group x age group of
a synthetic ICS with 1,000 Monte Carlo runs, as ``oneworkforce.planning.engine.project``
runs it (numpy, every run and cell at once, months in a loop), against
``oneworkforce.planning.reference.project_loop`` (the same steps, one run, month and cell at
a time, in Python), in the same process on the same inputs.

    python benchmarks/planning_projection.py [--home HOME] [--runs 1000] [--loop-runs 20]

Inputs: rates estimated from the warehouse of ``--home`` (e.g. the demo's,
``.oneworkforce/demo``), or else from a synthetic ICS of 4,000 staff over 36 months
generated and loaded here (the ICS has the same organisations and staff groups at any size,
so the number of cells is the same as the 40,000-staff demo's).

What is timed (medians of ``--repeat`` rounds, after one untimed warm-up):

- engine: ``project`` for ``--runs`` runs;
- pipeline: ``run_with_rates``, the projection plus percentiles at every level (organisation,
  place, sector, system, by staff group and all), flows, pay costs and target chances;
- loop: ``project_loop`` for ``--loop-runs`` runs, scaled to ``--runs`` (its time is linear
  in runs: the runs are independent and identical in work). The loop's FTE for those runs
  is checked against the engine's (1e-5 relative) first.

Target: the engine and the pipeline each under 2 s for 1,000 runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from oneworkforce.config import initialise_home, load_settings
from oneworkforce.ingest import load_file
from oneworkforce.planning import estimate_rates, parse_scenario, run_with_rates
from oneworkforce.planning.build import prepare
from oneworkforce.planning.engine import project
from oneworkforce.planning.reference import project_loop
from oneworkforce.planning.run import _population
from oneworkforce.planning.timeline import projected_months
from oneworkforce.synth import generate_ics
from oneworkforce.warehouse import open_warehouse

EXTRACTS = ("organisations", "staff_in_post", "establishment", "population", "temporary_staffing")


def synthetic_home(root: Path) -> Path:
    ics = generate_ics(root / "ics", staff=4000, months=36, seed=1, file_format="parquet")
    files = json.loads((ics.out_dir / "manifest.json").read_text())["files"]
    settings = initialise_home(root / "home")[0]
    with open_warehouse(settings) as warehouse:
        for extract in EXTRACTS:
            for file in (f for f in files if f["extract"] == extract):
                load_file(warehouse, settings, ics.out_dir / file["path"], extract=extract)
    return root / "home"


def timed(function, repeat: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="A OneWorkforce home with data loaded.")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--loop-runs", type=int, default=20)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or synthetic_home(Path(scratch))
        with open_warehouse(load_settings(home), read_only=True) as warehouse:
            tables = warehouse.extract_tables()
            started = time.perf_counter()
            rates = estimate_rates(tables)
            estimate_seconds = time.perf_counter() - started
            population = _population(tables)
    scenario = parse_scenario({"name": "Baseline", "months": args.months, "runs": args.runs})
    months = projected_months(rates.base_month, args.months)
    prepared = prepare(rates, scenario, months, population)
    inputs = prepared.inputs

    looped = project_loop(inputs, args.loop_runs, seed=0)
    vectorised = project(inputs, args.loop_runs, seed=0).fte
    if not np.allclose(vectorised, looped, rtol=1e-5, atol=1e-6):
        raise SystemExit("The engine and the loop disagree: not timing.")

    engine = timed(lambda: project(inputs, args.runs, seed=0), args.repeat)
    pipeline = timed(lambda: run_with_rates(rates, scenario, population), args.repeat)
    loop = timed(lambda: project_loop(inputs, args.loop_runs, seed=0), max(1, args.repeat // 2))
    loop_scaled = loop / args.loop_runs * args.runs
    cells = len(inputs.heads)
    units = prepared.rates.cells.n_units
    print(f"cells: {cells} ({units} organisation x staff group units x 2 age groups)")
    print(f"months: {args.months}, runs: {args.runs}")
    print(f"rate estimation from the warehouse: {estimate_seconds:.2f} s")
    print(f"engine (vectorised): {engine:.3f} s")
    print(f"pipeline (engine + every level's percentiles, flows, costs): {pipeline:.3f} s")
    print(f"loop: {loop:.2f} s for {args.loop_runs} runs -> {loop_scaled:.1f} s for {args.runs}")
    print(f"loop / engine: {loop_scaled / engine:,.0f}x")


if __name__ == "__main__":
    main()
