"""Workforce metrics: one catalogue of NHS-standard definitions, computed with Ibis."""

from oneworkforce.metrics.catalogue import CATALOGUE, get_metric
from oneworkforce.metrics.compute import compute_metric, metric_expression
from oneworkforce.metrics.model import Metric, MetricError

__all__ = [
    "CATALOGUE",
    "Metric",
    "MetricError",
    "compute_metric",
    "get_metric",
    "metric_expression",
]
