"""Readers: one adapter per file format onto one shape, all-text columns plus ``_row``.

CSV and XLSX are streamed as record batches; Parquet is read by DuckDB itself (``parquet_sql``).
Every row carries ``_row``, the row's position in the file as a person opening it would
see it (the header is row 1; for Parquet, records count from 1). Rows the CSV parser cannot
split into the header's columns are not dropped: they are reported as malformed so that the
loader can quarantine them. Files are streamed, never read whole, so a file larger than
memory loads in bounded memory.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from oneworkforce.errors import InputFileError

ROW = "_row"
BATCH_ROWS = 65_536
CSV_BLOCK_BYTES = 8 << 20
FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_UNSUPPORTED = {
    ".xls": "old Excel (.xls) workbooks are not supported: save it as .xlsx or CSV",
    ".ods": "OpenDocument spreadsheets are not supported: save it as .xlsx or CSV",
    ".json": "JSON is not an accepted format: send CSV, XLSX or Parquet",
    ".pdf": "a PDF cannot be loaded: send the extract as CSV, XLSX or Parquet",
    ".zip": "unzip the archive and load the files inside",
}

Progress = Callable[[int], None]


@dataclass
class MalformedRow:
    """A row the parser could not split; its text is not kept (it may hold identifiers)."""

    row: int
    message: str


@dataclass
class FileInfo:
    path: Path
    format: str
    size: int
    checksum: str
    encoding: str = "utf-8"
    delimiter: str = ","
    header: list[str] = field(default_factory=list)


def inspect_file(path: Path) -> FileInfo:
    """Check the file can be read as a supported format; work out encoding and delimiter.

    One pass over the bytes gives both the SHA-256 checksum and the text encoding check, so a
    multi-gigabyte file is read once here and once by the parser.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: no such file.")
    if path.is_dir():
        raise InputFileError(
            f"{path} is a folder: load it without --extract per file, or pass a file."
        )
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise InputFileError(f"{path.name}: {_UNSUPPORTED[suffix]}.")
    if suffix not in FORMATS:
        raise InputFileError(
            f"{path.name}: unknown file type '{suffix or '(none)'}'. Accepted: .csv, .tsv, .txt, "
            ".xlsx and .parquet."
        )
    fmt = FORMATS[suffix]
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror}).") from None
    if size == 0:
        raise InputFileError(f"{path.name} is empty (0 bytes).")
    if fmt == "xlsx" and not head.startswith(b"PK\x03\x04"):
        raise InputFileError(f"{path.name} is not an Excel .xlsx workbook (wrong file type).")
    if fmt == "parquet" and not head.startswith(b"PAR1"):
        raise InputFileError(f"{path.name} is not a Parquet file (wrong file type).")
    checksum, encoding = _checksum_and_encoding(path, text=fmt == "csv")
    info = FileInfo(path, fmt, size, checksum, encoding)
    if fmt == "csv":
        info.header, info.delimiter = _csv_header(path, encoding)
    return info


def _checksum_and_encoding(path: Path, *, text: bool) -> tuple[str, str]:
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    first = True
    with path.open("rb") as handle:
        while chunk := handle.read(8 << 20):
            digest.update(chunk)
            if text and first and b"\x00" in chunk[:65536]:
                raise InputFileError(
                    f"{path.name} is not a text file (it contains binary data): wrong file type?"
                )
            first = False
            if text and utf8 and not chunk.isascii():  # ASCII is UTF-8: skip the decode
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if text and utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    # Windows exports from ESR and spreadsheets are cp1252 when they are not UTF-8.
    return digest.hexdigest(), "utf-8" if utf8 else "cp1252"


def _csv_header(path: Path, encoding: str) -> tuple[list[str], str]:
    with path.open("r", encoding=encoding, newline="") as handle:
        first_line = handle.readline().lstrip("\ufeff")
    if not first_line.strip():
        raise InputFileError(f"{path.name}: the first line is blank; it must be the header row.")
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    delimiter = max(counts, key=lambda d: counts[d]) if max(counts.values()) else ","
    header = next(csv.reader([first_line], delimiter=delimiter))
    return [h.strip() for h in header], delimiter


class _CountingReader(io.RawIOBase):
    """A binary file that reports how many bytes have been read (for a progress bar)."""

    def __init__(self, path: Path, progress: Progress | None):
        self._handle = path.open("rb")
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self._handle.readinto(buffer)
        if self._progress and n:
            self._progress(n)
        return n

    def close(self) -> None:
        self._handle.close()
        super().close()


