"""Quarterly pulse surveys with any questions: each question's trend, quarter by quarter.

A pulse asks whatever the organisation chooses, so nothing here depends on the framework:
every question given as shares of answers gets a 0-10 score (answers from the least to the
most favourable, scored evenly), one given as a score out of 10 keeps it, and one given only
as a percentage keeps its percentage. Questions of the annual survey asked in a pulse (the
nine staff engagement questions, for instance) also give their sub-scores and themes when
all their questions are there. Each quarter stands for its middle month (February, May,
August, November), so pulses sit on the same month axis as every other metric.
"""

from __future__ import annotations

import ibis

from oneworkforce.survey.framework import normalise_code
from oneworkforce.survey.scoring import (
    Tables,
    organisation_scores,
    partner_organisations,
    pooled,
)


def pulse_trends(
    tables: Tables,
    question: str | None = None,
    by: str = "org",
    source: str = "auto",
) -> ibis.Table:
    """One row per organisation (or the system), item and pulse quarter: score, percentage,
    responses, and the change in score since the item's previous pulse.

    ``question`` picks one item (a question code, or a sub-score or theme code); without it
    every question is shown.
    """
    if by not in ("org", "system"):
        raise ValueError(f"by must be org or system, not {by!r}")
    scores = organisation_scores(tables, source)
    scores = scores.filter((scores.survey_type == "pulse") & scores.group_dimension.isnull())
    if question is None:
        scores = scores.filter(scores.level == "question")
    else:
        scores = scores.filter(scores.code == normalise_code(question))
    partners = partner_organisations(tables)
    scores = scores.join(partners, "org_code")
    if by == "system":
        scores = pooled(scores, ["system"])
        who = ["system"]
    else:
        who = ["org_code"]
    keys = [*who, "level", "code"]
    window = ibis.window(group_by=keys, order_by="month_index")
    out = scores.select(
        *who,
        "level",
        "code",
        "name",
        "survey_year",
        "quarter",
        "month_index",
        "score",
        "percent",
        "responses",
    )
    out = out.mutate(change=out.score - out.score.lag().over(window))
    return out.order_by([*keys, "month_index"])
