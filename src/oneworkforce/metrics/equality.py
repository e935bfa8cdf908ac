"""Shared parts of the WRES and WDES indicators: the groups compared, rolling windows, the
link from a case or a course to the person's staff record, relative likelihoods, board
representation and staff survey results by group.

Groups (NHS England, WRES and WDES technical guidance):

- Ethnicity: White is ethnic categories A-C, BME every other stated category. Not stated (Z),
  not known (99) and empty are in neither group: they are counted and shown as unknown, and
  left out of both sides of every comparison.
- Disability: Disabled is a declared ``yes``, non-disabled ``no``; not declared and empty are
  in neither group, in the same way.
- Staff are permanent and fixed-term staff in post: bank-only staff are left out, as the
  WRES does and the WDES does since 2023.

Everything is Ibis over the warehouse tables, with month arithmetic on integer month
indexes, so the same definitions run on DuckDB and PySpark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ibis

from oneworkforce.metrics.dimensions import (
    clinical_group,
    ethnic_group,
    with_organisation,
    workforce_frame,
)
from oneworkforce.metrics.model import Tables
from oneworkforce.metrics.shared import reuse
from oneworkforce.metrics.workforce import SUBSTANTIVE
from oneworkforce.survey.scoring import organisation_scores, results

ORGANISATION_KEYS = ("system", "place", "org", "sector")
YEAR = 12  # months in a reporting year
SIDES = ("a", "b", "u")  # the first group, the second, and neither (unknown)


@dataclass(frozen=True)
class Groups:
    """Two groups compared, read from a frame column: ``first`` is the group whose rate is
    the numerator of a relative likelihood (White for WRES 2, BME for WRES 3)."""

    column: str  # ethnic_group or disability
    first: str
    second: str
    first_label: str
    second_label: str
    unknown_label: str

    def side(self, frame: ibis.Table) -> ibis.Value:
        """'a' for the first group, 'b' for the second, 'u' for neither."""
        value = frame[self.column]
        return ibis.cases((value == self.first, "a"), (value == self.second, "b"), else_="u")

    def swapped(self) -> Groups:
        return Groups(
            self.column,
            self.second,
            self.first,
            self.second_label,
            self.first_label,
            self.unknown_label,
        )


WHITE_BME = Groups("ethnic_group", "white", "bme", "White", "BME", "Unknown")
NON_DISABLED_DISABLED = Groups(
    "disability", "no", "yes", "Non-disabled", "Disabled", "Not declared"
)


# Calendar and windows ---------------------------------------------------------------------


def calendar(tables: Tables, *extra: ibis.Table) -> ibis.Table:
    """The months a figure is given for (column ``end``): every staff in post snapshot month,
    and the months of any ``extra`` tables."""
    months = tables["staff_in_post"].select(end=ibis._.month_index.cast("int64"))
    for table in extra:
        months = months.union(table.select(end=ibis._.month_index.cast("int64")))
    return months.distinct()


def rolling(events: ibis.Table, months: ibis.Table, length: int) -> ibis.Table:
    """Each event once for every month whose window of ``length`` months, ending with that
    month, holds it: ``month_index`` becomes the window's last month and ``event_month`` is
    the event's own."""
    joined = events.join(
        months,
        [events.month_index <= months.end, events.month_index > months.end - length],
    )
    return joined.mutate(event_month=joined.month_index, month_index=joined.end).drop("end")


# Staff and the link to them ---------------------------------------------------------------


def staff_people(tables: Tables) -> ibis.Table:
    """Permanent and fixed-term staff in post: one row per organisation, person and month,
    with the organisation dimensions, ethnic group and disability (person-level values);
    shared by the WRES and WDES metrics in a pack."""
    return reuse(tables, ("staff_people",), lambda: _staff_people(tables))


def _staff_people(tables: Tables) -> ibis.Table:
    frame = workforce_frame(tables)
    frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
    keys = [*ORGANISATION_KEYS, "org_code", "person_id", "month_index"]
    return frame.group_by(keys).aggregate(
        ethnic_group=frame.ethnic_group.max(), disability=frame.disability.max()
    )


