"""The WRES and WDES indicator tables of an organisation or the system for a reporting year,
as analysts submit them: counts by group, rates, relative likelihoods, staff survey results
and board representation, in one table that exports to CSV or Excel (``export.write_table``).

Reporting year YYYY is the one ending 31 March YYYY: staff in post and the board at the
March YYYY snapshot; recruitment and training over the 12 months to March; disciplinary and
capability cases over the two years to March (the guidance's rolling basis); the NHS Staff
Survey of the autumn before (YYYY - 1). The figures are the catalogue's (``wres``, ``wdes``),
shown with the counts behind them.

Every row has the three groups' columns (WRES: white, bme, unknown; WDES: disabled,
non_disabled, not_declared), ``total``, and ``value`` for the indicator's own figure
(a share, a relative likelihood, a difference). A table marked for sharing hides counts of
people under the threshold, the next smallest cell of a row (or of a column of the
representation tables) where a total would reveal them, every rate, share or likelihood
worked out from a hidden count, and survey results from 10 or fewer responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import pandas as pd

from oneworkforce.errors import OneWorkforceError
from oneworkforce.metrics import equality as E
from oneworkforce.metrics.dimensions import ethnic_group, with_organisation, workforce_frame
from oneworkforce.metrics.disclosure import THRESHOLD
from oneworkforce.metrics.equality import Groups
from oneworkforce.metrics.model import Tables, month_label
from oneworkforce.metrics.staff_survey import SURVEY_MINIMUM
from oneworkforce.metrics.workforce import SUBSTANTIVE
from oneworkforce.standard import codes as C

STANDARDS = ("wres", "wdes")
CELLS = ("a", "b", "u", "total")
CLINICAL_LABELS = {
    "non_clinical": "Non-clinical",
    "clinical": "Clinical",
    "medical_dental": "Medical and dental",
}
CLUSTER_LABELS = {
    "cluster_1": "Cluster 1: AfC bands 1-4",
    "cluster_2": "Cluster 2: AfC bands 5-7",
    "cluster_3": "Cluster 3: AfC bands 8a-8b",
    "cluster_4": "Cluster 4: AfC bands 8c-9 and VSM",
    "cluster_5": "Cluster 5: consultants",
    "cluster_6": "Cluster 6: non-consultant career grades",
    "cluster_7": "Cluster 7: trainee grades",
    "other": "Other grades",
}


MEDICAL_LABELS = {
    "cluster_5": "Consultants",
    "cluster_6": "Non-consultant career grades",
    "cluster_7": "Trainee grades",
    "other": "Other",
}


class EqualityReportError(OneWorkforceError):
    """A report that cannot be made (no data for the year, an unknown organisation)."""


@dataclass
class Row:
    """One line of the report: the groups' cells (a, b, u), their total and a value."""

    indicator: str
    breakdown: str
    measure: str
    kind: str  # count | rate | percent | responses | value
    cells: dict[str, float | None]
    value: float | None = None
    unit: str = ""
    note: str = ""
    hidden: set[str] = field(default_factory=set)
    # Rows this row is worked out from: a rate's cells, or a value, are hidden with theirs.
    source: list[Row] = field(default_factory=list)
    # Count rows with the same ``additive`` name add up, column by column, to a whole shown
    # or known elsewhere (bands to the workforce; executive and non-executive members).
    additive: str = ""


@dataclass(frozen=True)
class Layout:
    """How a standard's table is laid out: the groups and their column names, in order."""

    standard: str
    groups: Groups  # a = first, b = second, as the group sizes are counted
    columns: dict[str, str]  # cell -> column name
    order: tuple[str, ...]  # cells in display order
    share_label: str  # "BME", "Disabled": whose share the value gives


WRES = Layout(
    "WRES",
    E.WHITE_BME,
    {"a": "white", "b": "bme", "u": "unknown"},
    ("a", "b", "u"),
    "BME",
)
WDES = Layout(
    "WDES",
    E.NON_DISABLED_DISABLED,
    {"a": "non_disabled", "b": "disabled", "u": "not_declared"},
    ("b", "a", "u"),
    "Disabled",
)


# Scope and reading ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    dimension: str  # org or system
    code: str


