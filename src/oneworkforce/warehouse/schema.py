"""Warehouse tables: one per extract (from the data standard), plus the load log,
the quarantine and the code lists as a reference table."""

from __future__ import annotations

from oneworkforce.standard import EXTRACTS, Extract
from oneworkforce.standard.codes import ALL_CODE_LISTS

LOADS_TABLE = "_loads"
QUARANTINE_TABLE = "_quarantine"
CODES_TABLE = "ref_codes"
STANDARD_TABLE = "_standard"

META_DDL = [
    "CREATE SEQUENCE IF NOT EXISTS _load_id_seq START 1",
    f"""CREATE TABLE IF NOT EXISTS {LOADS_TABLE} (
        load_id BIGINT PRIMARY KEY,
        extract VARCHAR NOT NULL,
        schema_version VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        file_format VARCHAR,
        file_bytes BIGINT,
        checksum VARCHAR,
        declared_org VARCHAR,
        declared_period VARCHAR,
        started_at TIMESTAMP WITH TIME ZONE NOT NULL,
        finished_at TIMESTAMP WITH TIME ZONE,
        status VARCHAR NOT NULL,
        rows_read BIGINT,
        rows_loaded BIGINT,
        rows_quarantined BIGINT,
        rows_replaced BIGINT,
        scopes VARCHAR,
        warnings VARCHAR,
        message VARCHAR
    )""",
    f"""CREATE TABLE IF NOT EXISTS {QUARANTINE_TABLE} (
        load_id BIGINT NOT NULL,
        file_name VARCHAR NOT NULL,
        row_number BIGINT NOT NULL,
        column_name VARCHAR,
        value VARCHAR,
        rule VARCHAR NOT NULL,
        message VARCHAR NOT NULL
    )""",
    f"""CREATE TABLE IF NOT EXISTS {CODES_TABLE} (
        code_list VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        label VARCHAR NOT NULL,
        PRIMARY KEY (code_list, code)
    )""",
    f"""CREATE TABLE IF NOT EXISTS {STANDARD_TABLE} (
        extract VARCHAR PRIMARY KEY,
        schema_version VARCHAR NOT NULL
    )""",
]


def table_ddl(extract: Extract) -> str:
    columns = ",\n    ".join(f'"{name}" {kind}' for name, kind in extract.warehouse_columns())
    return f'CREATE TABLE IF NOT EXISTS "{extract.name}" (\n    {columns}\n)'


def added_columns_ddl(extract: Extract, existing: set[str]) -> list[str]:
    """Columns a newer version of the standard adds to an extract, as ALTER statements.

    Versions of the standard only ever add columns (optional ones, or derived ones), so an
    older warehouse is brought up to date in place and its rows read as empty there.
    """
    return [
        f'ALTER TABLE "{extract.name}" ADD COLUMN "{name}" {kind}'
        for name, kind in extract.warehouse_columns()
        if name not in existing
    ]


def all_ddl() -> list[str]:
    return [*META_DDL, *(table_ddl(e) for e in EXTRACTS.values())]


def code_rows() -> list[tuple[str, str, str]]:
    return [
        (code_list.name, code, label)
        for code_list in ALL_CODE_LISTS.values()
        for code, label in code_list.labels.items()
    ]