def link_to_staff(events: ibis.Table, tables: Tables, event_key: str) -> ibis.Table:
    """Each event with its person's ethnic group and disability from staff in post: the
    latest snapshot in the same organisation in the event's month or the 11 months before.
    An event that cannot be linked (the person is not in post, or bank only) keeps empty
    values, which count as not stated and not declared."""
    staff = staff_people(tables).select(
        s_org="org_code",
        s_person="person_id",
        s_month="month_index",
        s_ethnic="ethnic_group",
        s_disability="disability",
    )
    joined = events.left_join(
        staff,
        [
            events.org_code == staff.s_org,
            events.person_id == staff.s_person,
            staff.s_month <= events.month_index,
            staff.s_month > events.month_index - YEAR,
        ],
    )
    # Window functions go in a column before the filter, so that PySpark runs them too.
    joined = joined.mutate(
        _latest=joined.s_month.max().over(group_by=[joined.org_code, joined[event_key]])
    )
    latest = joined["_latest"]
    joined = joined.filter((joined.s_month == latest) | latest.isnull()).drop("_latest")
    linked = joined.mutate(
        ethnic_group=joined.s_ethnic.fill_null("not_stated"), disability=joined.s_disability
    )
    return linked.drop("s_org", "s_person", "s_month", "s_ethnic", "s_disability")


# Relative likelihoods ---------------------------------------------------------------------


def _counts(frame: ibis.Table, keys: list[str], groups: Groups, who, events) -> dict:
    """Per group: people (distinct ``who``) and events among them (``events`` true)."""
    side = groups.side(frame)
    out = {}
    for s in SIDES:
        out[f"{s}_people"] = who.nunique(where=side == s).cast("float64")
        out[f"{s}_events"] = who.nunique(where=(side == s) & events).cast("float64")
    return frame.group_by(keys).aggregate(**out)


def appointment_parts(tables: Tables, by: list[str], groups: Groups) -> ibis.Table:
    """Shortlisted applications (``people``) and appointments (``events``) per group, over
    the 12 months of applications to each month (WRES indicator 2, WDES metric 2).

    Every application counts: someone shortlisted for two posts counts twice, as the
    guidance's counts of shortlisted applicants do."""
    rec = with_organisation(tables["recruitment"], tables)
    rec = rec.mutate(
        ethnic_group=ethnic_group(rec.ethnic_category), clinical=clinical_group(rec.staff_group)
    )
    rec = rec.filter(rec.stage.isin(("shortlisted", "appointed")))
    windowed = rolling(rec, calendar(tables, tables["recruitment"]), YEAR)
    side = groups.side(windowed)
    appointed = windowed.stage == "appointed"
    out = {}
    for s in SIDES:
        out[f"{s}_people"] = windowed.applicant_id.count(where=side == s).cast("float64")
        out[f"{s}_events"] = windowed.applicant_id.count(where=(side == s) & appointed).cast(
            "float64"
        )
    parts = windowed.group_by([*by, "month_index"]).aggregate(**out)
    return parts.mutate(years=ibis.literal(1.0), snapshots=ibis.literal(1.0))


