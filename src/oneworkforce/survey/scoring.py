"""People Promise scores from staff survey results, per organisation and for the system.

All of it is Ibis over the warehouse tables (``tables["staff_survey"]`` and
``tables["organisations"]``), so it runs on DuckDB and PySpark alike.

1. **Question score** (0-10): answers are shared out from the least favourable (``option_1``)
   to the most favourable (``option_N``) and score evenly from 0 to 10 (five answers: 0,
   2.5, 5, 7.5, 10; two: 0 and 10), or for a question where only the best answer counts
   (``best_only``) 10 for that answer and 0 for the rest. The score is the mean over the
   responses: sum(share x points) / sum(shares), so answers left out of scoring (don't
   know) drop out. A question loaded as a score out of 10 (``measure = score``) is taken
   as it is; one loaded only as a percentage cannot be scored.
2. **Sub-score**: the mean of its question scores, when every one of its questions has one.
3. **Element or theme**: the mean of its sub-scores, when every one has a score.
4. Results loaded at sub-score or theme level are used where no score can be worked out
   from questions (``method = loaded``).
5. **System**: organisations pooled by their responses, sum(score x responses) /
   sum(responses), over partner organisations (registered in ``organisations``). For a
   question this is exactly the mean over all the system's respondents. The NHS Staff
   Survey weights organisation results to a standard occupational mix and computes
   sub-scores per respondent; see docs/staff-survey.md for what that changes.

Where an organisation has results both as published nationally (weighted) and of its own
(unweighted) for the same round and breakdown, ``source="auto"`` uses the published ones.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis

from oneworkforce.survey.framework import FRAMEWORKS, code_rows, question_rows

Tables = Mapping[str, ibis.Table]

SOURCES = ("auto", "published", "local")
LEVELS = ("question", "sub_score", "theme")
MAX_OPTIONS = 7
ANNUAL_MONTH = 10  # October: fieldwork runs from September to December
# A round of the survey in one organisation: its results can be compared and pooled.
ROUND = ["org_code", "survey_year", "survey_type", "quarter", "month_index"]
GROUP = ["group_dimension", "group_value"]
KEYS = [*ROUND, "published", *GROUP]
OUTPUT = [
    *KEYS,
    "level",
    "code",
    "name",
    "theme",
    "kind",
    "score",
    "percent",
    "responses",
    "method",
]


def reference_month_index(survey_year, survey_type, quarter) -> ibis.Value:
    """year x 12 + month of the month a result stands for: October of the survey year for
    the annual survey, the quarter's middle month for a pulse."""
    month = ibis.cases((survey_type == "pulse", quarter * 3 - 1), else_=ANNUAL_MONTH)
    return (survey_year * 12 + month).cast("int64")


def option_points(k: int, options, best_only) -> ibis.Value:
    """Points (0-10) of the k-th answer counting from the least favourable."""
    even = 10.0 * (k - 1) / (options - 1).cast("float64")
    best = ibis.cases((options == k, 10.0), else_=0.0)
    return ibis.cases((best_only, best), else_=even)


# Whitespace at either end (string.whitespace, what .strip() trims on DuckDB). Ibis's
# .strip() on PySpark also trims the letters f and v: Spark reads the escapes \f and \v
# in its SQL as plain letters.
_ENDS = r"^[ \t\n\r\x0b\x0c]+|[ \t\n\r\x0b\x0c]+$"


def _normalised(code) -> ibis.Value:
    return code.re_replace(_ENDS, "").lower().re_replace(r"[^a-z0-9]+", "_")


