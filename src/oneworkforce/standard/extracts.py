"""Data standard v1: one definition per extract (columns, codes, rules, scope).

The warehouse, the loader, ``docs/data-standard.md`` and the synthetic ICS all read these
definitions, so the standard is written once. Version numbers change whenever a column or a
rule changes, and every load records the version it was checked against.
"""

from __future__ import annotations

from oneworkforce.standard import codes as C
from oneworkforce.standard.model import Column, Derived, Extract, RowRule
from oneworkforce.standard.published import PUBLISHED_ORGANISATIONS, PUBLISHED_SICKNESS_ABSENCE
from oneworkforce.standard.types import (
    Boolean,
    Code,
    Date,
    Decimal,
    Identifier,
    Integer,
    Month,
    OrgCode,
    Text,
)

# Shared columns -------------------------------------------------------------------------

ORG = Column(
    "org_code",
    OrgCode(),
    True,
    "ODS code of the employing organisation.",
    ("organisation_code", "org", "ods_code", "organisation", "employing_organisation_code"),
)
PERSON = Column(
    "person_id",
    Identifier("person"),
    True,
    "Identifier of the person, the same in every partner's extract (NHS number or the "
    "system's person identifier), so that moves between partners can be followed.",
    ("employee_number", "person_number", "staff_number", "esr_person_id", "unique_nat_identifier"),
)
ASSIGNMENT = Column(
    "assignment_id",
    Identifier("assignment", scope_column="org_code"),
    True,
    "Assignment number; unique within the organisation.",
    ("assignment_number", "assignment"),
)
STAFF_GROUP = Column(
    "staff_group",
    Code(C.STAFF_GROUP),
    True,
    "Staff group.",
    ("staff_group_name", "esr_staff_group"),
)
BAND = Column(
    "band",
    Code(C.BAND),
    True,
    "Agenda for Change band, VSM or medical grade.",
    ("grade", "pay_band", "afc_band", "agenda_for_change_band", "grade_code"),
)
GENDER = Column("gender", Code(C.GENDER), True, "Person stated gender.", ("sex",))
ETHNIC = Column(
    "ethnic_category",
    Code(C.ETHNIC_CATEGORY),
    True,
    "NHS Data Dictionary ethnic category.",
    ("ethnic_origin", "ethnicity", "ethnic_group"),
)
DISABILITY = Column(
    "disability", Code(C.DISABILITY), True, "Declared disability.", ("disability_flag", "disabled")
)
AGE_BAND = Column(
    "age_band", Code(C.STAFF_AGE_BAND), False, "Age band, if the date of birth is not shared."
)
COST_CENTRE = Column("cost_centre", Text(50), False, "Cost centre code.", ("cost_centre_code",))
DEPARTMENT = Column("department", Text(100), False, "Department or team.", ("team", "directorate"))


def _age_band_sql(age: str) -> str:
    return (
        f"CASE WHEN {age} IS NULL THEN NULL WHEN {age} < 25 THEN 'under_25' "
        f"WHEN {age} >= 70 THEN '70_plus' "
        f"ELSE CAST(({age} // 5) * 5 AS VARCHAR) || '_' || CAST(({age} // 5) * 5 + 4 AS VARCHAR) END"
    )


_AGE_YEARS = "CAST(date_part('year', age(snapshot_date, date_of_birth)) AS INTEGER)"

# Extracts ---------------------------------------------------------------------------------

ORGANISATIONS = Extract(
    name="organisations",
    version="1.0",
    title="Organisations",
    description="The partner organisations of the system. Load this first: every other "
    "extract's organisation codes must be registered here.",
    columns=(
        Column("org_code", OrgCode(registered=False), True, "ODS code.", ("ods_code", "code")),
        Column("name", Text(200), True, "Organisation name.", ("org_name", "organisation_name")),
        Column("sector", Code(C.SECTOR), True, "Sector.", ("org_type", "organisation_type")),
        Column("place", Text(100), True, "Place (borough or locality) within the ICS."),
        Column(
            "ics_code",
            Text(10, pattern="[A-Z0-9]{3,5}", pattern_help="ODS code of the ICB", upper=True),
            True,
            "ODS code of the integrated care board.",
            ("icb_code",),
        ),
        Column("ics_name", Text(200), False, "Name of the ICS.", ("icb_name",)),
        Column(
            "parent_org_code",
            OrgCode(registered=False),
            False,
            "Parent organisation (a practice's PCN, for instance).",
        ),
        Column("region", Text(100), False, "NHS England region.", ("nhse_region_name",)),
    ),
    scope=("org_code",),
    unique=("org_code",),
    person_level=False,
)

