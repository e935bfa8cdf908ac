"""A national-scale warehouse for the metric pack benchmark, generated directly in DuckDB.

About 1.5 million people in post in any month over 60 months (about 90 million staff in post
rows) in some 240 organisations across 42 systems: far too much to synthesise person by
person in Python and load through the loader, so it is generated with set-based SQL
(``range()``, and ``hash()`` of fixed keys for every random draw, so a seed always gives
the same warehouse). The tables are the warehouse's own (created by ``Warehouse``, so the
columns and types are the loader's), filled with what the pack reads:

- staff in post, month by month, with churn: people leave at a steady monthly rate (about
  11 % a year) and as many join; some move between NHS trusts of their system (the start
  date restarts), some healthcare support workers qualify as nurses, some hold a second,
  bank assignment. A few organisations start sending data 12 to 18 months late and two miss
  a month, as partners do, so the turnover metrics' snapshot rule is exercised;
- establishment (staff in post FTE plus vacancies), sickness episodes for NHS trusts and
  monthly aggregates for everyone else (with some trusts sending both for a few months),
  bank and agency hours and cost, the substantive pay bill, and statutory and mandatory
  training (current and previous completions, some without an expiry date, with renewal
  periods of their own for some organisations).

    from metric_pack_national import national_warehouse
    path = national_warehouse(staff=1_500_000, months=60, seed=1)
"""

from __future__ import annotations

import calendar
import math
import random
import time
from collections.abc import Callable
from pathlib import Path

