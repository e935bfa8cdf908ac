"""The targets form: it reads what a targets file reads, round-trips every stored target, and
turns any input into a target or a list of problems, never an error page."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.targets.store import TargetError, validate_target
from oneworkforce.web.forms import FIELDS, check_token, form_of, new_token, target_from_form
from oneworkforce.web.scope import NotAllowedError

MONTHS = st.builds(
    lambda year, month: f"{year}-{month:02d}",
    st.integers(2020, 2030),
    st.integers(1, 12),
)
VALUES = st.floats(-1000, 1000, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def value_targets(draw):
    """Valid value targets of every kind, with or without baseline and trajectory."""
    due = draw(MONTHS.filter(lambda m: m >= "2024-01"))
    kind = draw(st.sampled_from(["absolute", "change_points"]))
    baseline = draw(st.none() | MONTHS.filter(lambda m: m < due))
    milestones = draw(st.lists(MONTHS.filter(lambda m: m <= due), unique=True, max_size=3))
    return validate_target(
        name=draw(st.text("abcdefghij %-", min_size=1, max_size=30).filter(str.strip)),
        metric_id=draw(st.sampled_from(["sickness_rate", "vacancy_rate", "headcount"])),
        target_value=draw(VALUES),
        due_month=due,
        slice=draw(st.sampled_from([{}, {"org": "RXA"}, {"staff_group": "nursing"}])),
        comparison=draw(st.sampled_from(["at_most", "at_least"])),
        kind=kind,
        baseline_month=baseline,
        baseline_value=draw(st.none() | VALUES) if baseline else None,
        trajectory=[(m, draw(VALUES)) for m in milestones] or None,
        owner=draw(st.none() | st.text("abc ", min_size=1, max_size=10).filter(str.strip)),
        notes=draw(st.none() | st.text(min_size=1, max_size=40).filter(str.strip)),
    )


@given(value_targets())
def test_a_stored_target_reads_back_from_its_form_unchanged(spec):
    assert target_from_form(form_of(spec)) == spec


@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30)))
def test_any_form_is_a_target_or_a_list_of_problems(form):
    try:
        spec = target_from_form(form)
    except TargetError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
    else:
        assert spec.name and spec.due_month


def test_the_form_reads_as_a_targets_file_does():
    spec = target_from_form(
        {
            "name": " Nurse vacancies ",
            "metric": "vacancy_rate",
            "slice": "staff_group=Nurses and health visitors",
            "target": "0 %",
            "due": "2027-03",
            "trajectory": "2025-03:6;2026-03:3",
            "unknown": "ignored",
        }
    )
    assert spec.name == "Nurse vacancies" and spec.slice == {"staff_group": "nursing"}
    assert spec.comparison == "at_most" and spec.target_value == 0
    assert spec.trajectory == [
        {"month": "2025-03", "value": 6.0},
        {"month": "2026-03", "value": 3.0},
    ]
    with pytest.raises(TargetError) as error:
        target_from_form({"name": "x", "metric": "vacancy_rate", "slice": "org", "due": "soon"})
    assert len(error.value.problems) >= 3


def test_a_form_token_must_match_its_cookie():
    token = new_token()
    check_token(token, token)
    for cookie, field in [(None, token), (token, None), (token, new_token()), (token, ["x"])]:
        with pytest.raises(NotAllowedError):
            check_token(cookie, field)


@given(st.text(min_size=1, max_size=40))
def test_a_slice_in_a_link_reads_back_exactly(place):
    """Places like "Brighton & Hove" must not end or change the slice in a ?where= link."""
    from urllib.parse import parse_qs, urlsplit

    from oneworkforce.web.pages.common import where_param

    link = where_param(f"place={place}")
    assert parse_qs(urlsplit(link).query, keep_blank_values=True)["where"] == [f"place={place}"]