STAFF_IN_POST = Extract(
    name="staff_in_post",
    version="1.1",
    title="Staff in post",
    description="Monthly snapshot, one row per person assignment in post on the snapshot date.",
    columns=(
        PERSON,
        ASSIGNMENT,
        ORG,
        Column(
            "snapshot_date",
            Date(),
            True,
            "Date of the snapshot (normally the last day of the month).",
            ("effective_date", "extract_date", "census_date"),
        ),
        STAFF_GROUP,
        Column(
            "occupation_code",
            Text(
                3, pattern="[A-Z0-9]{3}", pattern_help="3-character NHS occupation code", upper=True
            ),
            False,
            "NHS occupation code.",
        ),
        Column("job_role", Text(100), False, "Job role.", ("role",)),
        BAND,
        Column(
            "fte",
            Decimal(0, 1.5),
            True,
            "Contracted whole-time equivalent of the assignment (contracted hours / standard "
            "hours; 0 for bank assignments).",
            ("wte", "contracted_wte", "assignment_fte", "fte_contracted"),
        ),
        Column(
            "contract_type",
            Code(C.CONTRACT_TYPE),
            True,
            "Permanent, fixed term or bank.",
            ("assignment_category", "employee_category"),
        ),
        Column(
            "start_date",
            Date(),
            True,
            "Date the person started in this organisation.",
            ("date_started", "hire_date", "latest_start_date", "org_start_date"),
        ),
        Column(
            "date_of_birth",
            Date(),
            False,
            "Date of birth: used to work out age at the snapshot, then discarded.",
            ("dob", "birth_date"),
            stored=False,
        ),
        AGE_BAND,
        GENDER,
        ETHNIC,
        DISABILITY,
        Column(
            "nationality_group", Code(C.ORIGIN_GROUP), False, "Nationality group.", ("nationality",)
        ),
        Column(
            "qualification_country_group",
            Code(C.ORIGIN_GROUP),
            False,
            "Where the person first qualified (international recruitment).",
            ("country_of_qualification_group", "country_of_qualification"),
        ),
        Column(
            "trained_locally",
            Boolean(),
            False,
            "Trained with an education provider in the ICS.",
        ),
        Column(
            "qualified_date",
            Date(),
            False,
            "Date of first professional registration or qualification.",
            ("registration_date", "qualification_date"),
        ),
        Column(
            "apprenticeship",
            Boolean(),
            False,
            "The assignment is an apprenticeship (the person is training on the job).",
            ("apprentice", "apprenticeship_flag", "is_apprentice"),
        ),
        Column("sexual_orientation", Code(C.SEXUAL_ORIENTATION), False, "Sexual orientation."),
        Column("religion", Code(C.RELIGION), False, "Religion or belief.", ("religious_belief",)),
        COST_CENTRE,
        DEPARTMENT,
        Column(
            "nhs_number",
            Identifier("nhs_number", format="nhs_number"),
            False,
            "NHS number (pseudonymised).",
        ),
        Column(
            "ni_number",
            Identifier("ni_number", format="ni_number"),
            False,
            "National Insurance number (pseudonymised).",
            ("national_insurance_number",),
        ),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "assignment_id", "period"),
    period_column="snapshot_date",
    one_of=(("date_of_birth", "age_band"),),
    row_rules=(
        RowRule(
            "age.present",
            "date_of_birth IS NOT NULL OR age_band IS NOT NULL",
            "give a date of birth or an age band",
            "date_of_birth",
        ),
        RowRule(
            "date_of_birth.working_age",
            f"date_of_birth IS NULL OR {_AGE_YEARS} BETWEEN 14 AND 100",
            "age at the snapshot must be 14 to 100",
            "date_of_birth",
        ),
        RowRule(
            "start_date.not_after_snapshot",
            "start_date <= snapshot_date",
            "start date is after the snapshot date",
            "start_date",
        ),
        RowRule(
            "fte.positive_unless_bank",
            "fte > 0 OR contract_type = 'bank'",
            "FTE must be above 0 for permanent and fixed-term assignments",
            "fte",
        ),
    ),
    derived=(
        Derived("age_years", "INTEGER", _AGE_YEARS, "Age in whole years at the snapshot date."),
        Derived(
            "age_band_at_snapshot",
            "VARCHAR",
            f"COALESCE({_age_band_sql(_AGE_YEARS)}, age_band)",
            "Age band at the snapshot: from the date of birth where given, else `age_band`.",
        ),
    ),
)

