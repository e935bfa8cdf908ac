"""One slice of a metric, one figure a month: the series the CLI and the API both chart."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.errors import OneWorkforceError
from oneworkforce.metrics import MetricError, NoDataError, compute_metric
from oneworkforce.spc.series import (
    metric_series,
    parse_slice,
    rules_broken,
    series_chart,
    slice_label,
)
from tests.metrics.conftest import tables


def staff(org: str, count: int, month: int) -> list[dict]:
    return [
        {"person_id": f"{org}{i}", "org_code": org, "fte": 1.0, "month_index": 2024 * 12 + month}
        for i in range(count)
    ]


@pytest.fixture
def ics():
    rows = []
    for month in range(1, 13):
        rows += staff("A", 10 + month % 3, month) + staff("B", 3, month) + staff("C", 20, month)
    return tables(rows)


def test_a_slice_is_the_rows_of_the_whole_split(ics):
    series = metric_series(ics, "headcount", {"org": "A"}, "2024-03", "2024-10")
    full = compute_metric(ics, "headcount", ["org"], "2024-03", "2024-10")
    expected = full[full["org"] == "A"].reset_index(drop=True)
    pd.testing.assert_frame_equal(series, expected)
    assert metric_series(ics, "headcount", {})["value"].tolist() == [
        33 + m % 3 for m in range(1, 13)
    ]


def test_a_shared_slice_is_suppressed_as_the_whole_split_is(ics):
    shared = metric_series(ics, "headcount", {"org": "B"}, shared=True)
    assert shared["suppressed"].all() and shared["value"].isna().all()
    # A (the next smallest) is hidden to protect B, unless the reader is A's and knows it.
    assert metric_series(ics, "headcount", {"org": "A"}, shared=True)["suppressed"].all()
    lead = metric_series(ics, "headcount", {"org": "C"}, shared=True, entitled_orgs=["A"])
    assert lead["suppressed"].all()


def test_slices_that_give_no_series_say_why(ics, monkeypatch):
    with pytest.raises(NoDataError, match="No headcount figures for org=Z"):
        metric_series(ics, "headcount", {"org": "Z"})
    doubled = compute_metric(ics, "headcount")
    monkeypatch.setattr(
        "oneworkforce.spc.series.compute_metric", lambda *a, **k: pd.concat([doubled, doubled])
    )
    with pytest.raises(MetricError, match="several figures a month"):
        metric_series(ics, "headcount", {})


def test_slices_are_read_as_dimension_value_pairs():
    assert parse_slice(" org = RXA, staff_group=nursing ,") == {
        "org": "RXA",
        "staff_group": "nursing",
    }
    assert parse_slice("") == {}
    with pytest.raises(OneWorkforceError, match="--where takes dimension=value pairs"):
        parse_slice("org", "--where")
    assert slice_label({}) == "the system" and slice_label({"org": "A"}) == "org=A"


def test_the_chart_of_a_series(ics):
    series = metric_series(ics, "headcount", {"org": "A"})
    chart = series_chart(series, "headcount", target=11)
    assert chart.points["x"].tolist() == series["month"].tolist()
    assert chart.good_direction == "neutral" and len(rules_broken(chart.points)) == 12
    with pytest.raises(OneWorkforceError, match="at least 12"):
        series_chart(series, "headcount", baseline=3)
    with pytest.raises(OneWorkforceError, match="6 or 7"):
        series_chart(series, "headcount", run_length=5)
    assert rules_broken(pd.DataFrame()) == []
