"""What each endpoint and page answers, as calls on the library: no HTTP here, and no figures
worked out anywhere but the library. Every function takes the viewer, so access rules stay in
``scope`` and the answers follow them; an HTML page and its JSON twin call the same function,
so they show the same figures. Every metric computation of the web layer happens here (and
only here), so a cache of results per load can sit in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from oneworkforce.errors import OneWorkforceError
from oneworkforce.metrics import CATALOGUE, MetricError, NoDataError, compute_metric, get_metric
from oneworkforce.metrics.cache import ResultCache
from oneworkforce.metrics.dimensions import DIMENSIONS
from oneworkforce.metrics.disclosure import THRESHOLD, apply_disclosure_control
from oneworkforce.metrics.equality_report import STANDARDS, equality_report
from oneworkforce.metrics.headline import HEADLINE
from oneworkforce.metrics.model import month_index
from oneworkforce.metrics.wellbeing import wellbeing_panel
from oneworkforce.spc.series import metric_series, rules_broken, series_chart
from oneworkforce.standard import codes
from oneworkforce.survey.framework import PEOPLE_PROMISE_2021
from oneworkforce.targets.status import evaluate_targets
from oneworkforce.targets.store import TargetSpec
from oneworkforce.warehouse import Warehouse
from oneworkforce.warehouse.summary import summarise
from oneworkforce.web import quality as data_quality
from oneworkforce.web.cache import kept_results
from oneworkforce.web.models import (
    BoardPack,
    Catalogue,
    Drill,
    DrillRow,
    Equality,
    ExtractStatus,
    Headline,
    LoadRow,
    MetricInfo,
    MetricResult,
    MetricRow,
    MissingPartners,
    Organisation,
    Overview,
    PathPoint,
    Quality,
    Quarantine,
    QuarantinedRow,
    QuarantineReason,
    Register,
    SpcPoint,
    SpcResult,
    Status,
    TargetDetail,
    TargetStatus,
    Wellbeing,
)
from oneworkforce.web.scope import NotAllowedError, Viewer


def catalogue(viewer: Viewer) -> Catalogue:
    """Every metric of the catalogue (the same for every viewer: it holds no figures)."""
    metrics = [
        MetricInfo(
            id=m.id,
            name=m.name,
            unit=m.unit,
            good_direction=m.good_direction,
            definition=m.definition,
            formula=m.formula,
            source=m.source,
            caveats=m.caveats,
            dimensions=sorted(m.dimensions),
            required_dimensions=sorted(m.required_dimensions),
            shared_rule=str(m.shared_rule),
        )
        for m in CATALOGUE.values()
    ]
    return Catalogue(metrics=metrics, dimensions=dict(DIMENSIONS))


def metric_rows(
    warehouse: Warehouse,
    viewer: Viewer,
    metric_id: str,
    by: list[str],
    start: str | None = None,
    end: str | None = None,
) -> MetricResult:
    """The metric's tidy rows, shared or in full as the viewer may see them."""
    disclosure = viewer.disclosure()
    frame = compute_metric(
        warehouse.extract_tables(),
        metric_id,
        by,
        start,
        end,
        results=kept_results(warehouse),
        shared=disclosure.shared,
        entitled_orgs=disclosure.entitled_orgs,
    )
    frame = frame.drop(columns=["month_index"]).assign(shared=disclosure.shared_rows(frame, by))
    if "suppressed" not in frame.columns:
        frame["suppressed"] = False
    rows = [MetricRow(**row) for row in records(frame)]
    return MetricResult(
        metric=metric_id,
        by=by,
        start=start,
        end=end,
        viewer=viewer,
        threshold=THRESHOLD,
        rows=rows,
    )


