"""Month arithmetic on integer month indexes (year x 12 + month).

Date functions differ between engines (month differences, last day of month), so every
metric does its month arithmetic on integers, which every engine computes the same way.
"""

from __future__ import annotations

import ibis


def month_index_of(date) -> ibis.Value:
    """A date's month as year x 12 + month."""
    return date.year() * 12 + date.month()


def days_in_month(month_index) -> ibis.Value:
    """Calendar days in the month, leap years included (Gregorian rules)."""
    year = (month_index - 1) // 12
    month = (month_index - 1) % 12 + 1
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return ibis.cases(
        (month == 2, ibis.cases((leap, 29), else_=28)),
        (month.isin([4, 6, 9, 11]), 30),
        else_=31,
    )
