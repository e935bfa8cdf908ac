"""Targets in the application database: validated on the way in, audited on every change.

A target is checked against the metric catalogue before it is stored, so a stored target can
always be evaluated: its metric exists, its slice uses dimensions the metric can be split by
(with values written as the warehouse stores them), and its months are real months; a rank
target's survey item and peer group are ones ``survey/ranking.py`` ranks (``ranks``). Functions
take a Session and never commit, so a change and its audit event share one transaction.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from oneworkforce.appdb.audit import record_event
from oneworkforce.appdb.models import TARGET_COMPARISONS, TARGET_KINDS, TARGET_TYPES, Target
from oneworkforce.errors import OneWorkforceError
from oneworkforce.metrics import CATALOGUE, Metric
from oneworkforce.metrics.dimensions import DIMENSIONS, SERVICE_BANDS
from oneworkforce.metrics.model import MetricError, month_index
from oneworkforce.standard import codes
from oneworkforce.targets.ranks import rank_fields

NAME_LENGTH = 200
OWNER_LENGTH = 200
ETHNIC_GROUPS = ("white", "bme", "not_stated")  # as oneworkforce.metrics.dimensions groups them
SERVICE_BAND_LABELS = ("under_1", *(label for _, label in reversed(SERVICE_BANDS)))
# Dimensions whose values the warehouse stores as codes: a slice value is matched to the code
# (labels and aliases accepted, as in extracts), so "Nurses and health visitors" finds nursing.
CODED_DIMENSIONS: dict[str, codes.CodeList] = {
    "sector": codes.SECTOR,
    "staff_group": codes.STAFF_GROUP,
    "band": codes.BAND,
    "contract_type": codes.CONTRACT_TYPE,
    "gender": codes.GENDER,
    "ethnic_category": codes.ETHNIC_CATEGORY,
    "disability": codes.DISABILITY,
    "age_band": codes.STAFF_AGE_BAND,
    "absence_reason": codes.SICKNESS_REASON,
    "training_subject": codes.CSTF_SUBJECT,
}
FIXED_VALUES: dict[str, tuple[str, ...]] = {
    "ethnic_group": ETHNIC_GROUPS,
    "service_band": SERVICE_BAND_LABELS,
}
UPPER_CASE_DIMENSIONS = frozenset({"org", "system"})  # ODS codes

Change = Literal["created", "updated", "unchanged"]


class TargetError(OneWorkforceError):
    """A target that cannot be stored as given; ``problems`` lists every reason."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


class DuplicateTargetError(TargetError):
    """Another target already has the name."""


@dataclass(frozen=True)
class TargetSpec:
    """A validated target, detached from any database session (make one with validate_target).

    Field names match the ``Target`` model's columns, so either can be evaluated. A rank
    target (``target_type == "rank"``) keeps its survey item in ``metric_id``, its subject in
    ``slice`` and its wanted rank in ``target_value``.
    """

    name: str
    metric_id: str
    slice: dict[str, str]
    comparison: str
    target_value: float
    kind: str
    due_month: str
    baseline_month: str | None = None
    baseline_value: float | None = None
    trajectory: list[dict[str, Any]] | None = None
    owner: str | None = None
    source: str | None = None
    notes: str | None = None
    target_type: str = "value"
    peer_group: str | None = None

    def fields(self) -> dict[str, Any]:
        """The stored columns, JSON-serialisable (for the model and the audit trail)."""
        return asdict(self)


FIELDS = tuple(TargetSpec.__dataclass_fields__)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any, label: str, problems: list[str]) -> float | None:
    """A finite float, or None after noting why not (bools are not numbers here)."""
    if isinstance(value, bool):
        problems.append(f"{label} {value!r} is not a number")
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems.append(f"{label} {value!r} is not a number")
        return None
    if not math.isfinite(number):
        problems.append(f"{label} {value!r} is not a finite number")
        return None
    return number


def _month(value: Any, label: str, problems: list[str]) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        month_index(text)
    except MetricError:
        problems.append(f"{label} {text!r} is not a month written YYYY-MM")
        return None
    return text