def metric_spc(
    warehouse: Warehouse,
    viewer: Viewer,
    metric_id: str,
    where: Mapping[str, str],
    start: str | None = None,
    end: str | None = None,
    target: float | None = None,
    baseline: int | None = None,
    rebase: Sequence[str] = (),
    run_length: int = 7,
    screen: bool = True,
) -> SpcResult:
    """The SPC chart of one slice; a shared series leaves its hidden months out."""
    disclosure = viewer.disclosure(where)
    series = metric_series(
        warehouse.extract_tables(),
        metric_id,
        where,
        start,
        end,
        results=kept_results(warehouse),
        shared=disclosure.shared,
        entitled_orgs=disclosure.entitled_orgs,
    )
    chart = series_chart(series, metric_id, target, baseline, rebase, screen, run_length)
    points = chart.points.rename(columns={"x": "month"})
    if not points.empty:
        points = points.assign(rules=rules_broken(points))
    return SpcResult(
        metric=metric_id,
        where=dict(where),
        start=start,
        end=end,
        good_direction=chart.good_direction,
        target=target,
        baseline=baseline,
        rebase=list(rebase),
        run_length=run_length,
        screen=screen,
        variation=chart.variation,
        assurance=chart.assurance,
        warnings=chart.warnings,
        viewer=viewer,
        shared=disclosure.shared,
        points=[SpcPoint(**row) for row in records(points)],
    )


