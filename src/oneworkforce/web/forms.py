"""The targets form: its fields are the targets file's columns (docs/targets.md), read by the
same function that reads a file row (``targets.files.spec_from_row``), so the form and a file
accept the same things and report the same problems.

Changes are guarded against cross-site requests with a double-submit token: a random value in
a same-site cookie and in a hidden field, which must match."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from oneworkforce.targets.files import format_slice, format_trajectory, spec_from_row
from oneworkforce.targets.store import TargetError, TargetSpec
from oneworkforce.web.scope import NotAllowedError

FIELDS = (
    "name",
    "type",
    "metric",
    "slice",
    "peer_group",
    "target",
    "comparison",
    "kind",
    "due",
    "baseline_month",
    "baseline_value",
    "trajectory",
    "owner",
    "source",
    "notes",
)
TOKEN_COOKIE = "oneworkforce_form"
TOKEN_FIELD = "form_token"


def number_text(value: float | None) -> str:
    """A number as a person would type it back: 5 not 5.0, 0.1 not 0.1000000001."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def form_of(spec: TargetSpec) -> dict[str, str]:
    """A stored target as the form shows it, ready to edit."""
    return {
        "name": spec.name,
        "type": spec.target_type,
        "metric": spec.metric_id,
        "slice": format_slice(spec.slice),
        "peer_group": spec.peer_group or "",
        "target": number_text(spec.target_value),
        "comparison": spec.comparison or "",
        "kind": spec.kind or "",
        "due": spec.due_month,
        "baseline_month": spec.baseline_month or "",
        "baseline_value": number_text(spec.baseline_value),
        "trajectory": format_trajectory(spec.trajectory),
        "owner": spec.owner or "",
        "source": spec.source or "",
        "notes": spec.notes or "",
    }


def target_from_form(form: Mapping[str, Any]) -> TargetSpec:
    """The form's fields as a validated target, or ``TargetError`` with every problem.
    Fields left empty count as not given; unknown fields are ignored."""
    row = {}
    for field in FIELDS:
        value = form.get(field)
        text = "" if value is None else str(value).strip()
        row[field] = text or None
    return spec_from_row(row)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check_token(cookie: str | None, field: Any) -> None:
    """The form came from one of our pages: its hidden token matches the cookie's."""
    if not cookie or not isinstance(field, str) or not secrets.compare_digest(cookie, field):
        raise NotAllowedError(
            "This form has expired or did not come from this site; open it again and resubmit."
        )


__all__ = ["TargetError", "check_token", "form_of", "new_token", "target_from_form"]
