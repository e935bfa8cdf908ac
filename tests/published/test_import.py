"""Importing NHS England's sickness absence rates: through the loader, apart from own data."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.errors import InputFileError, NothingLoadedError
from oneworkforce.ingest import load_file
from oneworkforce.metrics import compute_metric
from oneworkforce.published import (
    compare_sickness,
    import_sickness_rates,
    published_sickness,
    published_tables,
)
from oneworkforce.published.sickness import PARTNER_TABLES, sector_for
from tests.conftest import write_csv
from tests.published import nhse


@pytest.fixture
def fixture(tmp_path) -> nhse.Fixture:
    return nhse.publication(tmp_path / "ESR_ABSENCE_May_2024.csv")


@pytest.fixture
def imported(warehouse, settings, fixture):
    return import_sickness_rates(warehouse, settings, fixture.path)


def frame(rows: list[list[str]]) -> pd.DataFrame:
    """The fixture rows as numbers, with the month as YYYY-MM."""
    out = pd.DataFrame(rows, columns=nhse.HEADER)
    out["month"] = [next(k for k, v in nhse.MONTHS.items() if v == d) for d in out["DATE"]]
    for column in ("FTE_DAYS_LOST", "FTE_DAYS_AVAILABLE", "SICKNESS_ABSENCE_RATE_PERCENT"):
        out[column] = out[column].astype(float)
    return out


def test_every_row_is_loaded_or_quarantined_with_its_rule(imported, fixture, warehouse):
    assert imported.rows_read == len(fixture.rows) == 38
    assert imported.rows_loaded == len(fixture.loadable) == 34
    assert imported.rows_quarantined == 4 and imported.reconciles
    assert imported.suppressed == 1
    assert set(imported.sickness.rule_counts) == {
        "fte_days_available.suppressed",
        "published_rate.matches_days",
        "fte_days_lost.within_available",
        "published_rate.range",
        "row.malformed",
    }
    assert imported.organisations.rows_loaded == len(nhse.ORGS) + 1
    assert warehouse.row_count("published_sickness_absence") == 34
    # Quarantine row numbers are the publication file's own (the header is row 1).
    rows = dict(
        warehouse.sql.execute(
            "SELECT rule, min(row_number) FROM _quarantine WHERE load_id = ? GROUP BY 1",
            [imported.sickness.load_id],
        ).fetchall()
    )
    assert rows["fte_days_available.suppressed"] == 2 + 35 - 1
    assert rows["published_rate.matches_days"] == 2 + 35
    assert rows["row.malformed"] == 2 + 37


def test_organisations_are_registered_with_sector_ics_and_region(imported, warehouse):
    orgs = warehouse.table("published_organisations").execute().set_index("org_code")
    for org in nhse.ORGS:
        got = orgs.loc[org.code]
        assert (got["name"], got["sector"], got["org_type"]) == (org.name, org.sector, org.org_type)
        assert (got["ics_code"], got["region_code"]) == (org.ics_code, org.region_code)
    national = orgs.loc["T1460"]
    assert national["sector"] == "other" and pd.isna(national["ics_code"])
    assert imported.unmapped_types == [] and imported.refused_organisations == []


def test_the_engine_reproduces_every_published_rate(imported, fixture, warehouse):
    expected = frame(fixture.loadable).set_index(["ORG_CODE", "month"])
    got = compute_metric(published_tables(warehouse), "sickness_rate", ["org"])
    assert len(got) == len(expected)
    for r in got.itertuples():
        published = expected.loc[(r.org, r.month)]
        assert round(r.value, 2) == published["SICKNESS_ABSENCE_RATE_PERCENT"]
        assert (r.numerator, r.denominator) == (
            published["FTE_DAYS_LOST"],
            published["FTE_DAYS_AVAILABLE"],
        )


@pytest.mark.parametrize(
    ("by", "system", "column"),
    [
        (["system"], "ics", "ICS_CODE"),
        (["system"], "region", "NHSE_REGION_CODE"),
        ([], "ics", None),
    ],
)
def test_ics_region_and_england_are_sums_of_days(imported, fixture, warehouse, by, system, column):
    rows = frame(fixture.loadable)
    areas = [v or None for v in rows[column]] if column else ["England"] * len(rows)
    expected: dict[tuple, tuple[float, float]] = {}
    for area, month, lost, available in zip(
        areas, rows["month"], rows["FTE_DAYS_LOST"], rows["FTE_DAYS_AVAILABLE"], strict=True
    ):
        total = expected.get((area, month), (0.0, 0.0))
        expected[(area, month)] = (total[0] + lost, total[1] + available)
    got = compute_metric(published_tables(warehouse, system), "sickness_rate", by)
    assert len(got) == len(expected)
    for r in got.itertuples():
        area = (None if pd.isna(r.system) else r.system) if by else "England"
        lost, available = expected[(area, r.month)]
        assert r.numerator == pytest.approx(lost, rel=1e-12)
        assert r.denominator == pytest.approx(available, rel=1e-12)
        assert r.value == pytest.approx(lost / available * 100, rel=1e-12)


def test_the_published_tables_have_the_partner_tables_shape(imported, warehouse):
    tables = published_tables(warehouse)
    assert set(tables) == set(PARTNER_TABLES)
    for name, table in tables.items():
        assert table.schema() == warehouse.table(name).schema(), name
    assert tables["sickness_absence"].count().execute() == 0
    assert tables["staff_in_post"].count().execute() == 0
    assert tables["sickness_absence_aggregate"].staff_group.isnull().all().execute()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_of_the_file(encoding, warehouse, settings, tmp_path):
    fixture = nhse.publication(tmp_path / "rates.csv", encoding=encoding)
    result = import_sickness_rates(warehouse, settings, fixture.path)
    assert (result.rows_read, result.rows_loaded) == (38, 34)
    name = warehouse.sql.execute(
        "SELECT name FROM published_organisations WHERE org_code = 'RJ1'"
    ).fetchone()[0]
    assert name == "Guy’s and St Thomas’ NHS Foundation Trust"


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_the_same_columns_in_a_workbook_or_parquet(suffix, warehouse, settings, tmp_path):
    fixture = nhse.publication(tmp_path / "rates.csv")
    table = pd.DataFrame(
        [r for r in fixture.rows if len(r) == len(nhse.HEADER)], columns=nhse.HEADER
    )
    path = tmp_path / f"rates{suffix}"
    if suffix == ".xlsx":
        table.to_excel(path, index=False)
    else:
        table.to_parquet(path, index=False)
    result = import_sickness_rates(warehouse, settings, path)
    assert (result.rows_read, result.rows_loaded, result.suppressed) == (37, 34, 1)
    assert warehouse.row_count("published_organisations") == len(nhse.ORGS) + 1


def test_reimporting_the_same_file_changes_nothing(imported, fixture, warehouse, settings):
    before = warehouse.sql.execute(
        "SELECT * EXCLUDE (_load_id) FROM published_sickness_absence ORDER BY ALL"
    ).fetchall()
    again = import_sickness_rates(warehouse, settings, fixture.path)
    for first, second in (
        (imported.sickness, again.sickness),
        (imported.organisations, again.organisations),
    ):
        assert (first.rows_read, first.rows_loaded, first.rows_quarantined) == (
            second.rows_read,
            second.rows_loaded,
            second.rows_quarantined,
        )
        assert second.rows_replaced == first.rows_loaded
    assert again.sickness.checksum == imported.sickness.checksum
    after = warehouse.sql.execute(
        "SELECT * EXCLUDE (_load_id) FROM published_sickness_absence ORDER BY ALL"
    ).fetchall()
    assert after == before
    assert warehouse.row_count("published_organisations") == len(nhse.ORGS) + 1


def test_a_later_file_replaces_only_its_own_organisations_and_months(
    imported, warehouse, settings, tmp_path
):
    rtg = nhse.BY_CODE["RTG"]
    path = nhse.write(tmp_path / "revised.csv", [nhse.row(rtg, "2024-05", 100.0, 40000.0)])
    import_sickness_rates(warehouse, settings, path)
    rows = warehouse.sql.execute(
        "SELECT fte_days_lost FROM published_sickness_absence WHERE org_code = 'RTG' "
        "ORDER BY period"
    ).fetchall()
    assert len(rows) == 3 and rows[-1] == (100.0,)
    assert warehouse.row_count("published_sickness_absence") == 34


def _own_state(warehouse) -> dict[str, list]:
    return {
        name: warehouse.sql.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
        for name in PARTNER_TABLES
    }


@pytest.fixture
def own_ics(warehouse, settings, tmp_path):
    """The ICS's own partners (two of them trusts in the publication) and their returns."""
    orgs = [
        {"org_code": "RTG", "name": "UHDB", "sector": "acute", "place": "Derby"},
        {"org_code": "RXM", "name": "DHcFT", "sector": "mental_health", "place": "Derby"},
        {
            "org_code": "C81001",
            "name": "Ashbourne practice",
            "sector": "primary_care",
            "place": "Derbyshire Dales",
        },
    ]
    orgs = [o | {"ics_code": "QJ2", "ics_name": "Joined Up Care Derbyshire"} for o in orgs]
    load_file(warehouse, settings, write_csv(tmp_path / "own" / "organisations.csv", orgs))
    aggregate = [
        {"org_code": o, "period": m, "fte_days_lost": lost, "fte_days_available": available}
        for m in ("2024-04", "2024-05")
        for o, lost, available in (("RTG", 9000, 200000), ("RXM", 3000, 60000), ("C81001", 20, 600))
    ]
    path = write_csv(tmp_path / "own" / "sickness_absence_aggregate.csv", aggregate)
    load_file(warehouse, settings, path)
    return warehouse


