"""Workforce metrics: one catalogue of NHS-standard definitions, computed with Ibis."""

from oneworkforce.metrics.catalogue import CATALOGUE, get_metric
from oneworkforce.metrics.compute import NoDataError, compute_metric, metric_expression
from oneworkforce.metrics.model import Metric, MetricError, UnknownMetricError
from oneworkforce.metrics.pack import compute_pack

__all__ = [
    "CATALOGUE",
    "Metric",
    "MetricError",
    "NoDataError",
    "UnknownMetricError",
    "compute_metric",
    "compute_pack",
    "get_metric",
    "metric_expression",
]
