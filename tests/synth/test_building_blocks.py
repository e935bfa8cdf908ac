"""Vectorised helpers agree with the standard library and the data standard."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.standard.types import nhs_number_is_valid
from oneworkforce.synth import dates as D
from oneworkforce.synth.ids import nhs_numbers

EPOCH = dt.date(1970, 1, 1)
days = st.dates(dt.date(1920, 1, 1), dt.date(2090, 12, 31))


def n(date: dt.date) -> int:
    return (date - EPOCH).days


@given(days, days)
def test_age_years_matches_calendar_arithmetic(born, on):
    expected = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    assert D.age_years(np.array([n(born)]), n(on))[0] == expected


@given(days, st.integers(0, 5))
def test_add_years_keeps_the_date_or_uses_28_february(start, years):
    got = EPOCH + dt.timedelta(days=int(D.add_years(np.array([n(start)]), years)[0]))
    try:
        expected = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year that has none
        expected = dt.date(start.year + years, 2, 28)
    assert got == expected


@given(days)
def test_month_ends(day):
    month = D.month_of(np.array([n(day)]))[0]
    last = EPOCH + dt.timedelta(days=int(D.month_end(month)))
    assert (last.year, last.month) == (day.year, day.month)
    assert (last + dt.timedelta(days=1)).day == 1


def test_nhs_numbers_are_valid_distinct_and_in_the_test_range():
    numbers = [str(x) for x in nhs_numbers(np.random.default_rng(0), 5000)]
    assert len(set(numbers)) == 5000
    assert all(x.startswith("999") and nhs_number_is_valid(x) for x in numbers)
