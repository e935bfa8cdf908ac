"""WRES indicators on tiny hand-computed cases, on figures trusts have published, and at the
edges: small groups in shared outputs, no appointments in a group, ethnicity all unknown."""

from __future__ import annotations

from datetime import date

import pytest

from oneworkforce.metrics import compute_metric
from oneworkforce.metrics.model import MetricError
from tests.metrics.equality_cases import (
    MARCH_2023,
    MARCH_2024,
    crowd,
    month,
    staff,
    with_extracts,
)

WHITE, BME, UNKNOWN = "A", "N", "Z"


def applications(n: int, appointed: int, ethnic: str, prefix: str, **extra) -> list[dict]:
    """``n`` shortlisted applications in February 2024, the first ``appointed`` appointed."""
    return [
        {
            "vacancy_id": "V1",
            "org_code": "A",
            "applicant_id": f"{prefix}{i}",
            "application_date": date(2024, 2, 10),
            "stage": "appointed" if i < appointed else "shortlisted",
            "staff_group": "nursing",
            "ethnic_category": ethnic,
            "disability": "no",
        }
        | extra
        for i in range(n)
    ]


def march_2024(tables, metric: str, by: list[str] | None = None, **options):
    frame = compute_metric(tables, metric, by or [], **options)
    return frame[frame["month_index"] == MARCH_2024].reset_index(drop=True)


# WRES 2: appointment from shortlisting ---------------------------------------------------


def test_wres_2_hand_computed():
    rows = applications(10, 4, WHITE, "w") + applications(8, 2, BME, "b")
    rows += applications(3, 3, UNKNOWN, "u")  # not stated: in neither group
    rows += [r | {"stage": "applied"} for r in applications(20, 0, BME, "x")]  # not shortlisted
    old = applications(5, 0, WHITE, "o", application_date=date(2023, 3, 1))  # 13 months before
    t = with_extracts(staff(crowd("S", 3)), recruitment=rows + old)
    row = march_2024(t, "wres_2_appointment").iloc[0]
    assert row["numerator"] == pytest.approx(4 / 10)  # White
    assert row["denominator"] == pytest.approx(2 / 8)  # BME
    assert row["value"] == pytest.approx(1.6)
    assert row["smallest_group"] == 2  # BME appointments


def test_wres_2_reproduces_a_published_trust_figure():
    """The Christie WRES action plan 2022-23: White candidates had a 46.99 % chance of being
    appointed from shortlisting, BAME candidates 14.65 %: 3.2 times as likely. The counts
    are chosen to give those two rates."""
    rows = applications(83, 39, WHITE, "w") + applications(273, 40, "H", "b")
    t = with_extracts(staff(crowd("S", 3)), recruitment=rows)
    row = march_2024(t, "wres_2_appointment").iloc[0]
    assert round(row["numerator"] * 100, 2) == 46.99
    assert round(row["denominator"] * 100, 2) == 14.65
    assert round(row["value"], 1) == 3.2


def test_zero_appointments_in_a_group():
    no_bme = applications(10, 4, WHITE, "w") + applications(8, 0, BME, "b")
    row = march_2024(with_extracts(staff(crowd("S", 3)), recruitment=no_bme), "wres_2_appointment")
    assert row["denominator"].iloc[0] == 0 and row["value"].isna().iloc[0]  # no ratio to 0
    no_white = applications(10, 0, WHITE, "w") + applications(8, 2, BME, "b")
    t = with_extracts(staff(crowd("S", 3)), recruitment=no_white)
    assert march_2024(t, "wres_2_appointment")["value"].iloc[0] == 0


def test_all_unknown_ethnicity():
    rows = applications(10, 4, UNKNOWN, "u") + applications(6, 2, "99", "k")
    people = crowd("U", 30, ethnic_category=UNKNOWN)
    cases = [_case("1", "U1", date(2023, 9, 1))]
    cpd = [{"person_id": "U2", "org_code": "A", "activity_date": date(2024, 1, 9), "kind": "cpd"}]
    t = with_extracts(staff(people), recruitment=rows, employee_relations=cases, cpd=cpd)
    for metric in ("wres_2_appointment", "wres_3_disciplinary", "wres_4_cpd"):
        row = march_2024(t, metric).iloc[0]
        assert row[["numerator", "denominator", "value"]].isna().all(), metric
        assert row["smallest_group"] == 0
    with pytest.raises(MetricError, match="No data for bme_share"):  # no stated ethnicity
        compute_metric(t, "bme_share")


