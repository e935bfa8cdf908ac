"""The synthetic ICS looks like a real one: each figure falls in the range documented in
docs/synthetic-data.md (the ranges are read from that table, so the two cannot disagree).

Figures are computed from the written files, as an analyst would, on 4,000 staff over 24
months: small enough to be quick, large enough for the ranges to hold for any seed.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "synthetic-data.md"
SIP = "(SELECT * FROM staff_in_post WHERE contract_type <> 'bank')"


def documented_ranges() -> dict[str, tuple[float, float]]:
    """`key` -> (low, high) from the calibration table of the documentation."""
    out = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`(\w+)`\s*\|\s*([\d.]+)\s*[–-]\s*([\d.]+)", line)
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return out


RANGES = documented_ranges()


def in_range(key: str, value: float) -> None:
    low, high = RANGES[key]
    assert low <= value <= high, f"{key} = {value:.3f}, documented range {low}-{high}"


def one(db, sql: str) -> float:
    return db.execute(sql).fetchone()[0]


def leaver_rate(db, where: str = "TRUE") -> float:
    """Organisation leaver rate over the last 12 months (headcount, NHS England method)."""
    sql = f"""
        WITH s AS (SELECT DISTINCT org_code, person_id, snapshot_date FROM {SIP} WHERE {where}),
        last AS (SELECT max(snapshot_date) AS d FROM staff_in_post),
        a AS (SELECT org_code, person_id FROM s, last
              WHERE snapshot_date = last_day(d - INTERVAL 12 MONTH)),
        b AS (SELECT org_code, person_id FROM s, last WHERE snapshot_date = d)
        SELECT 100 * (SELECT count(*) FROM (SELECT * FROM a EXCEPT SELECT * FROM b))
               / ((SELECT count(*) FROM a) + (SELECT count(*) FROM b)) * 2
    """
    return one(db, sql)


def test_every_documented_figure_is_tested():
    tested = {
        "turnover",
        "turnover_nursing",
        "turnover_consultants",
        "turnover_social_care_direct",
        "sickness_rate",
        "sickness_s10_share",
        "vacancy_rate",
        "vacancy_rate_nursing",
        "vacancy_rate_medical",
        "bme_share",
        "aged_55_plus",
        "female",
        "disabled",
        "fte_per_head_nursing",
        "training_compliance",
        "wres_2",
        "wdes_2",
        "wres_3",
        "wres_4",
        "gender_pay_gap",
        "consultants_with_bonus",
        "agency_premium",
        "survey_theme",
        "population_millions",
    }
    assert tested <= set(RANGES), sorted(tested - set(RANGES))


def test_turnover(db):
    in_range("turnover", leaver_rate(db))
    in_range("turnover_nursing", leaver_rate(db, "staff_group = 'nursing'"))
    in_range("turnover_consultants", leaver_rate(db, "band = 'consultant'"))
    in_range("turnover_social_care_direct", leaver_rate(db, "staff_group = 'social_care_direct'"))


def test_sickness_rate_and_winter(db):
    """Days lost in each month (episodes apportioned) over FTE days available, trusts only."""
    db.execute(f"""
        CREATE OR REPLACE TEMP TABLE sick_month AS
        WITH window_ AS (SELECT min(snapshot_date) - INTERVAL 1 MONTH + INTERVAL 1 DAY AS lo,
                                max(snapshot_date) AS hi FROM staff_in_post),
        e AS (SELECT org_code, start_date AS s, coalesce(end_date, hi) AS e,
                     fte_days_lost / (date_diff('day', start_date, coalesce(end_date, hi)) + 1)
                       AS per_day FROM sickness_absence, window_),
        d AS (SELECT org_code, unnest(generate_series(s, e, INTERVAL 1 DAY)) AS day, per_day
              FROM e),
        lost AS (SELECT org_code, date_trunc('month', day) AS m, sum(per_day) AS lost FROM d, window_
                 WHERE day >= lo GROUP BY ALL),
        avail AS (SELECT org_code, date_trunc('month', snapshot_date) AS m,
                         sum(fte * day(snapshot_date)) AS avail FROM {SIP}
                  WHERE org_code IN (SELECT DISTINCT org_code FROM sickness_absence) GROUP BY ALL)
        SELECT m, sum(lost) AS lost, sum(avail) AS avail FROM avail JOIN lost USING (org_code, m)
        GROUP BY m
    """)
    in_range("sickness_rate", one(db, "SELECT 100 * sum(lost) / sum(avail) FROM sick_month"))
    winter = one(db, "SELECT sum(lost) / sum(avail) FROM sick_month WHERE month(m) IN (12, 1, 2)")
    summer = one(db, "SELECT sum(lost) / sum(avail) FROM sick_month WHERE month(m) IN (6, 7, 8)")
    assert winter > summer * 1.08
    share = one(
        db,
        "SELECT 100 * sum(fte_days_lost) FILTER (WHERE reason = 'S10') "
        "/ sum(fte_days_lost) FROM sickness_absence",
    )
    in_range("sickness_s10_share", share)


def test_vacancy_rates(db):
    def rate(where: str) -> float:
        return one(
            db,
            f"""
            WITH e AS (SELECT staff_group, sum(budgeted_fte) AS est FROM establishment
                       WHERE {where} GROUP BY ALL),
            s AS (SELECT staff_group, sum(fte) AS sip FROM {SIP} WHERE {where} GROUP BY ALL)
            SELECT 100 * (1 - sum(sip) / sum(est)) FROM e JOIN s USING (staff_group)""",
        )

    overall = rate("TRUE")
    in_range("vacancy_rate", overall)
    in_range("vacancy_rate_nursing", rate("staff_group = 'nursing'"))
    in_range("vacancy_rate_medical", rate("staff_group = 'medical'"))
    assert rate("staff_group = 'nursing'") > overall > rate("staff_group = 'medical'")


def test_workforce_profile(db):
    """Distinct people in post at the last snapshot (a person in two partners counts once)."""
    db.execute(f"""
        CREATE OR REPLACE TEMP TABLE people_now AS
        SELECT person_id, any_value(ethnic_category) AS ethnic, any_value(gender) AS gender,
               any_value(disability) AS disability,
               any_value(coalesce(date_part('year', age(snapshot_date, date_of_birth)) >= 55,
                                  age_band IN ('55_59', '60_64', '65_69', '70_plus'))) AS older
        FROM {SIP} WHERE snapshot_date = (SELECT max(snapshot_date) FROM staff_in_post)
        GROUP BY person_id
    """)
    bme = one(
        db,
        "SELECT 100 * count(*) FILTER (WHERE ethnic NOT IN ('A','B','C','Z','99')) "
        "/ count(*) FILTER (WHERE ethnic NOT IN ('Z', '99')) FROM people_now",
    )
    in_range("bme_share", bme)
    in_range("aged_55_plus", one(db, "SELECT 100 * avg(older::INT) FROM people_now"))
    in_range("female", one(db, "SELECT 100 * avg((gender = '2')::INT) FROM people_now"))
    in_range("disabled", one(db, "SELECT 100 * avg((disability = 'yes')::INT) FROM people_now"))
    fte = one(
        db,
        f"SELECT sum(fte) / count(DISTINCT person_id) FROM {SIP} "
        "WHERE staff_group = 'nursing' AND snapshot_date = "
        "(SELECT max(snapshot_date) FROM staff_in_post)",
    )
    in_range("fte_per_head_nursing", fte)


def test_training_compliance(db):
    from oneworkforce.synth.demography import GROUPS
    from oneworkforce.synth.training import requirements

    req = [(g, s, lv or "") for g in GROUPS for s, lv, _, _ in requirements(g)]
    db.execute(
        "CREATE OR REPLACE TEMP TABLE req (staff_group VARCHAR, subject VARCHAR, level VARCHAR)"
    )
    db.executemany("INSERT INTO req VALUES (?, ?, ?)", req)
    value = one(
        db,
        """
        WITH last AS (SELECT max(snapshot_date) AS d FROM staff_in_post),
        p AS (SELECT org_code, person_id, staff_group FROM staff_in_post, last
              WHERE snapshot_date = d AND contract_type <> 'bank'
                AND staff_group IN (SELECT staff_group FROM req)),
        need AS (SELECT * FROM p JOIN req USING (staff_group)),
        ok AS (SELECT org_code, person_id, subject, coalesce(level, '') AS level
               FROM training, last WHERE expiry_date >= d)
        SELECT 100 * count(ok.person_id) / count(*) FROM need LEFT JOIN ok
        USING (org_code, person_id, subject, level)""",
    )
    in_range("training_compliance", value)


def test_wres_and_wdes_appointment_ratios(db):
    def ratio(first: str, second: str) -> float:
        return one(
            db,
            f"""
            WITH s AS (SELECT * FROM recruitment WHERE stage IN ('shortlisted', 'appointed'))
            SELECT (count(*) FILTER (WHERE {first} AND stage = 'appointed')
                    / count(*) FILTER (WHERE {first}))
                 / (count(*) FILTER (WHERE {second} AND stage = 'appointed')
                    / count(*) FILTER (WHERE {second})) FROM s""",
        )

    white = "ethnic_category IN ('A', 'B', 'C')"
    bme = "ethnic_category NOT IN ('A', 'B', 'C', 'Z', '99')"
    in_range("wres_2", ratio(white, bme))
    in_range("wdes_2", ratio("disability = 'no'", "disability = 'yes'"))


def _likelihood(db, events: str, window: str) -> float:
    """(BME rate) / (White rate) of people in ``events`` (person_id, org_code, month) among
    permanent and fixed-term staff in post in the event's month, trusts, over the window."""
    sql = f"""
        WITH staff AS (
            SELECT DISTINCT org_code, person_id, date_trunc('month', snapshot_date) AS month,
                   CASE WHEN ethnic_category IN ('A', 'B', 'C') THEN 'white'
                        WHEN ethnic_category IN ('Z', '99') THEN NULL ELSE 'bme' END AS grp
            FROM {SIP}
            WHERE org_code IN (SELECT DISTINCT org_code FROM employee_relations)),
        last AS (SELECT max(month) AS m FROM staff),
        e AS (SELECT DISTINCT e.org_code, e.person_id, s.grp FROM ({events}) e
              JOIN staff s USING (org_code, person_id, month), last
              WHERE e.month > last.m - INTERVAL {window}),
        n AS (SELECT grp, count(DISTINCT (org_code, person_id)) AS people FROM staff, last
              WHERE month > last.m - INTERVAL {window} GROUP BY grp),
        k AS (SELECT grp, count(*) AS events FROM e GROUP BY grp)
        SELECT (max(events / people) FILTER (WHERE grp = 'bme'))
             / (max(events / people) FILTER (WHERE grp = 'white')) FROM n JOIN k USING (grp)"""
    return one(db, sql)


