"""Ranks within peer groups: 1 is the best score, ties share a rank, peers come from the
published register where it has the organisation."""

from __future__ import annotations

import pytest

from oneworkforce.survey.framework import ELEMENT_CODES, THEME_CODES
from oneworkforce.survey.ranking import (
    organisation_attributes,
    rank_organisations,
    rank_systems,
    rankable_code,
    rankable_codes,
)
from tests.survey.conftest import make_tables, row, run

THEME = "we_are_safe_and_healthy"


def theme(org, score, responses=100, year=2024, published=True):
    return row(
        org_code=org,
        item_type="theme",
        item_code=THEME,
        score=score,
        responses=responses,
        survey_year=year,
        published=published,
    )


def national(org, sector, ics, region="Midlands"):
    return {
        "org_code": org,
        "name": f"Trust {org}",
        "sector": sector,
        "ics_code": ics,
        "ics_name": f"ICS {ics}",
        "region_code": "Y60" if region == "Midlands" else "Y61",
        "region_name": region,
    }


PUBLISHED = [
    national("A", "acute", "QZZ"),
    national("B", "community", "QZZ"),
    national("C", "acute", "QYY"),
    national("D", "acute", "QYY"),
    national("E", "acute", "QXX"),
    national("F", "acute", "QWW", region="East of England"),
]


def test_ties_share_a_rank_and_the_next_is_skipped(duck):
    survey = [theme("A", 6.0), theme("C", 7.004), theme("D", 6.996), theme("E", 5.0)]
    survey.append(theme("B", 9.0))  # community: its own peer group
    ranked = run(duck, rank_organisations(make_tables(survey, published=PUBLISHED), THEME))
    acute = ranked[ranked["peer_group"] == "acute"].set_index("org_code")
    # 7.004 and 6.996 are both 7.00 as published: joint first, then third.
    assert acute["rank"].to_dict() == {"C": 1, "D": 1, "A": 3, "E": 4}
    assert set(acute["of"]) == {4}
    community = ranked[ranked["peer_group"] == "community"].iloc[0]
    assert (community["org_code"], community["rank"], community["of"]) == ("B", 1, 1)
    assert acute.loc["A", "partner"] and not acute.loc["C", "partner"]


def test_the_latest_year_unless_asked_and_other_peer_groups(duck):
    survey = [
        theme("A", 6.0),
        theme("C", 7.0),
        theme("A", 8.0, year=2023),
        theme("C", 5.0, year=2023),
    ]
    tables = make_tables(survey, published=PUBLISHED)
    latest = run(duck, rank_organisations(tables, THEME)).set_index("org_code")
    assert latest["rank"].to_dict() == {"C": 1, "A": 2} and set(latest["survey_year"]) == {2024}
    earlier = run(duck, rank_organisations(tables, THEME, year=2023)).set_index("org_code")
    assert earlier["rank"].to_dict() == {"A": 1, "C": 2}
    by_ics = run(duck, rank_organisations(tables, THEME, peer="ics"))
    assert set(by_ics["peer_group"]) == {"QZZ", "QYY"} and set(by_ics["rank"]) == {1}
    england = run(duck, rank_organisations(tables, THEME, peer="england"))
    assert set(england["peer_group"]) == {"England"}
    with pytest.raises(ValueError, match="peer"):
        rank_organisations(tables, THEME, peer="place")


def test_icss_rank_within_their_region_pooling_organisations(duck):
    survey = [
        theme("A", 6.0, responses=100),
        theme("B", 8.0, responses=300),  # QZZ: (600 + 2400) / 400 = 7.5
        theme("C", 7.0, responses=200),
        theme("D", 9.0, responses=200),  # QYY: 8.0
        theme("E", 7.5, responses=50),  # QXX: 7.5, a tie with QZZ
        theme("F", 9.5),  # another region
    ]
    ranked = run(
        duck, rank_systems(make_tables(survey, published=PUBLISHED), "We are safe and healthy")
    )
    midlands = ranked[ranked["region"] == "Midlands"].set_index("ics_code")
    assert midlands["score"].to_dict() == {"QYY": 8.0, "QZZ": 7.5, "QXX": 7.5}
    assert midlands["rank"].to_dict() == {"QYY": 1, "QZZ": 2, "QXX": 2}
    assert midlands.loc["QZZ", "own"] and not midlands.loc["QYY", "own"]
    assert midlands.loc["QZZ", "organisations"] == 2 and midlands.loc["QZZ", "responses"] == 400
    east = ranked[ranked["region"] == "East of England"].iloc[0]
    assert (east["ics_code"], east["rank"], east["of"]) == ("QWW", 1, 1)


def test_without_the_published_register_the_partner_register_places_organisations(duck):
    survey = [theme("A", 6.0, published=False), theme("B", 7.0, published=False)]
    tables = make_tables(survey)
    attributes = run(duck, organisation_attributes(tables)).set_index("org_code")
    assert attributes.loc["A", "region"] == "Midlands" and attributes["partner"].all()
    systems = run(duck, rank_systems(tables, THEME))
    assert list(systems["ics_code"]) == ["QZZ"] and systems["score"].iloc[0] == pytest.approx(6.5)
    orgs = run(duck, rank_organisations(tables, THEME, peer="region"))
    assert orgs.set_index("org_code")["rank"].to_dict() == {"B": 1, "A": 2}


def test_the_published_register_wins_over_the_partner_register(duck):
    moved = [national("A", "mental_health", "QYY", region="East of England")]
    tables = make_tables([theme("A", 6.0)], published=moved)
    attributes = run(duck, organisation_attributes(tables)).set_index("org_code")
    assert attributes.loc["A", "sector"] == "mental_health"
    assert attributes.loc["B", "sector"] == "community"  # only in the partner register
    assert attributes.loc["A", "partner"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("staff_engagement", "staff_engagement"),
        ("Staff engagement", "staff_engagement"),
        ("engagement", "staff_engagement"),  # an old code
        ("We are a team", "we_are_a_team"),
        ("people_promise_4", "we_are_safe_and_healthy"),
        ("Burnout", "burnout"),  # a sub-score
        ("Q2A", "q2a"),  # a question
        ("sickness_rate", None),
        ("staff_engagement_score", None),  # the catalogue metric, not the survey item
        ("", None),
    ],
)
def test_rankable_codes_come_from_the_framework(text, code):
    assert rankable_code(text) == code


def test_every_element_and_theme_can_be_ranked():
    assert set(ELEMENT_CODES) | set(THEME_CODES) <= set(rankable_codes())