def results(tables: Tables, source: str = "auto") -> ibis.Table:
    """The staff survey rows to score: one source per organisation, round and breakdown."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    from oneworkforce.metrics.shared import reuse  # here: the metrics package imports this one

    return reuse(tables, ("survey_results", source), lambda: _results(tables, source))


def _results(tables: Tables, source: str) -> ibis.Table:
    t = tables["staff_survey"]
    t = t.mutate(
        published=t.published.fill_null(False),
        month_index=reference_month_index(t.survey_year, t.survey_type, t.quarter),
        item=_normalised(t.item_code),
        measure=t.measure.fill_null(
            ibis.cases((t.item_type == "question", "percent"), else_="score")
        ),
    )
    t = t.filter(t.responses > 0)
    if source == "published":
        return t.filter(t.published)
    if source == "local":
        return t.filter(~t.published)
    round_group = [*ROUND, *GROUP]
    # A window function goes in a column, not straight into the filter, so that PySpark
    # (which has no QUALIFY) runs it too.
    t = t.mutate(
        _has_published=t.published.cast("int8").max().over(ibis.window(group_by=round_group))
    )
    return t.filter(t.published.cast("int8") == t["_has_published"]).drop("_has_published")


def question_scores(tables: Tables, source: str = "auto") -> ibis.Table:
    """Every question's score (0-10) where it can be worked out, and its percentage."""
    t = results(tables, source)
    t = t.filter(t.item_type == "question")
    best = ibis.memtable(
        sorted(
            {
                (r["first_year"], r["last_year"], r["question"], r["best_only"])
                for r in question_rows()
            }
        ),
        columns=["first_year", "last_year", "question", "best_only"],
    )
    t = t.left_join(
        best,
        [
            t.item == best.question,
            best.first_year <= t.survey_year,
            t.survey_year <= best.last_year,
        ],
    )
    best_only = t.best_only.fill_null(False)
    shares = [t[f"option_{k}"].fill_null(0.0) for k in range(1, MAX_OPTIONS + 1)]
    total = sum(shares[1:], shares[0])
    points = sum(
        (s * option_points(k, t.options, best_only) for k, s in enumerate(shares, start=1)),
        ibis.literal(0.0),
    )
    score = ibis.cases(
        (t.options.notnull() & (total > 0), points / total),
        (t.measure == "score", t.score),
        else_=ibis.null("float64"),
    )
    return t.select(
        *KEYS,
        level=ibis.literal("question"),
        code=t.item,
        name=t.item_text,
        theme=ibis.null("string"),
        kind=ibis.null("string"),
        score=score.cast("float64"),
        percent=ibis.cases((t.measure == "percent", t.score), else_=ibis.null("float64")),
        responses=t.responses.cast("int64"),
        method=ibis.literal("computed"),
    )


def _framework() -> ibis.Table:
    return ibis.memtable(
        question_rows(),
        schema={
            "first_year": "int64",
            "last_year": "int64",
            "theme": "string",
            "theme_kind": "string",
            "sub_score": "string",
            "own_sub_score": "boolean",
            "question": "string",
            "best_only": "boolean",
            "sub_questions": "int64",
            "theme_sub_scores": "int64",
        },
    )


def _names() -> ibis.Table:
    """Display name of each theme and sub-score code."""
    names: dict[str, str] = {}
    for framework in FRAMEWORKS:
        for theme in framework.themes:
            names[theme.code] = theme.name
            for sub in theme.sub_scores:
                names.setdefault(sub.code, sub.name)
    return ibis.memtable(
        {"code": list(names), "label": list(names.values())},
        schema={"code": "string", "label": "string"},
    )


def _computed(questions: ibis.Table) -> tuple[ibis.Table, ibis.Table]:
    """Sub-scores and themes worked out from question scores (complete ones only)."""
    frame = _framework()
    scored = questions.filter(questions.score.notnull()).select(*KEYS, "code", "score", "responses")
    joined = scored.join(
        frame,
        [
            scored.code == frame.question,
            frame.first_year <= scored.survey_year,
            scored.survey_year <= frame.last_year,
        ],
    )
    sub_keys = [*KEYS, "theme", "theme_kind", "sub_score", "own_sub_score", "theme_sub_scores"]
    subs = joined.group_by([*sub_keys, "sub_questions"]).aggregate(
        score=joined.score.mean(),
        answered=joined.code.nunique(),
        responses=joined.responses.max(),
    )
    subs = subs.filter(subs.answered == subs.sub_questions)
    theme_keys = [*KEYS, "theme", "theme_kind", "theme_sub_scores"]
    themes = subs.group_by(theme_keys).aggregate(
        score=subs.score.mean(), parts=subs.sub_score.nunique(), responses=subs.responses.max()
    )
    themes = themes.filter(themes.parts == themes.theme_sub_scores)
    sub_out = subs.filter(subs.own_sub_score).select(
        *KEYS,
        level=ibis.literal("sub_score"),
        code=subs.sub_score,
        theme=subs.theme,
        kind=subs.theme_kind,
        score=subs.score,
        responses=subs.responses,
    )
    theme_out = themes.select(
        *KEYS,
        level=ibis.literal("theme"),
        code=themes.theme,
        theme=themes.theme,
        kind=themes.theme_kind,
        score=themes.score,
        responses=themes.responses,
    )
    return sub_out, theme_out


def _loaded(tables: Tables, source: str) -> ibis.Table:
    """Sub-scores and themes as loaded (scores out of 10), under their canonical codes."""
    t = results(tables, source)
    t = t.filter(t.item_type.isin(["sub_score", "theme"]) & (t.measure == "score"))
    codes = ibis.memtable(
        code_rows(),
        schema={
            "first_year": "int64",
            "last_year": "int64",
            "level": "string",
            "spelling": "string",
            "code": "string",
        },
    )
    parents = ibis.memtable(
        sorted(
            {(r["sub_score"], r["theme"], r["theme_kind"]) for r in question_rows()}
            | {(r["theme"], r["theme"], r["theme_kind"]) for r in question_rows()}
        ),
        columns=["child", "parent", "parent_kind"],
    )
    t = t.join(
        codes,
        [
            t.item == codes.spelling,
            t.item_type == codes.level,
            codes.first_year <= t.survey_year,
            t.survey_year <= codes.last_year,
        ],
    )
    t = t.join(parents, t.code == parents.child)
    return t.select(
        *KEYS,
        level=t.item_type,
        code=t.code,
        theme=t.parent,
        kind=t.parent_kind,
        score=t.score.cast("float64"),
        responses=t.responses.cast("int64"),
    )