def _choice(value: str, allowed: tuple[str, ...], label: str, problems: list[str]) -> str | None:
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    key = {"<=": "at_most", ">=": "at_least"}.get(key, key)
    if key in allowed:
        return key
    problems.append(f"{label} {value!r} is not one of {', '.join(allowed)}")
    return None


def _metric(metric_id: Any, problems: list[str]) -> Metric | None:
    text = _text(metric_id)
    if text is None:
        problems.append("a metric is needed")
        return None
    metric = CATALOGUE.get(text)
    if metric is None:
        close = difflib.get_close_matches(text, list(CATALOGUE), n=1)
        hint = f"did you mean {close[0]}?" if close else "see `oneworkforce metrics`"
        problems.append(f"unknown metric {text!r} ({hint})")
    return metric


def _examples(values: Iterable[str], limit: int = 8) -> str:
    values = list(values)
    more = ", …" if len(values) > limit else ""
    return ", ".join(values[:limit]) + more


def slice_value(dimension: str, value: Any, problems: list[str]) -> str | None:
    """A slice value as the warehouse stores it: a code, an upper-case ODS code, or text."""
    text = _text(value)
    if text is None:
        problems.append(f"slice {dimension} needs a value")
        return None
    if dimension in CODED_DIMENSIONS:
        code_list = CODED_DIMENSIONS[dimension]
        code = code_list.normalise(text)
        if code is None:
            problems.append(
                f"{text!r} is not a {dimension} code (codes: {_examples(code_list.codes)})"
            )
        return code
    if dimension in FIXED_VALUES:
        allowed = FIXED_VALUES[dimension]
        key = text.lower().replace(" ", "_")
        if key not in allowed:
            problems.append(f"{text!r} is not a {dimension} (one of {', '.join(allowed)})")
            return None
        return key
    return text.upper() if dimension in UPPER_CASE_DIMENSIONS else text


def _slice(raw: Mapping[str, Any] | None, metric: Metric | None, problems: list[str]) -> dict:
    result: dict[str, str] = {}
    for raw_dimension, raw_value in (raw or {}).items():
        dimension = str(raw_dimension).strip().lower()
        if dimension not in DIMENSIONS:
            problems.append(
                f"unknown slice dimension {raw_dimension!r} (dimensions: {', '.join(DIMENSIONS)})"
            )
            continue
        if metric is not None and dimension not in metric.dimensions:
            problems.append(
                f"{metric.id} cannot be split by {dimension} (it can be split by "
                f"{', '.join(sorted(metric.dimensions))})"
            )
            continue
        if dimension in result:
            problems.append(f"slice dimension {dimension} is given twice")
            continue
        value = slice_value(dimension, raw_value, problems)
        if value is not None:
            result[dimension] = value
    return result


def _trajectory(raw: Any, due: str | None, problems: list[str]) -> list[dict[str, Any]] | None:
    """Points as [{"month", "value"}] in month order; pairs and mappings are both accepted."""
    if raw is None:
        return None
    points: dict[str, float] = {}
    for item in raw:
        if isinstance(item, Mapping):
            raw_month, raw_value = item.get("month"), item.get("value")
        else:
            try:
                raw_month, raw_value = item
            except (TypeError, ValueError):
                problems.append(f"trajectory point {item!r} is not a month and a value")
                continue
        if _text(raw_month) is None:
            problems.append("a trajectory point has no month")
            continue
        month = _month(raw_month, "trajectory month", problems)
        value = _number(raw_value, f"trajectory value for {raw_month}", problems)
        if month is None or value is None:
            continue
        if month in points:
            problems.append(f"trajectory month {month} is given twice")
            continue
        if due is not None and month_index(month) > month_index(due):
            problems.append(f"trajectory month {month} is after the due month {due}")
            continue
        points[month] = value
    ordered = sorted(points.items(), key=lambda point: month_index(point[0]))
    return [{"month": month, "value": value} for month, value in ordered] or None


