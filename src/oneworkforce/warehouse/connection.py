"""The analytics warehouse: an embedded DuckDB file, read through Ibis.

Writers (the loader) use the DuckDB connection underneath for transactions; readers use
Ibis table expressions, so the metric layer can run the same expressions on PySpark.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import ibis
import pandas as pd
from ibis.backends.sql.datatypes import DuckDBType

from oneworkforce.config import Settings
from oneworkforce.errors import ConfigurationError
from oneworkforce.standard import EXTRACTS, get_extract
from oneworkforce.warehouse.schema import (
    CODES_TABLE,
    LOADS_TABLE,
    STANDARD_TABLE,
    added_columns_ddl,
    all_ddl,
    code_rows,
)


class Warehouse:
    """An open warehouse. Use as a context manager, or call ``close``."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        memory_limit: str = "1GB",
        temp_directory: Path | None = None,
    ):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise ConfigurationError(
                f"No warehouse at {self.path}. Run `oneworkforce init`, then load some extracts."
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.ibis = ibis.duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise ConfigurationError(
                    f"The warehouse {self.path} is in use by another OneWorkforce process; "
                    "wait for it to finish and try again."
                ) from None
            raise ConfigurationError(f"Cannot open the warehouse {self.path}: {exc}") from None
        self.sql: duckdb.DuckDBPyConnection = self.ibis.con
        self._tables: set[str] | None = None
        self.sql.execute(f"SET memory_limit = '{memory_limit}'")
        # Rows carry their file row number, so insertion order need not be kept (saves memory).
        self.sql.execute("SET preserve_insertion_order = false")
        if temp_directory is not None:
            temp_directory.mkdir(parents=True, exist_ok=True)
            self.sql.execute(f"SET temp_directory = '{temp_directory}'")
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        """Create missing tables and refresh the code lists; safe to run every time."""
        self.sql.execute("BEGIN TRANSACTION")
        try:
            for ddl in all_ddl():
                self.sql.execute(ddl)
            for extract in EXTRACTS.values():
                existing = {
                    row[0]
                    for row in self.sql.execute(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = ? AND table_schema = current_schema()",
                        [extract.name],
                    ).fetchall()
                }
                for ddl in added_columns_ddl(extract, existing):
                    self.sql.execute(ddl)
            self.sql.execute(f"DELETE FROM {CODES_TABLE}")
            self.sql.executemany(f"INSERT INTO {CODES_TABLE} VALUES (?, ?, ?)", code_rows())
            for extract in EXTRACTS.values():
                self.sql.execute(
                    f"INSERT OR REPLACE INTO {STANDARD_TABLE} VALUES (?, ?)",
                    [extract.name, extract.version],
                )
            self.sql.execute("COMMIT")
        except Exception:
            self.sql.execute("ROLLBACK")
            raise

    def table(self, name: str) -> ibis.Table:
        """An Ibis table expression for an extract's table (or a reference table).

        A warehouse made before an extract joined the standard, opened read-only, gives an
        empty table of the right shape, so metrics still run and simply find no rows.
        """
        if name in EXTRACTS:
            if name not in self._existing_tables():
                return _empty_extract_table(name)
            return self.ibis.table(get_extract(name).name)
        return self.ibis.table(name)

    def extract_tables(self) -> dict[str, ibis.Table]:
        """Every extract's table by name: the tables metrics read."""
        return {name: self.table(name) for name in EXTRACTS}

    def _existing_tables(self) -> set[str]:
        if self._tables is None:
            self._tables = set(self.ibis.list_tables())
        return self._tables

    def load_state(self) -> tuple:
        """Changes whenever a load commits: results kept under it (``metrics.cache``) are
        dropped when it changes."""
        if LOADS_TABLE not in self._existing_tables():
            return (str(self.path), 0, None, None)
        counts = self.sql.execute(
            f"SELECT count(*), max(load_id), CAST(max(finished_at) AS VARCHAR) FROM {LOADS_TABLE}"
        ).fetchone()
        return (str(self.path), *counts)

    def row_count(self, table: str) -> int:
        return self.sql.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    def close(self) -> None:
        self.ibis.disconnect()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextmanager
def open_warehouse(settings: Settings, *, read_only: bool = False) -> Iterator[Warehouse]:
    warehouse = Warehouse(
        settings.warehouse_path,
        read_only=read_only,
        memory_limit=settings.memory_limit,
        temp_directory=settings.temp_directory,
    )
    try:
        yield warehouse
    finally:
        warehouse.close()


def _empty_extract_table(name: str) -> ibis.Table:
    schema = {
        column: DuckDBType.from_string(duckdb_type)
        for column, duckdb_type in get_extract(name).warehouse_columns()
    }
    return ibis.memtable(pd.DataFrame(columns=list(schema)), schema=schema)
