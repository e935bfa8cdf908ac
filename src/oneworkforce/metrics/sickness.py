"""Sickness absence rate: FTE days lost / FTE days available, by month.

Source: NHS England, NHS Sickness Absence Rates (monthly publication) methodology: the rate
is the sum of FTE days lost over the sum of FTE days available, in calendar days, never an
average of rates. Partners send either episodes (with staff in post giving the days
available) or monthly aggregates; for each organisation and month, aggregates are used where
sent, else episodes.

An episode's FTE days lost are spread evenly over its calendar days, so an episode running
from 30 January to 2 March puts 2/33 of its days lost in January. An open episode runs to the
end of each month it touches, up to the latest month of staff in post.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import ORGANISATION_DIMENSIONS, with_organisation
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result
from oneworkforce.metrics.shared import reuse
from oneworkforce.metrics.workforce import SUBSTANTIVE

SOURCE = "NHS England, NHS Sickness Absence Rates: methodology (monthly publication)"
KEYS = ["org_code", "staff_group", "month_index"]
# Long-term sickness absence: an episode of 28 calendar days or more (NHS Employers).
LONG_TERM_DAYS = 28
# The publication suppresses rows with this many FTE days available or fewer.
PUBLICATION_MINIMUM_DAYS = 330
# Anxiety, stress, depression and other psychiatric illnesses: the largest single reason.
MENTAL_HEALTH_REASON = "S10"


def _months(tables: Tables) -> ibis.Table:
    """Each month with staff in post, with its first and last day."""
    months = tables["staff_in_post"].select("month_index").distinct()
    first = ibis.date((months.month_index - 1) // 12, (months.month_index - 1) % 12 + 1, 1)
    months = months.mutate(first_day=first)
    return months.mutate(
        last_day=months.first_day + ibis.interval(months=1) - ibis.interval(days=1)
    )


def _episode_days(tables: Tables) -> ibis.Table:
    """Each episode's FTE days lost in each month it touches, with its reason and term
    (shared by every episode-based sickness metric in a pack)."""
    return reuse(tables, ("sickness_episode_days",), lambda: _spread_episodes(tables))


def _spread_episodes(tables: Tables) -> ibis.Table:
    months = _months(tables)
    # The warehouse's own month_index is the start month; each month an episode touches
    # comes from the join instead.
    episodes = tables["sickness_absence"].select(
        "org_code", "staff_group", "start_date", "end_date", "fte_days_lost", "reason"
    )
    latest = months.last_day.max().as_scalar()
    episodes = episodes.mutate(until=ibis.coalesce(episodes.end_date, latest))
    spread = episodes.join(
        months, [months.first_day <= episodes.until, months.last_day >= episodes.start_date]
    )
    overlap = (
        ibis.least(spread.until, spread.last_day).delta(
            ibis.greatest(spread.start_date, spread.first_day), unit="day"
        )
        + 1
    )
    length = spread.until.delta(spread.start_date, unit="day") + 1
    return spread.select(
        *KEYS,
        absence_reason=spread.reason,
        long_term=length >= LONG_TERM_DAYS,
        fte_days_lost=spread.fte_days_lost * overlap / length,
    )


def _days_available(tables: Tables) -> ibis.Table:
    """FTE days available from staff in post, for organisations that send episodes (shared
    in a pack)."""
    return reuse(tables, ("sickness_days_available",), lambda: _staff_days(tables))


def _staff_days(tables: Tables) -> ibis.Table:
    months = _months(tables)
    sip = tables["staff_in_post"].filter(tables["staff_in_post"].contract_type.isin(SUBSTANTIVE))
    sip = sip.join(months, "month_index")
    available = sip.group_by(KEYS).aggregate(
        fte_days_available=(sip.fte * sip.last_day.day()).sum()
    )
    # Only organisations that send episodes: their staff in post supplies the denominator.
    senders = tables["sickness_absence"].select("org_code").distinct()
    return available.join(senders, "org_code", how="semi")


def _from_episodes(tables: Tables) -> ibis.Table:
    days = _episode_days(tables)
    lost = days.group_by(KEYS).aggregate(fte_days_lost=days.fte_days_lost.sum())
    joined = _days_available(tables).join(lost, KEYS, how="left")
    return joined.select(
        *KEYS,
        fte_days_lost=joined.fte_days_lost.fill_null(0.0),
        fte_days_available=joined.fte_days_available,
    )


def _combined(tables: Tables) -> ibis.Table:
    aggregate = tables["sickness_absence_aggregate"].select(
        *KEYS, "fte_days_lost", "fte_days_available"
    )
    sent = aggregate.select("org_code", "month_index").distinct()
    episodes = _from_episodes(tables).join(sent, ["org_code", "month_index"], how="anti")
    return aggregate.union(episodes.select(*KEYS, "fte_days_lost", "fte_days_available"))


def sickness_rate(tables: Tables, by: list[str]) -> ibis.Table:
    frame = with_organisation(_combined(tables), tables)
    out = frame.group_by([*by, "month_index"]).aggregate(
        lost=frame.fte_days_lost.sum(), available=frame.fte_days_available.sum()
    )
    return ratio_result(out, by, out.lost, out.available)


EPISODES_ONLY = (
    "Only partners that send episodes: aggregate returns carry no reasons or lengths. An "
    "episode is long term by its whole length (open episodes: so far)."
)


def _episode_rate(tables: Tables, by: list[str], days: ibis.Table) -> ibis.Table:
    """Days lost in ``days`` over all FTE days available, per slice (reason on top)."""
    plain = [d for d in by if d != "absence_reason"]
    available = with_organisation(_days_available(tables), tables)
    available = available.group_by([*plain, "month_index"]).aggregate(
        available=available.fte_days_available.sum()
    )
    days = with_organisation(days, tables)
    lost = days.group_by([*by, "month_index"]).aggregate(lost=days.fte_days_lost.sum())
    if "absence_reason" in by:
        out = lost.join(available, [*plain, "month_index"])
        out = out.select(*by, "month_index", lost=out.lost, available=out.available)
    else:
        out = available.join(lost, [*plain, "month_index"], how="left")
        out = out.select(*by, "month_index", lost=out.lost.fill_null(0.0), available=out.available)
    return ratio_result(out, by, out.lost, out.available)


def _term_rate(long_term: bool):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        days = _episode_days(tables)
        return _episode_rate(tables, by, days.filter(days.long_term == long_term))

    return compute


def mental_health_share(tables: Tables, by: list[str]) -> ibis.Table:
    days = with_organisation(_episode_days(tables), tables)
    out = days.group_by([*by, "month_index"]).aggregate(
        mental=days.fte_days_lost.sum(where=days.absence_reason == MENTAL_HEALTH_REASON),
        lost=days.fte_days_lost.sum(),
    )
    return ratio_result(out, by, out.mental.fill_null(0.0), out.lost)


def sickness_rate_by_reason(tables: Tables, by: list[str]) -> ibis.Table:
    return _episode_rate(tables, by, _episode_days(tables))


METRICS = (
    Metric(
        "sickness_rate",
        "Sickness absence rate",
        "FTE days lost to sickness as a share of FTE days available, in calendar days.",
        "sum of FTE days lost / sum of FTE days available x 100",
        SOURCE,
        "percent",
        "down",
        "FTE days lost",
        "FTE days available",
        ORGANISATION_DIMENSIONS | {"staff_group"},
        sickness_rate,
        "Episodes are spread evenly over their days; staff groups come from the episode and "
        "from staff in post. In shared outputs, rates on 330 or fewer FTE days available are "
        "suppressed, as in the national publication.",
        counts_people=False,
        suppress_denominator_at_most=PUBLICATION_MINIMUM_DAYS,
        shared_rule="denominator",
    ),
    Metric(
        "sickness_rate_short_term",
        "Short-term sickness absence rate",
        "FTE days lost in episodes shorter than 28 calendar days, as a share of FTE days "
        "available.",
        "sum of FTE days lost in episodes of under 28 days / sum of FTE days available x 100",
        SOURCE,
        "percent",
        "down",
        "FTE days lost (short term)",
        "FTE days available",
        ORGANISATION_DIMENSIONS | {"staff_group"},
        _term_rate(long_term=False),
        EPISODES_ONLY,
        counts_people=False,
        suppress_denominator_at_most=PUBLICATION_MINIMUM_DAYS,
        shared_rule="denominator",
    ),
    Metric(
        "sickness_rate_long_term",
        "Long-term sickness absence rate",
        "FTE days lost in episodes of 28 calendar days or more, as a share of FTE days available.",
        "sum of FTE days lost in episodes of 28 days or more / sum of FTE days available x 100",
        SOURCE,
        "percent",
        "down",
        "FTE days lost (long term)",
        "FTE days available",
        ORGANISATION_DIMENSIONS | {"staff_group"},
        _term_rate(long_term=True),
        EPISODES_ONLY,
        counts_people=False,
        suppress_denominator_at_most=PUBLICATION_MINIMUM_DAYS,
        shared_rule="denominator",
    ),
    Metric(
        "sickness_rate_by_reason",
        "Sickness absence rate by reason",
        "FTE days lost to each absence reason as a share of all FTE days available, so the "
        "reasons add up to the overall rate.",
        "sum of FTE days lost to the reason / sum of FTE days available x 100",
        SOURCE,
        "percent",
        "down",
        "FTE days lost (reason)",
        "FTE days available",
        ORGANISATION_DIMENSIONS | {"staff_group", "absence_reason"},
        sickness_rate_by_reason,
        EPISODES_ONLY + " Split by `absence_reason`.",
        counts_people=False,
        suppress_denominator_at_most=PUBLICATION_MINIMUM_DAYS,
        shared_rule="denominator",
    ),
    Metric(
        "sickness_mental_health_share",
        "Sickness absence for anxiety, stress and depression",
        "Share of FTE days lost to sickness that were lost to anxiety, stress, depression and "
        "other psychiatric illnesses (reason S10), the largest single reason in the NHS.",
        "FTE days lost to S10 / all FTE days lost x 100",
        SOURCE,
        "percent",
        "down",
        "FTE days lost to S10",
        "FTE days lost",
        ORGANISATION_DIMENSIONS | {"staff_group"},
        mental_health_share,
        EPISODES_ONLY,
        counts_people=False,
        shared_rule="none",
    ),
)
