"""Yearly employer cost per FTE by band or grade: the default pay assumptions of a plan.

Agenda for Change bands: the middle of the band's 2024/25 pay points (NHS Employers, pay
scales for 2024/25); medical grades: the middle of the 2024/25 medical pay scales; groups
outside national pay scales (``non_afc``: primary care, social care, the voluntary sector):
about £28,000, near the National Living Wage plus a margin. Each is multiplied by 1.28 for
employer National Insurance and pension contributions (``ON_COSTS``). They are rough, in
2024/25 prices, and meant to be replaced: a scenario's ``costs.per_fte_by_band`` sets any of
them.
"""

from __future__ import annotations

ON_COSTS = 1.28
_BASIC_PAY = {
    "band_1": 23615,
    "band_2": 23615,
    "band_3": 24873,
    "band_4": 27822,
    "band_5": 32926,
    "band_6": 40568,
    "band_7": 49161,
    "band_8a": 56904,
    "band_8b": 66918,
    "band_8c": 79568,
    "band_8d": 94472,
    "band_9": 112799,
    "vsm": 150000,
    "foundation_1": 36616,
    "foundation_2": 42008,
    "core_training": 49909,
    "specialty_registrar": 60167,
    "specialty_doctor": 77288,
    "specialist": 102073,
    "associate_specialist": 102500,
    "consultant": 122693,
    "other_medical": 92092,
    "non_afc": 28000,
}
DEFAULT_COST_PER_FTE: dict[str, float] = {
    band: round(pay * ON_COSTS) for band, pay in _BASIC_PAY.items()
}
# A staff group's cost where no band mix is known: a typical band for the group.
TYPICAL_BAND = {
    "medical": "specialty_registrar",
    "nursing": "band_6",
    "midwifery": "band_6",
    "ambulance": "band_5",
    "ahp": "band_6",
    "healthcare_science": "band_6",
    "other_stt": "band_5",
    "support_clinical": "band_3",
    "infrastructure": "band_4",
    "gp": "other_medical",
}


def cost_table(overrides: dict[str, float]) -> dict[str, float]:
    """The default costs with a scenario's own figures in their place."""
    return DEFAULT_COST_PER_FTE | overrides


def typical_cost(staff_group: str, costs: dict[str, float]) -> float:
    return costs[TYPICAL_BAND.get(staff_group, "non_afc")]
