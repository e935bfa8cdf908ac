"""A metric pack gives exactly what each metric gives alone, and leaves nothing behind."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.metrics import CATALOGUE, MetricError, NoDataError, compute_metric, compute_pack
from oneworkforce.metrics.pack import pack_dimensions
from oneworkforce.metrics.shared import PackTables, reuse, shared_intermediates

BY = ["org", "staff_group"]


def _alone(tables, metric_id: str) -> pd.DataFrame:
    try:
        return compute_metric(tables, metric_id, pack_dimensions(metric_id, BY))
    except NoDataError:
        return pd.DataFrame()


def test_the_pack_equals_each_metric_computed_alone(synthetic_ics):
    pack = compute_pack(synthetic_ics, BY)
    assert list(pack) == list(CATALOGUE)
    with_rows = 0
    for metric_id, frame in pack.items():
        expected = _alone(synthetic_ics, metric_id)
        pd.testing.assert_frame_equal(frame, expected, check_dtype=False, obj=metric_id)
        with_rows += not frame.empty
    # Flows, sickness and survey metrics all have rows in the synthetic ICS.
    assert with_rows >= 30


def test_the_turnover_metrics_share_one_snapshot_comparison_per_scope(synthetic_ics):
    with shared_intermediates(synthetic_ics) as tables:
        for scope in ("organisation", "system"):
            for kind in ("leaver_rate", "stability", "leavers", "joiners"):
                compute_metric(tables, f"{kind}_{scope}", ["org"])
        flows = [key for key in tables.intermediates if key[0] == "flows"]
        ends = [key for key in tables.intermediates if key[0] == "ends"]
    assert sorted(flows) == [("flows", "organisation", ("org",)), ("flows", "system", ("org",))]
    # Joiners are counted in the same pass as the end headcount.
    assert sorted(ends) == [("ends", "organisation", ("org",)), ("ends", "system", ("org",))]


def test_intermediates_are_released_when_the_pack_ends(synthetic_ics):
    backend = synthetic_ics["staff_in_post"].get_backend()
    before = set(backend.list_tables())
    with shared_intermediates(synthetic_ics) as tables:
        compute_metric(tables, "leaver_rate_organisation", ["org"])
        # The workforce frame, the end-of-period count and the snapshot comparison, each a
        # temporary table.
        assert sorted(key[0] for key in tables.intermediates) == [
            "ends",
            "flows",
            "workforce_frame",
        ]
        assert len(set(backend.list_tables()) - before) == 3
    assert set(backend.list_tables()) == before


def test_outside_a_pack_intermediates_are_plain_expressions(synthetic_ics):
    built = []
    table = synthetic_ics["organisations"]

    def build():
        built.append(1)
        return table

    assert reuse(synthetic_ics, "x", build) is table
    assert reuse(synthetic_ics, "x", build) is table
    assert len(built) == 2
    pack = PackTables(synthetic_ics)
    reuse(pack, "x", build)
    reuse(pack, "x", build)
    assert len(built) == 3
    pack.release()


def test_a_pack_can_be_a_subset_and_restricted_in_time(synthetic_ics):
    pack = compute_pack(
        synthetic_ics, ["place"], ["headcount", "sickness_rate"], start="2026-01", end="2026-03"
    )
    assert list(pack) == ["headcount", "sickness_rate"]
    assert set(pack["headcount"]["month"]) == {"2026-01", "2026-02", "2026-03"}
    assert list(pack["headcount"].columns[:3]) == ["metric", "place", "month"]


def test_an_unknown_metric_stops_the_pack_before_any_work(synthetic_ics):
    with pytest.raises(MetricError, match="no_such_metric"):
        compute_pack(synthetic_ics, BY, ["headcount", "no_such_metric"])
