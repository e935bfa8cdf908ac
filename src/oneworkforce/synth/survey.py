"""NHS Staff Survey results per trust and year, question by question, with pulses.

Every question of the People Promise framework (``oneworkforce.survey.framework``) is sent as
the share of responses choosing each answer, from the least to the most favourable, so the
demo's scores are worked out exactly as a partner's would be. Answer shares are drawn around
a target score: national results of recent surveys (People Promise elements, staff
engagement and morale about 5.6 to 7.2 out of 10), a stable trust effect, a year effect (the
2022 dip) and sampling noise from the number of respondents. The trust also sends its
sub-scores and themes, worked out from those shares with the framework, as a trust's
benchmark report gives them.

The WRES and WDES questions (harassment, bullying or abuse, career progression,
discrimination) also carry their published percentage and White/BME and Disabled /
non-disabled breakdowns, and the WDES questions (engagement, feeling valued, pressure to come
to work when unwell, adequate adjustments) Disabled / non-disabled breakdowns. WRES
indicator 6 comes as the survey publishes it, the combined q14b/c: the % harassed by
managers or by other colleagues, worked out per respondent by the survey, so it lies between
the larger of q14b and q14c and their sum. Acute and mental health trusts run a quarterly
pulse in January, April and July: the nine staff engagement questions plus two questions of
their own, one with answer shares and one scored 0-10.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from statistics import mean

import numpy as np
import pyarrow as pa

from oneworkforce.survey.framework import PEOPLE_PROMISE_2021 as FRAMEWORK
from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth.tables import ORG_CODES, World, coded, in_post

# National results of recent surveys (0-10), by sub-score; elements and themes are the means
# of their sub-scores (compassionate and inclusive about 7.2 ... always learning about 5.6).
SUB_SCORE_BASE = {
    "compassionate_culture": 7.0,
    "compassionate_leadership": 6.9,
    "diversity_and_equality": 8.0,
    "inclusion": 7.0,
    "we_are_recognised_and_rewarded": 5.9,
    "autonomy_and_control": 7.0,
    "raising_concerns": 6.4,
    "health_and_safety_climate": 5.4,
    "burnout": 5.0,
    "negative_experiences": 8.0,
    "development": 6.3,
    "appraisals": 5.4,
    "support_for_work_life_balance": 6.5,
    "flexible_working": 5.9,
    "team_working": 6.7,
    "line_management": 6.8,
    "motivation": 7.0,
    "involvement": 6.8,
    "advocacy": 6.9,
    "thinking_about_leaving": 6.0,
    "work_pressure": 5.4,
    "stressors": 6.8,
}
# Questions whose score is a share of one answer (yes/no, or never for incidents): their
# own national level (10 x % giving the favourable answer).
QUESTION_BASE = {
    "q11b": 7.0,  # no musculoskeletal problems from work
    "q11c": 5.6,  # not unwell from work-related stress
    "q11d": 4.4,  # did not come to work when unwell
    "q13a": 8.6,  # no physical violence from the public
    "q13b": 9.9,
    "q13c": 9.8,
    "q13d": 7.0,  # the violence was reported
    "q14d": 4.8,  # the harassment was reported
    "q16a": 9.1,  # no discrimination from the public
    "q23a": 8.4,  # had an appraisal
    "q23b": 3.6,
    "q23c": 4.2,
}
# WRES and WDES questions: % experiencing (or, for q15, saying yes) among White, BME,
# Disabled and non-disabled staff; None where the survey gives no such breakdown.
EQUALITY = {
    "q14a": (26.5, 28.5, 32.0, 24.0),
    "q14b": (10.0, 12.5, 15.0, 9.0),
    "q14c": (17.5, 20.5, 24.0, 16.0),
    "q15": (59.0, 46.0, 50.0, 58.0),
    "q16b": (6.5, 16.5, None, None),
}
FAVOURABLE_PERCENT = {"q15"}  # the published % is of the favourable answer (yes)
# WRES 6, harassment, bullying or abuse from managers (q14b) or other colleagues (q14c):
# the survey's combined result, published as a percentage (metrics/wres.py reads q14b_c).
FROM_STAFF = ("q14b_c", "Harassment, bullying or abuse from managers or other colleagues")
# Of the staff who had the rarer of the two experiences, the share who also had the other:
# harassment from managers and from colleagues go together. With the levels above the
# combined figure is about 23 % of White and 27 % of BME staff, within the 20-28 % range of
# trusts' WRES reports.
STAFF_OVERLAP = 0.45
# Percentages published for these questions: agree or strongly agree.
AGREE_PERCENT = {"q25c", "q25d"}
ENGAGEMENT = ("q2a", "q2b", "q2c", "q3c", "q3d", "q3f", "q25a", "q25c", "q25d")
DISABLED_SHARE = 0.24  # of respondents (far more than in the HR record)
# WDES survey metrics by disability: score shift of Disabled and of non-disabled staff from
# the question's level (engagement about 6.5 against 7.0; feeling valued, q4b, lower too).
BY_DISABILITY = {**{code: (-0.4, 0.12) for code in ENGAGEMENT}, "q4b": (-0.6, 0.18), "q14d": (0, 0)}
# Questions outside the People Promise framework, as yes/no shares with their percentage:
# % of Disabled, of non-disabled staff; the year's question number.
PRESSURE = ("q11e", "Felt pressure from my manager to come to work when not well enough")
PRESSURE_PERCENT = (28.0, 19.5)  # % yes, an unfavourable answer
ADJUSTMENTS = "My employer has made adequate adjustment(s) to enable me to carry out my work"
ADJUSTMENTS_CODE = {2021: "q28b", 2022: "q30b"}  # q31b from 2023
ADJUSTMENTS_PERCENT = 73.0  # % yes, Disabled staff only
# A pulse may ask anything: two questions of the trusts' own.
LOCAL_PULSE = {
    "wellbeing_support": ("I feel supported to look after my health and wellbeing", 6.4),
    "recommend_0_10": ("How likely I am to recommend this organisation as a place to work", 6.8),
}
YEAR_EFFECT = {2020: 0.0, 2021: -0.1, 2022: -0.15, 2023: 0.0, 2024: 0.03, 2025: 0.05}
PULSE_SECTORS = ("acute", "mental_health")
SPREAD = 3.0  # beta-binomial concentration: how widely answers spread around the mean
MIN_RESPONSES = 11  # the survey reports nothing from fewer respondents
COLUMNS = (
    "org_code",
    "survey_year",
    "survey_type",
    "quarter",
    "item_type",
    "item_code",
    "item_text",
    "group_dimension",
    "group_value",
    "responses",
    "score",
    "measure",
    "options",
    "option_1",
    "option_2",
    "option_3",
    "option_4",
    "option_5",
)


def _question_base() -> dict[str, float]:
    """Each question's national level: its own, else its first sub-score's, with a small
    fixed offset so questions of one sub-score differ."""
    base: dict[str, float] = {}
    for theme in FRAMEWORK.themes:
        for sub in theme.sub_scores:
            for code in sub.questions:
                if code in base:
                    continue
                offset = (zlib.crc32(code.encode()) % 101 - 50) / 100  # -0.5 to 0.5
                level = QUESTION_BASE.get(code, SUB_SCORE_BASE[sub.code] + offset)
                base[code] = level
    for code, (white, bme, _, _) in EQUALITY.items():
        pct = (white + bme) / 2
        base[code] = pct / 10 if code in FAVOURABLE_PERCENT else (100 - pct) / 10
    return base


QUESTION_LEVEL = _question_base()


def answer_probabilities(score: float, answers: int, best_only: bool = False) -> np.ndarray:
    """Probabilities of each answer (least favourable first) whose mean score is ``score``.

    Beta-binomial over evenly scored answers, so the mean is exact; for a question where
    only the best answer scores, that answer takes score x 10 % and the rest share out the
    remainder, more of it on the milder answers.
    """
    p = min(max(score / 10, 0.005), 0.995)
    if answers == 2 or best_only:
        if answers == 2:
            return np.array([1 - p, p])
        rest = np.array([0.05, 0.08, 0.27, 0.60])[: answers - 1]
        return np.append(rest / rest.sum() * (1 - p), p)
    n = answers - 1
    a, b = p * SPREAD, (1 - p) * SPREAD

    def log_beta(x: float, y: float) -> float:
        return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)

    pmf = np.array(
        [
            math.comb(n, k) * math.exp(log_beta(k + a, n - k + b) - log_beta(a, b))
            for k in range(n + 1)
        ]
    )
    return pmf / pmf.sum()


def shares(rng: np.random.Generator, probabilities: np.ndarray, responses: float) -> np.ndarray:
    """% of responses choosing each answer, drawn for this many respondents (1 decimal)."""
    n = max(int(responses), 1)
    counts = rng.multinomial(n, probabilities)
    return np.round(counts / n * 100, 1)


def item_score(option_shares: np.ndarray, best_only: bool = False) -> float:
    """The question's score (0-10) from its answer shares, as the scoring module works it."""
    k = len(option_shares)
    points = np.where(np.arange(k) == k - 1, 10.0, 0.0) if best_only else np.linspace(0, 10, k)
    return float(option_shares @ points / option_shares.sum())


