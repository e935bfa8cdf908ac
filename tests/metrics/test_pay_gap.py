"""Hand-computed cases: pay gaps by the UK statutory gender pay gap method (2017 Regulations,
Schedule 1), for gender, ethnicity and disability."""

from __future__ import annotations

from fractions import Fraction

import ibis
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.metrics import CATALOGUE, MetricError, compute_metric, metric_expression
from oneworkforce.metrics.dimensions import WORKFORCE_DIMENSIONS
from oneworkforce.metrics.pay_gap import METRICS, QUARTILES
from tests.metrics.conftest import tables

MARCH_2024 = 2024 * 12 + 3


def _pay(person, gender, hourly, bonus=None, org="A", **extra):
    return {
        "person_id": person,
        "org_code": org,
        "gender": gender,
        "hourly_pay": hourly,
        "bonus_pay": bonus,
    } | extra


# A small employer: 6 men and 6 women full-pay relevant; five people on £20 (3 men, 2 women)
# hold positions 5 to 9 of 12, across the boundary between the lower middle (4-6) and upper
# middle (7-9) quartiles. Also a woman who is not full-pay relevant (bonus only) and a person
# of gender X (in neither group), each paid more than anyone compared, so including either
# would change every figure.
EMPLOYER = [
    _pay("w1", "2", 8.0, 0.0),  # a bonus of 0 is no bonus
    _pay("w2", "2", 9.0),
    _pay("m1", "1", 10.0, 100.0),
    _pay("w3", "2", 12.0),
    _pay("m2", "1", 20.0),
    _pay("m3", "1", 20.0),
    _pay("m4", "1", 20.0),
    _pay("w4", "2", 20.0),
    _pay("w5", "2", 20.0),
    _pay("w6", "2", 25.0, 100.0),
    _pay("m5", "1", 30.0, 200.0),
    _pay("m6", "1", 35.0, 600.0),
    _pay("w7", "2", 90.0, 200.0, full_pay_relevant=False),
    _pay("x1", "X", 50.0, 1000.0),
]


def one(t, metric_id, by=None, **kwargs) -> pd.Series:
    frame = compute_metric(t, metric_id, by or [], **kwargs)
    assert len(frame) == 1, frame
    return frame.iloc[0]


def test_mean_and_median_hourly_pay_gaps():
    t = tables([], pay=EMPLOYER)
    mean = one(t, "gender_pay_gap_mean")
    # Men 135 / 6 = 22.5; women 94 / 6; (A - B) / A = (41 / 6) / (135 / 6) = 41 / 135.
    assert mean.numerator == pytest.approx(41 / 6)
    assert mean.denominator == pytest.approx(22.5)
    assert mean.value == pytest.approx(4100 / 135)
    assert mean.smallest_group == 6
    assert (mean.month, mean.month_index) == ("2024-03", MARCH_2024)
    median = one(t, "gender_pay_gap_median")
    # Six of each: men (20 + 20) / 2 = 20; women (12 + 20) / 2 = 16, between the two middles.
    assert (median.numerator, median.denominator, median.value) == (4.0, 20.0, 20.0)


def test_bonus_gaps_count_everyone_paid_a_bonus_full_pay_or_not():
    t = tables([], pay=EMPLOYER)
    # Men 100, 200, 600: mean 300, median 200. Women 100 and 200 (w7 is not full-pay
    # relevant but is a relevant employee): mean 150, median 150. x1's 1000 is left out.
    mean = one(t, "gender_bonus_gap_mean")
    assert (mean.numerator, mean.denominator, mean.value) == (150.0, 300.0, 50.0)
    assert mean.smallest_group == 2
    median = one(t, "gender_bonus_gap_median")
    assert (median.numerator, median.denominator, median.value) == (50.0, 200.0, 25.0)


def test_proportion_of_men_and_of_women_paid_a_bonus():
    t = tables([], pay=EMPLOYER)
    frame = compute_metric(t, "bonus_received_share", ["gender"]).set_index("gender")
    shares = {g: (r.numerator, r.denominator) for g, r in frame.iterrows()}
    # Women: w6 and w7 of 7 relevant employees (w7 counts: bonus covers everyone).
    assert shares == {"1": (3, 6), "2": (2, 7), "X": (1, 1)}
    assert frame.loc["1", "value"] == 50.0
    assert one(t, "bonus_received_share").value == pytest.approx(600 / 14)


