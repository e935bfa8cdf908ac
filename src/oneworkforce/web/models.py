"""The API's response shapes, declared so that the OpenAPI schema says what each field means.

These are the JSON twins of the pages a later issue builds: field names follow the library's
tidy tables (``compute_metric``, ``spc_chart``), so a row here is a row there.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from oneworkforce.web.scope import Viewer


class Problem(BaseModel):
    """A request that cannot be met, and why."""

    detail: str


class MetricInfo(BaseModel):
    """A catalogue entry: what a metric is, how it is worked out and how it is shared."""

    id: str
    name: str
    unit: str = Field(description="count, fte, percent, hours, gbp or years")
    good_direction: str = Field(description="up, down or neutral")
    definition: str
    formula: str
    source: str
    caveats: str
    dimensions: list[str] = Field(description="What the metric can be split by (`by`).")
    required_dimensions: list[str] = Field(description="What every split must include.")
    shared_rule: str = Field(
        description="What disclosure control does to it: small_counts, smallest_group, "
        "survey_responses, denominator or none."
    )


class Catalogue(BaseModel):
    metrics: list[MetricInfo]
    dimensions: dict[str, str] = Field(description="Every dimension, with what it means.")


class MetricRow(BaseModel):
    """One slice and month of a metric. The slice's dimensions (``org``, ``staff_group``,
    ...) are further fields of the row, named as in ``by``."""

    model_config = ConfigDict(extra="allow")

    metric: str
    month: str = Field(description="YYYY-MM")
    numerator: float | None
    denominator: float | None
    value: float | None = Field(description="null when suppressed or not defined")
    shared: bool = Field(description="Disclosure control applied to this row.")
    suppressed: bool = Field(description="Figures hidden by disclosure control.")
    small_denominator: bool | None = Field(
        None, description="A rate on few people (flagged in shared rows; null otherwise)."
    )


class MetricResult(BaseModel):
    metric: str
    by: list[str]
    start: str | None = Field(description="First month asked for (`from`).")
    end: str | None = Field(description="Last month asked for (`to`).")
    viewer: Viewer
    threshold: int = Field(description="Smallest count of people shown in shared rows.")
    rows: list[MetricRow]


class SpcPoint(BaseModel):
    """One month of an XmR chart: its limits, the rules it breaks and what it signals."""

    month: str
    value: float
    period: int = Field(description="1, then one more after each rebase.")
    mean: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float
    baseline: bool = Field(description="The point is one the limits were fixed on.")
    outside_limits: bool
    two_of_three: bool
    shift: bool
    trend: bool
    rules: list[str] = Field(description="The special-cause rules the point breaks.")
    special_cause: bool
    side: str | None = Field(description="high or low for a special cause, else null.")
    point_type: str = Field(description="common_cause, improvement, concern or neither.")


class SpcResult(BaseModel):
    metric: str
    where: dict[str, str] = Field(description="The slice charted (empty: the whole system).")
    start: str | None
    end: str | None
    good_direction: str
    target: float | None
    baseline: int | None
    rebase: list[str]
    run_length: int
    screen: bool
    variation: str | None = Field(
        description="Variation icon: common_cause, improvement_high, concern_low, ..."
    )
    assurance: str | None = Field(
        description="Assurance icon: consistently_pass, consistently_fail, hit_and_miss, or "
        "null without a target."
    )
    warnings: list[str]
    viewer: Viewer
    shared: bool = Field(description="Disclosure control applied: hidden months are left out.")
    points: list[SpcPoint]


class ExtractStatus(BaseModel):
    extract: str
    rows: int | None = Field(description="null when too few to share.")
    organisations: int
    first_month: str | None
    last_month: str | None


class Status(BaseModel):
    viewer: Viewer
    extracts: list[ExtractStatus]