def case_parts(
    tables: Tables, by: list[str], groups: Groups, process: str, performance_only: bool
) -> ibis.Table:
    """Staff (``people``) and staff entering the formal process (``events``) per group, on
    the guidance's two-year rolling basis (WRES indicator 3, WDES metric 3).

    For each month: entries are the people entering the formal process in each of the two
    years to the month (a person entering twice in one year counts once that year), added
    up; staff are the headcount at the month and 12 months before, added up, and
    ``snapshots`` says how many of those two snapshots were loaded. Annual rate = entries /
    2 / (staff / snapshots): the average of the two years' entries over the average
    headcount. Only formal cases count (stage past informal); for capability,
    ``performance_only`` leaves ill-health cases out."""
    keys = [*by, "month_index"]
    months = calendar(tables)
    staff = _senders(staff_people(tables), tables["employee_relations"])
    both = staff.mutate(end=staff.month_index.cast("int64"), snapshot=ibis.literal(0)).union(
        staff.mutate(end=(staff.month_index + YEAR).cast("int64"), snapshot=ibis.literal(1))
    )
    both = both.join(months, "end", how="semi")
    both = both.mutate(month_index=both.end)
    side = groups.side(both)
    per_snapshot = both.group_by([*keys, "snapshot"]).aggregate(
        **{f"{s}_people": both.person_id.nunique(where=side == s).cast("float64") for s in SIDES}
    )
    sizes = per_snapshot.group_by(keys).aggregate(
        **{f"{s}_people": per_snapshot[f"{s}_people"].sum() for s in SIDES},
        snapshots=per_snapshot.snapshot.nunique().cast("float64"),
    )

    cases = tables["employee_relations"]
    cases = cases.filter((cases.process == process) & (cases.stage != "informal"))
    if performance_only:
        cases = cases.filter(cases.capability_reason.fill_null("performance") != "ill_health")
    cases = cases.mutate(month_index=cases.month_index.cast("int64"))
    linked = with_organisation(link_to_staff(cases, tables, "case_id"), tables)
    windowed = rolling(linked, months, 2 * YEAR)
    windowed = windowed.mutate(
        year=ibis.cases((windowed.event_month > windowed.month_index - YEAR, 1), else_=0)
    )
    side = groups.side(windowed)
    per_year = windowed.group_by([*keys, "year"]).aggregate(
        **{
            f"{s}_events": windowed.person_id.nunique(where=side == s).cast("float64")
            for s in SIDES
        }
    )
    entries = per_year.group_by(keys).aggregate(
        **{f"{s}_events": per_year[f"{s}_events"].sum() for s in SIDES}
    )
    joined = sizes.left_join(entries, keys)
    return joined.select(
        *keys,
        *(f"{s}_people" for s in SIDES),
        **{f"{s}_events": joined[f"{s}_events"].fill_null(0.0) for s in SIDES},
        snapshots=joined.snapshots,
        years=ibis.literal(2.0),
    )


def cpd_parts(tables: Tables, by: list[str], groups: Groups) -> ibis.Table:
    """Staff in post at each month (``people``) and those of them with a non-mandatory
    training or CPD record in the same organisation in the 12 months to it (``events``),
    per group (WRES indicator 4)."""
    months = calendar(tables)
    cpd = tables["cpd"].select(
        "org_code", "person_id", month_index=ibis._.month_index.cast("int64")
    )
    accessed = rolling(cpd, months, YEAR).select("org_code", "person_id", "month_index")
    accessed = accessed.distinct().mutate(accessed=ibis.literal(True))
    staff = _senders(staff_people(tables), tables["cpd"])
    staff = staff.mutate(month_index=staff.month_index.cast("int64"))
    joined = staff.left_join(accessed, ["org_code", "person_id", "month_index"])
    joined = joined.drop("org_code_right", "person_id_right", "month_index_right")
    parts = _counts(
        joined,
        [*by, "month_index"],
        groups,
        joined.person_id,
        joined.accessed.fill_null(False),
    )
    return parts.mutate(years=ibis.literal(1.0), snapshots=ibis.literal(1.0))


def _senders(staff: ibis.Table, extract: ibis.Table) -> ibis.Table:
    """Staff of the organisations that send the extract at all, so that partners outside
    the standards (practices, care providers) do not dilute a system or place figure."""
    return staff.join(extract.select("org_code").distinct(), "org_code", how="semi")


def annual_rate(parts: ibis.Table, side: str) -> ibis.Value:
    """Events a year over the (mean) number of people: a proportion, empty for no people."""
    people = parts[f"{side}_people"] / parts.snapshots
    events = parts[f"{side}_events"] / parts.years
    return ibis.cases((people > 0, events / people), else_=ibis.null("float64"))


