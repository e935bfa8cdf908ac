"""NHS England's monthly NHS Sickness Absence Rates: import, recompute and compare.

Source: NHS England, "NHS Sickness Absence Rates", monthly official statistics
(digital.nhs.uk/data-and-information/publications/statistical/nhs-sickness-absence-rates).
One row per organisation and month: region, ICS, organisation and its type, FTE days lost,
FTE days available and the rate, round(lost / available x 100, 2).

The file goes through the ordinary loader, so its rows are checked, loaded or quarantined,
logged, replaced atomically and reloadable like any extract. It is loaded in two steps:

1. a register of its organisations (``published_organisations``), one row per
   organisation from its latest month, written to a temporary Parquet file and loaded, and
2. the figures (``published_sickness_absence``), loaded straight from the file, so the
   load log's checksum and the quarantine's row numbers are those of the file itself, and
   rows read = rows loaded + rows quarantined holds for the file as published.

The published tables are then shaped like the partner tables the sickness metric reads
(``published_tables``), so the unchanged engine recomputes every published rate and
aggregates to ICS, region and England as sums of days.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from ibis.backends.sql.datatypes import DuckDBType

from oneworkforce.config import Settings
from oneworkforce.errors import InputFileError, NothingLoadedError, OneWorkforceError
from oneworkforce.ingest import LoadProgress, LoadResult, load_file, readers
from oneworkforce.ingest.checks import q
from oneworkforce.metrics import MetricError, compute_metric
from oneworkforce.standard import EXTRACTS, get_extract, normalise_header
from oneworkforce.standard.published import PUBLISHED_ORGANISATIONS, PUBLISHED_SICKNESS_ABSENCE
from oneworkforce.standard.types import Month, cleaned_text
from oneworkforce.warehouse import Warehouse
from oneworkforce.warehouse.schema import QUARANTINE_TABLE

SOURCE = (
    'NHS England, "NHS Sickness Absence Rates", monthly official statistics, '
    "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "nhs-sickness-absence-rates"
)
COLUMNS = (
    "DATE",
    "NHSE_REGION_CODE",
    "NHSE_REGION_NAME",
    "ICS_CODE",
    "ICS_NAME",
    "ORG_CODE",
    "ORG_NAME",
    "ORG_TYPE",
    "FTE_DAYS_LOST",
    "FTE_DAYS_AVAILABLE",
    "SICKNESS_ABSENCE_RATE_PERCENT",
)
# Publication column -> organisation register column (``month`` picks the latest row).
_REGISTER = {
    "ORG_CODE": "org_code",
    "ORG_NAME": "name",
    "ORG_TYPE": "org_type",
    "NHSE_REGION_CODE": "region_code",
    "NHSE_REGION_NAME": "region_name",
    "ICS_CODE": "ics_code",
    "ICS_NAME": "ics_name",
    "DATE": "month",
}
SUPPRESSED_RULE = "fte_days_available.suppressed"
ENGLAND = ("E92000001", "England")  # ONS code of England
NO_ICS = "Not in an ICS (national bodies)"

# Published organisation types (cluster and benchmark groups, matched like headers, so
# case, spaces and dashes do not matter) -> sector code. Types not listed become `other`
# with a warning; the published type itself is kept in `org_type`.
ORG_TYPE_SECTORS: dict[str, str] = {
    **dict.fromkeys(
        (
            "acute",
            "acute_trust",
            "acute_large",
            "acute_medium",
            "acute_small",
            "acute_teaching",
            "acute_multi_service",
            "acute_specialist",
        ),
        "acute",
    ),
    **dict.fromkeys(("ambulance", "ambulance_trust"), "ambulance"),
    **dict.fromkeys(
        ("community", "community_trust", "community_provider_trust", "community_provider"),
        "community",
    ),
    **dict.fromkeys(
        (
            "mental_health",
            "mental_health_trust",
            "mental_health_and_learning_disability",
            "mental_health_learning_disability_and_community",
            "mental_health_and_learning_disability_and_community",
        ),
        "mental_health",
    ),
    **dict.fromkeys(("integrated_care_board", "icb", "clinical_commissioning_group", "ccg"), "icb"),
    **dict.fromkeys(
        (
            "care_trust",
            "support_organisation",
            "special_health_authority",
            "special_health_authorities_and_other_statutory_bodies",
            "commissioning_support_unit",
            "other",
        ),
        "other",
    ),
}


def sector_for(org_type: str | None) -> str | None:
    """The sector code of a published organisation type, or None when it is not listed."""
    if org_type is None:
        return None
    return ORG_TYPE_SECTORS.get(normalise_header(org_type))


@dataclass
class PublishedImport:
    """The two loads of one publication file; the figures' load accounts for every row."""

    file_name: str
    organisations: LoadResult
    sickness: LoadResult
    unmapped_types: list[str] = field(default_factory=list)
    refused_organisations: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return self.sickness.rows_read

    @property
    def rows_loaded(self) -> int:
        return self.sickness.rows_loaded

    @property
    def rows_quarantined(self) -> int:
        return self.sickness.rows_quarantined

    @property
    def suppressed(self) -> int:
        return self.sickness.rule_counts.get(SUPPRESSED_RULE, 0)

    @property
    def reconciles(self) -> bool:
        return self.organisations.reconciles and self.sickness.reconciles


