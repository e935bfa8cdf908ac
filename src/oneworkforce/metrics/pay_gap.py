"""Pay gaps by the UK statutory gender pay gap method, for gender, ethnicity and disability.

Method: The Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017,
Schedule 1, with the ACAS and Government Equalities Office guidance, at each snapshot of the
``pay`` extract (the statutory figure is the 31 March snapshot):

- Hourly pay is taken over full-pay relevant employees (``full_pay_relevant`` empty means
  yes); bonus over every relevant employee (every row), a bonus being ``bonus_pay`` > 0.
- Mean gap = (A - B) / A x 100, A and B the two groups' mean hourly pay; the median gap
  likewise with medians; the bonus gaps the same over the people who received a bonus. A
  positive gap means group A is paid more; 0 is parity.
- Groups: gender code 1 (male) is A and 2 (female) B; 9 (indeterminate), X (not known) and
  empty are left out of the comparison, as the guidance allows for people who do not
  identify as men or women. Ethnic categories A-C (White) are A and every other stated
  category (BME) B, as WRES groups them; not stated (Z, 99, empty) is left out. Disability
  ``no`` is A and ``yes`` B; not declared and empty are left out.
- Medians are ordinary medians (the mean of the two middle values for an even count), made
  with window functions so that every engine gives the same figure: within each group, with
  r the row number from 0 in order of pay and c the group's count, the middle rows are those
  with c - 2 <= 2r <= c (one row for an odd c, two for an even c), and the median is their
  mean. (Ibis compiles ``median()`` to DuckDB's ``quantile_cont`` and Spark's ``percentile``,
  each interpolating with its own arithmetic.)
- Quartiles: the n full-pay relevant employees in either group are ranked by hourly pay, as
  positions on the line (0, n], which is cut into four equal quarters at n/4, n/2 and 3n/4.
  Everyone on the same hourly rate forms a block (s, e]: s people are paid less and t are on
  the rate, e = s + t. Quarter q, ((q-1)n/4, qn/4], takes

      overlap_q = max(0, min(e, qn/4) - max(s, (q-1)n/4))

  of the block, shared pro rata: each person on the rate counts overlap_q / t in quarter q,
  so the block's b people of group B add b x overlap_q / t. Every quarter holds exactly n/4
  people and each group's shares add up to its count. Where n is not a multiple of four the
  person on a boundary is split in the same way (a block of one), rather than placed whole
  in one quarter "as nearly as possible".
- Every figure is computed over the pooled records of its slice: the system (place, sector)
  figure ranks and averages every employee of every employer in it; it is not an average of
  the employers' gaps. A person employed by two partners counts for each, as each employer
  reports them. Staff group and band slices compare the groups within the staff group or
  band, and rank the quartiles within it.

A gap row keeps A - B as ``numerator`` and A as ``denominator`` (£), and the size of the
smaller group compared as ``smallest_group``; shared outputs hide the figure when that group
has fewer people than the disclosure threshold (``disclosure``). Where either group is empty
the row is kept with an empty gap, so a snapshot with no bonuses, or one gender, is not an
error.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from oneworkforce.metrics.dimensions import (
    ORGANISATION_DIMENSIONS,
    ethnic_group,
    with_organisation,
)
from oneworkforce.metrics.model import Compute, Metric, Tables
from oneworkforce.metrics.results import ratio_result

SOURCE = (
    "The Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017, "
    "Schedule 1; ACAS and Government Equalities Office, Managing gender pay reporting"
)
PAY_DIMENSIONS = ORGANISATION_DIMENSIONS | {"staff_group", "band"}
BONUS_DIMENSIONS = PAY_DIMENSIONS | {"gender", "ethnic_group", "disability"}
QUARTILE_DIMENSIONS = PAY_DIMENSIONS | {"pay_quartile"}
# Labels sort in pay order.
QUARTILES = ("q1_lower", "q2_lower_middle", "q3_upper_middle", "q4_upper")
OUT = "out"  # a person in neither group compared


@dataclass(frozen=True)
class Comparison:
    """Two groups compared by the statutory method: A (the reference) and B."""

    prefix: str  # metric id prefix
    title: str  # "Gender", for metric names
    a: str  # "men"
    b: str  # "women"
    column: str  # the pay frame column the groups are read from
    a_codes: tuple[str, ...]
    b_codes: tuple[str, ...]
    source: str
    left_out: str  # who is in neither group, for the caveats

    def side(self, frame: ibis.Table) -> ibis.Value:
        """'a', 'b' or ``OUT`` for each row."""
        column = frame[self.column]
        return ibis.cases(
            (column.isin(self.a_codes), "a"), (column.isin(self.b_codes), "b"), else_=OUT
        )


GENDER = Comparison(
    "gender",
    "Gender",
    "men",
    "women",
    "gender",
    ("1",),
    ("2",),
    SOURCE,
    "Person stated gender 1 (male) and 2 (female) only: 9 (indeterminate), X (not known) and "
    "empty are left out of both groups.",
)
ETHNICITY = Comparison(
    "ethnicity",
    "Ethnicity",
    "White staff",
    "BME staff",
    "ethnic_group",
    ("white",),
    ("bme",),
    "Department for Business and Trade, Ethnicity pay reporting: guidance for employers "
    "(the gender pay gap method of the 2017 Regulations, Schedule 1); WRES grouping",
    "White is ethnic categories A-C, BME every other stated category; not stated and not "
    "known (Z, 99, empty) are left out of both groups.",
)
DISABILITY = Comparison(
    "disability",
    "Disability",
    "non-disabled staff",
    "disabled staff",
    "disability",
    ("no",),
    ("yes",),
    "The gender pay gap method of the 2017 Regulations, Schedule 1, applied to declared "
    "disability (voluntary reporting; no statutory duty)",
    "Disability declared yes (B) and no (A) only: not declared and empty are left out of "
    "both groups.",
)
COMPARISONS = (GENDER, ETHNICITY, DISABILITY)

POOLED = (
    "System, place and sector figures are pooled over every employee of the employers in "
    "them, not an average of the employers' figures; a person employed by two partners "
    "counts for each. Not additive: never sum or average these rows for a larger group."
)
SMALL_GROUPS = (
    "Shared outputs hide the figure when the smaller group (`smallest_group`) has fewer "
    "people than the threshold."
)


def pay_frame(tables: Tables) -> ibis.Table:
    """The pay extract with the organisation dimensions, the ethnic group, and hourly pay,
    bonus and the full-pay relevant flag as the method reads them (empty flag = yes, empty
    bonus = none)."""
    frame = with_organisation(tables["pay"], tables)
    return frame.mutate(
        ethnic_group=ethnic_group(frame.ethnic_category),
        hourly=frame.hourly_pay.cast("float64"),
        bonus=frame.bonus_pay.cast("float64").fill_null(0.0),
        full_pay=frame.full_pay_relevant.fill_null(True),
    )


def _compared(frame: ibis.Table, comparison: Comparison, measure: str) -> ibis.Table:
    """Each row with ``amount`` (hourly pay or bonus) and ``side``: 'a' or 'b' for the people
    compared (full-pay relevant for hourly pay, bonus receivers for bonus), else ``OUT``."""
    if measure == "hourly":
        amount, included = frame.hourly, frame.full_pay & frame.hourly.notnull()
    else:
        amount, included = frame.bonus, frame.bonus > 0
    return frame.mutate(
        amount=amount, side=ibis.cases((included, comparison.side(frame)), else_=OUT)
    )


def _means(frame: ibis.Table, keys: list[str]) -> ibis.Table:
    """Per slice: each group's count (``a_n``, ``b_n``) and mean (``a``, ``b``)."""
    a, b = frame.side == "a", frame.side == "b"
    out = frame.group_by(keys).aggregate(
        a_n=frame.amount.count(where=a),
        b_n=frame.amount.count(where=b),
        a_total=frame.amount.sum(where=a),
        b_total=frame.amount.sum(where=b),
    )
    return out.mutate(a=_divide(out.a_total, out.a_n), b=_divide(out.b_total, out.b_n))


