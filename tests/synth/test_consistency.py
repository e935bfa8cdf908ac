"""The extracts tell one story: leavers, moves, bank posts, totals and pay agree with staff in
post, as they would if they came from one system."""

from __future__ import annotations

SUB = "(SELECT * FROM staff_in_post WHERE contract_type <> 'bank')"


def one(db, sql: str):
    return db.execute(sql).fetchone()[0]


def test_leavers_leave_staff_in_post(db):
    """Nobody is in post after leaving; nearly everyone was in post at the month end before."""
    after = one(
        db,
        """SELECT count(*) FROM leavers l JOIN staff_in_post s
                       USING (org_code, assignment_id) WHERE s.snapshot_date > l.leaving_date""",
    )
    assert after == 0
    seen = one(
        db,
        """
        SELECT avg((s.assignment_id IS NOT NULL)::INT) FROM leavers l
        LEFT JOIN (SELECT org_code, assignment_id, max(snapshot_date) AS last FROM staff_in_post
                   GROUP BY ALL) s USING (org_code, assignment_id)
        WHERE l.leaving_date > (SELECT min(snapshot_date) FROM staff_in_post) + 31""",
    )
    assert seen > 0.97


def test_moves_inside_the_ics_follow_the_person(db):
    dests = db.execute("""
        SELECT l.destination, o.sector, count(*) FROM leavers l
        JOIN organisations o ON o.org_code = l.destination_org_code GROUP BY ALL""").fetchall()
    expected = {
        "acute": "nhs_organisation",
        "community": "nhs_organisation",
        "mental_health": "nhs_organisation",
        "ambulance": "nhs_organisation",
        "primary_care": "primary_care",
        "social_care": "social_care",
        "local_authority": "social_care",
        "vcse": "other_sector",
    }
    assert dests and all(expected[sector] == dest for dest, sector, _ in dests)
    followed = one(
        db,
        f"""
        SELECT avg((s.person_id IS NOT NULL)::INT) FROM leavers l
        LEFT JOIN (SELECT DISTINCT person_id, org_code, start_date FROM {SUB}) s
          ON s.person_id = l.person_id AND s.org_code = l.destination_org_code
         AND s.start_date BETWEEN l.leaving_date + 1 AND l.leaving_date + 31
        WHERE l.destination_org_code IS NOT NULL
          AND l.leaving_date < (SELECT max(snapshot_date) FROM staff_in_post) - 62""",
    )
    assert followed > 0.95


def test_person_ids_are_system_wide(db):
    """Some people hold posts with two partners at once (a bank post), others move."""
    both = one(
        db,
        """SELECT count(*) FROM (SELECT person_id, snapshot_date FROM staff_in_post
                      GROUP BY ALL HAVING count(DISTINCT org_code) > 1)""",
    )
    moved = one(
        db,
        f"""SELECT count(*) FROM (SELECT person_id FROM {SUB}
                        GROUP BY ALL HAVING count(DISTINCT org_code) > 1)""",
    )
    assert both > 0 and moved > 0


def test_bank_assignments_sit_beside_a_substantive_post(db):
    rows = db.execute("""
        SELECT count(*), count(*) FILTER (WHERE fte = 0),
               count(*) FILTER (WHERE s.person_id IS NOT NULL)
        FROM staff_in_post b LEFT JOIN (SELECT DISTINCT person_id, snapshot_date
                                       FROM staff_in_post WHERE contract_type <> 'bank') s
        USING (person_id, snapshot_date) WHERE b.contract_type = 'bank'""").fetchone()
    assert rows[0] > 0 and rows[0] == rows[1] == rows[2]


def test_sickness_totals_match_staff_in_post(db):
    worst = one(
        db,
        f"""
        WITH s AS (SELECT org_code, staff_group, date_trunc('month', snapshot_date) AS period,
                          sum(fte * day(snapshot_date)) AS avail FROM {SUB} GROUP BY ALL)
        SELECT max(abs(a.fte_days_available - s.avail)) FROM sickness_absence_aggregate a
        JOIN s USING (org_code, staff_group, period)""",
    )
    assert worst < 0.05
    missing = one(
        db,
        """SELECT count(*) FROM sickness_absence_aggregate a ANTI JOIN
                         staff_in_post s ON s.org_code = a.org_code""",
    )
    assert missing == 0


def test_temporary_staffing_follows_vacancies(db):
    corr = one(
        db,
        f"""
        WITH e AS (SELECT org_code, period, staff_group, sum(budgeted_fte) AS est
                   FROM establishment GROUP BY ALL),
        s AS (SELECT org_code, date_trunc('month', snapshot_date) AS period, staff_group,
                     sum(fte) AS sip FROM {SUB} GROUP BY ALL),
        t AS (SELECT org_code, period, staff_group, sum(hours) AS hours
              FROM temporary_staffing GROUP BY ALL)
        SELECT corr(est - sip, hours) FROM e JOIN s USING (org_code, period, staff_group)
        JOIN t USING (org_code, period, staff_group)""",
    )
    assert corr > 0.5


def test_pay_rises_with_band(db):
    means = dict(db.execute("SELECT band, avg(hourly_pay) FROM pay GROUP BY ALL").fetchall())
    ladder = ["band_2", "band_3", "band_4", "band_5", "band_6", "band_7", "band_8a", "band_8b"]
    assert [means[b] for b in ladder] == sorted(means[b] for b in ladder)
    assert means["consultant"] > means["band_8b"] > means["non_afc"]


def test_training_records_belong_to_people_in_post(db):
    orphans = one(
        db,
        """SELECT count(*) FROM training t ANTI JOIN staff_in_post s
                         ON s.org_code = t.org_code AND s.person_id = t.person_id
                         AND s.snapshot_date = (SELECT max(snapshot_date) FROM staff_in_post)""",
    )
    assert orphans == 0