def import_sickness_rates(
    warehouse: Warehouse,
    settings: Settings,
    path: Path,
    *,
    progress: LoadProgress | None = None,
    on_load: Callable[[LoadResult], None] | None = None,
) -> PublishedImport:
    """Load a NHS Sickness Absence Rates file (CSV, or the same columns in XLSX or Parquet).

    Raises ``InputFileError`` if the file is not in the publication's format (nothing
    loaded) and ``NothingLoadedError`` if no row could be loaded. ``on_load`` hears of each
    of the two loads as it commits (for the audit trail), so neither goes unrecorded if the
    other fails.
    """
    path = Path(path)
    info = readers.inspect_file(path)
    register, unmapped = _organisation_register(info, _register_positions(info))
    settings.temp_directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.temp_directory) as folder:
        register_file = Path(folder) / f"{path.stem}.organisations.parquet"
        pq.write_table(register, register_file)
        try:
            organisations = load_file(
                warehouse,
                settings,
                register_file,
                extract=PUBLISHED_ORGANISATIONS.name,
                progress=progress,
            )
        except NothingLoadedError as exc:
            raise NothingLoadedError(
                f"{path.name}: none of its organisations could be registered, so nothing was "
                f"loaded. {exc}"
            ) from None
    if on_load:
        on_load(organisations)
    refused = _refused_organisations(warehouse, organisations, register)
    sickness = load_file(
        warehouse, settings, path, extract=PUBLISHED_SICKNESS_ABSENCE.name, progress=progress
    )
    if on_load:
        on_load(sickness)
    return PublishedImport(path.name, organisations, sickness, unmapped, refused)


def _register_positions(info: readers.FileInfo) -> dict[str, int]:
    """Register column -> position in the file; every publication column must be there."""
    if info.format == "csv":
        header = info.header
    elif info.format == "xlsx":
        header = readers.xlsx_header(info)
    else:
        header = readers.parquet_header(info)
    found: dict[str, int] = {}
    for position, title in enumerate(header):
        found.setdefault(normalise_header(title), position)
    missing = [c for c in COLUMNS if normalise_header(c) not in found]
    if missing:
        raise InputFileError(
            f"{info.path.name} is not in the NHS Sickness Absence Rates format: missing "
            f"{', '.join(missing)}. The publication's columns are {', '.join(COLUMNS)}."
        )
    return {name: found[normalise_header(column)] for column, name in _REGISTER.items()}


