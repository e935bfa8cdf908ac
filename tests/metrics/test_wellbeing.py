"""The health and wellbeing panel: hand-computed cases, and the synthetic ICS."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from oneworkforce.metrics import MetricError, compute_metric
from oneworkforce.metrics.wellbeing import PANEL, wellbeing_panel
from tests.metrics.conftest import tables
from tests.metrics.equality_cases import extract_table

APRIL, MAY = 2024 * 12 + 4, 2024 * 12 + 5
MEASURES = [m.measure for m in PANEL]


def _survey(org, year, item_type, code, n, **values):
    return {
        "org_code": org,
        "survey_year": year,
        "survey_type": "annual",
        "item_type": item_type,
        "item_code": code,
        "responses": n,
    } | values


def _tables(b_stress_responses: int = 50):
    """A sends episodes for two staff in April and May 2024; B an aggregate for May. The
    2023 survey (October 2023) is the latest on or before May 2024: 2022 and 2024 are not
    used."""
    sip = [
        {"person_id": p, "org_code": "A", "month_index": m, "fte": 1.0}
        for p in ("p1", "p2")
        for m in (APRIL, MAY)
    ]
    episodes = [  # 30 days of S10 in April (long term), 5 of S12 in May (short term)
        {
            "org_code": "A",
            "start_date": date(2024, 4, 1),
            "end_date": date(2024, 4, 30),
            "fte_days_lost": 30.0,
            "reason": "S10",
        },
        {
            "org_code": "A",
            "start_date": date(2024, 5, 10),
            "end_date": date(2024, 5, 14),
            "fte_days_lost": 5.0,
            "reason": "S12",
        },
    ]
    aggregates = [{"org_code": "B", "fte_days_lost": 10.0, "fte_days_available": 400.0}]
    score = {"measure": "score"}
    survey = [
        _survey("A", 2023, "sub_score", "health_and_safety_climate", 100, score=6.0, **score),
        _survey("B", 2023, "sub_score", "Health and safety climate", 50, score=8.0, **score),
        _survey("A", 2023, "theme", "we_are_safe_and_healthy", 100, score=5.5, **score),
        # q11c, unwell from work-related stress: yes (option_1) 40 %.
        _survey("A", 2023, "question", "q11c", 100, options=2, option_1=40.0, option_2=60.0),
        _survey("B", 2023, "question", "q11c", b_stress_responses, score=30.0, measure="percent"),
        _survey("A", 2022, "sub_score", "health_and_safety_climate", 100, score=1.0, **score),
        _survey("A", 2024, "sub_score", "health_and_safety_climate", 100, score=9.9, **score),
    ]
    t = tables(sip, episodes=episodes, aggregates=aggregates)
    t["staff_survey"] = extract_table("staff_survey", survey)
    return t


def _values(panel: pd.DataFrame, column: str = "value") -> dict:
    org = panel["org"].fillna("system") if "org" in panel else "system"
    return dict(zip(zip(org, panel["measure"], strict=True), panel[column], strict=True))


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return wellbeing_panel(_tables(), ["org"])


def test_panel_by_organisation_and_system(panel):
    assert list(panel.columns[:3]) == ["system", "org", "measure"]
    assert list(panel["measure"]) == MEASURES * 3  # every slice has every measure
    assert list(panel["org"].iloc[::9].fillna("system")) == ["system", "A", "B"]
    value = _values(panel)
    # 12 months to May 2024: A's 35 days lost of 2 x 30 + 2 x 31 = 122 available; B's 10/400.
    assert value["A", "sickness_rate"] == pytest.approx(35 / 122 * 100)
    assert value["B", "sickness_rate"] == pytest.approx(10 / 400 * 100)
    assert value["system", "sickness_rate"] == pytest.approx(45 / 522 * 100)
    # Long term and reasons come from episodes: B sends none.
    assert value["A", "sickness_rate_long_term"] == pytest.approx(30 / 122 * 100)
    assert pd.isna(value["B", "sickness_rate_long_term"])
    assert value["system", "sickness_rate_long_term"] == pytest.approx(30 / 122 * 100)
    assert value["system", "sickness_mental_health_share"] == pytest.approx(30 / 35 * 100)
    # The 2023 survey, pooled by responses.
    assert value["A", "health_and_safety_climate"] == 6.0
    assert value["system", "health_and_safety_climate"] == pytest.approx(1000 / 150)
    assert value["system", "we_are_safe_and_healthy"] == 5.5
    assert pd.isna(value["B", "we_are_safe_and_healthy"])
    assert pd.isna(value["system", "burnout"])  # not loaded
    assert value["A", "unwell_from_work_stress"] == pytest.approx(40.0)
    assert value["system", "unwell_from_work_stress"] == pytest.approx((4000 + 1500) / 150)
    months = _values(panel, "months")
    assert (months["A", "sickness_rate"], months["B", "sickness_rate"]) == (2, 1)
    assert months["B", "sickness_rate_long_term"] == 0
    assert pd.isna(months["A", "burnout"])
    first = panel.iloc[0]
    assert (first["period"], first["month"], first["metric"]) == (
        "2023-06 to 2024-05",
        "2024-05",
        "sickness_rate",
    )
    survey = panel[panel["measure"] == "we_are_safe_and_healthy"].iloc[0]
    assert (survey["period"], survey["month"], survey["metric"]) == (
        "2023 survey",
        "2023-10",
        "people_promise_score",
    )
    assert survey["name"] == "We are safe and healthy (NHS Staff Survey)"


def test_the_month_ends_the_sickness_window():
    panel = wellbeing_panel(_tables(), ["org"], month="2024-04")
    value = _values(panel)
    assert value["A", "sickness_rate"] == pytest.approx(30 / 60 * 100)
    assert pd.isna(value["B", "sickness_rate"])  # B's May return is after the month
    assert value["A", "health_and_safety_climate"] == 6.0  # still the 2023 survey
    assert panel.iloc[0]["period"] == "2023-05 to 2024-04"


def test_the_system_alone(panel):
    alone = wellbeing_panel(_tables(), [])
    assert list(alone.columns[:2]) == ["system", "measure"]
    assert list(alone["measure"]) == MEASURES
    with_orgs = panel[panel["org"].isna()].drop(columns="org").reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, with_orgs)


def test_shared_panel_follows_each_metrics_rule():
    panel = wellbeing_panel(_tables(b_stress_responses=10), ["org"], shared=True)
    value, hidden = _values(panel), _values(panel, "suppressed")
    # A sickness rate on 330 or fewer FTE days available (122) is hidden, B's (400) not.
    assert hidden["A", "sickness_rate"] and pd.isna(value["A", "sickness_rate"])
    assert value["B", "sickness_rate"] == pytest.approx(2.5)
    # A survey result from 10 or fewer responses is hidden; the system's 110 are not.
    assert hidden["B", "unwell_from_work_stress"]
    assert not hidden["system", "unwell_from_work_stress"]
    assert value["system", "unwell_from_work_stress"] == pytest.approx(4300 / 110)
    assert not hidden["A", "health_and_safety_climate"]
    assert "small_denominator" in panel.columns


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"by": ["staff_group"]}, "wellbeing panel cannot be split by staff_group"),
        ({"month": "2024-13"}, "not a month"),
        ({"shared": True, "threshold": 0}, "threshold"),
        ({"month": "2020-01"}, "No sickness absence or staff survey results"),
    ],
)
def test_requests_that_cannot_be_met_are_explained(arguments, message):
    with pytest.raises(MetricError, match=message):
        wellbeing_panel(_tables(), **arguments)


def test_nothing_loaded_is_explained():
    t = tables([])
    t["staff_survey"] = extract_table("staff_survey", [])
    with pytest.raises(MetricError, match="No sickness absence or staff survey results"):
        wellbeing_panel(t)


# The synthetic ICS ----------------------------------------------------------------------------


@pytest.mark.slow
def test_synthetic_panel(synthetic_ics):
    panel = wellbeing_panel(synthetic_ics, ["org"])
    system = panel[panel["org"].isna()].set_index("measure")
    assert system["value"].notna().all(), system
    assert system.loc["sickness_rate", "period"] == "2025-04 to 2026-03"
    assert system.loc["burnout", "period"] == "2025 survey"
    assert 3 < system.loc["sickness_rate", "value"] < 7
    assert system.loc["sickness_rate_long_term", "value"] < system.loc["sickness_rate", "value"]
    assert 15 < system.loc["sickness_mental_health_share", "value"] < 50
    scores = system[system["unit"] == "score"]["value"]
    assert scores.between(3, 9).all()
    assert 30 < system.loc["unwell_from_work_stress", "value"] < 60
    # The 12 months add up: the system's days are the organisations' days.
    orgs = panel[panel["org"].notna() & (panel["measure"] == "sickness_rate")]
    assert orgs["numerator"].sum() == pytest.approx(system.loc["sickness_rate", "numerator"])
    # And are the catalogue's monthly figures re-aggregated.
    monthly = compute_metric(synthetic_ics, "sickness_rate", ["system"], "2025-04", "2026-03")
    assert system.loc["sickness_rate", "value"] == pytest.approx(
        monthly["numerator"].sum() / monthly["denominator"].sum() * 100
    )
    element = compute_metric(
        synthetic_ics, "people_promise_score", ["survey_theme"], "2025-10", "2025-10"
    ).set_index("survey_theme")
    assert system.loc["we_are_safe_and_healthy", "value"] == pytest.approx(
        element.loc["we_are_safe_and_healthy", "value"]
    )


@pytest.mark.slow
def test_synthetic_wres_6_lies_between_its_two_questions(synthetic_ics):
    def by_org(metric_id):
        frame = compute_metric(synthetic_ics, metric_id, ["org"], "2025-10", "2025-10")
        return frame.set_index("org")["value"].dropna()

    combined = by_org("wres_6_harassment_staff")
    managers = by_org("wdes_4a_harassment_managers")
    colleagues = by_org("wdes_4a_harassment_colleagues")
    assert len(combined) > 0
    for org, value in combined.items():
        low = max(managers[org], colleagues[org])
        assert low - 1e-9 <= value <= managers[org] + colleagues[org] + 1e-9
    groups = compute_metric(synthetic_ics, "wres_6_harassment_staff", ["ethnic_group"])
    assert groups.set_index("ethnic_group")["value"].notna().all()
