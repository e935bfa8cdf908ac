"""One definition, two engines: every metric in the catalogue gives the same answer on DuckDB
and on PySpark, for a small synthetic ICS.

The catalogue is read when the test runs, so a metric added later is compared without any
change here; a metric that finds no rows on either engine fails, so parity is never vacuous.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest

from oneworkforce.config import initialise_home
from oneworkforce.ingest import load_file, load_folder
from oneworkforce.metrics import CATALOGUE, compute_pack, metric_expression
from oneworkforce.metrics.dimensions import WORKFORCE_DIMENSIONS
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.standard import EXTRACTS
from oneworkforce.synth import generate_ics
from oneworkforce.warehouse import Warehouse, open_warehouse
from oneworkforce.warehouse.spark import spark_backend, spark_session, spark_tables

if os.environ.get("ONEWORKFORCE_REQUIRE_SPARK") and find_spec("pyspark") is None:
    raise RuntimeError("ONEWORKFORCE_REQUIRE_SPARK is set but the spark extra is not installed")
pytest.importorskip("pyspark", reason="the spark extra is not installed")

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    # PySpark 4.0's pandas conversion calls an argument pandas 3 deprecates; not ours to fix.
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated:DeprecationWarning"),
]

# Small enough for a two-core machine, long enough for 12- and 24-month windows.
ICS = {"staff": 300, "months": 28, "seed": 5}
VALUES = ("numerator", "denominator", "value")
RELATIVE = 1e-9
# Sums in another order can leave a difference of two equal sums a hair off zero.
ABSOLUTE = 1e-9


def _add_pay_bill_and_renewal(warehouse: Warehouse, settings, folder: Path) -> None:
    """The synthetic ICS sends no pay bill or renewal periods; derive a few from what it does
    send, through the loader, so the metrics reading them have rows to compare. One
    organisation sends no pay bill, as in a real system."""
    pay_bill = folder / "pay_bill.csv"
    warehouse.sql.execute(
        f"""COPY (
            SELECT org_code, strftime(period, '%Y-%m') AS period, staff_group,
                   round(sum(fte) * 3150 + 1000, 2) AS substantive_cost
            FROM staff_in_post
            WHERE org_code <> (SELECT min(org_code) FROM staff_in_post)
            GROUP BY ALL ORDER BY ALL
        ) TO '{pay_bill}' (HEADER)"""
    )
    orgs = [
        row[0]
        for row in warehouse.sql.execute(
            "SELECT DISTINCT org_code FROM training ORDER BY 1 LIMIT 2"
        ).fetchall()
    ]
    renewal = folder / "training_renewal.csv"
    lines = ["org_code,subject,level,renewal_months"]
    for org in orgs:
        lines += [
            f"{org},fire_safety,,12",
            f"{org},information_governance,,24",
            f"{org},moving_handling,2,12",
        ]
    renewal.write_text("\n".join(lines) + "\n")
    for path, extract in ((pay_bill, "pay_bill"), (renewal, "training_renewal")):
        result = load_file(warehouse, settings, path, extract=extract)
        assert result.rows_loaded > 0 and result.rows_quarantined == 0, result


@pytest.fixture(scope="session")
def ics_warehouse(tmp_path_factory) -> Iterator[Warehouse]:
    """A synthetic ICS loaded once into a DuckDB warehouse."""
    root = tmp_path_factory.mktemp("parity")
    ics = generate_ics(root / "ics", file_format="parquet", **ICS)
    settings = initialise_home(root / "home")[0]
    with open_warehouse(settings) as warehouse:
        assert not load_folder(warehouse, settings, ics.out_dir).failed
        _add_pay_bill_and_renewal(warehouse, settings, root)
        yield warehouse


@pytest.fixture(scope="session")
def engines(ics_warehouse: Warehouse) -> Iterator[dict[str, Tables]]:
    duckdb_tables = {name: ics_warehouse.table(name) for name in EXTRACTS}
    session = spark_session()
    # Generated code pays off on millions of rows; on this small ICS compiling it for each
    # query costs more than it saves (about a third of Spark's CPU time here), so the
    # comparison runs Spark's interpreted evaluation, which gives the same results.
    interpreted = {
        "spark.sql.codegen.wholeStage": "false",
        "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    }
    for key, value in interpreted.items():
        session.conf.set(key, value)
    try:
        with spark_tables(ics_warehouse, backend=spark_backend(session)) as on_spark:
            yield {"duckdb": duckdb_tables, "spark": on_spark}
    finally:
        for key in interpreted:
            session.conf.unset(key)


def slices(metric: Metric, position: int) -> list[list[str]]:
    """The ``by`` combinations compared: the whole system, and an organisation dimension (org
    and place in turn) with one of the metric's other dimensions (its own ones first, such
    as absence reason, else each in turn), so the catalogue as a whole tries every
    dimension. Two, not more: Spark's time grows with every slice of every metric."""
    allowed = metric.dimensions
    where = [d for d in ("org", "place") if d in allowed] or sorted(allowed & {"system", "sector"})
    own = sorted(allowed - WORKFORCE_DIMENSIONS)
    rest = own or sorted(allowed - {"org", "place"})
    pair = [where[position % len(where)]] if where else []
    if rest and (pick := rest[position % len(rest)]) not in pair:
        pair.append(pick)
    required = sorted(metric.required_dimensions)
    pair += [d for d in required if d not in pair]
    return [required, pair] if pair != required else [required]


