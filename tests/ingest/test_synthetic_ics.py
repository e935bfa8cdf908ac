"""End to end: a synthetic ICS with injected faults loads with exactly those rows quarantined."""

from __future__ import annotations

import pytest

from oneworkforce.ingest import load_folder
from oneworkforce.synth import generate_ics


@pytest.fixture(scope="module")
def faulty_ics(tmp_path_factory):
    out = tmp_path_factory.mktemp("ics")
    return generate_ics(out, staff=1500, months=6, seed=11, fault_rate=0.02)


def test_every_injected_fault_is_quarantined_and_nothing_else(faulty_ics, warehouse, settings):
    result = load_folder(warehouse, settings, faulty_ics.out_dir)
    assert not result.failed
    assert faulty_ics.total_faults > 50
    for file in faulty_ics.files:
        name = file.path.rsplit("/", 1)[-1]
        loaded = next(r for r in result.loaded if r.extract == file.extract and r.file_name == name)
        assert loaded.rows_read == file.rows, file.path
        assert loaded.rows_quarantined == sum(file.faults.values()), (file.path, loaded.rule_counts)
        assert loaded.reconciles
    assert result.rows_read == faulty_ics.total_rows
    assert len(result.loaded) == len(faulty_ics.files)


def test_reloading_the_whole_ics_is_idempotent(faulty_ics, warehouse, settings):
    load_folder(warehouse, settings, faulty_ics.out_dir)
    counts = {t: warehouse.row_count(t) for t in ("staff_in_post", "training", "organisations")}
    load_folder(warehouse, settings, faulty_ics.out_dir)
    assert {t: warehouse.row_count(t) for t in counts} == counts