def test_own_ics_tables_are_untouched_by_the_import(own_ics, fixture, settings):
    before = _own_state(own_ics)
    own_rate = compute_metric(
        {n: own_ics.table(n) for n in PARTNER_TABLES}, "sickness_rate", ["system"]
    )
    import_sickness_rates(own_ics, settings, fixture.path)
    assert _own_state(own_ics) == before
    after = compute_metric(
        {n: own_ics.table(n) for n in PARTNER_TABLES}, "sickness_rate", ["system"]
    )
    pd.testing.assert_frame_equal(after, own_rate)


def test_compare_puts_the_ics_beside_every_ics_and_england(own_ics, fixture, settings):
    import_sickness_rates(own_ics, settings, fixture.path)
    out = compare_sickness(own_ics)
    may = out[out["month"] == "2024-05"]
    own = may[may["source"] == "own data"].iloc[0]
    assert own["code"] == "QJ2" and own["name"] == "Joined Up Care Derbyshire"
    assert own["rate"] == pytest.approx(12020 / 260600 * 100)
    published_own = may[(may["source"] == "published") & may["own_ics"]]
    assert list(published_own["code"]) == ["QJ2"]
    systems = may[may["level"] == "ics"]
    assert set(systems["code"]) == {"QJ2", "QMJ", "QKK", "QWU", "QUE"}
    assert sorted(systems.loc[systems["source"] == "published", "rank"]) == [1, 2, 3, 4, 5]
    england = may[may["level"] == "england"].iloc[0]
    rows = frame(fixture.loadable)
    rows = rows[rows["month"] == "2024-05"]
    assert england["rate"] == pytest.approx(
        rows["FTE_DAYS_LOST"].sum() / rows["FTE_DAYS_AVAILABLE"].sum() * 100
    )
    assert own["difference_from_england"] == pytest.approx(own["rate"] - england["rate"])
    # March has published figures but no own data: published rows only.
    assert set(out.loc[out["month"] == "2024-03", "source"]) == {"published"}


