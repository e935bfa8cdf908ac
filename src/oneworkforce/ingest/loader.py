"""Load one extract file into the warehouse: read, check, pseudonymise, replace atomically.

The load is one transaction: earlier rows for the same scope (organisation and month, for
most extracts) are deleted and the new rows inserted together, so a reload replaces rather
than duplicates, and a failure leaves the previous version as it was. Every row read is
either loaded or quarantined with the rule it broke; the load log records the counts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from oneworkforce.config import Settings
from oneworkforce.errors import InputFileError, NothingLoadedError, OneWorkforceError
from oneworkforce.ingest import readers
from oneworkforce.ingest.checks import CompiledExtract, compile_extract, period_sql, q
from oneworkforce.ingest.mapping import infer_extract, map_columns
from oneworkforce.ingest.pseudonymise import pseudonym_table
from oneworkforce.standard import Extract, get_extract
from oneworkforce.standard.types import Identifier, sql_str
from oneworkforce.warehouse import Warehouse
from oneworkforce.warehouse.schema import LOADS_TABLE, QUARANTINE_TABLE

_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass
class LoadProgress:
    """Callbacks for a progress display; all optional."""

    on_start: Callable[[str, int], None] | None = None  # (file name, bytes)
    on_bytes: Callable[[int], None] | None = None
    on_step: Callable[[str], None] | None = None

    def step(self, text: str) -> None:
        if self.on_step:
            self.on_step(text)


@dataclass
class LoadResult:
    load_id: int
    extract: str
    schema_version: str
    file_name: str
    checksum: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    rows_replaced: int
    scopes: list[str]
    warnings: list[str] = field(default_factory=list)
    rule_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined


def check_declared(org: str | None, period: str | None) -> dict[str, str]:
    declared: dict[str, str] = {}
    if org is not None:
        if not re.fullmatch(r"[A-Za-z0-9]{3,6}", org):
            raise OneWorkforceError(f"--org {org!r} is not an ODS code (3 to 6 letters or digits).")
        declared["org_code"] = org.upper()
    if period is not None:
        if not _PERIOD.fullmatch(period):
            raise OneWorkforceError(f"--period {period!r} is not a month written YYYY-MM.")
        declared["period"] = period
    return declared


def load_file(
    warehouse: Warehouse,
    settings: Settings,
    path: Path,
    *,
    extract: str | None = None,
    org: str | None = None,
    period: str | None = None,
    progress: LoadProgress | None = None,
) -> LoadResult:
    """Load one file; raises ``InputFileError`` (nothing loaded) for a file that can't be read."""
    started = time.perf_counter()
    progress = progress or LoadProgress()
    path = Path(path)
    definition = get_extract(extract) if extract else infer_extract(path)
    declared = check_declared(org, period)
    if "period" in declared and not definition.period_column:
        raise OneWorkforceError(f"{definition.name} has no month, so --period does not apply.")
    if "org_code" in declared and "org_code" not in {c.name for c in definition.columns}:
        raise OneWorkforceError(f"{definition.name} has no organisation, so --org does not apply.")
    info = readers.inspect_file(path)
    key = settings.pseudonymisation_key()
    run = _LoadRun(warehouse, definition, info, declared, key, progress)
    try:
        result = run.execute()
    except duckdb.OutOfMemoryException:
        raise OneWorkforceError(
            f"{path.name}: the warehouse ran out of memory and temporary disk space; raise "
            f"memory_limit in {settings.config_file} or free space in {settings.temp_directory}."
        ) from None
    finally:
        run.cleanup()
    result.seconds = time.perf_counter() - started
    return result


