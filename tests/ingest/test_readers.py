"""Readers return exactly what was written, with the right row numbers (property-based)."""

from __future__ import annotations

import csv
import io

from hypothesis import assume, given
from hypothesis import strategies as st

from oneworkforce.ingest.readers import ROW, inspect_file, read_csv

# Characters partners really send, including ones that differ between UTF-8 and cp1252.
CELL = st.text(alphabet=st.characters(codec="cp1252", exclude_categories=("Cc", "Cs")), max_size=12)


def write(path, header, rows, encoding, delimiter, newline="\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


@given(
    rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=30),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_csv_values_and_row_numbers_survive(tmp_path_factory, rows, encoding, delimiter, newline):
    path = tmp_path_factory.mktemp("csv") / "x.csv"
    header = ["alpha", "beta", "gamma"]
    write(path, header, rows, encoding, delimiter, newline)
    # A cp1252 file whose bytes also happen to be valid UTF-8 (such as "Â\xa0") is read as
    # UTF-8 by design: see test_valid_utf8_wins_over_cp1252.
    assume(encoding != "cp1252" or not _is_utf8(path.read_bytes()) or path.read_bytes().isascii())
    info = inspect_file(path)
    assert info.delimiter == delimiter
    assert info.header == header
    malformed = []
    batches = list(read_csv(info, {"a": 0, "b": 1, "c": 2}, malformed))
    read = [r for b in batches for r in b.to_pylist()]
    assert not malformed
    assert [[r["a"], r["b"], r["c"]] for r in read] == rows
    assert [r[ROW] for r in read] == list(range(2, len(rows) + 2))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_valid_utf8_wins_over_cp1252(tmp_path):
    """Bytes that are valid UTF-8 are read as UTF-8, the far likelier intent; others as cp1252."""
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes("a,b\nCafé,\u00a0x\n".encode())
    windows = tmp_path / "windows.csv"
    windows.write_bytes("a,b\nCafé,£5\n".encode("cp1252"))
    assert inspect_file(utf8).encoding == "utf-8"
    assert inspect_file(windows).encoding == "cp1252"
    read = [r for b in read_csv(inspect_file(windows), {"a": 0, "b": 1}, []) for r in b.to_pylist()]
    assert (read[0]["a"], read[0]["b"]) == ("Café", "£5")


@given(
    good=st.lists(st.integers(0, 1), min_size=1, max_size=40),
)
def test_malformed_rows_are_reported_and_numbering_stays_right(tmp_path_factory, good):
    """Rows with the wrong number of fields are reported, and the others keep their numbers."""
    path = tmp_path_factory.mktemp("csv") / "x.csv"
    lines = ["a,b"]
    expected_rows, expected_bad = [], []
    for i, ok in enumerate(good):
        row_number = i + 2
        if ok:
            lines.append(f"v{i},w{i}")
            expected_rows.append(row_number)
        else:
            lines.append(f"v{i},w{i},extra")
            expected_bad.append(row_number)
    path.write_text("\n".join(lines) + "\n")
    malformed = []
    batches = list(read_csv(inspect_file(path), {"a": 0, "b": 1}, malformed))
    read = [r for b in batches for r in b.to_pylist()]
    assert [r[ROW] for r in read] == expected_rows
    assert [r["a"] for r in read] == [f"v{n - 2}" for n in expected_rows]
    assert [m.row for m in malformed] == expected_bad


def test_row_numbers_across_many_batches(tmp_path, monkeypatch):
    from oneworkforce.ingest import readers

    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", 64 << 10)
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["a", "b"])
        for i in range(200_000):
            writer.writerow([i, "x,y" if i % 50_000 else "bad"] if i % 70_001 else [i, 1, 2])
    malformed = []
    batches = list(read_csv(inspect_file(path), {"a": 0}, malformed))
    assert len(batches) > 10
    read = [r for b in batches for r in b.to_pylist()]
    assert all(int(r["a"]) + 2 == r[ROW] for r in read)
    assert [m.row for m in malformed] == [i + 2 for i in range(0, 200_000, 70_001)]
