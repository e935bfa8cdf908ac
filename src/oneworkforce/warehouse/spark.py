"""PySpark in local mode as a second engine for the same metric expressions.

The warehouse stays one DuckDB file: the loader alone writes it. To run metrics on Spark,
each table a metric reads is exported once with DuckDB's ``COPY ... (FORMAT parquet)`` and
read back through Ibis's PySpark backend, so ``metric_expression`` runs unchanged on either
engine. Columns are exported in types both engines read the same way (see ``spark_type``).

Needs the ``spark`` extra (``pip install 'oneworkforce[spark]'``) and Java 17 or later.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis

from oneworkforce.errors import ConfigurationError
from oneworkforce.standard import EXTRACTS, get_extract
from oneworkforce.warehouse.connection import Warehouse

if TYPE_CHECKING:  # pragma: no cover
    from ibis.backends.pyspark import Backend as SparkBackend
    from pyspark.sql import SparkSession

INSTALL_HINT = "pip install 'oneworkforce[spark]'"
MINIMUM_JAVA = 17

# DuckDB types Spark cannot read from Parquet, or reads with other arithmetic, and the type
# each is exported as. Checked in order against the upper-cased DuckDB type name.
_EXPORT_AS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Spark's DECIMAL arithmetic widens and can overflow to NULL; the metrics use doubles.
    (re.compile(r"^(DECIMAL|NUMERIC)\b"), "DOUBLE"),
    # Spark has no 128-bit or unsigned 64-bit integers.
    (re.compile(r"^(HUGEINT|UHUGEINT|UBIGINT)$"), "DOUBLE"),
    (re.compile(r"^UINTEGER$"), "BIGINT"),
    (re.compile(r"^USMALLINT$"), "INTEGER"),
    (re.compile(r"^UTINYINT$"), "SMALLINT"),
    # Spark reads microsecond timestamps only.
    (re.compile(r"^TIMESTAMP(_NS|_MS|_S)?$"), "TIMESTAMP"),
    (re.compile(r"^TIMESTAMP_NS WITH TIME ZONE$"), "TIMESTAMP WITH TIME ZONE"),
    # No Spark type (or no Parquet reader) for these: their text keeps the information.
    (re.compile(r"^(TIME|TIME WITH TIME ZONE|INTERVAL|UUID|JSON|BIT|VARINT|BIGNUM)$"), "VARCHAR"),
    (re.compile(r"^ENUM\b"), "VARCHAR"),
    # Lists, structs, maps, unions and arrays: no metric reads them; text is always readable.
    (re.compile(r"(\[\d*\]$|^(STRUCT|MAP|UNION|LIST)\b)"), "VARCHAR"),
)


def spark_type(duckdb_type: str) -> str | None:
    """The type a DuckDB column is exported as for Spark, or None to keep it as it is."""
    name = duckdb_type.strip().upper()
    for pattern, target in _EXPORT_AS:
        if pattern.search(name):
            return None if target == name else target
    return None


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
        from ibis.backends import pyspark as _backend  # noqa: F401
    except ImportError:
        raise ConfigurationError(
            f"Running metrics on Spark needs the spark extra: {INSTALL_HINT}"
        ) from None


def _java() -> str:
    """The java executable Spark will start, checked now so the error says what to do."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise ConfigurationError(
            f"Running metrics on Spark needs Java {MINIMUM_JAVA} or later, and none was found "
            "(set JAVA_HOME or put java on the PATH; on Debian or Ubuntu: "
            f"apt-get install openjdk-{MINIMUM_JAVA}-jre-headless). The Python side is "
            f"installed with {INSTALL_HINT}"
        )
    try:
        shown = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30
        ).stderr
    except (OSError, subprocess.SubprocessError) as exc:
        raise ConfigurationError(f"Cannot run {java}: {exc}") from None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', shown)
    if match:
        major = int(match.group(2)) if match.group(1) == "1" else int(match.group(1))
        if major < MINIMUM_JAVA:
            raise ConfigurationError(
                f"Spark needs Java {MINIMUM_JAVA} or later; {java} is Java {major}."
            )
    return java


# Errors only, to standard error: Spark's default profile logs warnings a person cannot act on.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""


