"""Statutory and mandatory training compliance, by Core Skills Training Framework subject.

Source: Skills for Health, Core Skills Training Framework (England) v1.1, for the subjects
and their usual renewal periods. Trusts vary the periods, so each organisation's own periods
(the ``training_renewal`` extract) come first, for the subject and level, then the subject;
then the framework's usual period. An expiry date sent with the completion wins over both.

A person is compliant with a subject at a month end when they hold a completion that is
valid then: completed on or before the month end and expiring after it. Completions recorded
by any partner count, as the staff passport intends: training moves with the person.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.calendar import month_index_of
from oneworkforce.metrics.dimensions import WORKFORCE_DIMENSIONS, workforce_frame
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result
from oneworkforce.metrics.workforce import SUBSTANTIVE
from oneworkforce.standard.codes import CSTF_SUBJECT

SOURCE = "Skills for Health, Core Skills Training Framework (England) v1.1"

# CSTF usual renewal periods in months: (subject, level) -> months; level "" = any level.
CSTF_RENEWAL_MONTHS: dict[tuple[str, str], int] = {
    ("equality_diversity_human_rights", ""): 36,
    ("health_safety_welfare", ""): 36,
    ("conflict_resolution", ""): 36,
    ("fire_safety", ""): 24,
    ("infection_prevention_control", ""): 36,
    ("infection_prevention_control", "1"): 36,
    ("infection_prevention_control", "2"): 12,
    ("information_governance", ""): 12,
    ("moving_handling", ""): 36,
    ("moving_handling", "1"): 36,
    ("moving_handling", "2"): 24,
    ("preventing_radicalisation", ""): 36,
    ("resuscitation", ""): 12,
    ("safeguarding_adults", ""): 36,
    ("safeguarding_children", ""): 36,
}
SUBJECTS = tuple(CSTF_SUBJECT.labels)


def _defaults() -> ibis.Table:
    subjects, levels, months = zip(
        *((s, lv, m) for (s, lv), m in CSTF_RENEWAL_MONTHS.items()), strict=True
    )
    return ibis.memtable(
        {"subject": list(subjects), "level_key": list(levels), "months": list(months)},
        schema={"subject": "string", "level_key": "string", "months": "int64"},
    )


def valid_completions(tables: Tables) -> ibis.Table:
    """Each completion with the months it is valid for: from ``valid_from`` up to, not
    including, ``valid_until`` (month indexes)."""
    records = tables["training"]
    records = records.select(
        "person_id",
        "org_code",
        "subject",
        "completed_date",
        "expiry_date",
        level_key=records.level.fill_null(""),
    )
    renewal = tables["training_renewal"]
    renewal = renewal.select(
        "org_code", "subject", level_key=renewal.level.fill_null(""), months="renewal_months"
    )
    own_exact = renewal.rename(own_exact="months")
    own_any = renewal.filter(renewal.level_key == "").select(
        "org_code", "subject", own_any="months"
    )
    defaults = _defaults()
    default_exact = defaults.rename(default_exact="months")
    default_any = defaults.filter(defaults.level_key == "").select("subject", default_any="months")
    joined = (
        records.join(own_exact, ["org_code", "subject", "level_key"], how="left")
        .join(own_any, ["org_code", "subject"], how="left")
        .join(default_exact, ["subject", "level_key"], how="left")
        .join(default_any, ["subject"], how="left")
    )
    months = ibis.coalesce(
        joined.own_exact, joined.own_any, joined.default_exact, joined.default_any
    )
    start = month_index_of(joined.completed_date)
    # Valid at a month end while the expiry date is after it: until the expiry's month.
    until = ibis.coalesce(month_index_of(joined.expiry_date), start + months)
    return joined.select("person_id", "subject", valid_from=start, valid_until=until)


def covered_periods(tables: Tables) -> ibis.Table:
    """Each person's valid completions of a subject merged into periods that do not overlap,
    so that a month is counted once however many completions cover it."""
    valid = valid_completions(tables)
    order = ["valid_from", "valid_until"]
    running = ibis.window(group_by=["person_id", "subject"], order_by=order, following=0)
    valid = valid.mutate(reach=valid.valid_until.max().over(running))
    # A completion starts a new period when it begins after every earlier one has lapsed.
    before = valid.reach.lag().over(group_by=["person_id", "subject"], order_by=order)
    valid = valid.mutate(
        starts_period=(before.isnull() | (valid.valid_from > before)).cast("int64")
    )
    valid = valid.mutate(period=valid.starts_period.sum().over(running))
    return valid.group_by(["person_id", "subject", "period"]).aggregate(
        valid_from=valid.valid_from.min(), valid_until=valid.valid_until.max()
    )


def training_compliance(tables: Tables, by: list[str]) -> ibis.Table:
    plain = [d for d in by if d != "training_subject"]
    frame = workforce_frame(tables)
    frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
    people = frame.select("person_id", "month_index", *plain).distinct()
    periods = covered_periods(tables)
    met = people.join(
        periods,
        [
            people.person_id == periods.person_id,
            periods.valid_from <= people.month_index,
            periods.valid_until > people.month_index,
        ],
    ).select(*plain, "month_index", training_subject=periods.subject)
    keys = [*by, "month_index"]
    compliant = met.group_by(keys).aggregate(compliant=met.count().cast("float64"))
    # Every subject is required of everyone: people x subjects, without building the pairs.
    needed = people.group_by([*plain, "month_index"]).aggregate(people=people.count())
    if "training_subject" in by:
        subjects = ibis.memtable({"training_subject": list(SUBJECTS)})
        needed = needed.cross_join(subjects).mutate(required=ibis._.people.cast("float64"))
    else:
        needed = needed.mutate(required=(ibis._.people * len(SUBJECTS)).cast("float64"))
    out = needed.join(compliant, keys, how="left")
    out = out.select(*keys, required=out.required, compliant=out.compliant.fill_null(0.0))
    return ratio_result(out, by, out.compliant, out.required)


METRICS = (
    Metric(
        "training_compliance",
        "Statutory and mandatory training compliance",
        "Share of the subjects required of permanent and fixed-term staff in post that they "
        "hold a valid completion for at the month end; split by `training_subject` for each "
        "subject.",
        "people-subjects with a valid completion / people in post x subjects x 100",
        SOURCE,
        "percent",
        "up",
        "valid people-subjects",
        "required people-subjects",
        WORKFORCE_DIMENSIONS | {"training_subject"},
        training_compliance,
        "Every CSTF subject is counted as required of everyone. Completions count for every "
        "partner (the staff passport); a completion's validity comes from the organisation "
        "that recorded it. Past months use the completions held now, so they can read low "
        "where partners drop superseded records.",
    ),
)