def test_compare_finds_the_ics_by_its_trusts_when_codes_differ(own_ics, fixture, settings):
    own_ics.sql.execute("UPDATE organisations SET ics_code = 'E54000058'")
    import_sickness_rates(own_ics, settings, fixture.path)
    out = compare_sickness(own_ics)
    assert set(out.loc[out["own_ics"] & (out["source"] == "published"), "code"]) == {"QJ2"}
    assert set(
        compare_sickness(own_ics, ics="que").query("own_ics and source == 'published'")["code"]
    ) == {"QUE"}


def test_published_views_by_level(imported, warehouse):
    org = published_sickness(warehouse, "org", "2024-05", "2024-05")
    assert (org["rate"].round(2) == org["published_rate"]).all()
    ics = published_sickness(warehouse, "system")
    assert nhse.NCL[1] in set(ics["name"]) and "Not in an ICS (national bodies)" in set(ics["name"])
    region = published_sickness(warehouse, "region")
    assert {"London", "Midlands", "East of England"} <= set(region["name"])
    england = published_sickness(warehouse)
    assert list(england["month"]) == list(nhse.MONTHS) and set(england["name"]) == {"England"}


def test_a_file_that_is_not_the_publication_is_refused_whole(warehouse, settings, tmp_path):
    path = write_csv(tmp_path / "x.csv", [{"ORG_CODE": "RTG", "DATE": "2024-05"}])
    with pytest.raises(InputFileError, match="missing NHSE_REGION_CODE.*ORG_NAME"):
        import_sickness_rates(warehouse, settings, path)
    assert warehouse.row_count("_loads") == 0
    empty = nhse.write(tmp_path / "empty.csv", [])
    with pytest.raises(InputFileError, match="header but no rows"):
        import_sickness_rates(warehouse, settings, empty)


