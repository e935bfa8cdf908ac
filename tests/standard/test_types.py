"""The SQL that checks values agrees with plain Python, for any input (property-based)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oneworkforce.standard.codes import ALL_CODE_LISTS
from oneworkforce.standard.types import (
    Code,
    Date,
    Decimal,
    Identifier,
    Integer,
    Month,
    cleaned_text,
    nhs_number_is_valid,
)

con = duckdb.connect()


def evaluate(sql: str, text: str | None):
    """Evaluate SQL over ``r``, the trimmed text (NULL when empty), as the loader does."""
    return con.execute(
        f"SELECT {sql} FROM (SELECT {cleaned_text('v')} AS r FROM (SELECT CAST(? AS VARCHAR) AS v))",
        [text],
    ).fetchone()[0]


def parse(kind, text: str | None):
    return evaluate(kind.parse("r"), text)


def check_sql(kind, text: str) -> bool:
    return all(
        evaluate(f"COALESCE({c.condition.replace('__parsed__', kind.parse('r'))}, TRUE)", text)
        for c in kind.checks("r", "__parsed__")
    )


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_nhs_number_check_digit_sql_matches_python(number):
    kind = Identifier("nhs_number", format="nhs_number")
    assert check_sql(kind, number) == nhs_number_is_valid(number)


def test_known_nhs_numbers():
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert check_sql(Identifier("n", format="nhs_number"), "943 476 5919")


@given(st.sampled_from(list(ALL_CODE_LISTS.values())), st.data())
def test_every_accepted_spelling_maps_to_its_code(code_list, data):
    spelling, code = data.draw(st.sampled_from(sorted(code_list.lookup().items())))
    varied = data.draw(st.sampled_from([spelling, spelling.upper(), f"  {spelling.title()} "]))
    assert parse(Code(code_list), varied) == code
    assert code_list.normalise(varied) == code


@given(st.sampled_from(list(ALL_CODE_LISTS.values())), st.text(max_size=20))
def test_anything_else_is_not_a_code(code_list, text):
    expected = code_list.normalise(text) if text.strip() else None
    assert parse(Code(code_list), text) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_in_iso_and_uk_forms(day):
    assert parse(Date(), day.isoformat()) == day
    assert parse(Date(), day.strftime("%d/%m/%Y")) == day
    assert parse(Month(), day.strftime("%Y-%m")) == day.replace(day=1)


@given(st.text(max_size=12))
@settings(max_examples=200)
def test_text_that_is_not_a_date_is_not_guessed(text):
    value = parse(Date(), text)
    if value is not None:
        cleaned = text.strip()
        assert (
            value.isoformat() in cleaned
            or value.strftime("%d/%m/%Y") in cleaned
            or (value.strftime("%Y-%m-%-d") in cleaned or len(cleaned) <= 10)
        )


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_numbers_round_trip(number):
    assert parse(Decimal(), repr(number)) == pytest.approx(number)


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "1,5", "£10", "1e", "0x10", "--1"])
def test_non_numbers_are_refused(text):
    assert parse(Decimal(), text) is None


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(number):
    assert parse(Integer(), str(number)) == number


@pytest.mark.parametrize("text", ["1.5", "3.0", "1e3", "one"])
def test_integers_are_not_rounded(text):
    assert parse(Integer(), text) is None


@given(st.text(alphabet=" \t\u00a0ab", max_size=8))
def test_padding_is_removed_and_empty_is_missing(text):
    stripped = text.strip(" \t\u00a0")
    assert evaluate("r", text) == (stripped or None)