def _medians(frame: ibis.Table, keys: list[str]) -> ibis.Table:
    """Per slice: each group's count and exact median (see the module docstring)."""
    part = [frame[k] for k in [*keys, "side"]]
    ranked = frame.mutate(
        r=ibis.row_number().over(group_by=part, order_by=frame.amount),
        c=frame.amount.count().over(group_by=part),
    )
    middle = (2 * ranked.r >= ranked.c - 2) & (2 * ranked.r <= ranked.c)
    a, b = ranked.side == "a", ranked.side == "b"
    out = ranked.group_by(keys).aggregate(
        a_n=ranked.amount.count(where=a),
        b_n=ranked.amount.count(where=b),
        a_total=ranked.amount.sum(where=a & middle),
        a_middle=ranked.amount.count(where=a & middle),
        b_total=ranked.amount.sum(where=b & middle),
        b_middle=ranked.amount.count(where=b & middle),
    )
    return out.mutate(a=_divide(out.a_total, out.a_middle), b=_divide(out.b_total, out.b_middle))


def _divide(total, count) -> ibis.Value:
    """total / count, empty (never an error, on any engine) where count is 0."""
    return ibis.cases((count > 0, total / count), else_=ibis.null("float64"))


def _gap(comparison: Comparison, measure: str, statistic: str) -> Compute:
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        frame = _compared(pay_frame(tables), comparison, measure)
        keys = [*by, "month_index"]
        out = (_means if statistic == "mean" else _medians)(frame, keys)
        both = (out.a_n > 0) & (out.b_n > 0)
        a = ibis.cases((both, out.a), else_=ibis.null("float64"))
        out = out.mutate(
            gap=a - out.b,
            reference=a,
            smallest_group=ibis.least(out.a_n, out.b_n).cast("float64"),
        )
        # ratio_result keeps only the slice columns it is given: smallest_group rides along.
        result = ratio_result(out, [*by, "smallest_group"], out.gap, out.reference)
        return result.select(
            *by, "month_index", "numerator", "denominator", "value", "smallest_group"
        )

    return compute


