"""Excel sheet names: Excel allows 31 characters and no two names equal but for case."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.export import sheet_names


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