ESTABLISHMENT = Extract(
    name="establishment",
    version="1.0",
    title="Establishment",
    description="Budgeted (funded) FTE by organisation, cost centre, staff group, band and month.",
    columns=(
        ORG,
        Column("period", Month(), True, "Month of the budget.", ("month", "budget_month")),
        STAFF_GROUP,
        Column("band", Code(C.BAND), False, "Band or grade of the budgeted posts.", BAND.aliases),
        COST_CENTRE,
        DEPARTMENT,
        Column(
            "budgeted_fte",
            Decimal(0, 100_000),
            True,
            "Funded FTE.",
            ("establishment_fte", "budget_wte", "funded_fte", "budgeted_wte"),
        ),
    ),
    scope=("org_code", "period"),
    period_column="period",
    person_level=False,
    notes=("Lines with the same organisation, cost centre, group and band are added together.",),
)

LEAVERS = Extract(
    name="leavers",
    version="1.0",
    title="Leavers",
    description="One row per assignment that ended.",
    columns=(
        PERSON,
        ASSIGNMENT,
        ORG,
        Column("leaving_date", Date(), True, "Last day of the assignment.", ("termination_date",)),
        Column(
            "reason",
            Code(C.LEAVING_REASON),
            True,
            "Reason for leaving.",
            ("leaving_reason", "reason_for_leaving"),
        ),
        Column(
            "destination",
            Code(C.LEAVER_DESTINATION),
            False,
            "Destination on leaving.",
            ("destination_on_leaving",),
        ),
        Column(
            "destination_org_code",
            OrgCode(registered=False),
            False,
            "ODS code of the destination organisation, where known.",
        ),
        Column("staff_group", Code(C.STAFF_GROUP), False, "Staff group.", STAFF_GROUP.aliases),
        Column("band", Code(C.BAND), False, "Band or grade.", BAND.aliases),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "assignment_id", "leaving_date"),
    period_column="leaving_date",
)

SICKNESS_ABSENCE = Extract(
    name="sickness_absence",
    version="1.0",
    title="Sickness absence episodes",
    description="One row per sickness absence episode.",
    columns=(
        PERSON,
        Column(
            "assignment_id",
            ASSIGNMENT.type,
            False,
            ASSIGNMENT.description,
            ASSIGNMENT.aliases,
        ),
        ORG,
        Column("staff_group", Code(C.STAFF_GROUP), False, "Staff group.", STAFF_GROUP.aliases),
        Column("start_date", Date(), True, "First day of absence.", ("absence_start_date",)),
        Column(
            "end_date",
            Date(),
            False,
            "Last day of absence (empty while open).",
            ("absence_end_date",),
        ),
        Column(
            "fte_days_lost",
            Decimal(0, 366),
            True,
            "FTE days lost (calendar days x FTE).",
            ("fte_days", "days_lost"),
        ),
        Column(
            "reason",
            Code(C.SICKNESS_REASON),
            True,
            "Absence reason (S10 to S99).",
            ("absence_reason", "sickness_reason"),
        ),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "person_id", "assignment_id", "start_date", "reason"),
    period_column="start_date",
    row_rules=(
        RowRule(
            "end_date.not_before_start",
            "end_date IS NULL OR end_date >= start_date",
            "episode ends before it starts",
            "end_date",
        ),
        RowRule(
            "fte_days_lost.within_episode",
            "end_date IS NULL OR fte_days_lost <= 1.5 * (date_diff('day', start_date, end_date) + 1)",
            "more FTE days lost than calendar days x the largest FTE (1.5) in the episode",
            "fte_days_lost",
        ),
    ),
)