def _scope(tables: Tables, org: str | None) -> Scope:
    orgs = tables["organisations"].select("org_code", "ics_code").execute()
    if org is not None:
        code = org.strip().upper()
        if code not in set(orgs["org_code"]):
            raise EqualityReportError(
                f"Organisation {code} is not in the organisations extract; see "
                "`oneworkforce status`."
            )
        return Scope("org", code)
    systems = sorted(set(orgs["ics_code"].dropna()))
    if len(systems) != 1:
        raise EqualityReportError(
            "The organisations extract holds "
            + (f"several systems ({', '.join(systems)})" if systems else "no organisation")
            + "; give an organisation with --org."
        )
    return Scope("system", systems[0])


def _one(expr: ibis.Table, scope: Scope, month: int) -> dict | None:
    """The expression's row for the scope and month, as a dict; None when there is none."""
    expr = expr.filter((expr[scope.dimension] == scope.code) & (expr.month_index == month))
    frame = expr.execute()
    return None if frame.empty else frame.iloc[0].to_dict()


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _ratio(part, whole, scale: float = 1.0) -> float | None:
    part, whole = _number(part), _number(whole)
    return None if part is None or not whole else part / whole * scale


def latest_year(tables: Tables) -> int:
    """The latest year with a 31 March staff in post snapshot."""
    months = tables["staff_in_post"].select("month_index").distinct().execute()["month_index"]
    march = [int(m) for m in months if (int(m) - 1) % 12 + 1 == 3]
    if not march:
        raise EqualityReportError(
            "No March staff in post snapshot is loaded: the WRES and WDES are as at 31 March."
        )
    return (max(march) - 1) // 12


# Sections ---------------------------------------------------------------------------------


def _representation(
    tables: Tables,
    scope: Scope,
    month: int,
    layout: Layout,
    indicator: str,
    split: str,
    orgs: list[str] | None = None,
) -> list[Row]:
    """Headcount by group in each clinical part and band (WRES 1) or cluster (WDES 1), and
    in the whole workforce (of ``orgs`` only, if given); value: the second group's share of
    those whose group is known."""
    frame = workforce_frame(tables)
    frame = frame.filter(
        frame.contract_type.isin(SUBSTANTIVE)
        & (frame.month_index == month)
        & (frame[scope.dimension] == scope.code)
    )
    if orgs is not None:
        frame = frame.filter(frame.org_code.isin(orgs))
    side = layout.groups.side(frame)
    counts = {
        **{c: frame.person_id.nunique(where=side == c).cast("float64") for c in ("a", "b", "u")},
        "total": frame.person_id.nunique().cast("float64"),
    }
    if split == "band":
        # WRES 1 gives AfC bands and VSM, and for medical and dental staff the subgroups
        # consultants, non-consultant career grades, trainee grades and other.
        medical = frame.clinical == "medical_dental"
        frame = frame.mutate(band=ibis.cases((medical, frame.wdes_cluster), else_=frame.band))
    parts = frame.group_by(["clinical", split]).aggregate(**counts).execute()
    whole = frame.aggregate(**counts).execute()
    order = list(CLINICAL_LABELS)
    ranks = [*C.BAND.codes, *CLUSTER_LABELS] if split == "band" else list(CLUSTER_LABELS)
    parts["_c"] = parts["clinical"].map(lambda v: order.index(v) if v in order else len(order))
    parts["_s"] = parts[split].map(lambda v: ranks.index(v) if v in ranks else len(ranks))
    labels = C.BAND.labels | MEDICAL_LABELS if split == "band" else CLUSTER_LABELS
    rows = []
    for record in parts.sort_values(["_c", "_s"]).to_dict("records"):
        clinical = CLINICAL_LABELS.get(record["clinical"], "Staff group not given")
        rows.append(
            Row(
                indicator,
                f"{clinical}: {labels.get(record[split], record[split] or 'not given')}",
                "Headcount",
                "count",
                {c: _number(record[c]) for c in CELLS},
            )
        )
    total = whole.iloc[0].to_dict() if not whole.empty else {}
    rows.append(
        Row(
            indicator,
            "Overall workforce",
            "Headcount",
            "count",
            {c: _number(total.get(c)) for c in CELLS},
        )
    )
    for row in rows:
        row.value = _ratio(row.cells["b"], (row.cells["a"] or 0) + (row.cells["b"] or 0), 100)
        row.unit = f"% {layout.share_label} of known"
        row.additive = indicator
    return rows


