"""Headline figures: the system's latest value of the measures a people board asks for first."""

from __future__ import annotations

import pandas as pd

from oneworkforce.metrics.catalogue import get_metric
from oneworkforce.metrics.compute import metric_expression
from oneworkforce.metrics.model import Tables, month_label

COLUMNS = ["metric", "name", "month", "value", "unit", "a_year_before", "good_direction"]
HEADLINE = (
    "staff_in_post",
    "staff_in_post_fte",
    "vacancy_rate",
    "leaver_rate_organisation",
    "leaver_rate_system",
    "stability_organisation",
    "sickness_rate",
    "temporary_staffing_pay_bill_share",
    "training_compliance",
    "aged_55_plus",
)


def headline(tables: Tables, metric_ids: tuple[str, ...] = HEADLINE) -> pd.DataFrame:
    """The latest month of each metric for the whole system, with the change over a year.

    Metrics without data are left out rather than failing the whole table.
    """
    latest_month = tables["staff_in_post"].month_index.max().execute()
    if latest_month is None or latest_month != latest_month:
        return pd.DataFrame(columns=COLUMNS)
    since = month_label(int(latest_month) - 12)
    rows = []
    for metric_id in metric_ids:
        metric = get_metric(metric_id)
        series = metric_expression(tables, metric_id, [], start=since).execute()
        series = series.dropna(subset=["value"])
        if series.empty:
            continue
        latest = series.iloc[-1]
        year_before = series[series["month_index"] == latest["month_index"] - 12]
        rows.append(
            {
                "metric": metric_id,
                "name": metric.name,
                "month": month_label(int(latest["month_index"])),
                "value": float(latest["value"]),
                "unit": metric.unit,
                "a_year_before": float(year_before["value"].iloc[0])
                if not year_before.empty
                else None,
                "good_direction": metric.good_direction,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
