"""Figures, months and SPC signals in words, as the pages show them. Downloads keep the full
figures; these are for reading. One place, so a page, its chart's text summary and the tests
agree on how a figure reads."""

from __future__ import annotations

import math
from collections.abc import Mapping

from oneworkforce.metrics.model import MetricError, month_index

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
NO_FIGURE = "no figure"
HIDDEN = "hidden"

VARIATION = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (high)",
    "improvement_low": "Special cause improvement (low)",
    "concern_high": "Special cause concern (high)",
    "concern_low": "Special cause concern (low)",
    "neither_high": "Special cause variation (high), neither better nor worse",
    "neither_low": "Special cause variation (low), neither better nor worse",
}
ASSURANCE = {
    "consistently_pass": "The process consistently passes the target",
    "consistently_fail": "The process consistently fails the target",
    "hit_and_miss": "The process will hit and miss the target",
}


def number(value: float | None, unit: str = "", suppressed: bool = False) -> str:
    """A figure in its unit: '5.5%', '1,234', '£12,300', '6.36'; hidden or missing in words."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return HIDDEN if suppressed else NO_FIGURE
    if unit == "percent":
        return f"{value:,.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "gbp":
        return f"-£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"
    if unit in ("fte", "years", "points", "hours"):
        return f"{value:,.1f}"
    if unit in ("score", "ratio"):
        return f"{value:,.2f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def month_name(month: str | None) -> str:
    """'2026-03' as 'March 2026' (anything else as it is)."""
    if not month:
        return ""
    try:
        index = month_index(month)
    except MetricError:
        return month
    year, number_of_month = divmod(index - 1, 12)
    return f"{MONTHS[number_of_month]} {year}"


def variation(icon: str | None) -> str:
    return VARIATION.get(icon or "", "Not enough figures to chart")


def assurance(icon: str | None) -> str:
    return ASSURANCE.get(icon or "", "No target to assure against")


def icon_kind(icon: str | None) -> str:
    """The colour class of a variation icon: improvement, concern, neither or common."""
    return (icon or "common").split("_")[0] if icon and icon != "common_cause" else "common"


def slice_words(where: Mapping[str, str], labels: Mapping[str, str] | None = None) -> str:
    """A slice in words: 'the whole system', 'Riverford (place)', an organisation's name,
    'staff group nursing'."""
    if not where:
        return "the whole system"
    labels = labels or {}
    words = []
    for dimension, value in where.items():
        if dimension == "org":
            words.append(labels.get(value, value))
        elif dimension == "place":
            words.append(f"{value} (place)")
        else:
            words.append(f"{dimension.replace('_', ' ')} {labels.get(value, value)}")
    return ", ".join(words)


def query_slice(where: Mapping[str, str]) -> str:
    """A slice as the ``where`` query parameter writes it."""
    return ",".join(f"{k}={v}" for k, v in where.items())
