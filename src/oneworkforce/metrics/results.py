"""The shape every metric computation returns: slice, month, numerator, denominator, value."""

from __future__ import annotations

import ibis


def rate(numerator, denominator):
    """A percentage, empty (not zero, not infinite) where the denominator is 0."""
    return ibis.cases((denominator > 0, numerator / denominator * 100), else_=ibis.null("float64"))


def ratio_result(table: ibis.Table, by: list[str], numerator, denominator) -> ibis.Table:
    return table.select(
        *by,
        "month_index",
        numerator=numerator,
        denominator=denominator,
        value=rate(numerator, denominator),
    )


def total_result(table: ibis.Table, by: list[str], value) -> ibis.Table:
    return table.select(
        *by, "month_index", numerator=value, denominator=ibis.null("float64"), value=value
    )


def mean_result(table: ibis.Table, by: list[str], total, count) -> ibis.Table:
    """An average kept as its two sums, so slices re-aggregate correctly."""
    return table.select(
        *by,
        "month_index",
        numerator=total,
        denominator=count,
        value=ibis.cases((count > 0, total / count), else_=ibis.null("float64")),
    )