def _organisation_register(
    info: readers.FileInfo, positions: dict[str, int]
) -> tuple[pa.Table, list[str]]:
    """One row per organisation, as of its latest month, with its sector; unmapped types."""
    con = duckdb.connect()
    try:
        if info.format == "parquet":
            source = con.execute(readers.parquet_sql(info, positions)).to_arrow_table()
        else:
            read = readers.read_csv if info.format == "csv" else readers.read_xlsx
            names = [*positions, readers.ROW]
            schema = pa.schema([(n, pa.string()) for n in positions] + [(readers.ROW, pa.int64())])
            # Rows the parser cannot split are reported by the figures' load, not here.
            batches = [b.select(names) for b in read(info, positions, [])]
            source = pa.Table.from_batches(batches, schema)
        if source.num_rows == 0:
            raise InputFileError(f"{info.path.name} has a header but no rows.")
        con.register("source", source)
        text = {name: cleaned_text(q(name)) for name in positions}
        attributes = [n for n in positions if n not in ("org_code", "month")]
        register = con.execute(
            f"SELECT org_code, {', '.join(attributes)} FROM (SELECT upper({text['org_code']}) "
            f"AS org_code, {', '.join(f'{text[n]} AS {n}' for n in attributes)}, "
            f"{Month().parse(text['month'])} AS month, {readers.ROW} FROM source) "
            "WHERE org_code IS NOT NULL QUALIFY row_number() OVER (PARTITION BY org_code "
            f"ORDER BY month DESC NULLS LAST, {readers.ROW} DESC) = 1 ORDER BY org_code"
        ).to_arrow_table()
    finally:
        con.close()
    if register.num_rows == 0:
        raise InputFileError(f"{info.path.name}: no row has an organisation code (ORG_CODE).")
    types = register["org_type"].to_pylist()
    sectors = [sector_for(t) for t in types]
    unmapped = sorted({t for t, s in zip(types, sectors, strict=True) if t and s is None})
    register = register.append_column("sector", pa.array([s or "other" for s in sectors]))
    return register, unmapped


def _refused_organisations(
    warehouse: Warehouse, organisations: LoadResult, register: pa.Table
) -> list[str]:
    """Codes of the organisations the register load quarantined (their figures will be too)."""
    if not organisations.rows_quarantined:
        return []
    rows = warehouse.sql.execute(
        f"SELECT DISTINCT row_number FROM {QUARANTINE_TABLE} WHERE load_id = ? ORDER BY 1",
        [organisations.load_id],
    ).fetchall()
    codes = register["org_code"].to_pylist()
    return [codes[row - 1] for (row,) in rows if 0 < row <= len(codes)]


# Reading the published figures with the metric engine ----------------------------------

PUBLISHED = (PUBLISHED_ORGANISATIONS.name, PUBLISHED_SICKNESS_ABSENCE.name)
PARTNER_TABLES = tuple(name for name in EXTRACTS if name not in PUBLISHED)
SYSTEMS = ("ics", "region")


def _empty(name: str) -> ibis.Table:
    """An extract's table with no rows, in its warehouse types."""
    schema = {c: DuckDBType.from_string(t) for c, t in get_extract(name).warehouse_columns()}
    return ibis.memtable(pd.DataFrame(columns=list(schema)), schema=schema)


def published_tables(warehouse: Warehouse, system: str = "ics") -> dict[str, ibis.Table]:
    """The published data as the partner tables the metrics read, every other table empty.

    Organisations come from ``published_organisations`` and the figures become monthly
    aggregates for all staff (``staff_group`` empty), so ``sickness_rate`` by ``org``
    recomputes each published row, by ``system`` each ICS and with no dimension England.
    ``system="region"`` puts the NHS England region in the ``system`` dimension instead.
    """
    if system not in SYSTEMS:
        raise OneWorkforceError(f"system must be one of {', '.join(SYSTEMS)}, not {system!r}.")
    orgs = warehouse.table(PUBLISHED_ORGANISATIONS.name)
    figures = warehouse.table(PUBLISHED_SICKNESS_ABSENCE.name)
    code, name = (
        (orgs.ics_code, orgs.ics_name) if system == "ics" else (orgs.region_code, orgs.region_name)
    )
    tables = {table: _empty(table) for table in PARTNER_TABLES}
    tables["organisations"] = orgs.select(
        org_code=orgs.org_code,
        name=orgs.name,
        sector=orgs.sector,
        place=ibis.null("string"),
        ics_code=code,
        ics_name=name,
        parent_org_code=ibis.null("string"),
        region=orgs.region_name,
        _load_id=orgs._load_id,
    )
    tables["sickness_absence_aggregate"] = figures.select(
        org_code=figures.org_code,
        staff_group=ibis.null("string"),
        period=figures.period,
        fte_days_lost=figures.fte_days_lost,
        fte_days_available=figures.fte_days_available,
        month_index=figures.month_index,
        _load_id=figures._load_id,
    )
    return tables