class _LoadRun:
    def __init__(
        self,
        warehouse: Warehouse,
        extract: Extract,
        info: readers.FileInfo,
        declared: dict[str, str],
        key: bytes,
        progress: LoadProgress,
    ):
        self.sql = warehouse.sql
        self.extract = extract
        self.info = info
        self.declared = declared
        self.key = key
        self.progress = progress
        self.malformed: list[readers.MalformedRow] = []
        self.present: set[str] = set()
        self.started_at = dt.datetime.now(dt.UTC)

    # -- steps ---------------------------------------------------------------------------
    def execute(self) -> LoadResult:
        header = self._header()
        mapping = map_columns(self.extract, header, self._column_declared(), self.info.path.name)
        self.present = set(mapping.columns)
        self._stage(mapping.columns)
        compiled = compile_extract(self.extract, self.present, self._column_declared())
        self._check(compiled)
        self._find_duplicates()
        self._pseudonymise(self.present)
        rows_read = self._count("stage") + len(self.malformed)
        self.sql.execute("DROP TABLE stage")  # free memory before the heavy steps
        load_id = self.sql.execute("SELECT nextval('_load_id_seq')").fetchone()[0]
        try:
            result = self._replace(load_id, rows_read, mapping.warnings)
        except (duckdb.Error, OSError) as exc:
            self._log_failure(load_id, rows_read, exc)
            raise OneWorkforceError(
                f"{self.info.path.name}: the load failed and was rolled back, so the warehouse "
                f"is unchanged ({type(exc).__name__}: {exc})."
            ) from None
        if result.rows_loaded == 0 and result.rows_quarantined > 0:
            raise NothingLoadedError(self._nothing_loaded_message(result))
        return result

    def _column_declared(self) -> dict[str, str]:
        """Declared values that stand for a column (--period only fills a 'period' column)."""
        out = {k: v for k, v in self.declared.items() if k == "org_code"}
        if "period" in self.declared and self.extract.period_column == "period":
            out["period"] = self.declared["period"]
        return out

    def _header(self) -> list[str]:
        if self.info.format == "csv":
            return self.info.header
        if self.info.format == "xlsx":
            return readers.xlsx_header(self.info)
        return readers.parquet_header(self.info)

    def _stage(self, columns: dict[str, int]) -> None:
        self.progress.step("reading")
        if self.progress.on_start:
            self.progress.on_start(self.info.path.name, self.info.size)
        if self.info.format == "parquet":
            query = readers.parquet_sql(self.info, columns)
        else:
            read = readers.read_csv if self.info.format == "csv" else readers.read_xlsx
            names = list(columns)
            schema = pa.schema([(n, pa.string()) for n in names] + [(readers.ROW, pa.int64())])
            batches = (
                b.select([*names, readers.ROW])
                for b in read(self.info, columns, self.malformed, self.progress.on_bytes)
            )
            self.sql.register("_source", pa.RecordBatchReader.from_batches(schema, batches))
            query = "SELECT * FROM _source"
        try:
            self.sql.execute(f"CREATE OR REPLACE TEMP TABLE stage AS {query}")
        except duckdb.OutOfMemoryException:
            raise OneWorkforceError(
                f"{self.info.path.name}: ran out of memory and temporary disk while reading; "
                "raise memory_limit in config.toml or free disk space."
            ) from None
        except (duckdb.InvalidInputException, duckdb.IOException) as exc:
            raise InputFileError(f"{self.info.path.name}: cannot be read ({exc}).") from None
        finally:
            with contextlib.suppress(duckdb.Error):
                self.sql.unregister("_source")
        if self._count("stage") == 0 and not self.malformed:
            raise InputFileError(f"{self.info.path.name} has a header but no rows.")

    def _check(self, compiled: CompiledExtract) -> None:
        self.progress.step("checking")
        typed = [q(c.name) for c in self.extract.columns]
        derived = [f"{d.sql} AS {q(d.name)}" for d in self.extract.derived]
        periods = [f"{sql} AS {q(name)}" for name, sql in period_sql(self.extract)]
        self.sql.execute(
            "CREATE OR REPLACE TEMP TABLE checked AS SELECT _row, "
            + ", ".join([*typed, *derived, *periods])
            + f", ({compiled.ok}) AS _ok FROM ({compiled.parsed_select}) AS parsed"
        )
        self._period_rule()
        bad = compile_extract(
            self.extract, compiled.present, self._column_declared(), source="bad_stage"
        )
        self.sql.execute(
            "CREATE OR REPLACE TEMP TABLE bad_stage AS SELECT * FROM stage "
            "WHERE _row IN (SELECT _row FROM checked WHERE NOT _ok)"
        )
        self.sql.execute(
            f"CREATE OR REPLACE TEMP TABLE failures AS WITH parsed AS ({bad.parsed_select}) "
            + bad.failures_select("parsed", "TRUE")
        )

    def _period_rule(self) -> None:
        """--period with a dated extract: every row must fall in that month."""
        if "period" not in self.declared or self.extract.period_column == "period":
            return
        column = self.extract.period_column
        month = f"DATE '{self.declared['period']}-01'"
        self.sql.execute(f"UPDATE checked SET _ok = FALSE WHERE _ok AND period <> {month}")
        self.sql.execute(
            "CREATE OR REPLACE TEMP TABLE period_failures AS SELECT _row, "
            f"{sql_str(column)} AS column_name, CAST({q(column)} AS VARCHAR) AS value, "
            f"{sql_str(column + '.in_declared_period')} AS rule, "
            f"{sql_str('not in the month given on the command line (' + self.declared['period'] + ')')}"
            f" AS message FROM checked WHERE period IS NOT NULL AND period <> {month}"
        )

    # The text of a malformed row is not kept: it may hold raw identifiers.

    def _find_duplicates(self) -> None:
        keys = ", ".join(q(k) for k in self.extract.unique)
        if not keys:
            self.sql.execute(
                "CREATE OR REPLACE TEMP TABLE dups AS SELECT CAST(NULL AS BIGINT) AS _row, "
                "CAST(NULL AS BIGINT) AS first_row WHERE FALSE"
            )
            return
        # Find repeated keys with a cheap aggregate first; rank only the rows that repeat.
        match = " AND ".join(f"c.{q(k)} IS NOT DISTINCT FROM g.{q(k)}" for k in self.extract.unique)
        self.sql.execute(
            "CREATE OR REPLACE TEMP TABLE dups AS "
            f"WITH repeated AS (SELECT {keys} FROM checked WHERE _ok GROUP BY ALL "
            "HAVING count(*) > 1) "
            "SELECT _row, first_row FROM ("
            "SELECT _row, first_value(_row) OVER w AS first_row, row_number() OVER w AS n "
            f"FROM checked AS c SEMI JOIN repeated AS g ON {match} WHERE _ok "
            f"WINDOW w AS (PARTITION BY {', '.join('c.' + q(k) for k in self.extract.unique)} "
            "ORDER BY _row)) WHERE n > 1"
        )

    def _pseudonymise(self, present: set[str]) -> None:
        self.progress.step("pseudonymising")
        for column in self.extract.columns:
            if not isinstance(column.type, Identifier) or column.name not in present:
                continue
            scope = column.type.scope_column
            scope_sql = q(scope) if scope else "''"
            rows = self.sql.execute(
                f"SELECT DISTINCT {scope_sql} AS scope, {q(column.name)} AS value FROM checked "
                f"WHERE _ok AND {q(column.name)} IS NOT NULL"
            ).to_arrow_table()
            table = pseudonym_table(
                self.key, column.type.domain, rows["value"].to_pylist(), rows["scope"].to_pylist()
            )
            self.sql.register("_pseudonyms", table)
            self.sql.execute(
                f"CREATE OR REPLACE TEMP TABLE {q('ps_' + column.name)} AS SELECT * FROM _pseudonyms"
            )
            self.sql.unregister("_pseudonyms")

    def _final_select(self, load_id: int) -> str:
        joins = []
        values = []
        for name, _ in self.extract.warehouse_columns():
            if name == "_load_id":
                values.append(f"{load_id} AS _load_id")
                continue
            column = next((c for c in self.extract.columns if c.name == name), None)
            if (
                column is not None
                and isinstance(column.type, Identifier)
                and column.name in self.present
            ):
                alias = f"p_{name}"
                scope = column.type.scope_column
                on = f"{alias}.value = c.{q(name)}"
                on += f" AND {alias}.scope = c.{q(scope)}" if scope else ""
                joins.append(f"LEFT JOIN {q('ps_' + name)} AS {alias} ON {on}")
                values.append(f"{alias}.pseudonym AS {q(name)}")
            else:
                values.append(f"c.{q(name)}")
        return (
            f"SELECT {', '.join(values)} FROM checked AS c {' '.join(joins)} "
            "ANTI JOIN dups AS d ON d._row = c._row WHERE c._ok"
        )

    def _replace(self, load_id: int, rows_read: int, warnings: list[str]) -> LoadResult:
        self.progress.step("writing")
        table = q(self.extract.name)
        scope = list(self.extract.scope)
        scope_cols = ", ".join(q(s) for s in scope)
        match = " AND ".join(f"t.{q(s)} = s.{q(s)}" for s in scope)
        columns = ", ".join(q(n) for n, _ in self.extract.warehouse_columns())
        file_name = self.info.path.name
        self.sql.execute(
            f"CREATE OR REPLACE TEMP TABLE scopes AS SELECT DISTINCT {scope_cols} FROM checked "
            "WHERE _ok"
        )
        self.sql.execute("BEGIN TRANSACTION")
        try:
            replaced = self.sql.execute(
                f"DELETE FROM {table} AS t USING scopes AS s WHERE {match}"
            ).fetchone()[0]
            loaded = self.sql.execute(
                f"INSERT INTO {table} ({columns}) {self._final_select(load_id)}"
            ).fetchone()[0]
            self._write_quarantine(load_id, file_name)
            quarantined = self.sql.execute(
                f"SELECT count(DISTINCT row_number) FROM {QUARANTINE_TABLE} WHERE load_id = ?",
                [load_id],
            ).fetchone()[0]
            scopes = self._scope_labels()
            status = "loaded" if loaded else "rejected"
            self._write_load_log(
                load_id, status, rows_read, loaded, quarantined, replaced, scopes, warnings
            )
            if rows_read != loaded + quarantined:
                raise OneWorkforceError(
                    f"internal error: {rows_read} rows read but {loaded} loaded and "
                    f"{quarantined} quarantined; nothing was changed."
                )
            self.sql.execute("COMMIT")
        except BaseException:
            self.sql.execute("ROLLBACK")
            raise
        rule_counts = dict(
            self.sql.execute(
                f"SELECT rule, count(*) FROM {QUARANTINE_TABLE} WHERE load_id = ? "
                "GROUP BY rule ORDER BY count(*) DESC, rule",
                [load_id],
            ).fetchall()
        )
        return LoadResult(
            load_id,
            self.extract.name,
            self.extract.version,
            file_name,
            self.info.checksum,
            rows_read,
            loaded,
            quarantined,
            replaced,
            scopes,
            warnings,
            rule_counts,
        )

    def _write_quarantine(self, load_id: int, file_name: str) -> None:
        name = sql_str(file_name)
        self.sql.execute(
            f"INSERT INTO {QUARANTINE_TABLE} SELECT {load_id}, {name}, _row, column_name, value, "
            "rule, message FROM failures"
        )
        if "period" in self.declared and self.extract.period_column != "period":
            self.sql.execute(
                f"INSERT INTO {QUARANTINE_TABLE} SELECT {load_id}, {name}, _row, column_name, "
                "value, rule, message FROM period_failures"
            )
        keys = ", ".join(self.extract.unique)
        self.sql.execute(
            f"INSERT INTO {QUARANTINE_TABLE} SELECT {load_id}, {name}, _row, NULL, NULL, "
            f"{sql_str(self.extract.name + '.duplicate')}, "
            f"'repeats row ' || first_row || ' (same {keys})' FROM dups"
        )
        if self.malformed:
            self.sql.executemany(
                f"INSERT INTO {QUARANTINE_TABLE} VALUES (?, ?, ?, NULL, NULL, 'row.malformed', ?)",
                [[load_id, file_name, m.row, m.message] for m in self.malformed],
            )

    def _scope_labels(self) -> list[str]:
        rows = self.sql.execute("SELECT * FROM scopes ORDER BY ALL").fetchall()
        return [
            " ".join(str(v)[:7] if isinstance(v, dt.date) else str(v) for v in row) for row in rows
        ]

    def _write_load_log(
        self,
        load_id: int,
        status: str,
        rows_read: int,
        loaded: int,
        quarantined: int,
        replaced: int,
        scopes: list[str],
        warnings: list[str],
        message: str | None = None,
    ) -> None:
        self.sql.execute(
            f"INSERT INTO {LOADS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)",
            [
                load_id,
                self.extract.name,
                self.extract.version,
                self.info.path.name,
                self.info.format,
                self.info.size,
                self.info.checksum,
                self.declared.get("org_code"),
                self.declared.get("period"),
                self.started_at,
                dt.datetime.now(dt.UTC),
                status,
                rows_read,
                loaded,
                quarantined,
                replaced,
                json.dumps(scopes),
                json.dumps(warnings),
                message,
            ],
        )

    def _log_failure(self, load_id: int, rows_read: int, exc: BaseException) -> None:
        # If the warehouse itself is failing, the error still reaches the user.
        with contextlib.suppress(duckdb.Error):
            self._write_load_log(load_id, "failed", rows_read, 0, 0, 0, [], [], str(exc)[:500])

    def _nothing_loaded_message(self, result: LoadResult) -> str:
        top = ", ".join(f"{rule} ({n})" for rule, n in list(result.rule_counts.items())[:5])
        text = (
            f"{result.file_name}: none of its {result.rows_read} rows could be loaded; all are "
            f"quarantined (load {result.load_id}). Most common problems: {top}. "
            f"See `oneworkforce quarantine {result.load_id}`."
        )
        if any(rule == "org_code.registered" for rule in result.rule_counts):
            unknown = self.sql.execute(
                "SELECT DISTINCT org_code FROM checked WHERE org_code IS NOT NULL AND org_code "
                "NOT IN (SELECT org_code FROM organisations) ORDER BY 1 LIMIT 5"
            ).fetchall()
            codes = ", ".join(r[0] for r in unknown)
            text += f" Organisations not registered: {codes}; load the organisations extract first."
        return text

    # -- helpers ---------------------------------------------------------------------------
    def _count(self, table: str) -> int:
        return self.sql.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def cleanup(self) -> None:
        for table in (
            "stage",
            "checked",
            "final",
            "bad_stage",
            "failures",
            "period_failures",
            "dups",
            "scopes",
            *(f"ps_{c.name}" for c in self.extract.columns),
        ):
            with contextlib.suppress(duckdb.Error):
                self.sql.execute(f"DROP TABLE IF EXISTS temp.{q(table)}")
