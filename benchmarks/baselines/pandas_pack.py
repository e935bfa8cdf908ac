"""Plain pandas for every metric of the pack, the way an analyst would write it in a notebook.

``read_tables`` reads the columns the pack needs from the warehouse into pandas, once; each
function then computes one metric from those frames with ordinary pandas (groupby, merge,
``nunique``), without tuning dtypes or reaching for other libraries. The definitions are the
catalogue's (``oneworkforce.metrics``); the benchmark checks the numbers agree.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import numpy as np
import pandas as pd

from oneworkforce.metrics.training import CSTF_RENEWAL_MONTHS, SUBJECTS

Frames = dict[str, pd.DataFrame]
PandasBaseline = Callable[[Frames, list[str]], pd.DataFrame]

COLUMN = {"org": "org_code", "staff_group": "staff_group"}
SUBSTANTIVE = ["permanent", "fixed_term"]
INTERNATIONAL = ["eu_eea", "rest_of_world"]
KNOWN_ORIGIN = ["uk", *INTERNATIONAL]
BAND_5_AND_ABOVE = ["band_5", "band_6", "band_7", "band_8a", "band_8b", "band_8c", "band_8d"]
BAND_5_AND_ABOVE += ["band_9", "vsm"]
AFC_BANDS = ["band_1", "band_2", "band_3", "band_4", *BAND_5_AND_ABOVE]
AGED_55_PLUS = ["55_59", "60_64", "65_69", "70_plus"]
UNDER_35 = ["under_25", "25_29", "30_34"]
SCOPE = {"organisation": ["org_code"], "staff_group": ["staff_group"], "system": []}
LONG_TERM_DAYS = 28

# What the pack reads: the columns its metrics use, nothing else.
COLUMNS: dict[str, list[str]] = {
    "staff_in_post": [
        "person_id",
        "org_code",
        "staff_group",
        "month_index",
        "fte",
        "contract_type",
        "band",
        "start_date",
        "age_band_at_snapshot",
        "qualification_country_group",
        "trained_locally",
        "qualified_date",
    ],
    "establishment": ["org_code", "staff_group", "month_index", "budgeted_fte"],
    "sickness_absence": [
        "org_code",
        "staff_group",
        "start_date",
        "end_date",
        "fte_days_lost",
        "reason",
    ],
    "sickness_absence_aggregate": [
        "org_code",
        "staff_group",
        "month_index",
        "fte_days_lost",
        "fte_days_available",
    ],
    "temporary_staffing": [
        "org_code",
        "staff_group",
        "month_index",
        "staffing_type",
        "hours",
        "cost",
    ],
    "pay_bill": ["org_code", "staff_group", "month_index", "substantive_cost"],
    "training": ["person_id", "org_code", "subject", "level", "completed_date", "expiry_date"],
    "training_renewal": ["org_code", "subject", "level", "renewal_months"],
}


def read_tables(con: duckdb.DuckDBPyConnection) -> Frames:
    """Every table the pack uses, as pandas frames (``SELECT`` of the needed columns)."""
    return {
        table: con.execute(f"SELECT {', '.join(columns)} FROM {table}").df()
        for table, columns in COLUMNS.items()
    }


def group_columns(by: list[str]) -> list[str]:
    return [COLUMN[d] for d in by]


def month_of(dates: pd.Series) -> pd.Series:
    return dates.dt.year * 12 + dates.dt.month


def _shape(out: pd.DataFrame, by: list[str], numerator, denominator, value) -> pd.DataFrame:
    """The metric's shape from an aggregated frame (its keys as columns)."""
    frame = out[[*group_columns(by), "month_index"]].rename(columns={COLUMN[d]: d for d in by})
    frame = frame.assign(
        numerator=np.asarray(numerator, dtype="float64"),
        denominator=np.asarray(denominator, dtype="float64"),
        value=np.asarray(value, dtype="float64"),
    )
    return frame.sort_values([*by, "month_index"]).reset_index(drop=True)


