"""Resident population by place, year, five-year age band, sex and ethnic group.

The age structure is England's at the 2021 Census, made younger in the city place and older
in the rural ones; ethnic groups follow a diverse city and less diverse county places, with
younger age bands more diverse. Totals grow about 0.5 % a year, older bands faster.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oneworkforce.standard import codes as C
from oneworkforce.synth.organisations import PLACES

AGE_BANDS = tuple(C.POPULATION_AGE_BAND.codes)
ETHNIC_GROUPS = ("asian", "black", "mixed", "white", "other")
# Percentage of the population in each five-year band, England, Census 2021 (rounded).
ENGLAND_AGE = np.array(
    [5.4, 5.9, 6.0, 5.6, 6.0, 6.6, 6.9, 6.6, 6.3, 6.4, 6.9, 6.7, 5.8, 5.0, 5.1, 3.6, 2.5, 2.5]
)
PLACE_SIZE = {
    "Riverford": 420_000,
    "Ashcombe": 265_000,
    "Wealdshire North": 300_000,
    "Wealdshire South": 240_000,
}
PLACE_AGE_TILT = {
    "Riverford": -0.25,
    "Ashcombe": 0.0,
    "Wealdshire North": 0.15,
    "Wealdshire South": 0.3,
}
PLACE_ETHNIC = {  # asian, black, mixed, white, other (%)
    "Riverford": (15.0, 6.0, 4.0, 72.0, 3.0),
    "Ashcombe": (6.0, 2.0, 3.0, 88.0, 1.0),
    "Wealdshire North": (3.0, 1.0, 2.3, 93.0, 0.7),
    "Wealdshire South": (2.0, 0.7, 1.8, 95.0, 0.5),
}


def population(first_year: int, last_year: int, rng: np.random.Generator) -> pa.Table:
    """Estimates for the window's years and projections five years beyond."""
    bands = np.arange(len(AGE_BANDS))
    centre = bands * 5 + 2.5
    female = np.clip(0.49 + np.maximum(centre - 60, 0) * 0.004, 0.49, 0.64)
    minority_tilt = np.where(centre < 30, 1.4, np.where(centre >= 65, 0.45, 1.0))
    cols: dict[str, list] = {
        k: [] for k in ("place", "year", "age_band", "sex", "ethnic_group", "population")
    }
    for place in PLACES:
        tilt = 1 + PLACE_AGE_TILT[place] * (centre - 42) / 42
        shape = ENGLAND_AGE * np.clip(tilt, 0.3, 2.0)
        shape = shape / shape.sum() * PLACE_SIZE[place]
        ethnic = np.array(PLACE_ETHNIC[place]) / 100
        mix = np.outer(minority_tilt, ethnic)
        mix[:, 3] = 0
        mix[:, 3] = np.clip(1 - mix.sum(axis=1), 0.3, 1)
        mix /= mix.sum(axis=1, keepdims=True)
        for year in range(first_year, last_year + 6):
            t = year - 2021
            growth = 1.003 + np.where(centre >= 65, 0.02, 0.0) - np.where(centre < 20, 0.002, 0)
            counts = shape * growth**t
            for sex, share in (("female", female), ("male", 1 - female)):
                cells = counts[:, None] * share[:, None] * mix
                cells = np.round(cells * rng.lognormal(0, 0.01, cells.shape)).astype(np.int64)
                for b in bands:
                    for e, group in enumerate(ETHNIC_GROUPS):
                        cols["place"].append(place)
                        cols["year"].append(year)
                        cols["age_band"].append(AGE_BANDS[b])
                        cols["sex"].append(sex)
                        cols["ethnic_group"].append(group)
                        cols["population"].append(int(cells[b, e]))
    return pa.table(cols)