def status(warehouse: Warehouse, viewer: Viewer) -> Status:
    """What the warehouse holds (as `oneworkforce status`). An extract's row count can be a
    count of people (employee relations cases), so shared viewers get small ones hidden."""
    summaries = summarise(warehouse)
    rows = pd.Series([float(s.rows) for s in summaries])
    if viewer.disclosure().shared:
        counts = pd.DataFrame(
            {"month_index": 0, "numerator": rows, "denominator": float("nan"), "value": rows}
        )
        rows = apply_disclosure_control(counts, [], counts_people=True)["numerator"]
    return Status(
        viewer=viewer,
        extracts=[
            ExtractStatus(
                extract=s.extract,
                rows=None if pd.isna(count) else int(count),
                organisations=s.organisations,
                first_month=s.first_period,
                last_month=s.last_period,
            )
            for s, count in zip(summaries, rows, strict=True)
        ],
    )


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as plain Python values, empty cells (NaN, NaT, NA) as None."""
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.to_dict(orient="records")


# The pages -------------------------------------------------------------------------------------

# Drill-down levels, top to bottom: the system, then place, organisation and staff group.
LEVELS = ("place", "org", "staff_group")
PAY_GAPS = (
    "gender_pay_gap_mean",
    "gender_pay_gap_median",
    "ethnicity_pay_gap_mean",
    "ethnicity_pay_gap_median",
    "disability_pay_gap_mean",
    "disability_pay_gap_median",
)
EXPERIENCE = ("staff_engagement_score", "staff_morale_score")


def register(warehouse: Warehouse) -> Register:
    """The partners of the organisations register (no figures: the same for every viewer)."""
    frame = warehouse.table("organisations").select("org_code", "name", "place", "sector")
    frame = frame.execute().sort_values("org_code")
    organisations = [
        Organisation(org=r["org_code"], name=r["name"], place=r["place"], sector=r["sector"])
        for r in records(frame)
    ]
    places = sorted({o.place for o in organisations if o.place})
    return Register(organisations=organisations, places=places)


def headlines(
    warehouse: Warehouse,
    viewer: Viewer,
    where: Mapping[str, str],
    end: str | None = None,
    specs: Sequence[TargetSpec] = (),
    metric_ids: Sequence[str] = HEADLINE,
) -> list[Headline]:
    """Each headline metric for the slice: its SPC chart, judged against the value target set
    for exactly this metric and slice (from ``specs``), if there is one."""
    if end is not None:
        month_index(end)  # a bad month is the request's fault, not each metric's
    wanted = [
        s
        for s in specs
        if s.target_type == "value" and s.metric_id in metric_ids and s.slice == dict(where)
    ]
    statuses = {t.metric: t for t in reversed(target_statuses(warehouse, viewer, wanted))}
    return [headline(warehouse, viewer, m, where, end, statuses.get(m)) for m in metric_ids]


def headline(
    warehouse: Warehouse,
    viewer: Viewer,
    metric_id: str,
    where: Mapping[str, str],
    end: str | None = None,
    target: TargetStatus | None = None,
) -> Headline:
    """One metric for one slice, as a headline: latest value, icons and target."""
    metric = get_metric(metric_id)
    goal = target.target if target is not None and not target.hidden else None
    chart, problem = None, None
    try:
        chart = metric_spc(warehouse, viewer, metric_id, where, end=end, target=goal)
    except MetricError as exc:  # not split that way, or no figures: say so, keep the page
        problem = str(exc)
    last = chart.points[-1] if chart is not None and chart.points else None
    if chart is not None and last is None:
        problem = "No figures to chart: none in these months, or every one is hidden."
    return Headline(
        metric=metric.id,
        name=metric.name,
        unit=metric.unit,
        good_direction=metric.good_direction,
        month=last.month if last else None,
        value=last.value if last else None,
        spc=chart,
        target=target,
        problem=problem,
    )


def overview(
    warehouse: Warehouse,
    viewer: Viewer,
    where: Mapping[str, str],
    end: str | None = None,
    specs: Sequence[TargetSpec] = (),
) -> Overview:
    """The headline metrics of the system, or of a place or organisation."""
    return Overview(
        viewer=viewer,
        where=dict(where),
        end=end,
        headlines=headlines(warehouse, viewer, where, end, specs),
    )


def board_pack(
    warehouse: Warehouse,
    viewer: Viewer,
    where: Mapping[str, str],
    end: str | None = None,
    specs: Sequence[TargetSpec] = (),
) -> BoardPack:
    """The overview for a month and scope, with the targets that fall within the scope."""
    within = [s for s in specs if all(s.slice.get(k) == v for k, v in where.items())]
    return BoardPack(
        viewer=viewer,
        where=dict(where),
        end=end,
        headlines=headlines(warehouse, viewer, where, end, specs),
        targets=target_statuses(warehouse, viewer, within),
    )


def drill_levels(metric_id: str) -> list[str]:
    """The drill-down levels a metric can be split by, top to bottom."""
    metric = get_metric(metric_id)
    return [level for level in LEVELS if level in metric.dimensions]


def drill(
    warehouse: Warehouse,
    viewer: Viewer,
    metric_id: str,
    where: Mapping[str, str],
    end: str | None = None,
) -> Drill:
    """The metric for a slice, and each slice a level below it with its latest figure and
    variation icon. A row's figures are those of its own SPC chart (the same split and the
    same disclosure), so following its link shows the same latest value."""
    if end is not None:
        month_index(end)
    levels = drill_levels(metric_id)
    keys = list(where)
    if keys != levels[: len(keys)]:
        path = " then ".join(levels) or "nothing"
        raise OneWorkforceError(
            f"A drill-down of {metric_id} goes down by {path}, in that order; "
            f"not by {', '.join(keys)}."
        )
    top = headline(warehouse, viewer, metric_id, where, end)
    level = levels[len(keys)] if len(keys) < len(levels) else None
    rows: list[DrillRow] = []
    if level is not None:
        rows = _drill_rows(warehouse, viewer, metric_id, where, level, levels, end)
    return Drill(
        viewer=viewer, metric=metric_id, where=dict(where), level=level, headline=top, rows=rows
    )


def _drill_rows(
    warehouse: Warehouse,
    viewer: Viewer,
    metric_id: str,
    where: Mapping[str, str],
    level: str,
    levels: list[str],
    end: str | None,
) -> list[DrillRow]:
    by = [*where, level]
    disclosure = viewer.disclosure(where)
    try:
        frame = compute_metric(
            warehouse.extract_tables(),
            metric_id,
            by,
            None,
            end,
            results=kept_results(warehouse),
            shared=disclosure.shared,
            entitled_orgs=disclosure.entitled_orgs,
        )
    except NoDataError:
        return []
    for name, value in where.items():
        frame = frame[frame[name].astype(str) == value]
    frame = frame[frame[level].notna()]
    frame = frame.assign(_shared=disclosure.shared_rows(frame, by))
    if "suppressed" not in frame.columns:
        frame["suppressed"] = False
    labels = _labels(warehouse, level)
    rows = []
    for code, series in frame.groupby(frame[level].astype(str), sort=True):
        series = series.sort_values("month_index").reset_index(drop=True)
        try:
            chart = series_chart(series, metric_id)
            variation, points = chart.variation, len(chart.points)
        except OneWorkforceError:
            variation, points = None, 0
        last = series.iloc[-1]
        value = last["value"]
        rows.append(
            DrillRow(
                where={**where, level: code},
                dimension=level,
                value_code=code,
                label=labels.get(code, code),
                month=last["month"],
                value=None if pd.isna(value) else float(value),
                shared=bool(last["_shared"]),
                suppressed=bool(last["suppressed"]),
                variation=variation,
                points=points,
                can_drill=levels.index(level) < len(levels) - 1,
            )
        )
    return sorted(rows, key=lambda r: r.label.lower())


def _labels(warehouse: Warehouse, dimension: str) -> dict[str, str]:
    """What people call a dimension's values: organisations by name, codes by label."""
    if dimension == "org":
        return {o.org: o.name or o.org for o in register(warehouse).organisations}
    if dimension == "staff_group":
        return dict(codes.STAFF_GROUP.labels)
    return {}


