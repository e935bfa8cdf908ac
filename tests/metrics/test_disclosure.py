"""Disclosure control: small counts hidden, never recoverable from totals, small rates flagged."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.metrics import compute_metric
from oneworkforce.metrics.disclosure import THRESHOLD, apply_disclosure_control
from tests.metrics.conftest import tables


def people(org, n, prefix="", **extra):
    return [
        {"person_id": f"{org}{prefix}{i}", "org_code": org, "fte": 1.0} | extra for i in range(n)
    ]


def test_a_small_count_and_the_next_smallest_are_hidden():
    t = tables(people("A", 3) + people("B", 10) + people("C", 12))
    frame = compute_metric(t, "headcount", ["org"], shared=True).set_index("org")
    assert frame.suppressed.to_dict() == {"A": True, "B": True, "C": False}
    assert frame.value.isna().to_dict() == {"A": True, "B": True, "C": False}
    assert frame.loc["C", "value"] == 12


def test_nothing_hidden_when_no_count_is_small_and_zero_is_shown():
    frame = pd.DataFrame(
        {
            "org": ["A", "B"],
            "month_index": [1, 1],
            "numerator": [0.0, 7.0],
            "denominator": [None, None],
            "value": [0.0, 7.0],
        }
    )
    out = apply_disclosure_control(frame, ["org"], counts_people=True)
    assert not out.suppressed.any() and out.value.tolist() == [0.0, 7.0]


def test_unshared_outputs_and_non_people_metrics_are_untouched():
    t = tables(people("A", 3) + people("B", 10))
    assert compute_metric(t, "headcount", ["org"]).value.tolist() == [3, 10]
    fte = compute_metric(t, "fte", ["org"], shared=True)
    assert fte.value.tolist() == [3.0, 10.0] and not fte.suppressed.any()


def test_rates_follow_their_numerator_and_small_denominators_are_flagged():
    older = {"age_band_at_snapshot": "60_64"}
    t = tables(
        people("A", 2, "old", **older)
        + people("A", 20)
        + people("B", 40, "old", **older)
        + people("B", 60)
    )
    frame = compute_metric(t, "aged_55_plus", ["org"], shared=True)
    by_org = frame.set_index("org")
    # A: 2 of 22 people: hidden; B must then be hidden too, or the total would give A away.
    assert by_org.loc["A"].suppressed and by_org.loc["B"].suppressed
    assert pd.isna(by_org.loc["A"].value)
    assert bool(by_org.loc["A"].small_denominator) and not bool(by_org.loc["B"].small_denominator)


@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=4, max_size=24),
    st.integers(min_value=2, max_value=4),
)
def test_no_group_along_any_dimension_has_a_single_hidden_cell(counts, width):
    rows = [
        {
            "org": f"o{i // width}",
            "group": f"g{i % width}",
            "month_index": 1,
            "numerator": float(n),
            "denominator": None,
            "value": float(n),
        }
        for i, n in enumerate(counts)
    ]
    out = apply_disclosure_control(pd.DataFrame(rows), ["org", "group"], counts_people=True)
    original = pd.Series([float(n) for n in counts])
    assert (out.suppressed | ~((original > 0) & (original < THRESHOLD))).all()
    for dimension, other in (("org", "group"), ("group", "org")):
        for _, cells in out.groupby([other, "month_index"]):
            if len(cells) > 1:
                assert cells.suppressed.sum() != 1, (dimension, cells)


def test_the_threshold_is_configurable_and_checked():
    from oneworkforce.metrics import MetricError, compute_metric
    from tests.metrics.conftest import tables

    rows = [{"person_id": f"p{i}", "org_code": "A"} for i in range(7)]
    rows += [{"person_id": f"q{i}", "org_code": "B"} for i in range(12)]
    frame = compute_metric(tables(rows), "headcount", ["org"], shared=True, threshold=10)
    assert frame.set_index("org")["suppressed"].to_dict() == {"A": True, "B": True}
    frame = compute_metric(tables(rows), "headcount", ["org"], shared=True)
    assert frame.set_index("org")["value"].to_dict() == {"A": 7, "B": 12}
    with pytest.raises(MetricError, match="threshold"):
        compute_metric(tables(rows), "headcount", ["org"], shared=True, threshold=0)


def test_comparisons_of_small_groups_are_hidden():
    frame = pd.DataFrame(
        {
            "org": ["A", "B", "C"],
            "month_index": [1, 1, 1],
            "numerator": [2.0, 3.0, 1.0],
            "denominator": [20.0, 30.0, 10.0],
            "value": [10.0, 10.0, 10.0],
            "smallest_group": [4.0, 5.0, 0.0],
        }
    )
    out = apply_disclosure_control(frame, ["org"], counts_people=False).set_index("org")
    assert out["suppressed"].to_dict() == {"A": True, "B": False, "C": False}
    assert pd.isna(out.loc["A", "value"]) and out.loc["B", "value"] == 10.0


def test_a_readers_own_cells_are_shown_and_never_hide_another():
    # A's lead knows A's 3 people: nothing of A is hidden, so B need not be hidden for it.
    t = tables(people("A", 3) + people("B", 10) + people("C", 12))
    lead = compute_metric(t, "headcount", ["org"], shared=True, entitled_orgs=["A"])
    assert not lead.suppressed.any() and lead.value.tolist() == [3, 10, 12]
    # B's 3 are hidden; to the public A (the next smallest) is hidden with them, but A's lead
    # knows A, so C is hidden instead, or A's lead could work B out from the total.
    t = tables(people("A", 10) + people("B", 3) + people("C", 12))
    public = compute_metric(t, "headcount", ["org"], shared=True).set_index("org")
    assert public.suppressed.to_dict() == {"A": True, "B": True, "C": False}
    lead = compute_metric(t, "headcount", ["org"], shared=True, entitled_orgs=["A"])
    assert lead.set_index("org").suppressed.to_dict() == {"A": False, "B": True, "C": True}
    # Not split by organisation, no row is the reader's own.
    system = compute_metric(t, "headcount", ["staff_group"], shared=True, entitled_orgs=["A"])
    assert system.value.tolist() == [25]


@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=4, max_size=24),
    st.integers(min_value=2, max_value=4),
    st.sets(st.integers(min_value=0, max_value=5)),
)
def test_known_cells_are_shown_and_other_groups_keep_two_hidden_cells(counts, width, known):
    rows = [
        {
            "org": f"o{i // width}",
            "group": f"g{i % width}",
            "month_index": 1,
            "numerator": float(n),
            "denominator": None,
            "value": float(n),
        }
        for i, n in enumerate(counts)
    ]
    frame = pd.DataFrame(rows)
    mine = frame["org"].isin([f"o{k}" for k in known])
    out = apply_disclosure_control(frame, ["org", "group"], counts_people=True, known=mine)
    assert not out.suppressed[mine].any() and out.value[mine].tolist() == frame.value[mine].tolist()
    small = (frame.numerator > 0) & (frame.numerator < THRESHOLD)
    assert out.suppressed[small & ~mine].all()
    for other in ("group", "org"):
        for _, cells in out.assign(mine=mine).groupby([other, "month_index"]):
            # A single hidden cell is left only where every other cell is the reader's own.
            if cells.suppressed.sum() == 1:
                assert cells.loc[~cells.suppressed, "mine"].all(), cells