def test_quartiles_split_a_tied_rate_across_a_boundary_in_proportion():
    t = tables([], pay=EMPLOYER)
    frame = compute_metric(t, "pay_quartile_share", ["pay_quartile"]).set_index("pay_quartile")
    assert list(frame.index) == list(QUARTILES)
    # 12 compared (w7 and x1 left out): 3 a quartile. Q1 w1 w2 m1; Q2 w3 and 2 of the 5 on
    # £20 (2/5 of each: 0.8 of the 2 women); Q3 the other 3 (1.2 women); Q4 w6 m5 m6.
    assert frame["denominator"].tolist() == [3.0, 3.0, 3.0, 3.0]
    assert frame["numerator"].tolist() == pytest.approx([2.0, 1.8, 1.2, 1.0])
    assert frame["value"].tolist() == pytest.approx([200 / 3, 60.0, 40.0, 100 / 3])
    whole = one(t, "pay_quartile_share")  # without the dimension: women's share of all
    assert (whole.numerator, whole.denominator) == pytest.approx((6.0, 12.0))


def test_ten_employees_with_a_tie_across_the_middle():
    # 10 employees, 2.5 a quartile; 3 men and 2 women on £20 hold positions 4 to 8, across
    # the lower middle / upper middle boundary (and into the upper quartile).
    rows = [
        _pay("w1", "2", 5.0),
        _pay("m1", "1", 6.0),
        _pay("w2", "2", 7.0),  # position 3: half in Q1, half in Q2
        *(_pay(f"m{i}", "1", 20.0) for i in (2, 3, 4)),
        _pay("w3", "2", 20.0),
        _pay("w4", "2", 20.0),
        _pay("w5", "2", 30.0),
        _pay("m5", "1", 40.0),
    ]
    frame = compute_metric(tables([], pay=rows), "pay_quartile_share", ["pay_quartile"])
    assert frame["denominator"].tolist() == [2.5] * 4
    # Q1: w1 + 0.5 w2; Q2: 0.5 w2 + 2/5 x 2 tied women; Q3: 2.5/5 x 2; Q4: 0.5/5 x 2 + w5.
    assert frame["numerator"].tolist() == pytest.approx([1.5, 1.3, 1.0, 1.2])
    assert frame["value"].tolist() == pytest.approx([60.0, 52.0, 40.0, 48.0])


def test_no_bonuses_at_all_gives_an_empty_bonus_gap_not_an_error():
    rows = [_pay("m1", "1", 20.0), _pay("w1", "2", 18.0)]
    t = tables([], pay=rows)
    for metric_id in ("gender_bonus_gap_mean", "gender_bonus_gap_median"):
        row = one(t, metric_id)
        assert pd.isna(row.value) and pd.isna(row.numerator) and pd.isna(row.denominator)
        assert row.smallest_group == 0
    assert one(t, "bonus_received_share").value == 0.0
    assert one(t, "gender_pay_gap_mean").value == pytest.approx(10.0)


def test_one_gender_only_gives_empty_gaps_and_shows_no_pay():
    rows = [_pay("w1", "2", 20.0, 50.0), _pay("w2", "2", 18.0), _pay("u1", "9", 30.0)]
    t = tables([], pay=rows)
    row = one(t, "gender_pay_gap_mean")
    # Nothing to compare: the women's mean is not shown as a denominator either.
    assert row[["numerator", "denominator", "value"]].isna().all()
    assert row.smallest_group == 0
    quartiles = compute_metric(t, "pay_quartile_share", ["pay_quartile"])
    assert quartiles["value"].tolist() == [100.0] * 4
    assert quartiles["denominator"].tolist() == [0.5] * 4  # two people, the 9 left out


def test_all_unknown_ethnicity_gives_an_empty_ethnicity_gap():
    rows = [
        _pay("p1", "1", 20.0, ethnic_category="Z"),
        _pay("p2", "2", 15.0, ethnic_category="99"),
        _pay("p3", "2", 16.0, ethnic_category=None),
    ]
    t = tables([], pay=rows)
    row = one(t, "ethnicity_pay_gap_mean")
    assert pd.isna(row.value) and row.smallest_group == 0
    with pytest.raises(MetricError, match="No data"):  # no one to rank into quartiles
        compute_metric(t, "ethnicity_pay_quartile_share")
    assert one(t, "gender_pay_gap_mean").value == pytest.approx(22.5)