SICKNESS_AGGREGATE = Extract(
    name="sickness_absence_aggregate",
    version="1.0",
    title="Sickness absence (aggregate)",
    description="FTE days lost and available by organisation, staff group and month, for "
    "partners who share totals rather than episodes.",
    columns=(
        ORG,
        Column(
            "staff_group",
            Code(C.STAFF_GROUP),
            False,
            "Staff group (empty for all staff).",
            STAFF_GROUP.aliases,
        ),
        Column("period", Month(), True, "Month.", ("month", "date")),
        Column("fte_days_lost", Decimal(0), True, "FTE days lost to sickness.", ("fte_days_sick",)),
        Column(
            "fte_days_available",
            Decimal(0, exclusive_minimum=True),
            True,
            "FTE days available.",
        ),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "staff_group", "period"),
    period_column="period",
    person_level=False,
    row_rules=(
        RowRule(
            "fte_days_lost.within_available",
            "fte_days_lost <= fte_days_available",
            "more days lost than available",
            "fte_days_lost",
        ),
    ),
)

TEMPORARY_STAFFING = Extract(
    name="temporary_staffing",
    version="1.0",
    title="Temporary staffing",
    description="Bank and agency hours, shifts and cost by organisation, staff group and month.",
    columns=(
        ORG,
        Column("period", Month(), True, "Month.", ("month",)),
        STAFF_GROUP,
        Column("staffing_type", Code(C.STAFFING_TYPE), True, "Bank or agency.", ("type",)),
        Column("hours", Decimal(0), True, "Hours worked.", ("hours_worked",)),
        Column("shifts", Integer(0), False, "Shifts filled.", ("shifts_filled",)),
        Column("cost", Decimal(0), True, "Cost in pounds.", ("spend", "cost_gbp")),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "period", "staff_group", "staffing_type"),
    period_column="period",
    person_level=False,
)

PAY_BILL = Extract(
    name="pay_bill",
    version="1.0",
    title="Pay bill",
    description="Substantive pay cost by organisation, staff group and month, from the "
    "ledger; with bank and agency cost from temporary staffing it makes the whole pay bill.",
    columns=(
        ORG,
        Column("period", Month(), True, "Month.", ("month",)),
        Column(
            "staff_group",
            Code(C.STAFF_GROUP),
            False,
            "Staff group (empty for all staff).",
            STAFF_GROUP.aliases,
        ),
        Column(
            "substantive_cost",
            Decimal(0),
            True,
            "Cost of permanent and fixed-term staff in pounds, including employer on-costs.",
            ("substantive_pay", "substantive_spend", "pay_cost"),
        ),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "period", "staff_group"),
    period_column="period",
    person_level=False,
)

TRAINING_RENEWAL = Extract(
    name="training_renewal",
    version="1.0",
    title="Training renewal periods",
    description="How often each organisation requires each statutory and mandatory subject "
    "to be renewed. Subjects an organisation does not list use the Core Skills Training "
    "Framework's usual periods.",
    columns=(
        ORG,
        Column("subject", Code(C.CSTF_SUBJECT), True, "CSTF subject.", ("competence", "course")),
        Column("level", Code(C.TRAINING_LEVEL), False, "CSTF level (empty for every level)."),
        Column(
            "renewal_months",
            Integer(1, 120),
            True,
            "Months a completion stays valid.",
            ("renewal_period_months", "valid_months"),
        ),
    ),
    scope=("org_code",),
    unique=("org_code", "subject", "level"),
    person_level=False,
)

TRAINING = Extract(
    name="training",
    version="1.0",
    title="Statutory and mandatory training",
    description="Completions of Core Skills Training Framework subjects. Each load replaces "
    "the organisation's records, so send every current record.",
    columns=(
        PERSON,
        ORG,
        Column("subject", Code(C.CSTF_SUBJECT), True, "CSTF subject.", ("competence", "course")),
        Column("level", Code(C.TRAINING_LEVEL), False, "CSTF level where it has levels."),
        Column("completed_date", Date(), True, "Date completed.", ("completion_date",)),
        Column("expiry_date", Date(), False, "Date it expires.", ("expiry", "renewal_date")),
    ),
    scope=("org_code",),
    unique=("org_code", "person_id", "subject", "level", "completed_date"),
    row_rules=(
        RowRule(
            "expiry_date.after_completion",
            "expiry_date IS NULL OR expiry_date > completed_date",
            "expires on or before completion",
            "expiry_date",
        ),
    ),
)

