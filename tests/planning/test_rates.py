"""Rates from the warehouse on tiny hand-made histories: every flow counted by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from oneworkforce.planning.history import ROUTES
from oneworkforce.planning.rates import (
    PRIOR_PERSON_MONTHS,
    PlanningDataError,
    estimate_rates,
)
from tests.metrics.conftest import tables

JAN, FEB, MAR = 2024 * 12 + 1, 2024 * 12 + 2, 2024 * 12 + 3


def row(person: str, month: int, org: str = "A", **extra) -> dict:
    return {"person_id": person, "org_code": org, "month_index": month, "fte": 1.0} | extra


def history() -> dict:
    """Three months of nurses at A (acute) and B (community).

    January: p1-p10 at A (under 55; p1 half time), p11 at A aged 55-59, q1 at B.
    February: p9 and p11 have left; p10 has moved to B; p12 (qualified abroad) and p13
    (qualified in December 2023) have joined A.
    March: p9 is back at A (a returner); everyone else stays.
    """
    rows = [row("p1", m, fte=0.5) for m in (JAN, FEB, MAR)]
    rows += [row(f"p{i}", m) for i in range(2, 9) for m in (JAN, FEB, MAR)]
    rows += [row("p9", JAN), row("p9", MAR), row("p10", JAN)]
    rows += [row("p10", m, org="B") for m in (FEB, MAR)]
    rows += [row("p11", JAN, age_band_at_snapshot="55_59")]
    rows += [row("q1", m, org="B") for m in (JAN, FEB, MAR)]
    rows += [row("p12", m, qualification_country_group="rest_of_world") for m in (FEB, MAR)]
    rows += [row("p13", m, qualified_date=date(2023, 12, 1)) for m in (FEB, MAR)]
    establishment = [{"org_code": "A", "month_index": MAR, "budgeted_fte": 12.0}]
    return tables(rows, establishment=establishment)


@pytest.fixture(scope="module")
def rates():
    return estimate_rates(history(), MAR, window=2)


def cell(rates, org: str, age: str = "under_55") -> int:
    return rates.cells.cell_index()[(org, "nursing", age)]


def test_stock_at_the_base_month(rates) -> None:
    a, b = cell(rates, "A"), cell(rates, "B")
    assert rates.heads[a] == 11 and rates.fte[a] == pytest.approx(10.5)
    assert rates.heads[b] == 2
    assert rates.participation[a] == pytest.approx(10.5 / 11)


def test_leaver_rate_is_pooled_and_shrunk_towards_the_staff_group(rates) -> None:
    # A under 55: 1 leaver in 20 person-months (10 in January, 10 in February); the
    # group's rate in the system is 1 in 23 (B adds 3 person-months, no leavers).
    expected = (1 + PRIOR_PERSON_MONTHS / 23) / (20 + PRIOR_PERSON_MONTHS)
    assert rates.leave[cell(rates, "A")] == pytest.approx(expected)
    # 55 and over: the only person left, so the group's rate is 1 and so is the cell's.
    assert rates.leave[cell(rates, "A", "55_plus")] == pytest.approx(1.0)


def test_a_move_to_another_partner_is_a_move_not_a_leaver(rates) -> None:
    assert rates.moves[cell(rates, "A"), cell(rates, "B")] == pytest.approx(1 / 20)
    assert rates.moves[cell(rates, "B")].sum() == 0


def test_joiners_by_route_per_month(rates) -> None:
    # A could show joiners in February and March: one international, one newly qualified
    # and one returner in two months.
    a = cell(rates, "A")
    per_month = dict(zip(ROUTES, rates.joiners[:, a], strict=True))
    assert per_month == {
        "returner": 0.5,
        "international": 0.5,
        "newly_qualified": 0.5,
        "apprenticeship": 0.0,
        "other": 0.0,
    }


def test_the_rates_frame_reads_as_yearly_figures(rates) -> None:
    frame = rates.frame().set_index(["org", "age_group"])
    assert frame.loc[("A", "under_55"), "joiners_international_per_year"] == pytest.approx(6.0)
    leave = rates.leave[cell(rates, "A")]
    assert frame.loc[("A", "under_55"), "leaver_rate_annual_percent"] == pytest.approx(
        (1 - (1 - leave) ** 12) * 100
    )


def test_units_include_establishment_without_staff() -> None:
    data = tables(
        [row("p1", m) for m in (JAN, FEB)],
        establishment=[
            {"org_code": "B", "staff_group": "ahp", "month_index": FEB, "budgeted_fte": 3.0}
        ],
    )
    rates = estimate_rates(data, FEB, window=2)
    units = set(zip(rates.cells.units["org"], rates.cells.units["staff_group"], strict=True))
    assert units == {("A", "nursing"), ("B", "ahp")}


def test_clear_errors_when_the_history_cannot_give_rates() -> None:
    with pytest.raises(PlanningDataError, match="No staff in post"):
        estimate_rates(tables([]))
    with pytest.raises(PlanningDataError, match="two consecutive months"):
        estimate_rates(tables([row("p1", JAN)]), JAN)
    with pytest.raises(PlanningDataError, match="after the latest staff in post"):
        estimate_rates(history(), MAR + 1)
    with pytest.raises(PlanningDataError, match="at least 2 months"):
        estimate_rates(history(), MAR, window=1)


def test_rates_on_the_synthetic_ics_are_plausible(synthetic_tables) -> None:
    rates = estimate_rates(synthetic_tables)
    frame = rates.frame()
    heads = frame["heads"].sum()
    annual = (frame["heads"] * frame["leaver_rate_annual_percent"]).sum() / heads
    assert 8 < annual < 16  # organisation leaver rates of roughly 10-14 % a year
    older = frame[frame["age_group"] == "55_plus"]
    younger = frame[frame["age_group"] == "under_55"]
    older_rate = (older["heads"] * older["leaver_rate_annual_percent"]).sum() / older["heads"].sum()
    younger_rate = (younger["heads"] * younger["leaver_rate_annual_percent"]).sum() / younger[
        "heads"
    ].sum()
    assert older_rate > younger_rate  # retirement
    assert 0.75 < frame["fte"].sum() / heads < 0.95
    assert np.all(rates.leave_cv >= 0) and np.all(rates.joiner_cv <= 0.5)
