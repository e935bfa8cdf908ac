"""`oneworkforce demo`: a synthetic ICS, loaded end to end, in its own home folder."""

from __future__ import annotations

import json
import time
from pathlib import Path

from oneworkforce.appdb import migrate
from oneworkforce.cli import output
from oneworkforce.cli.audit import auditor
from oneworkforce.cli.loading import load_folder_with_progress
from oneworkforce.cli.synthesis import synthesise
from oneworkforce.cli.targets import show_seeded_targets
from oneworkforce.config import Settings, initialise_home
from oneworkforce.metrics.headline import headline
from oneworkforce.warehouse import open_warehouse
from oneworkforce.warehouse.summary import staff_in_post_latest, summarise


def run_demo(home: Path, *, staff: int, months: int, seed: int) -> Settings:
    """Build the demo and summarise it; its settings, for serving it."""
    started = time.perf_counter()
    settings, _ = initialise_home(home)
    migrate.upgrade(settings.database_url)
    data = home / "synthetic-ics"
    if not _matches(data / "manifest.json", staff, months, seed):
        output.console.print(f"Synthesising a demo ICS ({staff:,} staff, {months} months) …")
        synthesise(data, staff, months, seed, 0.0, "2026-03", "csv")
    else:
        output.console.print(f"Using the demo ICS already in {data}")
    with auditor(settings) as audit, open_warehouse(settings) as warehouse:
        load_folder_with_progress(warehouse, settings, data, audit, show_files=False)
        summary = summarise(warehouse)
        latest = staff_in_post_latest(warehouse)
        figures = headline(warehouse.extract_tables())
    rows = [
        [s.extract, f"{s.rows:,}", s.organisations or "", s.first_period or "", s.last_period or ""]
        for s in summary
    ]
    output.print_rows("Demo warehouse", ["extract", "rows", "organisations", "from", "to"], rows)
    if latest:
        year, month = divmod(latest["month_index"] - 1, 12)
        output.console.print(
            f"Staff in post {year}-{month + 1:02d}: {latest['headcount']:,} people, "
            f"{latest['fte']:,.0f} FTE across the system."
        )
    if not figures.empty:
        output.print_rows(
            "Headline metrics for the whole system",
            ["metric", "month", "value", "a year before"],
            [
                [r.name, r.month, _figure(r.value, r.unit), _figure(r.a_year_before, r.unit)]
                for r in figures.itertuples()
            ],
        )
    show_seeded_targets(settings)
    output.console.print(
        f"Done in {time.perf_counter() - started:.0f} s. Explore it with "
        f"`oneworkforce --home {home} status`, `metrics` and `metrics METRIC --by org`."
    )
    return settings


def _figure(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return ""
    if unit == "percent":
        return f"{value:.1f} %"
    return f"{value:,.0f}" if unit == "count" else f"{value:,.1f}"


def _matches(manifest: Path, staff: int, months: int, seed: int) -> bool:
    """Reuse an earlier demo ICS only if it was made with the same parameters."""
    try:
        meta = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return False
    params = meta.get("parameters", meta)
    return (params.get("staff"), params.get("months"), params.get("seed")) == (staff, months, seed)
