"""The public API: layout, manifest, determinism, progress, Parquet, parameter checks."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from oneworkforce.errors import OneWorkforceError
from oneworkforce.synth import SynthResult, generate_ics

TINY = {"staff": 600, "months": 6, "end_month": "2025-03"}


def _contents(result: SynthResult) -> dict[str, bytes]:
    files = {f.path: (result.out_dir / f.path).read_bytes() for f in result.files}
    files["manifest.json"] = result.manifest_path.read_bytes()
    return files


def test_layout_and_manifest(ics):
    out = ics.out_dir
    assert (out / "organisations.csv").is_file() and (out / "population.csv").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"] == {**ics.parameters}
    assert manifest["parameters"]["seed"] == 7
    assert manifest["window"] == {"first_month": "2024-04", "last_month": "2026-03"}
    assert manifest["rows_by_extract"] == ics.rows_by_extract
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.csv")}
    assert listed == on_disk == {f.path for f in ics.files}
    for f in ics.files:
        if f.org_code:
            assert f.path == f"{f.extract}/{f.org_code}.csv"
        lines = (out / f.path).read_bytes().count(b"\n")
        assert lines == f.rows + 1, f.path  # header + one line a row


def test_staff_in_post_is_about_staff_times_months(ics):
    rows = ics.rows_by_extract["staff_in_post"]
    assert 4000 * 24 * 0.95 < rows < 4000 * 24 * 1.15


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a = generate_ics(tmp_path / "a", seed=5, fault_rate=0.01, **TINY)
    b = generate_ics(tmp_path / "b", seed=5, fault_rate=0.01, **TINY)
    c = generate_ics(tmp_path / "c", seed=6, fault_rate=0.01, **TINY)
    assert _contents(a) == _contents(b)
    assert _contents(c)["staff_in_post/SYNA1.csv"] != _contents(a)["staff_in_post/SYNA1.csv"]


def test_rerun_replaces_previous_files(tmp_path):
    generate_ics(tmp_path, seed=1, **TINY)
    stale = tmp_path / "pay" / "SYNA1.csv"
    assert stale.exists()
    generate_ics(tmp_path, seed=1, file_format="parquet", **TINY)
    assert not stale.exists()
    assert not list(tmp_path.rglob("*.csv"))


def test_parquet(tmp_path, check_files):
    result = generate_ics(tmp_path, seed=2, file_format="parquet", fault_rate=0.05, **TINY)
    assert all(f.path.endswith(".parquet") for f in result.files)
    esr = pq.read_table(tmp_path / "staff_in_post" / "SYNA2.parquet")
    assert "Employee Number" in esr.column_names
    total = sum(pq.read_metadata(tmp_path / f.path).num_rows for f in result.files)
    assert total == result.total_rows
    checked = check_files(tmp_path)
    assert all(checked[f.path].faulty == sum(f.faults.values()) for f in result.files)


def test_progress_is_reported(tmp_path):
    calls: list[tuple[str, int, int]] = []
    generate_ics(tmp_path, seed=3, progress=lambda *a: calls.append(a), **TINY)
    steps = {step for step, _, _ in calls}
    assert steps == {"simulate", "write"}
    for step in steps:
        mine = [(d, t) for s, d, t in calls if s == step]
        assert mine[-1][0] == mine[-1][1]
        assert [d for d, _ in mine] == sorted(d for d, _ in mine)


@pytest.mark.parametrize(
    "bad",
    [
        {"staff": 10},
        {"months": 0},
        {"seed": -1},
        {"end_month": "2026-13"},
        {"fault_rate": 0.9},
        {"file_format": "xlsx"},
    ],
)
def test_bad_parameters_are_explained(tmp_path, bad):
    with pytest.raises(OneWorkforceError):
        generate_ics(tmp_path, **{**TINY, **bad})
