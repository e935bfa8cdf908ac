"""The demo's targets: the Coventry and Warwickshire One People Plan's own key metrics.

Each target cites the plan and the action it comes from (``source``, with the plan's words in
``notes``), and says in ``notes`` what this project chose where the plan leaves a choice:

- "Achievement of a 5% sickness absence rate across NHS organisations": one target per NHS
  trust sector (acute, community, mental health, ambulance), because "NHS organisations" are
  the trusts, and a system-wide rate would mix in primary care, social care and the voluntary
  sector. The plan gives no date; its key metrics are set for its first two years, so these
  fall due in March 2026 (the end of 2025/26), when its dated staff survey aims do.
- "Zero vacancy rate for adult nurses by end of 2026/27": the nursing staff group (nurses and
  health visitors: the data standard has no adult-nursing group, and vacancies cannot be split
  by occupation), at most 0 % by March 2027.
- "Apprenticeship development entrants/completions increased 10% year on year": +10 % a year
  on apprenticeship starts from March 2024, to March 2028 (the plan's aims are "by 2028").
- "Reduced turnover for black and minority ethnic staff": the plan gives no size or date; we
  ask for the BME organisation leaver rate to fall 1 percentage point from March 2024 by March
  2027, a change big enough to see in a 12-month rate and small enough to be credible.
- "Increased black and minority ethnic representation at senior levels i.e. band 6 and above
  by 2025/6": +2 percentage points from March 2024 by March 2026.
- "Highest ranked Midlands ICS against identified NHS Staff Survey measures 'We are safe and
  healthy' and 'We are compassionate and inclusive' by 2025/26": two rank targets, one per
  measure, rank 1 among the ICSs of the NHS England region (the ICS's own region, Midlands for
  Coventry and Warwickshire), due March 2026, so judged on the 2025 survey, the last before it.

March 2024 (the end of 2023/24) is the baseline month: the plan's first two years are
2024/25 and 2025/26. A seed whose metric is not in the catalogue (a newer seed than the
metrics, or a metric withdrawn) is skipped with a logged note, and is seeded once the metric
exists, so the demo never fails on it. Rank targets rank staff survey items, not catalogue
metrics, so they are always seeded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from oneworkforce.metrics import CATALOGUE
from oneworkforce.targets.store import save_target, validate_target

log = logging.getLogger(__name__)

PLAN = "Coventry and Warwickshire One People Plan"
OWNER = "ICB People Board"
BASELINE = "2024-03"
SICKNESS = (
    "Achievement of a 5% sickness absence rate across NHS organisations. (One target per NHS "
    "trust sector; the plan gives no date, so the end of its first two years, 2025/26.)"
)
NHS_TRUST_SECTORS = (
    ("acute", "acute trusts"),
    ("community", "community trusts"),
    ("mental_health", "mental health trusts"),
    ("ambulance", "ambulance trusts"),
)
STAFF_SURVEY_RANK = (
    "Highest ranked Midlands ICS against identified NHS Staff Survey measures 'We are safe and "
    "healthy' and 'We are compassionate and inclusive' by 2025/26. (One rank target per "
    "measure, among the ICSs of the NHS England region; judged on the 2025 survey, the last "
    "before March 2026.)"
)
STAFF_SURVEY_MEASURES = (
    ("we_are_safe_and_healthy", "We are safe and healthy"),
    ("we_are_compassionate_and_inclusive", "We are compassionate and inclusive"),
)


def _source(section: str) -> str:
    return f"{PLAN}, Key Metrics and Deliverables: {section}"


SEED_TARGETS: tuple[dict[str, Any], ...] = (
    *(
        {
            "name": f"Sickness absence at most 5 % ({label})",
            "metric_id": "sickness_rate",
            "slice": {"sector": sector},
            "comparison": "at_most",
            "target_value": 5.0,
            "due_month": "2026-03",
            "baseline_month": BASELINE,
            "source": _source("System Culture and Organisational Development"),
            "notes": SICKNESS,
        }
        for sector, label in NHS_TRUST_SECTORS
    ),
    {
        "name": "Zero adult nurse vacancy rate by end of 2026/27",
        "metric_id": "vacancy_rate",
        "slice": {"staff_group": "nursing"},
        "comparison": "at_most",
        "target_value": 0.0,
        "due_month": "2027-03",
        "baseline_month": BASELINE,
        "source": _source("Attract; Recruit; Retain"),
        "notes": "Zero vacancy rate for adult nurses by end of 2026/27. (The nursing staff "
        "group, nurses and health visitors, stands in for adult nurses.)",
    },
    {
        "name": "Apprenticeship starts up 10 % a year",
        "metric_id": "apprenticeship_starts",
        "comparison": "at_least",
        "target_value": 10.0,
        "kind": "change_per_year_percent",
        "due_month": "2028-03",
        "baseline_month": BASELINE,
        "source": _source("People Development"),
        "notes": "Apprenticeship development entrants/completions increased 10% year on year. "
        "(Due at the plan's horizon, 2028.)",
    },
    {
        "name": "Reduced turnover for BME staff",
        "metric_id": "leaver_rate_organisation",
        "slice": {"ethnic_group": "bme"},
        "comparison": "at_most",
        "target_value": -1.0,
        "kind": "change_points",
        "due_month": "2027-03",
        "baseline_month": BASELINE,
        "source": _source("System Culture and Organisational Development"),
        "notes": "Reduced turnover for black and minority ethnic staff. (The plan gives no "
        "size or date: 1 percentage point below the March 2024 rate by March 2027.)",
    },
    {
        "name": "More BME staff at band 6 and above",
        "metric_id": "bme_share_band_6_plus",
        "comparison": "at_least",
        "target_value": 2.0,
        "kind": "change_points",
        "due_month": "2026-03",
        "baseline_month": BASELINE,
        "source": _source("System Culture and Organisational Development"),
        "notes": "Improved pipeline of talent and increased black and minority ethnic "
        "representation at senior levels i.e. band 6 and above by 2025/6. (The plan gives no "
        "size: 2 percentage points above the March 2024 share.)",
    },
    *(
        {
            "name": f"Highest ranked ICS in the region: {label}",
            "target_type": "rank",
            "metric_id": code,
            "peer_group": "region",
            "target_value": 1,
            "due_month": "2026-03",
            "source": _source("System Culture and Organisational Development"),
            "notes": STAFF_SURVEY_RANK,
        }
        for code, label in STAFF_SURVEY_MEASURES
    ),
)


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, why)


def seed_targets(
    session: Session,
    *,
    actor: str,
    seeds: tuple[dict[str, Any], ...] = SEED_TARGETS,
) -> SeedResult:
    """Store the seeded targets, or bring them back to their seeded values: safe to repeat.

    A value seed whose metric is not in the catalogue is skipped with a logged note rather
    than refused, so the demo runs while the catalogue grows; any other invalid seed is a bug
    and raises. The caller commits.
    """
    owner_default = {"owner": OWNER}
    result = SeedResult()
    for seed in seeds:
        if seed.get("target_type", "value") == "value" and seed["metric_id"] not in CATALOGUE:
            why = f"the metric {seed['metric_id']} is not in the catalogue yet"
            log.info("Target %r not seeded: %s.", seed["name"], why)
            result.skipped.append((seed["name"], why))
            continue
        spec = validate_target(**(owner_default | seed))
        _, change = save_target(session, spec, actor=actor)
        getattr(result, change).append(spec.name)
    return result
