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


def relative_likelihood_result(
    table: ibis.Table, by: list[str], rate_a, rate_b, smallest_group
) -> ibis.Table:
    """Group A's rate over group B's (a ratio, not x 100; 1 is parity), as the WRES and WDES
    compare groups. The two rates are kept as numerator and denominator; the value is empty
    where B's rate is 0 or unknown. ``smallest_group`` is the fewest people the comparison
    rests on, so shared outputs can hide it (see ``disclosure``)."""
    a, b = rate_a.cast("float64"), rate_b.cast("float64")
    return table.select(
        *by,
        "month_index",
        numerator=a,
        denominator=b,
        value=ibis.cases((b > 0, a / b), else_=ibis.null("float64")),
        smallest_group=smallest_group.cast("float64"),
    )