def test_disciplinary_cases_over_represent_bme_staff(db):
    cases = """SELECT org_code, person_id, date_trunc('month', start_date) AS month
               FROM employee_relations
               WHERE process = 'disciplinary' AND stage <> 'informal'"""
    in_range("wres_3", _likelihood(db, cases, "24 MONTH"))
    assert one(db, "SELECT count(*) FROM employee_relations WHERE process = 'capability'") > 0
    reasons = one(db, "SELECT count(DISTINCT capability_reason) FROM employee_relations")
    assert reasons == 2  # performance and ill health


def test_white_staff_access_cpd_a_little_more_often(db):
    cpd = """SELECT org_code, person_id, date_trunc('month', activity_date) AS month FROM cpd"""
    in_range("wres_4", 1 / _likelihood(db, cpd, "12 MONTH"))


def test_boards_are_less_diverse_than_the_workforce(db):
    share = one(
        db,
        """SELECT 100 * count(*) FILTER (WHERE ethnic_category NOT IN ('A', 'B', 'C', 'Z', '99'))
                  / count(*) FILTER (WHERE ethnic_category NOT IN ('Z', '99'))
           FROM board_members WHERE voting""",
    )
    assert 3 < share < RANGES["bme_share"][0]
    seats = db.execute(
        "SELECT count(*) FROM board_members GROUP BY org_code, snapshot_date"
    ).fetchall()
    assert {n for (n,) in seats} == {14}