def test_small_groups_are_hidden_in_shared_outputs():
    few_bme = applications(40, 10, WHITE, "w") + applications(3, 1, BME, "b")
    t = with_extracts(staff(crowd("S", 3)), recruitment=few_bme)
    open_row = march_2024(t, "wres_2_appointment").iloc[0]
    assert open_row["value"] == pytest.approx((10 / 40) / (1 / 3))
    shared = march_2024(t, "wres_2_appointment", shared=True).iloc[0]
    assert shared["suppressed"]
    assert shared[["numerator", "denominator", "value"]].isna().all()
    # Groups of 40 and 30, but only 2 BME appointments: the ratio would reveal them.
    few_events = applications(40, 10, WHITE, "w") + applications(30, 2, BME, "b")
    t = with_extracts(staff(crowd("S", 3)), recruitment=few_events)
    assert march_2024(t, "wres_2_appointment", shared=True)["suppressed"].iloc[0]
    assert not march_2024(t, "wres_2_appointment", shared=True, threshold=2)["suppressed"].iloc[0]


def test_wres_2_splits_by_clinical_and_band():
    rows = applications(10, 5, WHITE, "w") + applications(10, 2, BME, "b")
    rows += applications(10, 2, WHITE, "a", staff_group="infrastructure")
    rows += applications(10, 2, BME, "c", staff_group="infrastructure")
    t = with_extracts(staff(crowd("S", 3)), recruitment=rows)
    frame = march_2024(t, "wres_2_appointment", ["clinical"]).set_index("clinical")
    assert frame.loc["clinical", "value"] == pytest.approx(2.5)
    assert frame.loc["non_clinical", "value"] == pytest.approx(1.0)


# WRES 3: formal disciplinary process, two-year rolling ------------------------------------


def _case(case_id, person, start, process="disciplinary", stage="investigation", **extra):
    return {
        "case_id": case_id,
        "person_id": person,
        "org_code": "A",
        "start_date": start,
        "process": process,
        "stage": stage,
    } | extra


def test_wres_3_two_year_rolling_hand_computed():
    # 40 White and 20 BME staff at March 2023; 60 White and 20 BME at March 2024.
    people = crowd("W", 40, ethnic_category=WHITE) | crowd("B", 20, ethnic_category=BME)
    sip = staff(people) + staff(crowd("N", 20, ethnic_category=WHITE), (MARCH_2024,))
    cases = [
        _case("1", "W1", date(2022, 6, 1)),  # first year (April 2022 - March 2023)
        _case("2", "W2", date(2023, 6, 1)),  # second year
        _case("3", "B1", date(2022, 9, 1)),  # first year
        _case("4", "B1", date(2023, 9, 1)),  # second year: B1 counts once in each year
        _case("5", "B2", date(2023, 10, 1)),
        _case("6", "B2", date(2024, 1, 1)),  # B2 again in the same year: counted once
        _case("7", "B3", date(2022, 2, 1)),  # 26 months before March 2024: outside
        _case("8", "B4", date(2023, 11, 1), stage="informal"),  # not the formal process
        _case("9", "B5", date(2023, 11, 1), "capability", capability_reason="performance"),
    ]
    # People in post at the case's month: the March snapshots stand for the months after.
    sip += staff(people, tuple(month(2022, m) for m in (2, 6, 9)))
    sip += staff(people, (*(month(2023, m) for m in (6, 9, 10, 11)), month(2024, 1)))
    t = with_extracts(sip, employee_relations=cases)
    row = march_2024(t, "wres_3_disciplinary").iloc[0]
    bme = (1 + 2) / 2 / ((20 + 20) / 2)  # 3 entries in two years; mean headcount 20
    white = (1 + 1) / 2 / ((40 + 60) / 2)
    assert row["numerator"] == pytest.approx(bme)
    assert row["denominator"] == pytest.approx(white)
    assert row["value"] == pytest.approx(bme / white)  # BME staff 3.75 times as likely
    assert row["smallest_group"] == 2  # White entries