RECRUITMENT = Extract(
    name="recruitment",
    version="1.0",
    title="Recruitment",
    description="One row per applicant per vacancy, at the furthest stage reached.",
    columns=(
        Column(
            "vacancy_id",
            Text(50),
            True,
            "Vacancy reference.",
            ("vacancy_reference", "job_reference"),
        ),
        ORG,
        Column(
            "applicant_id",
            Identifier("applicant"),
            True,
            "Applicant pseudonym from the recruitment system (pseudonymised again on load).",
            ("applicant", "candidate_id"),
        ),
        Column("application_date", Date(), True, "Date of application."),
        Column("stage", Code(C.RECRUITMENT_STAGE), True, "Furthest stage reached.", ("status",)),
        Column("staff_group", Code(C.STAFF_GROUP), False, "Staff group.", STAFF_GROUP.aliases),
        Column("band", Code(C.BAND), False, "Band or grade.", BAND.aliases),
        GENDER,
        ETHNIC,
        DISABILITY,
        AGE_BAND,
    ),
    scope=("org_code", "period"),
    unique=("org_code", "vacancy_id", "applicant_id"),
    period_column="application_date",
)

PAY = Extract(
    name="pay",
    version="1.0",
    title="Pay",
    description="Hourly pay and bonus of each relevant employee at a snapshot date (31 March "
    "for the gender pay gap).",
    columns=(
        PERSON,
        ORG,
        Column("snapshot_date", Date(), True, "Snapshot date."),
        Column(
            "hourly_pay", Decimal(0, 1000, exclusive_minimum=True), True, "Ordinary hourly pay (£)."
        ),
        Column(
            "bonus_pay",
            Decimal(0),
            False,
            "Bonus paid in the 12 months to the snapshot (£; empty or 0 for none).",
        ),
        Column(
            "full_pay_relevant",
            Boolean(),
            False,
            "A full-pay relevant employee (empty means yes).",
        ),
        GENDER,
        Column("ethnic_category", ETHNIC.type, False, ETHNIC.description, ETHNIC.aliases),
        Column("disability", DISABILITY.type, False, DISABILITY.description, DISABILITY.aliases),
        Column("staff_group", Code(C.STAFF_GROUP), False, "Staff group.", STAFF_GROUP.aliases),
        Column("band", Code(C.BAND), False, "Band or grade.", BAND.aliases),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "person_id", "snapshot_date"),
    period_column="snapshot_date",
)

# A question's answers, ordered from the least to the most favourable, are shared out over at
# most this many columns (option_1 ... option_7); scales with more answers (0-10) send the
# item score instead.
SURVEY_MAX_OPTIONS = 7
SURVEY_OPTIONS = tuple(f"option_{k}" for k in range(1, SURVEY_MAX_OPTIONS + 1))
_SURVEY_MEASURE = (
    "coalesce(measure, CASE WHEN item_type = 'question' THEN 'percent' ELSE 'score' END)"
)
_SURVEY_SHARES = "(" + " + ".join(f"coalesce({o}, 0)" for o in SURVEY_OPTIONS) + ")"
# Annual survey: October of the survey year (fieldwork runs from September to December);
# pulse: the middle month of the calendar quarter. Guarded so a bad value never errors.
_SURVEY_REFERENCE_MONTH = (
    "CASE WHEN survey_year BETWEEN 2000 AND 2100 "
    "AND (survey_type = 'annual' OR quarter BETWEEN 1 AND 4) "
    "THEN make_date(CAST(survey_year AS INTEGER), "
    "CASE WHEN survey_type = 'pulse' THEN CAST(quarter AS INTEGER) * 3 - 1 ELSE 10 END, 1) END"
)


def _survey_option(k: int) -> Column:
    which = "the least favourable answer" if k == 1 else f"answer {k} from the least favourable"
    return Column(
        f"option_{k}",
        Decimal(0, 100),
        False,
        f"% of responses choosing {which} (option_N, the last given, is the most favourable).",
        (f"answer_{k}", f"pct_{k}"),
    )


