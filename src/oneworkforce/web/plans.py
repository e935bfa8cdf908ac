"""Workforce plans for the web pages: which scenarios there are, and their projections, run
once per scenario text, load and set of targets (a projection takes seconds; a page should
not).

Scenarios come from two places: the examples that come with OneWorkforce, and the YAML files
in the ``scenarios`` folder of the home, where analysts keep their own (``oneworkforce plan``
reads the same files). Plans are internal working documents, not shared statistics: ICS
analysts and organisations' workforce leads see them; the public do not.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from oneworkforce.config import Settings
from oneworkforce.errors import OneWorkforceError
from oneworkforce.planning import (
    PlanResult,
    compare_scenarios,
    example_scenarios,
    parse_scenario_text,
    run_scenario,
)
from oneworkforce.targets.store import TargetSpec
from oneworkforce.warehouse import Warehouse
from oneworkforce.web.scope import NotAllowedError, Viewer

LEVELS = ("system", "place", "sector", "org")
MEASURES = ("fte", "demand", "gap", "vacancy_rate", "heads")
KEEP = 8


class UnknownScenarioError(OneWorkforceError):
    """No scenario of that name."""


def may_see_plans(viewer: Viewer) -> None:
    if viewer.role not in ("ics_analyst", "org_lead"):
        raise NotAllowedError(
            "Workforce plans are working documents for ICS analysts and organisations' "
            "workforce leads; sign in as one to see them."
        )


def scenario_folder(settings: Settings) -> Path:
    return Path(settings.home) / "scenarios"


def scenario_sources(settings: Settings) -> dict[str, Path]:
    """Every scenario file by name: the home's own (which win on a clash), then examples."""
    sources = {f"example: {name}": path for name, path in example_scenarios().items()}
    folder = scenario_folder(settings)
    if folder.is_dir():
        for path in sorted(folder.glob("*.y*ml")):
            sources[path.stem] = path
    return sources


@dataclass(frozen=True)
class ScenarioRun:
    name: str
    result: PlanResult


_RUNS: OrderedDict[tuple, PlanResult] = OrderedDict()
_LOCK = threading.Lock()


def run_named(
    warehouse: Warehouse, settings: Settings, name: str, targets: list[TargetSpec]
) -> ScenarioRun:
    """The scenario's projection, from the kept runs when the scenario text, the warehouse's
    load state and the targets are as they were."""
    sources = scenario_sources(settings)
    if name not in sources:
        raise UnknownScenarioError(
            f"No scenario named {name!r}. Scenarios: {', '.join(sources)}; add your own as "
            f"YAML files in {scenario_folder(settings)}."
        )
    text = sources[name].read_text(encoding="utf-8")
    key = (
        hashlib.sha256(text.encode()).hexdigest(),
        warehouse.load_state(),
        tuple(sorted(repr(t) for t in targets)),
    )
    with _LOCK:
        if key in _RUNS:
            _RUNS.move_to_end(key)
            return ScenarioRun(name, _RUNS[key])
    scenario = parse_scenario_text(text, f"The scenario {name!r}")
    result = run_scenario(warehouse.extract_tables(), scenario, targets=targets)
    with _LOCK:
        _RUNS[key] = result
        while len(_RUNS) > KEEP:
            _RUNS.popitem(last=False)
    return ScenarioRun(name, result)


def areas(result: PlanResult, level: str) -> list[str]:
    """The areas of a level (places, sectors or organisations) the projection reports."""
    fan = result.fan
    return sorted(fan.loc[fan["level"] == level, "area"].dropna().astype(str).unique())


def staff_groups(result: PlanResult) -> list[str]:
    return ["all", *sorted(g for g in result.fan["staff_group"].unique() if g != "all")]


def check_choice(result: PlanResult, level: str, area: str | None, staff_group: str) -> None:
    if level not in LEVELS:
        raise OneWorkforceError(f"level is one of {', '.join(LEVELS)}, not {level!r}.")
    if level != "system":
        known = areas(result, level)
        if area not in known:
            raise OneWorkforceError(
                f"Choose one of the {level} areas: {', '.join(known)}."
                if area is None
                else f"{area!r} is not a {level} of this plan; choose one of {', '.join(known)}."
            )
    if staff_group not in staff_groups(result):
        raise OneWorkforceError(
            f"{staff_group!r} is not a staff group of this plan; choose one of "
            f"{', '.join(staff_groups(result))}."
        )


def fan(result: PlanResult, level: str, area: str | None, staff_group: str) -> pd.DataFrame:
    """The chosen area's fan chart rows: month, measure, p10, p50, p90, mean."""
    rows = result.series(level, None if level == "system" else area, staff_group)
    return rows[["month", "measure", "p10", "p50", "p90", "mean"]]


