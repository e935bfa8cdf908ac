"""Health and wellbeing: sickness absence beside the staff survey's wellbeing measures.

People plans ask for one view of staff health and wellbeing. ``wellbeing_panel`` gives, for
each organisation (or place, sector) and for the system:

- Sickness absence over the 12 months to the month, as NHS England's sickness absence
  methodology defines a rate (sum of FTE days lost over sum of FTE days available), the
  12-month rolling rate trusts commonly report: one month swings with winter, and the
  survey it sits beside is annual. Overall, long term (episodes of 28 days or more) and the
  share of days lost to anxiety, stress and depression (reason S10).
- From the latest annual NHS Staff Survey round on or before the month: the People Promise
  element "We are safe and healthy" and its three sub-scores (health and safety climate,
  burnout, negative experiences), and the shares of staff unwell from work-related stress
  (q11c) and with musculoskeletal problems from work (q11b).

Every figure is a catalogue metric computed with ``compute_metric``; the 12 months are
re-aggregated from the monthly numerators and denominators, never by averaging rates. In a
shared panel each figure follows its own metric's shared rule (``disclosure``), applied to
the figure shown: a 12-month sickness rate on 330 or fewer FTE days available, or a survey
result from 10 or fewer responses, is hidden.

The sub-score and question metrics the panel needs are declared here too (``METRICS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass

import ibis
import pandas as pd

from oneworkforce.metrics.dimensions import (
    ORGANISATION_DIMENSIONS,
    check_dimensions,
    with_organisation,
)
from oneworkforce.metrics.disclosure import THRESHOLD, apply_disclosure_control
from oneworkforce.metrics.equality import (
    LAST_YEAR,
    UNFAVOURABLE,
    WHITE_BME,
    SurveyIndicator,
    survey_by_group,
    survey_percent_rows,
    survey_rounds,
)
from oneworkforce.metrics.model import (
    Compute,
    Metric,
    MetricError,
    Tables,
    month_index,
    month_label,
)
from oneworkforce.metrics.results import mean_result
from oneworkforce.metrics.shared import shared_intermediates
from oneworkforce.metrics.staff_survey import SOURCE as SURVEY_SOURCE
from oneworkforce.metrics.staff_survey import SURVEY_MINIMUM
from oneworkforce.survey.framework import PEOPLE_PROMISE_2021
from oneworkforce.survey.scoring import organisation_scores, pooled

SAFE_AND_HEALTHY = "we_are_safe_and_healthy"
SUB_SCORES = ("health_and_safety_climate", "burnout", "negative_experiences")
WINDOW = 12  # months of sickness absence behind each panel figure
SURVEY_CAVEATS = (
    "Annual survey only; month: October of the survey year. Where an organisation has "
    "results as published nationally (weighted) they are used, else its own (unweighted). "
    "The system pools organisations by responses. Shared outputs hide results from 10 or "
    "fewer responses, as the survey does."
)


# Survey metrics the panel needs --------------------------------------------------------------


def _sub_score(code: str) -> Compute:
    """A People Promise sub-score pooled over organisations by responses (``pooled``)."""

    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        scores = organisation_scores(tables)
        scores = scores.filter(
            (scores.level == "sub_score")
            & (scores.code == code)
            & (scores.survey_type == "annual")
            & scores.group_dimension.isnull()
        )
        frame = with_organisation(scores, tables)
        out = pooled(frame.filter(frame.system.notnull()), by)
        return mean_result(out, by, out.weighted_total, out.scored_responses)

    return compute


def _sub_score_metric(code: str) -> Metric:
    sub = PEOPLE_PROMISE_2021.sub_score(code)
    return Metric(
        id=f"{code}_score",
        name=f"{sub.name} (NHS Staff Survey)",
        definition=f"The NHS Staff Survey '{sub.name}' sub-score (0-10, higher is better) of "
        f"the People Promise element 'We are safe and healthy', from questions "
        f"{', '.join(sub.questions)} (2021 questionnaire).",
        formula="sum over organisations of score x responses / sum of responses; an "
        "organisation's sub-score is the mean of its question scores (answers scored evenly "
        "from 0, least favourable, to 10; for incidents, never scores 10 and the rest 0)",
        source=SURVEY_SOURCE,
        unit="score",
        good_direction="up",
        numerator="score x responses, summed over organisations",
        denominator="responses",
        dimensions=ORGANISATION_DIMENSIONS,
        compute=_sub_score(code),
        caveats=("Higher is better: less often burnt out. " if code == "burnout" else "")
        + SURVEY_CAVEATS,
        counts_people=False,
        suppress_denominator_at_most=SURVEY_MINIMUM,
        shared_rule="survey_responses",
    )


def _question(metric_id: str, name: str, definition: str, code: str) -> Metric:
    """% of staff giving an unfavourable answer (yes) to a yes/no wellbeing question."""
    # Whole-organisation results only: the groups are needed by the shared survey machinery
    # but no group dimension is offered.
    indicator = SurveyIndicator(
        metric_id,
        code,
        name,
        definition,
        ((2021, LAST_YEAR, code),),
        UNFAVOURABLE,
        "down",
        WHITE_BME,
    )

    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        rows = survey_percent_rows(tables, [indicator])
        out = survey_by_group(tables, by, indicator.groups, rows)
        return mean_result(out, by, out.total, out.responses)

    return Metric(
        id=metric_id,
        name=f"{name} (NHS Staff Survey)",
        definition=definition,
        formula=f"sum over organisations of % answering yes x responses / sum of responses; "
        f"question {indicator.question_text()}, or the result loaded as `{metric_id}`",
        source=SURVEY_SOURCE,
        unit="percent",
        good_direction="down",
        numerator="% x responses, summed over organisations",
        denominator="responses",
        dimensions=ORGANISATION_DIMENSIONS,
        compute=compute,
        caveats="Every partner's annual round has a row, empty where the result is not "
        f"loaded. {SURVEY_CAVEATS}",
        counts_people=False,
        suppress_denominator_at_most=SURVEY_MINIMUM,
        shared_rule="survey_responses",
    )


METRICS = (
    *(_sub_score_metric(code) for code in SUB_SCORES),
    _question(
        "work_stress_illness_share",
        "Unwell from work-related stress",
        "% of staff who felt unwell as a result of work-related stress in the last 12 months.",
        "q11c",
    ),
    _question(
        "work_msk_problems_share",
        "Musculoskeletal problems from work",
        "% of staff who experienced musculoskeletal problems as a result of work activities "
        "in the last 12 months.",
        "q11b",
    ),
)


# The panel ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A figure of the panel: a catalogue metric, over 12 months of sickness absence or at
    the latest survey round; ``theme`` picks one People Promise element."""

    measure: str
    metric_id: str
    rolling: bool
    theme: str | None = None


