"""Fixtures for the synthetic ICS tests: small generated systems and a checker that applies
the data standard's own rules (column checks, row rules, uniqueness) with DuckDB.

The checker reads the SQL of the standard's types, so it stays in step with the standard
without depending on the loader.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from oneworkforce.standard.extracts import EXTRACTS
from oneworkforce.standard.model import Extract, normalise_header
from oneworkforce.synth import SynthResult, generate_ics

SMALL = {"staff": 4000, "months": 24, "seed": 7}


@dataclass
class Checked:
    columns: list[str]  # standard names, in file order
    rows: int
    faulty: int
    reasons: dict[str, int]


def read_file(path: Path, style: dict | None = None) -> pa.Table:
    """An extract file as text columns, headers as written."""
    if path.suffix == ".parquet":
        return pq.read_table(path)
    style = style or {"delimiter": ",", "encoding": "utf-8"}
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode(style["encoding"]).replace("\r\n", "\n")
    names = text.split("\n", 1)[0].split(style["delimiter"])
    return pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        parse_options=pacsv.ParseOptions(delimiter=style["delimiter"]),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}),
    )


def standard_names(table: pa.Table, extract: Extract) -> pa.Table:
    lookup = extract.header_lookup()
    return table.rename_columns([lookup[normalise_header(h)] for h in table.column_names])


def check(con: duckdb.DuckDBPyConnection, table: pa.Table, extract: Extract) -> Checked:
    """Count rows that break a column check, a row rule or the extract's uniqueness key."""
    table = standard_names(table, extract)
    present = table.column_names
    table = table.append_column("_row", pa.array(range(table.num_rows), pa.int64()))
    con.register("raw", table)
    raw_cols = ", ".join(f'NULLIF(trim("{c}"), \'\') AS "{c}"' for c in present)
    typed, oks = [], []
    for col in extract.columns:
        t = col.type
        if col.name not in present:
            typed.append(f'CAST(NULL AS {t.duckdb_type}) AS "{col.name}"')
            continue
        raw = f'r."{col.name}"'
        parsed = t.parse(raw)
        typed.append(f'{parsed} AS "{col.name}"')
        conds = " AND ".join(f"COALESCE({c.condition}, FALSE)" for c in t.checks(raw, parsed))
        ok = f"({raw} IS NOT NULL AND ({conds or 'TRUE'}))"
        oks.append(f"(({raw} IS NULL AND {not col.required}) OR {ok})")
    rules = [f"COALESCE({r.condition}, TRUE)" for r in extract.row_rules]
    period = ""
    if extract.period_column and extract.period_column != "period":
        period = f", CAST(date_trunc('month', \"{extract.period_column}\") AS DATE) AS period"
    keys = ", ".join(f'"{k}"' for k in extract.unique)
    dup = f"CASE WHEN ok THEN row_number() OVER (PARTITION BY {keys} ORDER BY _row) END"
    col_ok = " AND ".join(oks) or "TRUE"
    rule_ok = " AND ".join(rules) or "TRUE"
    sql = f"""
        WITH r AS (SELECT _row, {raw_cols} FROM raw),
        t AS (SELECT _row, ({col_ok}) AS col_ok, {", ".join(typed)} FROM r),
        u AS (SELECT *, col_ok AND ({rule_ok}) AS ok {period} FROM t),
        d AS (SELECT *, {dup if keys else "1"} AS dup FROM u WHERE ok)
        SELECT (SELECT count(*) FROM u WHERE NOT col_ok),
               (SELECT count(*) FROM u WHERE col_ok AND NOT ok),
               (SELECT count(*) FROM d WHERE dup > 1)
    """
    bad_col, bad_rule, dups = con.execute(sql).fetchone()
    con.unregister("raw")
    return Checked(
        present,
        table.num_rows,
        bad_col + bad_rule + dups,
        {"column": bad_col, "row_rule": bad_rule, "duplicate": dups},
    )


def connection(out_dir: Path, manifest: dict) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    orgs = next(f for f in manifest["files"] if f["extract"] == "organisations")
    table = standard_names(read_file(out_dir / orgs["path"]), EXTRACTS["organisations"])
    con.register("organisations_raw", table)
    con.execute(
        "CREATE TABLE organisations AS SELECT upper(trim(org_code)) AS org_code "
        "FROM organisations_raw"
    )
    return con


def check_all(out_dir: Path) -> dict[str, Checked]:
    """Check every file of a generated ICS against the standard."""
    manifest = json.loads((out_dir / "manifest.json").read_text())
    styles = {code: s for code, s in manifest["variations"].items()}
    con = connection(out_dir, manifest)
    out = {}
    for f in manifest["files"]:
        table = read_file(out_dir / f["path"], styles.get(f["org_code"]))
        out[f["path"]] = check(con, table, EXTRACTS[f["extract"]])
    return out


@pytest.fixture(scope="session")
def check_files():
    """``check_files(out_dir)``: every file of a generated ICS checked against the standard."""
    return check_all


@pytest.fixture(scope="session")
def read():
    """``read(path, style=None)``: an extract file as text columns."""
    return read_file


@pytest.fixture(scope="session")
def ics(tmp_path_factory) -> SynthResult:
    """A fault-free ICS of 4,000 staff over 24 months."""
    return generate_ics(tmp_path_factory.mktemp("ics"), **SMALL)


@pytest.fixture(scope="session")
def faulty_ics(tmp_path_factory) -> SynthResult:
    """A smaller ICS with 2 % faulty rows in person-level files."""
    return generate_ics(
        tmp_path_factory.mktemp("faulty"), staff=1500, months=12, seed=11, fault_rate=0.02
    )


@pytest.fixture(scope="session")
def db(ics) -> duckdb.DuckDBPyConnection:
    """The fault-free ICS as typed DuckDB tables (one per extract) for the realism tests."""
    return load(ics.out_dir)


def load(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """Every extract of a generated ICS as one typed DuckDB table, as an analyst would."""
    con = duckdb.connect()
    manifest = json.loads((out_dir / "manifest.json").read_text())
    styles = manifest["variations"]
    for name in sorted({f["extract"] for f in manifest["files"]}):
        extract = EXTRACTS[name]
        parts = [
            standard_names(read_file(out_dir / f["path"], styles.get(f["org_code"])), extract)
            for f in manifest["files"]
            if f["extract"] == name
        ]
        table = pa.concat_tables(parts, promote_options="default")
        con.register(f"{name}_raw", table)
        cols = []
        for col in extract.columns:
            if col.name in table.column_names:
                raw = 'NULLIF(trim("' + col.name + "\"), '')"
                cols.append(f'{col.type.parse(raw)} AS "{col.name}"')
        con.execute(f"CREATE TABLE {name} AS SELECT {', '.join(cols)} FROM {name}_raw")
    return con
