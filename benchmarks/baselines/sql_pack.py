"""Hand-written DuckDB SQL for every metric of the pack, as a competent analyst would write it.

Each function takes the dimensions (a subset of ``org`` and ``staff_group``) and returns one
SQL statement over the warehouse tables. The SQL is written for the question, not generated:
it reads only what the metric needs, uses ``count(DISTINCT ...) FILTER`` instead of
separate joins where that is the natural way to say it, and skips parts a metric does not
use. The definitions are the catalogue's (``oneworkforce.metrics``); the benchmark checks
the numbers agree.
"""

from __future__ import annotations

from collections.abc import Callable

from oneworkforce.metrics.training import CSTF_RENEWAL_MONTHS, SUBJECTS

SqlBaseline = Callable[[list[str]], str]

COLUMN = {"org": "org_code", "staff_group": "staff_group"}
SUBSTANTIVE = "('permanent', 'fixed_term')"
INTERNATIONAL = "('eu_eea', 'rest_of_world')"
KNOWN_ORIGIN = "('uk', 'eu_eea', 'rest_of_world')"
AFC_BANDS = (
    "('band_1', 'band_2', 'band_3', 'band_4', 'band_5', 'band_6', 'band_7', 'band_8a', "
    "'band_8b', 'band_8c', 'band_8d', 'band_9', 'vsm')"
)
BAND_5_AND_ABOVE = (
    "('band_5', 'band_6', 'band_7', 'band_8a', 'band_8b', 'band_8c', 'band_8d', 'band_9', 'vsm')"
)
AGED_55_PLUS = "('55_59', '60_64', '65_69', '70_plus')"
UNDER_35 = "('under_25', '25_29', '30_34')"
SCOPE = {"organisation": ["org_code"], "staff_group": ["staff_group"], "system": []}


def select(by: list[str], alias: str = "") -> str:
    """The dimension columns, named as the metric names them, with a trailing comma."""
    prefix = f"{alias}." if alias else ""
    return "".join(f"{prefix}{COLUMN[d]} AS {d}, " for d in by)


def keys(by: list[str], alias: str = "") -> str:
    """The dimension names (already selected under those names), with a trailing comma."""
    prefix = f"{alias}." if alias else ""
    return "".join(f"{prefix}{d}, " for d in by)


def total(source: str, by: list[str], value: str) -> str:
    return (
        f"SELECT {keys(by)}month_index, {value}::DOUBLE AS numerator, NULL::DOUBLE AS "
        f"denominator, {value}::DOUBLE AS value FROM ({source}) ORDER BY {keys(by)}month_index"
    )


def ratio(source: str, by: list[str], numerator: str, denominator: str) -> str:
    return (
        f"SELECT {keys(by)}month_index, {numerator}::DOUBLE AS numerator, "
        f"{denominator}::DOUBLE AS denominator, CASE WHEN {denominator} > 0 THEN "
        f"{numerator} / {denominator} * 100 END AS value FROM ({source}) "
        f"ORDER BY {keys(by)}month_index"
    )


def month_of(date: str) -> str:
    return f"(year({date}) * 12 + month({date}))"


# -- staff in post, establishment, vacancies -----------------------------------------------


def headcount(by: list[str]) -> str:
    source = (
        f"SELECT {select(by)}month_index, count(DISTINCT person_id) AS n "
        "FROM staff_in_post GROUP BY ALL"
    )
    return total(source, by, "n")


def fte(by: list[str]) -> str:
    source = f"SELECT {select(by)}month_index, sum(fte) AS n FROM staff_in_post GROUP BY ALL"
    return total(source, by, "n")


def staff_in_post(by: list[str]) -> str:
    source = (
        f"SELECT {select(by)}month_index, count(DISTINCT person_id) AS n FROM staff_in_post "
        f"WHERE contract_type IN {SUBSTANTIVE} GROUP BY ALL"
    )
    return total(source, by, "n")


def staff_in_post_fte(by: list[str]) -> str:
    source = (
        f"SELECT {select(by)}month_index, sum(fte) AS n FROM staff_in_post "
        f"WHERE contract_type IN {SUBSTANTIVE} GROUP BY ALL"
    )
    return total(source, by, "n")


def establishment(by: list[str]) -> str:
    source = (
        f"SELECT {select(by)}month_index, sum(budgeted_fte) AS n FROM establishment GROUP BY ALL"
    )
    return total(source, by, "n")