PANEL = (
    Measure("sickness_rate", "sickness_rate", True),
    Measure("sickness_rate_long_term", "sickness_rate_long_term", True),
    Measure("sickness_mental_health_share", "sickness_mental_health_share", True),
    Measure(SAFE_AND_HEALTHY, "people_promise_score", False, SAFE_AND_HEALTHY),
    *(Measure(code, f"{code}_score", False) for code in SUB_SCORES),
    Measure("unwell_from_work_stress", "work_stress_illness_share", False),
    Measure("msk_problems_from_work", "work_msk_problems_share", False),
)
PANEL_DIMENSIONS = ORGANISATION_DIMENSIONS
VALUES = ["numerator", "denominator", "value"]


def wellbeing_panel(
    tables: Tables,
    by: Sequence[str] = ("org",),
    month: str | None = None,
    shared: bool = False,
    threshold: int = THRESHOLD,
) -> pd.DataFrame:
    """The health and wellbeing panel: one row per slice of ``by`` and measure, and the
    system's own rows (the other slice columns empty), with the metric each comes from,
    its period, numerator, denominator and value; every slice has every measure, empty
    where there is no result.

    ``month`` ('YYYY-MM') ends the 12 months of sickness absence and bounds the survey
    round; by default the latest month with a sickness absence rate. ``months`` is how many
    of the 12 months have sickness data (empty for survey results). ``shared`` applies each
    metric's own shared rule with ``threshold`` and adds ``suppressed`` and
    ``small_denominator``.
    """
    by = list(by)
    check_dimensions(by, PANEL_DIMENSIONS, "The wellbeing panel")
    if shared and threshold < 1:  # checked before the work, not after it
        raise MetricError("The disclosure threshold must be a whole number of at least 1.")
    end = month_index(month) if month else _latest_month(tables)
    survey_month = _survey_month(tables, end)
    keys = _with_system(by)
    splits = [["system"]] if keys == ["system"] else [["system"], keys]
    parts = []
    with shared_intermediates(tables) as pack:  # the sickness measures share their days
        figures_by_split = [
            {m: _figure(pack, m, split, end, survey_month) for m in PANEL} for split in splits
        ]
    for split, figures in zip(splits, figures_by_split, strict=True):
        slices = pd.concat([f[split] for f in figures.values()]).drop_duplicates()
        for measure, frame in figures.items():
            frame = slices.merge(frame, on=split, how="left")
            parts.append(_labelled(frame, split, measure, end, survey_month, shared, threshold))
    panel = pd.concat(parts, ignore_index=True)
    if panel.empty:
        raise MetricError(
            f"No sickness absence or staff survey results for the wellbeing panel in the "
            f"{WINDOW} months to {month_label(end)}; see `oneworkforce status`."
        )
    return _ordered(panel, keys, shared)