def years(result: PlanResult, level: str, area: str | None, staff_group: str) -> pd.DataFrame:
    frame = result.years
    frame = frame[(frame["level"] == level) & (frame["staff_group"] == staff_group)]
    if level != "system":
        frame = frame[frame["area"] == area]
    return frame.drop(columns=["level", "area", "staff_group"]).reset_index(drop=True)


def comparison(
    runs: list[ScenarioRun], level: str, area: str | None, staff_group: str
) -> pd.DataFrame:
    """The scenarios side by side for the chosen area, by financial year."""
    frame = compare_scenarios([r.result for r in runs], level, staff_group)
    if level != "system":
        frame = frame[frame["area"] == area]
    return frame.drop(columns=["level", "staff_group"], errors="ignore").reset_index(drop=True)


@dataclass(frozen=True)
class PlanView:
    """What the planning page shows, and its JSON twin returns."""

    scenarios: list[str]
    available: list[str]
    base_month: str
    level: str
    area: str | None
    staff_group: str
    areas: list[str]
    staff_groups: list[str]
    fans: dict[str, pd.DataFrame]  # by scenario name
    years: pd.DataFrame
    comparison: pd.DataFrame | None
    targets: pd.DataFrame
    notes: list[str]

    def as_json(self) -> dict:
        from oneworkforce.web.queries import records

        return {
            "scenarios": self.scenarios,
            "available": self.available,
            "base_month": self.base_month,
            "level": self.level,
            "area": self.area,
            "staff_group": self.staff_group,
            "areas": self.areas,
            "staff_groups": self.staff_groups,
            "fan": {name: records(frame) for name, frame in self.fans.items()},
            "years": records(self.years),
            "comparison": None if self.comparison is None else records(self.comparison),
            "targets": records(self.targets),
            "notes": self.notes,
        }


def plan_view(
    warehouse: Warehouse,
    settings: Settings,
    viewer: Viewer,
    targets: list[TargetSpec],
    scenario: str | None,
    compare: str | None = None,
    level: str = "system",
    area: str | None = None,
    staff_group: str = "all",
) -> PlanView:
    """A scenario's projection for one area and staff group, and another beside it."""
    may_see_plans(viewer)
    available = list(scenario_sources(settings))
    names = [scenario or available[0]]
    if compare and compare != names[0]:
        names.append(compare)
    runs = [run_named(warehouse, settings, name, targets) for name in names]
    first = runs[0].result
    area = area or None
    if level in LEVELS and level != "system" and area is None and areas(first, level):
        area = areas(first, level)[0]  # a level chosen, not yet an area: start with the first
    check_choice(first, level, area, staff_group)
    return PlanView(
        scenarios=names,
        available=available,
        base_month=first.base_month,
        level=level,
        area=area,
        staff_group=staff_group,
        areas=areas(first, level) if level != "system" else [],
        staff_groups=staff_groups(first),
        fans={r.name: fan(r.result, level, area, staff_group) for r in runs},
        years=years(first, level, area, staff_group),
        comparison=comparison(runs, level, area, staff_group) if len(runs) > 1 else None,
        targets=first.targets,
        notes=first.notes,
    )


SCENARIO_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def may_edit_scenarios(viewer: Viewer) -> None:
    """Scenarios are the system's planning files: ICS analysts write them."""
    if viewer.role != "ics_analyst":
        raise NotAllowedError("Only ICS analysts may add or change scenarios.")


def scenario_text(settings: Settings, name: str) -> str:
    sources = scenario_sources(settings)
    if name not in sources:
        raise UnknownScenarioError(f"No scenario named {name!r}.")
    return sources[name].read_text(encoding="utf-8")


def save_scenario(settings: Settings, name: str, text: str) -> list[str]:
    """Check a scenario's YAML and keep it as ``name``.yaml in the home's scenarios folder;
    the problems found, if any (nothing is written then)."""
    problems = []
    if not SCENARIO_NAME.fullmatch(name):
        problems.append(
            "The file name takes lower-case letters, digits and hyphens (up to 63), starting "
            "with a letter or digit: for example nursing-growth."
        )
    try:
        parse_scenario_text(text, "The scenario")
    except OneWorkforceError as error:
        problems.append(str(error))
    if problems:
        return problems
    folder = scenario_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.yaml.partial"
    partial.write_text(text, encoding="utf-8")
    partial.replace(folder / f"{name}.yaml")  # all or nothing: never a half-written file
    return []
