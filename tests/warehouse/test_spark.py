"""The Spark engine: the session's settings, the Parquet hand-over from DuckDB (types, dates,
nulls), the messages when Spark cannot run, and `oneworkforce metrics --engine spark`."""

from __future__ import annotations

import sys
from datetime import date
from importlib.util import find_spec
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from oneworkforce.cli.main import app
from oneworkforce.errors import ConfigurationError, OneWorkforceError
from oneworkforce.ingest import load_file
from oneworkforce.metrics import MetricError, compute_metric
from oneworkforce.standard import EXTRACTS
from oneworkforce.warehouse import Warehouse
from oneworkforce.warehouse import spark as engine
from oneworkforce.warehouse.spark import (
    INSTALL_HINT,
    SparkTables,
    export_table,
    spark_backend,
    spark_session,
    spark_tables,
    spark_type,
)
from tests.conftest import write_csv
from tests.samples import VALID_ROWS

# PySpark 4.0's pandas conversion calls an argument pandas 3 deprecates; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:The copy keyword is deprecated:DeprecationWarning")
no_pyspark = pytest.mark.skipif(
    find_spec("pyspark") is None, reason="the spark extra is not installed"
)


@pytest.mark.parametrize(
    ("duckdb_type", "exported"),
    [
        ("DECIMAL(10,2)", "DOUBLE"),
        ("NUMERIC", "DOUBLE"),
        ("HUGEINT", "DOUBLE"),
        ("UBIGINT", "DOUBLE"),
        ("UINTEGER", "BIGINT"),
        ("UTINYINT", "SMALLINT"),
        ("TIMESTAMP_NS", "TIMESTAMP"),
        ("TIMESTAMP_S", "TIMESTAMP"),
        ("UUID", "VARCHAR"),
        ("INTERVAL", "VARCHAR"),
        ("TIME", "VARCHAR"),
        ("ENUM('ok', 'sad')", "VARCHAR"),
        ("INTEGER[]", "VARCHAR"),
        ("STRUCT(x INTEGER)", "VARCHAR"),
        ("MAP(VARCHAR, INTEGER)", "VARCHAR"),
        ("DATE", None),
        ("DOUBLE", None),
        ("INTEGER", None),
        ("BIGINT", None),
        ("BOOLEAN", None),
        ("VARCHAR", None),
        ("TIMESTAMP", None),
        ("TIMESTAMP WITH TIME ZONE", None),
    ],
)
def test_types_spark_reads_differently_are_exported_as_types_it_reads_the_same(
    duckdb_type, exported
):
    assert spark_type(duckdb_type) == exported


def test_without_pyspark_the_message_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "ibis.backends.pyspark", None)
    with pytest.raises(ConfigurationError, match=r"pip install 'oneworkforce\[spark\]'"):
        spark_session()


def test_without_java_the_message_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(engine, "_require_pyspark", lambda: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConfigurationError, match="Java 17") as raised:
        spark_session()
    assert INSTALL_HINT in str(raised.value)


def test_an_old_java_is_refused_by_name(monkeypatch, tmp_path):
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n")
    java.chmod(0o755)
    monkeypatch.setattr(engine, "_require_pyspark", lambda: None)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(ConfigurationError, match="is Java 11"):
        spark_session()


@pytest.fixture(scope="module")
def backend():
    """One local Spark for the module (the parity tests reuse the same JVM)."""
    return spark_backend()


@pytest.mark.spark
@no_pyspark
def test_the_session_suits_a_small_machine(backend):
    conf = spark_session().conf
    assert conf.get("spark.sql.shuffle.partitions") == "4"
    assert conf.get("spark.sql.session.timeZone") == "UTC"
    assert conf.get("spark.ui.enabled") == "false"
    assert spark_session().sparkContext.master.startswith("local[")


EXOTIC = """
    CREATE TABLE exotic AS SELECT * FROM (VALUES
        (1, DATE '1970-01-01', 12.25::DECIMAL(10,2), 170141183460469231731687303715884105727::HUGEINT,
         TIMESTAMPTZ '2024-03-31 01:30:00+00', TIMESTAMP_NS '2024-02-29 23:59:59.123456',
         'b9c7a0c4-1b0e-4a4e-9a7e-2b1f6c1a0d11'::UUID, INTERVAL 3 MONTH, TIME '12:34:56',
         [1, 2], {'x': 1}, TRUE, 'a', 2024 * 12 + 5),
        (2, DATE '2024-02-29', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL),
        (3, DATE '1899-12-31', -0.01::DECIMAL(10,2), -1::HUGEINT,
         TIMESTAMPTZ '1999-12-31 23:00:00+00', TIMESTAMP_NS '1900-01-01 00:00:00',
         NULL, INTERVAL 1 DAY, NULL, [], {'x': NULL}, FALSE, '', 1900 * 12 + 1)
    ) AS t(id, day, amount, huge, at_tz, at_ns, uid, span, clock, list, struct, flag, text,
           month_index)
"""


def _exotic(warehouse: Warehouse) -> None:
    warehouse.sql.execute(EXOTIC)
    warehouse.sql.execute("ALTER TABLE exotic ALTER month_index TYPE INTEGER")


