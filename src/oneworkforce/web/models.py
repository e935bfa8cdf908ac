"""The API's response shapes, declared so that the OpenAPI schema says what each field means.

These are the JSON twins of the pages: a page renders from the same object its twin returns.
Field names follow the library's tidy tables (``compute_metric``, ``spc_chart``,
``evaluate_targets``), so a row here is a row there.
"""

from __future__ import annotations

from typing import Any

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


# The pages' JSON twins --------------------------------------------------------------------


class Organisation(BaseModel):
    """A partner of the register: what the pages offer to choose from."""

    org: str
    name: str | None
    place: str | None
    sector: str | None


class Register(BaseModel):
    organisations: list[Organisation]
    places: list[str]


class TargetStatus(BaseModel):
    """A target and how it stands against the latest data (``evaluate_targets``)."""

    name: str
    metric: str
    slice: str = Field(description="The slice, as dimension=value;...; empty: the system.")
    comparison: str | None
    kind: str | None
    target_type: str
    peer_group: str | None
    unit: str | None
    target: float | None = Field(description="The value asked for by the due month.")
    due_month: str
    baseline_month: str | None
    baseline_value: float | None
    latest_month: str | None
    latest_value: float | None
    expected_value: float | None = Field(description="Where the path expects it by now.")
    months_to_due: int | None
    status: str = Field(description="met, on track, off track, missed or no data")
    reason: str
    owner: str | None = None
    hidden: bool = Field(
        False,
        description="The slice's figures are hidden from this viewer by disclosure control, "
        "so the values and the reason are left out (the status is kept).",
    )


class Targets(BaseModel):
    viewer: Viewer
    targets: list[TargetStatus]


class PathPoint(BaseModel):
    month: str
    value: float | None


class TargetDetail(BaseModel):
    """One target: its status, the metric's monthly values for the slice, and the path."""

    viewer: Viewer
    status: TargetStatus
    source: str | None
    notes: str | None
    trajectory: list[PathPoint] = Field(description="The milestones as stored.")
    path: list[PathPoint] = Field(
        description="Baseline, milestones and the target at the due month: the line the "
        "expected value follows."
    )
    series: list[PathPoint] = Field(description="The metric for the slice, as this viewer sees it.")


class Headline(BaseModel):
    """A headline metric for a scope: its SPC chart with icons, latest value and target."""

    metric: str
    name: str
    unit: str
    good_direction: str
    month: str | None = Field(description="Latest month with a figure.")
    value: float | None
    spc: SpcResult | None = Field(description="The chart; null when there is no figure.")
    target: TargetStatus | None = Field(
        description="The value target set for this metric and exactly this slice, if any."
    )
    problem: str | None = Field(description="Why there is no chart, if there is none.")


class Overview(BaseModel):
    viewer: Viewer
    where: dict[str, str] = Field(description="The scope (empty: the whole system).")
    end: str | None = Field(description="Last month charted (`to`); default the latest.")
    headlines: list[Headline]


class DrillRow(BaseModel):
    """One slice a level down: its latest figure and variation icon."""

    where: dict[str, str] = Field(description="The slice in full (its SPC chart's `where`).")
    dimension: str
    value_code: str = Field(description="The slice's value of `dimension`.")
    label: str
    month: str | None
    value: float | None
    shared: bool
    suppressed: bool
    variation: str | None
    points: int = Field(description="Months charted.")
    can_drill: bool = Field(description="A further level down exists.")


class Drill(BaseModel):
    """A metric for one slice and the slices a level below it: system, place, organisation,
    staff group."""

    viewer: Viewer
    metric: str
    where: dict[str, str]
    level: str | None = Field(description="The dimension of the rows; null at the bottom.")
    headline: Headline
    rows: list[DrillRow]


class LoadRow(BaseModel):
    """A load of the load log: what was read, loaded and quarantined, and whether they add up."""

    load_id: int
    extract: str
    version: str
    file: str
    status: str
    org: str | None = Field(description="The organisation the file was declared for.")
    period: str | None = Field(description="The month the file was declared for.")
    read: int | None
    loaded: int | None
    quarantined: int | None
    replaced: int | None
    scopes: list[str] = Field(description="Organisation and month pairs it replaced.")
    finished: str | None
    reconciles: bool = Field(description="Rows read = rows loaded + rows quarantined.")
    own: bool = Field(description="The viewer may see its quarantined rows.")


class QuarantineReason(BaseModel):
    load_id: int
    extract: str
    rule: str
    rows: int | None = Field(description="null when too few to share")


class MissingPartners(BaseModel):
    """Which partners sent an extract for its latest month, and which did not."""

    extract: str
    month: str
    sent: list[str]
    missing: list[str] = Field(description="Sent it for an earlier month, not for this one.")
    never_sent: list[str] = Field(description="In the register, never sent it.")


class Quality(BaseModel):
    viewer: Viewer
    loads: list[LoadRow]
    reasons: list[QuarantineReason]
    missing: list[MissingPartners]


class QuarantinedRow(BaseModel):
    row: int
    column: str | None
    value: str | None
    rule: str
    message: str


class Quarantine(BaseModel):
    viewer: Viewer
    load_id: int
    rows: list[QuarantinedRow]


class Equality(BaseModel):
    """WRES and WDES tables and the pay gap headline for the system or an organisation."""

    viewer: Viewer
    org: str | None
    year: int | None = Field(description="Year ending 31 March of the WRES and WDES.")
    shared: bool
    pay_gaps: list[dict[str, Any]]
    wres: list[dict[str, Any]]
    wdes: list[dict[str, Any]]
    problems: dict[str, str] = Field(description="Why a part is empty (no data, say).")


class Wellbeing(BaseModel):
    """The health and wellbeing panel and the People Promise scores of the latest survey."""

    viewer: Viewer
    month: str | None
    panel: list[dict[str, Any]]
    experience: list[dict[str, Any]]
    problems: dict[str, str]


class BoardPack(BaseModel):
    viewer: Viewer
    where: dict[str, str]
    end: str | None
    headlines: list[Headline]
    targets: list[TargetStatus]