def organisation_scores(tables: Tables, source: str = "auto") -> ibis.Table:
    """Question, sub-score and theme scores per organisation, round and breakdown.

    Columns: ``OUTPUT``. ``method`` says whether a sub-score or theme was worked out from
    questions (``computed``) or taken as loaded (``loaded``); worked out wins. Materialised
    once in a metric pack, since every survey metric starts from it.
    """
    from oneworkforce.metrics.shared import reuse  # here: the metrics package imports this one

    return reuse(
        tables, ("organisation_scores", source), lambda: _organisation_scores(tables, source)
    )


def _organisation_scores(tables: Tables, source: str) -> ibis.Table:
    questions = question_scores(tables, source)
    subs, themes = _computed(questions)
    computed = subs.union(themes).mutate(priority=ibis.literal(0))
    loaded = _loaded(tables, source).mutate(priority=ibis.literal(1))
    both = computed.union(loaded)
    both = both.mutate(
        _first=both.priority.min().over(ibis.window(group_by=[*KEYS, "level", "code"]))
    )
    both = both.filter(both.priority == both["_first"]).drop("_first")
    names = _names()
    both = both.left_join(names, both.code == names.code)
    scores = both.select(
        *KEYS,
        level=both.level,
        code=both.code,
        name=both.label,
        theme=both.theme,
        kind=both.kind,
        score=both.score,
        percent=ibis.null("float64"),
        responses=both.responses,
        method=ibis.cases((both.priority == 0, "computed"), else_="loaded"),
    )
    return questions.union(scores.select(*OUTPUT)).select(*OUTPUT)


def partner_organisations(tables: Tables) -> ibis.Table:
    orgs = tables["organisations"]
    return orgs.select(
        "org_code", system=orgs.ics_code, place=orgs.place, sector=orgs.sector, org_name=orgs.name
    )


def pooled(scores: ibis.Table, by: list[str]) -> ibis.Table:
    """Scores (and percentages) pooled over organisations by their responses:
    sum(score x n) / sum(n). Keeps the sums so that slices re-aggregate exactly."""
    kept = scores.filter(
        (scores.score.notnull() | scores.percent.notnull()) & (scores.responses > 0)
    )
    keys = [*by, *ROUND[1:], *GROUP, "level", "code", "theme", "kind"]
    n = kept.responses.cast("float64")
    scored_n = ibis.cases((kept.score.notnull(), n), else_=0.0)
    percent_n = ibis.cases((kept.percent.notnull(), n), else_=0.0)
    out = kept.group_by(keys).aggregate(
        name=kept.name.max(),  # wording may differ between organisations
        weighted_total=(kept.score * n).sum(),
        scored_responses=scored_n.sum(),
        percent_total=(kept.percent * n).sum(),
        percent_responses=percent_n.sum(),
        responses=kept.responses.sum(),
        organisations=kept.org_code.nunique(),
    )
    return out.mutate(
        score=ibis.cases(
            (out.scored_responses > 0, out.weighted_total / out.scored_responses),
            else_=ibis.null("float64"),
        ),
        percent=ibis.cases(
            (out.percent_responses > 0, out.percent_total / out.percent_responses),
            else_=ibis.null("float64"),
        ),
    )


def system_scores(tables: Tables, source: str = "auto") -> ibis.Table:
    """Scores for the whole system: its partner organisations pooled by responses."""
    scores = organisation_scores(tables, source)
    partners = partner_organisations(tables)
    scores = scores.join(partners, "org_code")
    return pooled(scores, ["system"])


def survey_scores(
    tables: Tables,
    by: str = "org",
    year: int | None = None,
    survey_type: str | None = "annual",
    levels: tuple[str, ...] = ("sub_score", "theme"),
    source: str = "auto",
) -> ibis.Table:
    """Scores for people to read: per organisation (``by="org"``) or for the system, whole
    organisations (no breakdown), for one survey year or all, at the levels asked for."""
    if by not in ("org", "system"):
        raise ValueError(f"by must be org or system, not {by!r}")
    scores = organisation_scores(tables, source)
    scores = scores.filter(scores.group_dimension.isnull() & scores.level.isin(list(levels)))
    if survey_type is not None:
        scores = scores.filter(scores.survey_type == survey_type)
    if year is not None:
        scores = scores.filter(scores.survey_year == year)
    if by == "system":
        partners = partner_organisations(tables)
        return pooled(scores.join(partners, "org_code"), ["system"])
    return scores