def _value_fields(
    *,
    metric_id: Any,
    target_value: Any,
    due_month: Any,
    slice: Mapping[str, Any] | None,
    comparison: Any,
    kind: Any,
    baseline_month: Any,
    baseline_value: Any,
    trajectory: Any,
    peer_group: Any,
    problems: list[str],
) -> dict[str, Any]:
    """A value target's own columns, checked (due month included: the trajectory needs it).

    The comparison defaults from the metric's good direction; a neutral metric (headcount,
    say) has none, so the target must say which way it points.
    """
    metric = _metric(metric_id, problems)
    clean_slice = _slice(slice, metric, problems)

    chosen: str | None = None
    if _text(comparison) is not None:
        chosen = _choice(str(comparison), TARGET_COMPARISONS, "comparison", problems)
    elif metric is not None:
        chosen = {"down": "at_most", "up": "at_least"}.get(metric.good_direction)
        if chosen is None:
            problems.append(
                f"{metric.id} has no good direction, so give a comparison "
                f"({' or '.join(TARGET_COMPARISONS)})"
            )
    clean_kind = "absolute"
    if _text(kind) is not None:
        clean_kind = _choice(str(kind), TARGET_KINDS, "kind", problems) or "absolute"

    value = None
    if target_value is None or (isinstance(target_value, str) and not target_value.strip()):
        problems.append("a target value is needed")
    else:
        value = _number(target_value, "target", problems)
    if value is not None and clean_kind == "change_per_year_percent" and value <= -100:
        problems.append(f"a change of {value:g} % a year would take the metric below zero")

    due = _due(due_month, problems)
    base_month = _month(baseline_month, "baseline month", problems)
    base_value = None
    if _text(baseline_value) is not None:
        base_value = _number(baseline_value, "baseline value", problems)
        if base_month is None and _text(baseline_month) is None:
            problems.append("a baseline value needs its baseline month")
    if base_month and due and month_index(base_month) >= month_index(due):
        problems.append(f"the baseline month {base_month} is not before the due month {due}")
    if base_value is not None and base_value <= 0 and clean_kind == "change_per_year_percent":
        problems.append("a yearly percentage change needs a baseline above zero")
    points = _trajectory(trajectory, due, problems)
    if _text(peer_group) is not None:
        problems.append(f"a peer group ({peer_group!r}) is for rank targets (type rank) only")
    return {
        "metric_id": metric.id if metric is not None else None,
        "slice": clean_slice,
        "comparison": chosen,
        "target_value": value,
        "kind": clean_kind,
        "due_month": due,
        "baseline_month": base_month,
        "baseline_value": base_value,
        "trajectory": points,
        "peer_group": None,
    }


def _due(due_month: Any, problems: list[str]) -> str | None:
    due = _month(due_month, "due month", problems)
    if due is None and _text(due_month) is None:
        problems.append("a due month (YYYY-MM) is needed")
    return due


def validate_target(
    *,
    name: Any,
    metric_id: Any,
    target_value: Any,
    due_month: Any,
    slice: Mapping[str, Any] | None = None,
    comparison: Any = None,
    kind: Any = None,
    baseline_month: Any = None,
    baseline_value: Any = None,
    trajectory: Any = None,
    owner: Any = None,
    source: Any = None,
    notes: Any = None,
    target_type: Any = None,
    peer_group: Any = None,
) -> TargetSpec:
    """Check every field and return the target as it will be stored, or raise TargetError.

    All problems are reported at once, so a person fixing a file row fixes it once.
    ``target_type`` is ``value`` (the default) or ``rank``; each has its own rules
    (``_value_fields``, ``ranks.rank_fields``).
    """
    problems: list[str] = []
    label = _text(name)
    if label is None:
        problems.append("a name is needed")
    elif len(label) > NAME_LENGTH:
        problems.append(f"the name is longer than {NAME_LENGTH} characters")
    clean_type: str | None = "value"
    if _text(target_type) is not None:
        clean_type = _choice(str(target_type), TARGET_TYPES, "type", problems)
    given = {
        "metric_id": metric_id,
        "target_value": target_value,
        "slice": slice,
        "comparison": comparison,
        "kind": kind,
        "baseline_month": baseline_month,
        "baseline_value": baseline_value,
        "trajectory": trajectory,
        "peer_group": peer_group,
    }
    if clean_type == "value":
        fields = _value_fields(**given, due_month=due_month, problems=problems)
    else:  # rank; with an unknown type, only what every target needs can be checked
        fields = rank_fields(**given, problems=problems) if clean_type == "rank" else {}
        fields["due_month"] = _due(due_month, problems)

    owner_text = _text(owner)
    if owner_text is not None and len(owner_text) > OWNER_LENGTH:
        problems.append(f"the owner is longer than {OWNER_LENGTH} characters")
    if problems:
        raise TargetError(
            f"Target {label or '(no name)'!r} is not valid: {'; '.join(problems)}.", problems
        )
    return TargetSpec(
        name=label,
        owner=owner_text,
        source=_text(source),
        notes=_text(notes),
        target_type=clean_type,
        **fields,
    )