@dataclass
class _Round:
    """One survey round of one trust (the annual survey, or a pulse quarter) being written."""

    rows: list[tuple]
    org: int
    year: int
    kind: str
    quarter: int | None = None
    # The published percentage and responses of each question and group written.
    published: dict = field(default_factory=dict)

    def add(self, item_type, code, text, n, score=None, measure=None, opts=None, group=None):
        dim, value = group or (None, None)
        given = [] if opts is None else [float(v) for v in opts]
        padded = [*given, *([None] * (5 - len(given)))]
        options = len(given) or None
        item = (item_type, code, text, dim, value, int(n), score, measure, options)
        self.rows.append((self.org, self.year, self.kind, self.quarter, *item, *padded))

    def question(self, rng, code: str, n: float, level: float, group=None) -> float:
        """A framework question given as answer shares around ``level``; its score."""
        question = FRAMEWORK.questions[code]
        level = float(np.clip(level, 0.3, 9.7))
        opts = shares(rng, answer_probabilities(level, question.answers, question.best_only), n)
        published = None  # the percentage the survey publishes, from the same answers
        if code in EQUALITY:
            favourable = opts[-1] / opts.sum() * 100
            published = favourable if code in FAVOURABLE_PERCENT else 100 - favourable
        elif code in AGREE_PERCENT:
            published = opts[-2:].sum() / opts.sum() * 100
        score = None if published is None else round(float(published), 1)
        self.add("question", code, question.text, n, score, opts=opts, group=group)
        if score is not None:
            self.published[code, group] = (score, n)
        return item_score(opts, question.best_only)

    def yes_no(self, rng, code: str, text: str, n: float, yes: float, yes_is_good: bool, group):
        """A question outside the framework: yes/no shares and the % answering yes."""
        opts = shares(rng, np.array([1 - yes / 100, yes / 100]), n)
        if not yes_is_good:
            opts = opts[::-1]  # "yes" is the least favourable answer: option_1
        percent = round(float((opts[-1] if yes_is_good else opts[0]) / opts.sum() * 100), 1)
        self.add("question", code, text, n, percent, opts=opts, group=group)


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
        n = len(person) * (rng.uniform(0.38, 0.56) if cal == 10 else rng.uniform(0.12, 0.25))
        if n < MIN_RESPONSES:
            continue
        if cal == 10:
            _annual(_Round(rows, org, year, "annual"), rng, n, effect + ye, q_effect, bme_share)
        else:
            quarter = (cal - 1) // 3 + 1
            _pulse(_Round(rows, org, year, "pulse", quarter), rng, n, effect + ye)
    if not rows:
        return None
    cols = dict(zip(COLUMNS, zip(*rows, strict=True), strict=True))
    return pa.table(
        {
            "org_code": coded(np.array(cols["org_code"]), ORG_CODES),
            "survey_year": pa.array(cols["survey_year"], pa.int64()),
            "survey_type": pa.array(cols["survey_type"]),
            "quarter": pa.array(cols["quarter"], pa.int64()),
            "item_type": pa.array(cols["item_type"]),
            "item_code": pa.array(cols["item_code"]),
            "item_text": pa.array(cols["item_text"]),
            "group_dimension": pa.array(cols["group_dimension"], pa.string()),
            "group_value": pa.array(cols["group_value"], pa.string()),
            "responses": pa.array(cols["responses"], pa.int64()),
            "score": pa.array(cols["score"], pa.float64()),
            "measure": pa.array(cols["measure"], pa.string()),
            "options": pa.array(cols["options"], pa.int64()),
            **{f"option_{k}": pa.array(cols[f"option_{k}"], pa.float64()) for k in range(1, 6)},
        }
    )