# Targets ---------------------------------------------------------------------------------------


def target_statuses(
    warehouse: Warehouse, viewer: Viewer, specs: Sequence[TargetSpec]
) -> list[TargetStatus]:
    """How each target stands (``evaluate_targets``). Targets are judged on full figures; a
    viewer who may not see a value target's slice in full, and whose shared figures hide
    its latest or baseline month, gets the status without the values and the reason."""
    if not specs:
        return []
    tables = warehouse.extract_tables()
    frame = evaluate_targets(specs, tables, kept_results(warehouse))
    out = []
    for spec, row in zip(specs, records(frame), strict=True):
        status = TargetStatus(**row, owner=spec.owner)
        if _hidden(tables, viewer, spec, status, kept_results(warehouse)):
            status = status.model_copy(
                update={
                    "baseline_value": None,
                    "latest_value": None,
                    "expected_value": None,
                    "target": None if spec.kind != "absolute" else status.target,
                    "reason": "The figures for this slice are hidden from you by disclosure "
                    "control; the status is judged on the full figures.",
                    "hidden": True,
                }
            )
        out.append(status)
    return out


def _hidden(
    tables, viewer: Viewer, spec: TargetSpec, status: TargetStatus, results: ResultCache
) -> bool:
    """Whether the target's latest (or data-made baseline) figure is hidden from the viewer."""
    if spec.target_type != "value" or status.latest_month is None:
        return False
    disclosure = viewer.disclosure(spec.slice)
    if not disclosure.shared:
        return False
    try:
        series = metric_series(
            tables,
            spec.metric_id,
            spec.slice,
            results=results,
            shared=True,
            entitled_orgs=disclosure.entitled_orgs,
        )
    except MetricError:
        return True
    shown = series.set_index("month")["value"].dropna()
    months = [status.latest_month]
    if spec.baseline_value is None and status.baseline_month is not None:
        months.append(status.baseline_month)
    return any(month not in shown.index for month in months)


def target_detail(warehouse: Warehouse, viewer: Viewer, spec: TargetSpec) -> TargetDetail:
    """One target: its status, its metric's values for the slice and the path to the target."""
    status = target_statuses(warehouse, viewer, [spec])[0]
    series: list[PathPoint] = []
    if spec.target_type == "value":
        disclosure = viewer.disclosure(spec.slice)
        try:
            frame = metric_series(
                warehouse.extract_tables(),
                spec.metric_id,
                spec.slice,
                results=kept_results(warehouse),
                shared=disclosure.shared,
                entitled_orgs=disclosure.entitled_orgs,
            )
            series = [PathPoint(month=r["month"], value=r["value"]) for r in records(frame)]
        except MetricError:
            series = []
    trajectory = [PathPoint(**point) for point in spec.trajectory or []]
    path: list[PathPoint] = []
    if not status.hidden and status.target is not None:
        if status.baseline_month is not None and status.baseline_value is not None:
            path.append(PathPoint(month=status.baseline_month, value=status.baseline_value))
        path += [p for p in trajectory if not path or p.month > path[0].month]
        if not path or path[-1].month < spec.due_month:
            path.append(PathPoint(month=spec.due_month, value=status.target))
    return TargetDetail(
        viewer=viewer,
        status=status,
        source=spec.source,
        notes=spec.notes,
        trajectory=trajectory,
        path=path,
        series=series,
    )