def test_ethnicity_and_disability_gaps_use_their_groups():
    rows = [
        _pay("a", "1", 20.0, ethnic_category="A", disability="no"),
        _pay("b", "2", 24.0, ethnic_category="C", disability="no"),
        _pay("c", "2", 10.0, ethnic_category="H", disability="yes"),
        _pay("d", "1", 14.0, ethnic_category="N", disability="yes"),
        _pay("e", "1", 30.0, ethnic_category="Z", disability="not_declared"),
    ]
    t = tables([], pay=rows)
    # White (A-C) 20, 24: mean 22; BME 10, 14: mean 12. Z left out.
    ethnicity = one(t, "ethnicity_pay_gap_mean")
    assert (ethnicity.numerator, ethnicity.denominator) == (10.0, 22.0)
    # Non-disabled 20, 24; disabled 10, 14; not declared left out.
    disability = one(t, "disability_pay_gap_median")
    assert (disability.numerator, disability.denominator) == (10.0, 22.0)
    assert disability.smallest_group == 2
    bme = compute_metric(t, "ethnicity_pay_quartile_share", ["pay_quartile"])
    assert bme["numerator"].tolist() == [1.0, 1.0, 0.0, 0.0]


def test_system_figure_pools_every_employee_not_an_average_of_employers():
    rows = [
        # A: men 20, 20; women 10, 10: gap 50 %. B: man 10; women 10, 10, 10: gap 0 %.
        _pay("m1", "1", 20.0),
        _pay("m2", "1", 20.0),
        _pay("w1", "2", 10.0),
        _pay("w2", "2", 10.0),
        # m1 works for B too: one relevant employee of each employer.
        _pay("m1", "1", 10.0, org="B"),
        *(_pay(f"v{i}", "2", 10.0, org="B") for i in range(3)),
    ]
    t = tables([], pay=rows)
    by_org = compute_metric(t, "gender_pay_gap_mean", ["org"]).set_index("org")["value"]
    assert by_org.to_dict() == {"A": 50.0, "B": 0.0}
    system = one(t, "gender_pay_gap_mean", ["system"])
    # Pooled: men 20, 20, 10 (mean 50 / 3), women 10 x 5: 40 %, not the employers' mean 25 %.
    assert system.value == pytest.approx(40.0)
    assert (system.numerator, system.denominator) == pytest.approx((20 / 3, 50 / 3))
    assert system.smallest_group == 3
    assert one(t, "gender_pay_gap_median", ["place"]).value == pytest.approx(50.0)
    # Quartiles are ranked over the pooled system, and within each organisation by org.
    pooled = compute_metric(t, "pay_quartile_share", ["system", "pay_quartile"])
    assert pooled["denominator"].tolist() == [2.0] * 4
    per_org = compute_metric(t, "pay_quartile_share", ["org", "pay_quartile"])
    assert per_org.groupby("org")["denominator"].sum().to_dict() == {"A": 4.0, "B": 4.0}


def test_shared_outputs_hide_gaps_between_small_groups():
    rows = [_pay(f"m{i}", "1", 20.0 + i, 100.0 if i < 3 else None) for i in range(6)]
    rows += [_pay(f"w{i}", "2", 18.0 + i, 100.0 if i < 2 else None) for i in range(6)]
    rows += [_pay("bm", "1", 20.0, org="B")]
    rows += [_pay(f"bw{i}", "2", 15.0, org="B") for i in range(9)]
    t = tables([], pay=rows)
    frame = compute_metric(t, "gender_pay_gap_mean", ["org"], shared=True).set_index("org")
    assert frame["suppressed"].to_dict() == {"A": False, "B": True}  # B compares one man
    assert frame.loc["B", ["numerator", "denominator", "value"]].isna().all()
    assert frame.loc["A", "value"] == pytest.approx((22.5 - 20.5) / 22.5 * 100)
    bonus = one(t, "gender_bonus_gap_mean", ["system"], shared=True)
    assert bonus.suppressed and pd.isna(bonus.value)  # 2 women paid a bonus
    assert one(t, "gender_bonus_gap_mean", ["system"], shared=True, threshold=2).value == 0.0
    unshared = compute_metric(t, "gender_pay_gap_mean", ["org"]).set_index("org")
    assert unshared.loc["B", "value"] == pytest.approx(25.0)