def _vacancy_source(by: list[str]) -> str:
    return f"""
        WITH est AS (
            SELECT {select(by)}month_index, sum(budgeted_fte) AS establishment
            FROM establishment GROUP BY ALL
        ), staff AS (
            SELECT {select(by)}month_index, sum(fte) AS in_post
            FROM staff_in_post WHERE contract_type IN {SUBSTANTIVE} GROUP BY ALL
        )
        SELECT {keys(by)}month_index, coalesce(establishment, 0) AS establishment,
            coalesce(in_post, 0) AS in_post
        FROM est FULL OUTER JOIN staff USING ({keys(by)}month_index)"""


def vacancies(by: list[str]) -> str:
    return total(_vacancy_source(by), by, "establishment - in_post")


def vacancy_rate(by: list[str]) -> str:
    return ratio(_vacancy_source(by), by, "(establishment - in_post)", "establishment")


def fill_rate(by: list[str]) -> str:
    return ratio(_vacancy_source(by), by, "in_post", "establishment")


# -- leavers, stability, joiners -------------------------------------------------------------


def _flows(by: list[str], scope: str, with_end: bool) -> str:
    """People at the start of each 12 months and whether each is still there (in the scope)
    at the end, for organisations with snapshots at both ends; the headcount at the end only
    when the metric needs it."""
    key = SCOPE[scope]
    on = "".join(f" AND p.{k} = s.{k}" for k in key)
    present = ", ".join(["person_id", *key, "month_index"])
    flows = f"""
        SELECT {select(by, "s")}s.month_index + 12 AS month_index,
            count(DISTINCT s.person_id) AS at_start,
            count(DISTINCT s.person_id) FILTER (WHERE p.person_id IS NULL) AS leavers,
            count(DISTINCT s.person_id) FILTER (WHERE p.person_id IS NOT NULL) AS stayers
        FROM staff_in_post s
        JOIN snapshots e ON e.org_code = s.org_code AND e.month_index = s.month_index + 12
        LEFT JOIN (SELECT DISTINCT {present} FROM staff_in_post) p
            ON p.person_id = s.person_id AND p.month_index = s.month_index + 12{on}
        GROUP BY ALL"""
    snapshots = "snapshots AS (SELECT DISTINCT org_code, month_index FROM staff_in_post)"
    if not with_end:
        return f"WITH {snapshots} {flows}"
    return f"""
        WITH {snapshots}, flows AS ({flows}), ends AS (
            SELECT {select(by, "s")}s.month_index, count(DISTINCT s.person_id) AS at_end
            FROM staff_in_post s
            JOIN snapshots b ON b.org_code = s.org_code AND b.month_index = s.month_index - 12
            GROUP BY ALL
        )
        SELECT flows.*, coalesce(ends.at_end, 0) AS at_end
        FROM flows LEFT JOIN ends USING ({keys(by)}month_index)"""


def _leaver_rate(scope: str) -> SqlBaseline:
    def sql(by: list[str]) -> str:
        mean = "((at_start + at_end) / 2)"
        return ratio(_flows(by, scope, with_end=True), by, "leavers", mean)

    return sql


def _stability(scope: str) -> SqlBaseline:
    def sql(by: list[str]) -> str:
        return ratio(_flows(by, scope, with_end=False), by, "stayers", "at_start")

    return sql


def _leavers(scope: str) -> SqlBaseline:
    def sql(by: list[str]) -> str:
        return total(_flows(by, scope, with_end=False), by, "leavers")

    return sql


def _joiners(scope: str) -> SqlBaseline:
    """People in post who were not in post (in the scope) 12 months earlier, in
    organisations whose snapshot 12 months earlier exists."""

    def sql(by: list[str]) -> str:
        key = SCOPE[scope]
        on = "".join(f" AND p.{k} = s.{k}" for k in key)
        present = ", ".join(["person_id", *key, "month_index"])
        source = f"""
            SELECT {select(by, "s")}s.month_index,
                count(DISTINCT s.person_id) FILTER (WHERE p.person_id IS NULL) AS joiners
            FROM staff_in_post s
            JOIN (SELECT DISTINCT org_code, month_index FROM staff_in_post) b
                ON b.org_code = s.org_code AND b.month_index = s.month_index - 12
            LEFT JOIN (SELECT DISTINCT {present} FROM staff_in_post) p
                ON p.person_id = s.person_id AND p.month_index = s.month_index - 12{on}
            GROUP BY ALL"""
        return total(source, by, "joiners")

    return sql