def _annual(survey: _Round, rng, n, effect, q_effect, bme_share) -> None:
    scores = {}
    for code, base in QUESTION_LEVEL.items():
        if code not in EQUALITY:
            scores[code] = survey.question(rng, code, n, base + effect + rng.normal(0, 0.05))
    n_bme = n * bme_share * 0.95
    n_white = n * (1 - bme_share) * 0.95
    n_dis = n * DISABLED_SHARE
    for code, (white, bme, disabled, non_disabled) in EQUALITY.items():
        bad = code not in FAVOURABLE_PERCENT  # the percentage is of an unfavourable answer
        shift = q_effect - 10 * effect * (1 if bad else -1)
        overall = (white * n_white + bme * n_bme) / max(n_white + n_bme, 1)
        groups = [(None, n, overall)]
        groups += [
            (("ethnic_group", "White"), n_white, white),
            (("ethnic_group", "BME"), n_bme, bme),
        ]
        if disabled is not None:
            groups += [
                (("disability", "Disabled"), n_dis, disabled),
                (("disability", "Non-disabled"), n - n_dis, non_disabled),
            ]
        for group, size, pct in groups:
            if size < MIN_RESPONSES:
                continue
            pct = float(np.clip(pct + shift, 1, 99))
            score = survey.question(rng, code, size, (100 - pct) / 10 if bad else pct / 10, group)
            if group is None:
                scores[code] = score
    _harassment_from_staff(survey)
    _disability(survey, rng, n, effect)
    _summaries(survey, n, scores)


