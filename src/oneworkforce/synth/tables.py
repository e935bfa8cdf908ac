"""Turning simulation arrays into typed pyarrow columns with canonical codes.

Code columns are dictionary arrays over the standard's canonical codes, so a partner's file
style can swap the dictionary for its own wording without touching millions of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from oneworkforce.standard import codes as C
from oneworkforce.synth import dates as D
from oneworkforce.synth import demography as M
from oneworkforce.synth.ids import DEPARTMENTS, ROLES, Identifiers
from oneworkforce.synth.organisations import ORGANISATIONS
from oneworkforce.synth.people import Simulation

AGE_BANDS = tuple(C.STAFF_AGE_BAND.codes)
ORG_CODES = tuple(o.code for o in ORGANISATIONS)


@dataclass(frozen=True)
class World:
    """The simulation with its identifiers: everything extracts are built from."""

    sim: Simulation
    ids: Identifiers


def coded(idx: np.ndarray, vocab: tuple[str, ...]) -> pa.DictionaryArray:
    """A dictionary array; negative indices are nulls."""
    idx = np.asarray(idx)
    indices = pa.array(np.where(idx < 0, 0, idx).astype(np.int32), mask=idx < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(vocab, pa.string()))


def const(value: str, n: int) -> pa.DictionaryArray:
    return coded(np.zeros(n, dtype=np.int32), (value,))


def flag(values: np.ndarray) -> pa.DictionaryArray:
    """-1/0/1 as a yes/no column (null, false, true)."""
    v = np.asarray(values)
    return coded(np.where(v < 0, -1, 1 - v), ("true", "false"))


def take(strings: pa.Array, idx: np.ndarray) -> pa.Array:
    return strings.take(pa.array(np.asarray(idx, dtype=np.int64)))


def age_band(age: np.ndarray) -> np.ndarray:
    """Index into the staff age bands (under 25, 25-29 ... 65-69, 70 and over)."""
    return np.clip((age - 20) // 5, 0, len(AGE_BANDS) - 1)


def person_columns(world: World, person: np.ndarray, on: np.ndarray) -> dict[str, pa.Array]:
    """Equality and origin columns of people, ages measured on ``on``."""
    p = world.sim.people
    dob = p["dob"][person]
    return {
        "person_id": take(world.ids.person, person),
        "date_of_birth": D.to_date32(dob),
        "age_band": coded(age_band(D.age_years(dob, on)), AGE_BANDS),
        "gender": coded(p["gender"][person], M.VOCAB["gender"]),
        "ethnic_category": coded(p["ethnic"][person], M.VOCAB["ethnic"]),
        "disability": coded(p["disability"][person], M.VOCAB["disability"]),
        "nationality_group": coded(p["nationality"][person], M.VOCAB["origin"]),
        "qualification_country_group": coded(p["qualification"][person], M.VOCAB["origin"]),
        "trained_locally": flag(p["trained"][person]),
        "qualified_date": D.to_date32(p["qualified"][person]),
        "sexual_orientation": coded(p["orientation"][person], M.VOCAB["orientation"]),
        "religion": coded(p["religion"][person], M.VOCAB["religion"]),
        "nhs_number": take(world.ids.nhs_number, person),
    }


def post_columns(world: World, post: np.ndarray) -> dict[str, pa.Array]:
    """Columns that describe a post (assignment)."""
    s = world.sim.posts
    return {
        "assignment_id": take(world.ids.assignment, post),
        "org_code": coded(s["org"][post], ORG_CODES),
        "staff_group": coded(s["group"][post], M.GROUPS),
        "job_role": coded(world.ids.role[post], ROLES),
        "band": coded(s["band"][post], M.BANDS),
        "fte": pa.array(s["fte"][post]),
        "contract_type": coded(s["contract"][post], M.VOCAB["contract"]),
        "start_date": D.to_date32(s["start"][post]),
        "department": coded(world.ids.department[post], DEPARTMENTS),
        "apprenticeship": flag(apprenticeship(s, post)),
    }


# Apprenticeships: some support-to-clinical posts at bands 2-4 (healthcare assistants training
# as nursing associates and the like); chosen by a hash of the post, so no random draws move.
APPRENTICE_BANDS = ("band_2", "band_3", "band_4")
APPRENTICE_PERCENT = 12


def apprenticeship(posts: dict[str, np.ndarray], post: np.ndarray) -> np.ndarray:
    """1 (yes) or 0 (no) for each post, as ``flag`` expects."""
    group = np.asarray(M.GROUPS)[posts["group"][post]]
    band = np.asarray(M.BANDS)[posts["band"][post]]
    eligible = (group == "support_clinical") & np.isin(band, APPRENTICE_BANDS)
    chosen = (post.astype(np.uint64) * np.uint64(2654435761)) % np.uint64(100) < APPRENTICE_PERCENT
    return np.where(eligible & chosen, 1, 0)


def in_post(posts: dict[str, np.ndarray], on: int, bank: bool = True) -> np.ndarray:
    """Posts held on a day (start on or before it, not yet ended)."""
    held = (posts["start"] <= on) & (posts["end"] >= on) & ~posts["cancelled"]
    if not bank:
        held &= posts["contract"] != M.BANK
    return held