# --by level -> (what the system dimension holds, dimensions for the engine)
LEVELS: dict[str, tuple[str, list[str]]] = {
    "org": ("ics", ["org"]),
    "system": ("ics", ["system"]),
    "region": ("region", ["system"]),
    "england": ("ics", []),
}
_LEVEL_ALIASES = {"ics": "system", "organisation": "org", "national": "england"}
OUTPUT_COLUMNS = [
    "level",
    "code",
    "name",
    "month",
    "fte_days_lost",
    "fte_days_available",
    "rate",
]


def published_sickness(
    warehouse: Warehouse,
    by: str = "england",
    start: str | None = None,
    end: str | None = None,
) -> pd.DataFrame:
    """Sickness absence rate from the published figures, month by month, as a tidy table.

    ``by``: ``org``, ``system`` (ICS), ``region`` or ``england``. At ``org`` level the
    published rate is shown beside the recomputed one.
    """
    level = _LEVEL_ALIASES.get(by, by)
    if level not in LEVELS:
        raise OneWorkforceError(
            f"Unknown level {by!r} for published sickness absence: use org, system, region "
            "or england."
        )
    _require_published(warehouse)
    system, dimensions = LEVELS[level]
    frame = compute_metric(
        published_tables(warehouse, system), "sickness_rate", dimensions, start, end
    )
    out = pd.DataFrame(
        {
            "level": "ics" if level == "system" else level,
            "month": frame["month"],
            "month_index": frame["month_index"],
            "fte_days_lost": frame["numerator"],
            "fte_days_available": frame["denominator"],
            "rate": frame["value"],
        }
    )
    if dimensions:
        out.insert(1, "code", frame[dimensions[0]].astype(object))
        names = _area_names(warehouse, level)
        out.insert(2, "name", out["code"].map(names))
        if level != "org":
            out.loc[out["code"].isna(), "name"] = NO_ICS if system == "ics" else "No region"
    else:
        out.insert(1, "code", ENGLAND[0])
        out.insert(2, "name", ENGLAND[1])
    if level == "org":
        published = (
            warehouse.table(PUBLISHED_SICKNESS_ABSENCE.name)
            .select("org_code", "month_index", "published_rate")
            .execute()
        )
        out = out.merge(
            published.rename(columns={"org_code": "code"}), on=["code", "month_index"], how="left"
        )
    return out.drop(columns=["month_index"]).reset_index(drop=True)


def _require_published(warehouse: Warehouse) -> None:
    if warehouse.table(PUBLISHED_SICKNESS_ABSENCE.name).count().execute() == 0:
        raise OneWorkforceError(
            "No published sickness absence in the warehouse: import the NHS Sickness Absence "
            "Rates file with `oneworkforce published load FILE`."
        )


def _area_names(warehouse: Warehouse, level: str) -> dict[str, str]:
    """Code -> name of each organisation, ICS or region (the most common name of a code)."""
    orgs = warehouse.table(PUBLISHED_ORGANISATIONS.name).execute()
    code, name = {
        "org": ("org_code", "name"),
        "system": ("ics_code", "ics_name"),
        "region": ("region_code", "region_name"),
    }[level]
    pairs = orgs[[code, name]].dropna()
    counts = Counter(zip(pairs[code], pairs[name], strict=True))
    names: dict[str, str] = {}
    for (key, value), _ in counts.most_common():
        names.setdefault(key, value)
    return names


