"""Representation and apprenticeship metrics for equality and growth plans.

BME representation follows the Workforce Race Equality Standard's grouping: White (A-C) and
BME (every other stated category); people whose ethnicity is not stated or not known are
left out of both parts, as WRES indicator 1 reports known categories (NHS England, WRES
technical guidance). Apprenticeship starts count people newly on an apprenticeship.
"""

from __future__ import annotations

import ibis

from oneworkforce.metrics.dimensions import WORKFORCE_DIMENSIONS, workforce_frame
from oneworkforce.metrics.model import Metric, Tables
from oneworkforce.metrics.results import ratio_result, total_result
from oneworkforce.metrics.workforce import SUBSTANTIVE

WRES = "NHS England, Workforce Race Equality Standard: technical guidance (indicator 1)"
APPRENTICESHIPS = "ICS people plans: apprenticeship starts (definition stated in the catalogue)"
BAND_6_PLUS = ("band_6", "band_7", "band_8a", "band_8b", "band_8c", "band_8d", "band_9", "vsm")
BAND_8A_PLUS = ("band_8a", "band_8b", "band_8c", "band_8d", "band_9", "vsm")
WINDOW = 12


def _bme_share(bands: tuple[str, ...] | None):
    def compute(tables: Tables, by: list[str]) -> ibis.Table:
        frame = workforce_frame(tables)
        frame = frame.filter(
            frame.contract_type.isin(SUBSTANTIVE) & (frame.ethnic_group != "not_stated")
        )
        if bands is not None:
            frame = frame.filter(frame.band.isin(bands))
        out = frame.group_by([*by, "month_index"]).aggregate(
            bme=frame.person_id.nunique(where=frame.ethnic_group == "bme").cast("float64"),
            known=frame.person_id.nunique().cast("float64"),
        )
        return ratio_result(out, by, out.bme, out.known)

    return compute


def apprenticeship_starts(tables: Tables, by: list[str]) -> ibis.Table:
    """People on an apprenticeship now who were on none 12 months earlier (any partner)."""
    frame = workforce_frame(tables)
    apprentices = frame.filter(frame.apprenticeship == True)  # noqa: E712
    earlier = apprentices.select("person_id", month_index=apprentices.month_index + WINDOW)
    months = frame.select(month_index=frame.month_index + WINDOW).distinct()
    now = apprentices.join(months, "month_index", how="semi")
    new = now.join(earlier.distinct(), ["person_id", "month_index"], how="anti")
    keys = [*by, "month_index"]
    # Every slice with apprentices now appears, with 0 where none started.
    slices = now.select(*keys).distinct()
    started = new.group_by(keys).aggregate(starts=new.person_id.nunique().cast("float64"))
    out = slices.join(started, keys, how="left")
    out = out.select(*keys, starts=out.starts.fill_null(0.0))
    return total_result(out, by, out.starts)


def _share_metric(metric_id: str, name: str, where: str, bands) -> Metric:
    where = f" {where}" if where else ""
    return Metric(
        metric_id,
        name,
        f"Share of permanent and fixed-term staff{where} whose ethnicity is stated who are "
        "Black and minority ethnic (BME).",
        f"BME headcount{where} / headcount{where} with a stated ethnicity x 100",
        WRES,
        "percent",
        "neutral",
        f"BME headcount{where}",
        f"headcount{where} with a stated ethnicity",
        WORKFORCE_DIMENSIONS,
        _bme_share(bands),
        "Not stated and not known (Z, 99, empty) are left out of both parts. Compare with "
        "the whole workforce (`bme_share`) and the local population.",
    )


METRICS = (
    _share_metric("bme_share", "BME representation", "", None),
    _share_metric(
        "bme_share_band_6_plus",
        "BME representation at band 6 and above",
        "at band 6 and above (including VSM)",
        BAND_6_PLUS,
    ),
    _share_metric(
        "bme_share_band_8a_plus",
        "BME representation at band 8a and above",
        "at band 8a and above (including VSM)",
        BAND_8A_PLUS,
    ),
    Metric(
        "apprenticeship_starts",
        "Apprenticeship starts (12 months)",
        "People on an apprenticeship assignment who were on none with any partner 12 months "
        "earlier: apprenticeships started in the past year.",
        "count of people with an apprenticeship now and none 12 months earlier",
        APPRENTICESHIPS,
        "count",
        "up",
        "apprenticeship starts in the 12 months",
        None,
        WORKFORCE_DIMENSIONS,
        apprenticeship_starts,
        "Needs the apprenticeship flag on staff in post and the snapshot 12 months earlier; "
        "an apprenticeship started and finished within the year is not seen.",
    ),
)
