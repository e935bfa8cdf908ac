"""Tables written for analysts: Excel sheet names (31 characters, no two equal but for case),
and text that a spreadsheet would run as a formula, neutralised."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.export import neutralise, sheet_names, write_table


def test_long_names_are_cut_and_kept_apart():
    names = ["a" * 40, "a" * 35, "A" * 31, "short"]
    out = sheet_names(names)
    assert out["short"] == "short"
    assert out["a" * 40] == "a" * 31
    assert out["a" * 35] == "a" * 29 + "~2"
    assert out["A" * 31] == "A" * 29 + "~3"


@given(st.lists(st.text(alphabet="abAB_", min_size=1, max_size=40), unique=True, max_size=30))
def test_sheet_names_are_short_and_unique(names):
    out = sheet_names(names)
    assert set(out) == set(names)
    assert all(len(v) <= 31 for v in out.values())
    assert len({v.lower() for v in out.values()}) == len(names)


# Formula neutralisation ----------------------------------------------------------------------

FORMULA_TEXT = st.sampled_from(["=", "+", "-", "@", "\t", "\r"]).flatmap(
    lambda start: st.text(max_size=20).map(lambda rest: start + rest)
)


@given(FORMULA_TEXT)
def test_text_a_spreadsheet_would_run_is_made_text(value):
    assert neutralise(value) == "'" + value


@given(st.text(max_size=20).filter(lambda v: v[:1] not in ("=", "+", "-", "@", "\t", "\r")))
def test_other_text_is_left_alone(value):
    assert neutralise(value) == value


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_numbers_stay_numbers_even_negative_ones(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_written_tables_neutralise_text_and_keep_negative_numbers(tmp_path, file_format):
    frame = pd.DataFrame(
        {
            "label": ["=SUM(A1:A2)", "@cmd", "+44 20", "-minus", "plain"],
            "gap": [-21.5, -3.0, 0.0, 4.25, -0.5],
            "mixed": [-7, "-7", "=1+1", 3, None],
        }
    )
    path = tmp_path / f"table.{file_format}"
    write_table(frame, path, file_format)
    read = pd.read_csv(path) if file_format == "csv" else pd.read_excel(path)
    assert read["label"].tolist() == ["'=SUM(A1:A2)", "'@cmd", "'+44 20", "'-minus", "plain"]
    assert read["gap"].tolist() == [-21.5, -3.0, 0.0, 4.25, -0.5]  # numbers, not text
    mixed = read["mixed"].tolist()
    assert mixed[2] == "'=1+1" and str(mixed[1]) == "'-7"
    assert float(mixed[0]) == -7 and float(mixed[3]) == 3
    if file_format == "xlsx":
        from openpyxl import load_workbook

        cells = {c.value: c.data_type for row in load_workbook(path).active for c in row}
        assert cells[-21.5] == "n" and cells["'=SUM(A1:A2)"] == "s"  # no formula cell ('f')
