"""Load throughput and peak memory: OneWorkforce's validated load against a bare DuckDB read.

A 40,000-staff, 60-month synthetic ICS gives one staff_in_post extract of about 2.4 million
rows, written as CSV and as Parquet. Each measurement runs in its own process (so peak memory
is that process's own), alternating baseline and OneWorkforce runs in the same invocation, so
the ratio compares like with like on a noisy machine.

    python benchmarks/load_throughput.py [--staff 40000] [--months 60] [--rounds 3] [--write]

Baseline: `CREATE TABLE t AS SELECT * FROM read_csv(file)` (or read_parquet) into a new DuckDB
file: DuckDB's own type detection, no checks. Target: validated load within 3x the baseline
time, peak memory under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

WORK = Path(__file__).parent / ".work"
DOC = Path(__file__).parents[1] / "docs" / "benchmarks.md"
MARKER = "<!-- load-throughput -->"


def build_inputs(staff: int, months: int) -> tuple[Path, Path, Path]:
    """The synthetic ICS, and its staff_in_post files joined into one CSV and one Parquet."""
    from oneworkforce.ingest.mapping import map_columns
    from oneworkforce.ingest.readers import ROW, inspect_file, read_csv
    from oneworkforce.standard import EXTRACTS
    from oneworkforce.synth import generate_ics

    ics = WORK / f"ics-{staff}-{months}"
    csv_path, parquet_path = ics / "bench_staff_in_post.csv", ics / "bench_staff_in_post.parquet"
    if csv_path.exists() and parquet_path.exists():
        return ics, csv_path, parquet_path
    generate_ics(ics, staff=staff, months=months, seed=1)
    extract = EXTRACTS["staff_in_post"]
    names = [c.name for c in extract.columns]
    schema = pa.schema([(n, pa.string()) for n in names])
    tables = []
    for path in sorted((ics / "staff_in_post").glob("*.csv")):
        info = inspect_file(path)
        mapping = map_columns(extract, info.header, {}, path.name)
        for batch in read_csv(info, mapping.columns, []):
            batch = batch.drop_columns([ROW])
            columns = {
                n: batch.column(n)
                if n in batch.schema.names
                else pa.nulls(batch.num_rows, pa.string())
                for n in names
            }
            tables.append(pa.table(columns, schema=schema))
    table = _iso_dates(pa.concat_tables(tables), extract)
    pacsv.write_csv(table, csv_path)
    pq.write_table(table, parquet_path)
    return ics, csv_path, parquet_path


def _iso_dates(joined: pa.Table, extract) -> pa.Table:
    """One date format throughout, so the bare DuckDB read (which sniffs one format per
    column) can read the file that partners' mixed formats were joined into."""
    import duckdb

    from oneworkforce.standard.types import Date

    dates = {c.name for c in extract.columns if isinstance(c.type, Date)}
    columns = ", ".join(
        f"strftime(try_strptime({n}, ['%Y-%m-%d', '%d/%m/%Y']), '%Y-%m-%d') AS {n}"
        if n in dates
        else n
        for n in joined.column_names
    )
    return duckdb.sql(f"SELECT {columns} FROM joined").to_arrow_table()


def child(kind: str, path: Path, ics: Path) -> None:
    """One measurement in this process; prints JSON with seconds, rows and peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "baseline":
            import duckdb

            con = duckdb.connect(str(Path(tmp) / "bare.duckdb"))
            reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
            started = time.perf_counter()
            con.execute(f"CREATE TABLE t AS SELECT * FROM {reader}('{path}')")
            seconds = time.perf_counter() - started
            rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        else:
            from oneworkforce.config import initialise_home
            from oneworkforce.ingest import load_file
            from oneworkforce.warehouse import open_warehouse

            settings, _ = initialise_home(Path(tmp) / "home")
            with open_warehouse(settings) as warehouse:
                load_file(warehouse, settings, ics / "organisations.csv")
                started = time.perf_counter()
                result = load_file(warehouse, settings, path, extract="staff_in_post")
                seconds = time.perf_counter() - started
                rows = result.rows_loaded + result.rows_quarantined
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak}))


def measure(kind: str, path: Path, ics: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(ics)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=40_000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    ics, csv_path, parquet_path = build_inputs(args.staff, args.months)
    lines = [
        "| input | rows | bare DuckDB read (s) | OneWorkforce load (s) | ratio | "
        "peak memory, bare (MB) | peak memory, OneWorkforce (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, path in (("CSV", csv_path), ("Parquet", parquet_path)):
        base, ours = [], []
        for _ in range(args.rounds):
            base.append(measure("baseline", path, ics))
            ours.append(measure("oneworkforce", path, ics))
        b = statistics.median(r["seconds"] for r in base)
        o = statistics.median(r["seconds"] for r in ours)
        line = (
            f"| {label} ({path.stat().st_size / 2**20:,.0f} MB) | {ours[0]['rows']:,} | {b:.2f} | "
            f"{o:.2f} | {o / b:.2f}x | {max(r['peak_mb'] for r in base):,.0f} | "
            f"{max(r['peak_mb'] for r in ours):,.0f} |"
        )
        lines.append(line)
        print(line, flush=True)
    table = "\n".join(lines)
    print(table)
    if args.write:
        text = DOC.read_text()
        start, end = text.index(MARKER), text.rindex(MARKER)
        note = (
            f"\nMeasured with `python benchmarks/load_throughput.py --staff {args.staff} "
            f"--months {args.months} --rounds {args.rounds}`; medians of {args.rounds} "
            "alternating runs, each in a fresh process.\n\n"
        )
        DOC.write_text(text[: start + len(MARKER)] + note + table + "\n" + text[end:])


if __name__ == "__main__":
    main()
