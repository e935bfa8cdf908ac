"""Writing one extract file in a partner's style, as CSV (pyarrow) or Parquet.

Files are written in chunks (a year of monthly snapshots at a time), so memory stays flat
however large the ICS is.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from oneworkforce.standard.model import Extract
from oneworkforce.synth.formats import Style, header

FORMATS = ("csv", "parquet")


class FileWriter:
    """Append all-text chunks of one extract to one file, with the partner's headers."""

    def __init__(self, path: Path, extract: Extract, style: Style, file_format: str):
        self.extract, self.style, self.format = extract, style, file_format
        self.path = path.with_suffix(".parquet" if file_format == "parquet" else ".csv")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rows = 0
        self._parquet: pq.ParquetWriter | None = None
        self._file: BinaryIO | None = None
        self._quoting = "all_valid" if style.quote_all else "none"

    def write(self, text: pa.Table) -> None:
        names = [header(self.extract, c, self.style) for c in text.column_names]
        table = text.rename_columns(names)
        self.rows += table.num_rows
        if self.format == "parquet":
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema, compression="zstd")
            self._parquet.write_table(table)
            return
        if self._file is None:
            self._file = self.path.open("wb")
            head = self.style.delimiter.join(names) + "\n"
            self._file.write((b"\xef\xbb\xbf" if self.style.bom else b"") + self._encode(head))
        self._file.write(self._encode_bytes(self._rows_csv(table)))

    def close(self) -> Path:
        if self._parquet is not None:
            self._parquet.close()
        if self._file is not None:
            self._file.close()
        return self.path

    def _rows_csv(self, table: pa.Table) -> bytes:
        """Rows without quotes unless a value needs them (then strings are quoted throughout)."""
        buf = io.BytesIO()
        try:
            options = pacsv.WriteOptions(
                include_header=False, delimiter=self.style.delimiter, quoting_style=self._quoting
            )
            pacsv.write_csv(table, buf, options)
        except pa.ArrowInvalid:  # a value holds the delimiter or a quote
            self._quoting = "needed"
            buf = io.BytesIO()
            options = pacsv.WriteOptions(include_header=False, delimiter=self.style.delimiter)
            pacsv.write_csv(table, buf, options)
        return buf.getvalue()

    def _encode(self, text: str) -> bytes:
        return self._encode_bytes(text.encode("utf-8"))

    def _encode_bytes(self, data: bytes) -> bytes:
        if self.style.encoding.lower().replace("-", "") != "utf8":
            data = data.decode("utf-8").encode(self.style.encoding)
        if self.style.line_end != "\n":
            data = data.replace(b"\n", self.style.line_end.encode())
        return data