def smallest_group(parts: ibis.Table) -> ibis.Value:
    """The fewest people a comparison rests on: each group's size and, where not zero, its
    number of events (zero reveals no one)."""
    sizes = [parts[f"{s}_people"] / parts.snapshots for s in ("a", "b")]
    events = [
        ibis.cases((parts[f"{s}_events"] > 0, parts[f"{s}_events"]), else_=size)
        for s, size in zip(("a", "b"), sizes, strict=True)
    ]
    return ibis.least(*sizes, *events)


# Board representation ---------------------------------------------------------------------


def board_parts(tables: Tables, by: list[str], groups: Groups) -> ibis.Table:
    """Voting board members and staff at the board's snapshot month: each side's count of
    the second group (BME, Disabled) and of people whose group is known.

    ``board_share`` and ``staff_share`` are the second group's percentage of the known; the
    workforce is that of the organisations whose board is loaded for the month."""
    keys = [*by, "month_index"]
    board = with_organisation(tables["board_members"], tables)
    board = board.filter(board.voting)
    board = board.mutate(
        ethnic_group=ethnic_group(board.ethnic_category),
        month_index=board.month_index.cast("int64"),
    )
    side = groups.side(board)
    members = board.group_by(keys).aggregate(
        board_target=board.person_id.nunique(where=side == "b").cast("float64"),
        board_known=board.person_id.nunique(where=side != "u").cast("float64"),
        board_members=board.person_id.nunique().cast("float64"),
    )
    # The workforce of the organisations whose board is loaded for the month.
    staff = staff_people(tables)
    staff = staff.mutate(month_index=staff.month_index.cast("int64"))
    staff = staff.join(
        board.select("org_code", "month_index").distinct(), ["org_code", "month_index"], how="semi"
    )
    staff_side = groups.side(staff)
    workforce = staff.group_by(keys).aggregate(
        staff_target=staff.person_id.nunique(where=staff_side == "b").cast("float64"),
        staff_known=staff.person_id.nunique(where=staff_side != "u").cast("float64"),
    )
    joined = members.left_join(workforce, keys)
    joined = joined.drop(*(f"{k}_right" for k in keys))
    others = joined.board_known - joined.board_target
    return joined.mutate(
        board_share=_percent(joined.board_target, joined.board_known),
        staff_share=_percent(joined.staff_target, joined.staff_known),
        # The fewest people the comparison rests on: a group of the board, where not 0.
        smallest_group=ibis.least(
            joined.board_known,
            ibis.cases((joined.board_target > 0, joined.board_target), else_=joined.board_known),
            ibis.cases((others > 0, others), else_=joined.board_known),
        ),
    )


def _percent(part, whole) -> ibis.Value:
    return ibis.cases((whole > 0, part / whole * 100), else_=ibis.null("float64"))


# Staff survey results by group -------------------------------------------------------------

# Breakdown names and values as partners and the survey write them, after normalising (lower
# case, words joined by underscores): the survey reports White / BME and Disabled /
# Non-disabled; other spellings are accepted, anything else is not used.
GROUP_DIMENSIONS = {
    "ethnic_group": ("ethnic_group", "ethnicity", "ethnic_background", "ethnic_origin"),
    "disability": ("disability", "disabled", "disability_status", "long_term_condition"),
}
GROUP_VALUES = {
    "white": ("white",),
    "bme": (
        "bme",
        "bame",
        "black_and_minority_ethnic",
        "black_asian_and_minority_ethnic",
        "ethnic_minority",
        "minority_ethnic",
    ),
    "yes": ("disabled", "yes", "disabled_staff", "with_a_disability"),
    "no": ("non_disabled", "not_disabled", "no", "non_disabled_staff"),
}
# Which answers a percentage counts, the answers running from the least favourable
# (option_1) to the most favourable (option_N) as the staff survey extract sends them.
UNFAVOURABLE = "unfavourable"  # every answer but the most favourable: "at least once", "yes"
FAVOURABLE = "favourable"  # the most favourable answer only: "yes", "never"
TOP_TWO = "top_two"  # the two most favourable: "satisfied" or "very satisfied"
LAST_YEAR = 9999


