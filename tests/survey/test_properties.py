"""Question scores from answer shares: always within 0-10, and never lower when a response
moves to a more favourable answer (checked on the Ibis expression itself, on DuckDB)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.survey import scoring
from tests.survey.conftest import make_tables, row, run

SHARE = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def distributions(draw):
    """Answer shares (least favourable first), a response moved up, and whether only the
    best answer scores."""
    options = draw(st.integers(2, 7))
    shares = draw(st.lists(SHARE, min_size=options, max_size=options))
    if sum(shares) == 0:
        shares[draw(st.integers(0, options - 1))] = 1.0
    donors = [k for k in range(options - 1) if shares[k] > 0]
    moved = list(shares)
    if donors:
        k = draw(st.sampled_from(donors))
        to = draw(st.integers(k + 1, options - 1))
        amount = draw(st.floats(0, shares[k], allow_nan=False))
        moved[k] -= amount
        moved[to] += amount
    best_only = options == 5 and draw(st.booleans())
    return options, shares, moved, best_only


@given(distributions())
def test_scores_lie_within_0_to_10_and_rise_with_favourable_answers(duck, case):
    options, shares, moved, best_only = case
    code = "q14a" if best_only else "any_question"
    rows = [
        row(org_code=org, item_code=code, options=options)
        | {f"option_{k}": v for k, v in enumerate(values, start=1)}
        for org, values in (("A", shares), ("B", moved))
    ]
    frame = run(duck, scoring.question_scores(make_tables(rows)))
    before, after = (frame.set_index("org_code").loc[org, "score"] for org in ("A", "B"))
    assert -1e-9 <= before <= 10 + 1e-9 and -1e-9 <= after <= 10 + 1e-9
    assert after >= before - 1e-9
    if not best_only:
        expected = sum(s * 10 * k / (options - 1) for k, s in enumerate(shares)) / sum(shares)
        assert before == pytest.approx(expected)
