"""Scenario files: what a plan assumes, as YAML checked against a versioned schema.

A scenario names the levers a people plan pulls (fewer leavers, more training places, more
or fewer international recruits, new roles, a different skill mix, more FTE per head, less
agency) and the drivers of demand (population, activity, productivity). Everything is
optional but the name: an empty scenario is the baseline, today's rates carried forward.

Every mistake in a file is reported at once, with where it is (``leavers[2].change_percent``)
and what is expected, as a ``ScenarioError``: never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from oneworkforce.errors import OneWorkforceError
from oneworkforce.planning.cells import AGE_GROUPS
from oneworkforce.planning.history import ROUTES
from oneworkforce.standard.codes import BAND, POPULATION_AGE_BAND, SECTOR, STAFF_GROUP

SCHEMA_VERSION = 1
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


class ScenarioError(OneWorkforceError):
    """A scenario file that cannot be used; ``problems`` lists every mistake found."""

    exit_code = 3

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


def _month(value: str) -> str:
    if not isinstance(value, str) or not _MONTH.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a month written YYYY-MM (e.g. 2026-09)")
    return value.strip()


Month = Annotated[str, AfterValidator(_month)]


def _codes(values: list[str], codes, what: str) -> list[str]:
    out = []
    for value in values:
        code = codes.normalise(str(value))
        if code is None:
            raise ValueError(f"unknown {what} {value!r} (codes: {', '.join(codes.codes)})")
        out.append(code)
    return out


def _staff_group(value: str) -> str:
    return _codes([value], STAFF_GROUP, "staff group")[0]


StaffGroup = Annotated[str, AfterValidator(_staff_group)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Where(Strict):
    """Which part of the workforce a lever or driver applies to; empty lists mean all."""

    orgs: list[str] = []
    places: list[str] = []
    sectors: list[str] = []
    staff_groups: list[str] = []
    age_groups: list[str] = []

    @field_validator("orgs", "places")
    @classmethod
    def _text(cls, values: list[str]) -> list[str]:
        cleaned = [str(v).strip() for v in values]
        if any(not v for v in cleaned):
            raise ValueError("names cannot be empty")
        return cleaned

    @field_validator("sectors")
    @classmethod
    def _sectors(cls, values: list[str]) -> list[str]:
        return _codes(values, SECTOR, "sector")

    @field_validator("staff_groups")
    @classmethod
    def _groups(cls, values: list[str]) -> list[str]:
        return _codes(values, STAFF_GROUP, "staff group")

    @field_validator("age_groups")
    @classmethod
    def _ages(cls, values: list[str]) -> list[str]:
        unknown = [v for v in values if v not in AGE_GROUPS]
        if unknown:
            raise ValueError(f"unknown age group {unknown[0]!r} (use {' or '.join(AGE_GROUPS)})")
        return values


class Phased(Where):
    """A change that starts in a month (default: the first projected month) and builds up
    in a straight line over ``phase_in_months`` (0: all at once)."""

    start: Month | None = Field(None, alias="from")
    phase_in_months: int = Field(0, ge=0, le=240)


class LeaverLever(Phased):
    """Leaver rates changed by a percentage: -10 is a tenth fewer leavers."""

    change_percent: float = Field(ge=-100, le=500)


class JoinerLever(Phased):
    """Joiners by one route: a percentage change, or a number a year (spread over the cells
    in proportion to the route's joiners now, or to staff in post where there are none)."""

    route: Literal[ROUTES]  # type: ignore[valid-type]
    change_percent: float | None = Field(None, ge=-100, le=1000)
    per_year: float | None = Field(None, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _one(self) -> JoinerLever:
        if (self.change_percent is None) == (self.per_year is None):
            raise ValueError("give either change_percent or per_year (one of them)")
        return self


class TrainingLever(Strict):
    """Training places commissioned each year from ``first_intake``: of each intake,
    ``completion_percent`` qualify after ``years_to_qualify`` and ``join_percent`` of those
    take a post in the system (as newly qualified joiners, under 55)."""

    staff_group: StaffGroup
    extra_places_per_year: float = Field(ge=-100_000, le=100_000)
    first_intake: Month
    years_to_qualify: float = Field(3.0, gt=0, le=10)
    completion_percent: float = Field(85.0, ge=0, le=100)
    join_percent: float = Field(70.0, ge=0, le=100)
    intakes: int | None = Field(None, ge=1, le=50)
    orgs: list[str] = []
    places: list[str] = []
    sectors: list[str] = []

    _sectors = field_validator("sectors")(Where._sectors.__func__)  # type: ignore[attr-defined]


class ParticipationLever(Phased):
    """FTE per head changed by a percentage: 2 is 2 % more hours per person."""

    change_percent: float = Field(ge=-90, le=100)


class NewRole(Phased):
    """A new or expanded role: ``fte`` more establishment once phased in, filled by
    ``recruits_per_year`` (from outside, or converted from ``drawn_from`` in the same
    organisations, as healthcare assistants train as nursing associates)."""

    name: str = Field(min_length=1, max_length=200)
    staff_group: StaffGroup
    fte: float = Field(ge=0, le=100_000)
    recruits_per_year: float = Field(0.0, ge=0, le=100_000)
    drawn_from: StaffGroup | None = None
    staff_groups: list[str] = Field(default_factory=list, exclude=True)

    @model_validator(mode="after")
    def _no_groups(self) -> NewRole:
        if self.staff_groups:
            raise ValueError("a new role has one staff_group; staff_groups is not used here")
        return self


class Growth(Phased):
    """Demand growing (or, for productivity, easing) by a percentage each year."""

    percent_per_year: float = Field(ge=-50, le=100)


class SkillMix(Phased):
    """A share of one staff group's demand moved to another, at ``fte_ratio`` FTE of the new
    group per FTE of the old (e.g. nursing associates for registered nurses)."""

    from_staff_group: StaffGroup
    to_staff_group: StaffGroup
    share_percent: float = Field(gt=0, le=100)
    fte_ratio: float = Field(1.0, gt=0, le=10)

    @model_validator(mode="after")
    def _different(self) -> SkillMix:
        if self.from_staff_group == self.to_staff_group:
            raise ValueError("from_staff_group and to_staff_group must differ")
        if self.staff_groups:
            raise ValueError("give from_staff_group and to_staff_group, not staff_groups")
        return self


# Relative need for staff per resident by age: illustrative weights rising with age, as
# health and care use does; set your own from local activity data.
DEFAULT_AGE_WEIGHTS: dict[str, float] = {
    **{band: 1.0 for band in POPULATION_AGE_BAND.codes},
    "65_69": 2.0,
    "70_74": 2.5,
    "75_79": 3.0,
    "80_84": 3.5,
    "85_plus": 4.5,
}


class Population(Strict):
    """Demand grows with each place's age-weighted resident population (the population
    extract), for the staff groups and sectors chosen (default: all)."""

    enabled: bool = True
    age_weights: dict[str, float] | Literal["default", "uniform"] = "default"
    sectors: list[str] = []
    staff_groups: list[str] = []

    _sectors = field_validator("sectors")(Where._sectors.__func__)  # type: ignore[attr-defined]
    _groups = field_validator("staff_groups")(Where._groups.__func__)  # type: ignore[attr-defined]

    @field_validator("age_weights")
    @classmethod
    def _weights(cls, value: Any) -> Any:
        if isinstance(value, dict):
            _codes(list(value), POPULATION_AGE_BAND, "population age band")
            if any(v < 0 for v in value.values()):
                raise ValueError("age weights cannot be negative")
        return value

    def weights(self) -> dict[str, float]:
        if self.age_weights == "uniform":
            return dict.fromkeys(POPULATION_AGE_BAND.codes, 1.0)
        if self.age_weights == "default":
            return DEFAULT_AGE_WEIGHTS
        given = {POPULATION_AGE_BAND.normalise(k): v for k, v in self.age_weights.items()}
        return {band: given.get(band, 1.0) for band in POPULATION_AGE_BAND.codes}


class Demand(Strict):
    population: Population = Population()
    activity_growth: list[Growth] = []
    productivity: list[Growth] = []
    skill_mix: list[SkillMix] = []


class Temporary(Phased):
    """Bank and agency cover of vacancies: ``agency_to_bank_percent`` of agency cover moved
    to the bank (the same hours, at bank rates)."""

    agency_to_bank_percent: float = Field(0.0, ge=0, le=100)


class Costs(Strict):
    """Yearly employer cost per FTE (pay and on-costs, in base-year prices) by band or grade,
    replacing the defaults; ``pay_award_percent_per_year`` grows every cost each April."""

    per_fte_by_band: dict[str, float] = {}
    pay_award_percent_per_year: float = Field(0.0, ge=-20, le=50)
    agency_cost_multiplier: float = Field(1.6, gt=0, le=10)
    bank_cost_multiplier: float = Field(1.0, gt=0, le=10)

    @field_validator("per_fte_by_band")
    @classmethod
    def _bands(cls, value: dict[str, float]) -> dict[str, float]:
        codes = _codes(list(value), BAND, "band")
        if any(v < 0 for v in value.values()):
            raise ValueError("costs cannot be negative")
        return dict(zip(codes, value.values(), strict=True))


class Scenario(Strict):
    """A whole scenario file (schema version 1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    base_month: Month | None = None
    months: int = Field(60, ge=1, le=240)
    runs: int = Field(1000, ge=1, le=100_000)
    seed: int = Field(0, ge=0)
    history_months: int = Field(24, ge=2, le=240)
    scope: Where = Where()
    leavers: list[LeaverLever] = []
    joiners: list[JoinerLever] = []
    training: list[TrainingLever] = []
    participation: list[ParticipationLever] = []
    new_roles: list[NewRole] = []
    demand: Demand = Demand()
    temporary_staffing: Temporary = Temporary()
    costs: Costs = Costs()

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the name cannot be blank")
        return value.strip()

    def to_dict(self) -> dict[str, Any]:
        """The scenario as plain data (``from`` keys as in the file), for storing with a plan."""
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (YAML would keep the
    last silently, and a plan would run on a number nobody meant)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is given twice", mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _where(location: tuple) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "the file"


def _problem(error: dict) -> str:
    location = tuple(p for p in error["loc"] if not str(p).startswith("function-after"))
    # Union members and literal branches add their type names to the location: drop them.
    location = tuple(
        p for p in location if p not in ("str", "dict[str,float]", "literal['default','uniform']")
    )
    where = _where(location)
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"{where}: unknown setting (see docs/planning.md for the settings)"
    if kind == "missing":
        return f"{where}: required but missing"
    message = error["msg"].removeprefix("Value error, ")
    if kind == "literal_error" and location and location[-1] == "route":
        message = f"unknown route {error.get('input')!r} (routes: {', '.join(ROUTES)})"
    return f"{where}: {message}"


def parse_scenario(data: Any, source: str = "the scenario") -> Scenario:
    """A checked Scenario from already-parsed data (a dict), or a ScenarioError."""
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{source} is not a scenario: expected settings such as 'name: ...' at the top "
            "level (see docs/planning.md)."
        )
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ScenarioError(
            f"{source} is written for scenario schema version {version!r}; this version of "
            f"OneWorkforce reads version {SCHEMA_VERSION}."
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        problems = list(dict.fromkeys(_problem(e) for e in error.errors()))
        raise ScenarioError(
            f"{source} is not a valid scenario: " + "; ".join(problems) + ".", problems
        ) from None


def parse_scenario_text(text: str, source: str = "the scenario") -> Scenario:
    """A checked Scenario from YAML text."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ScenarioError(f"{source} is not valid YAML{where}: {problem}.") from None
    return parse_scenario(data, source)


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario file (YAML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"No scenario file {path}.") from None
    except IsADirectoryError:
        raise ScenarioError(f"{path} is a folder; give a scenario file (.yaml).") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path} is not UTF-8 text; save it as UTF-8 YAML.") from None
    except OSError as error:
        raise ScenarioError(f"Cannot read {path}: {error.strerror or error}.") from None
    return parse_scenario_text(text, path.name)


EXAMPLES = Path(__file__).parent / "examples"


def example_scenarios() -> dict[str, Path]:
    """The scenario files that come with OneWorkforce (a baseline and a worked plan), by
    file name without ``.yaml``: starting points to copy and change."""
    return {path.stem: path for path in sorted(EXAMPLES.glob("*.yaml"))}
