"""Workforce parameters of the synthetic ICS, one profile per staff group.

The figures are rounded from published national statistics (see docs/synthetic-data.md for
sources and the ranges the tests check). They are parameters of a simulation, not estimates:
the realised rates come out of the person-level simulation and are checked by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Beta = tuple[float, float, float, float]  # lowest age, highest age, beta a, beta b


@dataclass(frozen=True)
class GroupProfile:
    """How one staff group behaves; rates are annual."""

    leave: float  # leaving rate other than retirement, at the group's own age mix
    female: float
    bme_uk: float  # BME share of staff of UK origin
    origin: tuple[float, float, float]  # UK, EU/EEA, rest of world (stock)
    row_joiners: tuple[float, float]  # rest-of-world share of joiners, first and last month
    full_time: float
    part_time_fte: float  # mean FTE of part-time staff
    age_stock: Beta
    age_joiner: Beta
    sickness: float = 1.0  # relative to the all-staff rate
    vacancy: float = 0.08
    registered: bool = False  # has a professional registration (qualified date, country)
    bank: float = 0.0  # share of substantive staff who also hold a bank assignment
    fixed_term: float = 0.04
    bands: dict[str, float] = field(default_factory=lambda: {"non_afc": 1.0})
    roles: tuple[str, ...] = ()


# fmt: off
# leave, female, BME share (UK origin), full time, part-time FTE, sickness, vacancy, bank,
# fixed term, registered profession
_RATES = {
    "medical":                 (0.105, 0.49, 0.25, 0.86, 0.62, 0.42, 0.062, 0.04, 0.00, True),
    "nursing":                 (0.090, 0.89, 0.10, 0.60, 0.60, 1.12, 0.112, 0.16, 0.04, True),
    "midwifery":               (0.080, 0.99, 0.08, 0.45, 0.62, 1.10, 0.095, 0.12, 0.04, True),
    "ambulance":               (0.075, 0.47, 0.04, 0.86, 0.62, 1.45, 0.070, 0.02, 0.04, True),
    "ahp":                     (0.095, 0.83, 0.12, 0.66, 0.60, 0.82, 0.090, 0.06, 0.04, True),
    "healthcare_science":      (0.080, 0.60, 0.15, 0.80, 0.62, 0.85, 0.090, 0.00, 0.04, True),
    "other_stt":               (0.095, 0.78, 0.15, 0.70, 0.60, 0.85, 0.095, 0.00, 0.04, True),
    "support_clinical":        (0.115, 0.80, 0.14, 0.58, 0.58, 1.28, 0.090, 0.14, 0.04, False),
    "infrastructure":          (0.090, 0.71, 0.12, 0.72, 0.56, 0.92, 0.075, 0.02, 0.04, False),
    "gp":                      (0.075, 0.57, 0.30, 0.30, 0.66, 1.00, 0.080, 0.00, 0.04, True),
    "primary_care_nurse":      (0.085, 0.97, 0.06, 0.35, 0.60, 1.00, 0.090, 0.00, 0.04, True),
    "primary_care_dpc":        (0.120, 0.75, 0.20, 0.50, 0.62, 1.00, 0.100, 0.00, 0.04, True),
    "primary_care_admin":      (0.110, 0.90, 0.10, 0.30, 0.60, 1.00, 0.060, 0.00, 0.04, False),
    "social_care_direct":      (0.250, 0.80, 0.10, 0.50, 0.60, 0.95, 0.100, 0.00, 0.05, False),
    "social_care_professional": (0.150, 0.80, 0.15, 0.75, 0.62, 1.00, 0.090, 0.00, 0.04, True),
    "social_care_manager":     (0.130, 0.76, 0.08, 0.85, 0.62, 1.00, 0.080, 0.00, 0.04, False),
    "social_care_other":       (0.160, 0.70, 0.10, 0.55, 0.56, 1.00, 0.080, 0.00, 0.04, False),
    "other":                   (0.170, 0.68, 0.12, 0.50, 0.56, 1.00, 0.070, 0.00, 0.15, False),
}
# origin of staff (UK, EU/EEA, rest of world); rest-of-world share of joiners, first and
# last month of the window
_ORIGIN = {
    "medical":                 ((0.62, 0.08, 0.30), (0.35, 0.45)),
    "nursing":                 ((0.70, 0.05, 0.25), (0.25, 0.42)),
    "midwifery":               ((0.90, 0.03, 0.07), (0.08, 0.12)),
    "ambulance":               ((0.97, 0.02, 0.01), (0.01, 0.03)),
    "ahp":                     ((0.85, 0.06, 0.09), (0.12, 0.18)),
    "healthcare_science":      ((0.85, 0.06, 0.09), (0.10, 0.14)),
    "other_stt":               ((0.86, 0.05, 0.09), (0.08, 0.12)),
    "support_clinical":        ((0.80, 0.07, 0.13), (0.12, 0.22)),
    "infrastructure":          ((0.90, 0.05, 0.05), (0.05, 0.08)),
    "gp":                      ((0.70, 0.05, 0.25), (0.25, 0.30)),
    "primary_care_nurse":      ((0.90, 0.04, 0.06), (0.06, 0.10)),
    "primary_care_dpc":        ((0.84, 0.05, 0.11), (0.10, 0.16)),
    "primary_care_admin":      ((0.93, 0.04, 0.03), (0.03, 0.05)),
    "social_care_direct":      ((0.76, 0.07, 0.17), (0.15, 0.42)),
    "social_care_professional": ((0.88, 0.04, 0.08), (0.10, 0.20)),
    "social_care_manager":     ((0.92, 0.04, 0.04), (0.05, 0.08)),
    "social_care_other":       ((0.88, 0.06, 0.06), (0.06, 0.12)),
    "other":                   ((0.90, 0.05, 0.05), (0.05, 0.08)),
}
# ages (lowest, highest, beta a, beta b) of staff in post and of joiners
_AGES = {
    "medical":                 ((24, 70, 1.6, 2.2), (23, 60, 1.2, 3.5)),
    "nursing":                 ((21, 68, 1.7, 1.8), (21, 65, 1.3, 2.3)),
    "midwifery":               ((21, 66, 1.6, 1.9), (21, 62, 1.2, 2.4)),
    "ambulance":               ((19, 66, 1.5, 1.9), (19, 60, 1.2, 2.5)),
    "ahp":                     ((21, 66, 1.5, 2), (21, 62, 1.2, 2.5)),
    "healthcare_science":      ((19, 68, 1.5, 1.8), (19, 64, 1.2, 2.4)),
    "other_stt":               ((20, 68, 1.5, 1.8), (20, 64, 1.2, 2.4)),
    "support_clinical":        ((18, 70, 1.4, 1.6), (18, 68, 1.2, 2)),
    "infrastructure":          ((17, 70, 1.6, 1.5), (17, 68, 1.3, 1.9)),
    "gp":                      ((28, 70, 1.6, 1.9), (28, 64, 1.3, 2.2)),
    "primary_care_nurse":      ((24, 70, 1.9, 1.6), (22, 65, 1.6, 1.9)),
    "primary_care_dpc":        ((19, 68, 1.4, 1.8), (19, 64, 1.2, 2.2)),
    "primary_care_admin":      ((17, 70, 1.6, 1.5), (17, 68, 1.3, 1.9)),
    "social_care_direct":      ((18, 72, 1.4, 1.5), (18, 70, 1.2, 1.8)),
    "social_care_professional": ((22, 68, 1.6, 1.8), (22, 64, 1.3, 2.2)),
    "social_care_manager":     ((25, 70, 1.9, 1.6), (25, 65, 1.6, 1.9)),
    "social_care_other":       ((18, 70, 1.5, 1.6), (17, 70, 1.3, 1.8)),
    "other":                   ((18, 70, 1.5, 1.6), (17, 70, 1.3, 1.8)),
}
_BANDS = {
    "medical": {"consultant": 38, "specialist": 2, "associate_specialist": 1,
                "specialty_doctor": 11, "specialty_registrar": 26, "core_training": 10,
                "foundation_2": 6, "foundation_1": 6},
    "nursing": {"band_5": 44, "band_6": 33, "band_7": 17, "band_8a": 5, "band_8b": 1},
    "midwifery": {"band_5": 22, "band_6": 52, "band_7": 21, "band_8a": 5},
    "ambulance": {"band_3": 12, "band_4": 14, "band_5": 12, "band_6": 44, "band_7": 14,
                  "band_8a": 4},
    "ahp": {"band_5": 22, "band_6": 38, "band_7": 30, "band_8a": 8, "band_8b": 2},
    "healthcare_science": {"band_3": 8, "band_4": 10, "band_5": 15, "band_6": 25, "band_7": 27,
                           "band_8a": 10, "band_8b": 5},
    "other_stt": {"band_3": 10, "band_4": 15, "band_5": 15, "band_6": 20, "band_7": 22,
                  "band_8a": 12, "band_8b": 6},
    "support_clinical": {"band_2": 30, "band_3": 48, "band_4": 17, "band_5": 5},
    "infrastructure": {"band_2": 18, "band_3": 22, "band_4": 20, "band_5": 12, "band_6": 9,
                       "band_7": 8, "band_8a": 5, "band_8b": 3, "band_8c": 1.5, "band_8d": 0.8,
                       "band_9": 0.3, "vsm": 0.4},
    "gp": {"other_medical": 1.0},
}
_ROLES = {  # doctors' job roles follow their grade
    "medical": (),
    "nursing": ("Staff Nurse", "Sister/Charge Nurse", "Specialist Nurse Practitioner",
                "Community Nurse", "Modern Matron"),
    "midwifery": ("Midwife", "Community Midwife", "Specialist Midwife"),
    "ambulance": ("Emergency Care Assistant", "Ambulance Technician", "Paramedic",
                  "Specialist Paramedic", "Emergency Call Handler"),
    "ahp": ("Physiotherapist", "Occupational Therapist", "Radiographer",
            "Speech and Language Therapist", "Dietitian", "Paramedic Practitioner"),
    "healthcare_science": ("Biomedical Scientist", "Clinical Scientist",
                           "Healthcare Science Practitioner"),
    "other_stt": ("Pharmacist", "Clinical Psychologist", "Pharmacy Technician", "Counsellor"),
    "support_clinical": ("Healthcare Assistant", "Clinical Support Worker", "Nursing Associate",
                         "Phlebotomist", "Support Worker"),
    "infrastructure": ("Administrator", "Medical Secretary", "Receptionist", "Porter",
                       "Domestic", "Estates Officer", "Analyst", "Manager"),
    "gp": ("GP Partner", "Salaried GP", "GP Retainer"),
    "primary_care_nurse": ("Practice Nurse", "Advanced Nurse Practitioner"),
    "primary_care_dpc": ("Clinical Pharmacist", "Healthcare Assistant",
                         "Social Prescribing Link Worker", "First Contact Physiotherapist"),
    "primary_care_admin": ("Receptionist", "Practice Manager", "Administrator"),
    "social_care_direct": ("Care Worker", "Senior Care Worker", "Support Worker",
                           "Reablement Worker"),
    "social_care_professional": ("Social Worker", "Occupational Therapist", "Registered Nurse"),
    "social_care_manager": ("Registered Manager", "Team Leader", "Deputy Manager"),
    "social_care_other": ("Administrator", "Cook", "Domestic", "Activities Coordinator"),
    "other": ("Project Worker", "Volunteer Coordinator", "Advice Worker"),
}

# Relative leaving rate by band (doctors in training rotate; consultants stay).
BAND_LEAVE = {"consultant": 0.42, "specialist": 0.6, "associate_specialist": 0.6,
              "specialty_doctor": 0.85, "specialty_registrar": 1.45, "core_training": 1.9,
              "foundation_2": 2.3, "foundation_1": 2.3}
TRAINING_GRADES = ("specialty_registrar", "core_training", "foundation_2", "foundation_1")

# Ages of doctors by grade replace the group's ages (stock, joiner).
MEDICAL_AGES: dict[str, tuple[Beta, Beta]] = {
    "consultant":           ((32, 70, 2.6, 2.6), (32, 58, 1.6, 3.0)),
    "specialist":           ((38, 70, 2.2, 2.0), (36, 62, 1.6, 2.4)),
    "associate_specialist": ((45, 70, 2.0, 1.6), (45, 65, 1.5, 2.0)),
    "specialty_doctor":     ((28, 68, 2.0, 2.2), (27, 60, 1.4, 2.8)),
    "specialty_registrar":  ((27, 50, 1.8, 3.6), (27, 45, 1.4, 4.0)),
    "core_training":        ((25, 45, 1.5, 5.0), (25, 40, 1.3, 5.0)),
    "foundation_2":         ((24, 40, 1.2, 8.0), (24, 38, 1.2, 8.0)),
    "foundation_1":         ((23, 38, 1.2, 9.0), (23, 36, 1.2, 9.0)),
}

# Relative leaving rate by age (non-retirement), then retirement on top (annual), by the
# upper bound of each age band.
AGE_LEAVE = ((25, 1.55), (30, 1.3), (35, 1.12), (40, 0.98), (45, 0.85), (55, 0.75), (200, 0.7))
RETIREMENT = ((55, 0.0), (60, 0.025), (65, 0.11), (70, 0.22), (200, 0.40))
FIRST_YEAR_LEAVE = 1.3  # new starters leave more in their first year

SYSTEM_GROWTH = 0.02  # headcount growth a year (NHS workforce grew 2-4 % a year, 2021-2024)
INTERNAL_MOVE = 0.15  # share of voluntary leavers who move to another partner of the ICS
DISABILITY_YES = 0.055
DISABILITY_NOT_DECLARED = (0.16, 0.08)  # staff in post, joiners
ETHNICITY_NOT_STATED = 0.035
ETHNICITY_NOT_KNOWN = 0.01

# Ethnic category mixes by origin (codes of the NHS Data Dictionary).
WHITE_UK = {"A": 0.95, "B": 0.015, "C": 0.035}
WHITE_EU = {"C": 0.90, "A": 0.05, "B": 0.05}
BME_UK = {"D": 0.07, "E": 0.04, "F": 0.07, "G": 0.06, "H": 0.22, "J": 0.16, "K": 0.06,
          "L": 0.07, "M": 0.08, "N": 0.10, "P": 0.02, "R": 0.02, "S": 0.03}
BME_ROW = {"H": 0.30, "L": 0.28, "N": 0.24, "J": 0.04, "K": 0.01, "M": 0.03, "P": 0.01,
           "R": 0.02, "S": 0.05, "E": 0.01, "G": 0.01}
BME_EU_SHARE = 0.08
BME_ROW_SHARE = 0.95

SEXUAL_ORIENTATION = {"1": 0.76, "2": 0.02, "3": 0.015, "4": 0.005, "U": 0.005, "Z": 0.11,
                      "9": 0.085}
RELIGION_DEFAULT = {"christianity": 0.44, "none": 0.26, "islam": 0.01, "hinduism": 0.005,
                    "other": 0.04, "not_stated": 0.235, "buddhism": 0.005, "judaism": 0.005}
RELIGION_BY_ETHNIC = {
    "J": {"islam": 0.85, "none": 0.03, "not_stated": 0.12},
    "K": {"islam": 0.88, "not_stated": 0.12},
    "H": {"hinduism": 0.48, "sikhism": 0.16, "islam": 0.1, "christianity": 0.12, "none": 0.02,
          "not_stated": 0.12},
    "L": {"christianity": 0.72, "islam": 0.06, "hinduism": 0.04, "buddhism": 0.04,
          "not_stated": 0.14},
    "N": {"christianity": 0.74, "islam": 0.12, "not_stated": 0.14},
    "M": {"christianity": 0.62, "none": 0.18, "not_stated": 0.2},
    "R": {"none": 0.45, "buddhism": 0.15, "christianity": 0.2, "not_stated": 0.2},
}
# fmt: on


def _profile(group: str) -> GroupProfile:
    leave, female, bme, full, part, sick, vacancy, bank, fixed, registered = _RATES[group]
    origin, row_joiners = _ORIGIN[group]
    stock, joiner = _AGES[group]
    bands = _BANDS.get(group, {"non_afc": 1.0})
    return GroupProfile(leave, female, bme, origin, row_joiners, full, part, stock, joiner,
                        sick, vacancy, registered, bank, fixed, bands, _ROLES[group])  # fmt: skip


GROUPS: dict[str, GroupProfile] = {g: _profile(g) for g in _RATES}
