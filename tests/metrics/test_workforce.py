"""Hand-computed cases for staff in post, establishment and vacancy metrics."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import CATALOGUE, MetricError, compute_metric
from tests.metrics.conftest import tables

MAY, JUNE = 2024 * 12 + 5, 2024 * 12 + 6


def values(frame, *keys):
    return {tuple(row[k] for k in keys): row["value"] for _, row in frame.iterrows()}


def test_headcount_counts_each_person_once_at_every_level():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 0.6},
            {"person_id": "p1", "org_code": "A", "fte": 0.4, "staff_group": "midwifery"},
            {"person_id": "p1", "org_code": "B", "fte": 0.2},  # also works for a second partner
            {"person_id": "p2", "org_code": "B", "fte": 1.0},
        ]
    )
    assert compute_metric(t, "headcount")["value"].tolist() == [2]
    by_org = values(compute_metric(t, "headcount", ["org"]), "org")
    assert by_org == {("A",): 1, ("B",): 2}  # 1 + 2 = 3, not the system's 2
    by_place = values(
        compute_metric(t, "headcount", ["place", "staff_group"]), "place", "staff_group"
    )
    assert by_place == {("North", "midwifery"): 1, ("North", "nursing"): 2}


def test_fte_adds_part_time_assignments():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 0.6},
            {"person_id": "p1", "org_code": "A", "fte": 0.4},
            {"person_id": "p2", "org_code": "C", "fte": 0.5},
            {"person_id": "p3", "org_code": "C", "fte": 0.0, "contract_type": "bank"},
        ]
    )
    assert values(compute_metric(t, "fte", ["sector"]), "sector") == pytest.approx(
        {("acute",): 1.0, ("primary_care",): 0.5}
    )


def test_vacancies_count_bank_cover_as_vacant():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 1.0},
            {"person_id": "p2", "org_code": "A", "fte": 0.5, "contract_type": "fixed_term"},
            {"person_id": "p3", "org_code": "A", "fte": 1.0, "contract_type": "bank"},
        ],
        [{"org_code": "A", "budgeted_fte": 2.0}, {"org_code": "A", "budgeted_fte": 2.0}],
    )
    assert compute_metric(t, "establishment")["value"].tolist() == [4.0]
    assert compute_metric(t, "vacancies")["value"].tolist() == [2.5]
    rate = compute_metric(t, "vacancy_rate").iloc[0]
    assert (rate.numerator, rate.denominator, rate.value) == (2.5, 4.0, 62.5)
    assert compute_metric(t, "fill_rate")["value"].tolist() == [37.5]


def test_vacancy_rate_is_summed_not_averaged_and_empty_without_establishment():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 9.0},
            {"person_id": "p2", "org_code": "B", "fte": 1.0},
            {"person_id": "p3", "org_code": "C", "fte": 1.0},  # no establishment at C
        ],
        [{"org_code": "A", "budgeted_fte": 10.0}, {"org_code": "B", "budgeted_fte": 2.0}],
    )
    by_org = values(compute_metric(t, "vacancy_rate", ["org"]), "org")
    assert by_org[("A",)] == pytest.approx(10.0)
    assert by_org[("B",)] == pytest.approx(50.0)
    assert by_org[("C",)] != by_org[("C",)]  # NaN: no establishment, no rate
    system = compute_metric(t, "vacancy_rate").iloc[0]
    # (10 + 2 - 9 - 1 - 1) / 12, not the mean of 10 % and 50 %
    assert system.value == pytest.approx(1 / 12 * 100)


def test_months_and_a_partner_missing_a_snapshot():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 1.0, "month_index": MAY},
            {"person_id": "p2", "org_code": "B", "fte": 1.0, "month_index": MAY},
            {"person_id": "p1", "org_code": "A", "fte": 1.0, "month_index": JUNE},  # B sent none
        ]
    )
    frame = compute_metric(t, "headcount", ["org"], "2024-05", "2024-06")
    assert list(zip(frame.org, frame.month, frame.value, strict=True)) == [
        ("A", "2024-05", 1),
        ("A", "2024-06", 1),
        ("B", "2024-05", 1),
    ]
    assert compute_metric(t, "headcount", [], "2024-06", "2024-06")["value"].tolist() == [1]


@pytest.mark.parametrize(
    ("metric", "by", "start", "end", "message"),
    [
        ("head_count", [], None, None, "Unknown metric"),
        ("headcount", ["shoe_size"], None, None, "Unknown dimension"),
        ("vacancies", ["gender"], None, None, "cannot be split by gender"),
        ("headcount", [], "2024-07", "2024-05", "ends before it starts"),
        ("headcount", [], "2024-13", None, "YYYY-MM"),
        ("headcount", [], "2030-01", None, "No data"),
    ],
)
def test_clear_errors(metric, by, start, end, message):
    t = tables([{"person_id": "p1", "org_code": "A", "fte": 1.0}])
    with pytest.raises(MetricError, match=message):
        compute_metric(t, metric, by, start, end)


def test_every_metric_is_fully_described():
    for metric in CATALOGUE.values():
        assert metric.name and metric.definition and metric.formula and metric.source
        assert metric.unit in {
            *("count", "fte", "percent", "hours", "gbp", "years", "score"),
            *("ratio", "points"),
        }
        assert metric.good_direction in {"up", "down", "neutral"}
        assert (metric.unit in {"percent", "years", "score", "ratio", "points"}) == (
            metric.denominator is not None
        )


def test_metrics_document_is_current():
    from pathlib import Path

    from oneworkforce.metrics.document import render_markdown

    doc = Path(__file__).parents[2] / "docs" / "metrics.md"
    assert doc.read_text() == render_markdown(), (
        "docs/metrics.md is out of date: run `oneworkforce metrics --markdown > docs/metrics.md`"
    )