# Equality, experience and wellbeing ------------------------------------------------------------


def equality(
    warehouse: Warehouse, viewer: Viewer, org: str | None = None, year: int | None = None
) -> Equality:
    """The WRES and WDES tables (``equality_report``) and the latest pay gaps, for the system
    or one organisation, shared or in full as the viewer may see them."""
    tables = warehouse.extract_tables()
    where = {"org": org} if org else {}
    disclosure = viewer.disclosure(where)
    problems: dict[str, str] = {}
    reports: dict[str, list[dict]] = {}
    found_year = None
    for standard in STANDARDS:
        try:
            frame = equality_report(tables, standard, year, org, disclosure.shared)
        except OneWorkforceError as exc:
            problems[standard] = str(exc)
            reports[standard] = []
            continue
        found_year = int(frame["year"].iloc[0])
        reports[standard] = records(frame.drop(columns=["scope", "year"]))
    pay_gaps = []
    for metric_id in PAY_GAPS:
        metric = get_metric(metric_id)
        try:
            series = metric_series(
                tables,
                metric_id,
                where,
                results=kept_results(warehouse),
                shared=disclosure.shared,
                entitled_orgs=disclosure.entitled_orgs,
            )
        except MetricError as exc:
            problems.setdefault("pay_gaps", str(exc))
            continue
        last = records(series)[-1]
        pay_gaps.append(
            {
                "metric": metric_id,
                "name": metric.name,
                "month": last["month"],
                "value": last["value"],
                "suppressed": bool(last.get("suppressed") or False),
            }
        )
    return Equality(
        viewer=viewer,
        org=org,
        year=found_year if found_year is not None else year,
        shared=disclosure.shared,
        pay_gaps=pay_gaps,
        wres=reports["wres"],
        wdes=reports["wdes"],
        problems=problems,
    )


def wellbeing(warehouse: Warehouse, viewer: Viewer, month: str | None = None) -> Wellbeing:
    """The health and wellbeing panel by organisation and for the system
    (``wellbeing_panel``), and the People Promise, engagement and morale scores of the
    latest survey; an organisation's lead gets their own rows in full."""
    if month is not None:
        month_index(month)
    tables = warehouse.extract_tables()
    disclosure = viewer.disclosure()
    problems: dict[str, str] = {}
    panel: list[dict] = []
    try:
        frame = wellbeing_panel(tables, ["org"], month, shared=disclosure.shared)
        if disclosure.shared and disclosure.entitled_orgs:
            frame = _own_rows_in_full(frame, wellbeing_panel(tables, ["org"], month), disclosure)
        found = frame["month"].dropna()
        month = month or (max(found) if not found.empty else None)
        panel = records(frame.drop(columns=["system"]))
    except OneWorkforceError as exc:
        problems["panel"] = str(exc)
    experience = []
    for metric_id, by in (
        ("people_promise_score", ["survey_theme"]),
        *((m, []) for m in EXPERIENCE),
    ):
        try:
            experience += _latest_scores(tables, disclosure, metric_id, by, kept_results(warehouse))
        except MetricError as exc:
            problems.setdefault("experience", str(exc))
    return Wellbeing(
        viewer=viewer, month=month, panel=panel, experience=experience, problems=problems
    )


def _own_rows_in_full(shared: pd.DataFrame, full: pd.DataFrame, disclosure) -> pd.DataFrame:
    keys = ["org", "measure"]
    own = shared["org"].isin(list(disclosure.entitled_orgs))
    exact = full.set_index(keys)[["numerator", "denominator", "value"]]
    picked = exact.loc[pd.MultiIndex.from_frame(shared.loc[own, keys])]
    out = shared.copy()
    out.loc[own, ["numerator", "denominator", "value"]] = picked.to_numpy()
    out.loc[own, ["suppressed", "small_denominator"]] = False
    return out