def test_gender_pay_gap_and_bonus(db):
    gap = one(
        db,
        """
        WITH p AS (SELECT * FROM pay WHERE snapshot_date = (SELECT max(snapshot_date) FROM pay)
                   AND coalesce(full_pay_relevant, TRUE))
        SELECT 100 * (avg(hourly_pay) FILTER (WHERE gender = '1')
                      - avg(hourly_pay) FILTER (WHERE gender = '2'))
               / avg(hourly_pay) FILTER (WHERE gender = '1') FROM p""",
    )
    in_range("gender_pay_gap", gap)
    bonus = one(
        db, "SELECT 100 * avg((coalesce(bonus_pay, 0) > 0)::INT) FROM pay WHERE band = 'consultant'"
    )
    in_range("consultants_with_bonus", bonus)
    assert one(db, "SELECT count(*) FROM pay WHERE band <> 'consultant' AND bonus_pay > 0") == 0


def test_agency_costs_more_than_bank(db):
    rows = db.execute("""
        SELECT staff_group, sum(cost) FILTER (WHERE staffing_type = 'agency')
                             / sum(hours) FILTER (WHERE staffing_type = 'agency')
                           / (sum(cost) FILTER (WHERE staffing_type = 'bank')
                             / sum(hours) FILTER (WHERE staffing_type = 'bank'))
        FROM temporary_staffing GROUP BY ALL HAVING count(DISTINCT staffing_type) = 2""").fetchall()
    assert rows
    for _, premium in rows:
        in_range("agency_premium", premium)


