"""Results kept per load: the same figures as computed afresh, computed once, dropped when a
load commits."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from oneworkforce.ingest import load_file
from oneworkforce.metrics import compute_metric
from oneworkforce.metrics.cache import ResultCache
from oneworkforce.metrics.compute import NoDataError
from oneworkforce.metrics.model import MetricError
from oneworkforce.spc.series import metric_series
from tests.conftest import write_csv
from tests.samples import VALID_ROWS

REQUESTS = [
    ("headcount", ["org"], None, None),
    ("headcount", ["org"], "2025-06", "2025-09"),
    ("leaver_rate_organisation", ["org", "staff_group"], "2026-03", None),
    ("sickness_rate", [], None, "2025-12"),
    ("vacancy_rate", ["staff_group"], "2025-04", "2025-04"),
]


@pytest.mark.parametrize(("metric_id", "by", "start", "end"), REQUESTS)
@pytest.mark.parametrize("shared", [False, True])
def test_a_kept_result_gives_the_same_table_as_computing_afresh(
    synthetic_ics, metric_id, by, start, end, shared
):
    results = ResultCache().at("load 1")
    expected = compute_metric(synthetic_ics, metric_id, by, start, end, shared=shared)
    for _ in range(2):  # the first computes and keeps, the second reads the kept result
        got = compute_metric(
            synthetic_ics, metric_id, by, start, end, shared=shared, results=results
        )
        pd.testing.assert_frame_equal(got, expected)
    assert (results.misses, results.hits) == (1, 1)


def test_any_range_is_served_from_the_one_kept_result(synthetic_ics):
    results = ResultCache().at("load 1")
    for start, end in [(None, None), ("2025-06", None), (None, "2025-08"), ("2025-07", "2025-07")]:
        compute_metric(synthetic_ics, "fte", ["org"], start, end, results=results)
    assert (results.misses, results.hits, len(results)) == (1, 3, 1)


def test_bad_requests_fail_as_they_do_without_the_cache(synthetic_ics):
    results = ResultCache().at("load 1")
    with pytest.raises(MetricError, match="ends before it starts"):
        compute_metric(synthetic_ics, "fte", [], "2025-09", "2025-06", results=results)
    with pytest.raises(MetricError, match="Unknown dimension"):
        compute_metric(synthetic_ics, "fte", ["planet"], results=results)
    with pytest.raises(NoDataError):
        compute_metric(synthetic_ics, "fte", [], "2031-01", results=results)
    assert len(results) == 1  # the whole result was kept; the range was empty


def test_kept_results_are_not_changed_by_what_callers_do_with_theirs(synthetic_ics):
    results = ResultCache().at("load 1")
    first = compute_metric(synthetic_ics, "headcount", ["org"], shared=True, results=results)
    first["value"] = -1.0
    again = compute_metric(synthetic_ics, "headcount", ["org"], results=results)
    assert (again["value"] >= 0).all()


def test_spc_series_read_kept_results(synthetic_ics):
    results = ResultCache().at("load 1")
    org = compute_metric(synthetic_ics, "headcount", ["org"])["org"].iloc[0]
    for _ in range(2):
        series = metric_series(synthetic_ics, "headcount", {"org": org}, results=results)
    expected = metric_series(synthetic_ics, "headcount", {"org": org})
    pd.testing.assert_frame_equal(series, expected)
    assert (results.misses, results.hits) == (1, 1)


def test_a_new_load_state_empties_the_cache():
    results = ResultCache()
    results.at("load 1").get("a", lambda: pd.DataFrame({"x": [1]}))
    assert len(results.at("load 1")) == 1
    assert len(results.at("load 2")) == 0
    frame = results.get("a", lambda: pd.DataFrame({"x": [2]}))
    assert frame["x"].tolist() == [2]


def test_a_result_computed_across_a_load_is_not_kept():
    results = ResultCache().at("load 1")

    def compute():
        results.at("load 2")  # a load commits while the result is being computed
        return pd.DataFrame({"x": [1]})

    results.get("a", compute)
    assert len(results) == 0


def test_the_least_recently_used_results_go_first():
    results = ResultCache(max_results=2).at("load 1")
    for key in ("a", "b", "a", "c"):
        results.get(key, lambda: pd.DataFrame())
    assert list(results._results) == ["a", "c"]


def test_requests_at_the_same_time_compute_a_result_once():
    results = ResultCache().at("load 1")
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return pd.DataFrame({"x": [1]})

    threads = [threading.Thread(target=results.get, args=("a", slow)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert (results.misses, results.hits) == (1, 7)


def test_the_load_state_changes_when_a_load_commits(warehouse, settings, tmp_path):
    before = warehouse.load_state()
    assert before == warehouse.load_state()
    path = write_csv(tmp_path / "organisations.csv", [VALID_ROWS["organisations"]])
    load_file(warehouse, settings, path)
    after = warehouse.load_state()
    assert after != before
    load_file(warehouse, settings, path)  # loading the same file again is a new load too
    assert warehouse.load_state() != after
