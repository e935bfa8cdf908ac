"""The NHS Staff Survey People Promise framework as data, versioned by survey year.

Seven People Promise elements and two themes (staff engagement, morale), each scored 0-10
from sub-scores, each sub-score from questions of the annual questionnaire. Question numbers
are those of the questionnaire used since the 2021 survey, when People Promise reporting
began; a later questionnaire that renumbers or moves questions gets a new ``Framework`` with
its own ``first_year``, so older years keep being scored as they were published.

Sources: NHS Staff Survey Coordination Centre, NHS Staff Survey dashboards, "Scores by
organisation" (https://nhssurveys.co.uk/nss/scores_by_org/region), which lists each element's
sub-scores and questions; NHS Staff Survey benchmark reports (2024), "People Promise
elements, themes and sub-scores mapping"; NHS Staff Survey technical document (published with
each year's results at https://www.nhsstaffsurveys.com). Sub-scores marked ``confirmed`` were
checked against the first two; the others follow the technical document as we read it and
are listed in docs/staff-survey.md as assumptions to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SOURCE = (
    "NHS Staff Survey Coordination Centre, NHS Staff Survey dashboards, 'Scores by "
    "organisation' (nhssurveys.co.uk/nss/scores_by_org) and benchmark reports; NHS Staff "
    "Survey technical document (nhsstaffsurveys.com)"
)

ELEMENT = "element"  # a People Promise element
THEME = "theme"  # staff engagement or morale


@dataclass(frozen=True)
class Question:
    """A scored question. ``answers`` counts the answers that score (don't know is left out);
    ``best_only``: only the most favourable answer scores 10, every other 0 (how often an
    incident happened: never is the only good answer)."""

    code: str
    text: str
    answers: int = 5
    best_only: bool = False


@dataclass(frozen=True)
class SubScore:
    code: str
    name: str
    questions: tuple[str, ...]
    confirmed: bool = False  # question list checked against a published source


@dataclass(frozen=True)
class Theme:
    """An element or theme. Without sub-scores of its own (``We are recognised and
    rewarded``) it has one sub-score with its own code, which is not reported separately."""

    code: str
    name: str
    kind: str
    sub_scores: tuple[SubScore, ...]
    aliases: tuple[str, ...] = ()

    @property
    def has_own_sub_scores(self) -> bool:
        return not (len(self.sub_scores) == 1 and self.sub_scores[0].code == self.code)


@dataclass(frozen=True)
class Framework:
    first_year: int
    source: str
    questions: dict[str, Question]
    themes: tuple[Theme, ...]
    last_year: int | None = None
    notes: tuple[str, ...] = field(default=())

    def theme(self, code: str) -> Theme:
        for theme in self.themes:
            if code == theme.code or code in theme.aliases:
                return theme
        raise KeyError(code)

    def sub_score(self, code: str) -> SubScore:
        for theme in self.themes:
            for sub in theme.sub_scores:
                if sub.code == code:
                    return sub
        raise KeyError(code)

    @property
    def elements(self) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.kind == ELEMENT)


def _q(code: str, text: str, answers: int = 5, best_only: bool = False) -> Question:
    return Question(code, text, answers, best_only)


# Question wording is shortened; the questionnaire has the full text.
_QUESTIONS_2021 = (
    _q("q2a", "How often I look forward to going to work"),
    _q("q2b", "How often I am enthusiastic about my job"),
    _q("q2c", "How often time passes quickly when I am working"),
    _q("q3a", "I always know what my work responsibilities are"),
    _q("q3b", "I am trusted to do my job"),
    _q("q3c", "There are frequent opportunities for me to show initiative in my role"),
    _q("q3d", "I am able to make suggestions to improve the work of my team / department"),
    _q("q3e", "I am involved in deciding on changes that affect my work area / team"),
    _q("q3f", "I am able to make improvements happen in my area of work"),
    _q("q3g", "I am able to meet all the conflicting demands on my time at work"),
    _q("q3h", "I have adequate materials, supplies and equipment to do my work"),
    _q("q3i", "There are enough staff at this organisation for me to do my job properly"),
    _q("q4a", "Satisfied with the recognition I get for good work"),
    _q("q4b", "Satisfied with the extent to which my organisation values my work"),
    _q("q4c", "Satisfied with my level of pay"),
    _q("q4d", "Satisfied with the opportunities for flexible working patterns"),
    _q("q5a", "I have unrealistic time pressures"),
    _q("q5b", "I have a choice in deciding how to do my work"),
    _q("q5c", "Relationships at work are strained"),
    _q("q6a", "I feel that my role makes a difference to patients / service users"),
    _q("q6b", "My organisation is committed to helping me balance my work and home life"),
    _q("q6c", "I achieve a good balance between my work life and my home life"),
    _q("q6d", "I can approach my immediate manager to talk openly about flexible working"),
    _q("q7a", "The team I work in has a set of shared objectives"),
    _q("q7b", "The team I work in often meets to discuss the team's effectiveness"),
    _q("q7c", "I receive the respect I deserve from my colleagues at work"),
    _q("q7d", "Team members understand each other's roles"),
    _q("q7e", "I enjoy working with the colleagues in my team"),
    _q("q7f", "My team has enough freedom in how to do its work"),
    _q("q7g", "In my team disagreements are dealt with constructively"),
    _q("q7h", "I feel valued by my team"),
    _q("q7i", "I feel a strong personal attachment to my team"),
    _q("q8b", "The people I work with are understanding and kind to one another"),
    _q("q8c", "The people I work with are polite and treat each other with respect"),
    _q("q8d", "The people I work with show appreciation to one another"),
    _q("q9a", "My immediate manager encourages me at work"),
    _q("q9b", "My immediate manager gives me clear feedback on my work"),
    _q("q9c", "My immediate manager asks for my opinion before making decisions"),
    _q("q9d", "My immediate manager takes a positive interest in my health and well-being"),
    _q("q9e", "My immediate manager values my work"),
    _q("q9f", "My immediate manager works with me to come to an understanding of problems"),
    _q("q9g", "My immediate manager is interested in listening to me about challenges"),
    _q("q9h", "My immediate manager cares about my concerns"),
    _q("q9i", "My immediate manager takes effective action to help me with problems"),
    _q("q11a", "My organisation takes positive action on health and well-being"),
    _q("q11b", "Musculoskeletal problems as a result of work activities", 2),
    _q("q11c", "Felt unwell as a result of work related stress", 2),
    _q("q11d", "Came to work despite not feeling well enough (last three months)", 2),
    _q("q12a", "How often I find my work emotionally exhausting"),
    _q("q12b", "How often I feel burnt out because of my work"),
    _q("q12c", "How often my work frustrates me"),
    _q("q12d", "How often I am exhausted at the thought of another day / shift at work"),
    _q("q12e", "How often I feel worn out at the end of my working day / shift"),
    _q("q12f", "How often every working hour is tiring for me"),
    _q("q12g", "How often I lack energy for family and friends in leisure time"),
    _q("q13a", "Physical violence from patients / service users, relatives or public", 5, True),
    _q("q13b", "Physical violence from managers", 5, True),
    _q("q13c", "Physical violence from other colleagues", 5, True),
    _q("q13d", "The last physical violence experienced was reported", 2),
    _q("q14a", "Harassment, bullying or abuse from patients, relatives or public", 5, True),
    _q("q14b", "Harassment, bullying or abuse from managers", 5, True),
    _q("q14c", "Harassment, bullying or abuse from other colleagues", 5, True),
    _q("q14d", "The last harassment, bullying or abuse experienced was reported", 2),
    _q("q15", "Organisation acts fairly with regard to career progression / promotion", 2),
    _q("q16a", "Discrimination from patients / service users, relatives or public", 2),
    _q("q16b", "Discrimination from a manager, team leader or other colleagues", 2),
    _q("q20a", "I would feel secure raising concerns about unsafe clinical practice"),
    _q("q20b", "I am confident that my organisation would address my concern"),
    _q("q21", "My organisation respects individual differences"),
    _q("q23a", "Had an appraisal or development review in the last 12 months", 2),
    _q("q23b", "The appraisal helped me to improve how I do my job"),
    _q("q23c", "The appraisal helped me agree clear objectives for my work"),
    _q("q24a", "This organisation offers me challenging work"),
    _q("q24b", "There are opportunities for me to develop my career in this organisation"),
    _q("q24c", "I have opportunities to improve my knowledge and skills"),
    _q("q24d", "I feel supported to develop my potential"),
    _q("q24e", "I can access the right learning and development opportunities when I need"),
    _q("q25a", "Care of patients / service users is my organisation's top priority"),
    _q("q25b", "My organisation acts on concerns raised by patients / service users"),
    _q("q25c", "I would recommend my organisation as a place to work"),
    _q("q25d", "If a friend or relative needed treatment I would be happy with the care here"),
    _q("q25e", "I feel safe to speak up about anything that concerns me in this organisation"),
    _q("q25f", "If I spoke up I am confident my organisation would address my concern"),
    _q("q26a", "I often think about leaving this organisation"),
    _q("q26b", "I will probably look for a job at a new organisation in the next 12 months"),
    _q("q26c", "As soon as I can find another job, I will leave this organisation"),
)


def _sub(code: str, name: str, questions: str, confirmed: bool = False) -> SubScore:
    return SubScore(code, name, tuple(questions.split()), confirmed)


PEOPLE_PROMISE_2021 = Framework(
    first_year=2021,
    source=SOURCE,
    questions={q.code: q for q in _QUESTIONS_2021},
    themes=(
        Theme(
            "we_are_compassionate_and_inclusive",
            "We are compassionate and inclusive",
            ELEMENT,
            (
                _sub(
                    "compassionate_culture",
                    "Compassionate culture",
                    "q6a q25a q25b q25c q25d",
                    True,
                ),
                _sub(
                    "compassionate_leadership",
                    "Compassionate leadership",
                    "q9f q9g q9h q9i",
                    True,
                ),
                _sub("diversity_and_equality", "Diversity and equality", "q15 q16a q16b q21", True),
                _sub("inclusion", "Inclusion", "q7h q7i q8b q8c", True),
            ),
            ("people_promise_1", "compassionate_and_inclusive"),
        ),
        Theme(
            "we_are_recognised_and_rewarded",
            "We are recognised and rewarded",
            ELEMENT,
            (
                _sub(
                    "we_are_recognised_and_rewarded",
                    "We are recognised and rewarded",
                    "q4a q4b q4c q8d q9e",
                    True,
                ),
            ),
            ("people_promise_2", "recognised_and_rewarded"),
        ),
        Theme(
            "we_each_have_a_voice_that_counts",
            "We each have a voice that counts",
            ELEMENT,
            (
                _sub("autonomy_and_control", "Autonomy and control", "q3a q3b q3c q3d q3e q3f q5b"),
                _sub("raising_concerns", "Raising concerns", "q20a q20b q25e q25f"),
            ),
            ("people_promise_3", "voice_that_counts"),
        ),
        Theme(
            "we_are_safe_and_healthy",
            "We are safe and healthy",
            ELEMENT,
            (
                _sub(
                    "health_and_safety_climate",
                    "Health and safety climate",
                    "q3g q3h q3i q5a q11a q13d q14d",
                ),
                _sub("burnout", "Burnout", "q12a q12b q12c q12d q12e q12f q12g"),
                _sub(
                    "negative_experiences",
                    "Negative experiences",
                    "q11b q11c q11d q13a q13b q13c q14a q14b q14c",
                ),
            ),
            ("people_promise_4", "safe_and_healthy"),
        ),
        Theme(
            "we_are_always_learning",
            "We are always learning",
            ELEMENT,
            (
                _sub("development", "Development", "q24a q24b q24c q24d q24e"),
                _sub("appraisals", "Appraisals", "q23a q23b q23c"),
            ),
            ("people_promise_5", "always_learning"),
        ),
        Theme(
            "we_work_flexibly",
            "We work flexibly",
            ELEMENT,
            (
                _sub(
                    "support_for_work_life_balance", "Support for work-life balance", "q6b q6c q6d"
                ),
                _sub("flexible_working", "Flexible working", "q4d"),
            ),
            ("people_promise_6", "work_flexibly"),
        ),
        Theme(
            "we_are_a_team",
            "We are a team",
            ELEMENT,
            (
                _sub("team_working", "Team working", "q7a q7b q7c q7d q7e q7f q7g"),
                _sub("line_management", "Line management", "q9a q9b q9c q9d"),
            ),
            ("people_promise_7", "a_team"),
        ),
        Theme(
            "staff_engagement",
            "Staff engagement",
            THEME,
            (
                _sub("motivation", "Motivation", "q2a q2b q2c"),
                _sub("involvement", "Involvement", "q3c q3d q3f"),
                _sub("advocacy", "Advocacy", "q25a q25c q25d"),
            ),
            ("engagement",),
        ),
        Theme(
            "morale",
            "Morale",
            THEME,
            (
                _sub("thinking_about_leaving", "Thinking about leaving", "q26a q26b q26c"),
                _sub("work_pressure", "Work pressure", "q3g q3h q3i"),
                _sub("stressors", "Stressors", "q3a q3e q5a q5b q5c q7c q9a"),
            ),
            ("staff_morale",),
        ),
    ),
    notes=(
        "Question numbers of the 2021 questionnaire, used for People Promise reporting from the "
        "2021 survey; check each later year's technical document for renumbered questions.",
    ),
)

FRAMEWORKS: tuple[Framework, ...] = (PEOPLE_PROMISE_2021,)

ELEMENT_CODES = tuple(t.code for t in PEOPLE_PROMISE_2021.elements)
THEME_CODES = tuple(t.code for t in PEOPLE_PROMISE_2021.themes)


def framework_for(year: int) -> Framework | None:
    """The framework a survey year was scored with; None before People Promise reporting."""
    for framework in sorted(FRAMEWORKS, key=lambda f: f.first_year, reverse=True):
        if framework.first_year <= year and (framework.last_year or year) >= year:
            return framework
    return None


_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_code(text: str) -> str:
    """An item code as matched against the framework: lower case, words joined by ``_``
    (``Q2a`` -> ``q2a``; ``We are a team`` -> ``we_are_a_team``)."""
    return _NON_WORD.sub("_", text.strip().lower()).strip("_")


def question_rows() -> list[dict]:
    """One row per framework year, theme, sub-score and question, for joining in Ibis."""
    rows = []
    for framework in FRAMEWORKS:
        for theme in framework.themes:
            for sub in theme.sub_scores:
                for code in sub.questions:
                    question = framework.questions[code]
                    rows.append(
                        {
                            "first_year": framework.first_year,
                            "last_year": framework.last_year or 9999,
                            "theme": theme.code,
                            "theme_kind": theme.kind,
                            "sub_score": sub.code,
                            "own_sub_score": theme.has_own_sub_scores,
                            "question": code,
                            "best_only": question.best_only,
                            "sub_questions": len(sub.questions),
                            "theme_sub_scores": len(theme.sub_scores),
                        }
                    )
    return rows


def code_rows() -> list[dict]:
    """Every accepted code of a sub-score or theme (names and aliases too), with its level
    and canonical code, so results loaded at those levels are recognised."""
    rows = []
    for framework in FRAMEWORKS:
        span = {"first_year": framework.first_year, "last_year": framework.last_year or 9999}
        for theme in framework.themes:
            for alias in {theme.code, normalise_code(theme.name), *theme.aliases}:
                rows.append(span | {"level": "theme", "spelling": alias, "code": theme.code})
            if not theme.has_own_sub_scores:
                continue
            for sub in theme.sub_scores:
                for alias in {sub.code, normalise_code(sub.name)}:
                    rows.append(span | {"level": "sub_score", "spelling": alias, "code": sub.code})
    return sorted(rows, key=lambda r: (r["first_year"], r["level"], r["spelling"]))