def _with_system(by: list[str]) -> list[str]:
    return ["system", *(d for d in by if d != "system")]


def _window(measure: Measure, end: int, survey_month: int | None) -> tuple[int, int] | None:
    """The first and last month of a measure's figure; None without a survey round."""
    if measure.rolling:
        return end - WINDOW + 1, end
    return None if survey_month is None else (survey_month, survey_month)


def _figure(
    tables: Tables, measure: Measure, keys: list[str], end: int, survey_month: int | None
) -> pd.DataFrame:
    """The measure per slice: keys, numerator, denominator, value and ``months``."""
    # compute imports the catalogue, which imports this module for METRICS.
    from oneworkforce.metrics.compute import NoDataError, compute_metric

    asked = keys + (["survey_theme"] if measure.theme else [])
    window = _window(measure, end, survey_month)
    frame = pd.DataFrame(columns=[*asked, "month_index", *VALUES])
    if window is not None:
        first, last = (month_label(i) for i in window)
        with suppress(NoDataError):  # nothing in those months: the figure is empty
            frame = compute_metric(tables, measure.metric_id, asked, first, last)
    if measure.theme:
        frame = frame[frame["survey_theme"] == measure.theme]
    if not measure.rolling:
        return frame[[*keys, *VALUES]].assign(months=pd.NA)
    out = frame.groupby(keys, dropna=False).agg(
        numerator=("numerator", "sum"),
        denominator=("denominator", "sum"),
        months=("month_index", "nunique"),
    )
    out = out.reset_index()
    # The 12 months' rate: summed numerators over summed denominators, never mean rates.
    denominator = out["denominator"].where(out["denominator"] > 0)
    return out.assign(value=out["numerator"] / denominator * 100)


def _labelled(
    frame: pd.DataFrame,
    keys: list[str],
    measure: Measure,
    end: int,
    survey_month: int | None,
    shared: bool,
    threshold: int,
) -> pd.DataFrame:
    """The measure's labels on every row; in a shared panel, its metric's shared rule."""
    from oneworkforce.metrics.catalogue import get_metric

    metric = get_metric(measure.metric_id)
    window = _window(measure, end, survey_month)
    element = PEOPLE_PROMISE_2021.theme(measure.theme).name if measure.theme else None
    frame = frame.assign(
        measure=measure.measure,
        metric=metric.id,
        name=f"{element} (NHS Staff Survey)" if element else metric.name,
        unit=metric.unit,
        good_direction=metric.good_direction,
        period=_period(*window) if window else None,
        month=month_label(window[1]) if window else None,
        month_index=window[1] if window else end,
    )
    if measure.rolling:
        frame["months"] = frame["months"].fillna(0)
    if shared:
        frame = apply_disclosure_control(
            frame, keys, metric.counts_people, threshold, metric.suppress_denominator_at_most
        )
    return frame


def _latest_month(tables: Tables) -> int:
    """The latest month with a sickness absence rate, else of an annual survey round."""
    from oneworkforce.metrics.compute import metric_expression

    latest = metric_expression(tables, "sickness_rate", []).month_index.max().execute()
    if latest is None or pd.isna(latest):
        latest = survey_rounds(tables).month_index.max().execute()
    if latest is None or pd.isna(latest):
        raise MetricError(
            "No sickness absence or staff survey results are loaded for the wellbeing panel."
        )
    return int(latest)


def _survey_month(tables: Tables, end: int) -> int | None:
    """The month of the latest annual survey round of a partner on or before ``end``."""
    rounds = survey_rounds(tables)
    latest = rounds.filter(rounds.month_index <= end).month_index.max().execute()
    return None if latest is None or pd.isna(latest) else int(latest)


def _period(first: int, last: int) -> str:
    if first == last:
        return f"{(last - 1) // 12} survey"
    return f"{month_label(first)} to {month_label(last)}"


def _ordered(panel: pd.DataFrame, keys: list[str], shared: bool) -> pd.DataFrame:
    """System rows first, then each slice; measures in the panel's order."""
    order = {m.measure: i for i, m in enumerate(PANEL)}
    panel = panel.assign(_order=panel["measure"].map(order), months=panel["months"].astype("Int64"))
    panel = panel.sort_values([*keys, "_order"], na_position="first", kind="stable")
    columns = [*keys, "measure", "metric", "name", "unit", "good_direction", "period", "month"]
    columns += ["months", *VALUES]
    if shared:
        columns += ["suppressed", "small_denominator"]
    return panel[columns].reset_index(drop=True)