def _likelihood(
    indicator: str,
    parts: dict | None,
    layout: Layout,
    groups: Groups,
    people: str,
    events: str,
    rate_label: str,
    ratio_label: str,
) -> list[Row]:
    """Group sizes, events, rates (% a year) and the relative likelihood of the first group
    over the second (``groups`` may order them differently from the layout's columns)."""
    if parts is None:
        empty = {c: None for c in CELLS}
        return [Row(indicator, "All", ratio_label, "value", empty, note="no data for the year")]
    # The parts count sides of ``groups``; put them in the layout's cells.
    cell = {"a": "a", "b": "b", "u": "u"}
    if groups.first != layout.groups.first:
        cell = {"a": "b", "b": "a", "u": "u"}
    size = {cell[s]: parts[f"{s}_people"] / parts["snapshots"] for s in ("a", "b", "u")}
    count = {cell[s]: parts[f"{s}_events"] for s in ("a", "b", "u")}
    size["total"] = sum(size.values())
    count["total"] = sum(count.values())
    rate = {c: _ratio(count[c] / parts["years"], size[c], 100) for c in CELLS}
    first, second = cell["a"], cell["b"]
    value = None
    if rate[first] is not None and rate[second]:
        value = rate[first] / rate[second]
    sizes = Row(indicator, "All", people, "count", size)
    entries = Row(indicator, "All", events, "count", count)
    rates = Row(indicator, "All", rate_label, "rate", rate, unit="%")
    ratio = Row(indicator, "All", ratio_label, "value", {c: None for c in CELLS}, value, "ratio")
    rates.source = ratio.source = [sizes, entries]
    return [sizes, entries, rates, ratio]


def _survey(
    tables: Tables,
    scope: Scope,
    month: int,
    layout: Layout,
    indicators: tuple,
    engagement: bool = False,
) -> list[Row]:
    """Each survey indicator for each group and all respondents, with the responses: the
    organisations' results pooled by responses, as the catalogue's metrics pool them (one
    query for them all). ``engagement`` adds WDES 9a, the staff engagement score."""
    keep = ["indicator", "org_code", "month_index", "group", "value", "responses"]
    rows = E.survey_percent_rows(tables, indicators).select(*keep)
    if engagement:
        scores = E.engagement_rows(tables, layout.groups)
        rows = rows.union(scores.mutate(indicator=ibis.literal("wdes_9a_engagement")).select(*keep))
    rows = with_organisation(rows, tables)
    rows = rows.filter((rows[scope.dimension] == scope.code) & (rows.month_index == month))
    frame = rows.select("indicator", "group", "value", "responses").execute()
    frame["weighted"] = frame["value"] * frame["responses"]
    pooled = frame.groupby(["indicator", "group"])[["weighted", "responses"]].sum()
    cells = {"all": "total", layout.groups.first: "a", layout.groups.second: "b"}
    items = [(i.metric_id, i.label, f"% {i.name}", "%") for i in indicators]
    if engagement:
        items.append(("wdes_9a_engagement", "WDES 9a", "Staff engagement score", "score (0-10)"))
    out = []
    for metric_id, label, measure, unit in items:
        value = {c: None for c in CELLS}
        responses = {c: None for c in CELLS}
        for (indicator, group), record in pooled.iterrows():
            if indicator == metric_id and group in cells and record["responses"] > 0:
                value[cells[group]] = record["weighted"] / record["responses"]
                responses[cells[group]] = float(record["responses"])
        note = "" if any(v is not None for v in value.values()) else "not loaded"
        counted = Row(label, "All respondents", "Responses", "responses", responses)
        result = Row(label, "All respondents", measure, "percent", value, unit=unit, note=note)
        result.source = [counted]
        out += [result, counted]
    return out