def from_staff_percent(managers: float, colleagues: float) -> float:
    """The % harassed by managers or colleagues (q14b/c) from the two questions' own %:
    the larger plus the part of the smaller that did not also have the other, so never below
    the larger nor above their sum (nor 100)."""
    high, low = max(managers, colleagues), min(managers, colleagues)
    return min(round(high + low * (1 - STAFF_OVERLAP), 1), high + low, 100.0)


def _harassment_from_staff(survey: _Round) -> None:
    """q14b/c for every group with both q14b and q14c, from their published percentages."""
    code, text = FROM_STAFF
    for (question, group), (managers, n) in list(survey.published.items()):
        if question == "q14b" and ("q14c", group) in survey.published:
            colleagues = survey.published["q14c", group][0]
            percent = from_staff_percent(managers, colleagues)
            survey.add("question", code, text, n, percent, "percent", group=group)


def _disability(survey: _Round, rng, n, effect) -> None:
    """WDES breakdowns by disability, and the WDES questions outside the framework."""
    disabled = (("disability", "Disabled"), n * DISABLED_SHARE)
    others = (("disability", "Non-disabled"), n * (1 - DISABLED_SHARE))
    if others[1] < MIN_RESPONSES or disabled[1] < MIN_RESPONSES:
        return
    for code, shifts in BY_DISABILITY.items():
        for (group, size), shift in zip((disabled, others), shifts, strict=True):
            level = QUESTION_LEVEL[code] + effect + shift + rng.normal(0, 0.05)
            survey.question(rng, code, size, level, group)
    code, text = PRESSURE
    overall = DISABLED_SHARE * PRESSURE_PERCENT[0] + (1 - DISABLED_SHARE) * PRESSURE_PERCENT[1]
    rows = [(None, n, overall), (*disabled, PRESSURE_PERCENT[0]), (*others, PRESSURE_PERCENT[1])]
    for group, size, pct in rows:
        survey.yes_no(rng, code, text, size, float(np.clip(pct - 10 * effect, 1, 99)), False, group)
    answered = disabled[1] * 0.8  # asked of staff with a long-lasting condition
    if answered >= MIN_RESPONSES:
        code = ADJUSTMENTS_CODE.get(survey.year, "q31b")
        yes = float(np.clip(ADJUSTMENTS_PERCENT + 10 * effect, 1, 99))
        survey.yes_no(rng, code, ADJUSTMENTS, answered, yes, True, disabled[0])


def _summaries(survey: _Round, n, scores: dict[str, float]) -> None:
    """Sub-scores and themes from the question scores, as the framework defines them."""
    for theme in FRAMEWORK.themes:
        subs = []
        for sub in theme.sub_scores:
            subs.append(mean(scores[q] for q in sub.questions))
            if theme.has_own_sub_scores:
                survey.add("sub_score", sub.code, sub.name, n, round(subs[-1], 2))
        survey.add("theme", theme.code, theme.name, n, round(mean(subs), 2))


def _pulse(survey: _Round, rng, n, effect) -> None:
    drift = rng.normal(0, 0.08)  # the quarter's mood
    for code in ENGAGEMENT:
        survey.question(rng, code, n, QUESTION_LEVEL[code] + effect + drift)
    text, base = LOCAL_PULSE["wellbeing_support"]
    level = float(np.clip(base + effect + drift, 0.3, 9.7))
    survey.add(
        "question",
        "wellbeing_support",
        text,
        n,
        opts=shares(rng, answer_probabilities(level, 5), n),
    )
    text, base = LOCAL_PULSE["recommend_0_10"]
    average = float(np.clip(base + effect + drift + rng.normal(0, 2.5 / np.sqrt(n)), 0, 10))
    survey.add("question", "recommend_0_10", text, n, round(average, 2), "score")