STAFF_SURVEY = Extract(
    name="staff_survey",
    version="1.1",
    title="Staff survey",
    description="NHS Staff Survey and pulse survey results by organisation: questions (as a "
    "percentage, an item score out of 10 or the share of responses choosing each answer), "
    "sub-scores and People Promise themes, optionally broken down by a group.",
    columns=(
        Column(
            "org_code",
            OrgCode(registered=False),
            True,
            "ODS code of the organisation: a partner registered in `organisations`, or any "
            "organisation for results as published nationally (`published`).",
            ORG.aliases,
        ),
        Column(
            "survey_year",
            Integer(2000, 2100),
            True,
            "Survey year: the year of fieldwork (the 2024 survey ran in autumn 2024).",
            ("year",),
        ),
        Column("survey_type", Code(C.SURVEY_TYPE), True, "Annual survey or quarterly pulse."),
        Column(
            "quarter",
            Integer(1, 4),
            False,
            "Calendar quarter of the survey year, for pulse surveys (1 = January to March).",
        ),
        Column("item_type", Code(C.SURVEY_ITEM_TYPE), True, "Question, sub-score or theme."),
        Column(
            "item_code",
            Text(60),
            True,
            "Question number as in the questionnaire (e.g. q2a), or the code of a sub-score or "
            "theme (see docs/staff-survey.md); pulse questions may have any code.",
            ("question", "theme"),
        ),
        Column("item_text", Text(500), False, "Wording of the question or theme."),
        Column("group_dimension", Text(40), False, "Breakdown dimension (e.g. ethnic_group)."),
        Column("group_value", Text(60), False, "Breakdown value (e.g. BME)."),
        Column(
            "responses",
            Integer(0),
            True,
            "Number of responses (to the question; respondents for a sub-score or theme).",
            ("n", "base"),
        ),
        Column(
            "score",
            Decimal(0, 100),
            False,
            "Result: a percentage or a score out of 10 (see `measure`); may be empty for a "
            "question given as shares of answers.",
            ("value",),
        ),
        Column(
            "measure",
            Code(C.SURVEY_MEASURE),
            False,
            "What `score` holds. Empty: a score out of 10 for sub-scores and themes, a "
            "percentage for questions.",
        ),
        Column(
            "published",
            Boolean(),
            False,
            "Yes for results as the NHS Staff Survey publishes them (weighted), which may be for "
            "any organisation in England, to benchmark and rank; empty or no for the "
            "organisation's own results (unweighted).",
            ("national", "weighted"),
        ),
        Column(
            "options",
            Integer(2, SURVEY_MAX_OPTIONS),
            False,
            "Number of answers on the question's scale, given in `option_1` to `option_N`.",
            ("answers", "scale_points"),
        ),
        *(_survey_option(k) for k in range(1, SURVEY_MAX_OPTIONS + 1)),
    ),
    scope=("org_code", "reference_month", "source"),
    unique=(
        "org_code",
        "survey_year",
        "survey_type",
        "quarter",
        "published",
        "item_code",
        "group_dimension",
        "group_value",
    ),
    person_level=False,
    row_rules=(
        RowRule(
            "org_code.registered",
            "coalesce(published, FALSE) OR org_code IN (SELECT org_code FROM organisations)",
            "organisation not in the organisations extract (load it first; results for other "
            "organisations as published nationally say `published`)",
            "org_code",
        ),
        RowRule(
            "quarter.pulse",
            "(survey_type = 'pulse') = (quarter IS NOT NULL)",
            "a pulse survey gives its quarter (1 to 4); the annual survey gives none",
            "quarter",
        ),
        RowRule(
            "score.present",
            "score IS NOT NULL OR options IS NOT NULL",
            "no result: give a score, or the number of answers and the share choosing each",
            "score",
        ),
        RowRule(
            "score.out_of_ten",
            f"score IS NULL OR score <= 10 OR {_SURVEY_MEASURE} = 'percent'",
            "a score out of 10 above 10 (for a percentage, say `percent` in `measure`)",
            "score",
        ),
        RowRule(
            "measure.questions_only",
            f"item_type = 'question' OR {_SURVEY_MEASURE} = 'score'",
            "sub-scores and themes are scores out of 10, not percentages",
            "measure",
        ),
        RowRule(
            "options.questions_only",
            "options IS NULL OR item_type = 'question'",
            "shares of answers are given for questions only",
            "options",
        ),
        RowRule(
            "options.shares_given",
            " AND ".join(
                f"(({o} IS NOT NULL) = (coalesce(options, 0) >= {k}))"
                for k, o in enumerate(SURVEY_OPTIONS, start=1)
            ),
            "give option_1 to option_N for N answers (options), and no other option column",
            "options",
        ),
        RowRule(
            "options.shares_total",
            f"options IS NULL OR ({_SURVEY_SHARES} > 0 "
            f"AND {_SURVEY_SHARES} <= 100 + 0.5 * options)",
            "the shares of answers add up to nothing, or to more than 100 % (beyond rounding)",
            "options",
        ),
    ),
    derived=(
        Derived(
            "reference_month",
            "DATE",
            _SURVEY_REFERENCE_MONTH,
            "the month a result stands for in monthly series: October of the survey year for "
            "the annual survey (fieldwork runs from September), the middle month of the "
            "quarter for a pulse (February, May, August, November).",
        ),
        Derived(
            "source",
            "VARCHAR",
            "CASE WHEN published THEN 'published' ELSE 'local' END",
            "`published` for results as published nationally, `local` for the organisation's "
            "own, so that loading one never replaces the other.",
        ),
    ),
    notes=(
        "A question's answers run from the least favourable (`option_1`) to the most "
        "favourable; shares of answers left out of scoring (don't know, not applicable) are "
        "left out. Scores are worked out as docs/staff-survey.md describes.",
        "A load replaces the organisation's results for the same survey round (annual year or "
        "pulse quarter) and source (own or published).",
    ),
)

