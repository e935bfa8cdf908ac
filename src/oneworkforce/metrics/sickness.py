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
from oneworkforce.metrics.workforce import SUBSTANTIVE

SOURCE = "NHS England, NHS Sickness Absence Rates: methodology (monthly publication)"
KEYS = ["org_code", "staff_group", "month_index"]


def _months(tables: Tables) -> ibis.Table:
    """Each month with staff in post, with its first and last day."""
    months = tables["staff_in_post"].select("month_index").distinct()
    first = ibis.date((months.month_index - 1) // 12, (months.month_index - 1) % 12 + 1, 1)
    months = months.mutate(first_day=first)
    return months.mutate(
        last_day=months.first_day + ibis.interval(months=1) - ibis.interval(days=1)
    )


def _from_episodes(tables: Tables) -> ibis.Table:
    months = _months(tables)
    # The warehouse's own month_index is the start month; each month an episode touches
    # comes from the join instead.
    episodes = tables["sickness_absence"].select(
        "org_code", "staff_group", "start_date", "end_date", "fte_days_lost"
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
    lost = spread.group_by(KEYS).aggregate(
        fte_days_lost=(spread.fte_days_lost * overlap / length).sum()
    )
    sip = tables["staff_in_post"].filter(tables["staff_in_post"].contract_type.isin(SUBSTANTIVE))
    sip = sip.join(months, "month_index")
    available = sip.group_by(KEYS).aggregate(
        fte_days_available=(sip.fte * sip.last_day.day()).sum()
    )
    # Only organisations that send episodes: their staff in post supplies the denominator.
    senders = tables["sickness_absence"].select("org_code").distinct()
    available = available.join(senders, "org_code", how="semi")
    joined = available.join(lost, KEYS, how="left")
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
        "from staff in post. The national publication suppresses organisation rows with 330 or "
        "fewer FTE days available.",
        counts_people=False,
    ),
)
