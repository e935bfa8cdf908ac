"""Rank targets: the rules a place among peers in the NHS Staff Survey must follow.

Plans aim for places, not values: "the highest ranked ICS in the region", "top quartile of
our peer group". A rank target names a staff survey item that ``survey/ranking.py`` can rank,
a subject (the ICS, or one organisation), the peer group it is ranked within, the rank it
wants (1 is the highest score; a top quartile is written as the rank that ends it) and a due
month. Only what ``ranking.py`` can rank is accepted, so a stored rank target can always be
judged: ICSs within their NHS England region, organisations within their sector, region, ICS
or England.

The subject is written as a slice, as for value targets: no slice is the ICS of the partner
register, ``system=CODE`` another ICS, ``org=CODE`` an organisation.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from oneworkforce.survey.ranking import (
    ORGANISATION_PEERS,
    SYSTEM_PEERS,
    rankable_code,
    rankable_codes,
)

SUBJECTS = ("system", "org")
PEERS = {"system": SYSTEM_PEERS, "org": ORGANISATION_PEERS}
DEFAULT_PEERS = {"system": "region", "org": "sector"}  # as `survey rank` ranks by default
NOT_USED = ("baseline_month", "baseline_value", "trajectory")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _given(value: Any) -> bool:
    """Whether a field was filled in: not None, blank text or an empty list."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return value is not None


def ordinal(rank: int) -> str:
    """1 as '1st', 22 as '22nd', 111 as '111th'."""
    suffix = "th" if rank % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10)
    return f"{rank}{suffix or 'th'}"


def rank_item(metric_id: Any, problems: list[str]) -> str | None:
    """The survey item's code (its code, name or old code accepted), or None after noting why."""
    text = _text(metric_id)
    if text is None:
        problems.append("a staff survey score to rank is needed (e.g. staff_engagement)")
        return None
    code = rankable_code(text)
    if code is None:
        close = difflib.get_close_matches(text.lower(), rankable_codes(), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        problems.append(
            f"unknown staff survey score {text!r} for a rank target ({hint}a rank target ranks "
            "a People Promise element, staff_engagement, morale, a sub-score or a question; "
            "see docs/staff-survey.md)"
        )
    return code


def rank_subject(raw: Mapping[str, Any] | None, problems: list[str]) -> dict[str, str]:
    """The subject as a slice: {} (the partner register's ICS), {"system": X} or {"org": X}."""
    given = {str(key).strip().lower(): value for key, value in (raw or {}).items()}
    if not given:
        return {}
    (dimension, value), *more = given.items()
    if more or dimension not in SUBJECTS:
        written = ";".join(f"{key}={val}" for key, val in given.items())
        problems.append(
            "a rank target's subject is the ICS (no slice, or system=ICS code) or one "
            f"organisation (org=ODS code), not {written}"
        )
        return {}
    code = _text(value)
    if code is None:
        problems.append(f"slice {dimension} needs a value")
        return {}
    return {dimension: code.upper()}


def rank_peer_group(peer_group: Any, subject: Mapping[str, str], problems: list[str]) -> str | None:
    """The comparison group, by default the one `survey rank` uses for the subject."""
    kind = "org" if "org" in subject else "system"
    text = _text(peer_group)
    if text is None:
        return DEFAULT_PEERS[kind]
    key = text.lower().replace(" ", "_").replace("-", "_")
    if key in PEERS[kind]:
        return key
    allowed = PEERS[kind]
    who = (
        "an organisation is ranked within its " + ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
        if kind == "org"
        else "an ICS is ranked among the ICSs of its NHS England region (region)"
    )
    problems.append(f"unknown comparison group (peer_group) {text!r}: {who}")
    return None


def wanted_rank(value: Any, problems: list[str]) -> int | None:
    """A whole number of 1 or more: 1 is the highest score among the peers."""
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append("a wanted rank is needed (1 = the highest score)")
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        problems.append(f"the wanted rank {value!r} is not a number")
        return None
    if not number.is_integer():
        problems.append(f"the wanted rank {number:g} is not a whole number")
        return None
    if number < 1:
        problems.append(f"the wanted rank {number:g} is less than 1 (1 = the highest score)")
        return None
    return int(number)


def rank_fields(
    *,
    metric_id: Any,
    slice: Mapping[str, Any] | None,
    target_value: Any,
    comparison: Any,
    kind: Any,
    peer_group: Any,
    problems: list[str],
    **unused: Any,
) -> dict[str, Any]:
    """A rank target's own columns, checked. A rank is met at or above it (``at_most``) and
    is the target itself (``absolute``); a baseline or trajectory has no meaning for it (the
    previous survey's rank is the baseline), so one given is refused rather than ignored."""
    code = rank_item(metric_id, problems)
    subject = rank_subject(slice, problems)
    peers = rank_peer_group(peer_group, subject, problems)
    rank = wanted_rank(target_value, problems)
    written = (_text(comparison) or "at_most").lower().replace(" ", "_").replace("<=", "at_most")
    if written != "at_most":
        problems.append(
            f"a rank target is met at its rank or better (1 = highest), so its comparison is "
            f"at_most, not {comparison!r}"
        )
    if (_text(kind) or "absolute").lower() != "absolute":
        problems.append(f"a rank target's target is a rank, so its kind is absolute, not {kind!r}")
    given = [name.replace("_", " ") for name in NOT_USED if _given(unused.get(name))]
    if given:
        problems.append(
            f"a rank target takes no {' or '.join(given)}: it is judged against its rank in the "
            "previous survey"
        )
    return {
        "metric_id": code,
        "slice": subject,
        "comparison": "at_most",
        "target_value": None if rank is None else float(rank),
        "kind": "absolute",
        "peer_group": peers,
    }
