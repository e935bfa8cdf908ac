"""How a rank target stands: its subject's place among its peers in the latest staff survey.

Ranks come from ``survey/ranking.py`` as ``oneworkforce survey rank`` shows them (1 is the
highest score, to 2 decimals; ties share the better rank), for the latest survey year that
has the item. Statuses, decided in this order:

- ``no data``: the subject has no rank in that year; or is ranked from fewer than 11
  responses (the survey reports nothing from so few); or is alone in its peer group (1st of
  1 compares with nobody);
- ``met``: the rank is the wanted rank or better, whatever the date;
- ``missed``: not met, and no later survey falls by the due month;
- ``on track``: not met yet, but the subject moved up since the previous year's survey, by
  enough that the same gain in each survey left before the due month reaches the wanted rank;
- ``off track``: otherwise (no better than the year before, too slowly, or unranked then).

A survey year stands for its reference month, October (``scoring.ANNUAL_MONTH``), so a
deadline is judged, as for value targets, by the data rather than the calendar: a target due
in March 2026 is judged missed on the 2025 survey, the last before it.
"""

from __future__ import annotations

import pandas as pd

from oneworkforce.metrics.model import Tables, month_index, month_label
from oneworkforce.survey.ranking import MIN_RESPONSES, rank_organisations, rank_systems
from oneworkforce.survey.scoring import ANNUAL_MONTH
from oneworkforce.targets.ranks import ordinal
from oneworkforce.targets.status import MET, MISSED, NO_DATA, OFF_TRACK, ON_TRACK
from oneworkforce.targets.store import TargetSpec

SHAPE = ["survey_year", "group", "member", "own", "rank", "of", "score", "responses"]


def survey_month(year: int) -> int:
    """The month index a survey year stands for (October)."""
    return year * 12 + ANNUAL_MONTH


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Rankings:
    """Rankings in one shape, computed once per item, subject, peer group and year however
    many targets share them: ``group`` is the peer group, ``member`` the ICS or organisation
    code, ``own`` whether it is the partner register's ICS (or one of its organisations)."""

    def __init__(self, tables: Tables):
        self.tables = tables
        self.frames: dict[tuple[str, str, str, int | None], pd.DataFrame] = {}

    def get(self, code: str, subject: str, peers: str, year: int | None = None) -> pd.DataFrame:
        key = (code, subject, peers, year)
        if key not in self.frames:
            self.frames[key] = self._rank(code, subject, peers, year)
        return self.frames[key]

    def _rank(self, code: str, subject: str, peers: str, year: int | None) -> pd.DataFrame:
        if "staff_survey" not in self.tables or "organisations" not in self.tables:
            return pd.DataFrame(columns=SHAPE)
        if subject == "system":
            frame = rank_systems(self.tables, code, year).execute()
            frame = frame.rename(columns={"region": "group", "ics_code": "member"})
        else:
            frame = rank_organisations(self.tables, code, year, peers).execute()
            names = {"peer_group": "group", "org_code": "member", "partner": "own"}
            frame = frame.rename(columns=names)
        return frame[SHAPE]


def _peers_text(subject: str, peers: str, group: str) -> str:
    """'ICSs in Midlands', 'acute organisations', 'organisations in ICS QZZ'."""
    if subject == "system":
        return f"ICSs in {group}"
    if peers == "sector":
        return f"{group.replace('_', ' ')} organisations"
    return f"organisations in {'ICS ' if peers == 'ics' else ''}{group}"


def _needed(peers: pd.DataFrame, wanted: int) -> float | None:
    """The score that places the subject ``wanted`` or better: the wanted-th best of the
    others (an equal score shares the better rank), or None if there are too few others."""
    scores = peers["score"].sort_values(ascending=False).to_list()
    return float(scores[wanted - 1]) if len(scores) >= wanted else None


