"""The synthetic staff survey: WRES 6 comes as the survey publishes it (q14b/c), consistent
with the two questions it combines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.synth.survey import from_staff_percent

PERCENT = st.integers(0, 1000).map(lambda tenths: tenths / 10)


@given(PERCENT, PERCENT)
def test_the_combined_share_lies_between_the_larger_and_the_sum(managers, colleagues):
    combined = from_staff_percent(managers, colleagues)
    assert max(managers, colleagues) <= combined <= min(managers + colleagues, 100)
    assert combined == round(combined, 1)


def test_every_q14b_and_q14c_pair_has_its_combined_result(db):
    rows = db.execute(
        """SELECT b.org_code, b.survey_year, b.group_dimension, b.group_value,
                  b.score, c.score, bc.score, b.responses, c.responses, bc.responses,
                  bc.measure, bc.options
           FROM staff_survey b
           JOIN staff_survey c USING (org_code, survey_year, survey_type)
           LEFT JOIN staff_survey bc USING (org_code, survey_year, survey_type)
           WHERE b.item_code = 'q14b' AND c.item_code = 'q14c' AND bc.item_code = 'q14b_c'
             AND b.group_dimension IS NOT DISTINCT FROM c.group_dimension
             AND b.group_value IS NOT DISTINCT FROM c.group_value
             AND bc.group_dimension IS NOT DISTINCT FROM b.group_dimension
             AND bc.group_value IS NOT DISTINCT FROM b.group_value"""
    ).fetchall()
    pairs = db.execute(
        """SELECT count(*) FROM staff_survey b JOIN staff_survey c
               USING (org_code, survey_year, survey_type)
           WHERE b.item_code = 'q14b' AND c.item_code = 'q14c'
             AND b.group_dimension IS NOT DISTINCT FROM c.group_dimension
             AND b.group_value IS NOT DISTINCT FROM c.group_value"""
    ).fetchone()[0]
    combined = db.execute(
        "SELECT count(*) FROM staff_survey WHERE item_code = 'q14b_c'"
    ).fetchone()[0]
    assert len(rows) == pairs == combined > 0
    groups = set()
    for _org, _year, dimension, value, b, c, bc, n_b, n_c, n_bc, measure, options in rows:
        groups.add((dimension, value))
        assert max(b, c) <= bc <= b + c
        assert n_b == n_c == n_bc
        assert (measure, options) == ("percent", None)
    assert {(None, None), ("ethnic_group", "White"), ("ethnic_group", "BME")} <= groups


def test_bme_staff_report_more_harassment_from_staff(db):
    gap = db.execute(
        """SELECT avg(score) FILTER (WHERE group_value = 'BME')
                  - avg(score) FILTER (WHERE group_value = 'White')
           FROM staff_survey WHERE item_code = 'q14b_c'"""
    ).fetchone()[0]
    assert 1 < gap < 10  # about 4 points nationally in the synthetic levels
