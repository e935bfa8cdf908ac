"""Headline figures: the latest month of each measure, with the value a year before."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.metrics.headline import headline
from tests.metrics.conftest import tables

NOW = 2024 * 12 + 5


def test_latest_month_and_a_year_before_and_metrics_without_data_left_out():
    staff = [
        {"person_id": f"p{i}", "org_code": "A", "month_index": NOW - 12, "fte": 1.0}
        for i in range(4)
    ]
    staff += [
        {"person_id": f"p{i}", "org_code": "A", "month_index": NOW, "fte": 1.0} for i in range(1, 6)
    ]
    establishment = [
        {"org_code": "A", "budgeted_fte": 8.0, "month_index": NOW - 12},
        {"org_code": "A", "budgeted_fte": 10.0, "month_index": NOW},
    ]
    figures = headline(tables(staff, establishment=establishment)).set_index("metric")
    assert figures.loc["staff_in_post", "value"] == 5
    assert figures.loc["staff_in_post", "a_year_before"] == 4
    assert figures.loc["staff_in_post", "month"] == "2024-05"
    assert figures.loc["vacancy_rate", "value"] == pytest.approx(50.0)
    assert figures.loc["leaver_rate_organisation", "value"] == pytest.approx(1 / 4.5 * 100)
    assert pd.isna(figures.loc["leaver_rate_organisation", "a_year_before"])
    assert "sickness_rate" not in figures.index  # no sickness data