# -- profile ---------------------------------------------------------------------------------


def participation_rate(by: list[str]) -> str:
    source = f"""
        SELECT {select(by)}month_index, sum(fte) AS n, count(DISTINCT person_id) AS d
        FROM staff_in_post WHERE contract_type IN {SUBSTANTIVE} GROUP BY ALL"""
    return ratio(source, by, "n", "d")


def skill_mix(by: list[str]) -> str:
    source = f"""
        SELECT {select(by)}month_index,
            sum(fte) FILTER (WHERE band IN {BAND_5_AND_ABOVE}) AS n, sum(fte) AS d
        FROM staff_in_post WHERE band IN {AFC_BANDS} AND staff_group <> 'medical'
        GROUP BY ALL"""
    return ratio(source, by, "n", "d")


def _age_share(bands: str) -> SqlBaseline:
    def sql(by: list[str]) -> str:
        source = f"""
            SELECT {select(by)}month_index,
                count(DISTINCT person_id) FILTER (WHERE age_band_at_snapshot IN {bands}) AS n,
                count(DISTINCT person_id) AS d
            FROM staff_in_post GROUP BY ALL"""
        return ratio(source, by, "n", "d")

    return sql


def length_of_service(by: list[str]) -> str:
    source = f"""
        SELECT {keys(by)}month_index, sum(months / 12) AS years, count(person_id) AS people
        FROM (
            SELECT {select(by)}month_index, person_id,
                max(month_index - {month_of("start_date")}) AS months
            FROM staff_in_post GROUP BY ALL
        ) GROUP BY ALL"""
    return (
        f"SELECT {keys(by)}month_index, years AS numerator, people::DOUBLE AS denominator, "
        f"CASE WHEN people > 0 THEN years / people END AS value FROM ({source}) "
        f"ORDER BY {keys(by)}month_index"
    )


# -- sickness absence ------------------------------------------------------------------------

SICKNESS_CTES = f"""
    months AS (
        SELECT month_index, first_day, last_day(first_day) AS last_day
        FROM (
            SELECT DISTINCT month_index,
                make_date((month_index - 1) // 12, (month_index - 1) % 12 + 1, 1) AS first_day
            FROM staff_in_post
        )
    ),
    episodes AS (
        SELECT org_code, staff_group, reason, start_date, fte_days_lost,
            coalesce(end_date, (SELECT max(last_day) FROM months)) AS until
        FROM sickness_absence
    ),
    episode_days AS (
        -- each episode's days lost spread evenly over the months it touches
        SELECT e.org_code, e.staff_group, m.month_index, e.reason,
            date_diff('day', e.start_date, e.until) + 1 >= 28 AS long_term,
            e.fte_days_lost
                * (date_diff('day', greatest(e.start_date, m.first_day),
                             least(e.until, m.last_day)) + 1)
                / (date_diff('day', e.start_date, e.until) + 1) AS lost
        FROM episodes e JOIN months m ON m.first_day <= e.until AND m.last_day >= e.start_date
    ),
    available AS (
        -- FTE days available, for organisations that send episodes
        SELECT s.org_code, s.staff_group, s.month_index,
            sum(s.fte * day(m.last_day)) AS available
        FROM staff_in_post s JOIN months m USING (month_index)
        WHERE s.contract_type IN {SUBSTANTIVE}
            AND s.org_code IN (SELECT DISTINCT org_code FROM sickness_absence)
        GROUP BY ALL
    )"""


def sickness_rate(by: list[str]) -> str:
    source = f"""
        WITH {SICKNESS_CTES},
        from_episodes AS (
            SELECT a.org_code, a.staff_group, a.month_index,
                coalesce(l.lost, 0) AS lost, a.available
            FROM available a
            LEFT JOIN (SELECT org_code, staff_group, month_index, sum(lost) AS lost
                       FROM episode_days GROUP BY ALL) l
                USING (org_code, staff_group, month_index)
            -- aggregate returns win for the months an organisation sent them
            WHERE NOT EXISTS (SELECT 1 FROM sickness_absence_aggregate g
                              WHERE g.org_code = a.org_code AND g.month_index = a.month_index)
        ),
        combined AS (
            SELECT org_code, staff_group, month_index, fte_days_lost AS lost,
                fte_days_available AS available
            FROM sickness_absence_aggregate
            UNION ALL
            SELECT * FROM from_episodes
        )
        SELECT {select(by)}month_index, sum(lost) AS lost, sum(available) AS available
        FROM combined GROUP BY ALL"""
    return ratio(source, by, "lost", "available")