def test_wres_3_reproduces_a_published_trust_figure():
    """Kent and Medway NHS and Social Care Partnership Trust, WRES 2020-22, indicator 3:
    White staff 0.7 %, BAME staff 1.2 %, 'BAME staff are 1.7 times more likely' (17 White
    and 9 BAME staff entered). Headcounts chosen to give those rates, the same two years."""
    people = crowd("W", 2429, ethnic_category=WHITE) | crowd("B", 750, ethnic_category=BME)
    sip = staff(people)
    cases = [_case(f"w{y}{i}", f"W{i}", date(2022 + y, 6, 1)) for y in (0, 1) for i in range(17)]
    cases += [_case(f"b{y}{i}", f"B{i}", date(2022 + y, 6, 1)) for y in (0, 1) for i in range(9)]
    sip += staff(
        {p: people[p] for p in [f"W{i}" for i in range(17)] + [f"B{i}" for i in range(9)]},
        (month(2022, 6), month(2023, 6)),
    )
    row = march_2024(with_extracts(sip, employee_relations=cases), "wres_3_disciplinary").iloc[0]
    assert round(row["denominator"] * 100, 1) == 0.7
    assert round(row["numerator"] * 100, 1) == 1.2
    assert round(row["value"], 1) == 1.7


def test_wres_3_links_cases_to_the_staff_record():
    people = crowd("W", 30, ethnic_category=WHITE) | crowd("B", 30, ethnic_category=BME)
    sip = staff(people)
    sip += [  # the case month's snapshot: B1 in post; K1 only on the bank
        {
            "person_id": "B1",
            "org_code": "A",
            "month_index": month(2023, 8),
            "fte": 1.0,
            "ethnic_category": BME,
        },
        {
            "person_id": "K1",
            "org_code": "A",
            "month_index": month(2023, 8),
            "fte": 0.0,
            "ethnic_category": BME,
            "contract_type": "bank",
        },
    ]
    cases = [
        _case("1", "B1", date(2023, 10, 5)),  # linked to the August snapshot (latest before)
        _case("2", "K1", date(2023, 8, 5)),  # bank only: not linked, unknown
        _case("3", "X9", date(2023, 8, 5)),  # not in staff in post: unknown
        _case("4", "W1", date(2023, 8, 5)),  # in post at March 2023, within 12 months
    ]
    row = march_2024(with_extracts(sip, employee_relations=cases), "wres_3_disciplinary").iloc[0]
    assert row["numerator"] == pytest.approx(1 / 2 / 30)
    assert row["denominator"] == pytest.approx(1 / 2 / 30)


# WRES 4: non-mandatory training and CPD -------------------------------------------------


def test_wres_4_hand_computed():
    people = crowd("W", 20, ethnic_category=WHITE) | crowd("B", 10, ethnic_category=BME)
    sip = staff(people, (MARCH_2024,)) + staff({"L1": {"ethnic_category": BME}}, (MARCH_2023,))

    def record(person, when, org="A", kind="cpd"):
        return {"person_id": person, "org_code": org, "activity_date": when, "kind": kind}

    cpd = [record(f"W{i}", date(2023, 11, 1)) for i in range(10)]  # 10 of 20 White
    cpd += [record("W0", date(2024, 1, 1), kind="non_mandatory_training")]  # counted once
    cpd += [record(f"B{i}", date(2023, 5, 1)) for i in range(2)]  # 2 of 10 BME
    cpd += [record("B5", date(2023, 3, 1))]  # 12 months before March 2024: outside
    cpd += [record("B6", date(2023, 12, 1), org="B")]  # another organisation's record
    cpd += [record("L1", date(2023, 5, 1))]  # left before March 2024
    row = march_2024(with_extracts(sip, cpd=cpd), "wres_4_cpd").iloc[0]
    assert row["numerator"] == pytest.approx(10 / 20)
    assert row["denominator"] == pytest.approx(2 / 10)
    assert row["value"] == pytest.approx(2.5)


# WRES 9: board -----------------------------------------------------------------------------


def _member(i, ethnic, voting=True, executive=False, org="A"):
    return {
        "org_code": org,
        "person_id": f"M{org}{i}",
        "snapshot_date": date(2024, 3, 31),
        "voting": voting,
        "executive": executive,
        "ethnic_category": ethnic,
        "disability": "no",
    }