POPULATION = Extract(
    name="population",
    version="1.0",
    title="Resident population",
    description="Resident population by place, year, age band, sex and ethnic group.",
    columns=(
        Column("place", Text(100), True, "Place, as named in the organisations extract."),
        Column("year", Integer(1990, 2100), True, "Year of the estimate or projection."),
        Column("age_band", Code(C.POPULATION_AGE_BAND), True, "Five-year age band."),
        Column("sex", Code(C.POPULATION_SEX), True, "Sex."),
        Column(
            "ethnic_group",
            Code(C.POPULATION_ETHNIC_GROUP),
            False,
            "Ethnic group (empty when not broken down).",
        ),
        Column("population", Integer(0), True, "Number of residents.", ("count", "persons")),
    ),
    scope=("place", "year"),
    unique=("place", "year", "age_band", "sex", "ethnic_group"),
    person_level=False,
)

# Equality standards (WRES and WDES) -------------------------------------------------------

EMPLOYEE_RELATIONS = Extract(
    name="employee_relations",
    version="1.0",
    title="Employee relations cases",
    description="One row per disciplinary or capability case: who, when it entered the formal "
    "process and the furthest stage reached (WRES indicator 3, WDES metric 3).",
    columns=(
        Column(
            "case_id",
            Text(50),
            True,
            "Case reference, unique within the organisation.",
            ("case_reference", "case_number", "case_ref"),
        ),
        PERSON,
        ORG,
        Column(
            "start_date",
            Date(),
            True,
            "Date the case entered the formal process: the formal investigation began "
            "(disciplinary) or the formal capability procedure started; for a case that stayed "
            "informal, the date it was opened.",
            ("case_start_date", "date_opened", "formal_start_date", "investigation_start_date"),
        ),
        Column(
            "process",
            Code(C.EMPLOYEE_RELATIONS_PROCESS),
            True,
            "Disciplinary or capability.",
            ("case_type", "procedure"),
        ),
        Column(
            "capability_reason",
            Code(C.CAPABILITY_REASON),
            False,
            "For a capability case: performance or ill health (WDES metric 3 leaves ill health "
            "out); empty for a disciplinary case.",
            ("capability_grounds", "capability_type"),
        ),
        Column(
            "stage",
            Code(C.EMPLOYEE_RELATIONS_STAGE),
            True,
            "Furthest stage reached so far.",
            ("stage_reached", "furthest_stage"),
        ),
        Column(
            "end_date",
            Date(),
            False,
            "Date the case closed (empty while open).",
            ("date_closed", "closed_date", "case_end_date"),
        ),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "case_id"),
    period_column="start_date",
    row_rules=(
        RowRule(
            "capability_reason.given",
            "process <> 'capability' OR capability_reason IS NOT NULL",
            "a capability case says whether it is about performance or ill health",
            "capability_reason",
        ),
        RowRule(
            "capability_reason.capability_only",
            "capability_reason IS NULL OR process = 'capability'",
            "only a capability case has a capability reason",
            "capability_reason",
        ),
        RowRule(
            "end_date.not_before_start",
            "end_date IS NULL OR end_date >= start_date",
            "case closes before it starts",
            "end_date",
        ),
    ),
    notes=(
        "Ethnicity, disability and contract are not sent: the metrics take them from the "
        "person's staff in post record in the organisation in the month the case started (or "
        "the latest month before it, up to a year). A case that cannot be linked counts as "
        "ethnicity not stated and disability not declared.",
        "A load replaces the organisation's cases that started in the months the file covers: "
        "send every case that started in those months, with its latest stage.",
    ),
)