def test_staff_group_slices_compare_within_the_group():
    rows = [
        _pay("m1", "1", 30.0, staff_group="medical"),
        _pay("w1", "2", 30.0, staff_group="medical"),
        _pay("m2", "1", 15.0),
        _pay("w2", "2", 15.0),
        _pay("w3", "2", 15.0),
    ]
    t = tables([], pay=rows)
    frame = compute_metric(t, "gender_pay_gap_mean", ["staff_group"]).set_index("staff_group")
    assert frame["value"].to_dict() == {"medical": 0.0, "nursing": 0.0}
    assert one(t, "gender_pay_gap_mean").value == pytest.approx((22.5 - 20) / 22.5 * 100)


# Few distinct rates, so that ties across quartile boundaries are common.
PEOPLE = st.lists(
    st.tuples(st.sampled_from(["1", "2", "9"]), st.sampled_from([10.0, 11.5, 12.0, 20.0])),
    min_size=1,
    max_size=30,
)


def _reference(people: list[tuple[str, float]]) -> list[Fraction]:
    """Women in each quarter, by the documented formula in exact arithmetic."""
    compared = sorted(p for g, p in people if g in ("1", "2"))
    n = len(compared)
    women = [Fraction(0)] * 4
    for rate in sorted(set(compared)):
        s = sum(1 for p in compared if p < rate)
        t = compared.count(rate)
        b = sum(1 for g, p in people if g == "2" and p == rate)
        for q in range(4):
            low, high = Fraction(n * q, 4), Fraction(n * (q + 1), 4)
            overlap = max(Fraction(0), min(Fraction(s + t), high) - max(Fraction(s), low))
            women[q] += b * overlap / t
    return women


@pytest.mark.slow  # one query per example
@given(PEOPLE)
def test_quartile_apportionment_property(people):
    rows = [_pay(f"p{i}", g, p) for i, (g, p) in enumerate(people)]
    n = sum(1 for g, _ in people if g in ("1", "2"))
    women = sum(1 for g, _ in people if g == "2")
    t = tables([], pay=rows)
    if n == 0:
        with pytest.raises(MetricError, match="No data"):
            compute_metric(t, "pay_quartile_share", ["pay_quartile"])
        return
    frame = compute_metric(t, "pay_quartile_share", ["pay_quartile"])
    assert frame["pay_quartile"].tolist() == list(QUARTILES)
    assert frame["denominator"].tolist() == [n / 4] * 4  # each quarter holds n / 4 people
    assert frame["numerator"].sum() == pytest.approx(women)  # shares add up to the group
    assert (frame["numerator"] >= -1e-12).all()
    assert (frame["numerator"] <= frame["denominator"] + 1e-12).all()
    expected = [float(w) for w in _reference(people)]
    # The reference ignores the order of rows, so an order hidden in ties would show here.
    assert frame["numerator"].tolist() == pytest.approx(expected, abs=1e-9)


def test_catalogue_entries():
    ids = {m.id for m in METRICS}
    assert ids <= set(CATALOGUE)
    assert {
        "gender_pay_gap_mean",
        "gender_pay_gap_median",
        "gender_bonus_gap_mean",
        "gender_bonus_gap_median",
        "bonus_received_share",
        "pay_quartile_share",
        "ethnicity_pay_gap_mean",
        "ethnicity_pay_gap_median",
        "disability_pay_gap_mean",
        "disability_pay_gap_median",
    } <= ids
    assert "pay_quartile" not in WORKFORCE_DIMENSIONS
    for metric in METRICS:
        assert {"system", "org"} <= metric.dimensions, metric.id
        assert metric.counts_people == ("gap" not in metric.id), metric.id


def test_medians_do_not_depend_on_an_engine_median():
    """Engines interpolate medians in their own ways; these metrics use window functions."""
    t = tables([], pay=EMPLOYER)
    for metric in METRICS:
        sql = ibis.to_sql(metric_expression(t, metric.id, ["org"]), dialect="duckdb").lower()
        assert "quantile" not in sql and "median" not in sql and "percentile" not in sql
