"""Workforce Race Equality Standard (WRES) indicators, from the data standard's extracts.

Source: NHS England, WRES technical guidance and annual data collection. Indicators 1-4 and
9 come from workforce data, 5-8 from the NHS Staff Survey. White is ethnic categories A-C and
BME every other stated category; not stated, not known and empty are in neither group, so
they are left out of both sides of every comparison (and shown as unknown in the report).
Staff are permanent and fixed term (bank-only staff are left out).

- 1: BME representation by band and VSM, non-clinical, clinical and medical: ``bme_share``
  (``representation``) split by ``clinical`` and ``band``, against the whole workforce.
- 2: relative likelihood of White applicants being appointed from shortlisting compared to
  BME applicants: (White appointed / White shortlisted) / (BME appointed / BME shortlisted),
  over the 12 months of applications to the month.
- 3: relative likelihood of BME staff entering the formal disciplinary process compared to
  White staff, on the guidance's two-year rolling basis (``equality.case_parts``).
- 4: relative likelihood of White staff accessing non-mandatory training and CPD compared to
  BME staff, over the 12 months to the month.
- 5-8: % of White and of BME staff (survey breakdowns) experiencing harassment, bullying or
  abuse from the public (5) and from staff (6), believing the organisation provides equal
  opportunities for career progression (7), experiencing discrimination from a manager or
  colleague (8).
- 9: BME share of voting board members minus BME share of the workforce, in percentage
  points.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import ORGANISATION_DIMENSIONS
from oneworkforce.metrics.equality import (
    FAVOURABLE,
    LAST_YEAR,
    UNFAVOURABLE,
    WHITE_BME,
    Groups,
    SurveyIndicator,
    annual_rate,
    appointment_parts,
    board_parts,
    case_parts,
    cpd_parts,
    smallest_group,
    survey_by_group,
    survey_percent_rows,
)
from oneworkforce.metrics.model import Compute, Metric, Tables
from oneworkforce.metrics.results import mean_result, relative_likelihood_result
from oneworkforce.metrics.staff_survey import SURVEY_MINIMUM

SOURCE = (
    "NHS England, NHS Workforce Race Equality Standard (WRES): technical guidance and data "
    "collection"
)
UNKNOWN = (
    "Ethnicity not stated (Z), not known (99) or empty is in neither group and left out of "
    "both rates."
)
LIKELIHOOD = (
    "A ratio of two rates, 1 at parity (NHS England treats 0.8 to 1.25 as non-adverse); empty "
    "where the second group's rate is 0. Not additive: a larger group's figure is worked out "
    "from its own counts. Shared outputs hide it when it rests on fewer people than the "
    "threshold (`smallest_group`: each group's size, and its number of events where not 0)."
)
RECRUITMENT_DIMENSIONS = ORGANISATION_DIMENSIONS | {"staff_group", "band", "clinical"}
SURVEY_DIMENSIONS = ORGANISATION_DIMENSIONS | {"ethnic_group"}
BOARD_SHARED = (
    "Shared outputs hide it when a group of the board (or the board) has fewer people than "
    "the threshold (`smallest_group`)."
)
SURVEY_SOURCE = f"{SOURCE}; NHS Staff Survey (annual) results by ethnic group"


def likelihood(parts, groups: Groups) -> Compute:
    """A relative likelihood metric from a function giving each group's people and events."""

    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        p = parts(tables, by, groups)
        return relative_likelihood_result(
            p, by, annual_rate(p, "a"), annual_rate(p, "b"), smallest_group(p)
        )

    return compute


def board_gap(groups: Groups) -> Compute:
    """The second group's share of voting board members minus its share of the workforce."""

    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        p = board_parts(tables, by, groups)
        return p.select(
            *by,
            "month_index",
            numerator=p.board_share,
            denominator=p.staff_share,
            value=p.board_share - p.staff_share,
            smallest_group=p.smallest_group,
        )

    return compute


def survey_metric(indicator: SurveyIndicator, source: str, dimensions) -> Metric:
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        rows = survey_percent_rows(tables, [indicator])
        out = survey_by_group(tables, by, indicator.groups, rows)
        return mean_result(out, by, out.total, out.responses)

    g = indicator.groups
    return Metric(
        indicator.metric_id,
        f"{indicator.label}: {indicator.name}",
        indicator.definition,
        f"sum over organisations of % x responses / sum of responses; question "
        f"{indicator.question_text()}, or the result loaded as `{indicator.metric_id}`",
        source,
        "percent",
        indicator.good_direction,
        "% x responses, summed over organisations",
        "responses",
        frozenset(dimensions),
        compute,
        f"Split by `{g.column}` for {g.first_label} and {g.second_label} staff (the survey's "
        f"breakdowns); without it, all respondents. Month: October of the survey year (the "
        f"WRES/WDES of a year ending 31 March uses the survey of the autumn before). Every "
        f"partner's annual round has a row, empty where the result is not loaded. Shared "
        f"outputs hide results from 10 or fewer responses. {indicator.note}".strip(),
        counts_people=False,
        suppress_denominator_at_most=SURVEY_MINIMUM,
        shared_rule="survey_responses",
    )


def _survey(metric_id, number, name, definition, questions, counts, good, note=""):
    return SurveyIndicator(
        metric_id, f"WRES {number}", name, definition, questions, counts, good, WHITE_BME, note
    )