WORK = Path(__file__).parent / ".work"
GENERATOR_VERSION = 1  # bump when the data changes, so caches are rebuilt
END_MONTH = 2026 * 12 + 3  # March 2026, as the synthetic ICS
MONTHLY_LEAVING = 0.0095  # about 11 % of people leave each year
SYSTEMS = 42
REGIONS = (
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
TRUSTS = ("acute", "community", "mental_health")  # people move between these in a system
EPISODE_SECTORS = ("acute", "community", "mental_health", "ambulance")  # send episodes
# Mean people in post per organisation, by sector (scaled to the staff asked for).
SECTOR_SIZE = {
    "acute": 6000,
    "community": 2500,
    "mental_health": 3000,
    "ambulance": 4500,
    "primary_care": 700,
    "social_care": 1500,
    "local_authority": 1200,
    "vcse": 400,
}
# Staff group mix by sector, as in the synthetic ICS.
STAFF_GROUPS = {
    "acute": {
        "nursing": 5902,
        "support_clinical": 4900,
        "infrastructure": 4465,
        "medical": 2890,
        "ahp": 1258,
        "other_stt": 799,
        "midwifery": 667,
        "healthcare_science": 600,
    },
    "ambulance": {
        "ambulance": 1511,
        "infrastructure": 612,
        "support_clinical": 272,
        "nursing": 52,
        "medical": 25,
    },
    "community": {
        "nursing": 1247,
        "infrastructure": 950,
        "support_clinical": 809,
        "ahp": 601,
        "other_stt": 144,
        "medical": 115,
        "healthcare_science": 37,
    },
    "mental_health": {
        "nursing": 1302,
        "support_clinical": 1084,
        "infrastructure": 889,
        "other_stt": 559,
        "medical": 291,
        "ahp": 212,
    },
    "primary_care": {
        "primary_care_admin": 2013,
        "gp": 923,
        "primary_care_dpc": 755,
        "primary_care_nurse": 504,
    },
    "social_care": {
        "social_care_direct": 2063,
        "social_care_other": 391,
        "social_care_manager": 223,
        "social_care_professional": 112,
    },
    "local_authority": {
        "social_care_direct": 806,
        "social_care_professional": 449,
        "social_care_other": 359,
        "social_care_manager": 180,
    },
    "vcse": {
        "other": 598,
        "social_care_direct": 358,
        "social_care_manager": 120,
        "social_care_other": 120,
    },
}
NON_AFC = {"non_afc": 1}
BANDS = {
    "medical": {
        "consultant": 35,
        "specialty_registrar": 30,
        "core_training": 10,
        "foundation_1": 6,
        "foundation_2": 6,
        "specialty_doctor": 10,
        "specialist": 2,
        "associate_specialist": 1,
    },
    "nursing": {"band_5": 40, "band_6": 32, "band_7": 18, "band_8a": 7, "band_8b": 2, "band_8c": 1},
    "midwifery": {"band_5": 25, "band_6": 50, "band_7": 20, "band_8a": 5},
    "ambulance": {"band_3": 20, "band_4": 15, "band_5": 20, "band_6": 40, "band_7": 5},
    "ahp": {"band_5": 25, "band_6": 35, "band_7": 28, "band_8a": 10, "band_8b": 2},
    "healthcare_science": {"band_5": 20, "band_6": 30, "band_7": 30, "band_8a": 15, "band_8b": 5},
    "other_stt": {"band_4": 20, "band_5": 25, "band_6": 25, "band_7": 20, "band_8a": 10},
    "support_clinical": {"band_2": 40, "band_3": 45, "band_4": 15},
    "infrastructure": {
        "band_2": 20,
        "band_3": 20,
        "band_4": 20,
        "band_5": 13,
        "band_6": 10,
        "band_7": 8,
        "band_8a": 5,
        "band_8b": 2,
        "band_8c": 1,
        "band_8d": 0.5,
        "band_9": 0.3,
        "vsm": 0.2,
    },
    "gp": {"other_medical": 1},
}
REGISTERED = (
    "medical",
    "nursing",
    "midwifery",
    "ambulance",
    "ahp",
    "healthcare_science",
    "gp",
    "primary_care_nurse",
    "social_care_professional",
)
# Monthly cost of one FTE, employer on-costs included (pounds).
MONTHLY_COST = {"medical": 9000, "gp": 9500, "nursing": 3900, "midwifery": 4100, "ahp": 4000}
REASONS = {
    "S10": 9,
    "S11": 6,
    "S12": 6,
    "S13": 19,
    "S15": 7,
    "S16": 6,
    "S17": 1,
    "S21": 3,
    "S25": 16,
    "S26": 3,
    "S27": 7,
    "S28": 1,
    "S98": 8,
    "S99": 5,
}
ETHNIC = {"A": 65, "B": 1, "C": 7, "D": 1, "F": 1, "G": 1, "H": 6, "J": 2, "K": 1, "L": 4.5}
ETHNIC |= {"M": 1, "N": 4, "R": 0.5, "S": 1, "Z": 3, "99": 1}
AGE_BANDS = ((25, "under_25"), (30, "25_29"), (35, "30_34"), (40, "35_39"), (45, "40_44"))
AGE_BANDS += ((50, "45_49"), (55, "50_54"), (60, "55_59"), (65, "60_64"), (70, "65_69"))
DEPARTMENTS = ("Medicine", "Surgery", "Community Services", "Emergency Department")
DEPARTMENTS += ("Outpatients", "Finance", "Estates and Facilities", "People and OD")


def national_warehouse(staff: int = 1_500_000, months: int = 60, seed: int = 1) -> Path:
    """The generated warehouse, cached in .work/ by its parameters.

    The staff in post and the tables built from it are generated once. Tables and columns
    added to the standard since then are added to the cached file, and ``_complete`` fills
    the tables and columns it knows how to (from the staff in post, or from the synthetic
    ICS as a template), so a new metric does not mean 20 minutes of regeneration.
    """
    path = WORK / f"national-{staff}-{months}-s{seed}-g{GENERATOR_VERSION}.duckdb"
    if not path.exists():
        for stale in WORK.glob(f"national-{staff}-{months}-s{seed}-*.duckdb"):
            stale.unlink()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        print(f"Generating {path.name} (about 20 minutes) ...", flush=True)
        started = time.perf_counter()
        _generate(partial, staff, months, seed)
        partial.rename(path)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    _complete(path, seed)
    return path


# -- SQL helpers ------------------------------------------------------------------------------


def _pick(u: str, weights: dict[str, float]) -> str:
    """A CASE choosing a value with the given weights from a uniform draw ``u``."""
    total = sum(weights.values())
    cases, running = [], 0.0
    items = list(weights.items())
    if len(items) == 1:
        return f"'{items[0][0]}'"
    for value, weight in items[:-1]:
        running += weight / total
        cases.append(f"WHEN {u} < {running:.6f} THEN '{value}'")
    return f"(CASE {' '.join(cases)} ELSE '{items[-1][0]}' END)"


def _by(column: str, choices: dict[str, str], default: str = "NULL") -> str:
    """A CASE on ``column`` giving each value its own expression."""
    cases = " ".join(f"WHEN '{value}' THEN {expr}" for value, expr in choices.items())
    return f"(CASE {column} {cases} ELSE {default} END)"


def _quoted(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _organisations(staff: int, seed: int) -> list[dict]:
    """About 240 organisations in 42 systems, sized to ``staff`` people in post in total."""
    rng = random.Random(seed)
    orgs = []
    for system in range(SYSTEMS):
        ics = f"Q{system + 1:02d}"
        places = [f"Place {system + 1}.{p + 1}" for p in range(rng.randint(2, 5))]
        counts = {
            "acute": rng.choice((1, 1, 2, 2, 3)),
            "community": int(rng.random() < 0.6),
            "mental_health": int(rng.random() < 0.7),
            "primary_care": 1,
            "social_care": int(rng.random() < 0.5),
            "local_authority": int(rng.random() < 0.5),
            "vcse": int(rng.random() < 0.3),
            "ambulance": int(system % 4 == 0),
        }
        for sector, count in counts.items():
            for _ in range(count):
                orgs.append(
                    {
                        "org_code": f"N{len(orgs) + 1:03d}",
                        "name": f"{sector.replace('_', ' ').title()} {len(orgs) + 1}",
                        "sector": sector,
                        "place": rng.choice(places),
                        "ics_code": ics,
                        "ics_name": f"Integrated Care System {system + 1}",
                        "region": REGIONS[system % len(REGIONS)],
                        "size": SECTOR_SIZE[sector] * rng.uniform(0.5, 1.5),
                    }
                )
    total = sum(o["size"] for o in orgs)
    for o in orgs:
        o["weight"] = o["size"] / total
    return orgs


def _gaps(orgs: list[dict], first: int, seed: int) -> dict[str, list[int]]:
    """Organisation -> months with no staff in post: late joiners and a missed month."""
    rng = random.Random(seed + 1)
    small = [o["org_code"] for o in orgs if o["sector"] in ("primary_care", "vcse", "social_care")]
    trusts = [o["org_code"] for o in orgs if o["sector"] in TRUSTS]
    gaps = {code: list(range(first, first + rng.randint(12, 18))) for code in rng.sample(small, 4)}
    for code in rng.sample(trusts, 2):
        gaps[code] = [first + rng.randint(20, 50)]
    return gaps


# -- generation -------------------------------------------------------------------------------


def _prepare(sql, seed: int) -> Callable[[str, str], None]:
    """Settings and the ``u(key, name)`` macro (a uniform draw in [0, 1) for a key and a
    purpose, fixed by the seed); returns a function that runs and times one step."""
    sql.execute("SET threads = 2")
    sql.execute(
        f"CREATE OR REPLACE TEMP MACRO u(k, name) AS "
        f"(hash(k, name, {seed}) % 1000000007)::DOUBLE / 1000000007"
    )

    def step(label: str, statement: str) -> None:
        began = time.perf_counter()
        sql.execute(statement)
        print(f"  {label}: {time.perf_counter() - began:.0f} s", flush=True)

    return step


def _generate(path: Path, staff: int, months: int, seed: int) -> None:
    from oneworkforce.metrics.training import CSTF_RENEWAL_MONTHS, SUBJECTS
    from oneworkforce.warehouse import Warehouse

    first, last = END_MONTH - months + 1, END_MONTH
    orgs = _organisations(staff, seed)
    gaps = _gaps(orgs, first, seed)
    with Warehouse(path, memory_limit="12GB", temp_directory=WORK / "tmp") as warehouse:
        sql = warehouse.sql
        step = _prepare(sql, seed)
        sql.executemany(
            "INSERT INTO organisations (org_code, name, sector, place, ics_code, ics_name, "
            "region, _load_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            [
                [o[k] for k in ("org_code", "name", "sector", "place", "ics_code", "ics_name")]
                + [o["region"]]
                for o in orgs
            ],
        )
        sql.execute(
            "CREATE TEMP TABLE org_weight (org_code VARCHAR, sector VARCHAR, ics_code VARCHAR, "
            "weight DOUBLE)"
        )
        sql.executemany(
            "INSERT INTO org_weight VALUES (?, ?, ?, ?)",
            [[o["org_code"], o["sector"], o["ics_code"], o["weight"]] for o in orgs],
        )
        # Cumulative weights for drawing an organisation (nationally, and a trust to move to
        # within the system) with an ASOF join on a uniform draw.
        sql.execute("""
            CREATE TEMP TABLE org_draw AS
            SELECT org_code, sector, ics_code,
                sum(weight) OVER (ORDER BY org_code) - weight AS low
            FROM org_weight""")
        sql.execute(f"""
            CREATE TEMP TABLE move_draw AS
            SELECT org_code AS move_org, ics_code,
                (sum(weight) OVER (PARTITION BY ics_code ORDER BY org_code) - weight)
                    / sum(weight) OVER (PARTITION BY ics_code) AS low
            FROM org_weight WHERE sector IN ({_quoted(TRUSTS)})""")
        sql.execute(
            "CREATE TEMP TABLE months AS SELECT month_index, "
            "make_date((month_index - 1) // 12, (month_index - 1) % 12 + 1, 1) AS period, "
            "last_day(make_date((month_index - 1) // 12, (month_index - 1) % 12 + 1, 1)) "
            f"AS snapshot_date FROM range({first}, {last + 1}) t(month_index)"
        )

        arrivals = round(staff * MONTHLY_LEAVING)  # joiners a month, to keep headcount steady
        people = staff + arrivals * (months - 1)
        log_stay = math.log(1 - MONTHLY_LEAVING)
        group = _by("o.sector", {s: _pick("u(i, 'group')", w) for s, w in STAFF_GROUPS.items()})
        band = _by(
            "staff_group",
            {g: _pick("u(i, 'band')", w) for g, w in BANDS.items()},
            default=_pick("u(i, 'band')", NON_AFC),
        )
        step(
            "people",
            f"""
            CREATE TEMP TABLE people AS
            WITH base AS (
                SELECT i,
                    CASE WHEN i < {staff} THEN {first}
                         ELSE {first} + 1 + (i - {staff}) // {arrivals} END AS first_month,
                    u(i, 'org') AS u_org
                FROM range({people}) t(i)
            ),
            placed AS (
                SELECT b.*, o.org_code, o.sector, o.ics_code,
                    {group} AS staff_group
                FROM base b ASOF JOIN org_draw o ON b.u_org >= o.low
            ),
            drawn AS (
                SELECT p.*,
                    {band} AS band,
                    least({last}, first_month
                        + floor(ln(1 - u(i, 'stay')) / {log_stay})::INTEGER) AS last_month,
                    CASE WHEN u(i, 'contract') < 0.04 THEN 'bank'
                         WHEN u(i, 'contract') < 0.12 THEN 'fixed_term'
                         ELSE 'permanent' END AS contract_type,
                    -- age in years when first seen here
                    CASE WHEN i < {staff} THEN 18 + 48 * (u(i, 'age1') + u(i, 'age2')) / 2
                         ELSE 19 + 36 * (u(i, 'age1') + u(i, 'age2')) / 2 END AS age
                FROM placed p
            )
            SELECT d.*,
                md5('person' || i::VARCHAR || '-{seed}')::VARCHAR AS person_id,
                md5('assignment' || i::VARCHAR || '-{seed}')::VARCHAR AS assignment_id,
                md5('bank' || i::VARCHAR || '-{seed}')::VARCHAR AS bank_assignment_id,
                first_month - floor(age * 12)::INTEGER AS birth_month,
                CASE WHEN contract_type = 'bank' THEN 0.0
                     WHEN u(i, 'fte') < 0.6 THEN 1.0
                     ELSE round(0.2 + 0.8 * u(i, 'fte2'), 4) END AS fte,
                -- start in the organisation: years back for people already in post,
                -- during the month for joiners
                CASE WHEN i < {staff} THEN
                        make_date(({first} - 1) // 12, ({first} - 1) % 12 + 1, 1) - 1 - least(
                            floor(-ln(1 - u(i, 'service')) * 8 * 365.25),
                            greatest(0, (age - 18) * 365.25))::INTEGER
                     ELSE make_date((first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
                        + floor(u(i, 'day') * 27)::INTEGER END AS start_date,
                -- a move to another trust of the system, for some trust staff
                CASE WHEN sector IN ({_quoted(TRUSTS)}) AND u(i, 'moves') < 0.25
                     THEN first_month + 1 + floor(u(i, 'move month') * 120)::INTEGER
                     END AS move_month,
                -- healthcare support workers who qualify as nurses
                CASE WHEN staff_group = 'support_clinical' AND u(i, 'qualifies') < 0.2
                     THEN first_month + 1 + floor(u(i, 'qualify month') * 120)::INTEGER
                     END AS nurse_month,
                u(i, 'bank too') < 0.03 AND contract_type <> 'bank' AS bank_too,
                u(i, 'move to') AS u_move,
                CASE WHEN u(i, 'gender') < 0.23 THEN '1'
                     WHEN u(i, 'gender') < 0.999 THEN '2' ELSE 'X' END AS gender,
                {_pick("u(i, 'ethnic')", ETHNIC)} AS ethnic_category,
                CASE WHEN u(i, 'disability') < 0.06 THEN 'yes'
                     WHEN u(i, 'disability') < 0.18 THEN 'not_declared' ELSE 'no' END
                    AS disability,
                CASE WHEN staff_group IN ({_quoted(REGISTERED)}) THEN
                    {_pick("u(i, 'qualified in')", {"uk": 70, "eu_eea": 7, "rest_of_world": 20, "unknown": 3})}
                    END AS qualification_country_group,
                CASE WHEN i >= {staff} AND staff_group IN ({_quoted(REGISTERED)})
                         AND u(i, 'newly') < 0.4 THEN true ELSE false END AS newly_qualified
            FROM drawn d""",
        )
        step(
            "people: moves and qualifications",
            """
            CREATE TEMP TABLE staff AS
            SELECT p.*,
                CASE WHEN move_month IS NOT NULL THEN m.move_org ELSE p.org_code END AS move_org,
                make_date((move_month - 1) // 12, (move_month - 1) % 12 + 1, 1)
                    + floor(u(i, 'move day') * 27)::INTEGER AS move_start,
                CASE WHEN qualification_country_group = 'uk' THEN u(i, 'local') < 0.32
                     WHEN qualification_country_group IS NOT NULL THEN false END
                    AS trained_locally,
                CASE WHEN qualification_country_group IS NULL THEN NULL
                     WHEN newly_qualified THEN start_date - floor(u(i, 'qual') * 300)::INTEGER
                     ELSE start_date - floor(365 + u(i, 'qual') * 15 * 365)::INTEGER
                     END AS qualified_date
            FROM people p
            ASOF LEFT JOIN move_draw m ON p.ics_code = m.ics_code AND p.u_move >= m.low""",
        )
        age = "((month_index - birth_month) // 12)"
        age_band = (
            "CASE "
            + " ".join(f"WHEN {age} < {top} THEN '{label}'" for top, label in AGE_BANDS)
            + " ELSE '70_plus' END"
        )
        moved = "(move_month IS NOT NULL AND month_index >= move_month)"
        nurse = "(nurse_month IS NOT NULL AND month_index >= nurse_month)"
        columns = f"""
            person_id, CASE WHEN {moved} THEN move_org ELSE org_code END AS org_code,
            snapshot_date,
            CASE WHEN {nurse} THEN 'nursing' ELSE staff_group END AS staff_group,
            CASE WHEN {nurse} THEN 'Staff Nurse' ELSE replace(staff_group, '_', ' ')
                END AS job_role,
            CASE WHEN {nurse} THEN 'band_5' ELSE band END AS band,
            CASE WHEN {moved} THEN move_start ELSE start_date END AS start_date,
            gender, ethnic_category, disability,
            CASE WHEN qualification_country_group = 'unknown' THEN 'unknown'
                 ELSE coalesce(qualification_country_group, 'uk') END AS nationality_group,
            qualification_country_group, trained_locally, qualified_date,
            {_pick("u(i, 'department')", dict.fromkeys(DEPARTMENTS, 1))} AS department,
            {age} AS age_years, {age_band} AS age_band_at_snapshot,
            period, month_index, 1 AS _load_id"""
        began = time.perf_counter()
        for month in range(first, last + 1):
            missing = [code for code, gap in gaps.items() if month in gap]
            keep = f"AND org_code NOT IN ({_quoted(missing)})" if missing else ""
            sql.execute(f"""
                INSERT INTO staff_in_post BY NAME
                SELECT * FROM (
                    SELECT assignment_id, contract_type, fte, {columns}
                    FROM staff, months
                    WHERE month_index = {month} AND first_month <= {month}
                        AND last_month >= {month}
                    UNION ALL
                    SELECT bank_assignment_id AS assignment_id, 'bank' AS contract_type,
                        0.0 AS fte, {columns}
                    FROM staff, months
                    WHERE month_index = {month} AND bank_too AND first_month <= {month}
                        AND last_month >= {month}
                ) WHERE true {keep}""")
        print(f"  staff in post: {time.perf_counter() - began:.0f} s", flush=True)

        step(
            "establishment",
            """
            INSERT INTO establishment BY NAME
            SELECT org_code, period, staff_group, band, month_index, 1 AS _load_id,
                round(coalesce(sum(fte) FILTER (WHERE contract_type <> 'bank'), 0)
                    * (1.03 + 0.12 * u(org_code || staff_group, 'vacancy')
                       + 0.02 * u(org_code || staff_group || month_index::VARCHAR, 'noise'))
                    + 0.5, 2) AS budgeted_fte
            FROM staff_in_post GROUP BY org_code, period, staff_group, band, month_index""",
        )
        episode_orgs = (
            f"SELECT org_code FROM organisations WHERE sector IN ({_quoted(EPISODE_SECTORS)})"
        )
        step(
            "sickness episodes",
            f"""
            INSERT INTO sickness_absence BY NAME
            WITH drawn AS (
                SELECT person_id, assignment_id, org_code, staff_group, fte, period,
                    month_index, hash(person_id, month_index, {seed}) AS h
                FROM staff_in_post
                WHERE contract_type <> 'bank' AND org_code IN ({episode_orgs})
            ),
            episodes AS (
                SELECT *, period + (h // 1000 % 28)::INTEGER AS start_date,
                    CASE WHEN h // 100000 % 1000 < 700 THEN 1 + h // 100000000 % 7
                         WHEN h // 100000 % 1000 < 900 THEN 8 + h // 100000000 % 20
                         ELSE 28 + h // 100000000 % 150 END AS days,
                    {_pick("((h // 10000000000) % 1000) / 1000", REASONS)} AS reason
                FROM drawn WHERE h % 1000 < 90
            )
            SELECT person_id, assignment_id, org_code, staff_group, start_date,
                CASE WHEN start_date + (days - 1)::INTEGER <= DATE '{_date(last)}'
                     THEN start_date + (days - 1)::INTEGER END AS end_date,
                round(greatest(fte, 0.1) * days, 2) AS fte_days_lost, reason, period,
                month_index, 1 AS _load_id
            FROM episodes""",
        )
        both = f"""org_code IN (SELECT org_code FROM ({episode_orgs}) ORDER BY org_code
                                LIMIT 3) AND month_index BETWEEN {first + 30} AND {first + 35}"""
        step(
            "sickness aggregates",
            f"""
            INSERT INTO sickness_absence_aggregate BY NAME
            SELECT org_code, staff_group, period, month_index, 1 AS _load_id,
                round(available * (0.03 + 0.04 * u(org_code || staff_group
                    || month_index::VARCHAR, 'sick')), 2) AS fte_days_lost,
                round(available, 2) AS fte_days_available
            FROM (
                SELECT org_code, staff_group, period, month_index,
                    sum(fte * day(snapshot_date)) AS available
                FROM staff_in_post
                WHERE contract_type <> 'bank'
                    AND (org_code NOT IN ({episode_orgs}) OR ({both}))
                GROUP BY ALL
            )""",
        )
        cost = _by("staff_group", {g: str(c) for g, c in MONTHLY_COST.items()}, default="3000")
        step(
            "temporary staffing and pay bill",
            """
            CREATE TEMP TABLE slice_fte AS
            SELECT org_code, staff_group, period, month_index,
                sum(fte) FILTER (WHERE contract_type <> 'bank') AS fte
            FROM staff_in_post GROUP BY ALL""",
        )
        sql.execute("""
            INSERT INTO temporary_staffing BY NAME
            SELECT org_code, period, staff_group, staffing_type, month_index, 1 AS _load_id,
                hours, greatest(1, round(hours / 7.5))::BIGINT AS shifts,
                round(hours * CASE WHEN staff_group IN ('medical', 'gp') THEN 3 ELSE 1 END
                    * CASE staffing_type WHEN 'bank' THEN 29.5 ELSE 47.4 END, 2) AS cost
            FROM (
                SELECT *, round(coalesce(fte, 0) * 160 * CASE staffing_type
                    WHEN 'bank' THEN 0.02 + 0.06 * u(org_code || staff_group
                        || month_index::VARCHAR, 'bank')
                    ELSE 0.005 + 0.03 * u(org_code || staff_group
                        || month_index::VARCHAR, 'agency') END, 1) AS hours
                FROM slice_fte, (VALUES ('bank'), ('agency')) t(staffing_type)
            ) WHERE hours > 0""")
        sql.execute(f"""
            INSERT INTO pay_bill BY NAME
            SELECT org_code, period, staff_group, month_index, 1 AS _load_id,
                round(coalesce(fte, 0) * {cost}
                    * (1 + 0.05 * u(org_code || month_index::VARCHAR, 'pay')), 2)
                    AS substantive_cost
            FROM slice_fte""")

        levels = {
            "infection_prevention_control": {"1": 25, "2": 75},
            "moving_handling": {"1": 25, "2": 75},
            "resuscitation": {"1": 25, "2": 75},
            "safeguarding_adults": {"1": 25, "2": 40, "3": 35},
            "safeguarding_children": {"1": 25, "2": 40, "3": 35},
        }
        level = _by("subject", {s: _pick("u(h, 'level')", w) for s, w in levels.items()})
        renewal = (
            " ".join(
                f"WHEN subject = '{s}' AND coalesce(level, '') = '{lv}' THEN {m}"
                for (s, lv), m in CSTF_RENEWAL_MONTHS.items()
                if lv
            )
            + " "
            + " ".join(
                f"WHEN subject = '{s}' THEN {m}"
                for (s, lv), m in CSTF_RENEWAL_MONTHS.items()
                if not lv
            )
        )
        step(
            "training",
            f"""
            INSERT INTO training BY NAME
            WITH held AS (
                SELECT s.person_id, s.org_code, subject,
                    hash(s.person_id, subject, {seed}) AS h
                FROM (SELECT DISTINCT person_id, org_code FROM staff_in_post
                      WHERE month_index = {last}) s,
                    (SELECT unnest([{_quoted(SUBJECTS)}]) AS subject)
            ),
            levelled AS (
                SELECT *, {level} AS level FROM held WHERE u(h, 'held') < 0.95
            ),
            timed AS (
                SELECT *, CASE {renewal} END AS months FROM levelled
            ),
            current AS (
                SELECT person_id, org_code, subject, level, h, months,
                    DATE '{_date(last)}' - floor(u(h, 'when') * months * 30.4 * 1.15)::INTEGER
                        AS completed_date
                FROM timed
            )
            SELECT person_id, org_code, subject, level, completed_date, 1 AS _load_id,
                CASE WHEN u(h, 'expiry') < 0.75
                     THEN (completed_date + to_months(months))::DATE END AS expiry_date
            FROM current
            UNION ALL
            -- the previous completion, kept by some partners
            SELECT person_id, org_code, subject, level,
                (completed_date - to_months(months))::DATE + floor(u(h, 'early') * 60)::INTEGER,
                1,
                CASE WHEN u(h, 'expiry') < 0.75
                     THEN completed_date + floor(u(h, 'early') * 60)::INTEGER END
            FROM current WHERE u(h, 'previous') < 0.5""",
        )
        own = [
            o["org_code"] for o in orgs if random.Random(f"{seed}{o['org_code']}").random() < 0.3
        ]
        sql.executemany(
            "INSERT INTO training_renewal (org_code, subject, level, renewal_months, _load_id) "
            "VALUES (?, ?, ?, ?, 1)",
            [
                row
                for code in own
                for row in (
                    [code, "fire_safety", None, 12],
                    [code, "resuscitation", "2", 12],
                    [code, "information_governance", None, 24],
                )
            ],
        )
        step("checkpoint", "CHECKPOINT")


def _date(month_index: int) -> str:
    """The last day of a month, as an ISO date."""
    year, month = divmod(month_index - 1, 12)
    return f"{year}-{month + 1:02d}-{calendar.monthrange(year, month + 1)[1]:02d}"


# -- completing a cached warehouse ------------------------------------------------------------


def _complete(path: Path, seed: int) -> None:
    """Add tables and columns the standard has gained, and fill those this module knows:
    the apprenticeship flag, pay snapshots, and (from the synthetic ICS, as a template) the
    population and staff survey."""
    from oneworkforce.standard import EXTRACTS
    from oneworkforce.warehouse import Warehouse

    with Warehouse(path, memory_limit="12GB", temp_directory=WORK / "tmp") as warehouse:
        sql = warehouse.sql
        step = _prepare(sql, seed)
        for extract in EXTRACTS.values():
            present = {
                row[0]
                for row in sql.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                    [extract.name],
                ).fetchall()
            }
            for column, kind in extract.warehouse_columns():
                if column not in present:
                    sql.execute(f'ALTER TABLE "{extract.name}" ADD COLUMN "{column}" {kind}')

        def empty(table: str, column: str | None = None) -> bool:
            where = f' WHERE "{column}" IS NOT NULL' if column else ""
            return sql.execute(f'SELECT count(*) FROM "{table}"{where}').fetchone()[0] == 0

        if empty("staff_in_post", "apprenticeship"):
            # Apprentices: some healthcare support workers and nursing associates in training
            step(
                "apprenticeship",
                f"""
                UPDATE staff_in_post SET apprenticeship = staff_group = 'support_clinical'
                    AND band IN ('band_2', 'band_3', 'band_4')
                    AND hash(person_id, 'apprentice', {seed}) % 100 < 12""",
            )
        if empty("pay"):
            _pay(sql, step, seed)
        if empty("population") or empty("staff_survey"):
            from metric_pack import ics_warehouse

            template = ics_warehouse(40_000, 60, seed)
            sql.execute(f"ATTACH '{template}' AS template (READ_ONLY)")
            if empty("population"):
                _population(step)
            if empty("staff_survey"):
                _staff_survey(step)
            sql.execute("DETACH template")
        sql.execute("CHECKPOINT")