def test_a_file_with_nothing_loadable_loads_nothing(warehouse, settings, tmp_path):
    rtg = nhse.BY_CODE["RTG"]
    rows = [
        nhse.row(rtg, "2024-05", 10.0, 2000.0, rate_text="9.99"),
        nhse.row(rtg, "2024-04", None, None),
    ]
    path = nhse.write(tmp_path / "tiny.csv", rows)
    with pytest.raises(NothingLoadedError, match="none of its 2 rows"):
        import_sickness_rates(warehouse, settings, path)
    assert warehouse.row_count("published_sickness_absence") == 0


def test_a_suppression_mark_is_quarantined_as_suppressed(warehouse, settings, tmp_path):
    rtg = nhse.BY_CODE["RTG"]
    rows = [nhse.row(rtg, "2024-05", 10.0, 2000.0), nhse.row(rtg, "2024-04", None, None)]
    rows[1][8:11] = ["*", "*", "*"]
    result = import_sickness_rates(warehouse, settings, nhse.write(tmp_path / "m.csv", rows))
    assert (result.rows_loaded, result.suppressed) == (1, 1)
    assert "fte_days_lost.number" in result.sickness.rule_counts


def test_small_organisations_with_figures_are_loaded(warehouse, settings, tmp_path):
    """Only rows without figures are suppressed; shared outputs of the engine suppress rates
    on 330 or fewer FTE days available themselves."""
    path = nhse.write(tmp_path / "small.csv", [nhse.row(nhse.NATIONAL, "2024-05", 3.0, 300.0)])
    result = import_sickness_rates(warehouse, settings, path)
    assert (result.rows_loaded, result.suppressed) == (1, 0)
    shared = compute_metric(published_tables(warehouse), "sickness_rate", ["org"], shared=True)
    assert shared["value"].isna().all()


def test_unknown_organisation_types_become_other_and_are_reported(warehouse, settings, tmp_path):
    odd = nhse.Org(
        "RYJ",
        "Imperial College Healthcare NHS Trust",
        "Acute Trust (Teaching)",
        *nhse.NCL,
        *nhse.LONDON,
        "other",
    )
    path = nhse.write(tmp_path / "odd.csv", [nhse.row(odd, "2024-05", 5000.0, 150000.0)])
    result = import_sickness_rates(warehouse, settings, path)
    assert result.unmapped_types == ["Acute Trust (Teaching)"]
    assert warehouse.sql.execute("SELECT sector FROM published_organisations").fetchone() == (
        "other",
    )


@pytest.mark.parametrize(
    ("org_type", "sector"),
    [
        ("Acute - Multi-Service", "acute"),
        ("ACUTE – SMALL", "acute"),
        ("Mental Health, Learning Disability and Community", "mental_health"),
        ("Clinical Commissioning Group", "icb"),
        ("Integrated Care Board", "icb"),
        ("Ambulance", "ambulance"),
        ("Support Organisation", "other"),
        ("Hospice", None),
    ],
)
def test_org_type_to_sector(org_type, sector):
    assert sector_for(org_type) == sector
