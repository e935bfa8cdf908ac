"""Each metric declares what a shared output does to it (``Metric.shared_rule``), and the
declaration agrees with what the disclosure code does and with docs/metrics.md."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import CATALOGUE, Metric, metric_expression
from oneworkforce.metrics.document import render_markdown, shared_outputs
from oneworkforce.standard import EXTRACTS
from tests.metrics.equality_cases import extract_table

EMPTY = {name: extract_table(name, []) for name in EXTRACTS}


def _columns(metric: Metric) -> set[str]:
    """The result's columns, from the expression alone (nothing is computed)."""
    expr = metric_expression(EMPTY, metric.id, sorted(metric.required_dimensions))
    return set(expr.schema().names)


@pytest.mark.parametrize("metric", CATALOGUE.values(), ids=lambda m: m.id)
def test_the_rule_matches_the_result(metric):
    # The disclosure code hides a comparison by its smallest_group column, so a metric
    # returning one must declare it, and one declaring it must return it.
    carries = "smallest_group" in _columns(metric)
    assert carries == (metric.shared_rule == "smallest_group")


def test_the_rule_matches_what_drives_the_disclosure_code():
    for metric in CATALOGUE.values():
        if metric.shared_rule == "small_counts":
            assert metric.counts_people
        else:
            assert not metric.counts_people
        denominator_rule = metric.shared_rule in ("survey_responses", "denominator")
        assert (metric.suppress_denominator_at_most is not None) == denominator_rule
    survey = {m.id for m in CATALOGUE.values() if m.shared_rule == "survey_responses"}
    assert {"staff_engagement_score", "wres_6_harassment_staff", "wdes_9a_engagement"} <= survey
    sickness = CATALOGUE["sickness_rate"]
    assert (sickness.shared_rule, sickness.suppress_denominator_at_most) == ("denominator", 330)


def test_a_rule_the_settings_contradict_is_refused():
    base = CATALOGUE["headcount"]
    fields = {f: getattr(base, f) for f in base.__dataclass_fields__}
    with pytest.raises(ValueError, match="smallest_group"):
        Metric(**fields | {"shared_rule": "smallest_group"})  # counts people
    with pytest.raises(ValueError, match="survey_responses"):
        Metric(**fields | {"counts_people": False, "shared_rule": "survey_responses"})
    assert Metric(**fields | {"shared_rule": None}).shared_rule == "small_counts"
    quiet = Metric(**fields | {"counts_people": False, "shared_rule": None})
    assert quiet.shared_rule == "none"


@pytest.mark.parametrize(
    ("metric_id", "words"),
    [
        ("headcount", "counts of people under the threshold hidden"),
        ("fte", "not suppressed"),
        ("gender_pay_gap_mean", "smallest group compared (`smallest_group`)"),
        ("wres_2_appointment", "smallest group compared"),
        ("wdes_10_board", "smallest group compared"),
        ("staff_engagement_score", "hidden when based on 10 or fewer responses"),
        ("wres_6_harassment_staff", "10 or fewer responses"),
        ("sickness_rate", "denominator (FTE days available) is 330 or less"),
    ],
)
def test_the_document_says_what_the_rule_does(metric_id, words):
    metric = CATALOGUE[metric_id]
    assert words in shared_outputs(metric)
    assert f"- Shared outputs (`{metric.shared_rule}`): {shared_outputs(metric)}" in (
        render_markdown()
    )