def _pay(sql, step, seed: int) -> None:
    """The statutory pay snapshot (31 March) of every substantive assignment, with hourly
    pay drawn around each band's rate and bonuses for some consultants."""
    rates = {
        "band_2": 11.9, "band_3": 12.8, "band_4": 14.3, "band_5": 17.5, "band_6": 21.4,
        "band_7": 25.3, "band_8a": 29.1, "band_8b": 33.8, "band_8c": 39.7, "band_8d": 47.5,
        "band_9": 56.7, "vsm": 78.2, "consultant": 69.3, "specialty_registrar": 32.3,
        "core_training": 26.3, "foundation_1": 19.3, "foundation_2": 22.2,
        "specialty_doctor": 44.6, "specialist": 55.6, "associate_specialist": 58.7,
        "other_medical": 45.0,
    }  # fmt: skip
    rate = _by("band", {b: str(r) for b, r in rates.items()}, default="14.1")
    step(
        "pay",
        f"""
        INSERT INTO pay BY NAME
        SELECT person_id, org_code, snapshot_date, gender, ethnic_category, disability,
            staff_group, band, period, month_index, 1 AS _load_id,
            round({rate} * (0.85 + 0.3 * u(person_id || month_index::VARCHAR, 'pay'))
                * CASE gender WHEN '1' THEN 1.03 ELSE 1 END, 2) AS hourly_pay,
            CASE WHEN band = 'consultant' AND u(person_id, 'bonus') < 0.27
                 THEN round(5000 + 16000 * u(person_id || month_index::VARCHAR, 'award'), 2)
                 ELSE 0 END AS bonus_pay,
            u(person_id || month_index::VARCHAR, 'full pay') < 0.97 AS full_pay_relevant
        FROM staff_in_post
        WHERE month(snapshot_date) = 3 AND contract_type <> 'bank'""",
    )