def compare_sickness(
    warehouse: Warehouse,
    ics: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> pd.DataFrame:
    """The ICS's own rate (from its partners' data) beside every ICS and England as published.

    One row per month and area: ``source`` is ``own data`` or ``published``; ``own_ics``
    marks the ICS itself (``ics``, else the ICS of the partner register, found in the
    publication by its code or by its partners' organisation codes); ``rank`` orders the
    published ICSs in the month (1 = lowest rate); ``difference_from_england`` is in
    percentage points. The own data cover every partner that sends sickness absence
    (primary and social care too), the publication NHS organisations on ESR only.
    """
    systems = published_sickness(warehouse, "system", start, end)
    england = published_sickness(warehouse, "england", start, end)
    own_codes, own_names, own_orgs = _own_register(warehouse)
    own_published = _own_published_code(warehouse, ics, own_codes, own_orgs)

    systems = systems[systems["code"].notna()].copy()
    systems["source"] = "published"
    systems["own_ics"] = systems["code"] == own_published
    systems["rank"] = systems.groupby("month")["rate"].rank(method="min").astype("Int64")
    england["source"] = "published"
    england["own_ics"] = False
    parts = [systems, england]
    own = _own_rates(warehouse, start, end)
    if not own.empty:
        published_names = _area_names(warehouse, "system")
        own["name"] = [
            own_names.get(code) or published_names.get(code) or "the ICS (own data)"
            for code in own["code"]
        ]
        own["source"] = "own data"
        own["own_ics"] = True
        parts.insert(0, own)
    out = pd.concat(parts, ignore_index=True)
    reference = england.set_index("month")["rate"]
    out["difference_from_england"] = out["rate"] - out["month"].map(reference)
    order = {("own data", True): 0, ("published", True): 1}
    out["_order"] = [
        2 if level == "england" else order.get((source, own_ics), 3)
        for level, source, own_ics in zip(out["level"], out["source"], out["own_ics"], strict=True)
    ]
    out = out.sort_values(["month", "_order", "rate", "code"], na_position="last")
    columns = ["month", "source", "level", "code", "name", "own_ics", "rank"]
    columns += ["fte_days_lost", "fte_days_available", "rate", "difference_from_england"]
    return out[columns].reset_index(drop=True)


def _own_register(warehouse: Warehouse) -> tuple[set[str], dict[str, str], set[str]]:
    """ICS codes, ICS names and organisation codes of the partner register."""
    orgs = warehouse.table("organisations").select("org_code", "ics_code", "ics_name").execute()
    names = {c: n for c, n in zip(orgs["ics_code"], orgs["ics_name"], strict=True) if pd.notna(n)}
    return set(orgs["ics_code"].dropna()), names, set(orgs["org_code"])


def _own_published_code(
    warehouse: Warehouse, ics: str | None, own_codes: set[str], own_orgs: set[str]
) -> str | None:
    """The ICS's code in the publication: given, its own ICB code, or its trusts' ICS."""
    published = warehouse.table(PUBLISHED_ORGANISATIONS.name).select("org_code", "ics_code")
    published = published.execute()
    codes = set(published["ics_code"].dropna())
    if ics is not None:
        if ics.upper() not in codes:
            raise OneWorkforceError(
                f"ICS {ics!r} is not in the published data; ICS codes there: "
                f"{', '.join(sorted(codes)[:12])}{', ...' if len(codes) > 12 else ''}."
            )
        return ics.upper()
    direct = sorted(own_codes & codes)
    if direct:
        return direct[0]
    shared = published[published["org_code"].isin(own_orgs)]["ics_code"].dropna()
    return shared.mode().iloc[0] if not shared.empty else None


def _own_rates(warehouse: Warehouse, start: str | None, end: str | None) -> pd.DataFrame:
    """The ICS's own sickness absence rate by month from its partners' data (may be empty)."""
    tables = {name: warehouse.table(name) for name in PARTNER_TABLES}
    try:
        frame = compute_metric(tables, "sickness_rate", ["system"], start, end)
    except MetricError as exc:
        if str(exc).startswith("No data"):
            return pd.DataFrame()
        raise
    return pd.DataFrame(
        {
            "level": "ics",
            "code": frame["system"].astype(object),
            "month": frame["month"],
            "fte_days_lost": frame["numerator"],
            "fte_days_available": frame["denominator"],
            "rate": frame["value"],
        }
    )


__all__ = [
    "COLUMNS",
    "ORG_TYPE_SECTORS",
    "SOURCE",
    "PublishedImport",
    "compare_sickness",
    "import_sickness_rates",
    "published_sickness",
    "published_tables",
    "sector_for",
]