@dataclass(frozen=True)
class SurveyIndicator:
    """A WRES or WDES indicator read from NHS Staff Survey results broken down by group.

    ``questions``: (first survey year, last survey year, question code) in the numbering of
    the questionnaire used since 2021; results loaded under the indicator's own code (its
    metric id, e.g. ``wres_6``) are used first, so a figure published for the indicator can
    be loaded whatever the year's numbering. ``counts``: which answers the percentage is of.
    """

    metric_id: str
    label: str
    name: str
    definition: str
    questions: tuple[tuple[int, int, str], ...]
    counts: str
    good_direction: str
    groups: Groups
    note: str = ""

    def code_rows(self) -> list[dict]:
        """The item codes results are read from, each with its years and rank (0 first)."""
        rows = [(2000, LAST_YEAR, self.metric_id, 0)]
        rows += [(first, last, code, 1) for first, last, code in self.questions]
        return [
            {
                "q_indicator": self.metric_id,
                "q_counts": self.counts,
                "q_first": first,
                "q_last": last,
                "q_code": code,
                "q_rank": rank,
            }
            for first, last, code, rank in rows
        ]

    def question_text(self) -> str:
        return ", ".join(
            f"{code} ({first}" + (" onwards)" if last == LAST_YEAR else f"-{last})")
            for first, last, code in self.questions
        )


# Whitespace at either end (string.whitespace, what .strip() trims on DuckDB). Ibis's
# .strip() on PySpark also trims the letters f and v: Spark reads the escapes \f and \v
# in its SQL as plain letters.
_ENDS = r"^[ \t\n\r\x0b\x0c]+|[ \t\n\r\x0b\x0c]+$"


def _normalised(text) -> ibis.Value:
    return text.re_replace(_ENDS, "").lower().re_replace(r"[^a-z0-9]+", "_")


def survey_group(table: ibis.Table, groups: Groups) -> ibis.Value:
    """``all`` for whole-organisation results, the group's code (white, bme; yes, no) for a
    breakdown by the compared groups, empty for any other breakdown."""
    dimension = _normalised(table.group_dimension)
    value = _normalised(table.group_value.fill_null(""))
    ours = dimension.isin(GROUP_DIMENSIONS[groups.column])
    return ibis.cases(
        (table.group_dimension.isnull(), "all"),
        *((ours & value.isin(GROUP_VALUES[code]), code) for code in (groups.first, groups.second)),
        else_=ibis.null("string"),
    )


def _share_percent(t: ibis.Table, counts: str) -> ibis.Value:
    """The percentage of responses choosing the counted answers, from the answer shares."""
    shares = [t[f"option_{k}"].fill_null(0.0) for k in range(1, 8)]
    total = sum(shares[1:], shares[0])
    best = sum(
        (ibis.cases((t.options == k, s), else_=0.0) for k, s in enumerate(shares, start=1)),
        ibis.literal(0.0),
    )
    second = sum(
        (ibis.cases((t.options == k + 1, s), else_=0.0) for k, s in enumerate(shares, start=1)),
        ibis.literal(0.0),
    )
    part = {UNFAVOURABLE: total - best, FAVOURABLE: best, TOP_TWO: best + second}[counts]
    return ibis.cases((total > 0, part / total * 100), else_=ibis.null("float64"))


def survey_rounds(tables: Tables) -> ibis.Table:
    """Every annual survey round of a partner organisation: org_code, survey_year and the
    month the round stands for (October of the survey year)."""
    t = results(tables)
    t = t.filter(t.survey_type == "annual")
    rounds = t.select("org_code", "survey_year", month_index=t.month_index.cast("int64"))
    partners = tables["organisations"].select("org_code")
    return rounds.distinct().join(partners, "org_code", how="semi")