def total(out: pd.DataFrame, by: list[str], value) -> pd.DataFrame:
    return _shape(out, by, value, np.nan, value)


def ratio(out: pd.DataFrame, by: list[str], numerator, denominator) -> pd.DataFrame:
    n = np.asarray(numerator, dtype="float64")
    d = np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(d > 0, n / d * 100, np.nan)
    return _shape(out, by, n, d, value)


def grouped(frame: pd.DataFrame, by: list[str], **aggregations) -> pd.DataFrame:
    """Group by the dimensions and month (null keys kept, as SQL keeps them)."""
    keys = [*group_columns(by), "month_index"]
    return frame.groupby(keys, dropna=False).agg(**aggregations).reset_index()


def substantive(t: Frames) -> pd.DataFrame:
    sip = t["staff_in_post"]
    return sip[sip["contract_type"].isin(SUBSTANTIVE)]


# -- staff in post, establishment, vacancies -----------------------------------------------


def headcount(t: Frames, by: list[str]) -> pd.DataFrame:
    out = grouped(t["staff_in_post"], by, n=("person_id", "nunique"))
    return total(out, by, out["n"])


def fte(t: Frames, by: list[str]) -> pd.DataFrame:
    out = grouped(t["staff_in_post"], by, n=("fte", "sum"))
    return total(out, by, out["n"])


def staff_in_post(t: Frames, by: list[str]) -> pd.DataFrame:
    out = grouped(substantive(t), by, n=("person_id", "nunique"))
    return total(out, by, out["n"])


def staff_in_post_fte(t: Frames, by: list[str]) -> pd.DataFrame:
    out = grouped(substantive(t), by, n=("fte", "sum"))
    return total(out, by, out["n"])


def establishment(t: Frames, by: list[str]) -> pd.DataFrame:
    out = grouped(t["establishment"], by, n=("budgeted_fte", "sum"))
    return total(out, by, out["n"])


def _vacancy_frame(t: Frames, by: list[str]) -> pd.DataFrame:
    est = grouped(t["establishment"], by, establishment=("budgeted_fte", "sum"))
    staff = grouped(substantive(t), by, in_post=("fte", "sum"))
    out = est.merge(staff, on=[*group_columns(by), "month_index"], how="outer")
    return out.fillna({"establishment": 0.0, "in_post": 0.0})


def vacancies(t: Frames, by: list[str]) -> pd.DataFrame:
    out = _vacancy_frame(t, by)
    return total(out, by, out["establishment"] - out["in_post"])


def vacancy_rate(t: Frames, by: list[str]) -> pd.DataFrame:
    out = _vacancy_frame(t, by)
    return ratio(out, by, out["establishment"] - out["in_post"], out["establishment"])


def fill_rate(t: Frames, by: list[str]) -> pd.DataFrame:
    out = _vacancy_frame(t, by)
    return ratio(out, by, out["in_post"], out["establishment"])


# -- leavers, stability, joiners -------------------------------------------------------------


def _flows(t: Frames, by: list[str], scope: str, with_end: bool) -> pd.DataFrame:
    """People at the start of each 12 months and whether each is still there (in the scope)
    at the end, for organisations with snapshots at both ends; the headcount at the end only
    when the metric needs it."""
    sip = t["staff_in_post"]
    key = SCOPE[scope]
    snapshots = sip[["org_code", "month_index"]].drop_duplicates()
    columns = list(dict.fromkeys(["person_id", *group_columns(by), *key, "org_code"]))
    start = sip[[*columns, "month_index"]].assign(month_index=sip["month_index"] + 12)
    start = start.merge(snapshots, on=["org_code", "month_index"])
    present = sip[["person_id", *key, "month_index"]].drop_duplicates().assign(stayed=True)
    start = start.merge(present, on=["person_id", *key, "month_index"], how="left")
    stayed = start["stayed"].notna()
    keys = [*group_columns(by), "month_index"]
    out = pd.concat(
        {
            "at_start": start.groupby(keys, dropna=False)["person_id"].nunique(),
            "leavers": start[~stayed].groupby(keys, dropna=False)["person_id"].nunique(),
            "stayers": start[stayed].groupby(keys, dropna=False)["person_id"].nunique(),
        },
        axis=1,
    ).fillna(0)
    if with_end:
        earlier = snapshots.assign(month_index=snapshots["month_index"] + 12)
        end = sip.merge(earlier, on=["org_code", "month_index"])
        ends = end.groupby(keys, dropna=False)["person_id"].nunique()
        out["at_end"] = ends.reindex(out.index).fillna(0)
    return out.reset_index()


