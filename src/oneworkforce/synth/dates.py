"""Vectorised calendar helpers: dates are int64 day numbers (days since 1970-01-01).

Plain integers keep the monthly simulation fast and make arithmetic obvious; they are turned
into ``date32`` arrays only when an extract is built.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

OPEN = np.iinfo(np.int64).max // 4  # "no end date yet"


def day(text: str) -> int:
    """Day number of an ISO date."""
    return int(np.datetime64(text, "D").astype(np.int64))


def month_index(month: str) -> int:
    """Months since 1970-01 of a ``YYYY-MM`` string."""
    return int(np.datetime64(month, "M").astype(np.int64))


def month_start(months: np.ndarray | int) -> np.ndarray:
    """First day of each month index."""
    return (
        np.asarray(months, dtype=np.int64)
        .astype("datetime64[M]")
        .astype("datetime64[D]")
        .astype(np.int64)
    )


def month_end(months: np.ndarray | int) -> np.ndarray:
    """Last day of each month index (the snapshot date)."""
    return month_start(np.asarray(months, dtype=np.int64) + 1) - 1


def month_of(days: np.ndarray) -> np.ndarray:
    """Month index of each day number."""
    return (
        np.asarray(days, dtype=np.int64)
        .astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype(np.int64)
    )


def calendar_month(months: np.ndarray | int) -> np.ndarray:
    """Calendar month 1-12 of each month index."""
    return np.asarray(months, dtype=np.int64) % 12 + 1


def year_of_month(months: np.ndarray | int) -> np.ndarray:
    return np.asarray(months, dtype=np.int64) // 12 + 1970


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day of month of each day number."""
    d = np.asarray(days, dtype=np.int64)
    months = month_of(d)
    return year_of_month(months), calendar_month(months), d - month_start(months) + 1


def age_years(born: np.ndarray, on: np.ndarray | int) -> np.ndarray:
    """Age in completed years on a date (the same rule the warehouse uses)."""
    by, bm, bd = ymd(born)
    oy, om, od = ymd(np.broadcast_to(np.asarray(on, dtype=np.int64), np.shape(born)))
    before_birthday = (om < bm) | ((om == bm) & (od < bd))
    return oy - by - before_birthday.astype(np.int64)


def add_years(days: np.ndarray, years: np.ndarray | int) -> np.ndarray:
    """The same calendar date ``years`` later (29 February becomes 28 February)."""
    d = np.asarray(days, dtype=np.int64)
    months = month_of(d) + 12 * np.asarray(years, dtype=np.int64)
    offset = d - month_start(month_of(d))
    return np.minimum(month_start(months) + offset, month_end(months))


def to_date32(days: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """A pyarrow date32 array; ``valid`` False (or OPEN days) become nulls."""
    d = np.asarray(days, dtype=np.int64)
    mask = d >= OPEN if valid is None else ~valid | (d >= OPEN)
    return pa.array(np.where(mask, 0, d).astype(np.int32), type=pa.date32(), mask=mask)


def iso(day_number: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(day_number))).isoformat()