def _board(tables: Tables, scope: Scope, month: int, layout: Layout, indicator: str) -> list:
    """Voting, executive and non-executive members by group, the workforce, the second
    group's share of each (of those whose group is known), and the difference."""
    board = with_organisation(tables["board_members"], tables)
    board = board.filter((board.month_index == month) & (board[scope.dimension] == scope.code))
    board = board.mutate(ethnic_group=ethnic_group(board.ethnic_category))
    side = layout.groups.side(board)

    def counts(where) -> dict:
        frame = board.aggregate(
            **{c: board.person_id.nunique(where=where & (side == c)) for c in ("a", "b", "u")},
            total=board.person_id.nunique(where=where),
        ).execute()
        return {c: _number(frame.iloc[0][c]) for c in CELLS}

    none = {c: None for c in CELLS}
    voting = Row(indicator, "Board", "Voting board members", "count", counts(board.voting))
    if not voting.cells["total"]:
        return [Row(indicator, "Board", "Voting board members", "count", none, note="not loaded")]
    executive = counts(board.executive)
    others = counts(~board.executive)
    orgs = sorted(board.select("org_code").distinct().execute()["org_code"])
    workforce = _representation(tables, scope, month, layout, indicator, "band", orgs)[-1]
    workforce.additive = ""
    who = layout.share_label
    board_share = _ratio(
        voting.cells["b"], (voting.cells["a"] or 0) + (voting.cells["b"] or 0), 100
    )
    staff_share, workforce.value, workforce.unit = workforce.value, None, ""
    workforce.breakdown = "Workforce"
    difference = None
    if board_share is not None and staff_share is not None:
        difference = board_share - staff_share
    on_board = Row(
        indicator, "Board", f"{who} % of voting members", "value", none, board_share, "%"
    )
    in_staff = Row(indicator, "Workforce", f"{who} % of staff", "value", none, staff_share, "%")
    gap = Row(indicator, "Board", "Board minus workforce", "value", none, difference, "points")
    on_board.source, in_staff.source, gap.source = [voting], [workforce], [voting, workforce]
    return [
        voting,
        Row(indicator, "Board", "Executive board members", "count", executive, additive="board"),
        Row(indicator, "Board", "Non-executive board members", "count", others, additive="board"),
        workforce,
        on_board,
        in_staff,
        gap,
    ]


# Disclosure control -------------------------------------------------------------------------


def _primary(rows: list[Row], threshold: int) -> None:
    for row in rows:
        if row.kind == "count":
            for c, v in row.cells.items():
                if v is not None and 0 < v < threshold:
                    row.hidden.add(c)
        elif row.kind == "responses":
            for c, v in row.cells.items():
                if v is not None and v <= SURVEY_MINIMUM:
                    row.hidden.add(c)


def _complete(cells: list[tuple[Row, str]], prefer_total: bool = False) -> bool:
    """When exactly one of a group of cells that add up (a row, or a column of a
    representation table) is hidden, hide one more: the row's total if shown (so the two
    groups compared stay visible), else the next smallest. True when something changed."""
    hidden = [(r, c) for r, c in cells if c in r.hidden]
    if len(hidden) != 1:
        return False
    shown = [(r, c) for r, c in cells if c not in r.hidden and r.cells[c] is not None]
    if not shown:
        return False
    totals = [(r, c) for r, c in shown if c == "total" and prefer_total]
    r, c = totals[0] if totals else min(shown, key=lambda rc: rc[0].cells[rc[1]])
    r.hidden.add(c)
    return True


def _secondary(rows: list[Row], additive: dict[str, list[Row]]) -> None:
    changed = True
    while changed:
        changed = False
        for row in rows:
            if row.kind == "count":
                changed |= _complete([(row, c) for c in CELLS], prefer_total=True)
        for group in additive.values():
            for c in CELLS:
                changed |= _complete([(row, c) for row in group])


def _derived(rows: list[Row]) -> None:
    """Hide what is worked out from hidden cells: a representation share with its groups'
    counts, a rate's cells with those of its counts, a survey result with its responses, and
    a value (likelihood, share, difference) with either group's count of its sources."""
    for row in rows:
        if row.kind == "count" and row.hidden & {"a", "b"}:
            row.value = None
        sources = set().union(*(s.hidden for s in row.source)) if row.source else set()
        if row.kind in ("rate", "percent"):
            row.hidden |= sources
        elif row.kind == "value" and sources & {"a", "b"}:
            row.value = None


def apply_disclosure(rows: list[Row], threshold: int = THRESHOLD) -> list[Row]:
    """Hide cells as the module docstring says; values of hidden cells become empty."""
    if threshold < 1:
        raise EqualityReportError("The disclosure threshold must be a whole number of at least 1.")
    _primary(rows, threshold)
    additive: dict[str, list[Row]] = {}
    for row in rows:
        if row.kind == "count" and row.additive:
            additive.setdefault(f"{row.indicator} {row.additive}", []).append(row)
    _secondary(rows, additive)
    _derived(rows)
    for row in rows:
        for c in row.hidden:
            row.cells[c] = None
    return rows


# The reports ------------------------------------------------------------------------------