def _subject_rows(spec: TargetSpec, frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The subject's row(s) in a ranking, and how to name the subject."""
    if "org" in spec.slice:
        return frame[frame["member"] == spec.slice["org"]], spec.slice["org"]
    if "system" in spec.slice:
        return frame[frame["member"] == spec.slice["system"]], spec.slice["system"]
    return frame[frame["own"].fillna(False).astype(bool)], "The ICS"


def assess_rank(spec: TargetSpec, rankings: Rankings) -> dict:
    """One rank target against the latest survey's ranking (and the year before's)."""
    subject = "org" if "org" in spec.slice else "system"
    item, wanted = spec.metric_id, int(spec.target_value)
    row: dict = {
        "unit": "rank",
        "target": float(wanted),
        "baseline_month": None,
        "baseline_value": None,
        "latest_month": None,
        "latest_value": None,
        "expected_value": None,
        "months_to_due": None,
    }

    def no_data(reason: str) -> dict:
        return row | {"status": NO_DATA, "reason": reason}

    latest = rankings.get(item, subject, spec.peer_group)
    if latest.empty:
        return no_data(
            f"No staff survey {item} scores to rank: load the staff_survey extract, with the "
            "peers' published results (published = yes)."
        )
    year = int(latest["survey_year"].max())
    found, who = _subject_rows(spec, latest)
    if found.empty:
        return no_data(f"{who} has no {item} score in the {year} survey, the latest.")
    if len(found) > 1 and not spec.slice:
        codes = ", ".join(sorted(found["member"]))
        return no_data(
            f"The partner register's organisations are in several ICSs ({codes}): name one "
            "with slice system=CODE."
        )
    place = found.iloc[0]
    if who == "The ICS":
        who = f"The ICS ({place['member']})"
    month, due = survey_month(year), month_index(spec.due_month)
    rank, of, score = int(place["rank"]), int(place["of"]), float(place["score"])
    peers = latest[(latest["group"] == place["group"]) & (latest["member"] != place["member"])]
    if place["responses"] < MIN_RESPONSES:
        return no_data(
            f"{who} has {place['responses']} responses in the {year} survey: fewer than "
            f"{MIN_RESPONSES}, so the survey reports no score."
        )
    group_text = _peers_text(subject, spec.peer_group, str(place["group"]))
    if of < 2:
        return no_data(
            f"{who} is alone among {group_text} with {item} results in the {year} survey: load "
            "its peers' published results (published = yes) to rank it among them."
        )
    row |= {"latest_month": month_label(month), "latest_value": float(rank)}
    row["months_to_due"] = due - month
    joint = "joint " if (peers["rank"] == rank).any() else ""
    standing = (
        f"{who} is {joint}{ordinal(rank)} of {of} {group_text} on {item} in the {year} "
        f"survey ({score:.2f})"
    )
    if rank <= wanted:
        return row | {
            "status": MET,
            "reason": f"{standing}, at or above the wanted {ordinal(wanted)}.",
        }
    needed = _needed(peers, wanted)
    gap = (
        ""
        if needed is None
        else f"; {ordinal(wanted)} needs {needed:.2f}, {needed - score:.2f} more"
    )
    left = max(due - month, 0) // 12  # surveys still to come by the due month
    if left < 1:
        return row | {
            "status": MISSED,
            "reason": f"{standing}, short of the wanted {ordinal(wanted)}, and no later survey "
            f"falls by the due month {spec.due_month}{gap}.",
        }

    previous = rankings.get(item, subject, spec.peer_group, year - 1)
    before = previous[previous["member"] == place["member"]]
    to_go = f"{_plural(rank - wanted, 'place')} to go with {_plural(left, 'survey')} left"
    if before.empty:
        return row | {
            "status": OFF_TRACK,
            "reason": f"{standing}, not ranked in {year - 1}, so no movement shows; "
            f"{to_go} before {spec.due_month}{gap}.",
        }
    earlier = int(before["rank"].iloc[0])
    row |= {"baseline_month": month_label(survey_month(year - 1)), "baseline_value": float(earlier)}
    gained = earlier - rank
    if gained > 0:
        movement = f"up from {ordinal(earlier)} in {year - 1}"
    elif gained < 0:
        movement = f"down from {ordinal(earlier)} in {year - 1}"
    else:
        movement = f"{ordinal(earlier)} in {year - 1} too"
    if gained > 0 and rank - wanted <= gained * left:
        return row | {
            "status": ON_TRACK,
            "reason": f"{standing}, {movement}: {_plural(gained, 'place')} a survey reaches the "
            f"wanted {ordinal(wanted)} by {spec.due_month} ({_plural(left, 'survey')} left).",
        }
    return row | {
        "status": OFF_TRACK,
        "reason": f"{standing}, {movement}; {to_go} before {spec.due_month}{gap}.",
    }