CPD = Extract(
    name="cpd",
    version="1.0",
    title="Non-mandatory training and CPD",
    description="One row per person per non-mandatory course or continuing professional "
    "development activity accessed (WRES indicator 4). Statutory and mandatory training goes "
    "in `training`.",
    columns=(
        PERSON,
        ORG,
        Column(
            "activity_date",
            Date(),
            True,
            "Date the course or activity started.",
            ("course_date", "event_date", "course_start_date", "date_attended"),
        ),
        Column(
            "kind",
            Code(C.CPD_KIND),
            True,
            "Non-mandatory training or CPD.",
            ("learning_type", "activity_type", "training_type"),
        ),
        Column(
            "course",
            Text(100),
            False,
            "Course or activity code or title.",
            ("course_code", "course_title", "course_name"),
        ),
        Column(
            "funded",
            Boolean(),
            False,
            "Funded or supported by the organisation (fees or study leave).",
            ("employer_funded", "organisation_funded"),
        ),
        Column(
            "hours",
            Decimal(0, 2000),
            False,
            "Learning hours.",
            ("learning_hours", "duration_hours"),
        ),
    ),
    scope=("org_code", "period"),
    unique=("org_code", "person_id", "activity_date", "kind", "course"),
    period_column="activity_date",
    notes=(
        "Every record counts, funded or not: WRES indicator 4 asks who accessed non-mandatory "
        "training or CPD. Ethnicity comes from staff in post.",
    ),
)

BOARD_MEMBERS = Extract(
    name="board_members",
    version="1.0",
    title="Board members",
    description="The organisation's board at a snapshot date (31 March for WRES indicator 9 "
    "and WDES metric 10): one row per member, voting or not, executive or not.",
    columns=(
        ORG,
        Column(
            "person_id",
            Identifier("person"),
            True,
            "Identifier of the member: the person identifier for executives on the payroll, any "
            "stable reference for the others.",
            ("member_id", "board_member_id", "employee_number"),
        ),
        Column(
            "snapshot_date",
            Date(),
            True,
            "Date of the snapshot (31 March for WRES and WDES).",
            ("effective_date", "census_date"),
        ),
        Column("voting", Boolean(), True, "A voting member of the board.", ("voting_member",)),
        Column(
            "executive",
            Boolean(),
            True,
            "An executive member (the chair and non-executive directors are not).",
            ("executive_member",),
        ),
        Column("gender", GENDER.type, False, GENDER.description, GENDER.aliases),
        ETHNIC,
        DISABILITY,
    ),
    scope=("org_code", "period"),
    unique=("org_code", "person_id", "period"),
    period_column="snapshot_date",
)

EXTRACTS: dict[str, Extract] = {
    e.name: e
    for e in (
        ORGANISATIONS,
        STAFF_IN_POST,
        ESTABLISHMENT,
        LEAVERS,
        SICKNESS_ABSENCE,
        SICKNESS_AGGREGATE,
        TEMPORARY_STAFFING,
        PAY_BILL,
        TRAINING,
        TRAINING_RENEWAL,
        RECRUITMENT,
        PAY,
        STAFF_SURVEY,
        POPULATION,
        EMPLOYEE_RELATIONS,
        CPD,
        BOARD_MEMBERS,
        PUBLISHED_ORGANISATIONS,
        PUBLISHED_SICKNESS_ABSENCE,
    )
}