def _latest_scores(
    tables, disclosure, metric_id: str, by: list[str], results: ResultCache
) -> list[dict]:
    """A survey score for the system and each organisation, at the latest survey round."""
    metric = get_metric(metric_id)
    out = []
    for split in (by, ["org", *by]):
        frame = compute_metric(
            tables,
            metric_id,
            split,
            results=results,
            shared=disclosure.shared,
            entitled_orgs=disclosure.entitled_orgs,
        )
        frame = frame[frame["month_index"] == frame["month_index"].max()]
        for row in records(frame):
            theme = row.get("survey_theme")
            out.append(
                {
                    "org": row.get("org"),
                    "metric": metric_id,
                    "measure": theme or metric_id,
                    "name": PEOPLE_PROMISE_2021.theme(theme).name if theme else metric.name,
                    "month": row["month"],
                    "responses": row["denominator"],
                    "value": row["value"],
                    "suppressed": bool(row.get("suppressed") or False),
                }
            )
    return out


# Data quality ----------------------------------------------------------------------------------


def quality(warehouse: Warehouse, viewer: Viewer) -> Quality:
    """Loads with their reconciliation, quarantine reasons and which partners are missing.

    A load's row counts can be counts of people (an employee relations file), so a shared
    viewer gets counts of 1 to 4 hidden, as ``status`` does, except on their own
    organisation's loads."""
    partners = [o.org for o in register(warehouse).organisations]
    log = data_quality.load_log(warehouse)
    loads = []
    for row in records(log):
        own = _own_load(viewer, row)
        hide = viewer.disclosure().shared and not own
        counts = {k: _shown(row[k], hide) for k in ("read", "loaded", "quarantined", "replaced")}
        read, loaded, quarantined = row["read"], row["loaded"], row["quarantined"]
        loads.append(
            LoadRow(
                **{k: row[k] for k in ("load_id", "extract", "version", "file", "status")},
                org=row["org"],
                period=row["period"],
                **counts,
                scopes=row["scopes"],
                finished=row["finished"],
                reconciles=read is not None and read == (loaded or 0) + (quarantined or 0),
                own=own or viewer.role == "ics_analyst",
            )
        )
    hidden = {
        load.load_id: viewer.disclosure().shared and not _own_load(viewer, r)
        for load, r in zip(loads, records(log), strict=True)
    }
    reasons = [
        QuarantineReason(
            load_id=r["load_id"],
            extract=r["extract"],
            rule=r["rule"],
            rows=_shown(r["rows"], hidden.get(r["load_id"], True)),
        )
        for r in records(data_quality.quarantine_reasons(warehouse, list(hidden)))
    ]
    missing = [
        MissingPartners(
            extract=c.extract,
            month=c.month,
            sent=c.sent,
            missing=c.missing,
            never_sent=c.never_sent,
        )
        for c in data_quality.coverage(warehouse, partners)
    ]
    return Quality(viewer=viewer, loads=loads, reasons=reasons, missing=missing)


def _shown(count, hide: bool) -> int | None:
    """A count as a shared viewer sees it: 1 to 4 hidden (a row can be a person)."""
    if count is None or pd.isna(count):
        return None
    count = int(count)
    return None if hide and 0 < count < THRESHOLD else count


def _own_load(viewer: Viewer, row: Mapping) -> bool:
    """A load of the viewer's own organisation: declared for it, or replacing only its data."""
    if viewer.role != "org_lead" or viewer.org_code is None:
        return False
    orgs = {scope.split(" ")[0] for scope in row["scopes"]}
    return row["org"] == viewer.org_code or orgs == {viewer.org_code}


def quarantine(warehouse: Warehouse, viewer: Viewer, load_id: int) -> Quarantine:
    """A load's quarantined rows, values included: for ICS analysts, and for an
    organisation's lead on their own organisation's loads (they send the corrections)."""
    log = data_quality.load_log(warehouse, limit=1_000_000)
    row = next((r for r in records(log) if r["load_id"] == load_id), None)
    if row is None:
        raise data_quality.UnknownLoadError(f"There is no load {load_id}.")
    if viewer.role != "ics_analyst" and not _own_load(viewer, row):
        raise NotAllowedError(
            "Quarantined rows hold the values as sent, so only ICS analysts, and the "
            "workforce lead of the organisation that sent the file, may see them."
        )
    frame = data_quality.quarantined_rows(warehouse, load_id)
    return Quarantine(
        viewer=viewer,
        load_id=load_id,
        rows=[QuarantinedRow(**r) for r in records(frame)],
    )
