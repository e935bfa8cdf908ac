"""NHS Staff Survey People Promise element, staff engagement and morale scores (0-10).

Each organisation's scores come from ``oneworkforce.survey.scoring`` (question scores from
the shares of answers, sub-scores their means, elements and themes the means of their
sub-scores); a slice of the system pools its organisations by responses, so the numerator
is the sum of score x responses and the denominator the responses, and slices
re-aggregate exactly. Only partner organisations count: national results loaded to rank
the ICS are left out.

A survey result stands for one month so it sits on the same axis as every other metric:
October of the survey year for the annual survey (fieldwork runs from September to
December), the middle month of the quarter for a pulse.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import ORGANISATION_DIMENSIONS, with_organisation
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import mean_result
from oneworkforce.survey.framework import ELEMENT_CODES
from oneworkforce.survey.scoring import organisation_scores

SOURCE = (
    "NHS England, NHS Staff Survey: technical document, benchmark reports and the 'Scores "
    "by organisation' dashboard (People Promise elements, themes and sub-scores, 0-10); "
    "https://www.nhsstaffsurveys.com"
)
CAVEATS = (
    "Month: October of the survey year for the annual survey, the middle month of the "
    "quarter for a pulse. Where an organisation has results as published nationally "
    "(weighted to a standard occupational mix) they are used, else its own (unweighted). "
    "The system pools organisations by responses; the national publication computes ICS "
    "results from weighted respondent-level data, so the two can differ slightly. Shared "
    "outputs hide results from 10 or fewer responses, as the survey does."
)
# The survey reports no result from fewer than 11 responses.
SURVEY_MINIMUM = 10


def _theme_scores(tables: Tables, themes: tuple[str, ...]) -> ibis.Table:
    """Whole-organisation scores of the given themes, for partner organisations."""
    scores = organisation_scores(tables)
    scores = scores.filter(
        (scores.level == "theme")
        & scores.group_dimension.isnull()
        & scores.code.isin(list(themes))
        & scores.score.notnull()
        & (scores.responses > 0)
    )
    frame = with_organisation(scores, tables)
    frame = frame.filter(frame.system.notnull())
    return frame.mutate(survey_theme=frame.code)


def _pooled_score(themes: tuple[str, ...]):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        frame = _theme_scores(tables, themes)
        n = frame.responses.cast("float64")
        out = frame.group_by([*by, "month_index"]).aggregate(
            total=(frame.score * n).sum(), responses=n.sum()
        )
        return mean_result(out, by, out.total, out.responses)

    return compute


def _metric(metric_id: str, name: str, definition: str, themes: tuple[str, ...], dims) -> Metric:
    return Metric(
        id=metric_id,
        name=name,
        definition=definition,
        formula="sum over organisations of score x responses / sum of responses; an "
        "organisation's score is the mean of its sub-scores, each the mean of its question "
        "scores (answers scored evenly from 0, least favourable, to 10)",
        source=SOURCE,
        unit="score",
        good_direction="up",
        numerator="score x responses, summed over organisations",
        denominator="responses",
        dimensions=frozenset(dims),
        compute=_pooled_score(themes),
        caveats=CAVEATS,
        counts_people=False,
        suppress_denominator_at_most=SURVEY_MINIMUM,
        shared_rule="survey_responses",
    )


METRICS = (
    _metric(
        "people_promise_score",
        "People Promise element score (NHS Staff Survey)",
        "The NHS Staff Survey score (0-10, higher is better) of each of the seven People "
        "Promise elements (split by survey_theme); without survey_theme, the seven pooled "
        "together.",
        ELEMENT_CODES,
        ORGANISATION_DIMENSIONS | {"survey_theme"},
    ),
    _metric(
        "staff_engagement_score",
        "Staff engagement (NHS Staff Survey)",
        "The NHS Staff Survey staff engagement theme (0-10): motivation, involvement and "
        "advocacy, from nine questions.",
        ("staff_engagement",),
        ORGANISATION_DIMENSIONS,
    ),
    _metric(
        "staff_morale_score",
        "Morale (NHS Staff Survey)",
        "The NHS Staff Survey morale theme (0-10): thinking about leaving, work pressure and "
        "stressors.",
        ("morale",),
        ORGANISATION_DIMENSIONS,
    ),
)