def _episode_rate(condition: str) -> SqlBaseline:
    """Days lost in the episodes meeting ``condition`` over all FTE days available."""

    def sql(by: list[str]) -> str:
        source = f"""
            WITH {SICKNESS_CTES},
            lost AS (
                SELECT {select(by)}month_index, sum(lost) AS lost
                FROM episode_days WHERE {condition} GROUP BY ALL
            ),
            days AS (
                SELECT {select(by)}month_index, sum(available) AS available
                FROM available GROUP BY ALL
            )
            SELECT {keys(by)}month_index, coalesce(lost, 0) AS lost, available
            FROM days LEFT JOIN lost USING ({keys(by)}month_index)"""
        return ratio(source, by, "lost", "available")

    return sql


# -- bank and agency -------------------------------------------------------------------------


def _temporary_total(column: str, kind: str) -> SqlBaseline:
    def sql(by: list[str]) -> str:
        source = (
            f"SELECT {select(by)}month_index, sum({column}) AS n FROM temporary_staffing "
            f"WHERE staffing_type = '{kind}' GROUP BY ALL"
        )
        return total(source, by, "n")

    return sql


def _temporary_fte(kind: str) -> SqlBaseline:
    def sql(by: list[str]) -> str:
        days = "day(last_day(make_date((month_index - 1) // 12, (month_index - 1) % 12 + 1, 1)))"
        source = (
            f"SELECT {select(by)}month_index, sum(hours) AS hours FROM temporary_staffing "
            f"WHERE staffing_type = '{kind}' GROUP BY ALL"
        )
        return total(source, by, f"(hours / (37.5 * {days} / 7))")

    return sql


def temporary_staffing_pay_bill_share(by: list[str]) -> str:
    source = f"""
        WITH bill AS (
            SELECT {select(by)}month_index, sum(substantive_cost) AS substantive
            FROM pay_bill GROUP BY ALL
        ), temp AS (
            SELECT {select(by)}month_index, sum(cost) AS temporary
            FROM temporary_staffing GROUP BY ALL
        )
        SELECT {keys(by)}month_index, substantive, coalesce(temporary, 0) AS temporary
        FROM bill LEFT JOIN temp USING ({keys(by)}month_index)"""
    return ratio(source, by, "temporary", "(substantive + temporary)")


# -- training --------------------------------------------------------------------------------


def training_compliance(by: list[str]) -> str:
    """Subjects held per person and month, from each completion's months of validity."""
    defaults = ", ".join(f"('{s}', '{lv}', {m})" for (s, lv), m in CSTF_RENEWAL_MONTHS.items())
    subjects = ", ".join(f"'{s}'" for s in SUBJECTS)
    source = f"""
        WITH defaults(subject, level_key, months) AS (VALUES {defaults}),
        renewal AS (
            SELECT org_code, subject, coalesce(level, '') AS level_key, renewal_months
            FROM training_renewal
        ),
        valid AS (
            SELECT t.person_id, t.subject, {month_of("t.completed_date")} AS valid_from,
                coalesce(
                    {month_of("t.expiry_date")},
                    {month_of("t.completed_date")} + coalesce(
                        own_exact.renewal_months, own_any.renewal_months,
                        default_exact.months, default_any.months)
                ) AS valid_until
            FROM training t
            LEFT JOIN renewal own_exact ON own_exact.org_code = t.org_code
                AND own_exact.subject = t.subject
                AND own_exact.level_key = coalesce(t.level, '')
            LEFT JOIN renewal own_any ON own_any.org_code = t.org_code
                AND own_any.subject = t.subject AND own_any.level_key = ''
            LEFT JOIN defaults default_exact ON default_exact.subject = t.subject
                AND default_exact.level_key = coalesce(t.level, '')
            LEFT JOIN defaults default_any ON default_any.subject = t.subject
                AND default_any.level_key = ''
            WHERE t.subject IN ({subjects})
        ),
        people AS (
            SELECT DISTINCT {select(by)}person_id, month_index
            FROM staff_in_post WHERE contract_type IN {SUBSTANTIVE}
        ),
        valid_months AS (
            -- each completion expanded to the months it is valid at the month end, within
            -- the months with staff in post; then subjects held per person and month
            SELECT person_id, month_index, count(DISTINCT subject) AS subjects
            FROM (
                SELECT person_id, subject, unnest(range(greatest(valid_from, first),
                                                        least(valid_until, last + 1))) AS month_index
                FROM valid, (SELECT min(month_index) AS first, max(month_index) AS last FROM people)
                WHERE valid_until > first AND valid_from <= last
            )
            GROUP BY ALL
        )
        SELECT {keys(by)}month_index, count(*) * {len(SUBJECTS)} AS required,
            coalesce(sum(v.subjects), 0) AS compliant
        FROM people LEFT JOIN valid_months v USING (person_id, month_index)
        GROUP BY ALL"""
    return ratio(source, by, "compliant", "required")


