"""NHS Staff Survey results per trust and year, with WRES and WDES breakdowns.

Scores sit around the national results of recent surveys (People Promise elements, staff
engagement and morale on 0-10; questions as % of respondents), with a stable trust effect,
a year effect (the 2022 dip in morale) and sampling noise that grows as groups get smaller.
Trusts with a quarterly pulse survey also send engagement from January, April and July.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth.tables import ORG_CODES, World, coded, in_post

THEMES = {
    "people_promise_1": ("We are compassionate and inclusive", 7.24),
    "people_promise_2": ("We are recognised and rewarded", 5.94),
    "people_promise_3": ("We each have a voice that counts", 6.70),
    "people_promise_4": ("We are safe and healthy", 6.09),
    "people_promise_5": ("We are always learning", 5.61),
    "people_promise_6": ("We work flexibly", 6.17),
    "people_promise_7": ("We are a team", 6.75),
    "staff_engagement": ("Staff engagement", 6.91),
    "morale": ("Morale", 5.94),
}
SUB_SCORES = {
    "engagement_motivation": ("Motivation", 7.0),
    "engagement_involvement": ("Involvement", 6.7),
    "engagement_advocacy": ("Advocacy", 7.0),
    "morale_thinking_about_leaving": ("Thinking about leaving", 6.0),
    "morale_work_pressure": ("Work pressure", 5.3),
}
# code: (text, White %, BME %, Disabled %, non-disabled %); None where not broken down.
QUESTIONS = {
    "q14a": (
        "Harassment, bullying or abuse from patients, service users or the public",
        26.5,
        28.5,
        32.0,
        24.0,
    ),
    "q14b": ("Harassment, bullying or abuse from managers", 10.0, 12.5, 15.0, 9.0),
    "q14c": ("Harassment, bullying or abuse from other colleagues", 17.5, 20.5, 24.0, 16.0),
    "q15": ("Organisation acts fairly with regard to career progression", 59.0, 46.0, 50.0, 58.0),
    "q16b": ("Discrimination from a manager, team leader or colleague", 6.5, 16.5, None, None),
    "q3h": ("Enough staff at this organisation to do my job properly", 32.0, 32.0, None, None),
    "q25c": ("Would recommend my organisation as a place to work", 61.0, 61.0, None, None),
    "q25d": (
        "Happy with the standard of care if a friend or relative needed treatment",
        63.0,
        63.0,
        None,
        None,
    ),
}
YEAR_EFFECT = {2020: 0.0, 2021: -0.1, 2022: -0.15, 2023: 0.0, 2024: 0.03, 2025: 0.05}
PULSE_SECTORS = ("acute", "mental_health")


def _row(rows, org, year, kind, quarter, item_type, code, text, dim, value, n, score):
    rows.append((org, year, kind, quarter, item_type, code, text, dim, value, int(n), score))


def staff_survey(world: World, org: int, rng: np.random.Generator, sector: str) -> pa.Table | None:
    sim, p, people = world.sim, world.sim.posts, world.sim.people
    effect = rng.normal(0, 0.18)
    q_effect = rng.normal(0, 2.0)
    rows: list[tuple] = []
    for month in sim.month_ids:
        year, cal = int(D.year_of_month(month)), int(D.calendar_month(month))
        day = int(D.month_end(month))
        if cal not in (1, 4, 7, 10) or (cal != 10 and sector not in PULSE_SECTORS):
            continue
        held = in_post(p, day) & (p["org"] == org)
        person = np.unique(p["person"][held])
        ethnic = np.array(M.VOCAB["ethnic"])[people["ethnic"][person]]
        white = np.isin(ethnic, M.WHITE_CODES).sum()
        bme = np.isin(ethnic, M.BME_CODES).sum()
        bme_share = bme / max(white + bme, 1)
        ye = YEAR_EFFECT.get(year, 0.05)
        if cal == 10:
            n = len(person) * rng.uniform(0.38, 0.56)
            _annual(rows, rng, org, year, n, effect + ye, q_effect, bme_share)
        else:
            n = len(person) * rng.uniform(0.12, 0.25)
            quarter = (cal - 1) // 3 + 1
            for code in ("staff_engagement",):
                text, base = THEMES[code]
                _row(
                    rows,
                    org,
                    year,
                    "pulse",
                    quarter,
                    "theme",
                    code,
                    text,
                    None,
                    None,
                    n,
                    round(base + effect + ye + rng.normal(0, 0.08), 2),
                )
            for code in ("engagement_motivation", "engagement_involvement", "engagement_advocacy"):
                text, base = SUB_SCORES[code]
                _row(
                    rows,
                    org,
                    year,
                    "pulse",
                    quarter,
                    "sub_score",
                    code,
                    text,
                    None,
                    None,
                    n,
                    round(base + effect + ye + rng.normal(0, 0.1), 2),
                )
    if not rows:
        return None
    cols = list(zip(*rows, strict=True))
    return pa.table(
        {
            "org_code": coded(np.array(cols[0]), ORG_CODES),
            "survey_year": pa.array(cols[1], pa.int64()),
            "survey_type": pa.array(cols[2]),
            "quarter": pa.array(cols[3], pa.int64()),
            "item_type": pa.array(cols[4]),
            "item_code": pa.array(cols[5]),
            "item_text": pa.array(cols[6]),
            "group_dimension": pa.array(cols[7], pa.string()),
            "group_value": pa.array(cols[8], pa.string()),
            "responses": pa.array(cols[9], pa.int64()),
            "score": pa.array(cols[10], pa.float64()),
        }
    )


def _annual(rows, rng, org, year, n, effect, q_effect, bme_share) -> None:
    for code, (text, base) in THEMES.items():
        _row(
            rows,
            org,
            year,
            "annual",
            None,
            "theme",
            code,
            text,
            None,
            None,
            n,
            round(float(np.clip(base + effect + rng.normal(0, 0.06), 0, 10)), 2),
        )
    for code, (text, base) in SUB_SCORES.items():
        _row(
            rows,
            org,
            year,
            "annual",
            None,
            "sub_score",
            code,
            text,
            None,
            None,
            n,
            round(float(np.clip(base + effect + rng.normal(0, 0.08), 0, 10)), 2),
        )
    n_bme = n * bme_share * 0.95
    n_white = n * (1 - bme_share) * 0.95
    n_dis = n * 0.24
    for code, (text, white, bme, disabled, non_disabled) in QUESTIONS.items():
        shift = q_effect - 10 * effect * (1 if code.startswith(("q14", "q16")) else -1)
        overall = (white * n_white + bme * n_bme) / max(n_white + n_bme, 1)
        groups = [(None, None, n, overall)]
        if code.startswith(("q14", "q15", "q16")):
            groups += [
                ("ethnic_group", "White", n_white, white),
                ("ethnic_group", "BME", n_bme, bme),
            ]
        if disabled is not None:
            groups += [
                ("disability", "Disabled", n_dis, disabled),
                ("disability", "Non-disabled", n - n_dis, non_disabled),
            ]
        for dim, value, size, pct in groups:
            if size < 11:  # the survey suppresses results from fewer than 11 respondents
                continue
            level = np.clip(pct + shift, 1, 99)
            noise = rng.normal(0, 100 * np.sqrt(level / 100 * (1 - level / 100) / size))
            _row(
                rows,
                org,
                year,
                "annual",
                None,
                "question",
                code,
                text,
                dim,
                value,
                size,
                round(float(np.clip(level + noise, 0, 100)), 1),
            )
