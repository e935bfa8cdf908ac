"""Rank organisations within peer groups and ICSs within their NHS England region.

Plans set targets such as "highest ranked Midlands ICS against NHS Staff Survey measure 'We
are safe and healthy'", so a rank must be reproducible: rank 1 is the best (highest) score,
scores are compared as published (2 decimal places), and equal scores share a rank with
the next rank skipped (1, 2, 2, 4), as in sports tables.

An organisation's sector, ICS and region come from ``published_organisations`` (every NHS
organisation in England, as NHS England publishes them) where it is there, else from the
partner register (``organisations``). Ranking other ICSs needs their organisations' results:
load the national results with ``published = yes`` (see docs/staff-survey.md).

An ICS's score pools its organisations by responses (sum(score x n) / sum(n)), as the system
score does. The NHS Staff Survey publishes ICS results from respondent-level data, weighted;
the two agree closely but not exactly (docs/staff-survey.md).
"""

from __future__ import annotations

from functools import cache

import ibis

from oneworkforce.survey.framework import FRAMEWORKS, normalise_code
from oneworkforce.survey.scoring import Tables, organisation_scores, pooled

ORGANISATION_PEERS = ("sector", "region", "ics", "england")
SYSTEM_PEERS = ("region",)  # rank_systems ranks ICSs within their NHS England region
DECIMALS = 2  # scores are published to two decimal places
MIN_RESPONSES = 11  # the survey reports nothing from fewer responses, so ranks none


@cache
def _rankable() -> dict[str, str]:
    """Every spelling of a framework item (code, name, old code) -> the code it is ranked by."""
    codes: dict[str, str] = {}
    for framework in FRAMEWORKS:
        for theme in framework.themes:
            for spelling in (theme.code, theme.name, *theme.aliases):
                codes[normalise_code(spelling)] = theme.code
            for sub in theme.sub_scores:
                codes.setdefault(normalise_code(sub.name), sub.code)
                codes.setdefault(sub.code, sub.code)
        codes.update({code: code for code in framework.questions})
    return codes


def rankable_code(text: str) -> str | None:
    """The code an element, theme, sub-score or question of the framework is ranked by,
    from its code, name or old code (``We are a team``, ``people_promise_7``); None if the
    framework has no such item, so a target can be refused before it is stored."""
    return _rankable().get(normalise_code(text))


def rankable_codes() -> list[str]:
    """The codes ``rankable_code`` returns, for hints."""
    return sorted(set(_rankable().values()))


def organisation_attributes(tables: Tables) -> ibis.Table:
    """org_code, org_name, sector, ics_code, ics_name, region and ``partner`` for every known
    organisation: the published register first, the partner register for the rest."""

    def shaped(table: ibis.Table, region) -> ibis.Table:
        return table.select(
            org_code=table.org_code.cast("string"),
            org_name=table.name.cast("string"),
            sector=table.sector.cast("string"),
            ics_code=table.ics_code.cast("string"),
            ics_name=table.ics_name.cast("string"),
            region=region.cast("string"),
        )

    orgs = tables["organisations"]
    known = shaped(orgs, orgs.region)
    published = tables.get("published_organisations")
    if published is not None:
        region = published.region_name.cast("string").fill_null(published.region_code)
        national = shaped(published, region)
        known = national.union(known.anti_join(national, "org_code"))
    own = orgs.select(org_code=orgs.org_code.cast("string")).distinct()
    own = own.mutate(partner=ibis.literal(True))
    out = known.left_join(own, "org_code")
    return out.select(
        "org_code",
        "org_name",
        "sector",
        "ics_code",
        "ics_name",
        "region",
        partner=out.partner.fill_null(False),
    )


def _scores(tables: Tables, code: str, year: int | None, source: str) -> ibis.Table:
    """Whole-organisation annual scores for one item, in one survey year (the latest by
    default)."""
    scores = organisation_scores(tables, source)
    scores = scores.filter(
        (scores.code == normalise_code(code))
        & scores.group_dimension.isnull()
        & (scores.survey_type == "annual")
        & scores.score.notnull()
    )
    if year is None:
        year = scores.survey_year.max().as_scalar()
    return scores.filter(scores.survey_year == year)


def _ranked(table: ibis.Table, peer: str, member: str) -> ibis.Table:
    """Rank 1 for the highest score (as published, 2 decimals) in each peer group; ties share
    the better rank; ``of`` is the size of the peer group."""
    rounded = table.raw_score.round(DECIMALS)
    window = ibis.window(group_by=peer, order_by=ibis.desc(rounded))
    return table.mutate(
        score=rounded,
        rank=(ibis.rank().over(window) + 1).cast("int64"),
        of=table[member].count().over(ibis.window(group_by=peer)).cast("int64"),
    )


def rank_organisations(
    tables: Tables,
    code: str,
    year: int | None = None,
    peer: str = "sector",
    source: str = "auto",
) -> ibis.Table:
    """Organisations ranked on one element, theme, sub-score or question within their peer
    group: sector (as the survey's benchmarking groups), region, ICS or all of England."""
    if peer not in ORGANISATION_PEERS:
        raise ValueError(f"peer must be one of {', '.join(ORGANISATION_PEERS)}, not {peer!r}")
    scores = _scores(tables, code, year, source)
    attributes = organisation_attributes(tables)
    joined = scores.left_join(attributes, "org_code")
    group = (
        ibis.literal("England")
        if peer == "england"
        else joined["ics_code" if peer == "ics" else peer].fill_null("not known")
    )
    table = joined.select(
        "survey_year",
        "code",
        "name",
        peer_group=group,
        org_code=joined.org_code,
        org_name=joined.org_name,
        ics_code=joined.ics_code,
        partner=joined.partner.fill_null(False),
        responses=joined.responses,
        raw_score=joined.score,
    )
    ranked = _ranked(table, "peer_group", "org_code")
    return ranked.drop("raw_score").order_by(["peer_group", "rank", "org_code"])


def rank_systems(
    tables: Tables, code: str, year: int | None = None, source: str = "auto"
) -> ibis.Table:
    """ICSs ranked within their NHS England region on one element, theme, sub-score or
    question; each ICS's score pools its organisations by responses."""
    scores = _scores(tables, code, year, source)
    attributes = organisation_attributes(tables)
    joined = scores.join(attributes, "org_code")
    joined = joined.filter(joined.ics_code.notnull())
    systems = pooled(joined, ["ics_code"])
    names = attributes.group_by("ics_code").aggregate(
        ics_name=attributes.ics_name.max(),
        region=attributes.region.max(),
        own=attributes.partner.any(),
    )
    systems = systems.join(names, "ics_code")
    table = systems.select(
        "survey_year",
        "code",
        "name",
        region=systems.region.fill_null("not known"),
        ics_code=systems.ics_code,
        ics_name=systems.ics_name,
        own=systems.own,
        organisations=systems.organisations,
        responses=systems.responses,
        raw_score=systems.score,
    )
    ranked = _ranked(table, "region", "ics_code")
    return ranked.drop("raw_score").order_by(["region", "rank", "ics_code"])