# -- supply ----------------------------------------------------------------------------------


def international_recruits_share(by: list[str]) -> str:
    source = f"""
        SELECT {select(by)}month_index,
            count(DISTINCT person_id) FILTER (WHERE qualification_country_group IN {INTERNATIONAL})
                AS recruits,
            count(DISTINCT person_id) AS people
        FROM staff_in_post WHERE qualification_country_group IN {KNOWN_ORIGIN}
        GROUP BY ALL"""
    return ratio(source, by, "recruits", "people")


def _retention(years: int) -> SqlBaseline:
    """Newly qualified, locally trained joiners still in post ``years`` later."""

    def sql(by: list[str]) -> str:
        later = 12 * years
        source = f"""
            WITH substantive AS (
                SELECT * FROM staff_in_post WHERE contract_type IN {SUBSTANTIVE}
            ),
            locally AS (
                SELECT *, min(month_index) OVER (PARTITION BY person_id) AS first_month
                FROM substantive WHERE trained_locally AND qualified_date IS NOT NULL
            ),
            cohort AS (
                SELECT * FROM locally
                WHERE month_index = first_month
                    AND first_month > (SELECT min(month_index) FROM substantive)
                    AND month_index - {month_of("qualified_date")} BETWEEN 0 AND 12
                    AND month_index + {later} IN (SELECT DISTINCT month_index FROM substantive)
            ),
            in_post AS (SELECT DISTINCT person_id, month_index FROM substantive)
            SELECT {select(by, "c")}c.month_index + {later} AS month_index,
                count(DISTINCT c.person_id) AS n,
                count(DISTINCT c.person_id) FILTER (WHERE p.person_id IS NOT NULL) AS kept
            FROM cohort c LEFT JOIN in_post p
                ON p.person_id = c.person_id AND p.month_index = c.month_index + {later}
            GROUP BY ALL"""
        return ratio(source, by, "kept", "n")

    return sql


SQL: dict[str, SqlBaseline] = {
    "headcount": headcount,
    "fte": fte,
    "staff_in_post": staff_in_post,
    "staff_in_post_fte": staff_in_post_fte,
    "establishment": establishment,
    "vacancies": vacancies,
    "vacancy_rate": vacancy_rate,
    "fill_rate": fill_rate,
    **{f"leaver_rate_{s}": _leaver_rate(s) for s in SCOPE},
    **{f"stability_{s}": _stability(s) for s in SCOPE},
    **{f"leavers_{s}": _leavers(s) for s in SCOPE},
    **{f"joiners_{s}": _joiners(s) for s in SCOPE},
    "participation_rate": participation_rate,
    "skill_mix": skill_mix,
    "aged_55_plus": _age_share(AGED_55_PLUS),
    "aged_under_35": _age_share(UNDER_35),
    "length_of_service": length_of_service,
    "sickness_rate": sickness_rate,
    "sickness_rate_short_term": _episode_rate("NOT long_term"),
    "sickness_rate_long_term": _episode_rate("long_term"),
    "sickness_rate_by_reason": _episode_rate("true"),
    **{
        f"{kind}_{col}": _temporary_total(col, kind)
        for kind in ("bank", "agency")
        for col in ("hours", "cost")
    },
    "bank_fte": _temporary_fte("bank"),
    "agency_fte": _temporary_fte("agency"),
    "temporary_staffing_pay_bill_share": temporary_staffing_pay_bill_share,
    "training_compliance": training_compliance,
    "international_recruits_share": international_recruits_share,
    "local_retention_1y": _retention(1),
    "local_retention_2y": _retention(2),
}
