"""`oneworkforce survey`: NHS Staff Survey People Promise scores, rankings and pulse trends."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from oneworkforce.cli import output
from oneworkforce.config import Settings
from oneworkforce.errors import OneWorkforceError

app = typer.Typer(
    help="NHS Staff Survey: People Promise element, staff engagement and morale scores (0-10) "
    "per organisation and for the system, rankings within peer groups, and quarterly pulse "
    "trends. How scores are worked out: docs/staff-survey.md.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

# The survey reports nothing from fewer than 11 responses; neither do these commands.
MIN_RESPONSES = 11

FormatOption = Annotated[str, typer.Option("--format", help="table, csv, xlsx or parquet.")]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="File to write (csv, xlsx, parquet).")
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year", help="Survey year (fieldwork year; default: every year).", show_default=False
    ),
]
SourceOption = Annotated[
    str,
    typer.Option(
        "--source",
        help="auto (results as published nationally where an organisation has them, else its "
        "own), published or local.",
    ),
]


def _settings() -> Settings:
    # Imported here: main imports this module to register it.
    from oneworkforce.cli.main import _ready_settings

    return _ready_settings()


def _check(file_format: str, out: Path | None, source: str) -> None:
    from oneworkforce.export import FORMATS
    from oneworkforce.survey.scoring import SOURCES

    if file_format not in ("table", *FORMATS):
        raise OneWorkforceError(f"Unknown format {file_format!r}: use table, {', '.join(FORMATS)}.")
    if file_format != "table" and out is None:
        raise OneWorkforceError(f"Give a file to write with --out for --format {file_format}.")
    if source not in SOURCES:
        raise OneWorkforceError(f"Unknown source {source!r}: use {', '.join(SOURCES)}.")


def _run(build) -> pd.DataFrame:
    """Execute an expression built from the warehouse tables."""
    from oneworkforce.warehouse import open_warehouse

    with open_warehouse(_settings(), read_only=True) as warehouse:
        tables = warehouse.extract_tables()
        return build(tables).execute()


def _month(frame: pd.DataFrame) -> pd.DataFrame:
    from oneworkforce.metrics.model import month_label

    if "month_index" in frame.columns:
        months = [month_label(int(i)) for i in frame["month_index"]]
        frame.insert(list(frame.columns).index("month_index"), "month", months)
        frame = frame.drop(columns=["month_index"])
    return frame


def _suppress(frame: pd.DataFrame) -> pd.DataFrame:
    few = frame["responses"] < MIN_RESPONSES
    for column in ("score", "percent", "change"):
        if column in frame.columns:
            frame[column] = frame[column].where(~few)
    return frame


def _write(
    frame: pd.DataFrame, title: str, file_format: str, out: Path | None, brief: tuple[str, ...] = ()
) -> None:
    """A table on screen (without the ``brief`` columns, which files keep) or a file."""
    if frame.empty:
        raise OneWorkforceError(
            "No staff survey results for this request; see `oneworkforce status` for what is "
            "loaded (extract staff_survey)."
        )
    if file_format == "table":
        frame = frame.drop(columns=[c for c in brief if c in frame.columns])
        shown = frame.round(2).astype(object).where(frame.notna(), None)
        output.print_rows(title, list(frame.columns), shown.values.tolist())
        return
    from oneworkforce.export import write_table

    write_table(frame, out, file_format)
    output.console.print(f"{len(frame):,} rows written to {out}")


@app.command("scores")
def scores(
    year: YearOption = None,
    by: Annotated[str, typer.Option("--by", help="org or system.")] = "org",
    level: Annotated[
        str,
        typer.Option(
            "--level", help="theme (elements, engagement, morale), sub_score or question."
        ),
    ] = "theme",
    survey_type: Annotated[str, typer.Option("--type", help="annual or pulse.")] = "annual",
    source: SourceOption = "auto",
    file_format: FormatOption = "table",
    out: OutOption = None,
) -> None:
    """People Promise element, staff engagement and morale scores (0-10).

    Per organisation, or for the system: its organisations pooled by responses. Scores from
    fewer than 11 responses are not shown, as the survey does.
    """
    from oneworkforce.survey.scoring import LEVELS, survey_scores

    _check(file_format, out, source)
    if by not in ("org", "system"):
        raise OneWorkforceError(f"Unknown --by {by!r}: use org or system.")
    if level not in LEVELS:
        raise OneWorkforceError(f"Unknown --level {level!r}: use {', '.join(LEVELS)}.")
    if survey_type not in ("annual", "pulse"):
        raise OneWorkforceError(f"Unknown --type {survey_type!r}: use annual or pulse.")
    frame = _run(lambda t: survey_scores(t, by, year, survey_type, (level,), source))
    who = "org_code" if by == "org" else "system"
    columns = [who, "survey_year", "quarter", "month_index", "code", "name", "score"]
    columns += ["responses"] + (["method"] if by == "org" else ["organisations"])
    if survey_type == "annual":
        columns.remove("quarter")
    frame = frame.sort_values([who, "survey_year", "month_index", "code"])[columns]
    frame = _month(_suppress(frame.reset_index(drop=True)))
    title = f"Staff survey {level} scores ({survey_type}), by {by}"
    _write(frame, title, file_format, out, ("name", "method"))


@app.command("rank")
def rank(
    item: Annotated[
        str | None,
        typer.Option(
            "--item",
            help="Element, theme, sub-score or question code (e.g. we_are_safe_and_healthy, "
            "q25c); default: every element, engagement and morale.",
            show_default=False,
        ),
    ] = None,
    year: YearOption = None,
    peer: Annotated[
        str,
        typer.Option(
            "--peer",
            help="sector: organisations within their sector (the survey's benchmarking "
            "groups); region: ICSs within their NHS England region.",
        ),
    ] = "sector",
    source: SourceOption = "auto",
    file_format: FormatOption = "table",
    out: OutOption = None,
) -> None:
    """Rank organisations within their sector, or ICSs within their region (1 = best).

    Ties share a rank. Sector, ICS and region come from `published_organisations` where
    loaded, else from the partner register. Ranking other ICSs needs their results, loaded
    with `published = yes`. Latest survey year by default.
    """
    from oneworkforce.survey.framework import THEME_CODES
    from oneworkforce.survey.ranking import rank_organisations, rank_systems

    _check(file_format, out, source)
    if peer not in ("sector", "region"):
        raise OneWorkforceError(f"Unknown --peer {peer!r}: use sector or region.")
    items = [item] if item else list(THEME_CODES)

    def build(tables):
        ranked = [
            rank_systems(tables, code, year, source)
            if peer == "region"
            else rank_organisations(tables, code, year, "sector", source)
            for code in items
        ]
        return ranked[0].union(*ranked[1:]) if len(ranked) > 1 else ranked[0]

    frame = _run(build)
    frame = frame[frame["responses"] >= MIN_RESPONSES]
    group = "region" if peer == "region" else "peer_group"
    member = "ics_code" if peer == "region" else "org_code"
    frame = frame.sort_values(["code", group, "rank", member]).reset_index(drop=True)
    what = "ICSs within their region" if peer == "region" else "organisations within their sector"
    _write(frame, f"Staff survey ranks: {what}", file_format, out, ("name", "org_name", "ics_name"))


@app.command("pulse")
def pulse(
    question: Annotated[
        str | None,
        typer.Option(
            "--question",
            help="One question (any code the pulse used), or a sub-score or theme code such "
            "as staff_engagement; default: every question.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="org or system.")] = "org",
    source: SourceOption = "auto",
    file_format: FormatOption = "table",
    out: OutOption = None,
) -> None:
    """Quarterly pulse survey trends, question by question, with responses.

    Each quarter stands for its middle month (February, May, August, November); `change`
    is the score's change since the item's previous pulse.
    """
    from oneworkforce.survey.pulse import pulse_trends

    _check(file_format, out, source)
    if by not in ("org", "system"):
        raise OneWorkforceError(f"Unknown --by {by!r}: use org or system.")
    frame = _run(lambda t: pulse_trends(t, question, by, source))
    frame = _month(_suppress(frame.reset_index(drop=True)))
    title = f"Pulse survey: {question}" if question else "Pulse survey questions"
    _write(frame, title, file_format, out, ("level", "name", "survey_year", "quarter"))


@app.command("wellbeing")
def wellbeing(
    by: Annotated[
        str, typer.Option("--by", help="org, place, sector or system (comma-separated).")
    ] = "org",
    month: Annotated[
        str | None,
        typer.Option("--month", help="Last month, YYYY-MM (default: the latest with sickness)."),
    ] = None,
    share: Annotated[
        bool,
        typer.Option(
            "--share", help="Mark for sharing: each figure follows its own metric's rule."
        ),
    ] = False,
    threshold: Annotated[
        int, typer.Option("--threshold", help="With --share: the smallest count shown.")
    ] = 5,
    file_format: FormatOption = "table",
    out: OutOption = None,
) -> None:
    """The wellbeing panel: 12-month sickness absence (overall, long term, anxiety, stress and
    depression) beside the latest staff survey's wellbeing measures, for each slice and the
    system."""
    from oneworkforce.metrics.wellbeing import wellbeing_panel
    from oneworkforce.warehouse import open_warehouse

    _check(file_format, out, "auto")
    dimensions = [d.strip() for d in by.split(",") if d.strip()]
    with open_warehouse(_settings(), read_only=True) as warehouse:
        tables = warehouse.extract_tables()
        frame = wellbeing_panel(tables, dimensions, month, shared=share, threshold=threshold)
    brief = ("metric", "unit", "good_direction", "month", "months", "numerator", "denominator")
    _write(frame, f"Wellbeing panel, by {by}", file_format, out, brief)
