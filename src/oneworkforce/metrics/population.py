"""How well the workforce of each place reflects the people it serves.

A representation index compares a group's share of the workforce with its share of the
working-age resident population (ONS mid-year estimates and Census 2021 ethnic groups, from
the population extract): 100 means the workforce mirrors the population, under 100 that the
group is under-represented. People plans ask for a workforce that is "representative of the
communities we serve"; the index is the usual way to show it (as in WRES reporting against
local population).

Staff ethnic categories (NHS Data Dictionary, 2001 census) map onto the Census 2021 groups:
A-C White; D-G Mixed; H-L and R (Chinese, counted with Asian groups in 2021) Asian; M-P
Black; S Other. Not stated and not known are left out. The population compared is aged 15
to 69, the ages in which almost all staff fall, in the latest year on or before each month.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import workforce_frame
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result
from oneworkforce.metrics.workforce import SUBSTANTIVE

SOURCE = (
    "ONS mid-year population estimates and Census 2021 ethnic groups (population extract); "
    "representation index as used in NHS equality reporting against local population"
)
DIMENSIONS = frozenset({"system", "place"})

CENSUS_ETHNIC = {
    **dict.fromkeys(("A", "B", "C"), "white"),
    **dict.fromkeys(("D", "E", "F", "G"), "mixed"),
    **dict.fromkeys(("H", "J", "K", "L", "R"), "asian"),
    **dict.fromkeys(("M", "N", "P"), "black"),
    "S": "other",
}
STAFF_AGE = {
    "under_25": "under_25",
    "25_29": "25_34",
    "30_34": "25_34",
    "35_39": "35_44",
    "40_44": "35_44",
    "45_49": "45_54",
    "50_54": "45_54",
    "55_59": "55_64",
    "60_64": "55_64",
    "65_69": "65_plus",
    "70_plus": "65_plus",
}
POPULATION_AGE = {
    "15_19": "under_25",
    "20_24": "under_25",
    "25_29": "25_34",
    "30_34": "25_34",
    "35_39": "35_44",
    "40_44": "35_44",
    "45_49": "45_54",
    "50_54": "45_54",
    "55_59": "55_64",
    "60_64": "55_64",
    "65_69": "65_plus",
}
STAFF_SEX = {"1": "male", "2": "female"}


def _lookup(column, mapping: dict[str, str]) -> ibis.Value:
    return ibis.cases(*((column == key, value) for key, value in mapping.items()), else_=None)


def _index(dimension: str, staff_group_of, population_group_of):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        level = [d for d in by if d != dimension]
        frame = workforce_frame(tables)
        frame = frame.filter(frame.contract_type.isin(SUBSTANTIVE))
        frame = frame.mutate(**{dimension: staff_group_of(frame)})
        frame = frame.filter(frame[dimension].notnull())
        staff = frame.group_by([*level, dimension, "month_index"]).aggregate(
            people=frame.person_id.nunique().cast("float64")
        )
        total = frame.group_by([*level, "month_index"]).aggregate(
            everyone=frame.person_id.nunique().cast("float64")
        )
        staff = staff.join(total, [*level, "month_index"])
        staff = staff.mutate(
            staff_share=staff.people / staff.everyone * 100,
            year=((staff.month_index - 1) // 12).cast("int64"),
        )

        population = _population(tables, dimension, population_group_of, level)
        # The latest population year on or before the month's year.
        years = staff.select(*level, "year").distinct()
        known = population.select(*level, population_year="year").distinct()
        pairs = years.join(known, [*level, known.population_year <= years.year])
        pairs = pairs.group_by([*level, "year"]).aggregate(
            population_year=pairs.population_year.max()
        )
        staff = staff.join(pairs, [*level, "year"])
        population = population.rename(population_year="year")
        joined = staff.join(population, [*level, dimension, "population_year"])
        out = joined.select(
            *by,
            "month_index",
            staff_share=joined.staff_share,
            population_share=joined.population_share,
        )
        return ratio_result(out, by, out.staff_share, out.population_share)

    return compute


def _population(tables: Tables, dimension: str, group_of, level: list[str]) -> ibis.Table:
    """Each group's share of the working-age population, per place (or system) and year."""
    pop = tables["population"]
    pop = pop.filter(pop.age_band.isin(list(POPULATION_AGE)))
    places = tables["organisations"].select("place", system="ics_code").distinct()
    pop = pop.join(places, "place")
    pop = pop.mutate(**{dimension: group_of(pop)})
    pop = pop.filter(pop[dimension].notnull())
    groups = pop.group_by([*level, dimension, "year"]).aggregate(people=pop.population.sum())
    totals = pop.group_by([*level, "year"]).aggregate(everyone=pop.population.sum())
    joined = groups.join(totals, [*level, "year"])
    return joined.select(
        *level,
        dimension,
        "year",
        population_share=joined.people.cast("float64") / joined.everyone * 100,
    )


def _metric(dimension: str, what: str, staff_of, population_of, caveat: str) -> Metric:
    return Metric(
        f"{dimension.removeprefix('census_')}_representation_index",
        f"Representation index by {what}",
        f"Each {what} group's share of permanent and fixed-term staff as a percentage of its "
        "share of the working-age (15-69) resident population of the same place: 100 means "
        f"the workforce mirrors the population. Must be split by `{dimension}`.",
        "workforce share of the group / population share of the group x 100",
        SOURCE,
        "percent",
        "neutral",
        "workforce share (%)",
        "population share (%)",
        DIMENSIONS | {dimension},
        _index(dimension, staff_of, population_of),
        caveat + " Needs the population extract for the places of the partners.",
        counts_people=False,
        required_dimensions=frozenset({dimension}),
    )


METRICS = (
    _metric(
        "census_ethnic_group",
        "ethnic group",
        lambda t: _lookup(t.ethnic_category, CENSUS_ETHNIC),
        lambda t: t.ethnic_group,
        "Staff categories are mapped onto the five Census 2021 groups (Chinese with Asian); "
        "not stated and not known are left out.",
    ),
    _metric(
        "census_sex",
        "sex",
        lambda t: _lookup(t.gender, STAFF_SEX),
        lambda t: t.sex,
        "Staff stated gender 1 and 2 are compared with the census sexes; other codes are left out.",
    ),
    _metric(
        "census_age_band",
        "age band",
        lambda t: _lookup(t.age_band, STAFF_AGE),
        lambda t: _lookup(t.age_band, POPULATION_AGE),
        "Ten-year bands from 25; staff aged 65 and over are compared with residents aged 65 to 69.",
    ),
)
