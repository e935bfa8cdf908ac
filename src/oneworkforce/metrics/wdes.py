"""Workforce Disability Equality Standard (WDES) metrics, on the same approach as the WRES.

Source: NHS England, WDES 2023 metrics and technical guidance. Disabled staff are those who
declared a disability (``yes``), non-disabled those who declared none (``no``); not declared
and empty are in neither group. Bank staff are left out (since 2023).

- 1: Disabled staff's share by cluster (``wdes_cluster``: AfC bands 1-4, 5-7, 8a-8b, 8c-9
  and VSM, split by ``clinical`` into non-clinical and clinical; consultants, non-consultant
  career grades and trainee grades for medical and dental staff), against the workforce.
- 2: relative likelihood of non-disabled applicants being appointed from shortlisting
  compared to Disabled applicants.
- 3: relative likelihood of Disabled staff entering the formal capability process compared
  to non-disabled staff, two-year rolling, capability on the grounds of ill health left out.
- 4-9: NHS Staff Survey, Disabled and non-disabled staff: harassment, bullying or abuse
  from the public, managers and colleagues (4a) and its reporting (4b); equal opportunities
  for career progression (5); pressure from a manager to come to work when unwell (6);
  feeling valued (7); adequate adjustments (8, Disabled staff only); staff engagement (9a).
  9b (the voices of Disabled staff) is narrative.
- 10: Disabled share of voting board members minus the workforce's, in percentage points.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import (
    ORGANISATION_DIMENSIONS,
    WORKFORCE_DIMENSIONS,
    workforce_frame,
)
from oneworkforce.metrics.equality import (
    FAVOURABLE,
    LAST_YEAR,
    NON_DISABLED_DISABLED,
    TOP_TWO,
    UNFAVOURABLE,
    SurveyIndicator,
    appointment_parts,
    case_parts,
    engagement_rows,
    survey_by_group,
)
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import mean_result, ratio_result
from oneworkforce.metrics.staff_survey import SURVEY_MINIMUM
from oneworkforce.metrics.workforce import SUBSTANTIVE
from oneworkforce.metrics.wres import (
    BOARD_SHARED,
    LIKELIHOOD,
    RECRUITMENT_DIMENSIONS,
    board_gap,
    likelihood,
    survey_metric,
)

SOURCE = (
    "NHS England, NHS Workforce Disability Equality Standard (WDES) 2023: metrics and "
    "technical guidance"
)
UNKNOWN = "Disability not declared or empty is in neither group and left out of both rates."
SURVEY_DIMENSIONS = ORGANISATION_DIMENSIONS | {"disability"}
SURVEY_SOURCE = f"{SOURCE}; NHS Staff Survey (annual) results by disability"
GROUPS = NON_DISABLED_DISABLED


def disabled_share(tables: Tables, by: list[str]) -> ibis.Table:
    """Disabled staff over staff who declared whether they are disabled (metric 1)."""
    frame = workforce_frame(tables)
    frame = frame.filter(
        frame.contract_type.isin(SUBSTANTIVE) & frame.disability.isin(("yes", "no"))
    )
    out = frame.group_by([*by, "month_index"]).aggregate(
        disabled=frame.person_id.nunique(where=frame.disability == "yes").cast("float64"),
        declared=frame.person_id.nunique().cast("float64"),
    )
    return ratio_result(out, by, out.disabled, out.declared)


def engagement(tables: Tables, by: list[str]) -> ibis.Table:
    """Staff engagement (0-10) of Disabled and non-disabled staff (metric 9a)."""
    out = survey_by_group(tables, by, GROUPS, engagement_rows(tables, GROUPS))
    return mean_result(out, by, out.total, out.responses)


def _survey(metric_id, number, name, definition, questions, counts, good, note=""):
    return SurveyIndicator(
        metric_id, f"WDES {number}", name, definition, questions, counts, good, GROUPS, note
    )


SURVEY_INDICATORS = (
    _survey(
        "wdes_4a_harassment_public",
        "4a (i)",
        "harassment, bullying or abuse from the public",
        "% of staff experiencing harassment, bullying or abuse from patients or service "
        "users, their relatives or other members of the public in the last 12 months.",
        ((2021, LAST_YEAR, "q14a"),),
        UNFAVOURABLE,
        "down",
    ),
    _survey(
        "wdes_4a_harassment_managers",
        "4a (ii)",
        "harassment, bullying or abuse from managers",
        "% of staff experiencing harassment, bullying or abuse from managers in the last 12 "
        "months.",
        ((2021, LAST_YEAR, "q14b"),),
        UNFAVOURABLE,
        "down",
    ),
    _survey(
        "wdes_4a_harassment_colleagues",
        "4a (iii)",
        "harassment, bullying or abuse from other colleagues",
        "% of staff experiencing harassment, bullying or abuse from other colleagues in the "
        "last 12 months.",
        ((2021, LAST_YEAR, "q14c"),),
        UNFAVOURABLE,
        "down",
    ),
    _survey(
        "wdes_4b_reported",
        "4b",
        "harassment, bullying or abuse reported",
        "% of staff saying that the last time they experienced harassment, bullying or abuse "
        "at work, they or a colleague reported it.",
        ((2021, LAST_YEAR, "q14d"),),
        FAVOURABLE,
        "up",
    ),
    _survey(
        "wdes_5_equal_opportunities",
        "5",
        "equal opportunities for career progression",
        "% of staff believing that the organisation provides equal opportunities for career "
        "progression or promotion.",
        ((2021, LAST_YEAR, "q15"),),
        FAVOURABLE,
        "up",
    ),
    _survey(
        "wdes_6_presenteeism",
        "6",
        "pressure from a manager to come to work when unwell",
        "% of staff saying they have felt pressure from their manager to come to work despite "
        "not feeling well enough to perform their duties.",
        ((2021, LAST_YEAR, "q11e"),),
        UNFAVOURABLE,
        "down",
        "Asked of staff who came to work when unwell (q11d).",
    ),
    _survey(
        "wdes_7_valued",
        "7",
        "satisfied with how the organisation values their work",
        "% of staff satisfied with the extent to which their organisation values their work "
        "(satisfied or very satisfied).",
        ((2021, LAST_YEAR, "q4b"),),
        TOP_TWO,
        "up",
    ),
    _survey(
        "wdes_8_adjustments",
        "8",
        "adequate adjustments",
        "% of Disabled staff saying their employer has made adequate adjustment(s) to enable "
        "them to carry out their work.",
        ((2021, 2021, "q28b"), (2022, 2022, "q30b"), (2023, LAST_YEAR, "q31b")),
        FAVOURABLE,
        "up",
        "Asked of staff with a long-lasting health condition or illness: Disabled staff only. "
        "The question's number changes with the questionnaire.",
    ),
)

METRICS = (
    Metric(
        "wdes_1_disabled_share",
        "WDES 1: Disabled staff's share",
        "Share of permanent and fixed-term staff who declared whether they are disabled who "
        "are Disabled; split by `wdes_cluster` and `clinical` for the metric's clusters, "
        "against the whole workforce.",
        "Disabled headcount / headcount declaring yes or no x 100",
        SOURCE,
        "percent",
        "neutral",
        "Disabled headcount",
        "headcount declaring yes or no",
        WORKFORCE_DIMENSIONS,
        disabled_share,
        f"{UNKNOWN} The report gives the counts with the not declared, as the WDES asks.",
    ),
    Metric(
        "wdes_2_appointment",
        "WDES 2: relative likelihood of appointment from shortlisting",
        "Relative likelihood of non-disabled applicants being appointed from shortlisting "
        "compared to Disabled applicants, over applications in the 12 months to the month.",
        "(non-disabled appointed / non-disabled shortlisted) / (Disabled appointed / Disabled "
        "shortlisted)",
        SOURCE,
        "ratio",
        "neutral",
        "non-disabled applicants' likelihood of appointment from shortlisting",
        "Disabled applicants' likelihood of appointment from shortlisting",
        RECRUITMENT_DIMENSIONS,
        likelihood(appointment_parts, GROUPS),
        f"Shortlisted: stage shortlisted or appointed; each application counts. {UNKNOWN} "
        f"{LIKELIHOOD}",
        counts_people=False,
        shared_rule="smallest_group",
    ),
    Metric(
        "wdes_3_capability",
        "WDES 3: relative likelihood of entering the formal capability process",
        "Relative likelihood of Disabled staff entering the formal capability process "
        "compared to non-disabled staff, on a two-year rolling basis; capability on the "
        "grounds of ill health is left out.",
        "(Disabled entering / Disabled staff) / (non-disabled entering / non-disabled staff); "
        "entering = people entering the formal capability process (performance) in each of "
        "the two years, added up, / 2; staff = mean of the headcounts at the month and 12 "
        "months before",
        SOURCE,
        "ratio",
        "neutral",
        "Disabled staff's annual likelihood of entering the formal capability process",
        "non-disabled staff's annual likelihood of entering the formal capability process",
        ORGANISATION_DIMENSIONS,
        likelihood(lambda t, by, g: case_parts(t, by, g, "capability", True), GROUPS.swapped()),
        "Cases past the informal stage; disability from the person's staff in post record at "
        f"the time (a case that cannot be linked counts as not declared). {UNKNOWN} "
        f"{LIKELIHOOD}",
        counts_people=False,
        shared_rule="smallest_group",
    ),
    *(survey_metric(i, SURVEY_SOURCE, SURVEY_DIMENSIONS) for i in SURVEY_INDICATORS),
    Metric(
        "wdes_9a_engagement",
        "WDES 9a: staff engagement",
        "The NHS Staff Survey staff engagement score (0-10) of Disabled and of non-disabled "
        "staff (split by `disability`); without it, all staff.",
        "sum over organisations of engagement score x responses / sum of responses",
        SURVEY_SOURCE,
        "score",
        "up",
        "score x responses, summed over organisations",
        "responses",
        frozenset(SURVEY_DIMENSIONS),
        engagement,
        "The engagement theme as `oneworkforce.survey.scoring` works it out: from the nine "
        "questions of the breakdown where loaded, else the theme as loaded. Every partner's "
        "annual round has a row, empty where no score is loaded. Shared outputs hide scores "
        "from 10 or fewer responses.",
        counts_people=False,
        suppress_denominator_at_most=SURVEY_MINIMUM,
        shared_rule="survey_responses",
    ),
    Metric(
        "wdes_10_board",
        "WDES 10: board voting membership compared with the workforce",
        "Disabled share of voting board members minus Disabled share of the workforce "
        "(permanent and fixed-term staff in post), at the board's snapshot, in percentage "
        "points.",
        "Disabled voting members / voting members declaring yes or no x 100 - Disabled staff "
        "/ staff declaring yes or no x 100",
        SOURCE,
        "points",
        "up",
        "Disabled % of voting board members",
        "Disabled % of the workforce",
        ORGANISATION_DIMENSIONS,
        board_gap(GROUPS),
        "0 when the board is as diverse as the workforce. The system pools the boards "
        f"loaded, against those organisations' staff. {BOARD_SHARED} {UNKNOWN}",
        counts_people=False,
        shared_rule="smallest_group",
    ),
)