def _leaver_rate(scope: str) -> PandasBaseline:
    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        out = _flows(t, by, scope, with_end=True)
        return ratio(out, by, out["leavers"], (out["at_start"] + out["at_end"]) / 2)

    return compute


def _stability(scope: str) -> PandasBaseline:
    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        out = _flows(t, by, scope, with_end=False)
        return ratio(out, by, out["stayers"], out["at_start"])

    return compute


def _leavers(scope: str) -> PandasBaseline:
    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        out = _flows(t, by, scope, with_end=False)
        return total(out, by, out["leavers"])

    return compute


def _joiners(scope: str) -> PandasBaseline:
    """People in post who were not in post (in the scope) 12 months earlier, in
    organisations whose snapshot 12 months earlier exists."""

    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        sip = t["staff_in_post"]
        key = SCOPE[scope]
        columns = list(dict.fromkeys(["person_id", *group_columns(by), *key, "org_code"]))
        earlier = sip[["org_code", "month_index"]].drop_duplicates()
        earlier = earlier.assign(month_index=earlier["month_index"] + 12)
        now = sip[[*columns, "month_index"]].merge(earlier, on=["org_code", "month_index"])
        before = sip[["person_id", *key, "month_index"]].drop_duplicates()
        before = before.assign(month_index=before["month_index"] + 12, was_in_post=True)
        now = now.merge(before, on=["person_id", *key, "month_index"], how="left")
        new = now["person_id"].where(now["was_in_post"].isna())
        out = grouped(now.assign(new=new), by, joiners=("new", "nunique"))
        return total(out, by, out["joiners"])

    return compute


# -- profile ---------------------------------------------------------------------------------


def participation_rate(t: Frames, by: list[str]) -> pd.DataFrame:
    out = grouped(substantive(t), by, n=("fte", "sum"), d=("person_id", "nunique"))
    return ratio(out, by, out["n"], out["d"])


def skill_mix(t: Frames, by: list[str]) -> pd.DataFrame:
    sip = t["staff_in_post"]
    # staff_group <> 'medical' in SQL also drops an empty staff group
    frame = sip[
        sip["band"].isin(AFC_BANDS) & sip["staff_group"].notna() & (sip["staff_group"] != "medical")
    ]
    frame = frame.assign(senior=frame["fte"].where(frame["band"].isin(BAND_5_AND_ABOVE)))
    out = frame.groupby([*group_columns(by), "month_index"], dropna=False).agg(
        n=("senior", lambda s: s.sum(min_count=1)), d=("fte", "sum")
    )
    out = out.reset_index()
    return ratio(out, by, out["n"], out["d"])


def _age_share(bands: list[str]) -> PandasBaseline:
    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        sip = t["staff_in_post"]
        in_bands = sip["person_id"].where(sip["age_band_at_snapshot"].isin(bands))
        out = grouped(
            sip.assign(in_bands=in_bands),
            by,
            n=("in_bands", "nunique"),
            d=("person_id", "nunique"),
        )
        return ratio(out, by, out["n"], out["d"])

    return compute


def length_of_service(t: Frames, by: list[str]) -> pd.DataFrame:
    sip = t["staff_in_post"]
    sip = sip.assign(months=sip["month_index"] - month_of(sip["start_date"]))
    keys = [*group_columns(by), "month_index"]
    person = sip.groupby([*keys, "person_id"], dropna=False)["months"].max().reset_index()
    person["years"] = person["months"] / 12
    out = person.groupby(keys, dropna=False).agg(
        years=("years", "sum"), people=("person_id", "count")
    )
    out = out.reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(out["people"] > 0, out["years"] / out["people"], np.nan)
    return _shape(out, by, out["years"], out["people"], value)


