"""For any published figures, the engine gives back the published rates and their sums."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from oneworkforce.config import initialise_home
from oneworkforce.metrics import compute_metric
from oneworkforce.published import import_sickness_rates, published_tables
from oneworkforce.standard.published import PUBLISHED_SICKNESS_ABSENCE
from oneworkforce.warehouse import open_warehouse
from tests.published import nhse

POOL = [*nhse.ORGS, nhse.NATIONAL]
# The month as written in the file -> the month it is.
MONTHS = {
    "2023-12-31": "2023-12",
    "31/01/2024": "2024-01",
    "2024-02": "2024-02",
    "2024-03-31": "2024-03",
}
RATE_RULE = next(
    r.condition
    for r in PUBLISHED_SICKNESS_ABSENCE.row_rules
    if r.rule == "published_rate.matches_days"
)


@st.composite
def figures(draw) -> tuple[float, float]:
    """FTE days to 2 decimal places, more than 330 available and no more lost than that."""
    available = draw(st.integers(33_001, 10**9)) / 100
    lost = draw(st.integers(0, round(available * 100))) / 100
    return lost, available


publications = st.dictionaries(
    st.tuples(st.sampled_from(POOL), st.sampled_from(list(MONTHS))),
    figures(),
    min_size=1,
    max_size=40,
)


# Each example imports a file into a new warehouse, so it runs a quarter of the examples
# the profile asks for (25 by default, 750 with HYPOTHESIS_PROFILE=thorough).
@settings(max_examples=max(10, settings().max_examples // 4))
@given(publications)
def test_the_engine_reproduces_any_publication(published):
    rows = [
        nhse.row(org, month, lost, available)
        for (org, month), (lost, available) in published.items()
    ]
    with tempfile.TemporaryDirectory() as folder:
        home = initialise_home(Path(folder) / "home")[0]
        path = nhse.write(Path(folder) / "rates.csv", rows)
        with open_warehouse(home) as warehouse:
            result = import_sickness_rates(warehouse, home, path)
            assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (
                len(rows),
                len(rows),
                0,
            )
            by_org = compute_metric(published_tables(warehouse), "sickness_rate", ["org"])
            by_ics = compute_metric(published_tables(warehouse), "sickness_rate", ["system"])
            england = compute_metric(published_tables(warehouse), "sickness_rate", [])

    month_of = MONTHS
    expected = {(o.code, month_of[m]): f for (o, m), f in published.items()}
    assert len(by_org) == len(expected)
    for r in by_org.itertuples():
        lost, available = expected[(r.org, r.month)]
        assert round(r.value, 2) == nhse.rate(lost, available)

    def sums(key) -> dict:
        out: dict = {}
        for (org, month), (lost, available) in published.items():
            k = (key(org), month_of[month])
            total = out.get(k, (0.0, 0.0))
            out[k] = (total[0] + lost, total[1] + available)
        return out

    for frame, key, area in (
        (by_ics, lambda o: o.ics_code or None, lambda r: r.system),
        (england, lambda o: "England", lambda r: "England"),
    ):
        totals = sums(key)
        assert len(frame) == len(totals)
        for r in frame.itertuples():
            lost, available = totals[(area(r) if isinstance(area(r), str) else None, r.month)]
            assert abs(r.numerator - lost) <= 1e-9 * max(lost, 1)
            assert abs(r.denominator - available) <= 1e-9 * available
            assert abs(r.value - lost / available * 100) <= 1e-9 * max(r.value, 1)


@given(figures(), st.integers(-50, 50))
def test_the_rate_rule_accepts_the_rounding_and_nothing_else(days, hundredths):
    """Only a rounding of 100 x lost / available to 2 places passes: any other 2-place rate
    is quarantined (at an exact tie both neighbours are roundings)."""
    lost, available = days
    published = round(nhse.rate(lost, available) + hundredths / 100, 2)
    passes = duckdb.sql(
        f"SELECT COALESCE({RATE_RULE}, TRUE) FROM (SELECT ?::DOUBLE AS fte_days_lost, "
        "?::DOUBLE AS fte_days_available, ?::DOUBLE AS published_rate)",
        params=[lost, available, published],
    ).fetchone()[0]
    exact = lost / available * 100
    tie = abs(abs(exact - published) - 0.005) < 1e-9
    assert passes == (hundredths == 0 or tie)