def test_wres_9_board_against_the_workforce():
    board = [_member(i, WHITE) for i in range(7)] + [_member(7, BME), _member(8, "H")]
    board += [_member(9, UNKNOWN), _member(10, BME, voting=False, executive=True)]
    people = crowd("W", 30, ethnic_category=WHITE) | crowd("B", 10, ethnic_category=BME)
    people |= crowd("U", 5, ethnic_category=UNKNOWN)
    t = with_extracts(staff(people), board_members=board)
    row = march_2024(t, "wres_9_board").iloc[0]
    assert row["numerator"] == pytest.approx(2 / 9 * 100)  # voting, stated ethnicity
    assert row["denominator"] == pytest.approx(25.0)
    assert row["value"] == pytest.approx(2 / 9 * 100 - 25)
    assert row["smallest_group"] == 2
    assert march_2024(t, "wres_9_board", shared=True)["value"].isna().all()


def test_wres_9_system_pools_boards_against_their_organisations():
    board = [_member(i, BME if i < 5 else WHITE) for i in range(10)]
    board += [_member(i, BME if i < 5 else WHITE, org="B") for i in range(10)]
    sip = staff(crowd("W", 30, ethnic_category=WHITE) | crowd("B", 10, ethnic_category=BME))
    sip += [r | {"org_code": "B"} for r in sip]
    sip += [r | {"org_code": "C", "person_id": "C" + r["person_id"]} for r in sip[:40]]
    row = march_2024(with_extracts(sip, board_members=board), "wres_9_board", ["system"])
    assert row["numerator"].iloc[0] == 50
    assert row["denominator"].iloc[0] == 25  # organisation C has no board loaded


# WRES 5-8: staff survey ---------------------------------------------------------------------


def _survey(code, group=None, n=100, year=2023, org="A", **values):
    dimension, value = group or (None, None)
    return {
        "org_code": org,
        "survey_year": year,
        "survey_type": "annual",
        "item_type": "question",
        "item_code": code,
        "group_dimension": dimension,
        "group_value": value,
        "responses": n,
    } | values


def _shares(*shares):
    return {"options": len(shares), **{f"option_{k}": s for k, s in enumerate(shares, 1)}}


def test_wres_survey_indicators_from_answer_shares_and_percentages():
    rows = [
        # q14a: five answers, never (the most favourable) last: 70 % never, 30 % at least once.
        _survey("q14a", None, 100, **_shares(5, 5, 10, 10, 70)),
        _survey("Q14a", ("Ethnicity", "BAME"), 40, **_shares(10, 10, 10, 10, 60)),
        _survey("q14a", ("ethnic_group", "White"), 60, score=25.0, measure="percent"),
        _survey("q15", ("ethnic_group", "BME"), 40, **_shares(55, 45)),  # yes last
        _survey("q16b", ("ethnic_group", "BME"), 40, **_shares(16.5, 83.5)),  # yes first
        _survey("q14a", ("ethnic_group", "Asian"), 40, **_shares(50, 50)),  # not a WRES group
    ]
    t = with_extracts(staff(crowd("S", 3)), staff_survey=rows)
    october = month(2023, 10)

    def result(metric, by):
        frame = compute_metric(t, metric, by)
        return frame[frame["month_index"] == october]

    overall = result("wres_5_harassment_public", [])
    assert overall["value"].tolist() == pytest.approx([30.0])
    by_group = result("wres_5_harassment_public", ["ethnic_group"]).set_index("ethnic_group")
    assert by_group.loc["bme", "value"] == pytest.approx(40.0)
    assert by_group.loc["white", "value"] == pytest.approx(25.0)
    assert by_group["denominator"].to_dict() == {"bme": 40, "white": 60}
    wres_7 = result("wres_7_equal_opportunities", ["ethnic_group"]).set_index("ethnic_group")
    assert wres_7.loc["bme", "value"] == pytest.approx(45.0)
    assert wres_7["value"].isna().loc["white"]  # a round without the result keeps its row
    wres_8 = result("wres_8_discrimination", ["ethnic_group"]).set_index("ethnic_group")
    assert wres_8.loc["bme", "value"] == pytest.approx(16.5)