def test_staff_survey(db):
    low, high = (
        one(db, "SELECT min(score) FROM staff_survey WHERE item_type = 'theme'"),
        one(db, "SELECT max(score) FROM staff_survey WHERE item_type = 'theme'"),
    )
    in_range("survey_theme", low)
    in_range("survey_theme", high)
    gap = one(
        db,
        """SELECT avg(score) FILTER (WHERE group_value = 'BME')
                          - avg(score) FILTER (WHERE group_value = 'White')
                     FROM staff_survey WHERE item_code = 'q16b'""",
    )
    assert gap > 5  # BME staff report more discrimination (WRES indicator 8)


def test_population(db):
    total = one(
        db, "SELECT sum(population) FROM population WHERE year = (SELECT min(year) FROM population)"
    )
    in_range("population_millions", total / 1e6)
    older = db.execute("""SELECT year, sum(population) FILTER (WHERE age_band IN
                          ('65_69','70_74','75_79','80_84','85_plus')) / sum(population)
                          FROM population GROUP BY year ORDER BY year""").fetchall()
    assert older[-1][1] > older[0][1]  # an ageing population


def test_international_recruitment_rises(db):
    """More nurses and care workers join from abroad in the second half of the window."""
    first, second = db.execute(f"""
        WITH w AS (SELECT min(snapshot_date) AS lo, max(snapshot_date) AS hi FROM staff_in_post),
        j AS (SELECT person_id, org_code, min(start_date) AS start,
                     any_value(nationality_group) AS nat FROM {SIP}
              WHERE staff_group IN ('nursing', 'social_care_direct') GROUP BY ALL)
        SELECT avg((nat = 'rest_of_world')::INT) FILTER (WHERE start < lo + CAST((hi - lo) // 2 AS INTEGER)),
               avg((nat = 'rest_of_world')::INT) FILTER (WHERE start >= lo + CAST((hi - lo) // 2 AS INTEGER))
        FROM j, w WHERE start >= lo AND nat IS NOT NULL""").fetchone()
    assert second > first


def test_apprentices_are_a_minority_of_support_staff_at_bands_2_to_4(db):
    """Apprenticeships are healthcare support roles at bands 2 to 4, about one post in eight."""
    outside = one(
        db,
        f"""SELECT count(*) FROM {SIP} WHERE apprenticeship
            AND (staff_group <> 'support_clinical' OR band NOT IN ('band_2', 'band_3', 'band_4'))""",
    )
    assert outside == 0
    share = one(
        db,
        f"""SELECT avg(CASE WHEN apprenticeship THEN 1.0 ELSE 0.0 END) FROM {SIP}
            WHERE staff_group = 'support_clinical' AND band IN ('band_2', 'band_3', 'band_4')""",
    )
    assert 0.05 <= share <= 0.2