def spec_of(target: Target) -> TargetSpec:
    """A stored target as a plain value, usable after its session closes."""
    return TargetSpec(
        name=target.name,
        metric_id=target.metric_id,
        slice=dict(target.slice or {}),
        comparison=target.comparison,
        target_value=target.target_value,
        kind=target.kind,
        due_month=target.due_month,
        baseline_month=target.baseline_month,
        baseline_value=target.baseline_value,
        trajectory=[dict(point) for point in target.trajectory] if target.trajectory else None,
        owner=target.owner,
        source=target.source,
        notes=target.notes,
        target_type=target.target_type,
        peer_group=target.peer_group,
    )


def get_target(session: Session, name: str) -> Target | None:
    return session.scalar(select(Target).where(Target.name == name.strip()))


def list_targets(session: Session, *, metric_id: str | None = None) -> list[Target]:
    """Targets by name, optionally those of one metric."""
    query = select(Target).order_by(Target.name)
    if metric_id is not None:
        query = query.where(Target.metric_id == metric_id)
    return list(session.scalars(query))


def _subject(name: str) -> str:
    return f"target:{name}"


def add_target(session: Session, spec: TargetSpec, *, actor: str) -> Target:
    """Store a new target and audit it; the name must be free. The caller commits."""
    if get_target(session, spec.name) is not None:
        raise DuplicateTargetError(
            f"A target named {spec.name!r} already exists: change it (loading a file updates "
            "targets by name), or remove it first."
        )
    target = Target(**spec.fields())
    session.add(target)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="target.add",
        subject=_subject(spec.name),
        details=spec.fields(),
    )
    return target


def _changes(target: Target, spec: TargetSpec) -> dict[str, list[Any]]:
    current = spec_of(target).fields()
    return {
        name: [current[name], value]
        for name, value in spec.fields().items()
        if current[name] != value
    }


def _apply(session: Session, target: Target, spec: TargetSpec, actor: str) -> Change:
    changes = _changes(target, spec)
    if not changes:
        return "unchanged"
    old_name = target.name
    for name in changes:
        setattr(target, name, getattr(spec, name))
    session.flush()
    record_event(
        session,
        actor=actor,
        action="target.update",
        subject=_subject(old_name),
        details={"changes": changes},
    )
    return "updated"


def update_target(session: Session, name: str, /, *, actor: str, **changes: Any) -> Target:
    """Change some fields of a stored target (a rename too), re-validating the whole target.

    Only real changes are written and audited, with each field's old and new value.
    """
    target = get_target(session, name)
    if target is None:
        raise TargetError(f"No target named {name.strip()!r}.")
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise TargetError(f"Targets have no field {', '.join(unknown)}.")
    merged = replace(spec_of(target), **changes).fields()
    spec = validate_target(**merged)
    if spec.name != target.name and get_target(session, spec.name) is not None:
        raise DuplicateTargetError(f"A target named {spec.name!r} already exists.")
    _apply(session, target, spec, actor)
    return target


def save_target(session: Session, spec: TargetSpec, *, actor: str) -> tuple[Target, Change]:
    """Create the target, or bring the one with the same name up to date: loads repeat safely."""
    target = get_target(session, spec.name)
    if target is None:
        return add_target(session, spec, actor=actor), "created"
    return target, _apply(session, target, spec, actor)


def remove_target(session: Session, name: str, *, actor: str) -> None:
    """Delete a target; the audit event keeps what it was."""
    target = get_target(session, name)
    if target is None:
        raise TargetError(f"No target named {name.strip()!r}.")
    details = spec_of(target).fields()
    session.delete(target)
    session.flush()
    record_event(
        session, actor=actor, action="target.remove", subject=_subject(target.name), details=details
    )