# -- sickness absence ------------------------------------------------------------------------


def _months(t: Frames) -> pd.DataFrame:
    """Each month with staff in post, with its first and last day."""
    months = pd.DataFrame({"month_index": np.sort(t["staff_in_post"]["month_index"].unique())})
    first = pd.to_datetime(
        pd.DataFrame(
            {
                "year": (months["month_index"] - 1) // 12,
                "month": (months["month_index"] - 1) % 12 + 1,
                "day": 1,
            }
        )
    )
    months["first_day"] = first
    months["last_day"] = first + pd.offsets.MonthEnd(0)
    return months


def _episode_days(t: Frames) -> pd.DataFrame:
    """Each episode's FTE days lost in each month it touches (one row per episode-month)."""
    months = _months(t)
    episodes = t["sickness_absence"]
    episodes = episodes.assign(until=episodes["end_date"].fillna(months["last_day"].max()))
    first, last = month_of(episodes["start_date"]), month_of(episodes["until"])
    touched = (last - first + 1).clip(lower=0)
    spread = episodes.loc[episodes.index.repeat(touched)]
    spread = spread.assign(month_index=first.loc[spread.index] + spread.groupby(level=0).cumcount())
    spread = spread.merge(months, on="month_index")  # only months with staff in post
    overlap = (
        np.minimum(spread["until"], spread["last_day"])
        - np.maximum(spread["start_date"], spread["first_day"])
    ).dt.days + 1
    length = (spread["until"] - spread["start_date"]).dt.days + 1
    return pd.DataFrame(
        {
            "org_code": spread["org_code"],
            "staff_group": spread["staff_group"],
            "month_index": spread["month_index"],
            "long_term": length >= LONG_TERM_DAYS,
            "lost": spread["fte_days_lost"] * overlap / length,
        }
    )


def _available(t: Frames) -> pd.DataFrame:
    """FTE days available, for organisations that send episodes."""
    sip = substantive(t)
    sip = sip[sip["org_code"].isin(t["sickness_absence"]["org_code"].unique())]
    sip = sip.merge(_months(t), on="month_index")
    sip = sip.assign(available=sip["fte"] * sip["last_day"].dt.day)
    return (
        sip.groupby(["org_code", "staff_group", "month_index"], dropna=False)["available"]
        .sum()
        .reset_index()
    )


def sickness_rate(t: Frames, by: list[str]) -> pd.DataFrame:
    keys = ["org_code", "staff_group", "month_index"]
    lost = _episode_days(t).groupby(keys, dropna=False)["lost"].sum().reset_index()
    episodes = _available(t).merge(lost, on=keys, how="left").fillna({"lost": 0.0})
    aggregate = t["sickness_absence_aggregate"].rename(
        columns={"fte_days_lost": "lost", "fte_days_available": "available"}
    )
    sent = aggregate[["org_code", "month_index"]].drop_duplicates().assign(sent=True)
    episodes = episodes.merge(sent, on=["org_code", "month_index"], how="left")
    episodes = episodes[episodes["sent"].isna()].drop(columns="sent")
    combined = pd.concat([aggregate, episodes], ignore_index=True)
    out = grouped(combined, by, lost=("lost", "sum"), available=("available", "sum"))
    return ratio(out, by, out["lost"], out["available"])


def _episode_rate(long_term: bool | None) -> PandasBaseline:
    """Days lost in short- or long-term episodes (None: all) over all FTE days available."""

    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        days = _episode_days(t)
        if long_term is not None:
            days = days[days["long_term"] == long_term]
        lost = grouped(days, by, lost=("lost", "sum"))
        out = grouped(_available(t), by, available=("available", "sum"))
        out = out.merge(lost, on=[*group_columns(by), "month_index"], how="left")
        out = out.fillna({"lost": 0.0})
        return ratio(out, by, out["lost"], out["available"])

    return compute