def _numbered(batches: Iterator[pa.RecordBatch], skipped: list[int], first_row: int):
    """Attach file row numbers, leaving out the numbers of rows reported as malformed.

    The parser reports a malformed row before it yields the batch that would hold it, so the
    numbers skipped so far are enough to number each batch.
    """
    next_row = first_row
    for batch in batches:
        n = batch.num_rows
        if n == 0:
            continue
        skip = np.array([r for r in skipped if r >= next_row], dtype=np.int64)
        candidates = np.arange(next_row, next_row + n + len(skip), dtype=np.int64)
        numbers = candidates[~np.isin(candidates, skip)][:n] if len(skip) else candidates
        next_row = int(numbers[-1]) + 1
        yield batch.append_column(ROW, pa.array(numbers, pa.int64()))


def read_csv(
    info: FileInfo,
    columns: dict[str, int],
    malformed: list[MalformedRow],
    progress: Progress | None = None,
) -> Iterator[pa.RecordBatch]:
    """Stream the CSV's wanted columns (standard name -> header position) as text batches."""
    names = [f"c{i}" for i in range(len(info.header))]
    wanted = {f"c{i}": name for name, i in columns.items()}
    skipped: list[int] = []

    def on_invalid(row) -> str:
        skipped.append(row.number)
        malformed.append(
            MalformedRow(
                row.number,
                f"has {row.actual_columns} fields where the header has {row.expected_columns}",
            )
        )
        return "skip"

    reader = pacsv.open_csv(
        _CountingReader(info.path, progress),
        read_options=pacsv.ReadOptions(
            use_threads=False,
            block_size=CSV_BLOCK_BYTES,
            skip_rows=1,
            column_names=names,
            encoding=info.encoding,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=info.delimiter,
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            include_columns=list(wanted) or names[:1],
        ),
    )
    try:
        for batch in _numbered(reader, skipped, first_row=2):
            yield batch.rename_columns([wanted.get(n, n) for n in batch.schema.names[:-1]] + [ROW])
    except pa.ArrowInvalid as exc:
        raise InputFileError(f"{info.path.name}: the CSV cannot be parsed ({exc}).") from None


def xlsx_header(info: FileInfo) -> list[str]:
    rows = _xlsx_rows(info.path)
    for _, values in rows:
        if any(v not in ("", None) for v in values):
            return [_cell_text(v) for v in values]
    raise InputFileError(f"{info.path.name}: the first sheet has no header row.")


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise InputFileError(f"{path.name}: the workbook cannot be opened ({exc}).") from None
    try:
        sheet = book.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(
    info: FileInfo, columns: dict[str, int], malformed: list[MalformedRow], progress=None
) -> Iterator[pa.RecordBatch]:
    """Stream the first sheet's wanted columns; the first non-empty row is the header."""
    header_seen = False
    buffer: dict[str, list[str]] = {name: [] for name in columns}
    rows: list[int] = []
    for index, values in _xlsx_rows(info.path):
        if not header_seen:
            header_seen = any(v not in ("", None) for v in values)
            continue
        if all(v in ("", None) for v in values):
            continue  # Excel keeps formatted but empty rows: they are not records.
        for name, position in columns.items():
            buffer[name].append(_cell_text(values[position]) if position < len(values) else "")
        rows.append(index)
        if len(rows) >= BATCH_ROWS:
            yield _batch(buffer, rows)
            buffer = {name: [] for name in columns}
            rows = []
    if rows:
        yield _batch(buffer, rows)


def _batch(buffer: dict[str, list[str]], rows: list[int]) -> pa.RecordBatch:
    arrays = [pa.array(values, pa.string()) for values in buffer.values()]
    return pa.RecordBatch.from_arrays([*arrays, pa.array(rows, pa.int64())], [*buffer, ROW])


def parquet_header(info: FileInfo) -> list[str]:
    try:
        return list(pq.ParquetFile(info.path).schema_arrow.names)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputFileError(
            f"{info.path.name}: the Parquet file cannot be read ({exc})."
        ) from None


def parquet_sql(info: FileInfo, columns: dict[str, int]) -> str:
    """DuckDB SQL that reads the wanted columns of a Parquet file as text, with row numbers.

    DuckDB reads Parquet in parallel and in bounded memory, faster than any Python adapter;
    the cast to text puts typed columns through the same checks as CSV.
    """
    names = parquet_header(info)

    def quoted(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    selected = ", ".join(
        f"CAST({quoted(names[i])} AS VARCHAR) AS {quoted(name)}" for name, i in columns.items()
    )
    path = str(info.path).replace("'", "''")
    return (
        f"SELECT {selected}, file_row_number + 1 AS {ROW} "
        f"FROM read_parquet('{path}', file_row_number = true)"
    )