def all_slices(tables: Tables, metric_id: str, slices: list[list[str]]) -> ibis.Table:
    """Every slice of a metric as one table, so each engine runs one query per metric (Spark
    spends most of a small query planning and scheduling it): the slice's number, its
    dimension values as text, the month and the three values."""
    width = max(len(by) for by in slices)
    parts = []
    for number, by in enumerate(slices):
        expr = metric_expression(tables, metric_id, by)
        keys = {
            f"key{i}": expr[by[i]].cast("string") if i < len(by) else ibis.null("string")
            for i in range(width)
        }
        values = {column: expr[column].cast("float64") for column in VALUES}
        parts.append(
            expr.select(
                slice=ibis.literal(number, "int64"),
                **keys,
                month_index=expr.month_index.cast("int64"),
                **values,
            )
        )
    return ibis.union(*parts, distinct=False)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order whatever the engine returned: by every key, then by the values
    (rounded, so float noise cannot swap rows whose keys are equal)."""
    out = frame.copy()
    keys = [c for c in out.columns if c not in VALUES]
    for column in keys:
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    for column in VALUES:
        out[column] = out[column].astype("float64")
    # None sorts with a marker no code uses; NaN values sort as +inf.
    order = {f"_{c}": out[c].map(lambda v: "\x00" if v is None else str(v)) for c in keys}
    order |= {f"_{c}": out[c].round(6).fillna(np.inf) for c in VALUES}
    out = out.assign(**order).sort_values(list(order), kind="stable")
    return out.drop(columns=list(order)).reset_index(drop=True)


def differences(duck: pd.DataFrame, spark: pd.DataFrame) -> list[str]:
    """What differs between the two engines' frames (empty when they agree)."""
    if list(duck.columns) != list(spark.columns):
        return [f"columns {list(duck.columns)} != {list(spark.columns)}"]
    if len(duck) != len(spark):
        return [f"{len(duck)} rows on DuckDB, {len(spark)} on Spark"]
    duck, spark = _ordered(duck), _ordered(spark)
    keys = [c for c in duck.columns if c not in VALUES]
    problems = [f"{c} values differ" for c in keys if duck[c].tolist() != spark[c].tolist()]
    for column in VALUES:
        a, b = duck[column].to_numpy(), spark[column].to_numpy()
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            problems.append(f"{column}: nulls in different rows")
            continue
        close = np.isclose(a, b, rtol=RELATIVE, atol=ABSOLUTE, equal_nan=True)
        if not close.all():
            i = int(np.argmin(close))
            at = {k: duck[k].tolist()[i] for k in keys}
            problems.append(f"{column} at {at}: {a[i]} on DuckDB, {b[i]} on Spark")
    return problems