# -- bank and agency -------------------------------------------------------------------------


def _temporary_total(column: str, kind: str) -> PandasBaseline:
    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        temp = t["temporary_staffing"]
        out = grouped(temp[temp["staffing_type"] == kind], by, n=(column, "sum"))
        return total(out, by, out["n"])

    return compute


def _temporary_fte(kind: str) -> PandasBaseline:
    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        temp = t["temporary_staffing"]
        out = grouped(temp[temp["staffing_type"] == kind], by, hours=("hours", "sum"))
        first = pd.to_datetime(
            pd.DataFrame(
                {
                    "year": (out["month_index"] - 1) // 12,
                    "month": (out["month_index"] - 1) % 12 + 1,
                    "day": 1,
                }
            )
        )
        weeks = (first + pd.offsets.MonthEnd(0)).dt.day / 7
        return total(out, by, out["hours"] / (37.5 * weeks))

    return compute


def temporary_staffing_pay_bill_share(t: Frames, by: list[str]) -> pd.DataFrame:
    bill = grouped(t["pay_bill"], by, substantive=("substantive_cost", "sum"))
    temp = grouped(t["temporary_staffing"], by, temporary=("cost", "sum"))
    out = bill.merge(temp, on=[*group_columns(by), "month_index"], how="left")
    out = out.fillna({"temporary": 0.0})
    return ratio(out, by, out["temporary"], out["substantive"] + out["temporary"])


# -- training --------------------------------------------------------------------------------


def _valid_completions(t: Frames) -> pd.DataFrame:
    """Each completion with the months it is valid at the month end: [valid_from, valid_until)."""
    records = t["training"]
    records = records.assign(level_key=records["level"].fillna(""))
    renewal = t["training_renewal"]
    renewal = renewal.assign(level_key=renewal["level"].fillna(""))
    own_exact = renewal[["org_code", "subject", "level_key", "renewal_months"]].rename(
        columns={"renewal_months": "own_exact"}
    )
    own_any = renewal[renewal["level_key"] == ""][["org_code", "subject", "renewal_months"]]
    own_any = own_any.rename(columns={"renewal_months": "own_any"})
    defaults = pd.DataFrame(
        [(s, lv, m) for (s, lv), m in CSTF_RENEWAL_MONTHS.items()],
        columns=["subject", "level_key", "default_exact"],
    )
    default_any = defaults[defaults["level_key"] == ""][["subject", "default_exact"]]
    default_any = default_any.rename(columns={"default_exact": "default_any"})
    joined = (
        records.merge(own_exact, on=["org_code", "subject", "level_key"], how="left")
        .merge(own_any, on=["org_code", "subject"], how="left")
        .merge(defaults, on=["subject", "level_key"], how="left")
        .merge(default_any, on="subject", how="left")
    )
    months = (
        joined["own_exact"]
        .fillna(joined["own_any"])
        .fillna(joined["default_exact"])
        .fillna(joined["default_any"])
    )
    start = month_of(joined["completed_date"])
    until = month_of(joined["expiry_date"]).fillna(start + months)
    valid = pd.DataFrame(
        {
            "person_id": joined["person_id"],
            "subject": joined["subject"],
            "valid_from": start,
            "valid_until": until,
        }
    )
    return valid[valid["subject"].isin(SUBJECTS)]


def training_compliance(t: Frames, by: list[str]) -> pd.DataFrame:
    """People in post x every subject; compliant where a completion is valid that month."""
    people = substantive(t)[[*group_columns(by), "person_id", "month_index"]].drop_duplicates()
    matched = people.merge(_valid_completions(t), on="person_id")
    matched = matched[
        (matched["valid_from"] <= matched["month_index"])
        & (matched["valid_until"] > matched["month_index"])
    ]
    held = matched.drop_duplicates([*group_columns(by), "person_id", "month_index", "subject"])
    out = grouped(people, by, people=("person_id", "size"))
    compliant = grouped(held, by, compliant=("subject", "size"))
    out = out.merge(compliant, on=[*group_columns(by), "month_index"], how="left")
    out = out.fillna({"compliant": 0})
    return ratio(out, by, out["compliant"], out["people"] * len(SUBJECTS))


