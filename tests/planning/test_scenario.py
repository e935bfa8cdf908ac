"""Scenario files: valid ones load, every mistake is reported clearly, nothing else escapes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.planning.history import ROUTES
from oneworkforce.planning.scenario import (
    EXAMPLES,
    Scenario,
    ScenarioError,
    load_scenario,
    parse_scenario,
    parse_scenario_text,
)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_example_scenarios_are_valid(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.name
    assert parse_scenario(scenario.to_dict()) == scenario


def test_an_empty_scenario_is_the_baseline() -> None:
    scenario = parse_scenario_text("name: Baseline")
    assert (scenario.months, scenario.runs, scenario.history_months) == (60, 1000, 24)
    assert scenario.leavers == [] and scenario.demand.population.enabled


def test_codes_are_read_as_the_data_standard_reads_them() -> None:
    scenario = parse_scenario_text(
        "name: x\nleavers: [{change_percent: -5, staff_groups: [Nurses and health visitors],"
        " sectors: [Acute trust]}]\ncosts: {per_fte_by_band: {Band 5: 40000}}"
    )
    assert scenario.leavers[0].staff_groups == ["nursing"]
    assert scenario.leavers[0].sectors == ["acute"]
    assert scenario.costs.per_fte_by_band == {"band_5": 40000.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: x\nleavers: [{change_percent: -150}]",
            "leavers[0].change_percent: Input should be greater than or equal to -100",
        ),
        ("name: x\nturnover: 5", "turnover: unknown setting"),
        ("months: 12", "name: required but missing"),
        ("name: x\njoiners: [{route: abroad, per_year: 5}]", "unknown route 'abroad'"),
        ("name: x\njoiners: [{route: international}]", "give either change_percent or per_year"),
        ("name: x\nleavers: [{change_percent: 1, from: 2026-13}]", "'2026-13' is not a month"),
        ("name: x\nscope: {staff_groups: [doctors2]}", "unknown staff group 'doctors2'"),
        ("name: x\nscope: {age_groups: [over_60]}", "unknown age group 'over_60'"),
        ("name: x\nname: y", "line 2, column 1): the key 'name' is given twice"),
        ("name: [unclosed", "is not valid YAML (line 1"),
        ("- name: x", "is not a scenario"),
        ("schema_version: 2\nname: x", "schema version 2"),
        (
            "name: x\ndemand: {skill_mix: [{from_staff_group: nursing, to_staff_group: nursing,"
            " share_percent: 5}]}",
            "must differ",
        ),
    ],
)
def test_mistakes_are_reported_with_where_they_are(text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario_text(text, "plan.yaml")
    assert message in str(error.value)
    assert str(error.value).startswith("plan.yaml")


def test_every_mistake_is_reported_at_once() -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario_text("name: x\nmonths: 0\nruns: -1\nleavers: [{}]")
    assert len(error.value.problems) == 3


def test_unreadable_files_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="No scenario file"):
        load_scenario(tmp_path / "missing.yaml")
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)
    binary = tmp_path / "plan.yaml"
    binary.write_bytes(b"name: \xff\xfe")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(binary)


# Anything YAML can hold: a bad file must always become a ScenarioError.
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "months",
                    "runs",
                    "leavers",
                    "joiners",
                    "route",
                    "change_percent",
                    "from",
                    "per_year",
                    "demand",
                    "scope",
                    "staff_groups",
                    "training",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@given(yaml_values)
def test_any_data_gives_a_scenario_or_a_scenario_error(data) -> None:
    try:
        scenario = parse_scenario(data)
    except ScenarioError as error:
        assert str(error)
    else:
        assert isinstance(scenario, Scenario)


@given(st.text(max_size=200))
def test_any_text_gives_a_scenario_or_a_scenario_error(text: str) -> None:
    try:
        parse_scenario_text(text)
    except ScenarioError as error:
        assert str(error)


months = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2020, 2035), st.integers(1, 12))
levers = st.fixed_dictionaries(
    {"change_percent": st.floats(-100, 500)},
    optional={
        "from": months,
        "phase_in_months": st.integers(0, 240),
        "staff_groups": st.lists(st.sampled_from(["nursing", "medical", "ahp"]), max_size=2),
    },
)
joiner_levers = st.fixed_dictionaries(
    {"route": st.sampled_from(ROUTES), "per_year": st.floats(0, 1000)}
)
valid = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=20).filter(lambda s: s.strip())},
    optional={
        "months": st.integers(1, 240),
        "runs": st.integers(1, 5000),
        "seed": st.integers(0, 2**31),
        "leavers": st.lists(levers, max_size=3),
        "participation": st.lists(
            levers.map(lambda d: d | {"change_percent": max(-90, min(d["change_percent"], 100))}),
            max_size=2,
        ),
        "joiners": st.lists(joiner_levers, max_size=3),
    },
)


@given(valid)
def test_valid_scenarios_load_and_round_trip_through_yaml(data: dict) -> None:
    scenario = parse_scenario(data)
    text = yaml.safe_dump(scenario.to_dict(), allow_unicode=True)
    assert parse_scenario_text(text) == scenario
