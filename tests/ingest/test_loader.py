"""Loading: reconciliation, idempotent reload, atomicity, pseudonymisation, formats."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from oneworkforce.errors import InputFileError, NothingLoadedError, OneWorkforceError
from oneworkforce.ingest import load_file, load_folder
from oneworkforce.ingest import loader as loader_module
from oneworkforce.ingest.pseudonymise import pseudonym
from tests.conftest import write_csv
from tests.samples import ORGANISATIONS, VALID_ROWS

SIP = VALID_ROWS["staff_in_post"]


def sip_rows(n: int, **changes) -> list[dict]:
    return [
        SIP | {"person_id": f"9{i:05d}", "assignment_id": f"9{i:05d}-1"} | changes for i in range(n)
    ]


def test_reload_replaces_the_same_organisation_and_month(with_organisations, settings, tmp_path):
    path = write_csv(tmp_path / "sip.csv", sip_rows(10))
    first = load_file(with_organisations, settings, path, extract="staff_in_post")
    second = load_file(with_organisations, settings, path, extract="staff_in_post")
    assert first.rows_loaded == second.rows_loaded == 10
    assert second.rows_replaced == 10
    assert with_organisations.row_count("staff_in_post") == 10
    assert second.scopes == ["RXA 2024-05"]


def test_a_new_version_replaces_only_its_own_scope(with_organisations, settings, tmp_path):
    may = write_csv(tmp_path / "may.csv", sip_rows(10))
    june = write_csv(tmp_path / "june.csv", sip_rows(8, snapshot_date="2024-06-30"))
    other_org = write_csv(tmp_path / "rxb.csv", sip_rows(5, org_code="RXB"))
    for path in (may, june, other_org):
        load_file(with_organisations, settings, path, extract="staff_in_post")
    corrected = write_csv(tmp_path / "may2.csv", sip_rows(7))
    load_file(with_organisations, settings, corrected, extract="staff_in_post")
    counts = dict(
        with_organisations.sql.execute(
            "SELECT org_code || ' ' || strftime(period, '%Y-%m'), count(*) FROM staff_in_post "
            "GROUP BY 1"
        ).fetchall()
    )
    assert counts == {"RXA 2024-05": 7, "RXA 2024-06": 8, "RXB 2024-05": 5}


def test_a_failure_mid_load_leaves_the_previous_version(
    with_organisations, settings, tmp_path, monkeypatch
):
    path = write_csv(tmp_path / "sip.csv", sip_rows(10))
    load_file(with_organisations, settings, path, extract="staff_in_post")
    before = with_organisations.sql.execute(
        "SELECT person_id, fte FROM staff_in_post ORDER BY 1"
    ).fetchall()

    def fail_after_insert(self, *args, **kwargs):
        # Runs inside the transaction, after the delete and insert.
        import duckdb

        raise duckdb.IOException("disk full (injected)")

    monkeypatch.setattr(loader_module._LoadRun, "_write_load_log", fail_after_insert)
    changed = write_csv(tmp_path / "sip2.csv", sip_rows(4, fte="0.5"))
    with pytest.raises(OneWorkforceError, match="rolled back"):
        load_file(with_organisations, settings, changed, extract="staff_in_post")
    after = with_organisations.sql.execute(
        "SELECT person_id, fte FROM staff_in_post ORDER BY 1"
    ).fetchall()
    assert after == before
    assert (
        with_organisations.sql.execute(
            "SELECT count(*) FROM _quarantine WHERE file_name = 'sip2.csv'"
        ).fetchone()[0]
        == 0
    )


def test_every_load_is_logged_with_counts_and_checksum(with_organisations, settings, tmp_path):
    import hashlib

    rows = [*sip_rows(5), SIP | {"person_id": "x", "assignment_id": "y", "band": "band 99"}]
    path = write_csv(tmp_path / "sip.csv", rows)
    result = load_file(with_organisations, settings, path, extract="staff_in_post")
    logged = with_organisations.sql.execute(
        "SELECT extract, schema_version, checksum, rows_read, rows_loaded, rows_quarantined, "
        "status FROM _loads WHERE load_id = ?",
        [result.load_id],
    ).fetchone()
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    assert logged == ("staff_in_post", "1.1", checksum, 6, 5, 1, "loaded")
    assert result.reconciles


def test_no_raw_identifier_reaches_the_warehouse_file(settings, tmp_path):
    from oneworkforce.warehouse import open_warehouse

    raw = {
        "person_id": "PERSONRAW77",
        "assignment_id": "ASSIGNRAW77",
        "nhs_number": "9434765919",
        "ni_number": "AB123456C",
    }
    bad_nhs = SIP | {
        "person_id": "PERSONRAW88",
        "assignment_id": "ASSIGNRAW88",
        "nhs_number": "4010232137"[:-1] + "8",
    }
    with open_warehouse(settings) as wh:
        load_file(wh, settings, write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
        path = write_csv(tmp_path / "sip.csv", [SIP | raw, bad_nhs])
        with open(path, "a", newline="") as handle:  # a malformed row holding identifiers
            handle.write("PERSONRAW99,ASSIGNRAW99,RXA\n")
        result = load_file(wh, settings, path, extract="staff_in_post")
        assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
        stored = wh.sql.execute("SELECT person_id, nhs_number FROM staff_in_post").fetchone()
        key = settings.pseudonymisation_key()
        assert stored == (
            pseudonym(key, "person", "PERSONRAW77"),
            pseudonym(key, "nhs_number", "9434765919"),
        )
        wh.sql.execute("CHECKPOINT")
    data = settings.warehouse_path.read_bytes()
    for value in [
        *raw.values(),
        "PERSONRAW88",
        "ASSIGNRAW88",
        "PERSONRAW99",
        "ASSIGNRAW99",
        "4010232138",
    ]:
        assert value.encode() not in data, value
    assert key not in data and key.hex().encode() not in data


def test_pseudonyms_link_a_person_across_organisations_but_not_assignments(
    with_organisations, settings, tmp_path
):
    rows = [SIP | {"org_code": "RXA"}, SIP | {"org_code": "RXB"}]
    load_file(
        with_organisations, settings, write_csv(tmp_path / "s.csv", rows), extract="staff_in_post"
    )
    people, assignments = with_organisations.sql.execute(
        "SELECT count(DISTINCT person_id), count(DISTINCT assignment_id) FROM staff_in_post"
    ).fetchone()
    assert (people, assignments) == (1, 2)


def test_date_of_birth_becomes_age_and_is_not_stored(with_organisations, settings, tmp_path):
    load_file(
        with_organisations, settings, write_csv(tmp_path / "s.csv", [SIP]), extract="staff_in_post"
    )
    columns = [r[0] for r in with_organisations.sql.execute("DESCRIBE staff_in_post").fetchall()]
    assert "date_of_birth" not in columns
    age = with_organisations.sql.execute(
        "SELECT age_years, age_band_at_snapshot FROM staff_in_post"
    ).fetchone()
    assert age == (44, "40_44")


def test_esr_headers_and_labels_are_accepted(with_organisations, settings, tmp_path):
    row = {
        "Employee Number": "1",
        "Assignment Number": "1-1",
        "Organisation Code": "RXA",
        "Effective Date": "31/05/2024",
        "Staff Group": "Nursing and Midwifery Registered",
        "Grade": "Band 5",
        "Contracted WTE": "1",
        "Assignment Category": "Fixed Term Temp",
        "Date Started": "01/03/2019",
        "Age Band": "40-44",
        "Gender": "Female",
        "Ethnic Origin": "A White - British",
        "Disability Flag": "Not Declared",
    }
    result = load_file(
        with_organisations, settings, write_csv(tmp_path / "s.csv", [row]), extract="staff_in_post"
    )
    assert result.rows_loaded == 1
    stored = with_organisations.sql.execute(
        "SELECT staff_group, band, contract_type, gender, ethnic_category, disability, "
        "age_band_at_snapshot FROM staff_in_post"
    ).fetchone()
    assert stored == ("nursing", "band_5", "fixed_term", "2", "A", "not_declared", "40_44")


def test_personal_and_unknown_columns_are_dropped_with_warnings(
    with_organisations, settings, tmp_path
):
    rows = [SIP | {"Surname": "Smith", "Email Address": "a@b.c", "Comments": "x", "Shoe": "9"}]
    result = load_file(
        with_organisations, settings, write_csv(tmp_path / "s.csv", rows), extract="staff_in_post"
    )
    assert result.rows_loaded == 1
    assert any("Surname" in w and "Email Address" in w and "Comments" in w for w in result.warnings)
    assert any("Shoe" in w for w in result.warnings)
    assert b"Smith" not in settings.warehouse_path.read_bytes()


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", "\t"), ("cp1252", ";")],
)
def test_csv_encodings_and_delimiters(encoding, delimiter, with_organisations, settings, tmp_path):
    row = VALID_ROWS["establishment"] | {"department": "Café – Ward 5 €"}
    path = write_csv(tmp_path / "e.csv", [row], encoding=encoding, delimiter=delimiter)
    load_file(with_organisations, settings, path, extract="establishment")
    assert (
        with_organisations.sql.execute("SELECT department FROM establishment").fetchone()[0]
        == "Café – Ward 5 €"
    )


def test_xlsx_and_parquet(with_organisations, settings, tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(SIP))
    sheet.append(
        [
            dt.datetime(2024, 5, 31) if k == "snapshot_date" else (0.8 if k == "fte" else v)
            for k, v in SIP.items()
        ]
    )
    sheet.append([])  # a formatted but empty row is not a record
    book.save(tmp_path / "sip.xlsx")
    result = load_file(with_organisations, settings, tmp_path / "sip.xlsx", extract="staff_in_post")
    assert (result.rows_read, result.rows_loaded) == (1, 1)

    table = pa.table({k: [v] for k, v in VALID_ROWS["establishment"].items()})
    table = table.set_column(
        table.schema.get_field_index("budgeted_fte"), "budgeted_fte", pa.array([12.5])
    )
    table = table.set_column(
        table.schema.get_field_index("period"), "period", pa.array([dt.date(2024, 5, 31)])
    )  # typed columns are fine
    pq.write_table(table, tmp_path / "establishment.parquet")
    result = load_file(with_organisations, settings, tmp_path / "establishment.parquet")
    assert result.rows_loaded == 1
    assert (
        with_organisations.sql.execute("SELECT budgeted_fte FROM establishment").fetchone()[0]
        == 12.5
    )


def test_quarantine_reports_file_row_column_value_and_rule(with_organisations, settings, tmp_path):
    rows = sip_rows(3)
    rows[1]["band"] = "Band 10"
    path = write_csv(tmp_path / "s.csv", rows)
    result = load_file(with_organisations, settings, path, extract="staff_in_post")
    entry = with_organisations.sql.execute(
        "SELECT file_name, row_number, column_name, value, rule FROM _quarantine WHERE load_id = ?",
        [result.load_id],
    ).fetchall()
    assert entry == [("s.csv", 3, "band", "Band 10", "band.code")]


def test_multiline_values_keep_row_numbers_right(with_organisations, settings, tmp_path):
    rows = sip_rows(3)
    rows[0]["department"] = "Ward\n5"
    rows[2]["band"] = "nope"
    path = write_csv(tmp_path / "s.csv", rows)
    result = load_file(with_organisations, settings, path, extract="staff_in_post")
    assert with_organisations.sql.execute(
        "SELECT row_number FROM _quarantine WHERE load_id = ?", [result.load_id]
    ).fetchall() == [(4,)]


def test_declared_org_and_period(with_organisations, settings, tmp_path):
    rows = [r for r in sip_rows(3)]
    for r in rows:
        del r["org_code"]
    rows[2]["snapshot_date"] = "2024-06-30"
    path = write_csv(tmp_path / "s.csv", rows)
    result = load_file(
        with_organisations, settings, path, extract="staff_in_post", org="rxb", period="2024-05"
    )
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert result.rule_counts == {"snapshot_date.in_declared_period": 1}
    assert with_organisations.sql.execute(
        "SELECT DISTINCT org_code FROM staff_in_post"
    ).fetchall() == [("RXB",)]

    other = write_csv(tmp_path / "m.csv", sip_rows(2, org_code="RXA"))
    with pytest.raises(NothingLoadedError, match="org_code.matches_declared"):
        load_file(with_organisations, settings, other, extract="staff_in_post", org="RXB")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "s.csv", "empty"),
        (",".join(SIP).encode() + b"\n", "s.csv", "header but no rows"),
        (b"\x00\x01\x02binary", "s.csv", "not a text file"),
        (b"not a zip", "s.xlsx", "not an Excel"),
        (b"not parquet", "s.parquet", "not a Parquet"),
        (b"%PDF-1.4", "s.pdf", "PDF"),
        (b"x", "s.xls", "old Excel"),
        (b"x", "s.docx", "unknown file type"),
    ],
)
def test_unreadable_files_get_a_clear_error(
    content, name, message, with_organisations, settings, tmp_path
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        load_file(with_organisations, settings, path, extract="staff_in_post")


def test_missing_required_columns_are_named_with_a_hint(with_organisations, settings, tmp_path):
    row = {k: v for k, v in SIP.items() if k not in ("band", "fte")} | {"fte_wte": "1"}
    with pytest.raises(InputFileError, match="missing required columns.*band, fte") as info:
        load_file(
            with_organisations,
            settings,
            write_csv(tmp_path / "s.csv", [row]),
            extract="staff_in_post",
        )
    assert "did you mean 'fte_wte'" in str(info.value)


def test_unknown_extract_and_missing_file(with_organisations, settings, tmp_path):
    with pytest.raises(OneWorkforceError, match="Unknown extract 'rota'"):
        load_file(with_organisations, settings, tmp_path / "x.csv", extract="rota")
    with pytest.raises(InputFileError, match="no such file"):
        load_file(with_organisations, settings, tmp_path / "x.csv", extract="staff_in_post")
    path = write_csv(tmp_path / "mystery.csv", [SIP])
    with pytest.raises(InputFileError, match="cannot tell which extract"):
        load_file(with_organisations, settings, path)


def test_folder_load_orders_organisations_first_and_reports_bad_files(
    warehouse, settings, tmp_path
):
    folder = tmp_path / "drop"
    write_csv(folder / "staff_in_post" / "RXA.csv", sip_rows(4))
    write_csv(folder / "organisations.csv", ORGANISATIONS)
    (folder / "establishment").mkdir()
    (folder / "establishment" / "broken.csv").write_bytes(b"")
    result = load_folder(warehouse, settings, folder)
    assert [r.extract for r in result.loaded] == ["organisations", "staff_in_post"]
    assert len(result.failed) == 1 and "empty" in result.failed[0][1]
    assert result.rows_read == 7 == result.rows_loaded + result.rows_quarantined


@pytest.mark.slow
def test_a_file_larger_than_the_memory_limit_streams(tmp_path):
    """A file larger than the warehouse's memory limit loads: DuckDB spills to disk."""
    import duckdb

    from oneworkforce.config import initialise_home
    from oneworkforce.warehouse import Warehouse

    settings, _ = initialise_home(tmp_path / "home")
    path = tmp_path / "staff_in_post.csv"
    values = ", ".join(
        f"'{v}' AS {k}"
        for k, v in SIP.items()
        if k not in ("person_id", "assignment_id", "snapshot_date")
    )
    # 20,000 people over 35 monthly snapshots, as a partner's multi-year extract would be.
    duckdb.sql(
        f"COPY (SELECT 'P' || (i % 20000) AS person_id, 'A' || (i % 20000) AS assignment_id, "
        f"CAST(DATE '2021-01-15' + to_months(CAST(i // 20000 AS INTEGER)) AS DATE) "
        f"AS snapshot_date, {values}, repeat('x', 90) AS filler FROM range(700000) t(i)) "
        f"TO '{path}' (HEADER)"
    )
    limit_mb = 128
    assert path.stat().st_size > 1.2 * limit_mb * 2**20
    with Warehouse(
        settings.warehouse_path,
        memory_limit=f"{limit_mb}MB",
        temp_directory=settings.temp_directory,
    ) as wh:
        load_file(wh, settings, write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
        result = load_file(wh, settings, path)
        assert result.rows_loaded == 700_000