def test_every_metric_gives_the_same_answer_on_duckdb_and_spark(engines):
    compared: list[str] = []
    failures: list[str] = []
    empty: list[str] = []
    for position, metric_id in enumerate(CATALOGUE):
        compared.append(metric_id)
        metric_slices = slices(CATALOGUE[metric_id], position)
        frames = {}
        for engine, tables in engines.items():
            try:
                frames[engine] = all_slices(tables, metric_id, metric_slices).execute()
            except Exception as exc:  # report every metric, not just the first
                first_line = (str(exc).strip().splitlines() or [""])[0]
                failures.append(f"{metric_id} on {engine}: {type(exc).__name__}: {first_line:.300}")
        if len(frames) < 2:
            continue
        if frames["duckdb"].empty:
            empty.append(metric_id)
        for problem in differences(frames["duckdb"], frames["spark"]):
            failures.append(f"{metric_id} (slices {metric_slices}): {problem}")
    assert not failures, "\n".join(failures)
    assert not empty, f"no rows on either engine (give the parity ICS data for them): {empty}"
    assert len(compared) == len(set(compared)) == len(CATALOGUE) > 0


def test_the_schemas_agree(engines):
    """Types, not only values: a DECIMAL or a narrower integer on one engine shows here."""
    for metric_id, metric in CATALOGUE.items():
        by = sorted(metric.dimensions)[:1]
        duck = metric_expression(engines["duckdb"], metric_id, by).schema()
        spark = metric_expression(engines["spark"], metric_id, by).schema()
        assert dict(duck.items()) == dict(spark.items()), metric_id


def test_the_comparison_sees_a_difference():
    """The checker itself: order does not matter; a changed value, a moved null or a lost
    row is reported."""
    frame = pd.DataFrame(
        {
            "slice": [1, 1, 1, 0],
            "key0": ["A", "B", None, None],
            "month_index": [24293, 24293, 24293, 24293],
            "numerator": [1.0, 2.0, 3.0, 6.0],
            "denominator": [4.0, math.nan, 5.0, 9.0],
            "value": [25.0, math.nan, 60.0, 66.7],
        }
    )
    assert differences(frame, frame.iloc[::-1]) == []
    changed = frame.assign(value=[25.0, math.nan, 60.0 * (1 + 1e-6), 66.7])
    assert differences(frame, changed) == [
        "value at {'slice': 1, 'key0': None, 'month_index': 24293}: 60.0 on DuckDB, "
        "60.00006 on Spark"
    ]
    moved = frame.assign(denominator=[4.0, 1.0, math.nan, 9.0])
    assert differences(frame, moved) == ["denominator: nulls in different rows"]
    assert differences(frame, frame.iloc[:3]) == ["4 rows on DuckDB, 3 on Spark"]
    assert differences(frame, frame.assign(key0=["A", "C", None, None])) == ["key0 values differ"]


def test_every_catalogue_metric_has_slices():
    for position, metric in enumerate(CATALOGUE.values()):
        for by in slices(metric, position):
            assert set(by) <= metric.dimensions, (metric.id, by)


def test_a_pack_shares_its_intermediates_on_spark_too(engines):
    """Run as a pack, metrics read intermediates cached on the engine (a Spark DataFrame
    cache here); the answers are the same as DuckDB's."""
    ids = [
        "leaver_rate_organisation",
        "stability_organisation",
        "leavers_organisation",
        "vacancy_rate",
        "fill_rate",
        "sickness_rate_short_term",
        "sickness_mental_health_share",
    ]
    packs = {engine: compute_pack(tables, ["org"], ids) for engine, tables in engines.items()}
    columns = ["org", "month_index", *VALUES]
    for metric_id in ids:
        duck, spark = (packs[e][metric_id] for e in ("duckdb", "spark"))
        assert not duck.empty, metric_id
        assert differences(duck[columns], spark[columns]) == [], metric_id