def bonus_received_share(tables: Tables, by: list[str]) -> ibis.Table:
    """Relevant employees paid a bonus over all relevant employees, per slice."""
    frame = pay_frame(tables)
    out = frame.group_by([*by, "month_index"]).aggregate(
        received=frame.person_id.count(where=frame.bonus > 0).cast("float64"),
        relevant=frame.person_id.count().cast("float64"),
    )
    return ratio_result(out, by, out.received, out.relevant)


def pay_quartiles(frame: ibis.Table, keys: list[str]) -> ibis.Table:
    """Group B's people and everyone, apportioned to each quarter of every slice in ``keys``.

    ``frame`` has ``hourly`` and ``side`` ('a', 'b' or ``OUT``); the result has the keys,
    ``pay_quartile``, ``group_b`` and ``size`` (see the module docstring for the formula).
    """
    people = frame.filter(frame.full_pay & frame.hourly.notnull() & (frame.side != OUT))
    blocks = people.group_by([*keys, "hourly"]).aggregate(
        t=people.hourly.count(), b=people.hourly.count(where=people.side == "b")
    )
    part = [blocks[k] for k in keys]
    blocks = blocks.mutate(
        e=blocks.t.sum().over(ibis.cumulative_window(group_by=part, order_by=blocks.hourly)),
        n=blocks.t.sum().over(group_by=part),
    )
    blocks = blocks.mutate(s=blocks.e - blocks.t)
    quarters = []
    for q, label in enumerate(QUARTILES):
        low, high = blocks.n * q / 4, blocks.n * (q + 1) / 4
        overlap = ibis.greatest(ibis.least(blocks.e, high) - ibis.greatest(blocks.s, low), 0.0)
        quarters.append(
            blocks.select(
                *keys,
                pay_quartile=ibis.literal(label, "string"),
                group_b=blocks.b * overlap / blocks.t,
                size=overlap.cast("float64"),
            )
        )
    return ibis.union(*quarters)


def _quartile_share(comparison: Comparison) -> Compute:
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        # Quarters are ranked within each slice of the other dimensions.
        keys = [d for d in by if d != "pay_quartile"] + ["month_index"]
        frame = pay_frame(tables)
        frame = frame.mutate(side=comparison.side(frame))
        quarters = pay_quartiles(frame, keys)
        out = quarters.group_by([*by, "month_index"]).aggregate(
            group_b=quarters.group_b.sum(), size=quarters.size.sum()
        )
        return ratio_result(out, by, out.group_b, out.size)

    return compute