def test_wres_survey_pools_organisations_and_prefers_the_indicator_code():
    rows = [
        _survey("q14a", ("ethnic_group", "BME"), 100, org="A", **_shares(80, 20)),
        _survey("q14a", ("ethnic_group", "BME"), 300, org="B", **_shares(60, 40)),
        # Published under the indicator's own code: used instead of the question for A.
        _survey(
            "wres_5_harassment_public",
            ("ethnic_group", "BME"),
            100,
            org="A",
            score=50.0,
            measure="percent",
        ),
        # Another ICS's trust, published nationally: not a partner, not pooled.
        _survey(
            "q14a",
            ("ethnic_group", "BME"),
            900,
            org="ZZZ",
            published=True,
            score=1.0,
            measure="percent",
        ),
    ]
    t = with_extracts(staff(crowd("S", 3)), staff_survey=rows)
    frame = compute_metric(t, "wres_5_harassment_public", ["system", "ethnic_group"])
    bme = frame[frame["ethnic_group"] == "bme"].iloc[0]
    assert bme["denominator"] == 400
    assert bme["value"] == pytest.approx((50 * 100 + 60 * 300) / 400)


def test_wres_6_needs_the_combined_result():
    rows = [
        _survey("q14b", ("ethnic_group", "BME"), 40, **_shares(10, 90)),
        _survey("q14c", ("ethnic_group", "BME"), 40, **_shares(20, 80)),
    ]
    t = with_extracts(staff(crowd("S", 3)), staff_survey=rows)
    assert compute_metric(t, "wres_6_harassment_staff", ["ethnic_group"])["value"].isna().all()
    rows.append(_survey("Q14b/c", ("ethnic_group", "BME"), 40, score=24.0, measure="percent"))
    t = with_extracts(staff(crowd("S", 3)), staff_survey=rows)
    frame = compute_metric(t, "wres_6_harassment_staff", ["ethnic_group"]).set_index("ethnic_group")
    assert frame.loc["bme", "value"] == 24.0


def test_survey_results_from_few_responses_are_hidden_when_shared():
    rows = [
        _survey("q16b", ("ethnic_group", "BME"), 10, **_shares(20, 80)),
        _survey("q16b", ("ethnic_group", "White"), 11, **_shares(10, 90)),
    ]
    t = with_extracts(staff(crowd("S", 3)), staff_survey=rows)
    frame = compute_metric(t, "wres_8_discrimination", ["ethnic_group"], shared=True)
    frame = frame.set_index("ethnic_group")
    assert frame["value"].isna().loc["bme"] and frame.loc["white", "value"] == pytest.approx(10)


# WRES 1: representation by band, clinical and non-clinical ---------------------------------


def test_wres_1_bme_share_by_clinical_and_band():
    people = {
        "N1": {"staff_group": "infrastructure", "band": "band_3", "ethnic_category": BME},
        "N2": {"staff_group": "infrastructure", "band": "band_3", "ethnic_category": WHITE},
        "N3": {"staff_group": "infrastructure", "band": "band_3", "ethnic_category": UNKNOWN},
        "C1": {"staff_group": "nursing", "band": "band_3", "ethnic_category": WHITE},
        "D1": {"staff_group": "medical", "band": "consultant", "ethnic_category": BME},
        "V1": {"staff_group": "infrastructure", "band": "vsm", "ethnic_category": WHITE},
        "K1": {"contract_type": "bank", "fte": 0.0, "ethnic_category": BME},
    }
    t = with_extracts(staff(people, (MARCH_2024,)))
    frame = compute_metric(t, "bme_share", ["clinical", "band"])
    shares = {(r.clinical, r.band): r.value for r in frame.itertuples()}
    assert shares == {
        ("non_clinical", "band_3"): 50.0,  # not stated is left out
        ("non_clinical", "vsm"): 0.0,
        ("clinical", "band_3"): 0.0,
        ("medical_dental", "consultant"): 100.0,
    }
    overall = compute_metric(t, "bme_share")["value"].iloc[0]
    assert overall == pytest.approx(2 / 5 * 100)  # bank staff left out


def test_the_new_dimensions_cover_every_staff_group_and_band():
    from oneworkforce.metrics.dimensions import MEDICAL_GROUPS, NON_CLINICAL_GROUPS, WDES_CLUSTERS
    from oneworkforce.standard import codes as C

    assert set(NON_CLINICAL_GROUPS) | set(MEDICAL_GROUPS) <= set(C.STAFF_GROUP.codes)
    clustered = [b for _, bands in WDES_CLUSTERS for b in bands]
    assert len(clustered) == len(set(clustered)) and set(clustered) <= set(C.BAND.codes)
    assert set(C.BAND.codes) - set(clustered) == {"other_medical", "non_afc"}
    assert MARCH_2023 < MARCH_2024