SURVEY_INDICATORS = (
    _survey(
        "wres_5_harassment_public",
        "5",
        "harassment, bullying or abuse from the public",
        "% of staff experiencing harassment, bullying or abuse from patients, relatives or "
        "the public in the last 12 months (any answer but never).",
        ((2021, LAST_YEAR, "q14a"),),
        UNFAVOURABLE,
        "down",
    ),
    _survey(
        "wres_6_harassment_staff",
        "6",
        "harassment, bullying or abuse from staff",
        "% of staff experiencing harassment, bullying or abuse from staff (managers or other "
        "colleagues) in the last 12 months.",
        ((2021, LAST_YEAR, "q14b_c"),),
        UNFAVOURABLE,
        "down",
        "The survey works this out per respondent from q14b and q14c (either): load it as "
        "`q14b_c` or `wres_6_harassment_staff`; it cannot be worked out from the two "
        "questions' own results.",
    ),
    _survey(
        "wres_7_equal_opportunities",
        "7",
        "equal opportunities for career progression",
        "% of staff believing that the organisation provides equal opportunities for career "
        "progression or promotion (yes, of those answering yes or no).",
        ((2021, LAST_YEAR, "q15"),),
        FAVOURABLE,
        "up",
    ),
    _survey(
        "wres_8_discrimination",
        "8",
        "discrimination from a manager or colleague",
        "% of staff who personally experienced discrimination at work from a manager, team "
        "leader or other colleagues in the last 12 months.",
        ((2021, LAST_YEAR, "q16b"),),
        UNFAVOURABLE,
        "down",
    ),
)

METRICS = (
    Metric(
        "wres_2_appointment",
        "WRES 2: relative likelihood of appointment from shortlisting",
        "Relative likelihood of White applicants being appointed from shortlisting compared "
        "to BME applicants, over applications in the 12 months to the month.",
        "(White appointed / White shortlisted) / (BME appointed / BME shortlisted)",
        SOURCE,
        "ratio",
        "neutral",
        "White applicants' likelihood of appointment from shortlisting",
        "BME applicants' likelihood of appointment from shortlisting",
        RECRUITMENT_DIMENSIONS,
        likelihood(appointment_parts, WHITE_BME),
        f"Shortlisted: stage shortlisted or appointed; each application counts. {UNKNOWN} "
        f"{LIKELIHOOD}",
        counts_people=False,
        shared_rule="smallest_group",
    ),
    Metric(
        "wres_3_disciplinary",
        "WRES 3: relative likelihood of entering the formal disciplinary process",
        "Relative likelihood of BME staff entering the formal disciplinary process compared "
        "to White staff, on a two-year rolling basis: the two years to the month.",
        "(BME entering / BME staff) / (White entering / White staff); entering = people "
        "entering a formal disciplinary investigation in each of the two years, added up, / "
        "2; staff = mean of the headcounts at the month and 12 months before",
        SOURCE,
        "ratio",
        "neutral",
        "BME staff's annual likelihood of entering the formal disciplinary process",
        "White staff's annual likelihood of entering the formal disciplinary process",
        ORGANISATION_DIMENSIONS,
        likelihood(
            lambda t, by, g: case_parts(t, by, g, "disciplinary", False), WHITE_BME.swapped()
        ),
        "Cases past the informal stage; the person's ethnicity from their staff in post record "
        "at the time (a case that cannot be linked counts as unknown). Needs two years of "
        f"cases for the rates to be annual ones; the ratio holds with less. {UNKNOWN} "
        f"{LIKELIHOOD}",
        counts_people=False,
        shared_rule="smallest_group",
    ),
    Metric(
        "wres_4_cpd",
        "WRES 4: relative likelihood of accessing non-mandatory training and CPD",
        "Relative likelihood of White staff accessing non-mandatory training and CPD compared "
        "to BME staff: staff in post at the month with a record in the 12 months to it.",
        "(White staff with non-mandatory training or CPD / White staff) / (BME staff with "
        "non-mandatory training or CPD / BME staff)",
        SOURCE,
        "ratio",
        "neutral",
        "White staff's likelihood of accessing non-mandatory training or CPD",
        "BME staff's likelihood of accessing non-mandatory training or CPD",
        ORGANISATION_DIMENSIONS,
        likelihood(cpd_parts, WHITE_BME),
        "Staff who left before the month are not counted. Records with the same "
        f"organisation only. {UNKNOWN} {LIKELIHOOD}",
        counts_people=False,
        shared_rule="smallest_group",
    ),
    *(survey_metric(i, SURVEY_SOURCE, SURVEY_DIMENSIONS) for i in SURVEY_INDICATORS),
    Metric(
        "wres_9_board",
        "WRES 9: board voting membership compared with the workforce",
        "BME share of voting board members minus BME share of the workforce (permanent and "
        "fixed-term staff in post), at the board's snapshot, in percentage points.",
        "BME voting members / voting members with a stated ethnicity x 100 - BME staff / staff "
        "with a stated ethnicity x 100",
        SOURCE,
        "points",
        "up",
        "BME % of voting board members",
        "BME % of the workforce",
        ORGANISATION_DIMENSIONS,
        board_gap(WHITE_BME),
        "0 when the board is as diverse as the workforce; negative when BME people are fewer "
        "on the board. The system pools the boards loaded, against those organisations' "
        f"staff. {BOARD_SHARED} {UNKNOWN}",
        counts_people=False,
        shared_rule="smallest_group",
    ),
)
