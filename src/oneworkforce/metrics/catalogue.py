"""The metric catalogue: every metric, declared once, in one registry."""

from __future__ import annotations

from oneworkforce.metrics import (
    pay_gap,
    population,
    profile,
    representation,
    sickness,
    staff_survey,
    supply,
    temporary,
    training,
    turnover,
    wdes,
    wellbeing,
    workforce,
    wres,
)
from oneworkforce.metrics.model import Metric, UnknownMetricError

CATALOGUE: dict[str, Metric] = {
    m.id: m
    for m in (
        *workforce.METRICS,
        *turnover.METRICS,
        *profile.METRICS,
        *sickness.METRICS,
        *temporary.METRICS,
        *training.METRICS,
        *supply.METRICS,
        *representation.METRICS,
        *pay_gap.METRICS,
        *population.METRICS,
        *staff_survey.METRICS,
        *wellbeing.METRICS,
        *wres.METRICS,
        *wdes.METRICS,
    )
}


def get_metric(metric_id: str) -> Metric:
    try:
        return CATALOGUE[metric_id]
    except KeyError:
        raise UnknownMetricError(
            f"Unknown metric '{metric_id}'. Metrics: {', '.join(CATALOGUE)}."
        ) from None