def _wres_rows(tables: Tables, scope: Scope, month: int, survey_month: int) -> list[Row]:
    from oneworkforce.metrics.wres import SURVEY_INDICATORS

    by = [scope.dimension]
    white_first, bme_first = E.WHITE_BME, E.WHITE_BME.swapped()
    rows = _representation(tables, scope, month, WRES, "WRES 1", "band")
    rows += _likelihood(
        "WRES 2",
        _one(E.appointment_parts(tables, by, white_first), scope, month),
        WRES,
        white_first,
        "Shortlisted applicants (12 months)",
        "Appointed from shortlisting",
        "Likelihood of appointment from shortlisting",
        "Relative likelihood of White applicants being appointed (White : BME)",
    )
    rows += _likelihood(
        "WRES 3",
        _one(E.case_parts(tables, by, bme_first, "disciplinary", False), scope, month),
        WRES,
        bme_first,
        "Staff (mean of the two 31 March headcounts)",
        "Entering the formal disciplinary process (two years)",
        "Likelihood of entering a year",
        "Relative likelihood of BME staff entering the process (BME : White)",
    )
    rows += _likelihood(
        "WRES 4",
        _one(E.cpd_parts(tables, by, white_first), scope, month),
        WRES,
        white_first,
        "Staff in post at 31 March",
        "Accessed non-mandatory training or CPD (12 months)",
        "Likelihood of accessing it",
        "Relative likelihood of White staff accessing it (White : BME)",
    )
    rows += _survey(tables, scope, survey_month, WRES, SURVEY_INDICATORS)
    rows += _board(tables, scope, month, WRES, "WRES 9")
    return rows


def _wdes_rows(tables: Tables, scope: Scope, month: int, survey_month: int) -> list[Row]:
    from oneworkforce.metrics.wdes import SURVEY_INDICATORS

    by = [scope.dimension]
    groups = E.NON_DISABLED_DISABLED
    rows = _representation(tables, scope, month, WDES, "WDES 1", "wdes_cluster")
    rows += _likelihood(
        "WDES 2",
        _one(E.appointment_parts(tables, by, groups), scope, month),
        WDES,
        groups,
        "Shortlisted applicants (12 months)",
        "Appointed from shortlisting",
        "Likelihood of appointment from shortlisting",
        "Relative likelihood of non-disabled applicants being appointed (non-disabled : Disabled)",
    )
    rows += _likelihood(
        "WDES 3",
        _one(E.case_parts(tables, by, groups.swapped(), "capability", True), scope, month),
        WDES,
        groups.swapped(),
        "Staff (mean of the two 31 March headcounts)",
        "Entering the formal capability process, performance (two years)",
        "Likelihood of entering a year",
        "Relative likelihood of Disabled staff entering the process (Disabled : non-disabled)",
    )
    rows += _survey(tables, scope, survey_month, WDES, SURVEY_INDICATORS, engagement=True)
    rows += _board(tables, scope, month, WDES, "WDES 10")
    return rows


def equality_report(
    tables: Tables,
    standard: str,
    year: int | None = None,
    org: str | None = None,
    shared: bool = False,
    threshold: int = THRESHOLD,
) -> pd.DataFrame:
    """The WRES or WDES table for an organisation (``org``) or the system, for the year
    ending 31 March ``year`` (default: the latest with a March snapshot)."""
    if standard not in STANDARDS:
        raise EqualityReportError(f"Unknown standard {standard!r}: use wres or wdes.")
    if threshold < 1:
        raise EqualityReportError("The disclosure threshold must be a whole number of at least 1.")
    scope = _scope(tables, org)
    year = latest_year(tables) if year is None else year
    month, survey_month = year * 12 + 3, (year - 1) * 12 + 10
    layout = WRES if standard == "wres" else WDES
    build = _wres_rows if standard == "wres" else _wdes_rows
    rows = build(tables, scope, month, survey_month)
    if not any(r.cells.get("total") for r in rows if r.indicator.endswith(" 1")):
        raise EqualityReportError(
            f"No staff in post for {scope.code} in {month_label(month)}: the {layout.standard} "
            f"of {year} is as at 31 March {year}."
        )
    if shared:
        apply_disclosure(rows, threshold)
    return _frame(rows, layout, scope, year)


def _frame(rows: list[Row], layout: Layout, scope: Scope, year: int) -> pd.DataFrame:
    records = []
    for row in rows:
        record = {
            "scope": scope.code,
            "year": year,
            "indicator": row.indicator,
            "breakdown": row.breakdown,
            "measure": row.measure,
        }
        record |= {layout.columns[c]: row.cells.get(c) for c in layout.order}
        record |= {"total": row.cells.get("total"), "value": row.value, "unit": row.unit}
        record["note"] = row.note
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    numbers = [layout.columns[c] for c in layout.order] + ["total", "value"]
    frame[numbers] = frame[numbers].astype("float64").round(6)
    return frame
