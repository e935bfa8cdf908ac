"""Tables of the pages as downloads: the rows shown, figures in full, formulas neutralised."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.web import formatting as fmt
from oneworkforce.web.tables import Column, Table, UnknownTableError, download

TABLE = Table(
    name="gaps",
    caption="Pay gaps",
    columns=[Column("name", "Gap"), Column("value", "Value", unit="percent", kind="number")],
    rows=[
        {"name": "=cmd|' /C calc'!A0", "value": -21.955275578346686, "orgs": ["A", "B"]},
        {"name": "Median", "value": 7.33, "orgs": []},
    ],
    hidden_keys=("orgs",),
)


def test_a_csv_download_keeps_full_figures_and_neutralises_formulas():
    content, name = download([TABLE], None, "csv")
    assert name == "gaps.csv"
    frame = pd.read_csv(io.BytesIO(content), keep_default_na=False)
    assert frame.columns.tolist() == ["name", "value", "orgs"]
    assert frame["name"].tolist() == ["'=cmd|' /C calc'!A0", "Median"]
    assert frame["value"].tolist() == [-21.955275578346686, 7.33]  # negative stays a number
    assert frame["orgs"].tolist() == ["A; B", ""]


def test_an_excel_download_has_the_same_rows():
    content, name = download([TABLE], "gaps", "xlsx")
    assert name == "gaps.xlsx"
    sheet = pd.read_excel(io.BytesIO(content))
    assert sheet["value"].tolist() == pytest.approx([-21.955275578346686, 7.33])  # 15 digits
    assert sheet["name"].iloc[0].startswith("'=")


def test_unknown_tables_and_formats_are_refused():
    with pytest.raises(UnknownTableError, match="no table 'other'"):
        download([TABLE], "other", "csv")
    with pytest.raises(UnknownTableError, match="csv or xlsx"):
        download([TABLE], None, "pdf")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_figures_read_in_their_unit(value):
    assert fmt.number(value, "percent").endswith("%")
    assert fmt.number(value, "gbp").lstrip("-").startswith("£")
    assert fmt.number(value, "count").replace(",", "").lstrip("-").isdigit()


def test_missing_and_hidden_figures_read_in_words():
    assert fmt.number(None, "count") == "no figure"
    assert fmt.number(float("nan"), "count", suppressed=True) == "hidden"
    assert fmt.month_name("2026-03") == "March 2026" and fmt.month_name("soon") == "soon"
    assert fmt.slice_words({}) == "the whole system"
    assert fmt.slice_words({"place": "North", "org": "RXA"}, {"RXA": "Northgate"}) == (
        "North (place), Northgate"
    )