# -- supply ----------------------------------------------------------------------------------


def international_recruits_share(t: Frames, by: list[str]) -> pd.DataFrame:
    sip = t["staff_in_post"]
    known = sip[sip["qualification_country_group"].isin(KNOWN_ORIGIN)]
    recruits = known["person_id"].where(known["qualification_country_group"].isin(INTERNATIONAL))
    out = grouped(
        known.assign(recruits=recruits),
        by,
        recruits=("recruits", "nunique"),
        people=("person_id", "nunique"),
    )
    return ratio(out, by, out["recruits"], out["people"])


def _retention(years: int) -> PandasBaseline:
    """Newly qualified, locally trained joiners still in post ``years`` later."""

    def compute(t: Frames, by: list[str]) -> pd.DataFrame:
        later = 12 * years
        sub = substantive(t)
        locally = sub[(sub["trained_locally"] == True) & sub["qualified_date"].notna()]  # noqa: E712
        first = locally.groupby("person_id")["month_index"].transform("min")
        cohort = locally[(locally["month_index"] == first) & (first > sub["month_index"].min())]
        gap = cohort["month_index"] - month_of(cohort["qualified_date"])
        cohort = cohort[(gap >= 0) & (gap <= 12)]
        cohort = cohort[(cohort["month_index"] + later).isin(sub["month_index"].unique())]
        in_post = sub[["person_id", "month_index"]].drop_duplicates()
        in_post = in_post.assign(month_index=in_post["month_index"] - later, kept=True)
        cohort = cohort.merge(in_post, on=["person_id", "month_index"], how="left")
        cohort = cohort.assign(
            kept=cohort["person_id"].where(cohort["kept"].notna()),
            month_index=cohort["month_index"] + later,
        )
        out = grouped(cohort, by, n=("person_id", "nunique"), kept=("kept", "nunique"))
        return ratio(out, by, out["kept"], out["n"])

    return compute


PANDAS: dict[str, PandasBaseline] = {
    "headcount": headcount,
    "fte": fte,
    "staff_in_post": staff_in_post,
    "staff_in_post_fte": staff_in_post_fte,
    "establishment": establishment,
    "vacancies": vacancies,
    "vacancy_rate": vacancy_rate,
    "fill_rate": fill_rate,
    **{f"leaver_rate_{s}": _leaver_rate(s) for s in SCOPE},
    **{f"stability_{s}": _stability(s) for s in SCOPE},
    **{f"leavers_{s}": _leavers(s) for s in SCOPE},
    **{f"joiners_{s}": _joiners(s) for s in SCOPE},
    "participation_rate": participation_rate,
    "skill_mix": skill_mix,
    "aged_55_plus": _age_share(AGED_55_PLUS),
    "aged_under_35": _age_share(UNDER_35),
    "length_of_service": length_of_service,
    "sickness_rate": sickness_rate,
    "sickness_rate_short_term": _episode_rate(long_term=False),
    "sickness_rate_long_term": _episode_rate(long_term=True),
    "sickness_rate_by_reason": _episode_rate(long_term=None),
    **{
        f"{kind}_{column}": _temporary_total(column, kind)
        for kind in ("bank", "agency")
        for column in ("hours", "cost")
    },
    "bank_fte": _temporary_fte("bank"),
    "agency_fte": _temporary_fte("agency"),
    "temporary_staffing_pay_bill_share": temporary_staffing_pay_bill_share,
    "training_compliance": training_compliance,
    "international_recruits_share": international_recruits_share,
    "local_retention_1y": _retention(1),
    "local_retention_2y": _retention(2),
}
