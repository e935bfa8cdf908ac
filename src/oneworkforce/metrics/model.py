"""What a metric is: a declarative catalogue entry with an Ibis computation.

A computation receives the warehouse tables (from DuckDB or any other Ibis backend) and the
dimensions asked for, and returns an Ibis expression with one row per dimension value and
month: ``numerator``, ``denominator`` and ``value``. Keeping both parts means totals can
always be re-aggregated correctly (sum numerators and denominators, never average rates).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import ibis

from oneworkforce.errors import OneWorkforceError

Tables = Mapping[str, ibis.Table]
Compute = Callable[[Tables, list[str]], ibis.Table]


class MetricError(OneWorkforceError):
    """A metric request that cannot be answered (unknown metric, dimension or months)."""


class UnknownMetricError(MetricError):
    """No metric of that id in the catalogue (a web client's 404, not a bad request)."""


# What a shared output (``disclosure``) does to a metric, declared with it so that the
# documentation states the rule the code applies:
# - small_counts: counts of people under the threshold hidden, with secondary suppression
#   (``counts_people``);
# - smallest_group: a comparison of groups hidden when its smallest group (the
#   ``smallest_group`` column of the result) has fewer people than the threshold;
# - survey_responses: a survey result hidden when it rests on too few responses (the
#   denominator, at most ``suppress_denominator_at_most``);
# - denominator: a publication's own rule, values on a denominator of at most
#   ``suppress_denominator_at_most`` hidden (sickness: FTE days available);
# - none: nothing hidden, the numerator does not count people (FTE, days, hours, money).
SharedRule = Literal["small_counts", "smallest_group", "survey_responses", "denominator", "none"]


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    definition: str
    formula: str
    source: str
    unit: str  # count | fte | percent | hours | gbp | years
    good_direction: str  # up | down | neutral
    numerator: str
    denominator: str | None
    dimensions: frozenset[str]
    compute: Compute
    caveats: str = ""
    counts_people: bool = True  # the numerator counts people, so small values can identify
    # In shared outputs, values whose denominator is at most this are suppressed (the
    # sickness publication's rule for FTE days available).
    suppress_denominator_at_most: float | None = None
    # The rule above, by name (``SharedRule``); left empty it is worked out from
    # ``counts_people`` and ``suppress_denominator_at_most``. A metric returning
    # ``smallest_group`` must say so: nothing else can tell before it is computed.
    shared_rule: SharedRule | None = None
    # Dimensions every split must include, because the value compares the groups they
    # define (a representation index is one group's share against the same group's share).
    required_dimensions: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # counts_people and suppress_denominator_at_most drive the disclosure code; the rule
        # must be one they allow, so the two can never disagree.
        if self.counts_people:
            allowed: tuple[SharedRule, ...] = ("small_counts",)
        elif self.suppress_denominator_at_most is not None:
            allowed = ("denominator", "survey_responses")
        else:
            allowed = ("none", "smallest_group")
        rule = self.shared_rule or allowed[0]
        if rule not in allowed:
            raise ValueError(
                f"Metric {self.id}: shared_rule {rule!r} does not match counts_people="
                f"{self.counts_people} and suppress_denominator_at_most="
                f"{self.suppress_denominator_at_most}; use one of {', '.join(allowed)}."
            )
        object.__setattr__(self, "shared_rule", rule)


_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def month_index(text: str) -> int:
    """'YYYY-MM' as year x 12 + month, the month arithmetic every engine agrees on."""
    match = _MONTH.fullmatch(text)
    if not match:
        raise MetricError(f"{text!r} is not a month written YYYY-MM.")
    return int(match.group(1)) * 12 + int(match.group(2))


def month_label(index: int) -> str:
    year, month = divmod(index - 1, 12)
    return f"{year}-{month + 1:02d}"
