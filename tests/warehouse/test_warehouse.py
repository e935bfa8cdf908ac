"""The warehouse: schema from the data standard, code lists, summaries through Ibis."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from oneworkforce.errors import ConfigurationError
from oneworkforce.ingest import load_file
from oneworkforce.standard import EXTRACTS
from oneworkforce.standard.codes import ALL_CODE_LISTS
from oneworkforce.warehouse import Warehouse
from oneworkforce.warehouse.summary import staff_in_post_latest, summarise
from tests.conftest import write_csv
from tests.samples import VALID_ROWS


def test_every_extract_has_a_table_with_its_columns(warehouse):
    for extract in EXTRACTS.values():
        described = warehouse.sql.execute(f'DESCRIBE "{extract.name}"').fetchall()
        assert [(r[0], r[1]) for r in described] == extract.warehouse_columns()


def test_schema_creation_is_idempotent_and_records_versions(warehouse):
    warehouse.ensure_schema()
    warehouse.ensure_schema()
    codes = warehouse.row_count("ref_codes")
    assert codes == sum(len(c.labels) for c in ALL_CODE_LISTS.values())
    versions = dict(warehouse.sql.execute("SELECT * FROM _standard").fetchall())
    assert versions == {e.name: e.version for e in EXTRACTS.values()}


def test_summary_and_headcount_count_people_once(with_organisations, settings, tmp_path):
    sip = VALID_ROWS["staff_in_post"]
    rows = [
        sip,
        sip | {"assignment_id": "second", "fte": "0.2"},  # same person, two assignments
        sip | {"org_code": "RXB", "fte": "0.5"},  # same person at a second partner
        sip | {"person_id": "2", "snapshot_date": "2024-04-30"},  # an earlier month
    ]
    load_file(
        with_organisations, settings, write_csv(tmp_path / "s.csv", rows), extract="staff_in_post"
    )
    summary = {s.extract: s for s in summarise(with_organisations)}
    assert summary["staff_in_post"].rows == 4
    assert summary["staff_in_post"].organisations == 2
    assert (summary["staff_in_post"].first_period, summary["staff_in_post"].last_period) == (
        "2024-04",
        "2024-05",
    )
    assert summary["organisations"].rows == 3
    latest = staff_in_post_latest(with_organisations)
    assert latest["headcount"] == 1
    assert latest["fte"] == pytest.approx(1.5)
    assert latest["month_index"] == 2024 * 12 + 5


def test_tables_are_ibis_expressions(with_organisations):
    table = with_organisations.table("organisations")
    assert table.filter(table.sector == "acute").count().execute() == 1


def test_extract_tables_are_every_extract_by_name(with_organisations):
    tables = with_organisations.extract_tables()
    assert list(tables) == list(EXTRACTS)
    assert tables["organisations"].count().execute() == 3
    assert tables["staff_in_post"].columns == with_organisations.table("staff_in_post").columns


def test_read_only_needs_an_existing_warehouse(tmp_path):
    with pytest.raises(ConfigurationError, match="oneworkforce init"):
        Warehouse(tmp_path / "missing.duckdb", read_only=True)


def test_a_warehouse_in_use_gives_a_clear_message(tmp_path):
    path = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True); "
            "time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.perf_counter()
        with pytest.raises(ConfigurationError, match="in use by another"):
            Warehouse(path)
        assert time.perf_counter() - started < 10
    finally:
        holder.kill()
        holder.wait()


def test_an_older_warehouse_gives_empty_tables_for_newer_extracts(settings):
    from oneworkforce.warehouse.connection import Warehouse

    with Warehouse(settings.warehouse_path) as warehouse:
        warehouse.sql.execute("DROP TABLE pay_bill")
    with Warehouse(settings.warehouse_path, read_only=True) as warehouse:
        table = warehouse.table("pay_bill")
        assert "substantive_cost" in table.columns
        assert table.count().execute() == 0


def test_an_older_warehouse_gains_the_columns_a_newer_standard_adds(settings):
    from oneworkforce.warehouse.connection import Warehouse

    with Warehouse(settings.warehouse_path) as warehouse:
        warehouse.sql.execute('ALTER TABLE staff_in_post DROP COLUMN "apprenticeship"')
        warehouse.sql.execute("INSERT INTO staff_in_post (person_id) VALUES ('p1')")
    with Warehouse(settings.warehouse_path) as warehouse:
        rows = warehouse.sql.execute(
            "SELECT person_id, apprenticeship FROM staff_in_post"
        ).fetchall()
    assert rows == [("p1", None)]