def spark_session(
    *,
    driver_memory: str = "1g",
    shuffle_partitions: int = 4,
    cores: int | None = None,
    app_name: str = "oneworkforce",
) -> SparkSession:
    """A local-mode SparkSession sized for a small machine (or the one already running).

    Few shuffle partitions, because workforce tables are small to Spark and the default 200
    partitions would spend most of the time scheduling; no web UI; only errors logged; UTC,
    so dates never shift. ``driver_memory`` only applies when this starts the JVM.
    """
    _require_pyspark()
    _java()
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(f"local[{cores or '*'}]")
        .appName(app_name)
        .config("spark.driver.memory", driver_memory)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    # Log4j reads its settings once, as the JVM starts, so the file can go straight after.
    # Spark makes its (never used) catalogue folder there too, not in the working folder.
    with tempfile.TemporaryDirectory(prefix="oneworkforce-spark-") as folder:
        settings = Path(folder) / "log4j2.properties"
        settings.write_text(_LOG4J2)
        java_options = f"-Duser.timezone=UTC -Dlog4j2.configurationFile={settings.as_uri()}"
        builder = builder.config("spark.sql.warehouse.dir", str(Path(folder) / "catalogue"))
        try:
            session = builder.config("spark.driver.extraJavaOptions", java_options).getOrCreate()
        except Exception as exc:  # the JVM did not start: PySparkRuntimeError and friends
            raise ConfigurationError(f"Spark could not start: {exc}") from None
    session.sparkContext.setLogLevel("ERROR")
    # getOrCreate may return a session started elsewhere: these apply at run time anyway.
    session.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions))
    session.conf.set("spark.sql.session.timeZone", "UTC")
    return session


def spark_backend(session: SparkSession | None = None, **session_options: Any) -> SparkBackend:
    """An Ibis PySpark backend on ``session`` (default: a new ``spark_session``)."""
    _require_pyspark()
    return ibis.pyspark.connect(session or spark_session(**session_options))


def export_table(warehouse: Warehouse, name: str, path: Path) -> Path:
    """Write a warehouse table to one Parquet file in types Spark reads as DuckDB does.

    An extract the warehouse does not hold yet (an older read-only warehouse) is written
    empty with the standard's columns, as ``Warehouse.table`` gives it.
    """
    existing = warehouse.sql.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = current_schema() "
        "AND table_name = ? ORDER BY ordinal_position",
        [name],
    ).fetchall()
    if existing:
        columns = [(column, kind, _quote(column)) for column, kind in existing]
        source = f" FROM {_quote(name)}"
    elif name in EXTRACTS:
        columns = [
            (column, kind, f"CAST(NULL AS {kind})")
            for column, kind in get_extract(name).warehouse_columns()
        ]
        source = " WHERE false"
    else:
        raise ConfigurationError(f"The warehouse has no table {name!r}.")
    select = ", ".join(
        f"CAST({value} AS {target}) AS {_quote(column)}"
        if (target := spark_type(kind))
        else f"{value} AS {_quote(column)}"
        for column, kind, value in columns
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    target_path = str(path).replace("'", "''")
    warehouse.sql.execute(
        f"COPY (SELECT {select}{source}) TO '{target_path}' (FORMAT parquet, COMPRESSION zstd)"
    )
    return path


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class SparkTables(Mapping[str, ibis.Table]):
    """The warehouse's tables as Ibis PySpark tables, a ``Tables`` mapping for the metrics.

    A table is exported to ``folder`` the first time a metric asks for it, so a metric pays
    only for the tables it reads. The Parquet files must outlive every expression built on
    them: use ``spark_tables``, which removes them at the end.
    """

    def __init__(
        self,
        warehouse: Warehouse,
        backend: SparkBackend,
        folder: Path,
        names: Iterable[str] = EXTRACTS,
    ):
        self.warehouse = warehouse
        self.backend = backend
        self.folder = Path(folder)
        self._names = tuple(names)
        self._tables: dict[str, ibis.Table] = {}

    def __getitem__(self, name: str) -> ibis.Table:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._tables:
            path = export_table(self.warehouse, name, self.folder / f"{name}.parquet")
            # Ibis names the Spark view uniquely, so two exports never shadow each other.
            self._tables[name] = self.backend.read_parquet(path)
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def release(self) -> None:
        """Drop the Spark views of the tables read so far."""
        for table in self._tables.values():
            self.backend.drop_view(table.get_name(), force=True)
        self._tables.clear()


@contextmanager
def spark_tables(
    warehouse: Warehouse,
    *,
    backend: SparkBackend | None = None,
    temp_directory: Path | None = None,
    names: Iterable[str] = EXTRACTS,
) -> Iterator[SparkTables]:
    """The warehouse's tables on Spark, for ``metric_expression`` and ``compute_metric``.

    The Parquet exports go in a private folder inside ``temp_directory`` (default: the
    system's), removed on exit, so run the expressions inside the ``with`` block. Keep the
    exports in the OneWorkforce home (``Settings.temp_directory``) where /tmp is shared:
    they hold the same pseudonymised rows as the warehouse. The Spark session is left
    running for the next caller; ``backend.disconnect()`` stops it.
    """
    backend = backend or spark_backend()
    if temp_directory is not None:
        Path(temp_directory).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="spark-", dir=temp_directory) as folder:
        tables = SparkTables(warehouse, backend, Path(folder), names)
        try:
            yield tables
        finally:
            tables.release()