def _population(step) -> None:
    """Each place's population, from one of the synthetic ICS's places scaled up or down."""
    step(
        "population",
        """
        INSERT INTO population BY NAME
        WITH places AS (
            SELECT place,
                hash(place) % (SELECT count(DISTINCT place) FROM template.population) AS pattern,
                0.5 + 1.5 * u(place, 'population') AS scale
            FROM (SELECT DISTINCT place FROM organisations)
        ),
        patterns AS (
            SELECT place AS template_place, row_number() OVER (ORDER BY place) - 1 AS pattern
            FROM (SELECT DISTINCT place FROM template.population)
        )
        SELECT p.place, t.year, t.age_band, t.sex, t.ethnic_group, 1 AS _load_id,
            round(t.population * p.scale)::BIGINT AS population
        FROM places p JOIN patterns USING (pattern)
        JOIN template.population t ON t.place = patterns.template_place""",
    )


def _staff_survey(step) -> None:
    """Each trust's staff survey results, from a synthetic ICS trust of the same sector with
    the scores moved a little."""
    step(
        "staff survey",
        """
        INSERT INTO staff_survey BY NAME
        WITH templates AS (
            SELECT s.org_code AS template_org, o.sector,
                row_number() OVER (PARTITION BY o.sector ORDER BY s.org_code) - 1 AS k,
                count(*) OVER (PARTITION BY o.sector) AS n
            FROM (SELECT DISTINCT org_code FROM template.staff_survey) s
            JOIN template.organisations o USING (org_code)
        ),
        orgs AS (SELECT org_code, sector, hash(org_code) AS h FROM organisations)
        SELECT t.* EXCLUDE (org_code, score, responses),
            o.org_code,
            round(t.score + 0.6 * (u(o.org_code || t.item_code, 'score') - 0.5), 2) AS score,
            round(t.responses * (0.5 + u(o.org_code, 'responses')))::BIGINT AS responses
        FROM orgs o JOIN templates m ON m.sector = o.sector AND m.k = o.h % m.n
        JOIN template.staff_survey t ON t.org_code = m.template_org""",
    )