def survey_percent_rows(tables: Tables, indicators: Sequence[SurveyIndicator]) -> ibis.Table:
    """Each indicator's percentage per organisation, annual round and group (``all`` for the
    whole organisation), with its responses; column ``indicator`` is the metric id. Answer
    shares are used where sent, else the percentage loaded; the indicator's own code wins
    over the question's. The groups are those of the first indicator."""
    t = results(tables)
    t = t.filter((t.survey_type == "annual") & (t.item_type == "question"))
    codes = ibis.memtable(
        [row for indicator in indicators for row in indicator.code_rows()],
        schema={
            "q_indicator": "string",
            "q_counts": "string",
            "q_first": "int64",
            "q_last": "int64",
            "q_code": "string",
            "q_rank": "int64",
        },
    )
    t = t.join(
        codes,
        [t.item == codes.q_code, codes.q_first <= t.survey_year, t.survey_year <= codes.q_last],
    )
    from_shares = ibis.cases(
        *((t.q_counts == kind, _share_percent(t, kind)) for kind in (UNFAVOURABLE, FAVOURABLE)),
        else_=_share_percent(t, TOP_TWO),
    )
    percent = ibis.cases(
        (t.options.notnull(), from_shares),
        (t.measure == "percent", t.score),
        else_=ibis.null("float64"),
    )
    t = t.mutate(
        indicator=t.q_indicator,
        group=survey_group(t, indicators[0].groups),
        percent=percent.cast("float64"),
        month_index=t.month_index.cast("int64"),
    )
    t = t.filter(t.group.notnull() & t.percent.notnull() & (t.responses > 0))
    # Window functions go in a column before the filter, so that PySpark runs them too.
    t = t.mutate(
        _first=t.q_rank.min().over(group_by=[t.indicator, t.org_code, t.month_index, t.group])
    )
    t = t.filter(t.q_rank == t["_first"]).drop("_first")
    return t.select(
        "indicator",
        "org_code",
        "month_index",
        "group",
        value=t.percent,
        responses=t.responses.cast("float64"),
    )


def engagement_rows(tables: Tables, groups: Groups) -> ibis.Table:
    """The staff engagement theme score (0-10) per organisation, annual round and group."""
    scores = organisation_scores(tables)
    scores = scores.filter(
        (scores.level == "theme")
        & (scores.code == "staff_engagement")
        & (scores.survey_type == "annual")
        & scores.score.notnull()
        & (scores.responses > 0)
    )
    scores = scores.mutate(group=survey_group(scores, groups))
    scores = scores.filter(scores.group.notnull())
    return scores.select(
        "org_code",
        "group",
        month_index=scores.month_index.cast("int64"),
        value=scores.score.cast("float64"),
        responses=scores.responses.cast("float64"),
    )


def survey_by_group(tables: Tables, by: list[str], groups: Groups, rows: ibis.Table) -> ibis.Table:
    """Results pooled over organisations by responses (sum of value x responses, and the
    responses), for every partner's annual round: split by the compared groups when ``by``
    holds their dimension, else the whole organisation's. A round without the result keeps
    its row, empty."""
    rounds = survey_rounds(tables)
    if groups.column in by:
        codes = ibis.memtable({"group": [groups.first, groups.second]})
        base = rounds.cross_join(codes)
        rows = rows.filter(rows.group != "all")
    else:
        base = rounds.mutate(group=ibis.literal("all"))
        rows = rows.filter(rows.group == "all")
    keys = ["org_code", "month_index", "group"]
    joined = base.left_join(rows, keys).drop(*(f"{k}_right" for k in keys))
    frame = with_organisation(joined, tables)
    frame = frame.mutate(**{groups.column: frame.group})
    n = ibis.cases((frame.value.notnull(), frame.responses), else_=0.0)
    return frame.group_by([*by, "month_index"]).aggregate(
        total=(frame.value * n).sum(), responses=n.sum().fill_null(0.0)
    )
