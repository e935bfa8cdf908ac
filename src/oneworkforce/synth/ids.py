"""Identifiers: system-wide person numbers, per-organisation assignment numbers, NHS numbers.

NHS numbers come from the 999 range that NHS England reserves for testing, so they pass the
modulus 11 check but can never belong to a patient or member of staff.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from oneworkforce.synth import demography as M


@dataclass(frozen=True)
class Identifiers:
    person: pa.Array  # string per person
    nhs_number: pa.Array  # string per person
    assignment: pa.Array  # string per post
    role: np.ndarray  # index into ROLES per post
    department: np.ndarray  # index into DEPARTMENTS per post


MEDICAL_ROLES = {
    "consultant": "Consultant",
    "specialist": "Specialist",
    "associate_specialist": "Associate Specialist",
    "specialty_doctor": "Specialty Doctor",
    "specialty_registrar": "Specialty Registrar",
    "core_training": "Core Trainee",
    "foundation_2": "Foundation Year 2 Doctor",
    "foundation_1": "Foundation Year 1 Doctor",
}
ROLES: tuple[str, ...] = tuple(
    sorted({r for g in M.GROUPS for r in M.K.GROUPS[g].roles} | set(MEDICAL_ROLES.values()))
)
_CARE = (
    "Care home – Ashcombe Lodge",
    "Domiciliary care – Riverford",
    "Reablement – Café Hub",
    "Supported living – Weald",
)
_TRUST = {
    "medical": ("Medicine", "Surgery", "Emergency Department", "Women and Children"),
    "nursing": ("Medicine", "Surgery", "Emergency Department", "Community Services"),
    "midwifery": ("Women and Children",),
    "ambulance": ("Emergency Operations", "Emergency Operations Centre", "Patient Transport"),
    "ahp": ("Therapies", "Diagnostics and Imaging", "Community Services"),
    "healthcare_science": ("Pathology", "Diagnostics and Imaging"),
    "other_stt": ("Pharmacy", "Psychological Therapies"),
    "support_clinical": ("Medicine", "Surgery", "Outpatients", "Community Services"),
    "infrastructure": (
        "Estates and Facilities",
        "Finance",
        "People and OD",
        "Digital",
        "Medical Records",
    ),
}
DEPARTMENTS: tuple[str, ...] = tuple(
    sorted({d for v in _TRUST.values() for d in v} | set(_CARE) | {"Corporate Services"})
)


def nhs_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct valid NHS numbers in the 999 test range (as int64)."""
    body = 999_000_000 + np.arange(1_000_000, dtype=np.int64)
    digits = body[:, None] // 10 ** np.arange(8, -1, -1) % 10
    check = (11 - (digits * np.arange(10, 1, -1)).sum(axis=1) % 11) % 11
    valid = check != 10
    numbers = body[valid] * 10 + check[valid]
    return rng.choice(numbers, size=n, replace=n > len(numbers))


def _unique_numbers(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    out = np.unique(rng.integers(low, high, int(n * 1.1) + 16))
    while len(out) < n:
        out = np.unique(np.concatenate([out, rng.integers(low, high, n)]))
    return rng.permutation(out)[:n]


def make_identifiers(
    rng: np.random.Generator, people: dict, posts: dict, n_orgs: int, care_orgs: np.ndarray
) -> Identifiers:
    """Person numbers are system-wide; a person's assignments in one organisation share an
    employee number with a suffix, as ESR numbers them (12345678, 12345678-2)."""
    n_people, n_posts = len(people["dob"]), len(posts["org"])
    person = _unique_numbers(rng, n_people, 10_000_000, 99_999_999)
    nhs = nhs_numbers(rng, n_people)
    pair = posts["person"] * n_orgs + posts["org"]
    keys, inverse = np.unique(pair, return_inverse=True)
    local = _unique_numbers(rng, len(keys), 20_000_000, 89_999_999)[inverse]
    order = np.lexsort((posts["start"], pair))
    rank = np.empty(n_posts, dtype=np.int64)
    sorted_pair = pair[order]
    first = np.r_[0, np.flatnonzero(np.diff(sorted_pair)) + 1]
    run = np.repeat(first, np.diff(np.r_[first, n_posts]))
    rank[order] = np.arange(n_posts) - run
    assignment = [f"{a}" if k == 0 else f"{a}-{k + 1}" for a, k in zip(local, rank, strict=True)]

    roles = np.zeros(n_posts, dtype=np.int16)
    depts = np.zeros(n_posts, dtype=np.int16)
    for g, code in enumerate(M.GROUPS):
        rows = np.flatnonzero(posts["group"] == g)
        if code == "medical":
            by_band = [ROLES.index(MEDICAL_ROLES.get(b, "Specialty Doctor")) for b in M.BANDS]
            roles[rows] = np.array(by_band)[posts["band"][rows]]
        else:
            idx = np.array([ROLES.index(r) for r in M.K.GROUPS[code].roles])
            roles[rows] = idx[rng.integers(0, len(idx), len(rows))]
        names = _TRUST.get(code, ("Corporate Services",))
        care = care_orgs[posts["org"][rows]]
        trust_d = np.array([DEPARTMENTS.index(d) for d in names])
        care_d = np.array([DEPARTMENTS.index(d) for d in _CARE])
        depts[rows] = np.where(
            care,
            care_d[rng.integers(0, len(care_d), len(rows))],
            trust_d[rng.integers(0, len(trust_d), len(rows))],
        )
    return Identifiers(
        pa.array([str(x) for x in person]),
        pa.array([str(x) for x in nhs]),
        pa.array(assignment),
        roles,
        depts,
    )