def _gap_metric(comparison: Comparison, measure: str, statistic: str) -> Metric:
    c = comparison
    if measure == "hourly":
        kind, what, who = "pay", f"{statistic} hourly pay", "full-pay relevant employees"
        name = f"{c.title} pay gap ({statistic} hourly pay)"
    else:
        kind, what, who = "bonus", f"{statistic} bonus pay", "relevant employees paid a bonus"
        name = f"{c.title} bonus gap ({statistic})"
    extra = (
        " Medians are exact: the middle value, or the mean of the two middle values."
        if statistic == "median"
        else ""
    )
    bonus = (
        " Bonus paid in the 12 months to the snapshot; every relevant employee counts, full "
        "pay or not."
        if measure == "bonus"
        else ""
    )
    return Metric(
        f"{c.prefix}_{kind}_gap_{statistic}",
        name,
        f"The difference between the {what} of {c.a} and of {c.b}, as a percentage of "
        f"{c.a}'s, over {who}; positive when {c.a} are paid more, 0 at parity.{bonus}{extra}",
        f"({c.a}'s {what} - {c.b}'s {what}) / {c.a}'s {what} x 100",
        c.source,
        "percent",
        "neutral",
        f"{c.a}'s {what} - {c.b}'s {what} (£)",
        f"{c.a}'s {what} (£)",
        PAY_DIMENSIONS,
        _gap(c, measure, statistic),
        f"{c.left_out} Empty where either group has no one. {POOLED} {SMALL_GROUPS}",
        counts_people=False,
        shared_rule="smallest_group",
    )


def _quartile_metric(comparison: Comparison, metric_id: str, name: str) -> Metric:
    c = comparison
    return Metric(
        metric_id,
        name,
        f"Full-pay relevant {c.a} and {c.b} ranked by hourly pay and split into four equal "
        f"quarters (lower, lower middle, upper middle, upper): {c.b}'s share of each. "
        f"Everyone on a rate that straddles a boundary is split across the quarters pro "
        f"rata; {c.a}'s share is 100 minus this.",
        f"{c.b} in the quarter / people in the quarter x 100",
        c.source,
        "percent",
        "neutral",
        f"{c.b} in the quarter (fractional where a rate straddles a boundary)",
        f"{c.a} and {c.b} in the quarter (a quarter of them all)",
        QUARTILE_DIMENSIONS,
        _quartile_share(c),
        f"{c.left_out} Quarters are ranked within each slice of the other dimensions (within "
        f"each organisation by `org`); without `pay_quartile` the figure is {c.b}'s share "
        f"of all. {POOLED}",
    )


METRICS = (
    _gap_metric(GENDER, "hourly", "mean"),
    _gap_metric(GENDER, "hourly", "median"),
    _gap_metric(GENDER, "bonus", "mean"),
    _gap_metric(GENDER, "bonus", "median"),
    Metric(
        "bonus_received_share",
        "Share paid a bonus",
        "Share of relevant employees paid a bonus in the 12 months to the snapshot; split by "
        "`gender` for the statutory proportions of men and of women (or by `ethnic_group` or "
        "`disability`).",
        "relevant employees with bonus pay > 0 / relevant employees x 100",
        SOURCE,
        "percent",
        "neutral",
        "relevant employees paid a bonus",
        "relevant employees (every row of the pay extract, full pay or not)",
        BONUS_DIMENSIONS,
        bonus_received_share,
        "Every gender code is its own row: the statutory proportions are those of 1 (men) "
        "and 2 (women). A person employed by two partners counts for each.",
    ),
    _quartile_metric(GENDER, "pay_quartile_share", "Women's share of each pay quartile"),
    *(
        _gap_metric(c, measure, statistic)
        for c in (ETHNICITY, DISABILITY)
        for measure in ("hourly", "bonus")
        for statistic in ("mean", "median")
    ),
    _quartile_metric(ETHNICITY, "ethnicity_pay_quartile_share", "BME share of each pay quartile"),
    _quartile_metric(
        DISABILITY, "disability_pay_quartile_share", "Disabled staff's share of each pay quartile"
    ),
)