@pytest.mark.spark
@no_pyspark
def test_duckdb_types_reach_spark_with_the_same_values(backend, warehouse, tmp_path):
    _exotic(warehouse)
    tables = SparkTables(warehouse, backend, tmp_path, names=["exotic"])
    frame = tables["exotic"].order_by("id").execute()
    # Dates and instants arrive unshifted (the session is UTC, whatever the machine's zone).
    days = [pd.Timestamp(d).date() for d in frame["day"]]
    assert days == [date(1970, 1, 1), date(2024, 2, 29), date(1899, 12, 31)]
    assert str(frame["at_tz"][0])[:19] == "2024-03-31 01:30:00"
    assert str(frame["at_ns"][2])[:19] == "1900-01-01 00:00:00"
    # Decimals and 128-bit integers become doubles; the rest become their text.
    assert frame["amount"][0] == 12.25 and frame["amount"][2] == -0.01
    assert frame["huge"][0] == pytest.approx(1.7014118346046923e38)
    assert frame["uid"][0] == "b9c7a0c4-1b0e-4a4e-9a7e-2b1f6c1a0d11"
    assert frame["list"][0] == "[1, 2]" and frame["span"][0] == "3 months"
    assert frame["flag"].tolist()[::2] == [True, False]
    assert frame["text"][2] == "" and frame["month_index"][0] == 2024 * 12 + 5
    nulls = frame.drop(columns=["id", "day"]).iloc[1]
    assert nulls.isna().all(), nulls
    schema = tables["exotic"].schema()
    assert schema["day"].is_date() and schema["amount"].is_float64()
    assert schema["month_index"].is_int32() and schema["flag"].is_boolean()
    tables.release()


@pytest.mark.spark
@no_pyspark
def test_an_extract_the_warehouse_lacks_is_read_empty_with_its_columns(
    backend, warehouse, tmp_path
):
    warehouse.sql.execute("DROP TABLE training_renewal")
    path = export_table(warehouse, "training_renewal", tmp_path / "renewal.parquet")
    table = backend.read_parquet(path)
    assert table.columns == tuple(c for c, _ in EXTRACTS["training_renewal"].warehouse_columns())
    assert table.count().execute() == 0
    with pytest.raises(ConfigurationError, match="no table"):
        export_table(warehouse, "no_such_table", tmp_path / "x.parquet")


@pytest.mark.spark
@no_pyspark
def test_tables_are_exported_when_asked_for_and_removed_after(backend, warehouse, tmp_path):
    tmp_path = tmp_path / "exports"
    with spark_tables(warehouse, backend=backend, temp_directory=tmp_path) as tables:
        assert set(tables) == set(EXTRACTS) and len(tables) == len(EXTRACTS)
        assert list(tmp_path.glob("spark-*/*.parquet")) == []
        assert tables["organisations"].count().execute() == 0
        exported = [p.name for p in tmp_path.glob("spark-*/*.parquet")]
        assert exported == ["organisations.parquet"]
        with pytest.raises(KeyError):
            tables["_loads"]
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def sample_home(settings, with_organisations, tmp_path) -> Path:
    """A home whose warehouse holds the sample staff in post (two months, two people)."""
    row = VALID_ROWS["staff_in_post"]
    rows = [
        row,
        row | {"person_id": "10002", "assignment_id": "A2", "fte": "0.6"},
        row | {"snapshot_date": "2024-06-30"},
    ]
    load_file(with_organisations, settings, write_csv(tmp_path / "staff_in_post.csv", rows))
    with_organisations.close()
    return settings.home


def _metrics(home: Path, *args: str):
    return CliRunner().invoke(app, ["--home", str(home), "metrics", *args], catch_exceptions=True)


@pytest.mark.spark
@no_pyspark
def test_the_metrics_command_runs_on_spark_with_the_same_answer(backend, sample_home, tmp_path):
    out = {}
    for name in ("duckdb", "spark"):
        target = tmp_path / f"{name}.csv"
        done = _metrics(
            sample_home,
            "fte",
            "--by",
            "org",
            "--engine",
            name,
            "--format",
            "csv",
            "--out",
            str(target),
        )
        assert done.exit_code == 0, done.output + repr(done.exception)
        out[name] = pd.read_csv(target)
    assert len(out["duckdb"]) == 2
    pd.testing.assert_frame_equal(out["duckdb"], out["spark"])


def test_the_metrics_command_names_the_engines(sample_home, monkeypatch):
    done = _metrics(sample_home, "fte", "--engine", "polars")
    assert isinstance(done.exception, OneWorkforceError)
    assert "duckdb or spark" in str(done.exception)
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "ibis.backends.pyspark", None)
    done = _metrics(sample_home, "fte", "--engine", "spark")
    assert isinstance(done.exception, ConfigurationError)
    assert INSTALL_HINT in str(done.exception)


@pytest.mark.spark
@no_pyspark
def test_an_empty_warehouse_on_spark_gives_the_usual_message(backend, warehouse):
    """compute_metric's own checks apply on Spark too: no data is a clear error."""
    with (
        spark_tables(warehouse, backend=backend) as tables,
        pytest.raises(MetricError, match="No data for headcount"),
    ):
        compute_metric(tables, "headcount")
